"""--engine dask: the same per-document function on a Dask cluster gives the same tables, byte for
byte, as a run in one process (issue #13)."""

from __future__ import annotations

import gzip

import pytest
from distributed import LocalCluster

from etl.__main__ import main
from tests.conftest import web_pages

TABLES = (
    "observations.csv",
    "observations.parquet",
    "sentences.csv",
    "sentences.parquet",
    "attacks.csv",
    "attacks.parquet",
    "unread.csv",
    "datapackage.json",
)


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as running:
        yield running


def test_a_two_worker_cluster_writes_the_local_tables(raw_dir, tmp_path, cluster):
    """Through the scheduler's address, as a real cluster is used; a broken line is still reported
    and skipped, not the run's end."""
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "ok", "text": "Russia launched 40 drones overnight."}\n{not json\n', encoding="utf-8")
    shard = tmp_path / "bulletins.jsonl.gz"
    shard.write_bytes(gzip.compress((raw_dir / "kpszsu_bulletins.jsonl").read_bytes()))
    # web pages (parsed by the workers) and a compressed shard (read by the client)
    inputs = [str(raw_dir / "seeds"), str(raw_dir / "news_dev.jsonl"), str(shard), str(broken)]
    inputs.append(str(web_pages(raw_dir, tmp_path / "pages")))
    assert main(["extract", *inputs, "--out", str(tmp_path / "local"), "--jobs", "1"]) == 0
    address = cluster.scheduler_address
    assert main(["extract", *inputs, "--out", str(tmp_path / "dask"), "--engine", "dask", "--scheduler", address]) == 0
    for name in TABLES:
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes(), name
    observations = (tmp_path / "dask" / "observations.csv").read_text(encoding="utf-8-sig")
    assert "\npage-" in observations and "\nkpszsu-" in observations  # (doc_id, the first column)


def test_without_a_scheduler_dask_starts_a_local_cluster(raw_dir, tmp_path):
    seeds = str(raw_dir / "seeds")
    assert main(["extract", seeds, "--out", str(tmp_path / "local"), "--jobs", "1"]) == 0
    assert main(["extract", seeds, "--out", str(tmp_path / "dask"), "--engine", "dask", "--jobs", "2"]) == 0
    for name in TABLES:
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes(), name


def test_an_unreachable_scheduler_is_one_line_and_no_tables(raw_dir, tmp_path, capsys):
    out = tmp_path / "out"
    code = main(
        ["extract", str(raw_dir / "seeds"), "--out", str(out), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"]
    )
    assert code == 1 and "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in capsys.readouterr().err
    assert not (out / "observations.csv").exists()


def test_a_scheduler_without_the_dask_engine_is_refused():
    with pytest.raises(SystemExit, match="--scheduler is for --engine dask"):
        main(["run", "--scheduler", "tcp://127.0.0.1:8786"])

"""The run as a whole: outputs, reproducibility, atomic writes, bounded regex time, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
import threading

import pandas as pd
import pytest

from etl import load, pipeline, spill
from etl.__main__ import main
from etl.records import Document
from etl.schema import COLUMNS, check_observations
from tests.conftest import RAW, ROOT, observation


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    out = tmp_path_factory.mktemp("processed")
    summary, written = pipeline.run([RAW], out)
    return summary, written, out


def test_run_over_the_bundled_corpus(bundled):
    summary, written, out = bundled
    assert summary.documents_read == 130 and summary.documents_skipped == 0
    assert summary.languages == {"en": 77, "uk": 53}  # the seeds and passages; the Air Force's bulletins
    assert sorted(p.name for p in written) == [
        "attacks.csv",
        "attacks.parquet",
        "datapackage.json",
        "metadata.json",
        "monthly.csv",
        "monthly.parquet",
        "observations.csv",
        "observations.parquet",
        "raids.csv",
        "raids.parquet",
        "sentences.csv",
        "sentences.parquet",
        "unread.csv",
        "unread.parquet",
        "yearly.csv",
        "yearly.parquet",
    ]
    frame = load.read_observations(out)
    assert list(frame.columns) == spill.RECORD_SCHEMA.names  # each row's sentence joined back in
    assert len(frame) == summary.observations > 100
    assert set(frame["attacker"]) == {"RU", "UA"}


def test_csv_has_empty_unknowns_and_iso_dates(bundled):
    _, _, out = bundled
    frame = pd.read_csv(out / "observations.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert not (frame[["launched", "intercepted", "ew_lost"]] == "0").all(axis=1).any()
    dates = frame["attack_date"][frame["attack_date"] != ""]
    assert dates.str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()


def test_rerun_is_byte_identical(bundled, tmp_path):
    _, written, _ = bundled
    pipeline.run([RAW], tmp_path)
    for path in written:
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_failed_write_leaves_the_old_tables(tmp_path, monkeypatch):
    pipeline.run([RAW / "seeds"], tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(load.pq, "ParquetWriter", crash)
    with pytest.raises(KeyboardInterrupt):
        pipeline.run([RAW], tmp_path)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_schema_rejects_an_invented_zero_row():
    row = observation(attack_date=None, attack_month=None)
    with pytest.raises(Exception, match="without any count"):
        check_observations(pd.DataFrame([row], columns=list(COLUMNS)))


def test_regex_time_is_bounded(monkeypatch):
    document = Document("slow", "Russia launched 40 drones overnight. " * 50, "2025-07-22")
    with pytest.raises(TimeoutError):
        pipeline.extract_document(document, time_limit=1e-9)


def test_the_regex_deadline_is_kept_where_no_watchdog_is_armed(monkeypatch):
    """In the main thread the watchdog bounds the document, patterns included; in a thread (Dask's
    workers run tasks in threads) nothing can take the alarm and the regex deadline does."""
    limits = []
    real = pipeline.extract_document
    monkeypatch.setattr(
        pipeline, "extract_document", lambda d, time_limit=-1.0, language=None: limits.append(time_limit) or []
    )
    document = Document("d", "Russia launched 40 drones overnight.", "2025-07-22")
    pipeline.process(document)
    thread = threading.Thread(target=pipeline.process, args=(document,))
    thread.start()
    thread.join()
    assert limits == [None, pipeline.time_limit_for(document)]
    assert real(document, None)  # the extraction itself runs unbounded when told so


def test_timeout_is_reported_and_the_run_goes_on(tmp_path, monkeypatch, capsys):
    docs = tmp_path / "docs.jsonl"
    docs.write_text(
        "\n".join(
            json.dumps({"id": i, "text": "Russia launched 40 drones overnight.", "published": "2025-07-22"})
            for i in "ab"
        ),
        encoding="utf-8",
    )
    real = pipeline.extract_document
    monkeypatch.setattr(
        pipeline,
        "extract_document",
        lambda d, time_limit=-1.0, language=None: real(d, 1e-9 if d.doc_id == "a" else 5, language),
    )
    assert main(["extract", str(docs), "--out", str(tmp_path / "out"), "--jobs", "1"]) == 0
    captured = capsys.readouterr()
    assert "regex time limit" in captured.err and "documents read: 1, skipped: 1" in captured.out


def test_exit_code_is_nonzero_only_when_nothing_was_read(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    command = [sys.executable, "-m", "etl", "extract", str(tmp_path), "--out", str(tmp_path / "out")]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 1 and "empty file" in result.stderr
    assert not (tmp_path / "out" / "observations.csv").exists()

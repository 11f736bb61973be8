"""--jobs: the same tables, byte for byte, whatever the number of processes (issue #13)."""

from __future__ import annotations

import pytest

from etl.__main__ import main
from etl.distribute import Engine
from etl.pipeline import build
from tests.conftest import web_pages


def test_two_processes_give_the_same_tables_and_the_same_report(raw_dir, tmp_path):
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "ok", "text": "Russia launched 40 drones overnight."}\n{not json\n', encoding="utf-8")
    inputs = [raw_dir / "seeds", broken]
    one, one_summary = build(inputs, engine=Engine(jobs=1))
    two, two_summary = build(inputs, engine=Engine(jobs=2))
    assert one is not None and two is not None
    assert one.observations.equals(two.observations) and one.attacks.equals(two.attacks)
    assert one.sentences.equals(two.sentences)
    assert [str(p) for p in one_summary.problems] == [str(p) for p in two_summary.problems]
    assert one_summary.problems and one_summary.documents_read == two_summary.documents_read


def test_the_written_files_are_identical(raw_dir, tmp_path):
    for jobs in ("1", "2"):
        assert main(["extract", str(raw_dir / "seeds"), "--out", str(tmp_path / jobs), "--jobs", jobs]) == 0
    for name in ("observations.csv", "observations.parquet", "sentences.csv", "attacks.csv", "datapackage.json"):
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes(), name


def test_a_bad_jobs_value_is_one_line_and_exit_2(capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["run", "--jobs", "0"])
    assert stopped.value.code == 2 and "not a number of processes" in capsys.readouterr().err


def test_web_pages_are_parsed_by_the_workers_and_give_the_same_tables(raw_dir, tmp_path, monkeypatch):
    from etl import documents, pipeline
    from etl.records import Page

    folder = web_pages(raw_dir, tmp_path / "pages")
    for jobs in ("1", "2"):
        assert main(["extract", str(folder), "--out", str(tmp_path / jobs), "--jobs", jobs]) == 0
    for name in ("observations.csv", "observations.parquet", "sentences.csv", "attacks.csv"):
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes(), name
    # the reading process leaves the pages as they are; a page processed gives what its document gives
    unparsed = list(documents.read_inputs([folder], parse_pages=False))
    parsed = list(documents.iter_documents([folder]))
    assert all(isinstance(page, Page) and page.text.startswith("<html>") for page in unparsed)
    assert [pipeline.process(page) for page in unparsed] == [pipeline.process(d) for d in parsed]
    assert sum(len(pipeline.process(d).records) for d in parsed) > 20
    monkeypatch.setattr(documents, "html_to_text", lambda html: 1 / 0)
    assert len(list(documents.read_inputs([folder], parse_pages=False))) == len(parsed)

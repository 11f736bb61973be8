"""Bad input loses nothing: a document that breaks a rule is reported and skipped, the rest of the
run completes (issue #11's reproductions)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from etl import pipeline
from etl.distribute import Engine
from etl.evaluate import predicted_facts
from etl.records import Document

GOOD = {"id": "good", "text": "Russia launched 40 drones overnight; 30 were shot down.", "published": "2025-07-21"}


def run(tmp_path, *lines: str):
    """The bad lines after the good document (a duplicate id is the later one)."""
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join([json.dumps(GOOD), *lines]) + "\n", encoding="utf-8")
    summary, written = pipeline.run([path], tmp_path / "out")
    return summary, written


@pytest.mark.parametrize(
    "bad",
    [
        json.dumps({"id": "huge", "text": "Russia launched 99999999999999999999 drones overnight."}),
        json.dumps({"id": "digits", "text": "Russia launched " + "9" * 5000 + " drones overnight."}),
        json.dumps({"id": "far", "text": "On Friday night Russia launched 40 drones.", "published": "9999-12-31"}),
        '{"id": "deep", "text": ' + "[" * 100_000 + "]" * 100_000 + "}",
        json.dumps({"id": "good", "text": "A second document with the same id."}),
    ],
)
def test_one_bad_document_never_stops_the_run(tmp_path, bad):
    summary, written = run(tmp_path, bad)
    assert any(p.name == "observations.csv" for p in written)
    assert summary.observations >= 1  # the good document's counts are written


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Russia launched 12\u200f0 drones overnight.", 120),
        ("Russia launched 1\u200b20 drones overnight.", 120),
    ],
)
def test_invisible_characters_inside_a_number(tmp_path, text, value):
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"id": "x", "text": text, "published": "2025-07-21"}) + "\n", encoding="utf-8")
    from etl.documents import iter_documents

    (document,) = list(iter_documents([path]))
    assert {f[4] for f in predicted_facts(document)} == {value}


@pytest.mark.parametrize(
    "text",
    [
        "Russia launched −50 drones overnight.",
        "Russia launched a million drones at Ukraine, he said.",
        # found by the fuzz test: the bulletin reader took a 20-digit figure for a count
        "У ніч на 24 червня збито/подавлено 99999999999999999999 ворожих БпЛА.",
    ],
)
def test_not_counts(text):
    from etl.documents import clean

    assert predicted_facts(Document("x", clean(text), "2025-07-21")) == {}


def test_the_reasons_are_reported(tmp_path):
    deep = '{"id": "deep", "text": ' + "[" * 100_000 + "]" * 100_000 + "}"
    duplicate = json.dumps({"id": "good", "text": "A second document with the same id."})
    summary, _ = run(tmp_path, deep, duplicate)
    reasons = sorted(p.reason for p in summary.problems)
    assert reasons == ["JSON nested too deep", "duplicate document id 'good': skipped"]


def test_every_csv_is_safe_in_a_spreadsheet(tmp_path):
    """A page title holding a formula or a lone carriage return: quoted and neutralised, read back
    as the same rows by Python's csv and by pandas (issue #11, item 4)."""
    import csv

    import pandas as pd

    from dashboard.export import to_csv

    path = tmp_path / "in.jsonl"
    record = {**GOOD, "title": '=HYPERLINK("http://x")', "outlet": "Kyiv attack\r=1+1"}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    pipeline.run([path], tmp_path / "out")
    written = (tmp_path / "out" / "observations.csv").read_bytes()
    frame = pd.read_csv(tmp_path / "out" / "observations.csv", encoding="utf-8-sig")
    rows = list(csv.reader(written.decode("utf-8-sig").splitlines(keepends=True)))
    assert len(frame) == 1 and len(rows) == 2
    assert frame.loc[0, "title"].startswith("'=") and frame.loc[0, "outlet"] == "Kyiv attack\r=1+1"
    exported = pd.read_csv(__import__("io").BytesIO(to_csv(frame)), encoding="utf-8-sig")
    assert len(exported) == 1


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Russia launched 10 drones overnight; 500 were shot down.", "intercepted above launched"),
        ("Russia launched 9000 drones overnight.", "more than any raid has had"),
        (
            "⚡️ ЗБИТО/ПОДАВЛЕНО 70 ВОРОЖИХ БПЛА\nУ ніч на 18 липня противник атакував 90 ударними БпЛА. "
            "Станом на 09:00 збито/подавлено 69 ворожих БпЛА.",
            "headline says intercepted 70, body 69",
        ),
    ],
)
def test_implausible_counts_are_kept_and_flagged(tmp_path, text, problem):
    """Issue #11, plausibility: flagged in `problems`, never dropped or changed."""
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "x", "text": text, "published": "2026-07-18"}) + "\n")
    pipeline.run([path], tmp_path / "out")
    import pandas as pd

    frame = pd.read_parquet(tmp_path / "out" / "observations.parquet")
    assert frame["problems"].dropna().str.contains(problem).any()


def test_a_run_that_fails_while_writing_leaves_the_previous_tables(tmp_path, monkeypatch):
    """Issue #11: outputs are atomic per run: a failure before the last table leaves the earlier
    run's tables (all of them) and no staging folder."""
    import etl.pipeline as pipe

    _, written = run(tmp_path)
    before = {p.name: p.read_bytes() for p in written}

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(pipe, "write_metadata", broken)
    path = tmp_path / "other.jsonl"
    path.write_text(json.dumps({"id": "new", "text": "Russia launched 77 drones overnight."}) + "\n")
    with pytest.raises(OSError):
        pipe.run([path], tmp_path / "out")
    out = tmp_path / "out"
    assert {p.name: p.read_bytes() for p in written} == before
    assert not list(out.glob(".staging-*"))


def test_two_runs_to_one_folder_do_not_interleave(tmp_path):
    import threading

    from etl import load

    results = []

    def one(n):
        path = tmp_path / f"in{n}.jsonl"
        path.write_text(json.dumps({**GOOD, "id": f"doc{n}"}) + "\n")
        results.append(pipeline.run([path], tmp_path / "out"))

    threads = [threading.Thread(target=one, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    observations = load.read_observations(tmp_path / "out")
    attacks = load.read_attacks(tmp_path / "out")
    # whichever run finished last, its tables are all of one run
    assert set(observations["doc_id"]) == set(attacks["sources"].str.split().explode())


PAGES = [
    "<html><head><title>T</title></head><body><h1>Night</h1><p>Russia launched <b>40</b> drones.</p></body></html>",
    "<div><p>one<div>two</div>three</p><ul><li>a</li><li>b<br>c</li></ul></div><!-- note --><script>x=1</script>",
    "<table><tr><td>Shahed</td><td>40</td></tr></table><p>unclosed <section>deep<article>er",
    "<p>a<![CDATA[ b ]]>c</p><template><p>hidden</p></template><noscript>n</noscript><header>h</header>",
]


@pytest.mark.parametrize("html", PAGES)
def test_block_breaks_are_what_inserting_them_into_the_tree_gave(html):
    """The page's text is read in one walk: the same text as inserting a line break before and after
    every block tag and asking bs4 for its text (which cost the page's depth per tag)."""
    from bs4 import BeautifulSoup

    from etl.html import BLOCK_TAGS, _block_text

    def inserted(markup: str) -> str:
        soup = BeautifulSoup(markup, "html.parser")
        for tag in soup(["script", "style", "noscript", "template"]):
            tag.decompose()
        for tag in soup.find_all(BLOCK_TAGS):
            tag.insert_before("\n")
            tag.insert_after("\n")
        return soup.get_text()

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    assert _block_text(soup) == inserted(html)


def test_a_page_nested_twenty_thousand_deep_is_read(tmp_path):
    """Issue #11: 16,000 nested divs took 22 s, 100,000 over 11 minutes; now one walk."""
    depth = 20_000
    page = tmp_path / "deep.html"
    page.write_text("<html><body>" + "<div>" * depth + "Russia launched 40 drones overnight." + "</div>" * depth)
    tables, summary = pipeline.build([page])
    assert tables is not None and summary.documents_read == 1
    assert tables.observations["launched"].tolist() == [40]


def spin(*args, **kwargs):
    """Pure Python that never ends and calls no pattern: what the regex deadline cannot stop."""
    while True:
        pass


def test_the_watchdog_bounds_a_documents_whole_work(tmp_path, monkeypatch):
    """Issue #11: the time bound covers the Python between the patterns, not only regex calls: a
    document whose extraction never returns is stopped, reported and skipped; the others are read."""
    pipeline.process(Document("warm", GOOD["text"], GOOD["published"]))  # vocabularies loaded, patterns compiled
    monkeypatch.setattr(pipeline, "DOCUMENT_TIME_LIMIT", 0.5)
    monkeypatch.setattr(pipeline, "SECONDS_PER_CHARACTER", 0.0)
    real = pipeline.to_records
    monkeypatch.setattr(
        pipeline, "to_records", lambda document, found: spin() if document.doc_id == "stuck" else real(document, found)
    )
    stuck = json.dumps({"id": "stuck", "text": "Russia launched 50 drones overnight.", "published": "2025-07-22"})
    summary, written = run(tmp_path, stuck)
    assert summary.observations >= 1 and any(p.name == "attacks.csv" for p in written)
    assert [str(p) for p in summary.problems] == [f"{tmp_path / 'in.jsonl'}:2 (stuck): time limit (0.6 s) reached"]


def test_the_watchdog_bounds_reading_a_file(tmp_path, monkeypatch):
    """An HTML page whose parsing never ends is reported and skipped; the other files are read."""
    from etl import documents

    monkeypatch.setattr(documents, "READ_TIME_LIMIT", 0.5)
    monkeypatch.setattr(documents, "READ_SECONDS_PER_BYTE", 0.0)
    monkeypatch.setattr(documents, "html_to_text", spin)
    (tmp_path / "page.html").write_text("<html><body><p>Russia launched 50 drones.</p></body></html>")
    (tmp_path / "plain.txt").write_text("Russia launched 40 drones overnight; 30 were shot down.")
    summary, _ = pipeline.run([tmp_path / "page.html", tmp_path / "plain.txt"], tmp_path / "out")
    assert summary.documents_read == 1 and summary.observations >= 1
    assert [str(p) for p in summary.problems] == [
        f"{tmp_path / 'page.html'}: reading time limit (0.5 s) reached: skipped"
    ]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_page_whose_parsing_fails_is_reported_and_skipped(tmp_path, monkeypatch, jobs):
    """A bug in a reader (here: a ValueError from the parser) costs that page, in the reading
    process and in a worker alike; the other files are read."""
    from etl import documents

    real = documents.html_to_text

    def fragile(markup):
        if "broken" in markup:
            raise ValueError("parser bug")
        return real(markup)

    monkeypatch.setattr(documents, "html_to_text", fragile)
    (tmp_path / "page.html").write_text("<html><body><p>broken: Russia launched 50 drones.</p></body></html>")
    (tmp_path / "good.html").write_text("<html><body><p>Russia launched 40 drones overnight.</p></body></html>")
    summary, _ = pipeline.run(
        [tmp_path / "page.html", tmp_path / "good.html"], tmp_path / "out", engine=Engine(jobs=jobs)
    )
    assert summary.documents_read == 1 and summary.observations >= 1
    assert [str(p) for p in summary.problems] == [
        f"{tmp_path / 'page.html'}: could not be read: ValueError: parser bug"
    ]


def test_the_watchdog_is_not_armed_outside_the_main_thread():
    """A thread cannot take a signal: there (Dask's workers) the regex deadline alone bounds a document."""
    import threading
    import time

    from etl import guard

    finished = []

    def work():
        with guard.watchdog(0.05):
            time.sleep(0.2)
        finished.append(True)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert finished == [True]
    with pytest.raises(guard.Overrun), guard.watchdog(0.05):
        time.sleep(1)


@contextmanager
def mounted(folder: Path, size: str) -> Iterator[Path]:
    """A real small file system (a tmpfs of `size`) at `folder`, where the machine lets a test
    mount one."""
    import subprocess

    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a small file system here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], capture_output=True)


@pytest.fixture
def small_disk(tmp_path):
    with mounted(tmp_path / "disk", "256k") as disk:
        yield disk


@pytest.fixture
def tiny_disk(tmp_path):
    with mounted(tmp_path / "tiny", "16k") as disk:
        yield disk


def _big_corpus(path: Path) -> Path:
    sentence = "Russia launched {n} drones and {m} missiles overnight; {k} drones were shot down. " * 20
    with path.open("w", encoding="utf-8") as handle:
        for n in range(600):
            text = sentence.format(n=n + 10, m=n % 50 + 1, k=n + 5)
            handle.write(json.dumps({"id": f"d{n}", "text": text, "published": "2025-07-21"}) + "\n")
    return path


def _extract(inputs: Path, out: Path, cwd: Path, **env: str):
    import os
    import subprocess
    import sys

    command = [sys.executable, "-m", "etl", "extract", str(inputs), "--out", str(out)]
    environment = {**os.environ, "PYTHONPATH": str(pipeline.PROJECT), **env}
    return subprocess.run(command, capture_output=True, text=True, env=environment, cwd=cwd)


def test_a_full_disk_leaves_the_previous_tables(tmp_path, small_disk):
    """A real full disk: the run that no longer fits fails with one clear line, and the previous
    run's tables are whole and readable."""
    small = tmp_path / "small.jsonl"
    small.write_text(json.dumps(GOOD) + "\n", encoding="utf-8")
    first = _extract(small, small_disk / "out", tmp_path)
    assert first.returncode == 0, first.stderr
    before = {p.name: p.read_bytes() for p in (small_disk / "out").iterdir() if p.is_file()}
    second = _extract(_big_corpus(tmp_path / "big.jsonl"), small_disk / "out", tmp_path)
    assert second.returncode != 0
    assert "cannot write the tables to" in second.stderr and "No space left on device" in second.stderr
    assert "Traceback" not in second.stderr
    after = {p.name: p.read_bytes() for p in (small_disk / "out").iterdir() if p.is_file()}
    assert after == before and not list((small_disk / "out").glob(".staging-*"))
    from etl import load_tables

    assert len(load_tables(small_disk / "out").observations) == 1


def test_a_full_temporary_disk_is_named_as_such(tmp_path, tiny_disk):
    """The observations wait on disk (under $TMPDIR) until they are written: a full temporary disk
    is reported as that, with what to do, not as the output folder's; the previous tables stay."""
    small = tmp_path / "small.jsonl"
    small.write_text(json.dumps(GOOD) + "\n", encoding="utf-8")
    assert _extract(small, tmp_path / "out", tmp_path).returncode == 0
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir() if p.is_file()}
    failed = _extract(_big_corpus(tmp_path / "big.jsonl"), tmp_path / "out", tmp_path, TMPDIR=str(tiny_disk))
    assert failed.returncode == 1
    assert "cannot hold the observations on disk in" in failed.stderr and "TMPDIR" in failed.stderr
    assert "No space left on device" in failed.stderr and "Traceback" not in failed.stderr
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir() if p.is_file()} == before
    assert not list(tiny_disk.iterdir())  # the spilled rows removed


REGIONS = ["Kyiv", "Odesa", "Kharkiv", "Lviv", "Poltava", "Sumy", "Chernihiv", "Zhytomyr", "Vinnytsia", "Cherkasy"]
WEAPONS = ["drones", "Kh-101 missiles", "Kalibr missiles", "Iskander-M missiles"]


def test_a_sentence_of_many_counts_is_written_once(tmp_path):
    """Issue #11, item 7: every row once carried its whole sentence, so a long sentence of many
    counts was written once per count (161 KB of such text made an 89 MB CSV). Now it is one row
    of sentences.csv and the rows point at it: the output grows with the input, not its square."""
    import pandas as pd

    from etl import load

    counts = ", ".join(
        f"{10 + i} {w} were shot down over the {r} region" for i, r in enumerate(REGIONS) for w in WEAPONS
    )
    sentence = f"Overnight, Russia launched 900 drones at Ukraine; {counts}."
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "long", "text": sentence, "published": "2025-07-21"}) + "\n", encoding="utf-8")
    pipeline.run([path], tmp_path / "out")
    out = tmp_path / "out"
    sentences = pd.read_csv(out / "sentences.csv", encoding="utf-8-sig")
    observations = pd.read_csv(out / "observations.csv", encoding="utf-8-sig")
    assert len(observations) > 30 and sentences["evidence"].tolist() == [sentence]
    assert set(observations["sentence_id"]) == {sentences.loc[0, "sentence_id"]}
    written = sum((out / f"{name}.csv").stat().st_size for name in ("observations", "sentences"))
    assert written < 5 * path.stat().st_size  # inline, the sentence alone made it len(observations) ×
    assert (load.read_observations(out)["evidence"] == sentence).all()


def test_rows_pointing_at_a_missing_sentence_are_refused(tmp_path):
    """A sentences table that lost a row (edited by hand, an older run's file) is an error naming
    the ids, never rows with an empty quote."""
    import pandas as pd

    from etl import load

    run(tmp_path)
    out = tmp_path / "out"
    sentences = pd.read_parquet(out / "sentences.parquet")
    sentences.iloc[1:].to_parquet(out / "sentences.parquet")
    with pytest.raises(ValueError, match="not in the sentences table"):
        load.read_observations(out)


def test_many_unread_documents_are_counted_on_the_console_and_listed_in_unread_csv(tmp_path, capsys):
    """An archive of thousands of pages the run cannot read must not bury the summary: the console
    names the first few and counts the rest by reason; unread.csv lists every one."""
    import pandas as pd

    from etl.__main__ import PROBLEMS_SHOWN, main

    broken = [f'{{"id": "broken{n}", "text": ' for n in range(PROBLEMS_SHOWN + 5)]
    duplicate = json.dumps({"id": "good", "text": "A second document with the same id."})
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join([json.dumps(GOOD), *broken, duplicate]) + "\n", encoding="utf-8")

    assert main(["extract", str(path), "--out", str(tmp_path / "out"), "--jobs", "1"]) == 0
    lines = capsys.readouterr().err.splitlines()
    named = [line for line in lines if line.startswith("skipped ") and " more " not in line]
    (counted,) = [line for line in lines if " more " in line]
    assert len(named) == PROBLEMS_SHOWN
    assert counted == (
        f"skipped 6 more (5 not valid JSON, 1 duplicate document id): every one in {tmp_path / 'out' / 'unread.csv'}"
    )
    unread = pd.read_csv(tmp_path / "out" / "unread.csv")
    assert len(unread) == PROBLEMS_SHOWN + 6
    assert unread["source"].iloc[0] == f"{path}:2"
    assert unread["reason"].iloc[-1] == "duplicate document id 'good': skipped"
    assert unread["doc_id"].iloc[-1] == "good" and unread["doc_id"].iloc[:-1].isna().all()


def test_a_run_that_reads_everything_writes_an_empty_unread_list(tmp_path):
    _, written = run(tmp_path)
    unread = next(p for p in written if p.name == "unread.csv")
    assert unread.read_text(encoding="utf-8-sig").splitlines() == ["source,doc_id,reason"]

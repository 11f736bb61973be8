"""A run's observations held on disk (etl/spill.py): the tables must not depend on how the records
were cut into runs, read back, merged or reconciled in parts, and nothing may be left behind."""

from __future__ import annotations

import gc
from pathlib import Path

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from etl import pipeline, reconcile, spill
from etl.records import RunSummary
from etl.schema import check_attacks
from tests.conftest import RAW, observation

TINY = {"RUN_ROWS": 7, "READ_ROWS": 3, "FAN_IN": 4, "CHUNK_ROWS": 11}


def test_the_tables_do_not_depend_on_how_the_records_were_spilled(monkeypatch):
    """The bundled corpus (news and bulletins, 130 documents) with runs of 7 records, merged 4 at a
    time over two levels, read 3 rows at a time, in chunks of 11 rows, reconciled 50 rows a part:
    the same observations, sentences and attacks as in one piece."""
    whole, _ = pipeline.build([RAW], pipeline.REFERENCE)
    for name, value in TINY.items():
        monkeypatch.setattr(spill, name, value)
    monkeypatch.setattr(reconcile, "RECONCILE_ROWS", 50)
    cut, _ = pipeline.build([RAW], pipeline.REFERENCE)
    assert whole is not None and cut is not None and len(whole.observations) > TINY["FAN_IN"] ** 2 * TINY["RUN_ROWS"]
    pd.testing.assert_frame_equal(cut.observations, whole.observations)
    pd.testing.assert_frame_equal(cut.sentences, whole.sentences)
    pd.testing.assert_frame_equal(check_attacks(cut.attacks), check_attacks(whole.attacks))
    pd.testing.assert_frame_equal(cut.monthly, whole.monthly)
    assert len(whole.attacks) > 100


documents = st.lists(
    st.tuples(st.sampled_from("abcdefgh"), st.integers(0, 3), st.integers(0, 500), st.sampled_from(["s1", "s2"])),
    max_size=60,
)


@settings(max_examples=60, deadline=None)
@given(rows=documents)
def test_the_merge_is_a_stable_sort_by_document_segment_and_position(rows):
    """Records of documents in any order (each document's rows together, as a run gives them):
    the merged rows are those records stably sorted by document, segment and position, and each
    sentence is numbered once per document in order of first appearance."""
    by_document: dict[str, list] = {}
    for doc_id, segment, start, sentence in rows:
        by_document.setdefault(doc_id, []).append((segment, start, sentence))
    records = [
        observation(doc_id=doc_id, segment=segment, span_start=start, span_end=start + 1, evidence=sentence, launched=n)
        for n, (doc_id, found) in enumerate(by_document.items())
        for segment, start, sentence in found
    ]
    saved = (spill.RUN_ROWS, spill.READ_ROWS, spill.FAN_IN)
    spill.RUN_ROWS, spill.READ_ROWS, spill.FAN_IN = 5, 2, 3
    try:
        frame, sentences = pipeline.observations_frame(iter(records))
    finally:
        spill.RUN_ROWS, spill.READ_ROWS, spill.FAN_IN = saved
    expected = sorted(records, key=lambda r: (r["doc_id"], r["segment"], r["span_start"]))
    assert list(zip(frame["doc_id"], frame["segment"], frame["span_start"], strict=True)) == [
        (r["doc_id"], r["segment"], r["span_start"]) for r in expected
    ]
    quotes = zip(sentences["doc_id"], sentences["evidence"], strict=True)
    quoted = dict(zip(sentences["sentence_id"], quotes, strict=True))
    assert [quoted[i] for i in frame["sentence_id"]] == [(r["doc_id"], r["evidence"]) for r in expected]
    assert sentences["sentence_id"].tolist() == list(range(len(sentences)))
    assert not sentences.duplicated(["doc_id", "evidence"]).any()


def test_a_run_leaves_no_files_behind():
    observations = pipeline.collect(pipeline.extract_all([RAW / "seeds"], RunSummary()))
    folder = observations.folder.path
    assert len(observations) > 10 and sorted(p.name for p in folder.iterdir()) == [
        spill.OWNER,
        "observations.arrow",
        "sentences.arrow",
    ]
    del observations
    gc.collect()
    assert not folder.exists()


def test_the_spill_of_a_killed_run_is_swept_and_a_live_ones_kept(tmp_path, monkeypatch):
    """A run killed with SIGKILL cannot remove its spill folder; the next run does, and never the
    folder of a run still going (each run holds a lock on its own)."""
    import os
    import signal
    import subprocess
    import sys
    import tempfile
    import time

    code = "from etl import spill; f = spill.Folder(); print(f.path, flush=True); import time; time.sleep(120)"
    env = {**os.environ, "TMPDIR": str(tmp_path), "PYTHONPATH": str(pipeline.PROJECT)}
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert child.stdout is not None
        theirs = Path(child.stdout.readline().strip())
        (theirs / "run-0.arrow").write_bytes(b"rows")
        long_ago = time.time() - 3600
        os.utime(theirs, (long_ago, long_ago))
        young = tmp_path / f"{spill.PREFIX}young"  # just made by a run that has not locked it yet
        young.mkdir()
        monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
        spill.Folder()
        assert theirs.exists() and young.exists()  # alive: kept
        child.send_signal(signal.SIGKILL)
        child.wait()
        assert theirs.exists()
        ours = spill.Folder()
        assert not theirs.exists() and young.exists() and ours.path.exists()
    finally:
        child.kill()
        child.wait()

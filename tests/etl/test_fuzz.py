"""Fuzzing (issue #11): whatever the text or the JSON, a document is read or reported, never the
run's end, and every count written is a whole number a raid could have."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl import pipeline
from etl.documents import iter_documents
from etl.records import Document, Problem, Skipped

# Pieces of attack reports and of what breaks readers: counts in every form, invisible and
# right-to-left marks, minus signs, huge numbers, Ukrainian bulletin words, dates.
PIECES = [
    "Russia launched",
    "drones",
    "Shahed",
    "missiles",
    "Kh-101",
    "Iskander-M",
    "overnight",
    "of them were shot down",
    "intercepted",
    "lost to electronic warfare",
    "the Air Force said",
    "on May 25",
    "last night",
    "nearly",
    "more than",
    "a million",
    "1,000,000,000",
    "99999999999999999999",
    "12\u200f0",
    "1\u200b20",
    "\u221250",
    "-40",
    "40",
    "563",
    "٣٤",
    "forty",
    "ударних БпЛА",
    "збито/подавлено",
    "ракет",
    "У ніч на 24 червня",
    ".",
    ",",
    "\n",
    "(",
    "\u202e",
]
TEXTS = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=40).map(" ".join),
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=30).map(" ".join),
)
DATES = st.one_of(st.none(), st.sampled_from(["2025-07-22", "9999-12-31", "2025-13-45", "1900-01-01", "", "x"]))
MAX_COUNT = 10_000_000  # digit strings over 7 digits are not counts


@settings(max_examples=300, deadline=None, derandomize=True)
@given(text=TEXTS, published=DATES)
def test_any_text_is_read_or_reported_and_counts_are_plausible_numbers(text, published):
    outcome = pipeline.process(Document("fuzz", text, published))
    assert outcome.problem is None or isinstance(outcome.problem, str)
    for record in outcome.records:
        for measure in ("launched", "intercepted", "ew_lost"):
            value = record.get(measure)
            assert value is None or (isinstance(value, int) and 0 <= value < MAX_COUNT), (measure, value)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)
LINES = st.lists(
    st.one_of(
        JSON.map(json.dumps),
        st.fixed_dictionaries(
            {"id": st.one_of(st.text(max_size=8), st.integers(), st.none()), "text": st.one_of(TEXTS, JSON)},
            optional={"published": st.one_of(DATES, JSON), "url": JSON},
        ).map(json.dumps),
        st.text(max_size=60).filter(lambda line: "\n" not in line and "\r" not in line),
    ),
    max_size=8,
)


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(lines=LINES)
def test_any_json_lines_are_read_or_reported_and_the_run_completes(lines):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.jsonl"
        path.write_text("\n".join(lines), encoding="utf-8")
        items = list(iter_documents([path]))
        assert all(isinstance(item, Document | Problem | Skipped) for item in items)
        tables, summary = pipeline.build([path])
        assert summary.documents_read + summary.documents_skipped >= sum(isinstance(i, Document) for i in items)
        if tables is not None:
            assert tables.observations["launched"].dropna().lt(MAX_COUNT).all()

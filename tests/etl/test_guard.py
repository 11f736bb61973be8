"""The regex guard: which patterns are timed inside the C code, and that a runaway one is stopped."""

from __future__ import annotations

import re
import threading

import pytest
import regex
import yaml

from etl import guard, parse, patterns, resolve_dates
from etl.bulletins import posts
from etl.records import Document, SegmentState, Sentence
from tests.conftest import CASES

CASES_ = yaml.safe_load((CASES / "backtracking.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES_, ids=lambda c: c["pattern"])
def test_may_backtrack(case):
    assert guard.may_backtrack(case["pattern"], verbose=case.get("verbose", False)) is case["may_backtrack"], case[
        "why"
    ]


def test_a_runaway_pattern_is_stopped_inside_the_c_code():
    runaway = guard.compile(r"(?:a|a)+b")
    assert type(runaway) is guard.Guarded
    with guard.time_limit(0.2), pytest.raises(TimeoutError):
        runaway.search("a" * 40)


def test_the_watchdog_alone_stops_a_runaway_pattern_inside_the_c_code():
    """An armed watchdog is all a document needs: the `regex` module takes the alarm mid-match, so
    pipeline.process drops the per-call deadline (and its clock reads) under it."""
    runaway = guard.compile(r"(?:a|a)+b")
    # (a deadline far behind, so that a module deaf to the alarm fails the test rather than hang it)
    with guard.time_limit(5.0), guard.watchdog(0.2) as armed, pytest.raises(guard.Overrun):
        assert armed
        runaway.search("a" * 40)


def test_the_watchdog_is_not_armed_outside_the_main_thread():
    told = []

    def run() -> None:
        with guard.watchdog(5.0) as armed:
            told.append(armed)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert told == [False]


def test_a_linear_pattern_is_the_regex_modules_own_call():
    linear = guard.compile(r"\bdrones?\b", regex.I)
    assert type(linear) is guard.Linear
    assert linear.search == linear.pattern.search
    with guard.time_limit(1e-9):
        assert linear.search("40 drones") is not None  # no clock read per call


# a segment that has named a weapon already: its sentences skip the weapon-word prefilter
ARMED = SegmentState(armed=True)


@pytest.mark.parametrize(
    "read",
    [
        lambda: parse.extract_sentence("d", Sentence(0, 0, 0, 28, "The council met on Tuesday."), 0, None, ARMED, 0),
        lambda: resolve_dates.find_cues("The council met on Tuesday.", "2025-07-22"),
        lambda: posts.read_post(Document("p", "Вночі збито 40 ударних БпЛА.", "2025-07-22")),
    ],
    ids=[
        "sentence (its out-of-scope cue pattern is timed)",
        "date cues",
        "bulletin (its measure-word pattern is timed)",
    ],
)
def test_the_deadline_is_kept_once_per_sentence(read):
    read()
    with guard.time_limit(1e-9), pytest.raises(TimeoutError):
        read()


def test_the_noun_phrase_patterns_are_timed():
    """The costliest patterns, repeats of modifiers before a head noun, keep the timeout."""
    for pattern in (
        patterns.noun_phrase_anywhere(),
        patterns.noun_phrase_after_number(),
        patterns.article_noun_phrase(),
    ):
        assert type(pattern) is guard.Guarded


def test_folded_words_must_be_lower_case_and_linear():
    assert guard.Folded(r"drone|\bx-?\d").found_in("Two X-101 missiles")
    for pattern in (r"Drone", r"(?:a|ab)+"):
        with pytest.raises(ValueError):
            guard.Folded(pattern)


@pytest.mark.parametrize(
    "text",
    ["²drones", "x\u0301drones", "STRASSE drones, Straße drone", "İ drones", "40 Drones; 2 DRONE", "drone\u00addrones"],
)
def test_a_prescanned_pattern_finds_what_regex_finds(text):
    """Where `re` would read a text unlike `regex` ("²" is a word character to one and not the
    other, "ß" folds to two letters), `regex` reads it alone."""
    prescanned = guard.compile(r"\b(?<![\w\-])drones?\b", regex.I | regex.V1, prescan=True)
    assert type(prescanned) is guard.Prescanned
    found = [(m.span(), m.group()) for m in prescanned.finditer(text)]
    assert found == [(m.span(), m.group()) for m in prescanned.pattern.finditer(text)]
    fast, slow = prescanned.search(text), prescanned.pattern.search(text)
    assert (fast and fast.span()) == (slow and slow.span())


def test_a_prescanned_pattern_must_be_lower_case_linear_and_case_insensitive():
    for pattern, flags in ((r"Drones", regex.I), (r"(?:a|ab)+", regex.I), (r"drones", 0), (r"\Adrones", regex.I)):
        with pytest.raises(ValueError):
            guard.compile(pattern, flags, prescan=True)


def test_where_re_and_regex_disagree_regex_takes_over():
    prescanned = guard.compile(r"\bdrones?\b", regex.I, prescan=True)
    prescanned.folded = re.compile(r"rones?")  # where regex reads no match: they disagree there
    text = "40 drones, 2 drone"
    assert [m.span() for m in prescanned.finditer(text)] == [(3, 9), (13, 18)]


@pytest.mark.parametrize("text", ["²drone", "x\u0301drone", "STRASSE", "İdrone", "Drone", "a drone"])
def test_folded_words_answer_as_regex_where_re_would_read_otherwise(text):
    folded = guard.Folded(r"\bdrone|strasse")
    assert folded.found_in(text) == bool(regex.search(r"\bdrone|strasse", text, regex.I))


def test_a_gated_pattern_runs_only_over_a_text_holding_its_words():
    gated = guard.compile(r"\b(?:over\s+)?(?P<name>\w+)\s+oblast\b", regex.I, needs="oblast")
    assert type(gated) is guard.Gated
    for text in ("drones over Kharkiv OBLAST and Sumy oblast", "drones over Kharkiv", "", "oblasts of Kyiv oblast"):
        assert [m.span() for m in gated.finditer(text)] == [m.span() for m in gated.inner.finditer(text)]
        for pos, endpos in ((0, None), (5, None), (0, 20), (12, 30)):
            fast, slow = gated.search(text, pos, endpos), gated.inner.search(text, pos, endpos)
            assert (fast and fast.span()) == (slow and slow.span())
    gated.needs = guard.Folded("zzz")  # a gate whose words the text lacks: the pattern is not run
    assert gated.search("drones over Kharkiv oblast") is None


def test_a_gate_must_name_words_of_its_pattern():
    with pytest.raises(ValueError, match="region"):
        guard.compile(r"\w+\s+oblast\b", regex.I, needs="oblast|region")

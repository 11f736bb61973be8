"""Numbers, weapon names and dates, each case a real phrase with its source (tests/cases/*.csv)."""

from __future__ import annotations

import csv
import json
import re

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from etl import attribute, evaluate, guard, numbers, patterns, resolve_dates, vocabulary, weapons
from etl.bulletins import grammar
from etl.observe import AIR_FORCE, AIR_FORCE_WORDS
from etl.records import Document
from etl.resolve_dates import find_cues
from etl.weapons import classify
from tests.conftest import CASES


def rows(name: str) -> list[dict]:
    with (CASES / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("case", rows("numbers.csv"), ids=lambda c: c["phrase"])
def test_number_phrases(case):
    matches = list(numbers.number_pattern().finditer(case["phrase"]))
    assert len(matches) == 1
    parsed = numbers.parse(matches[0])
    assert (parsed.value, parsed.qualifier) == (int(case["value"]), case["qualifier"] or None)
    assert parsed.raw == case["phrase"]


@pytest.mark.parametrize("case", rows("not_numbers.csv"), ids=lambda c: c["text"])
def test_designators_ages_times_are_not_counts(case):
    assert [m.group() for m in numbers.number_pattern().finditer(case["text"])] == []


@pytest.mark.parametrize("case", rows("weapons.csv"), ids=lambda c: c["phrase"])
def test_weapon_names(case):
    weapon = classify(case["phrase"])
    assert weapon is not None
    assert (weapon.model or "", weapon.weapon_class) == (case["model"], case["weapon_class"])


@pytest.mark.parametrize("case", rows("dates.csv"), ids=lambda c: c["source"])
def test_dates(case):
    cues = find_cues(case["sentence"], case["published"] or None)
    keys = [c.when.key for c in cues]
    expected = case["expected"] or None
    if expected is None:
        assert all(k is None for k in keys)
    else:
        assert expected in keys


def test_a_cue_is_skipped_only_where_it_cannot_match(monkeypatch):
    """The cues that need a month's or a weekday's name are not run over a sentence with none: the
    cues found in every sentence of the labelled passages, the date cases and the bundled corpus are
    the same as with every cue run everywhere."""
    from etl import resolve_dates
    from etl.documents import iter_documents
    from tests.conftest import RAW

    texts = [case["sentence"] for case in rows("dates.csv")]
    for name in ("news_dev.jsonl", "news_dev2.jsonl"):
        with (CASES / name).open(encoding="utf-8") as handle:
            texts += [json.loads(line)["passage"] for line in handle if line.strip()]
    texts += [d.text for d in iter_documents([RAW]) if isinstance(d, Document)]
    sentences = [s for text in texts for s in regex.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]

    def cues() -> list:
        return [find_cues(s, "2025-07-21") for s in sentences]

    skipping = cues()
    monkeypatch.setattr(resolve_dates, "NEEDS", {})
    assert cues() == skipping
    assert sum(1 for found in skipping if found) > 300


def test_dates_never_use_the_clock():
    assert [c.when.key for c in find_cues("Russia launched 40 drones overnight, officials said on Friday.", None)] == [
        None
    ]


# Drones and missiles: the "other" entries (the tally's aerial bombs) are matched only as the
# tally writes them and are not counted in news text.
MODELS = [entry for entry in weapons._load("weapons.yaml")["models"] if entry["class"] != "other"]


@pytest.mark.parametrize("entry", MODELS, ids=lambda e: e["model"])
def test_every_model_of_the_vocabulary_is_read_in_a_report(entry):
    """Built from weapons.yaml itself: a model added there is read end to end (prefilter, noun
    phrase, elliptical counts in the next sentence) or this test names it."""
    name = entry["model"]
    noun = {"drone": "drones", "cruise_missile": "cruise missiles", "ballistic_missile": "ballistic missiles"}.get(
        entry["class"] or entry.get("unnamed_class") or "", "missiles"
    )
    text = f"Russia launched 23 {name} {noun} overnight. Air defences downed 17 and lost track of 5."
    found = evaluate.predicted_facts(Document("model", text, "2025-03-02"))
    weapon = classify(f"{name} {noun}")
    assert weapon is not None and weapon.model is not None
    expected = {("launched", 23), ("intercepted", 17)} | ({("ew_lost", 5)} if entry["class"] == "drone" else set())
    assert {(measure, value) for (_, attacker, cls, measure, value) in found if attacker == "RU"} >= expected


@pytest.mark.parametrize("entry", MODELS, ids=lambda e: e["model"])
def test_every_model_name_passes_the_prefilter(entry):
    assert patterns.weapon_word().found_in(entry["model"]), entry["model"]


@pytest.mark.parametrize("words", [w for ws in patterns.terms()["heads"].values() for w in ws])
def test_every_head_noun_passes_the_prefilter(words):
    sample = regex.sub(r"\(\?<!.*?\)|\(\?:([^|)]*)[^)]*\)\??|\[(.)[^\]]*\]|\\s\*|[?+*]", r"\1\2", words)
    assert patterns.weapon_word().found_in(sample), (words, sample)


@pytest.mark.parametrize("name", sorted(vocabulary.SCHEMAS))
def test_every_vocabulary_file_has_its_shape(name):
    assert vocabulary.load(name)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"heads": {"drone": ["drones?", {"(?": "units)"}]}},
            "terms.yaml: terms.yaml.heads.drone[1]: expected a non-empty string",
        ),
        ({"heads": {"drone": ["(unclosed"]}}, "terms.yaml: terms.yaml.heads.drone[0]: not a valid pattern"),
    ],
)
def test_a_bad_vocabulary_entry_is_named(data, message):
    with pytest.raises(vocabulary.VocabularyError, match=regex.escape(message)):
        vocabulary.check("terms.yaml", data, {"heads": {"*": vocabulary.PATTERNS}}, "terms.yaml")


@pytest.mark.parametrize(
    ("kind", "pattern"),
    [(kind, p) for kind, ps in vocabulary.load("places.yaml")["authorities"].items() for p in ps],
)
def test_every_authority_pattern_holds_one_of_its_words(kind, pattern):
    """source_of runs a kind's patterns only over a sentence holding one of its words."""
    words = vocabulary.load("places.yaml")["authority_words"][kind]
    literal = regex.sub(r"\(\?P<place>[^)]*\)[^ ]*|\(\?-i:\[A-Z\]\)", "", pattern).casefold()
    assert any(word in literal for word in words), pattern


def test_a_ukrainian_head_that_names_a_family_names_a_known_model():
    models = {entry["model"] for entry in vocabulary.load("weapons.yaml")["models"]}
    assert set(vocabulary.load("uk.yaml")["head_models"]) <= models


def _word_start_patterns() -> list:
    from etl.resolve_dates import COMPILED

    groups = patterns.terms()["out_of_scope"]
    found = [patterns.article_noun_phrase(), *map(patterns.compiled_cues, groups), attribute.OBLAST_SCOPE]
    found += [grammar.patterns()[name] for name in ("number", "head", "measure", "singular")]
    cues = regex.compile(patterns.any_cue_pattern(), regex.I)
    return [cues] + [p.pattern for p in found + [p for _, p in COMPILED]]


def test_a_word_start_finds_what_the_lookbehind_alone_found():
    """`guard.WORD_START` and the bulletin patterns add a `\\b` for speed: over every bundled and
    labelled text (and the bulletins as their patterns read them) each such pattern matches
    exactly where it did without it (its words all begin with a letter or digit)."""
    from tests.conftest import RAW

    files = [*sorted(RAW.glob("*.jsonl")), *sorted(CASES.glob("*.jsonl"))]
    texts = [json.loads(line).get("text", "") for path in files for line in path.open(encoding="utf-8")]
    assert len(texts) > 100
    texts += [grammar.normalise(text) for text in texts if regex.search(r"\p{Cyrillic}", text)]
    compared = _word_start_patterns()
    for fast in compared:
        body = fast.pattern.removeprefix(guard.SIMPLE_CASE)
        assert body.lstrip().startswith(r"\b(?<")
        plain = regex.compile(fast.pattern.replace(r"\b", "", 1), fast.flags)
        for text in texts:
            assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)], fast.pattern[
                :60
            ]


def test_gated_patterns_and_folded_cues_find_what_their_patterns_find():
    """A `guard.Gated` pattern is run only over a text holding one of its words, and a cue group of
    linear cues is looked for in the folded text (`patterns.cue_in`): over every bundled and
    labelled text, and every sentence of them, each answers as its pattern alone."""
    import gc

    from tests.conftest import RAW

    files = [*sorted(RAW.glob("*.jsonl")), *sorted(CASES.glob("*.jsonl"))]
    texts = [json.loads(line).get("text", "") for path in files for line in path.open(encoding="utf-8")]
    texts += [grammar.normalise(text) for text in texts if regex.search(r"\p{Cyrillic}", text)]
    texts += [part for text in texts for part in regex.split(r"(?<=[.!?\n])\s+", text)]
    grammar.patterns()
    gated = [o for o in gc.get_objects() if isinstance(o, guard.Gated)]
    assert len(gated) >= 2
    for pattern in gated:
        for text in texts:
            assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in pattern.inner.finditer(text)]
    for group in patterns.terms()["out_of_scope"]:
        compiled = patterns.compiled_cues(group)
        assert [patterns.cue_in(group, t) for t in texts] == [compiled.search(t) is not None for t in texts], group


def test_simple_case_folding_finds_what_full_folding_found():
    """`guard.compile` turns the `regex` module's full case folding off for speed ("ß" would match
    "ss"): over every bundled and labelled text, each pattern the extraction used matches exactly
    where it did with full folding, and no vocabulary word holds a letter that folds to two."""
    import gc
    from importlib import resources

    from etl.pipeline import extract_document
    from tests.conftest import RAW

    files = [*sorted(RAW.glob("*.jsonl")), *sorted(CASES.glob("*.jsonl"))]
    rows = [json.loads(line) for path in files for line in path.open(encoding="utf-8")]
    texts = [row["text"] for row in rows if row.get("text")]
    for row in rows:
        if row.get("text"):
            extract_document(Document(str(row.get("id")), row["text"], row.get("published")))
    simple = [o for o in gc.get_objects() if isinstance(o, guard.Guarded)]
    simple = [p.pattern for p in simple if p.pattern.pattern.startswith(guard.SIMPLE_CASE)]
    assert len(simple) > 20
    for fast in simple:
        full = regex.compile(fast.pattern.removeprefix(guard.SIMPLE_CASE), fast.flags)
        for text in texts:
            assert [m.span() for m in fast.finditer(text)] == [m.span() for m in full.finditer(text)], fast.pattern[:60]
    folding = {
        letter
        for name in vocabulary.SCHEMAS
        for letter in resources.files(vocabulary.__name__).joinpath(name).read_text(encoding="utf-8")
        if len(letter.casefold()) > 1
    }
    assert folding == set()


def test_the_folded_scans_answer_as_the_case_insensitive_patterns():
    """`patterns.weapon_word` and `patterns.names_cue` look in a case-folded copy with the standard library: over every
    bundled and labelled text and each of its lines it answers as `regex` under IGNORECASE does."""
    from tests.conftest import RAW

    files = [*sorted(RAW.glob("*.jsonl")), *sorted(CASES.glob("*.jsonl"))]
    texts = [json.loads(line).get("text", "") for path in files for line in path.open(encoding="utf-8")]
    texts += [line for text in texts for line in text.splitlines()]
    texts += ["SHAHED-136 DRONES", "Дрони «ГЕРАНЬ»", "X-101", "Х-59", "Kh-101", "The council met on Tuesday."]
    insensitive = regex.compile(patterns.weapon_word().pattern.pattern, regex.I)
    answers = [patterns.weapon_word().found_in(text) for text in texts]
    assert answers == [insensitive.search(text) is not None for text in texts]
    assert 0 < sum(answers) < len(texts)
    # the out-of-scope cues, half of them in the folded copy: as their one pattern under IGNORECASE
    texts += ["Since the start of the year, 2,000 drones.", "Earlier this month 40 drones.", "This month, 40 drones."]
    insensitive = regex.compile(patterns.any_cue_pattern(), regex.I)
    answers = [patterns.names_cue(text) for text in texts]
    assert answers == [insensitive.search(text) is not None for text in texts]
    assert 0 < sum(answers) < len(texts)
    # the names of months and weekdays the date cues need
    texts += ["On MAY 9, 40 drones.", "Last Sunday, 40 drones.", "in Sept. 2024"]
    for names in resolve_dates.NAMES.values():
        insensitive = regex.compile(names.pattern.pattern, regex.I)
        answers = [names.found_in(text) for text in texts]
        assert answers == [insensitive.search(text) is not None for text in texts]
        assert 0 < sum(answers) < len(texts)


def test_every_folded_scan_answers_as_its_pattern_under_ignorecase():
    """Every `guard.Folded` the extraction made (those of plain words looked for with `in`, the
    others by `re`): over every bundled and labelled text, its lines and the bulletins as their
    patterns read them, it answers as `regex` under IGNORECASE over the text itself."""
    import gc

    from etl.pipeline import extract_document
    from tests.conftest import RAW

    files = [*sorted(RAW.glob("*.jsonl")), *sorted(CASES.glob("*.jsonl"))]
    texts = [json.loads(line).get("text", "") for path in files for line in path.open(encoding="utf-8")]
    texts += [grammar.normalise(text) for text in texts if regex.search(r"\p{Cyrillic}", text)]
    texts += [line for text in texts for line in text.splitlines()]
    texts += ["OBLAST", "Kharkiv Region", "ЛОКАЦІЙНО втрачено", "РАКЕТИ", "İ oblast", "²region"]
    for row in [json.loads(line) for path in files for line in path.open(encoding="utf-8")]:
        if row.get("text"):
            extract_document(Document(str(row.get("id")), row["text"], row.get("published")))
    scans = [o for o in gc.get_objects() if isinstance(o, guard.Folded)]
    assert any(scan.words for scan in scans) and any(scan.words is None for scan in scans)
    for scan in scans:
        insensitive = regex.compile(scan.pattern.pattern, regex.I)
        answers = [scan.found_in(text) for text in texts]
        assert answers == [insensitive.search(text) is not None for text in texts], scan.pattern.pattern[:60]


CUE_WORDS = vocabulary.load("dates.yaml")["cue_words"]


# Every pattern run only over a text holding one of its words (guard.Gated, or a test of the words
# before it): (where, its pattern as `re` can generate matches of it, the words)
PLACES = vocabulary.load("places.yaml")
DATES = vocabulary.load("dates.yaml")
GATES = [
    *((f"resolve_dates.{name}", dict(resolve_dates.CUES)[name], words) for name, words in CUE_WORDS.items()),
    ("dates.daytime", "|".join(DATES["daytime"]), DATES["daytime_words"]),
    # (the place groups unnamed: `re`, which generates the matches, refuses a name used twice)
    *(
        (
            f"authorities.{kind}",
            "|".join(f"(?:{p})" for p in ps).replace("(?P<place>", "(?:"),
            PLACES["authority_words"][kind],
        )
        for kind, ps in PLACES["authorities"].items()
    ),
    *(
        (f"out_of_scope.{group}", cue, words)
        for group, words in patterns.terms()["out_of_scope_words"].items()
        for cue in patterns.terms()["out_of_scope"][group]
    ),
    *(("national_sources", source, PLACES["national_source_words"]) for source in PLACES["national_sources"]),
    *(
        (f"uk.out_of_scope.{group}", cue["cue"], cue["needs"].split("|"))
        for group, cues in grammar.words()["out_of_scope"].items()
        for cue in cues
    ),
    # (`re` generates no `\b`: without them the pattern matches more, every string of which is checked)
    ("observe.AIR_FORCE", AIR_FORCE.pattern.pattern.replace(r"\b", ""), AIR_FORCE_WORDS.split("|")),
]


@pytest.mark.parametrize(("where", "pattern", "words"), GATES, ids=[f"{g[0]}:{g[1][:30]}" for g in GATES])
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_every_match_of_a_gated_pattern_holds_one_of_its_words(where, pattern, words, data):
    """A pattern is not run over a text without one of its words: whatever it matches (strings
    generated from it, in any case and spacing) holds one."""
    sample = data.draw(st.from_regex(re.compile(pattern.replace(" ", r"\s+"), re.I), fullmatch=True))
    assert any(word in sample.casefold() for word in words), sample


def test_the_date_cue_gates_are_those_of_the_cues_and_their_words():
    assert set(CUE_WORDS) <= dict(resolve_dates.CUES).keys()
    gated = {name: p.needs.words for name, p in resolve_dates.COMPILED if isinstance(p, guard.Gated)}
    assert gated == {name: tuple(words) for name, words in CUE_WORDS.items()}
    relative = dict(resolve_dates.COMPILED)["relative"]
    assert [m.group() for m in relative.finditer("40 drones OVERNIGHT, 3 last night")] == ["OVERNIGHT", "last night"]
    assert list(relative.finditer("40 drones on Monday")) == []


def test_only_plain_words_are_looked_for_with_in():

    assert guard.Folded("oblast|region|province").words == ("oblast", "region", "province")
    assert guard.Folded("ракет").words == ("ракет",)
    many = "|".join(f"w{n}" for n in range(guard.PLAIN_WORDS + 1))
    for pattern in (r"\bdrone", "a.b", r"means\s+of", many, "x-101"):
        assert guard.Folded(pattern).words is None, pattern


def test_the_prescanned_number_patterns_find_what_regex_finds():
    """The number patterns are prescanned by `re` in the folded text (guard.Prescanned): over every
    bundled and labelled text, its lines and the bulletins as their patterns read them, they find
    the same matches, with the same groups, as `regex` alone."""
    from tests.conftest import RAW

    files = [*sorted(RAW.glob("*.jsonl")), *sorted(CASES.glob("*.jsonl"))]
    texts = [json.loads(line).get("text", "") for path in files for line in path.open(encoding="utf-8")]
    texts += [line for text in texts for line in text.splitlines()]
    texts += [grammar.normalise(text) for text in texts if regex.search(r"\p{Cyrillic}", text)]
    texts += ["About 40 drones", "NEARLY FIFTY missiles", "m²40 drones", "Straße 40", "понад 40 БпЛА"]
    prescanned = [numbers.number_pattern(), grammar.patterns()["number"]]
    assert all(type(p) is guard.Prescanned for p in prescanned)
    for pattern in prescanned:
        for text in texts:
            assert [(m.span(), m.groupdict()) for m in pattern.finditer(text)] == [
                (m.span(), m.groupdict()) for m in pattern.pattern.finditer(text)
            ], text[:80]
            for start in range(0, len(text), 97):
                fast, slow = pattern.search(text, start), pattern.pattern.search(text, start)
                assert (fast and (fast.span(), fast.groupdict())) == (slow and (slow.span(), slow.groupdict()))

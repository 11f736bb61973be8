"""Numbers, weapon names and dates, each case a real phrase with its source (tests/cases/*.csv)."""

from __future__ import annotations

import csv

import pytest

from etl import numbers
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


def test_dates_never_use_the_clock():
    assert [c.when.key for c in find_cues("Russia launched 40 drones overnight, officials said on Friday.", None)] == [
        None
    ]

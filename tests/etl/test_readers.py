"""Each reader of etl/readers.py on its own examples (tests/cases/readers.yaml)."""

from __future__ import annotations

import pytest
import yaml

from etl import parse, readers
from etl.records import SegmentState
from tests.conftest import CASES

TABLE = yaml.safe_load((CASES / "readers.yaml").read_text(encoding="utf-8"))


def test_every_reader_has_examples():
    assert {r.__name__ for r in readers.READERS} | {"article", "anaphor"} <= set(TABLE)


@pytest.mark.parametrize(
    "case", [pytest.param(c, id=f"{name}-{i}") for name, cases in TABLE.items() for i, c in enumerate(cases)]
)
def test_reader(case):
    state = SegmentState()
    counts = readers.read_counts(case["text"], state, 0)
    parse.resolve_weapons(case["text"], counts, state)
    read = [[c.value, c.kind, c.weapon.weapon_class if c.weapon else None] for c in counts]
    assert read == case["counts"]

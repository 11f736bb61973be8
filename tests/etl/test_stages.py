"""Single stages on their own examples (tests/cases/stages.yaml): measure and attribute."""

from __future__ import annotations

import pytest
import yaml

from etl import measure, observe, parse
from etl.readers import read_counts
from etl.records import Document, SegmentState
from tests.conftest import CASES

TABLE = yaml.safe_load((CASES / "stages.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", TABLE["measure"], ids=lambda c: c["text"][:40])
def test_measure(case):
    text, state = case["text"], SegmentState()
    counts = read_counts(text, state, 0)
    parse.resolve_weapons(text, counts, state)
    done: list = []
    lists = measure.group_lists(text, counts)
    for index, items in enumerate(lists):
        limit = min(c.phrase_start for c in lists[index + 1]) if index + 1 < len(lists) else len(text)
        measure.assign_measures(text, items, done, max(limit, max(c.phrase_end for c in items)))
        done.extend(items)
    assert [c.measure for c in counts] == case["measures"]


@pytest.mark.parametrize("case", TABLE["attribute"], ids=lambda c: c["text"][:40])
def test_attribute(case):
    mentions = observe.mentions_of(Document("stage", case["text"]))
    assert [[m.attacker, m.scope] for m in mentions] == case["mentions"]

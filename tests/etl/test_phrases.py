"""The classes of phrasing behind the labelled passages' misses, each tested on short examples of
its own (tests/cases/phrases.yaml), so that a rule holds for the class and not for one passage."""

from __future__ import annotations

import pytest
import yaml

from etl import evaluate
from etl.records import Document
from tests.conftest import CASES

CLASSES = yaml.safe_load((CASES / "phrases.yaml").read_text(encoding="utf-8"))


def _cases() -> list:
    params = []
    for name, cases in CLASSES.items():
        for number, case in enumerate(cases):
            marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
            params.append(pytest.param(case, id=f"{name}-{number}", marks=marks))
    return params


@pytest.mark.parametrize("case", _cases())
def test_phrase(case):
    document = Document("case", case["text"], case.get("published"), outlet=case.get("outlet"))
    found = evaluate.predicted_facts(document)
    russian = {(cls, measure, value) for (_, attacker, cls, measure, value) in found if attacker == "RU"}
    assert russian == {tuple(fact[:3]) for fact in case["facts"]}
    for cls, measure, value, *scope in case["facts"]:
        attributes = found[("case", "RU", cls, measure, value)]
        if scope:
            assert scope[0] in {s for _, _, s in attributes}, (cls, measure, value, attributes)
        if "date" in case:
            assert case["date"] in {d for d, _, _ in attributes}, (cls, measure, value, attributes)

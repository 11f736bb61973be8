"""The labelled development passages are the spec: each one's facts, then the overall scores."""

from __future__ import annotations

import pytest
import yaml

from etl import evaluate
from tests.conftest import CASES

PASSAGES = evaluate.read_labelled(CASES / "news_dev.jsonl")
KNOWN = yaml.safe_load((CASES / "known_misses.yaml").read_text(encoding="utf-8"))


def _params(kind: str) -> list:
    return [
        pytest.param(p, id=p.doc_id, marks=[pytest.mark.xfail(reason=KNOWN[kind][p.doc_id], strict=True)])
        if p.doc_id in KNOWN[kind]
        else pytest.param(p, id=p.doc_id)
        for p in PASSAGES
    ]


@pytest.mark.parametrize("passage", _params("facts"))
def test_passage_facts(passage):
    predicted = set(evaluate.predicted_facts(passage.document))
    assert predicted == set(passage.expected)


@pytest.mark.parametrize("passage", _params("dates"))
def test_passage_dates(passage):
    predicted = evaluate.predicted_facts(passage.document)
    for fact, (date, _) in passage.expected.items():
        if fact in predicted:
            assert date in [d for d, _ in predicted[fact]], fact


@pytest.mark.parametrize("passage", _params("qualifiers"))
def test_passage_qualifiers(passage):
    predicted = evaluate.predicted_facts(passage.document)
    for fact, (_, qualifier) in passage.expected.items():
        if fact in predicted:
            assert qualifier in [q for _, q in predicted[fact]], fact


def test_known_misses_name_real_passages():
    ids = {p.doc_id for p in PASSAGES}
    assert all(set(KNOWN[kind]) <= ids for kind in ("facts", "dates", "qualifiers"))


def test_scores_meet_the_targets():
    """Issue #2: precision ≥ 0.97 and recall ≥ 0.95 on Russian-attack facts, none from negatives."""
    score = evaluate.score(PASSAGES, "RU")
    assert score.precision >= 0.97, score.spurious
    assert score.recall >= 0.95, score.missed
    assert evaluate.negative_facts(PASSAGES) == []

"""The five founding articles: every record their README lists is found, nothing else for Russia."""

from __future__ import annotations

import pytest
import yaml

from etl.documents import iter_documents
from etl.pipeline import extract_document
from etl.records import MEASURES, Document
from tests.conftest import CASES, RAW

EXPECTED = yaml.safe_load((CASES / "seeds_expected.yaml").read_text(encoding="utf-8"))
DOCUMENTS = {d.doc_id: d for d in iter_documents([RAW / "seeds"]) if isinstance(d, Document)}


def facts(doc_id: str) -> list[dict]:
    found = []
    for row in extract_document(DOCUMENTS[doc_id]):
        for measure in MEASURES:
            if row[measure] is not None:
                found.append(
                    {
                        "attacker": row["attacker"],
                        "weapon": row["weapon"],
                        "weapon_class": row["weapon_class"],
                        "measure": measure,
                        "value": row[measure],
                        "qualifier": row[f"{measure}_qualifier"],
                        "attack_date": row["attack_date"],
                        **(
                            {"attack_month": row["attack_month"]}
                            if row["attack_month"] and not row["attack_date"]
                            else {}
                        ),
                    }
                )
    return found


def test_all_seeds_are_read():
    assert sorted(DOCUMENTS) == sorted(EXPECTED)


@pytest.mark.parametrize("doc_id", sorted(EXPECTED))
def test_seed_records_are_found(doc_id):
    found = facts(doc_id)
    for expected in EXPECTED[doc_id]:
        assert expected in found, f"missing {expected}"


@pytest.mark.parametrize("doc_id", sorted(EXPECTED))
def test_nothing_else_for_russian_attacks(doc_id):
    expected = [e for e in EXPECTED[doc_id] if e["attacker"] == "RU"]
    extra = [f for f in facts(doc_id) if f["attacker"] == "RU" and f not in expected]
    assert extra == []


def test_evidence_points_at_the_number():
    document = DOCUMENTS["000_104b19fa77dc6d85"]
    row = next(r for r in extract_document(document) if r["weapon"] == "Kh-101/Kh-555")
    start, end = (int(x) for x in row["launched_span"].split(":"))
    assert document.text[start:end] == "20"
    assert "20 Kha-101 cruise missiles" in row["evidence"]


def test_related_article_does_not_inherit_the_page_date():
    rows = extract_document(DOCUMENTS["002_cc7e84276bcebbad"])
    sochi = [r for r in rows if r["launched"] == 76]
    assert sochi and sochi[0]["segment"] > 0 and sochi[0]["published"] is None and sochi[0]["attack_date"] is None

"""Dates recovered from the reference for the seeds (shared/seeds/README.md), grouping of many
reports into one attack, conflict flags, and the validation report."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from etl import pipeline
from etl.reconcile import attacks_from
from etl.records import Document, RunSummary
from etl.recover_dates import matches, recover_dates
from etl.reference import import_reference
from etl.schema import check_attacks, check_observations, with_evidence
from etl.validate import report
from tests.conftest import CASES, RAW, ROOT, observation


@pytest.fixture(scope="module")
def reference():
    return import_reference(ROOT / "data" / "reference")[0]


@pytest.fixture(scope="module")
def seed_tables():
    return pipeline.observations_frame(pipeline.extract_all([RAW / "seeds"], RunSummary()))


@pytest.fixture(scope="module")
def seeds(reference, seed_tables):
    return recover_dates(check_observations(seed_tables[0]), reference)


def dates_of(frame: pd.DataFrame, doc: str, segment: int) -> set[tuple]:
    rows = frame[(frame["doc_id"].str.startswith(doc)) & (frame["segment"] == segment) & (frame["attacker"] == "RU")]
    return set(zip(rows["attack_date"], rows["date_basis"], rows["text_attack_date"].fillna(""), strict=True))


@pytest.mark.parametrize(
    ("doc", "segment", "expected"),
    [
        ("002", 0, {("2025-07-21", "reference", "2025-07-22")}),  # the article repeats the day before's figures
        ("002", 2, {("2025-08-03", "reference", "")}),  # related block: "On Sunday", no date of its own
        ("003", 1, {("2025-06-06", "reference", "")}),  # related NHK item: "on Friday"
        ("004", 0, {("2025-09-07", "reference", "2025-09")}),  # "earlier this month": 810 Shahed-type drones
        ("000", 0, {("2025-08-28", "reference", "2025-08-28")}),  # the text's date, confirmed
    ],
)
def test_seed_dates_are_recovered(seeds, doc, segment, expected):
    assert dates_of(seeds, doc, segment) == expected


def test_ukrainian_claims_are_not_dated_by_the_russian_attack_reference(seeds):
    assert set(seeds.loc[seeds["attacker"] == "UA", "date_basis"]) == {"text"}


@pytest.mark.parametrize(
    ("value", "qualifier", "reference", "expected"),
    [
        (40, "lower_bound", 40, True),
        (40, "lower_bound", 39, False),
        (600, "upper_bound", 599, True),
        (600, "upper_bound", 601, False),
        (650, "approximate", 700, True),
        (224, None, 224, True),
        (224, None, 225, False),
    ],
)
def test_bounded_counts_match_on_the_right_side(value, qualifier, reference, expected):
    assert matches(value, qualifier, reference) is expected


def test_reports_group_into_one_attack_and_conflicts_are_flagged_not_hidden(reference):
    frame = pd.DataFrame(
        [
            observation("a", intercepted=42),
            observation("b", intercepted=46, air_force=True),
            observation("c", intercepted=42),
            observation("d", launched=426),
            observation("e", launched=426),
        ]
    )
    attacks = check_attacks(attacks_from(frame, reference))
    assert len(attacks) == 1
    row = attacks.iloc[0]
    # the Air Force's figure wins over two others, and the others stay as alternatives
    assert (row["intercepted"], bool(row["intercepted_conflict"]), row["intercepted_alternatives"]) == (
        46,
        True,
        "42 (a, c)",
    )
    assert (row["launched"], row["launched_documents"], row["launched_source"]) == (426, 2, "news")
    assert row["reference_launched"] == 426 and row["agreement"] in {"exact", "within 5%", "differs"}
    assert row["ew_lost_source"] == "reference"  # a measure no report states comes from the reference


def test_validation_report_names_rates_and_worst_sentences(reference, seeds, seed_tables):
    attacks = attacks_from(seeds, reference)
    text = report(attacks, with_evidence(seeds, seed_tables[1]))
    assert "Overall agreement" in text and "| news: launched |" in text
    assert "2025-08-28 Iskander-M, launched" in text and "nine Iskander-M missiles" in text


def test_a_bulletin_without_a_year_keeps_its_night(reference):
    """A post read without its date ("У ніч на 02 липня", no year) may take its year from the tally,
    never a neighbouring night: the Air Force names the night exactly. (Its counts, 570 / 524, sit
    close to the tally's 2025-07-04; that night must not be chosen.)"""
    post = next(
        json.loads(line)
        for line in (CASES / "uk_bulletins_dev.jsonl").read_text(encoding="utf-8").splitlines()
        if json.loads(line)["id"] == "kpszsu-67095"
    )
    rows = check_observations(
        pipeline.observations_frame(pipeline.extract_document(Document("post", post["text"], None)))[0]
    )
    assert set(rows["attack_date_partial"].dropna()) == {"--07-02"}
    dated = recover_dates(rows, reference)
    assert {d[5:] for d in dated["attack_date"].dropna()} <= {"07-02"}


def test_dates_are_written_by_position_whatever_the_index(reference, seed_tables):
    """A frame whose index repeats its labels (two chunks concatenated) is dated row by row as the
    same frame with a fresh index is."""
    rows = check_observations(seed_tables[0])
    fresh = recover_dates(rows, reference)
    assert (fresh["date_basis"] == "reference").any()  # (the seeds have reports the tally dates)
    repeated = recover_dates(rows.set_axis([0] * len(rows)), reference)
    assert repeated.reset_index(drop=True).equals(fresh.reset_index(drop=True))

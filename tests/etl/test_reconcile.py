"""One value per attack and measure: exact over bounded over approximate, then most documents."""

from __future__ import annotations

import pandas as pd

from etl.reconcile import attacks_from
from etl.schema import check_attacks
from tests.conftest import observation


def test_reports_of_one_night_do_not_add_up():
    # np-0140 and np-0141 (BBC) both report the night of 2025-07-04 with 550 drones
    night = {"attack_date": "2025-07-04", "attack_month": "2025-07"}
    frame = pd.DataFrame([observation("np-0140", launched=550, **night), observation("np-0141", launched=550, **night)])
    attacks = check_attacks(attacks_from(frame))
    assert len(attacks) == 1
    row = attacks.iloc[0]
    assert (row["launched"], row["launched_documents"], row["documents"], bool(row["launched_conflict"])) == (
        550,
        2,
        2,
        False,
    )


def test_exact_beats_bounded_and_conflicts_are_flagged():
    # np-0145 says "nearly 550 air weapons"; an exact count wins and the disagreement shows
    frame = pd.DataFrame(
        [
            observation("a", launched=550, launched_qualifier="upper_bound"),
            observation("b", launched=539),
            observation("c", launched=550, launched_qualifier="upper_bound"),
        ]
    )
    row = attacks_from(frame).iloc[0]
    assert (row["launched"], row["launched_qualifier"], bool(row["launched_conflict"])) == (539, None, True)


def test_most_documents_then_larger_value():
    frame = pd.DataFrame(
        [observation("a", intercepted=42), observation("b", intercepted=46), observation("c", intercepted=42)]
    )
    assert attacks_from(frame).iloc[0]["intercepted"] == 42
    tied = pd.DataFrame([observation("a", intercepted=42), observation("b", intercepted=46)])
    assert attacks_from(tied).iloc[0]["intercepted"] == 46


def test_rate_and_undated_rows():
    frame = pd.DataFrame(
        [observation("a", launched=479, intercepted=277), observation("b", attack_date=None, launched=10)]
    )
    attacks = attacks_from(frame)
    assert len(attacks) == 1 and round(attacks.iloc[0]["interception_rate"], 4) == round(277 / 479, 4)


def test_a_bulletin_outranks_news_and_a_correction_the_bulletin():
    """Issue #9: the Air Force's own post is the primary source for its night; its correction
    ("Уточнена інформація") supersedes it, and the superseded figures stay as alternatives."""
    frame = pd.DataFrame(
        [
            observation("news-a", intercepted=80, source_type="news", air_force=True),
            observation("news-b", intercepted=80, source_type="news"),
            observation("kpszsu-1", intercepted=69, source_type="bulletin", air_force=True, correction=False),
        ]
    )
    row = attacks_from(frame).iloc[0]
    assert (row["intercepted"], row["intercepted_source"]) == (69, "bulletin")
    assert "80 (news-a, news-b)" in row["intercepted_alternatives"]
    corrected = pd.concat(
        [frame, pd.DataFrame([observation("kpszsu-2", intercepted=72, source_type="bulletin", correction=True)])]
    )
    row = attacks_from(corrected).iloc[0]
    assert row["intercepted"] == 72 and "69 (kpszsu-1)" in row["intercepted_alternatives"]

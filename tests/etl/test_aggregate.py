"""Raids, months and years (etl/aggregate.py): totals from parts, honest rates, the tally's totals."""

from __future__ import annotations

import pandas as pd
import pytest

from etl.aggregate import aggregate, raid_classes
from etl.load import read_table
from etl.reconcile import attacks_from
from tests.conftest import observation


@pytest.fixture(scope="module")
def tables(processed):
    return {name: read_table(processed, name) for name in ("raids", "monthly", "yearly")}


def test_monthly_reproduces_the_tallys_published_totals(tables):
    """Issue #8: 118,578 launched in all (regional rows included); drones 111,196 / 85,774."""
    months = tables["monthly"]
    tally = months[(months["source"] == "tally") & (months["level"] == "class") & (months["attacker"] == "RU")]
    assert int(tally.loc[tally["weapon_class"] == "all", "launched"].sum()) == 118_578
    drones = tally[tally["weapon_class"] == "drone"]
    assert (int(drones["launched"].sum()), int(drones["intercepted"].sum())) == (111_196, 85_774)


def test_months_and_years_sum_to_the_raids(tables):
    raids, months, years = tables["raids"], tables["monthly"], tables["yearly"]
    for source in ("tally", "news"):
        for weapon_class in ("drone", "all_missiles", "all"):
            of_raids = raids[(raids["source"] == source) & (raids["weapon_class"] == weapon_class)]
            for periods in (months, years):
                rows = periods[
                    (periods["source"] == source)
                    & (periods["level"] == "class")
                    & (periods["weapon_class"] == weapon_class)
                ]
                assert rows["launched"].sum() == of_raids["launched"].sum()
                assert (
                    rows["raids"].sum()
                    == of_raids[["attack_date", "raid", "scope", "attacker"]].drop_duplicates().shape[0]
                )


def test_regional_tally_rows_are_kept(tables):
    raids = tables["raids"]
    regional = raids[(raids["source"] == "tally") & raids["scope"].str.startswith("region:")]
    assert regional["launched"].sum() > 10_000


def test_a_generic_row_never_erases_its_parts():
    """45 Shahed launched / 38 down, and 'five drones were neutralised by EW': 45 / 38 / 5."""
    night = {"attack_date": "2025-07-21", "attack_month": "2025-07"}
    frame = pd.DataFrame(
        [
            observation("a", weapon="Shahed-136/131", launched=45, **night),
            observation("b", weapon="Shahed-136/131", intercepted=38, **night),
            observation("c", ew_lost=5, **night),
        ]
    )
    raids = raid_classes(attacks_from(frame), "news")
    drones = raids[raids["weapon_class"] == "drone"].iloc[0]
    assert (drones["launched"], drones["intercepted"], drones["ew_lost"]) == (45, 38, 5)
    assert drones["launched_from_parts"] and not drones["ew_lost_from_parts"]


def test_all_missiles_has_no_rate_when_a_part_lacks_its_intercepts():
    night = {"attack_date": "2025-07-21", "attack_month": "2025-07"}
    frame = pd.DataFrame(
        [
            observation("a", weapon="Kh-101/Kh-555", weapon_class="cruise_missile", launched=4, intercepted=4, **night),
            observation("a", weapon="Iskander-M", weapon_class="ballistic_missile", launched=4, **night),
        ]
    )
    tables = aggregate(None, attacks_from(frame))
    missiles = tables["raids"][tables["raids"]["weapon_class"] == "all_missiles"].iloc[0]
    assert missiles["launched"] == 8 and not missiles["complete"]
    month = tables["monthly"][tables["monthly"]["weapon_class"] == "all_missiles"].iloc[0]
    assert pd.isna(month["interception_rate"])


def test_no_rate_mixes_news_and_tally(tables):
    """Each period row is one source's; its rate rests on that source's own complete pairs."""
    months = tables["monthly"]
    assert set(months["source"]) <= {"news", "bulletin", "tally"}
    with_rate = months[months["interception_rate"].notna()]
    recomputed = (with_rate["rate_intercepted"] / with_rate["rate_launched"]).round(4)
    assert (recomputed - with_rate["interception_rate"]).abs().max() < 1e-4


def test_raid_rows_follow_the_sorted_keys_with_missing_ones_last():
    """Read without pandas per group (etl/aggregate.py): the order and values a sorted groupby that
    keeps missing keys gives; a row with no class counts in no class."""
    rows = pd.DataFrame(
        [
            {
                "attack_date": "2025-07-02",
                "raid": "night",
                "attacker": "RU",
                "scope": "national",
                "weapon_class": "drone",
                "weapon": "drone",
                "launched": 10,
                "intercepted": 8,
                "ew_lost": None,
            },
            {
                "attack_date": None,
                "raid": "night",
                "attacker": "RU",
                "scope": "national",
                "weapon_class": "drone",
                "weapon": "Shahed-136/131",
                "launched": 5,
                "intercepted": None,
                "ew_lost": 1,
            },
            {
                "attack_date": "2025-07-01",
                "raid": "day",
                "attacker": "RU",
                "scope": None,
                "weapon_class": "missile",
                "weapon": "missile",
                "launched": 3,
                "intercepted": 3,
                "ew_lost": None,
            },
            {
                "attack_date": "2025-07-01",
                "raid": "day",
                "attacker": "RU",
                "scope": "city:Kyiv",
                "weapon_class": None,
                "weapon": "x",
                "launched": 3,
                "intercepted": 3,
                "ew_lost": None,
            },
        ]
    )
    raids = raid_classes(rows, "news")
    keys = [
        (d if isinstance(d, str) else None, s if isinstance(s, str) else None, c)
        for d, s, c in zip(raids["attack_date"], raids["scope"], raids["weapon_class"], strict=True)
    ]
    assert keys == [
        ("2025-07-01", None, "missile"),
        ("2025-07-01", None, "all_missiles"),
        ("2025-07-01", None, "all"),
        ("2025-07-02", "national", "drone"),
        ("2025-07-02", "national", "all"),
        (None, "national", "drone"),
        (None, "national", "all"),
    ]
    undated = raids[raids["attack_date"].isna() & (raids["weapon_class"] == "drone")].iloc[0]
    assert (undated["launched"], undated["ew_lost"], bool(undated["complete"])) == (5, 1, False)
    assert bool(undated["launched_from_parts"])

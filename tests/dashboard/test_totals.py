"""`class_totals` groups the whole table at once; here it is held to its definition written as a
plain loop over raids (the first round's code), on the bundled tables and on random ones."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from dashboard.data import news_only, reference_attacks, with_regions
from dashboard.totals import class_totals
from etl.load import read_attacks, read_reference
from etl.tally import MEASURES, rates


def plain_class_totals(attacks: pd.DataFrame, layer: str = "news") -> pd.DataFrame:
    additive = layer == "reference"
    national = attacks[attacks["scope"] == "national"]
    rows = []
    if "raid" not in national:
        national = national.assign(raid="night")
    for (date, raid, attacker), night in national.groupby(["attack_date", "raid", "attacker"], sort=True):
        per_class: dict[str, dict] = {}
        for weapon_class, group in night.groupby("weapon_class"):
            generic = group[group["weapon"] == weapon_class]
            per_class[str(weapon_class)] = _combine(generic if not generic.empty and not additive else group)
        parts = (
            ("cruise_missile", "ballistic_missile", "missile") if additive else ("cruise_missile", "ballistic_missile")
        )
        missiles = (None if additive else per_class.get("missile")) or _combine_rows(
            [per_class[c] for c in parts if c in per_class]
        )
        if missiles:
            per_class["all_missiles"] = missiles
        for weapon_class, values in per_class.items():
            rows.append(
                {"attack_date": date, "raid": raid, "attacker": attacker, "weapon_class": weapon_class, **values}
            )
    flags = ["approximate", "documents", "sources", "conflict", "recovered", "complete"]
    frame = pd.DataFrame(rows, columns=["attack_date", "raid", "attacker", "weapon_class", *MEASURES, *flags])
    frame["layer"] = layer
    frame["when"] = frame["attack_date"].where(frame["raid"] != "day", frame["attack_date"] + " 12:00")
    frame["date"] = pd.to_datetime(frame["when"], format="ISO8601")
    for measure in MEASURES:
        frame[measure] = pd.to_numeric(frame[measure]).astype("Float64")
    frame["rate"] = rates(frame).astype("Float64").where(frame["complete"].astype(bool))
    return frame


def _combine(group: pd.DataFrame) -> dict:
    values = {m: group[m].sum(min_count=1) if group[m].notna().any() else None for m in MEASURES}
    return {
        **values,
        "approximate": any(group[f"{m}_qualifier"].notna().any() for m in MEASURES),
        "documents": int(group["documents"].max()),
        "sources": " ".join(sorted(set(" ".join(group["sources"].astype(str)).split()))),
        "conflict": bool(group[[f"{m}_conflict" for m in MEASURES]].any(axis=None)),
        "recovered": bool((group["date_basis"] == "reference").any()) if "date_basis" in group else False,
        "complete": bool((group["launched"].notna() == group["intercepted"].notna()).all()),
    }


def _combine_rows(parts: list[dict]) -> dict | None:
    if not parts:
        return None
    values = {
        m: sum(p[m] for p in parts if p[m] is not None) if any(p[m] is not None for p in parts) else None
        for m in MEASURES
    }
    return {
        **values,
        "approximate": any(p["approximate"] for p in parts),
        "documents": max(p["documents"] for p in parts),
        "sources": " ".join(sorted({s for p in parts for s in p["sources"].split()})),
        "conflict": any(p["conflict"] for p in parts),
        "recovered": any(p["recovered"] for p in parts),
        "complete": all(p["complete"] for p in parts)
        and all((p["launched"] is None) == (p["intercepted"] is None) for p in parts),
    }


def bundled_tables(processed):
    attacks, reference = read_attacks(processed), read_reference(processed)
    return {
        "news": (news_only(attacks), "news"),
        "bulletin": (news_only(attacks, "bulletin"), "bulletin"),
        "reference": (reference_attacks(reference), "reference"),
        "reference with regions": (reference_attacks(with_regions(reference)), "reference"),
        "no rows": (news_only(attacks).head(0), "news"),
    }


@pytest.mark.parametrize("table", ["news", "bulletin", "reference", "reference with regions", "no rows"])
def test_the_bundled_tables_totals_are_the_definitions(processed, table):
    attacks, layer = bundled_tables(processed)[table]
    pd.testing.assert_frame_equal(class_totals(attacks, layer), plain_class_totals(attacks, layer))


CLASSES = {
    "drone": ["drone", "Shahed-136/131", "Gerbera"],
    "cruise_missile": ["cruise_missile", "Kh-101/Kh-555", "Kalibr"],
    "ballistic_missile": ["ballistic_missile", "Iskander-M/KN-23"],
    "missile": ["missile", "S-300"],
}


def random_attacks(seed: int) -> pd.DataFrame:
    """Raids of a few dates, both raids and attackers, generic and model rows, any measure missing,
    qualifiers, conflicts, recovered dates and scopes mixed: the cases the grouping must keep apart."""
    rng = random.Random(seed)
    rows = []
    for _ in range(rng.randint(1, 60)):
        weapon_class = rng.choice(list(CLASSES))
        row = {
            "attack_date": f"2025-07-0{rng.randint(1, 4)}",
            "raid": rng.choice(["night", "night", "day"]),
            "attacker": rng.choice(["RU", "RU", "UA"]),
            "scope": rng.choice(["national", "national", "national", "oblast:Kyiv"]),
            "weapon_class": weapon_class,
            "weapon": rng.choice(CLASSES[weapon_class]),
            "documents": rng.randint(1, 5),
            "sources": " ".join(rng.sample(["a", "b", "c", "d"], rng.randint(1, 3))),
            "date_basis": rng.choice(["text", "text", "reference"]),
        }
        for measure in MEASURES:
            row[measure] = rng.choice([None, rng.randint(0, 300)])
            row[f"{measure}_qualifier"] = rng.choice([None, None, "upper_bound"])
            row[f"{measure}_conflict"] = rng.random() < 0.1
        rows.append(row)
    return pd.DataFrame(rows)


@pytest.mark.parametrize("layer", ["news", "reference"])
@pytest.mark.parametrize("seed", range(40))
def test_random_tables_totals_are_the_definitions(seed, layer):
    attacks = random_attacks(seed)
    pd.testing.assert_frame_equal(class_totals(attacks, layer), plain_class_totals(attacks, layer))

"""Observations from many documents → one row per raid (date, night or day) × attacker × scope ×
weapon.

Several reports of one night must not add up. For each measure one value is kept, by this rule:
0. the Air Force's own bulletin over news reports, and a bulletin's correction ("Уточнена
   інформація") over the bulletin it corrects (the superseded figure stays as an alternative);
1. an exact figure over a bounded one ("more than 40", "nearly 600") over an approximate one;
2. among those, a figure the text attributes to Ukraine's Air Force over others;
3. then the value stated by the most documents;
4. if still tied, the larger value (reports of one night grow as the Air Force's count completes).
The other values are kept in `*_alternatives` with their documents, and a disagreement is flagged in
`*_conflict`, never hidden. Given the reference (the Air Force's tally as transcribed on Kaggle), a
measure no report states is filled from it (`*_source` says which), and each row records the
reference's figures and whether they agree: exactly, within 5 %, or not.
Undated observations are not placed here: the attack table has a date on every row.
"""

from __future__ import annotations

import pandas as pd

from etl.recover_dates import reference_index
from etl.tally import ATTACK_KEY, MEASURES, agreement, rates

KEY = list(ATTACK_KEY)
QUALIFIER_RANK = {None: 0, "lower_bound": 1, "upper_bound": 1, "approximate": 2}


def _empty(measure: str) -> dict:
    return {
        measure: None,
        f"{measure}_qualifier": None,
        f"{measure}_documents": 0,
        f"{measure}_conflict": False,
        f"{measure}_source": None,
        f"{measure}_alternatives": None,
    }


def choose(values: pd.DataFrame, measure: str) -> dict:
    """One value for one measure of one attack, from the rows that state it."""
    stated = values[values[measure].notna()]
    if stated.empty:
        return _empty(measure)
    qualifiers = stated[f"{measure}_qualifier"].astype("object").where(stated[f"{measure}_qualifier"].notna(), None)
    air_force = stated["air_force"].fillna(False).astype(bool) if "air_force" in stated else False
    bulletin = stated["source_type"].eq("bulletin") if "source_type" in stated else False
    correction = stated["correction"].fillna(False).astype(bool) if "correction" in stated else False
    candidates = pd.DataFrame(
        {
            "value": stated[measure].astype(int),
            "rank": [QUALIFIER_RANK[q] for q in qualifiers],
            "qualifier": qualifiers,
            "air_force": air_force,
            "bulletin": bulletin,
            "correction": correction,
            "doc_id": stated["doc_id"].astype(str),
        }
    )
    support = (
        candidates.groupby(["value", "rank"], dropna=False)
        .agg(
            documents=("doc_id", "nunique"),
            air_force=("air_force", "any"),
            bulletin=("bulletin", "any"),
            correction=("correction", "any"),
        )
        .reset_index()
    )
    order = ["bulletin", "correction", "rank", "air_force", "documents", "value"]
    best = support.sort_values(order, ascending=[False, False, True, False, False, False]).iloc[0]
    chosen = candidates[(candidates["value"] == best["value"]) & (candidates["rank"] == best["rank"])]
    others = candidates[~candidates.index.isin(chosen.index)]
    alternatives = "; ".join(
        f"{value} ({', '.join(sorted(set(docs)))})" for value, docs in others.groupby("value")["doc_id"]
    )
    return {
        measure: int(best["value"]),
        f"{measure}_qualifier": chosen["qualifier"].iloc[0],
        f"{measure}_documents": int(chosen["doc_id"].nunique()),
        f"{measure}_conflict": bool(candidates["value"].nunique() > 1),
        f"{measure}_source": "bulletin" if bool(best["bulletin"]) else "news",
        f"{measure}_alternatives": alternatives or None,
    }


def attacks_from(observations: pd.DataFrame, reference: pd.DataFrame | None = None) -> pd.DataFrame:
    dated = observations[observations["attack_date"].notna()]
    index = reference_index(reference) if reference is not None else {}
    rows = []
    for key, group in dated.groupby(KEY, sort=True, dropna=False):
        row = dict(zip(KEY, key, strict=True))
        for measure in MEASURES:
            row.update(choose(group, measure))
        row["documents"] = int(group["doc_id"].nunique())
        row["sources"] = " ".join(sorted(group["doc_id"].astype(str).unique()))
        row["date_basis"] = "reference" if (group["date_basis"] == "reference").any() else "text"
        row.update(compare_with_reference(row, index))
        rows.append(row)
    frame = pd.DataFrame(rows, columns=[c for c in ATTACK_COLUMNS if c != "interception_rate"])
    # a rate only over a pair the news stated: a tally fill-in never makes half of one
    own = ("news", "bulletin")
    stated = frame.assign(**{m: frame[m].where(frame[f"{m}_source"].isin(own)) for m in ("launched", "intercepted")})
    frame["interception_rate"] = rates(stated)
    return frame[ATTACK_COLUMNS]


def compare_with_reference(row: dict, index: dict) -> dict:
    """The reference's figures for this attack and weapon, fill-ins, and the agreement."""
    found: dict = {"reference_launched": None, "reference_intercepted": None, "agreement": "no reference"}
    if row["attacker"] != "RU" or row["scope"] != "national" or not index:
        return found
    attack = index.get((row["attack_date"], row["raid"]))  # a night raid with the night, a day raid with the day
    if not attack:
        return found
    model = ("model", row["weapon"]) if row["weapon"] != row["weapon_class"] else None
    values: dict[str, float] = dict(
        (attack.get(model) if model else None) or attack.get(("class", row["weapon_class"])) or {}
    )
    if not values:
        return found
    found["reference_launched"] = _int(values.get("launched"))
    found["reference_intercepted"] = _int(values.get("intercepted"))
    for measure in MEASURES:
        if row[measure] is None and values.get(measure) is not None:
            row.update({measure: _int(values[measure]), f"{measure}_source": "reference"})
            found.update({measure: row[measure], f"{measure}_source": "reference"})
    verdicts = [
        agreement(row[m], values[m])
        for m in ("launched", "intercepted")
        if row[f"{m}_source"] in ("news", "bulletin") and values.get(m) is not None
    ]
    if verdicts:
        found["agreement"] = "differs" if "differs" in verdicts else "within 5%" if "within 5%" in verdicts else "exact"
    return found


def _int(value: float | None) -> int | None:
    return None if value is None else int(value)


ATTACK_COLUMNS = [
    *KEY,
    *[
        f"{m}{suffix}"
        for m in MEASURES
        for suffix in ("", "_qualifier", "_documents", "_conflict", "_source", "_alternatives")
    ],
    "documents",
    "sources",
    "date_basis",
    "reference_launched",
    "reference_intercepted",
    "agreement",
    "interception_rate",
]

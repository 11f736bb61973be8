"""Observations from many documents → one row per attack date × attacker × scope × weapon.

Several reports of one night must not add up. For each measure one value is kept, by this rule:
1. an exact figure over a bounded one ("more than 40", "nearly 600") over an approximate one;
2. among those, the value stated by the most documents;
3. if still tied, the larger value (reports of one night grow as the Air Force's count completes),
   and the disagreement is flagged in `*_conflict`.
Undated observations are not placed here: the attack table has a date on every row.
"""

from __future__ import annotations

import pandas as pd

from etl.records import MEASURES

KEY = ["attack_date", "attacker", "scope", "weapon_class", "weapon"]
QUALIFIER_RANK = {None: 0, "lower_bound": 1, "upper_bound": 1, "approximate": 2}


def choose(values: pd.DataFrame, measure: str) -> dict:
    """One value for one measure of one attack, from the rows that state it."""
    stated = values[values[measure].notna()]
    if stated.empty:
        return {
            measure: None,
            f"{measure}_qualifier": None,
            f"{measure}_documents": 0,
            f"{measure}_conflict": False,
        }
    qualifiers = stated[f"{measure}_qualifier"].astype("object").where(stated[f"{measure}_qualifier"].notna(), None)
    candidates = pd.DataFrame(
        {
            "value": stated[measure].astype(int),
            "rank": [QUALIFIER_RANK[q] for q in qualifiers],
            "qualifier": qualifiers,
            "doc_id": stated["doc_id"],
        }
    )
    support = candidates.groupby(["value", "rank"], dropna=False)["doc_id"].nunique().rename("documents").reset_index()
    best = support.sort_values(["rank", "documents", "value"], ascending=[True, False, False]).iloc[0]
    chosen = candidates[(candidates["value"] == best["value"]) & (candidates["rank"] == best["rank"])]
    return {
        measure: int(best["value"]),
        f"{measure}_qualifier": chosen["qualifier"].iloc[0],
        f"{measure}_documents": int(chosen["doc_id"].nunique()),
        f"{measure}_conflict": bool(candidates["value"].nunique() > 1),
    }


def attacks_from(observations: pd.DataFrame) -> pd.DataFrame:
    dated = observations[observations["attack_date"].notna()]
    rows = []
    for key, group in dated.groupby(KEY, sort=True, dropna=False):
        row = dict(zip(KEY, key, strict=True))
        for measure in MEASURES:
            row.update(choose(group, measure))
        row["documents"] = int(group["doc_id"].nunique())
        row["sources"] = " ".join(sorted(group["doc_id"].astype(str).unique()))
        rows.append(row)
    frame = pd.DataFrame(rows, columns=[c for c in ATTACK_COLUMNS if c != "interception_rate"])
    launched = pd.to_numeric(frame["launched"], errors="coerce")
    intercepted = pd.to_numeric(frame["intercepted"], errors="coerce")
    frame["interception_rate"] = (intercepted / launched).where(launched > 0).round(4)
    return frame[ATTACK_COLUMNS]


ATTACK_COLUMNS = [
    *KEY,
    *[f"{m}{suffix}" for m in MEASURES for suffix in ("", "_qualifier", "_documents", "_conflict")],
    "documents",
    "sources",
    "interception_rate",
]

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

from collections.abc import Sequence

import pandas as pd

from etl import spill
from etl.recover_dates import reference_index
from etl.spill import Observations
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


def choose(columns: dict[str, list], rows: Sequence[int], measure: str) -> dict:
    """One value for one measure of one attack, from its `rows` (positions in `columns`, the
    observations as plain lists) that state it. Plain Python over a handful of rows: a pandas
    frame per attack and measure cost a hundred times more than the choice itself."""
    values, qualifiers = columns[measure], columns[f"{measure}_qualifier"]
    stated = [i for i in rows if values[i] is not None]
    if not stated:
        return _empty(measure)
    # (value, rank) → documents stating it, and whether any is the Air Force's, a bulletin, a correction
    support: dict[tuple[int, int], list] = {}
    for i in stated:
        qualifier = _text(qualifiers[i])
        entry = support.setdefault((int(values[i]), QUALIFIER_RANK[qualifier]), [set(), False, False, False])
        entry[0].add(columns["doc_id"][i])
        entry[1] |= columns["air_force"][i]
        entry[2] |= columns["bulletin"][i]
        entry[3] |= columns["correction"][i]
    (value, rank), (documents, _, bulletin, _) = min(
        support.items(),
        # a bulletin, a correction, the exact, the Air Force's, the most documents, the larger value
        key=lambda item: (not item[1][2], not item[1][3], item[0][1], not item[1][1], -len(item[1][0]), -item[0][0]),
    )
    chosen = [i for i in stated if int(values[i]) == value and QUALIFIER_RANK[_text(qualifiers[i])] == rank]
    others: dict[int, set[str]] = {}
    for i in stated:
        if i not in chosen:
            others.setdefault(int(values[i]), set()).add(columns["doc_id"][i])
    alternatives = "; ".join(f"{v} ({', '.join(sorted(docs))})" for v, docs in sorted(others.items()))
    return {
        measure: value,
        f"{measure}_qualifier": _text(qualifiers[chosen[0]]),
        f"{measure}_documents": len(documents),
        f"{measure}_conflict": len({int(values[i]) for i in stated}) > 1,
        f"{measure}_source": "bulletin" if bulletin else "news",
        f"{measure}_alternatives": alternatives or None,
    }


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _columns(dated: pd.DataFrame) -> dict[str, list]:
    """The columns the choice reads, as lists (a missing count as None, a missing flag as False,
    documents as text)."""

    def flag(column: pd.Series | None) -> list[bool]:
        return [False] * len(dated) if column is None else column.fillna(False).astype(bool).tolist()

    columns: dict[str, list] = {
        "doc_id": dated["doc_id"].astype(str).tolist(),
        "air_force": flag(dated.get("air_force")),
        "correction": flag(dated.get("correction")),
        "bulletin": dated["source_type"].eq("bulletin").tolist() if "source_type" in dated else flag(None),
        "date_basis": dated["date_basis"].tolist(),
    }
    for measure in MEASURES:
        columns[measure] = dated[measure].astype("object").where(dated[measure].notna(), None).tolist()
        columns[f"{measure}_qualifier"] = dated[f"{measure}_qualifier"].astype("object").tolist()
    return columns


def attacks_from(
    observations: pd.DataFrame, reference: pd.DataFrame | None = None, index: dict | None = None
) -> pd.DataFrame:
    """The attacks of dated observations, each compared with the reference's figures; `index` is the
    reference's `reference_index` when the caller reconciles several parts by one reference."""
    dated = observations[observations["attack_date"].notna()].reset_index(drop=True)
    if index is None:
        index = reference_index(reference) if reference is not None else {}
    columns = _columns(dated)
    rows = []
    # one pass: each attack's rows once, by position (linear in the observations)
    groups: dict = dated.groupby(KEY, sort=True, dropna=False).indices
    for key, positions in groups.items():
        row = dict(zip(KEY, key, strict=True))
        at = [int(i) for i in positions]
        for measure in MEASURES:
            row.update(choose(columns, at, measure))
        documents = {columns["doc_id"][i] for i in at}
        row["documents"] = len(documents)
        row["sources"] = " ".join(sorted(documents))
        row["date_basis"] = "reference" if any(columns["date_basis"][i] == "reference" for i in at) else "text"
        row.update(compare_with_reference(row, index))
        rows.append(row)
    frame = pd.DataFrame(rows, columns=[c for c in ATTACK_COLUMNS if c != "interception_rate"])
    # a rate only over a pair the news stated: a tally fill-in never makes half of one
    own = ("news", "bulletin")
    stated = frame.assign(**{m: frame[m].where(frame[f"{m}_source"].isin(own)) for m in ("launched", "intercepted")})
    frame["interception_rate"] = rates(stated)
    return frame[ATTACK_COLUMNS]


# Dated observations reconciled at most about this many at a time (parts by attack key).
RECONCILE_ROWS = 20000


def attacks_in_parts(observations: Observations, reference: pd.DataFrame | None = None) -> pd.DataFrame:
    """attacks_from() over a run's dated observations (held on disk, etl/spill.py), a part at a
    time: every row of an attack is in the same part, and the parts' attacks in key order are the
    attack table. Only the columns the choice reads are kept."""
    columns = [*KEY, "doc_id", "air_force", "correction", "source_type", "date_basis"]
    columns += [name for measure in MEASURES for name in (measure, f"{measure}_qualifier")]
    dated = (chunk.loc[chunk["attack_date"].notna(), columns] for chunk in observations.chunks())
    parts = -(-len(observations) // RECONCILE_ROWS)  # undated rows counted too: the parts are smaller
    folder = spill.Folder()
    index = reference_index(reference) if reference is not None else {}
    attacks = [attacks_from(part, reference, index) for part in spill.partitioned(dated, KEY, parts, folder)]
    folder.remove()
    if len(attacks) == 1:
        return attacks[0]
    return pd.concat(attacks, ignore_index=True).sort_values(KEY, kind="stable").reset_index(drop=True)


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

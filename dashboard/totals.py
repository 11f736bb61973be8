"""A raid's figure per class, from the attack rows: one grouping of the whole table, not a loop
over raids (100,000 observations' attacks in well under a second, where a loop took half a minute)."""

from __future__ import annotations

import pandas as pd

from etl.tally import MEASURES, rates

RAID = ["attack_date", "raid", "attacker"]
CLASS = [*RAID, "weapon_class"]
COLUMNS = [
    *CLASS,
    *MEASURES,
    "approximate",
    "documents",
    "sources",
    "conflict",
    "recovered",
    "complete",
]
# a class's rows, then the "all missiles" row built from them, as a raid lists them
ALL_MISSILES = "all_missiles"


def class_totals(attacks: pd.DataFrame, layer: str = "news") -> pd.DataFrame:
    """One row per raid (date, night or day) × attacker × class (national scope). `when` places a
    raid on the time axis: a night raid at its date, a daytime raid at noon of it, so that the two
    raids of one date are two points and two bars, never one sum.

    News (`layer="news"`): a class's figure is the reports' own figure for it where they give one
    ("drones"), else the sum of its models' rows; "all_missiles" is the reports' "missiles" figure,
    else cruise + ballistic. Reference (`layer="reference"`): its rows are disjoint parts (a bundle
    such as "S-400 + Iskander-M" is class "missile"), so every class and "all_missiles" is a sum.
    A sum is only taken of stated values."""
    additive = layer == "reference"
    rows = attacks[attacks["scope"] == "national"]
    if "raid" not in rows:
        rows = rows.assign(raid="night")
    if not additive:
        # the reports' own figure for a class ("drones") stands for it; its models' rows do not add
        generic = rows["weapon"] == rows["weapon_class"]
        rows = rows[generic | ~generic.groupby([rows[c] for c in CLASS]).transform("any")]
    per_class = _reduce(_row_flags(rows), CLASS)
    missile_parts = ["cruise_missile", "ballistic_missile", *(["missile"] if additive else [])]
    summed = _reduce(per_class[per_class["weapon_class"].isin(missile_parts)], RAID, parts=True)
    if not additive:
        # a report's "missiles" figure is the whole; the parts' sum only where none is given
        stated = per_class[per_class["weapon_class"] == "missile"]
        summed = _stack([stated.drop(columns="weapon_class"), _without(summed, stated)])
    frame = _stack([per_class, summed.assign(weapon_class=ALL_MISSILES)])
    # a raid's classes in name order, its all-missiles row last
    frame = frame.assign(_last=frame["weapon_class"] == ALL_MISSILES)
    frame = frame.sort_values([*RAID, "_last", "weapon_class"], kind="stable").drop(columns="_last")
    frame = frame.reset_index(drop=True)[COLUMNS]
    frame["layer"] = layer
    frame["when"] = frame["attack_date"].where(frame["raid"] != "day", frame["attack_date"] + " 12:00")
    frame["date"] = pd.to_datetime(frame["when"], format="ISO8601")
    for measure in MEASURES:
        frame[measure] = pd.to_numeric(frame[measure]).astype("Float64")
    # one definition of a rate (etl/tally.py), and none over a sum one of whose parts lacks its pair
    frame["rate"] = rates(frame).astype("Float64").where(frame["complete"].astype(bool))
    return frame


def _row_flags(rows: pd.DataFrame) -> pd.DataFrame:
    """Each attack row's own flags, which a class's figure then ORs or ANDs over its rows."""
    flags = rows[[*CLASS, *MEASURES, "documents", "sources"]].copy()
    flags["approximate"] = rows[[f"{m}_qualifier" for m in MEASURES]].notna().any(axis=1)
    flags["conflict"] = rows[[f"{m}_conflict" for m in MEASURES]].fillna(False).astype(bool).any(axis=1)
    flags["recovered"] = rows["date_basis"].eq("reference") if "date_basis" in rows else False
    flags["complete"] = rows["launched"].notna() == rows["intercepted"].notna()
    return flags


def _reduce(rows: pd.DataFrame, keys: list[str], parts: bool = False) -> pd.DataFrame:
    """Rows summed per key: stated values only (none stated: none), flags ORed, `complete` ANDed,
    the most documents, the sources' union. `parts`: the rows are class figures, and a part with one
    of launched/intercepted but not the other leaves the sum incomplete."""
    if rows.empty:
        return pd.DataFrame(columns=[c for c in COLUMNS if c in keys or c not in CLASS])
    complete = rows["complete"].astype(bool)
    if parts:
        complete &= rows["launched"].isna() == rows["intercepted"].isna()
    rows = rows.assign(documents=rows["documents"].astype("int64"), complete=complete)
    grouped = rows.groupby(keys, sort=True)
    frame = grouped[list(MEASURES)].sum(min_count=1)
    frame = frame.join(grouped.agg(approximate=("approximate", "any"), conflict=("conflict", "any")))
    frame = frame.join(grouped.agg(recovered=("recovered", "any"), complete=("complete", "all")))
    frame["documents"] = grouped["documents"].max()
    frame["sources"] = _sources(rows, keys)
    return frame.reset_index()


def _sources(rows: pd.DataFrame, keys: list[str]) -> pd.Series:
    """Each key's sources: the union of its rows' space-separated ids, sorted."""
    grouped = rows.groupby(keys, sort=True)
    union: list[set[str]] = [set() for _ in range(grouped.ngroups)]
    for group, text in zip(grouped.ngroup().tolist(), rows["sources"].astype(str).tolist(), strict=True):
        if group >= 0:  # a row with a missing key is in no group
            union[group].update(text.split())
    return pd.Series([" ".join(sorted(ids)) for ids in union], index=grouped.size().index, dtype="str")


def _stack(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The frames one under the other; an empty one (built without the table's dtypes) left out."""
    kept = [f for f in frames if not f.empty] or frames[:1]
    return pd.concat(kept, ignore_index=True)


def _without(frame: pd.DataFrame, others: pd.DataFrame) -> pd.DataFrame:
    """`frame`'s raids that `others` does not hold."""
    taken = pd.MultiIndex.from_frame(others[RAID])
    return frame[~pd.MultiIndex.from_frame(frame[RAID]).isin(taken)]

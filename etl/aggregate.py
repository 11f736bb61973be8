"""Attack rows → one row per raid and class, then months and years. The tables every total, rank
and rate is read from, so that no chart sums what it should not.

Per raid × attacker × scope × class, and for each measure on its own:
- the class total the source states ("drones") when it states one;
- else the sum of the models it states ("Shahed" + "Gerbera"), marked `*_from_parts`;
- a row that states one measure never erases another: "five drones were neutralised by EW" beside
  "45 Shahed launched, 38 shot down" gives the raid's drones 45 / 38 / 5.
"all_missiles" is the stated missile total, else the sum of the missile classes, and "all" every
weapon. The tally's rows are disjoint parts (a bundle is one row of its own class), so its classes
are sums. A raid × class has a rate only when every part behind it states launched and intercepted.
Regional rows of the tally keep their scope here and count in the months and years.
"""

from __future__ import annotations

import pandas as pd

from etl.tally import MEASURES, pooled

RAID_KEY = ["attack_date", "raid", "attacker", "source", "scope"]
# derived class → (the class whose stated figure is that total in news, the classes it sums)
TOTALS = {
    "all_missiles": ("missile", ("cruise_missile", "ballistic_missile", "missile")),
    "all": ("mixed", ("drone", "all_missiles", "mixed", "other")),
}


def raid_classes(rows: pd.DataFrame, source: str) -> pd.DataFrame:
    """One row per raid × attacker × scope × class (with "all_missiles" and "all")."""
    frame = rows.assign(source=source)
    if "raid" not in frame:
        frame["raid"] = "night"
    out = []
    for key, raid in frame.groupby(RAID_KEY, sort=True, dropna=False):
        base = dict(zip(RAID_KEY, key, strict=True))
        disjoint = source == "tally"
        per_class = {str(c): _class_total(group, str(c), disjoint) for c, group in raid.groupby("weapon_class")}
        for name, (total_class, members) in TOTALS.items():
            # news: a stated "missiles" / "drones and missiles" figure is the total of its parts
            stated = None if disjoint else per_class.get(total_class)
            if stated and stated["launched"] is not None and not stated["launched_from_parts"]:
                per_class[name] = stated
            elif total := _sum([per_class[c] for c in members if c in per_class and (disjoint or c != total_class)]):
                per_class[name] = total
        out += [{**base, "weapon_class": c, **values} for c, values in per_class.items()]
    return pd.DataFrame(out, columns=RAID_COLUMNS)


def _class_total(group: pd.DataFrame, weapon_class: str, disjoint: bool) -> dict:
    generic = group[group["weapon"] == weapon_class]
    models = group[group["weapon"] != weapon_class]
    values: dict = {}
    for measure in MEASURES:
        said = None if disjoint else _stated(generic[measure])
        values[measure] = said if said is not None else _stated(group[measure] if disjoint else models[measure])
        values[f"{measure}_from_parts"] = said is None and values[measure] is not None and (disjoint or len(models) > 0)
    values["complete"] = bool(pd.notna(values["launched"]) and pd.notna(values["intercepted"]))
    if values["complete"] and not disjoint and values["launched_from_parts"]:
        # a sum of models has a rate only when every model states both
        values["complete"] = bool(models["launched"].notna().eq(models["intercepted"].notna()).all())
    elif values["complete"] and disjoint:
        values["complete"] = bool(group["launched"].notna().eq(group["intercepted"].notna()).all())
    return values


def _stated(values: pd.Series) -> int | None:
    stated = pd.to_numeric(values, errors="coerce").dropna()
    return int(stated.sum()) if len(stated) else None


def _sum(parts: list[dict]) -> dict | None:
    if not parts:
        return None
    values: dict = {}
    for measure in MEASURES:
        stated = [p[measure] for p in parts if p[measure] is not None]
        values[measure] = sum(stated) if stated else None
        values[f"{measure}_from_parts"] = bool(stated)
    values["complete"] = (
        all(p["complete"] for p in parts if p["launched"] is not None) and values["launched"] is not None
    )
    return values


RAID_COLUMNS = [
    *RAID_KEY,
    "weapon_class",
    *[c for m in MEASURES for c in (m, f"{m}_from_parts")],
    "complete",
]


def periods(raids: pd.DataFrame, models: pd.DataFrame, length: int) -> pd.DataFrame:
    """Months (`length` 7) or years (4): per attacker × source × class, and per model, the raids,
    the sums and the pooled rates (over the raids whose pair is complete)."""
    out = []
    classes = raids.assign(period=raids["attack_date"].str[:length], level="class", weapon=raids["weapon_class"])
    model_rows = models.assign(period=models["attack_date"].str[:length], level="model")
    model_rows = model_rows.assign(complete=model_rows["launched"].notna() & model_rows["intercepted"].notna())
    for frame in (classes, model_rows):
        for key, group in frame.groupby(PERIOD_KEY, sort=True):
            row = dict(zip(PERIOD_KEY, key, strict=True))
            row["raids"] = int(group[["attack_date", "raid", "scope"]].drop_duplicates().shape[0])
            for measure in MEASURES:
                row[measure] = _stated(group[measure])
            row.update(pooled(group[group["complete"].astype(bool)]))
            out.append(row)
    return pd.DataFrame(out, columns=PERIOD_COLUMNS)


PERIOD_KEY = ["period", "attacker", "source", "level", "weapon_class", "weapon"]
PERIOD_COLUMNS = [
    *PERIOD_KEY,
    "raids",
    *MEASURES,
    "rate_rows",
    "rate_launched",
    "rate_intercepted",
    "interception_rate",
    "neutralised_rate",
]


def _stated_by(attacks: pd.DataFrame, kind: str) -> pd.DataFrame:
    """The attack rows with only the values `kind` ("news" or "bulletin") stated."""
    frame = attacks.copy()
    for measure in MEASURES:
        frame[measure] = frame[measure].where(frame[f"{measure}_source"] == kind)
    return frame[frame[list(MEASURES)].notna().any(axis=1)]


def aggregate(reference: pd.DataFrame | None, attacks: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """raids, monthly and yearly tables from the tally (all scopes) and the news attacks."""
    sources = [(kind, _stated_by(attacks, kind)) for kind in ("news", "bulletin")]
    if reference is not None:
        sources.append(("tally", reference))
    raids = pd.concat([raid_classes(rows, name) for name, rows in sources], ignore_index=True)
    model_rows = pd.concat(
        [
            rows[rows["weapon"] != rows["weapon_class"]].assign(source=name)[
                ["attack_date", "raid", "attacker", "source", "scope", "weapon_class", "weapon", *MEASURES]
            ]
            for name, rows in sources
        ],
        ignore_index=True,
    )
    return {"raids": raids, "monthly": periods(raids, model_rows, 7), "yearly": periods(raids, model_rows, 4)}

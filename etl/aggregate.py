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

from dataclasses import dataclass

import pandas as pd

from etl.tally import MEASURES, complete, pooled_from

RAID_KEY = ["attack_date", "raid", "attacker", "source", "scope"]
# derived class → (the class whose stated figure is that total in news, the classes it sums)
TOTALS = {
    "all_missiles": ("missile", ("cruise_missile", "ballistic_missile", "missile")),
    "all": ("mixed", ("drone", "all_missiles", "mixed", "other")),
}


def raid_classes(rows: pd.DataFrame, source: str) -> pd.DataFrame:
    """One row per raid × attacker × scope × class (with "all_missiles" and "all"). The rows are
    read once into plain tuples and grouped in a dict: per-group pandas calls cost about 3 ms each,
    8 s over the bundled tally's 2,500 raids, and grew with every raid of an archive."""
    frame = rows.assign(source=source)
    if "raid" not in frame:
        frame["raid"] = "night"
    raids: dict[tuple, dict[str, list[_Row]]] = {}
    for row in _rows(frame):
        if row.weapon_class is not None:  # (as groupby drops a missing class)
            raids.setdefault(row.key, {}).setdefault(row.weapon_class, []).append(row)
    disjoint = source == "tally"
    out = []
    # the order of a sorted groupby that keeps missing keys: each level sorted, a missing one last
    for key in sorted(raids, key=lambda k: tuple((v is None, v or "") for v in k)):
        base = {name: (NAN if value is None else value) for name, value in zip(RAID_KEY, key, strict=True)}
        per_class = {c: _class_total(members, c, disjoint) for c, members in sorted(raids[key].items())}
        for name, (total_class, members) in TOTALS.items():
            # news: a stated "missiles" / "drones and missiles" figure is the total of its parts
            stated = None if disjoint else per_class.get(total_class)
            if stated and stated["launched"] is not None and not stated["launched_from_parts"]:
                per_class[name] = stated
            elif total := _sum([per_class[c] for c in members if c in per_class and (disjoint or c != total_class)]):
                per_class[name] = total
        out += [{**base, "weapon_class": c, **values} for c, values in per_class.items()]
    return pd.DataFrame(out, columns=RAID_COLUMNS)


NAN = float("nan")  # a missing key, as groupby gives it


@dataclass(frozen=True)
class _Row:
    key: tuple
    weapon_class: str | None
    weapon: str | None
    values: tuple[float | None, ...]  # the measures as numbers (None: not stated or not a number)
    stated: tuple[bool, ...]  # the measures as given: stated at all


def _rows(frame: pd.DataFrame) -> list[_Row]:
    keys = list(zip(*(_values(frame[k]) for k in RAID_KEY), strict=True))
    numbers = [_values(pd.to_numeric(frame[m], errors="coerce")) for m in MEASURES]
    stated = [frame[m].notna().tolist() for m in MEASURES]
    classes, weapons = _values(frame["weapon_class"]), _values(frame["weapon"])
    return [
        _Row(
            keys[i],
            None if classes[i] is None else str(classes[i]),
            weapons[i],
            tuple(n[i] for n in numbers),
            tuple(s[i] for s in stated),
        )
        for i in range(len(frame))
    ]


def _values(column: pd.Series) -> list:
    """The column's values, None where missing (NaN, NA or None alike)."""
    return [None if pd.isna(v) else v for v in column.tolist()]


def _class_total(rows: list[_Row], weapon_class: str, disjoint: bool) -> dict:
    generic = [r for r in rows if r.weapon == weapon_class]
    models = [r for r in rows if r.weapon != weapon_class]
    values: dict = {}
    for index, measure in enumerate(MEASURES):
        said = None if disjoint else _stated([r.values[index] for r in generic])
        values[measure] = (
            said if said is not None else _stated([r.values[index] for r in (rows if disjoint else models)])
        )
        values[f"{measure}_from_parts"] = said is None and values[measure] is not None and (disjoint or len(models) > 0)
    values["complete"] = values["launched"] is not None and values["intercepted"] is not None
    launched, intercepted = MEASURES.index("launched"), MEASURES.index("intercepted")
    if values["complete"] and not disjoint and values["launched_from_parts"]:
        # a sum of models has a rate only when every model states both
        values["complete"] = all(r.stated[launched] == r.stated[intercepted] for r in models)
    elif values["complete"] and disjoint:
        values["complete"] = all(r.stated[launched] == r.stated[intercepted] for r in rows)
    return values


def _stated(values: list[float | None]) -> int | None:
    stated = [v for v in values if v is not None]
    return int(sum(stated)) if stated else None


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
    the sums and the pooled rates (over the raids whose pair is complete). One groupby per level
    of sums over columns prepared for the whole frame, not pandas calls per group."""
    out = []
    classes = raids.assign(period=raids["attack_date"].str[:length], level="class", weapon=raids["weapon_class"])
    model_rows = models.assign(period=models["attack_date"].str[:length], level="model")
    model_rows = model_rows.assign(complete=model_rows["launched"].notna() & model_rows["intercepted"].notna())
    for frame in (classes, model_rows):
        frame = frame.dropna(subset=PERIOD_KEY)  # (as groupby drops a missing key)
        numbers = {m: pd.to_numeric(frame[m], errors="coerce") for m in MEASURES}
        usable = frame["complete"].astype(bool) & complete(frame)
        sums = pd.DataFrame(
            {
                **{m: numbers[m] for m in MEASURES},
                "rate_rows": usable.astype(int),
                "rate_launched": numbers["launched"].where(usable, 0),
                "rate_intercepted": numbers["intercepted"].where(usable, 0),
                "rate_lost": numbers["ew_lost"].fillna(0).where(usable, 0),
            }
        )
        grouped = sums.groupby([frame[k] for k in PERIOD_KEY], sort=True)
        stated = grouped[list(MEASURES)].sum(min_count=1)
        pools = grouped[["rate_rows", "rate_launched", "rate_intercepted", "rate_lost"]].sum()
        distinct = frame.drop_duplicates([*PERIOD_KEY, "attack_date", "raid", "scope"])
        counted = distinct.groupby(PERIOD_KEY, sort=True).size().reindex(stated.index)
        for key, measures, pool, raid_count in zip(
            stated.index, stated.itertuples(index=False), pools.to_numpy(dtype=float), counted.tolist(), strict=True
        ):
            row = dict(zip(PERIOD_KEY, key, strict=True))
            row["raids"] = int(raid_count)
            row.update({m: None if pd.isna(v) else int(v) for m, v in zip(MEASURES, measures, strict=True)})
            rows, launched, intercepted, lost = pool
            row.update(pooled_from(int(rows), launched, intercepted, lost))
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

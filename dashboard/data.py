"""Loading and shaping the ETL's tables for the charts. Pure functions of DataFrames.

The dashboard never parses text: it reads `attacks` and `observations` as the ETL wrote them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from dashboard.state import ATTACKERS, CLASSES, WINDOWS, State
from etl.freshness import read_metadata
from etl.load import read_attacks, read_observations, read_reference
from etl.tally import ATTACK_KEY, MEASURES, pooled, rates

# The classes a user filters and charts by; "missiles" sums the missile classes of one attack.
LABELS = {
    "drone": "Drones",
    "cruise_missile": "Cruise missiles",
    "ballistic_missile": "Ballistic missiles",
    "missile": "Missiles (type not stated)",
    "mixed": "Drones and missiles together",
    "all_missiles": "All missiles",
}
# Okabe–Ito: distinguishable with the common colour-vision deficiencies, fixed per class.
COLOURS = {
    "drone": "#E69F00",
    "cruise_missile": "#0072B2",
    "ballistic_missile": "#D55E00",
    "missile": "#009E73",
    "mixed": "#CC79A7",
    "all_missiles": "#000000",
}
RATE_SERIES = ["drone", "cruise_missile", "ballistic_missile", "all_missiles"]


@dataclass
class Layer:
    """One source of figures (news or reference) shaped for the charts, computed once."""

    totals: pd.DataFrame
    parts: pd.DataFrame = field(init=False)
    sizes: pd.DataFrame = field(init=False)
    rolling: dict[tuple[str, str, int], pd.DataFrame] = field(init=False)
    neutral_rolling: dict[tuple[str, str, int], pd.DataFrame] = field(init=False, default_factory=dict)

    def rolling_of(self, attacker: str, weapon_class: str, window: int, measure: str) -> pd.DataFrame:
        """The rolling rate of shot-down, or of neutralised (computed once, when first asked for)."""
        key = (attacker, weapon_class, window)
        if measure != "neutralised":
            return self.rolling[key]
        if key not in self.neutral_rolling:
            rows = neutralise(self.totals[self.totals["attacker"] == attacker])
            self.neutral_rolling[key] = rolling_rate(rows, weapon_class, window)
        return self.neutral_rolling[key]

    def __post_init__(self) -> None:
        self.parts = stack_parts(self.totals)
        self.sizes = attack_sizes(self.totals)
        self.rolling = {
            (attacker, weapon_class, window): rolling_rate(
                self.totals[self.totals["attacker"] == attacker], weapon_class, window
            )
            for attacker in ATTACKERS
            for weapon_class in RATE_SERIES
            for window in WINDOWS
        }


@dataclass
class Data:
    """The tables and everything derived from them that does not depend on the filters, computed
    once at start-up so that callbacks only slice."""

    attacks: pd.DataFrame
    observations: pd.DataFrame
    reference: pd.DataFrame | None = None
    metadata: dict | None = None  # metadata.json: each source's newest date
    layers: dict[str, Layer] = field(init=False)
    _model_rows: dict[str, pd.DataFrame] = field(init=False, default_factory=dict)
    source_rows: list[dict] = field(init=False)
    search_text: pd.Series = field(init=False)

    def __post_init__(self) -> None:
        self.attacks = self.attacks.assign(date=pd.to_datetime(self.attacks["attack_date"]))
        self.layers = {"news": Layer(class_totals(news_only(self.attacks), "news"))}
        air_force = air_force_totals(self.reference, self.attacks)
        if not air_force.empty:
            self.layers["reference"] = Layer(air_force)
        conflicts = conflict_notes(self.attacks)
        self.source_rows = [
            {**source_row(r), "disagreement": conflicts.get(_attack_key(r), "")}
            for r in self.observations.to_dict("records")
        ]
        searchable = self.observations[["evidence", "weapon", "outlet", "doc_id"]].fillna("").astype(str)
        self.search_text = (
            searchable["evidence"]
            + " "
            + searchable["weapon"]
            + " "
            + searchable["outlet"]
            + " "
            + searchable["doc_id"]
        ).str.lower()

    # the news layer, which every view has
    @property
    def totals(self) -> pd.DataFrame:
        return self.layers["news"].totals

    @property
    def parts(self) -> pd.DataFrame:
        return self.layers["news"].parts

    @property
    def sizes(self) -> pd.DataFrame:
        return self.layers["news"].sizes

    @property
    def rolling(self) -> dict[tuple[str, str, int], pd.DataFrame]:
        return self.layers["news"].rolling

    def primary(self, layer: str) -> Layer:
        """The timeline a view draws: the reference unless only the news is asked for (or there is
        no reference)."""
        return (
            self.layers["reference"]
            if layer in ("reference", "both") and "reference" in self.layers
            else self.layers["news"]
        )

    @property
    def models(self) -> list[str]:
        """Every model the news, the bulletins or the tally name (the tally alone has dozens)."""
        frames = [self.attacks[["weapon", "weapon_class"]]]
        if self.reference is not None:
            frames.append(self.reference[["weapon", "weapon_class"]])
        named = pd.concat(frames)
        return sorted(named.loc[named["weapon"] != named["weapon_class"], "weapon"].dropna().unique())

    def model_rows(self, layer: str) -> pd.DataFrame:
        """The rows naming a model for the layer shown (computed once per layer)."""
        key = "news" if layer == "news" else "reference"
        if key not in self._model_rows:
            self._model_rows[key] = model_rows(self.reference, self.attacks, key)
        return self._model_rows[key]

    def model_layer(self, layer: str, models: tuple[str, ...]) -> Layer:
        """The layer computed from the named models' rows only, so that a model filter filters
        every number (class totals, rates, sizes), not only which dates are drawn."""
        attacks = self.attacks[self.attacks["weapon"].isin(models)]
        if layer in ("reference", "both") and "reference" in self.layers:
            reference = self.reference[self.reference["weapon"].isin(models)] if self.reference is not None else None
            totals = air_force_totals(reference, attacks)
            if not totals.empty:
                return Layer(totals)
        return Layer(class_totals(news_only(attacks), "news"))

    @property
    def dates(self) -> list[str]:
        dates = set(self.attacks["attack_date"].dropna())
        if "reference" in self.layers:
            dates |= set(self.layers["reference"].totals["attack_date"])
        return sorted(dates)


def load(data_dir: str | Path) -> Data:
    """The ETL's tables; the reference (reference.parquet) is used when the folder has it."""
    data_dir = Path(data_dir)
    reference = read_reference(data_dir) if (data_dir / "reference.parquet").exists() else None
    return Data(read_attacks(data_dir), read_observations(data_dir), reference, read_metadata(data_dir))


def _approximate(qualifiers: pd.Series) -> bool:
    return bool(qualifiers.notna().any())


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
    national = attacks[attacks["scope"] == "national"]
    rows = []
    if "raid" not in national:
        national = national.assign(raid="night")
    for (date, raid, attacker), night in national.groupby(["attack_date", "raid", "attacker"], sort=True):
        per_class: dict[str, dict] = {}
        for weapon_class, group in night.groupby("weapon_class"):
            generic = group[group["weapon"] == weapon_class]
            per_class[str(weapon_class)] = _combine(generic if not generic.empty and not additive else group)
        missile_parts = (
            ("cruise_missile", "ballistic_missile", "missile") if additive else ("cruise_missile", "ballistic_missile")
        )
        missiles = (None if additive else per_class.get("missile")) or _combine_rows(
            [per_class[c] for c in missile_parts if c in per_class]
        )
        if missiles:
            per_class["all_missiles"] = missiles
        for weapon_class, values in per_class.items():
            rows.append(
                {"attack_date": date, "raid": raid, "attacker": attacker, "weapon_class": weapon_class, **values}
            )
    frame = pd.DataFrame(
        rows,
        columns=[
            "attack_date",
            "raid",
            "attacker",
            "weapon_class",
            *MEASURES,
            "approximate",
            "documents",
            "sources",
            "conflict",
            "recovered",
            "complete",
        ],
    )
    frame["layer"] = layer
    frame["when"] = frame["attack_date"].where(frame["raid"] != "day", frame["attack_date"] + " 12:00")
    frame["date"] = pd.to_datetime(frame["when"], format="ISO8601")
    for measure in MEASURES:
        frame[measure] = pd.to_numeric(frame[measure]).astype("Float64")
    # one definition of a rate (etl/tally.py), and none over a sum one of whose parts lacks its pair
    frame["rate"] = rates(frame).astype("Float64").where(frame["complete"].astype(bool))
    return frame


def _combine(group: pd.DataFrame) -> dict:
    values = {m: group[m].sum(min_count=1) if group[m].notna().any() else None for m in MEASURES}
    return {
        **values,
        "approximate": any(_approximate(group[f"{m}_qualifier"]) for m in MEASURES),
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


def filter_totals(totals: pd.DataFrame, state: State) -> pd.DataFrame:
    """Rows of any per-night frame (totals, parts, sizes) for the state's attacker and dates."""
    mask = totals["attacker"] == state.attacker
    if state.start:
        mask &= totals["attack_date"] >= state.start
    if state.end:
        mask &= totals["attack_date"] <= state.end
    return totals[mask]


def filter_attacks(attacks: pd.DataFrame, state: State) -> pd.DataFrame:
    """The attack rows the filters select: date range, attacker, classes and models."""
    attacks = filter_totals(attacks, state)
    mask = attacks["weapon_class"].isin(state.classes)
    if state.models:
        mask &= attacks["weapon"].isin(state.models)
    return attacks[mask]


def rolling_rate(totals: pd.DataFrame, weapon_class: str, window: int) -> pd.DataFrame:
    """Rolling interception rate: Σ intercepted ÷ Σ launched over the last `window` days, over the
    attacks that state both (a mean of daily rates would weigh a 5-drone night like a 500-drone one)."""
    series = totals[
        (totals["weapon_class"] == weapon_class) & totals["launched"].notna() & totals["intercepted"].notna()
    ]
    series = series.sort_values("date").set_index("date")[["launched", "intercepted"]].astype(float)
    if series.empty:
        return pd.DataFrame(columns=["date", "rate"])
    rolled = series.rolling(f"{window}D").sum()
    rate = (rolled["intercepted"] / rolled["launched"]).where(rolled["launched"] > 0)
    frame = pd.DataFrame({"date": rate.index, "rate": rate.to_numpy()})
    # no line across a stretch longer than the window with no report: a gap, not a trend
    gaps = frame["date"].diff() > pd.Timedelta(days=window)
    breaks = pd.DataFrame({"date": frame.loc[gaps, "date"] - pd.Timedelta(days=1), "rate": float("nan")})
    return pd.concat([frame, breaks]).sort_values("date", kind="stable").reset_index(drop=True)


def attack_sizes(totals: pd.DataFrame) -> pd.DataFrame:
    """Launched per raid (the classes stacked, never "all_missiles" on top of its parts) with its
    rank among the raids of its year, as news reports compute it ("the second largest this year"):
    a night raid and a daytime raid of one date are two attacks."""
    parts = stack_parts(totals)
    size = (
        parts.groupby(["attacker", "attack_date", "raid", "when"])
        .agg(launched=("launched", "sum"), intercepted=("intercepted", "sum"), ew_lost=("ew_lost", "sum"))
        .reset_index()
    )
    size = size[size["launched"] > 0].copy()
    size["year"] = size["attack_date"].str[:4]
    size["rank"] = size.groupby(["attacker", "year"])["launched"].rank(method="min", ascending=False).astype(int)
    size["rank_text"] = [
        f"largest of {y}" if r == 1 else f"{ordinal(r)} largest of {y}"
        for r, y in zip(size["rank"], size["year"], strict=True)
    ]
    return size


def by_period(totals: pd.DataFrame, length: int) -> pd.DataFrame:
    """Raid × class rows summed per month (`length` 7) or year (4): launched and intercepted added
    up, the rate Σ intercepted ÷ Σ launched over the raids whose pair is complete, placed at the
    period's first day."""
    if totals.empty:
        return totals
    frame = totals.assign(period=totals["attack_date"].str[:length])
    complete = frame["complete"].astype(bool) if "complete" in frame else frame["rate"].notna()
    frame = frame.assign(
        rate_launched=frame["launched"].where(complete), rate_intercepted=frame["intercepted"].where(complete)
    )
    # one point per period: the tally's nights and the bulletins' after it fall in one month or year
    keys = ["period", "attacker", "weapon_class"]
    frame = frame.assign(bulletin=frame["layer"].eq("bulletin"))
    out = (
        frame.groupby(keys, dropna=False)
        .agg(
            layer=("layer", "first"),
            bulletin=("bulletin", "all"),
            launched=("launched", lambda v: v.sum(min_count=1)),
            intercepted=("intercepted", lambda v: v.sum(min_count=1)),
            ew_lost=("ew_lost", lambda v: v.sum(min_count=1)),
            rate_launched=("rate_launched", "sum"),
            rate_intercepted=("rate_intercepted", "sum"),
            documents=("documents", "sum"),
            approximate=("approximate", "any"),
            raids=("raid", "size"),
        )
        .reset_index()
    )
    start = out["period"] + ("-01" if length == 7 else "-01-01")
    out["attack_date"] = start
    out["when"] = start
    out["raid"] = out["period"]
    out["date"] = pd.to_datetime(start)
    out["rate"] = (out["rate_intercepted"] / out["rate_launched"]).where(out["rate_launched"] > 0)
    out["complete"] = out["rate"].notna()
    out["conflict"] = False
    out["recovered"] = False
    for measure in MEASURES:
        out[measure] = out[measure].astype("Float64")
    return out


def period_sizes(parts: pd.DataFrame) -> pd.DataFrame:
    """Launched per period for the size chart's labels (no ranks: a period is not an attack)."""
    if parts.empty:
        return pd.DataFrame(columns=["attacker", "attack_date", "when", "launched", "intercepted", "rank_text"])
    size = parts.groupby(["attacker", "attack_date", "when"]).agg(launched=("launched", "sum")).reset_index()
    size["intercepted"] = parts.groupby(["attacker", "attack_date", "when"])["intercepted"].sum().to_numpy()
    size["rank_text"] = ""
    return size


def stack_parts(totals: pd.DataFrame) -> pd.DataFrame:
    """The class rows of each night that add up without counting anything twice: a generic
    "missiles" figure only when no missile type is given, a combined "drones and missiles" figure
    only when neither drones nor missiles are given separately."""
    parts = totals[totals["weapon_class"].isin(CLASSES) & totals["launched"].notna()]
    night = parts["attacker"] + parts["when"]
    typed = set(night[parts["weapon_class"].isin(["cruise_missile", "ballistic_missile"])])
    separate = set(night[parts["weapon_class"].isin(["drone", "cruise_missile", "ballistic_missile", "missile"])])
    news = parts["layer"] != "reference" if "layer" in parts else True  # the tally's classes are disjoint
    drop_missile = news & (parts["weapon_class"] == "missile") & night.isin(typed)
    drop_mixed = news & (parts["weapon_class"] == "mixed") & night.isin(separate)
    return parts[~(drop_missile | drop_mixed)]


def news_only(attacks: pd.DataFrame, kind: str = "news") -> pd.DataFrame:
    """The attack rows with only what news reports (or, with `kind="bulletin"`, the Air Force's
    bulletins) stated: values the ETL filled in from the tally belong to the tally's layer."""
    frame = attacks.copy()
    for measure in MEASURES:
        source = f"{measure}_source"
        if source in frame:
            frame[measure] = frame[measure].where(frame[source] == kind)
    return frame[frame[list(MEASURES)].notna().any(axis=1)]


def air_force_totals(reference: pd.DataFrame | None, attacks: pd.DataFrame) -> pd.DataFrame:
    """The Air Force layer: the tally's raids, then the raids read from the Air Force's bulletins
    after the tally's last date (marked `bulletin`), so the timeline reaches the newest post."""
    parts = []
    last = None
    if reference is not None and not reference.empty:
        parts.append(class_totals(reference_attacks(reference), "reference"))
        last = str(reference["attack_date"].max())
    bulletins = news_only(attacks, "bulletin")
    if last is not None:
        bulletins = bulletins[bulletins["attack_date"] > last]
    if not bulletins.empty:
        # a bulletin states totals and their parts, like a news report: its classes are not disjoint
        parts.append(class_totals(bulletins, "bulletin").assign(bulletin=True))
    if not parts:
        return pd.DataFrame()
    totals = pd.concat(parts, ignore_index=True)
    totals["bulletin"] = totals["bulletin"].fillna(False).astype(bool) if "bulletin" in totals else False
    return totals


def reference_attacks(reference: pd.DataFrame) -> pd.DataFrame:
    """The reference in the news attack table's shape, one row per raid, for class_totals."""
    grouped = reference.groupby(list(ATTACK_KEY), as_index=False)
    frame = grouped[list(MEASURES)].sum(min_count=1)
    frame["documents"] = grouped["reports"].sum()["reports"].to_numpy()
    frame["sources"] = "reference"
    for measure in MEASURES:
        frame[f"{measure}_qualifier"] = None
        frame[f"{measure}_conflict"] = False
    return frame


def model_rows(reference: pd.DataFrame | None, attacks: pd.DataFrame, layer: str) -> pd.DataFrame:
    """The rows that name a model, for the layer shown: the tally's (then the bulletins' after it)
    or the news reports'."""
    columns = ["attack_date", "raid", "attacker", "weapon_class", "weapon", *MEASURES]
    if layer == "news" or reference is None or reference.empty:
        frames = [news_only(attacks, "news")]
    else:
        last = str(reference["attack_date"].max())
        bulletins = news_only(attacks, "bulletin")
        frames = [reference, bulletins[bulletins["attack_date"] > last]]
    rows = pd.concat([f[columns] for f in frames if not f.empty], ignore_index=True)
    return rows[rows["weapon"] != rows["weapon_class"]]


def model_table(rows: pd.DataFrame, start: str | None, end: str | None, attacker: str, classes) -> pd.DataFrame:
    """Per model: raids, launched, intercepted, lost to EW, both rates over the raids that state
    both, first and last seen; hardest to intercept first (the counts beside each rate)."""
    mask = (rows["attacker"] == attacker) & rows["weapon_class"].isin(list(classes))
    if start:
        mask &= rows["attack_date"] >= start
    if end:
        mask &= rows["attack_date"] <= end
    out = []
    for (weapon, weapon_class), group in rows[mask].groupby(["weapon", "weapon_class"]):
        rates = pooled(group)
        out.append(
            {
                "weapon": weapon,
                "class": LABELS.get(str(weapon_class), str(weapon_class)),
                "raids": int(group[["attack_date", "raid"]].drop_duplicates().shape[0]),
                **{m: _int(pd.to_numeric(group[m]).sum(min_count=1)) for m in MEASURES},
                "interception_rate": rates["interception_rate"],
                "neutralised_rate": rates["neutralised_rate"],
                "rate_launched": rates["rate_launched"],
                "first_seen": str(group["attack_date"].min()),
                "last_seen": str(group["attack_date"].max()),
            }
        )
    table = pd.DataFrame(out, columns=MODEL_COLUMNS)
    for column in (*MEASURES, "raids", "rate_launched"):
        table[column] = table[column].astype("Int64")
    return table.sort_values(["interception_rate", "launched"], ascending=[True, False], na_position="last")


MODEL_COLUMNS = [
    "weapon",
    "class",
    "raids",
    *MEASURES,
    "interception_rate",
    "neutralised_rate",
    "rate_launched",
    "first_seen",
    "last_seen",
]


def headline(sizes: pd.DataFrame, attacker: str = "RU") -> list[str]:
    """Three lines an analyst reads first, from the raids of the timeline shown, dated by its newest
    raid (not by the clock): the latest raid; the last 30 days against the 30 before; the year so
    far against the same span of the year before."""
    raids = sizes[(sizes["attacker"] == attacker) & sizes["launched"].notna()]
    if raids.empty:
        return []
    dates = pd.to_datetime(raids["attack_date"])
    newest = dates.max()
    last_raid = raids[dates == newest].tail(1)
    latest = last_raid.iloc[0]

    def span(start: pd.Timestamp, end: pd.Timestamp) -> tuple[int, float | None]:
        rows = raids[(dates > start) & (dates <= end)]
        launched = float(rows["launched"].sum())
        share = neutralised(rows) / launched if launched else None
        return int(launched), share

    def versus(now: tuple[int, float | None], before: tuple[int, float | None]) -> str:
        change = f" ({(now[0] - before[0]) / before[0]:+.0%} on {before[0]:,})" if before[0] else ""
        rates = f", {now[1]:.0%} neutralised" if now[1] is not None else ""
        earlier = f" ({before[1]:.0%} before)" if before[1] is not None else ""
        return f"{now[0]:,} launched{change}{rates}{earlier}"

    month = pd.Timedelta(days=30)
    year_start = pd.Timestamp(newest.year, 1, 1) - pd.Timedelta(days=1)
    last_year = (year_start - pd.DateOffset(years=1), newest - pd.DateOffset(years=1))
    share = neutralised(last_raid) / float(latest["launched"]) if latest["launched"] else None
    return [
        f"Latest raid: {latest['attack_date']} ({latest['raid']}), {int(latest['launched']):,} launched"
        + (f", {share:.0%} neutralised (shot down, suppressed or lost to EW)" if share is not None else ""),
        "Last 30 days: " + versus(span(newest - month, newest), span(newest - 2 * month, newest - month)),
        f"{newest.year} to {newest:%d %b}: "
        + versus(span(year_start, newest), span(last_year[0], last_year[1]))
        + f" — same span of {newest.year - 1} in brackets",
    ]


def source_gap(totals: pd.DataFrame) -> tuple[str, str] | None:
    """The nights between the tally's last and the bulletins' first, when more than a night apart:
    no source covers them."""
    if totals.empty or "layer" not in totals:
        return None
    tally = totals.loc[totals["layer"] == "reference", "attack_date"]
    bulletins = totals.loc[totals["layer"] == "bulletin", "attack_date"]
    if tally.empty or bulletins.empty:
        return None
    last = pd.Timestamp(tally.max())
    later = bulletins[bulletins > tally.max()]
    if later.empty:
        return None
    first = pd.Timestamp(later.min())
    if (first - last).days <= 1:
        return None
    return (last + pd.Timedelta(days=1)).strftime("%Y-%m-%d"), (first - pd.Timedelta(days=1)).strftime("%Y-%m-%d")


def neutralise(totals: pd.DataFrame) -> pd.DataFrame:
    """Raid rows whose "intercepted" also counts those lost to EW, the rate recomputed over the same
    complete pairs: the neutralised share, which reads the same before and after August 2025, when the
    Air Force began to report drones "shot down/suppressed" as one figure."""
    if totals.empty or "ew_lost" not in totals:
        return totals
    added = totals["intercepted"] + totals["ew_lost"].fillna(0)
    out = totals.assign(intercepted=added.where(totals["intercepted"].notna()))
    out["rate"] = (out["intercepted"] / out["launched"]).where(totals["rate"].notna())
    return out


def neutralised(rows: pd.DataFrame) -> float:
    """Shot down, suppressed or lost to EW: comparable across the Air Force's August 2025 change."""
    return float(rows["intercepted"].sum()) + float(rows["ew_lost"].fillna(0).sum() if "ew_lost" in rows else 0)


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def compare(totals: pd.DataFrame, dates: list[str], attacker: str = "RU") -> pd.DataFrame:
    """Side by side per class for the chosen dates (a date's raids summed, said so by `raids`), with
    each date's difference from the first."""
    chosen = totals[totals["attack_date"].isin(dates) & (totals["attacker"] == attacker)]
    chosen = chosen[chosen["weapon_class"].isin([*RATE_SERIES, "missile", "mixed"])]
    table = (
        chosen.groupby(["attack_date", "weapon_class"])
        .agg(launched=("launched", "sum"), intercepted=("intercepted", "sum"), raids=("raid", "nunique"))
        .reset_index()
    )
    table["rate"] = (table["intercepted"] / table["launched"]).where(table["launched"] > 0)
    table["class"] = table["weapon_class"].map(LABELS)
    first = sorted(dates)[0] if dates else None
    measures = ["launched", "intercepted", "rate"]
    base = table.loc[table["attack_date"] == first, ["weapon_class", *measures]]
    table = table.merge(base, on="weapon_class", how="left", suffixes=("", "_first"))
    for measure in measures:
        table[f"{measure}_change"] = table[measure] - table[f"{measure}_first"]
    table = table.drop(columns=[f"{m}_first" for m in measures])
    return table.sort_values(["weapon_class", "attack_date"]).reset_index(drop=True)


# ---- the sources table ------------------------------------------------------------------------


def _missing(value: Any) -> bool:
    return value is None or bool(pd.isna(value))


def _text(value: Any) -> str | None:
    return None if _missing(value) else str(value)


def _int(value: Any) -> int | None:
    return None if _missing(value) else int(value)


def _attack_key(row: dict) -> tuple:
    return tuple(_text(row.get(k)) for k in ATTACK_KEY)


def conflict_notes(attacks: pd.DataFrame) -> dict[tuple, str]:
    """For each attack whose reports disagree, what was kept and what else was said."""
    notes = {}
    for row in attacks.to_dict("records"):
        parts = [
            f"{m}: kept {_int(row[m])}, also {row[f'{m}_alternatives']}"
            for m in MEASURES
            if row.get(f"{m}_conflict") is True and _text(row.get(f"{m}_alternatives"))
        ]
        if parts:
            notes[_attack_key(row)] = "; ".join(parts)
    return notes


def _date_from(row: dict) -> str:
    said = _text(row.get("text_attack_date"))
    if _text(row.get("date_basis")) == "reference":
        return f"Air Force tally (text: {said or 'no date'})"
    return f"text ({_text(row.get('date_text')) or 'no date words'})"


def source_row(row: dict) -> dict:
    """One observation as the sources table shows it: numbers, qualifiers, sentence, link."""
    qualifiers = sorted({q for m in MEASURES if (q := _text(row.get(f"{m}_qualifier")))})
    label = _text(row.get("outlet")) or str(row["doc_id"])
    url = _text(row.get("url"))
    return {
        "attack_date": _text(row["attack_date"]) or _text(row.get("attack_month")) or "undated",
        "weapon": row["weapon"],
        "weapon_class": LABELS.get(row["weapon_class"], row["weapon_class"]),
        "launched": _int(row["launched"]),
        "intercepted": _int(row["intercepted"]),
        "ew_lost": _int(row["ew_lost"]),
        "qualifiers": ", ".join(q.replace("_", " ") for q in qualifiers),
        "scope": row["scope"],
        "date_from": _date_from(row),
        "evidence": row["evidence"],
        "source": f"[{label}]({url})" if url else label,
    }

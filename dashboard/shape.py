"""Shaping a layer's raid rows for one view: filters, rolling rates, sizes and ranks, months and
years, the per-model table, the neutralised share. Pure functions of DataFrames."""

from __future__ import annotations

import pandas as pd

from dashboard.classes import LABELS
from dashboard.evidence import integer
from dashboard.state import CLASSES, State
from etl.tally import MEASURES, pooled


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


def period_of(dates: pd.Series, resolution: str) -> tuple[pd.Series, pd.Series]:
    """Each ISO date's period: its first day, and its name ("2025-07", "2025", or the ISO week
    "2025-W27", whose first day is a Monday)."""
    if resolution == "month":
        return dates.str[:7] + "-01", dates.str[:7]
    if resolution == "year":
        return dates.str[:4] + "-01-01", dates.str[:4]
    days = pd.to_datetime(dates)
    monday = days - pd.to_timedelta(days.dt.day_of_week, unit="D")
    week = days.dt.isocalendar()
    return monday.dt.strftime("%Y-%m-%d"), week["year"].astype(str) + "-W" + week["week"].astype(str).str.zfill(2)


def by_period(totals: pd.DataFrame, resolution: str) -> pd.DataFrame:
    """Raid × class rows summed per week, month or year: launched and intercepted added up, the rate
    Σ intercepted ÷ Σ launched over the raids whose pair is complete, placed at the period's first
    day; `raid` names the period and `raids` counts the raids behind it."""
    if totals.empty:
        return totals
    start, name = period_of(totals["attack_date"], resolution)
    frame = totals.assign(period=start.to_numpy(), period_name=name.to_numpy())
    complete = frame["complete"].astype(bool) if "complete" in frame else frame["rate"].notna()
    frame = frame.assign(
        rate_launched=frame["launched"].where(complete), rate_intercepted=frame["intercepted"].where(complete)
    )
    # one point per period: the tally's nights and the bulletins' after it fall in one month or year
    keys = ["period", "period_name", "attacker", "weapon_class"]
    frame = frame.assign(bulletin=frame["layer"].eq("bulletin"))
    grouped = frame.groupby(keys, dropna=False, sort=True)
    # built-in reductions only: a Python lambda per group costs ~10× more
    out = grouped.agg(
        layer=("layer", "first"),
        bulletin=("bulletin", "all"),
        rate_launched=("rate_launched", "sum"),
        rate_intercepted=("rate_intercepted", "sum"),
        documents=("documents", "sum"),
        approximate=("approximate", "any"),
        raids=("raid", "size"),
    )
    sums = grouped[list(MEASURES)].sum(min_count=1)  # a period with no stated value stays unknown
    out = out.join(sums).reset_index()
    out["attack_date"] = out["period"]
    out["when"] = out["period"]
    out["raid"] = out["period_name"]
    out["date"] = pd.to_datetime(out["period"])
    out = out.drop(columns=["period", "period_name"])
    out["rate"] = (out["rate_intercepted"] / out["rate_launched"]).where(out["rate_launched"] > 0)
    out["complete"] = out["rate"].notna()
    out["conflict"] = False
    out["recovered"] = False
    for measure in MEASURES:
        out[measure] = out[measure].astype("Float64")
    return out


def periods_of(totals: pd.DataFrame, parts: pd.DataFrame, which: str, resolution: str, measure: str) -> pd.DataFrame:
    """A layer's rows per period: its class totals (as shot down or neutralised), its stacked parts
    as drawn (shot down), or the parts stacked from the (neutralised) totals, as the news overlay."""
    rows = parts if which == "parts" else totals
    if measure == "neutralised" and which != "parts":
        rows = neutralise(rows)
    if which == "stacked":
        rows = stack_parts(rows)
    return by_period(rows, resolution)


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


def model_table(rows: pd.DataFrame, start: str | None, end: str | None, attacker: str, classes) -> pd.DataFrame:
    """Per model: raids, launched, intercepted, lost to EW, both rates over the raids that state
    both, first and last seen, launched per month (the sparkline); hardest to intercept first (the
    counts beside each rate)."""
    mask = (rows["attacker"] == attacker) & rows["weapon_class"].isin(list(classes))
    if start:
        mask &= rows["attack_date"] >= start
    if end:
        mask &= rows["attack_date"] <= end
    chosen = rows[mask]
    # every row's sparkline on one axis: the months of the whole table shown, a month without
    # the model a zero
    month = chosen["attack_date"].str[:7]
    months: list[str] = (
        list(pd.period_range(month.min(), month.max(), freq="M").strftime("%Y-%m")) if len(chosen) else []
    )
    launched = pd.to_numeric(chosen["launched"]).fillna(0).groupby([chosen["weapon"], month]).sum().unstack()
    out = []
    for (weapon, weapon_class), group in chosen.groupby(["weapon", "weapon_class"]):
        rates = pooled(group)
        monthly = launched.reindex(index=[weapon], columns=months).fillna(0).iloc[0]
        out.append(
            {
                "weapon": weapon,
                "class": LABELS.get(str(weapon_class), str(weapon_class)),
                "raids": int(group[["attack_date", "raid"]].drop_duplicates().shape[0]),
                **{m: integer(pd.to_numeric(group[m]).sum(min_count=1)) for m in MEASURES},
                "interception_rate": rates["interception_rate"],
                "neutralised_rate": rates["neutralised_rate"],
                "rate_launched": rates["rate_launched"],
                "first_seen": str(group["attack_date"].min()),
                "last_seen": str(group["attack_date"].max()),
                "monthly": {"from": months[0], "to": months[-1], "launched": [int(v) for v in monthly]},
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
    "monthly",
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

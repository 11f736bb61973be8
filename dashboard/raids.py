"""Raids as an analyst reads them: the headline strip, and raids compared side by side."""

from __future__ import annotations

import pandas as pd

from dashboard.classes import LABELS, RATE_SERIES
from dashboard.shape import neutralised


def headline(sizes: pd.DataFrame, whole: pd.DataFrame | None = None, attacker: str = "RU") -> list[str]:
    """Three lines an analyst reads first, from the raids of the timeline shown, dated by its newest
    raid (not by the clock): the latest raid (its national report, as a raid is drawn); the last 30
    days against the 30 before; the year so far against the same span of the year before. The spans
    sum `whole` (for the tally, raids with their regional reports added, as the monthly and yearly
    charts sum them), else `sizes`."""
    raids = sizes[(sizes["attacker"] == attacker) & sizes["launched"].notna()]
    if raids.empty:
        return []
    dates = pd.to_datetime(raids["attack_date"])
    newest = dates.max()
    last_raid = raids[dates == newest].tail(1)
    latest = last_raid.iloc[0]
    summed = raids if whole is None else whole[(whole["attacker"] == attacker) & whole["launched"].notna()]
    summed_dates = pd.to_datetime(summed["attack_date"])

    def span(start: pd.Timestamp, end: pd.Timestamp) -> tuple[int, float | None]:
        rows = summed[(summed_dates > start) & (summed_dates <= end)]
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


def raid_id(attack_date: str, raid: str) -> str:
    """A raid's name in the URL and the comparison: its date, with "-day" for a daytime raid (a
    date can hold a night raid and a daytime one, and they are two raids)."""
    return f"{attack_date}-day" if raid == "day" else attack_date


def raid_ids(totals: pd.DataFrame) -> pd.Series:
    return totals["attack_date"].where(totals["raid"] != "day", totals["attack_date"] + "-day")


def raid_label(raid: str) -> str:
    return f"{raid[:10]} (day)" if raid.endswith("-day") else f"{raid} (night)"


def clicked_raid(x: str) -> str:
    """The raid a chart's x names: a daytime raid is drawn at noon of its date."""
    return raid_id(x[:10], "day" if x[10:].strip().startswith("12") else "night")


def compare(
    totals: pd.DataFrame, raids: list[str], attacker: str = "RU", classes: list[str] | None = None
) -> pd.DataFrame:
    """The chosen raids side by side per class, in the order they were picked: launched, shot down,
    lost to EW, both rates, the difference from the first raid picked, and a total row per class
    (rates Σ ÷ Σ over the raids that state both)."""
    wanted = [c for c in [*RATE_SERIES, "missile", "mixed"] if classes is None or c in classes]
    keyed = totals.assign(raid_id=raid_ids(totals))
    chosen = keyed[keyed["raid_id"].isin(raids) & (keyed["attacker"] == attacker) & keyed["weapon_class"].isin(wanted)]
    columns = ["raid_id", "attack", "weapon_class", "class", "launched", "intercepted", "ew_lost", "rate"]
    columns += ["neutralised_rate", "launched_change", "intercepted_change"]
    if chosen.empty:
        return pd.DataFrame(columns=columns)
    order = {raid: index for index, raid in enumerate(raids)}
    chosen = chosen.assign(order=chosen["raid_id"].map(order), rank=chosen["weapon_class"].map(wanted.index))
    chosen = chosen.sort_values(["rank", "order"])
    rows = []
    for _, group in chosen.groupby("rank", sort=True):
        first = group.iloc[0] if group.iloc[0]["raid_id"] == raids[0] else None
        for index in group.index:
            row = group.loc[index]
            rows.append(
                {
                    "raid_id": row["raid_id"],
                    "attack": raid_label(row["raid_id"]),
                    "weapon_class": row["weapon_class"],
                    **_figures(group.loc[[index]]),
                    "launched_change": _change(row["launched"], first, "launched"),
                    "intercepted_change": _change(row["intercepted"], first, "intercepted"),
                }
            )
        if len(group) > 1:
            rows.append(
                {
                    "raid_id": "total",
                    "attack": f"Total of {len(group)} raids",
                    "weapon_class": group.iloc[0]["weapon_class"],
                    **_figures(group),
                }
            )
    table = pd.DataFrame(rows).reindex(columns=columns)
    numbers = [
        "launched",
        "intercepted",
        "ew_lost",
        "rate",
        "neutralised_rate",
        "launched_change",
        "intercepted_change",
    ]
    table[numbers] = table[numbers].apply(pd.to_numeric).astype("Float64")  # a missing count is NA, not NaN
    table["class"] = table["weapon_class"].map(LABELS)
    return table


def _figures(rows: pd.DataFrame) -> dict:
    """Sums, and rates over the rows whose launched and shot-down are both stated."""
    paired = rows[rows["rate"].notna()]
    launched = float(paired["launched"].sum())
    ew = rows["ew_lost"].sum(min_count=1)
    return {
        "launched": rows["launched"].sum(min_count=1),
        "intercepted": rows["intercepted"].sum(min_count=1),
        "ew_lost": ew,
        "rate": float(paired["intercepted"].sum()) / launched if launched else None,
        "neutralised_rate": neutralised(paired) / launched if launched else None,
    }


def _change(value, first, measure: str) -> float | None:
    if first is None or pd.isna(value) or pd.isna(first[measure]):
        return None
    return float(value) - float(first[measure])


def largest_with_week_before(parts: pd.DataFrame, everything: pd.DataFrame, attacker: str) -> tuple[str, ...]:
    """The largest raid of `parts` (the view's stacked class rows: launched summed without counting a
    figure twice), then every raid of the seven days before it, newest first, from `everything` (the
    week before may lie before the chosen dates)."""
    rows = parts[(parts["attacker"] == attacker) & parts["launched"].notna()]
    if rows.empty:
        return ()
    size = rows.groupby(raid_ids(rows))["launched"].sum()
    largest = str(size.idxmax())
    day = pd.Timestamp(largest[:10])
    earlier = everything[(everything["attacker"] == attacker) & everything["launched"].notna()]
    dates = pd.to_datetime(earlier["attack_date"])
    week = earlier[(dates >= day - pd.Timedelta(days=7)) & (dates < day)]
    before = sorted(set(raid_ids(week)), reverse=True)
    return (largest, *before)

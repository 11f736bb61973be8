"""Raids as an analyst reads them: the headline strip, and raids compared side by side."""

from __future__ import annotations

import pandas as pd

from dashboard.classes import LABELS, RATE_SERIES
from dashboard.shape import neutralised


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

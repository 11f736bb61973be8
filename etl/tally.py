"""One home for what every table and chart of attacks shares: the key of an attack, the rates, and
how a news figure is judged against the Air Force's tally.

- An attack is one raid: a night wave or a daytime wave (`raid`), so a date can hold two.
- The interception rate is Σ intercepted ÷ Σ launched over the rows that state both, each row's
  pair from one report or one source (never a news intercept over a tally launch count); the
  neutralised rate adds the drones lost to electronic warfare, comparable across the Air Force's
  August 2025 change to one merged "shot down / suppressed" figure.
"""

from __future__ import annotations

import pandas as pd

from etl import vocabulary
from etl.records import MEASURES

ATTACK_KEY = ("attack_date", "raid", "attacker", "scope", "weapon_class", "weapon")
RAIDS = ("night", "day")
# "during the day", "a daytime attack", "in the afternoon" (vocabulary/dates.yaml): a daytime raid.
# Anything else is the night that ends on the attack date (bulletins count from 18:00 to morning).
DAYTIME = r"\b(?:" + "|".join(vocabulary.load("dates.yaml")["daytime"]) + r")\b"

__all__ = [
    "ATTACK_KEY",
    "DAYTIME",
    "MEASURES",
    "RAIDS",
    "agreement",
    "neutralised_rates",
    "pooled",
    "pooled_from",
    "rates",
]


def complete(frame: pd.DataFrame) -> pd.Series:
    """Rows whose launched and intercepted are both stated, launched > 0 and intercepted ≤ launched."""
    launched = pd.to_numeric(frame["launched"], errors="coerce")
    intercepted = pd.to_numeric(frame["intercepted"], errors="coerce")
    return launched.notna() & intercepted.notna() & (launched > 0) & (intercepted <= launched)


def rates(frame: pd.DataFrame) -> pd.Series:
    """Each row's interception rate, where its own pair allows one."""
    launched = pd.to_numeric(frame["launched"], errors="coerce").astype("Float64")
    intercepted = pd.to_numeric(frame["intercepted"], errors="coerce").astype("Float64")
    return (intercepted / launched).where(complete(frame)).round(4)


def neutralised_rates(frame: pd.DataFrame) -> pd.Series:
    """Each row's (intercepted + lost to EW) ÷ launched; an unstated EW count adds nothing."""
    launched = pd.to_numeric(frame["launched"], errors="coerce").astype("Float64")
    intercepted = pd.to_numeric(frame["intercepted"], errors="coerce").astype("Float64")
    lost = pd.to_numeric(frame["ew_lost"], errors="coerce").astype("Float64").fillna(0)
    neutralised = intercepted + lost
    return (neutralised / launched).where(complete(frame) & (neutralised <= launched)).round(4)


def pooled(frame: pd.DataFrame) -> dict[str, float | int | None]:
    """Σ over the rows with a complete pair: the launched and intercepted behind the rate, the
    interception rate, the neutralised rate and how many rows it rests on."""
    usable = frame[complete(frame)]
    launched = pd.to_numeric(usable["launched"]).sum()
    intercepted = pd.to_numeric(usable["intercepted"]).sum()
    lost = pd.to_numeric(usable["ew_lost"], errors="coerce").fillna(0).sum()
    return pooled_from(len(usable), launched, intercepted, lost)


def pooled_from(rows: int, launched: float, intercepted: float, lost: float) -> dict[str, float | int | None]:
    """pooled() from its sums over the `rows` complete rows (for sums taken by a groupby)."""
    launched, intercepted, lost = float(launched), float(intercepted), float(lost)
    return {
        "rate_rows": rows,
        "rate_launched": int(launched) if rows else None,
        "rate_intercepted": int(intercepted) if rows else None,
        "interception_rate": round(intercepted / launched, 4) if launched > 0 else None,
        "neutralised_rate": round(min(intercepted + lost, launched) / launched, 4) if launched > 0 else None,
    }


def agreement(news: float, reference: float) -> str:
    """A news figure against the tally's: exact, within 5 %, or differs."""
    if news == reference:
        return "exact"
    return "within 5%" if abs(news - reference) <= 0.05 * max(reference, 1) else "differs"

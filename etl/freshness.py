"""How recent each source is: written beside the tables (metadata.json), printed by the CLI, shown
by the dashboard and in validation.md, so that nobody reads a six-month-old tally as last night.

`describe` is a pure function of the tables; the build time and "today" come from the caller (the
command line), never from inside a transform.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pandas as pd

from etl.load import atomic_paths

STALE_AFTER_DAYS = 14
SOURCES = {
    "tally": "the Air Force tally (Kaggle, Petro Ivaniuk)",
    "news": "news reports",
    "bulletins": "Air Force bulletins",
}


def describe(attacks: pd.DataFrame, reference: pd.DataFrame | None, reference_path: Path | None) -> dict:
    """First and last attack date and rows per source, and the reference file's name and hash."""
    columns = [f"{m}_source" for m in ("launched", "intercepted", "ew_lost")]
    stated = {kind: attacks[attacks[columns].isin([kind]).any(axis=1)] for kind in ("news", "bulletin")}
    sources: dict[str, dict | None] = {
        "tally": None,
        "news": _span(stated["news"]),
        "bulletins": _span(stated["bulletin"]),
    }
    if reference is not None:
        sources["tally"] = _span(reference)
        if reference_path is not None:
            daily = reference_path / "missile_attacks_daily.csv" if reference_path.is_dir() else reference_path
            if daily.exists():
                sources["tally"]["file"] = daily.name  # type: ignore[index]
                sources["tally"]["sha256"] = hashlib.sha256(daily.read_bytes()).hexdigest()  # type: ignore[index]
    return {"sources": sources}


def _span(frame: pd.DataFrame) -> dict | None:
    dated = frame["attack_date"].dropna()
    if dated.empty:
        return None
    return {"first": str(dated.min()), "last": str(dated.max()), "rows": len(frame)}


def write_metadata(metadata: dict, out_dir: Path, built: str | None) -> Path:
    target = Path(out_dir) / "metadata.json"
    with atomic_paths(target) as (temp,):
        temp.write_text(json.dumps({"built": built, **metadata}, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return target


def read_metadata(data_dir: Path) -> dict | None:
    path = Path(data_dir) / "metadata.json"
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def newest(metadata: dict | None) -> str | None:
    lasts = [s["last"] for s in (metadata or {}).get("sources", {}).values() if s]
    return max(lasts) if lasts else None


def through(metadata: dict | None) -> str:
    """ "data through: tally 2026-06-07, news 2025-10-30, bulletins none" """
    sources = (metadata or {}).get("sources", {})
    return "data through: " + ", ".join(
        f"{name} {sources[name]['last']}" if sources.get(name) else f"{name} none" for name in SOURCES
    )


def stale(metadata: dict | None, today: dt.date) -> str | None:
    """A warning when the newest data is more than 14 days before `today`, with how to update."""
    last = newest(metadata)
    if last is None:
        return "no dated data"
    days = (today - dt.date.fromisoformat(last)).days
    if days <= STALE_AFTER_DAYS:
        return None
    return (
        f"the newest data is {days} days old ({last}); see the README's 'Updating the data' for a newer "
        "tally, new articles or the Air Force's channel export"
    )

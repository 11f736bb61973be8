"""The sources table: one observation as a row with its sentence, link and the reports' disagreements."""

from __future__ import annotations

from typing import Any

import pandas as pd

from dashboard.classes import LABELS
from etl.tally import ATTACK_KEY, MEASURES


def _missing(value: Any) -> bool:
    return value is None or bool(pd.isna(value))


def _text(value: Any) -> str | None:
    return None if _missing(value) else str(value)


def integer(value: Any) -> int | None:
    return None if _missing(value) else int(value)


def attack_key(row: dict) -> tuple:
    return tuple(_text(row.get(k)) for k in ATTACK_KEY)


def conflict_notes(attacks: pd.DataFrame) -> dict[tuple, str]:
    """For each attack whose reports disagree, what was kept and what else was said."""
    notes = {}
    for row in attacks.to_dict("records"):
        parts = [
            f"{m}: kept {integer(row[m])}, also {row[f'{m}_alternatives']}"
            for m in MEASURES
            if row.get(f"{m}_conflict") is True and _text(row.get(f"{m}_alternatives"))
        ]
        if parts:
            notes[attack_key(row)] = "; ".join(parts)
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
        "launched": integer(row["launched"]),
        "intercepted": integer(row["intercepted"]),
        "ew_lost": integer(row["ew_lost"]),
        "qualifiers": ", ".join(q.replace("_", " ") for q in qualifiers),
        "scope": row["scope"],
        "date_from": _date_from(row),
        "evidence": row["evidence"],
        "source": f"[{label}]({url})" if url else label,
    }

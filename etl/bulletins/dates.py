"""The night or day a bulletin covers, with its window of hours."""

from __future__ import annotations

import datetime as dt

import regex

from etl import guard
from etl.bulletins.grammar import When, patterns, words

YEAR_WORD = guard.compile(r"\b(20\d\d)\s*року")


def read_when(text: str, published: str | None) -> When:
    """The night or day a post covers."""
    p = patterns()
    pub = _date(published[:10]) if published and len(published) >= 10 else None
    day_words = p["day_report"].found_in(text)
    night = p["night"].search(text)
    if night and not day_words:
        if night.group("nd"):
            date = _date(f"20{night.group('ny')}-{night.group('nm')}-{night.group('nd')}")
            return _when(date, None, "night", None, night.group())
        window = p["window"].search(text, night.end(), night.end() + 40)
        return _resolve(night, pub, "night", window, None, text)
    span = p["range"].search(text)
    if span:
        end = f"{int(span.group('eh')):02d}:{span.group('em') or '00'}"
        return _resolve(span, pub, "night", None, end, text)
    if day_words:
        window = p["day_window"].search(text)
        dated = p["date"].search(text)
        when = _resolve(dated, pub, "day", None, None, text) if dated else _when(pub, None, "day", None, "")
        if window and when.attack_date:
            start = f"{when.attack_date} {int(window.group('sh')):02d}:{window.group('sm')}"
            end = f"{when.attack_date} {int(window.group('eh')):02d}:{window.group('em')}"
            return When(when.attack_date, when.partial, when.month, "day", start, end, when.text)
        return when
    dated = p["date"].search(text)
    if dated:
        return _resolve(dated, pub, "night", None, None, text)
    return _when(pub, None, "night", None, "")


def _resolve(
    m: regex.Match[str], pub: dt.date | None, period: str, window: regex.Match[str] | None, end: str | None, text: str
) -> When:
    month = _month(m.group("m"))
    day = int(m.group("d"))
    year = int(m.group("y")) if m.group("y") else None
    if year is None:
        year_in_text = YEAR_WORD.search(text)
        year = int(year_in_text.group(1)) if year_in_text else None
    if year is None and pub is not None:
        year = pub.year - 1 if month > pub.month + 1 else pub.year
    date = _safe(year, month, day) if year else None
    start = None
    if window is not None and date is not None:
        w_month, w_day = _month(window.group("wmo")), int(window.group("wd"))
        w_date = _safe(date.year - (1 if w_month > date.month else 0), w_month, w_day)
        start = f"{w_date} {int(window.group('wh')):02d}:{window.group('wm')}" if w_date else None
    if date is None:
        return When(None, f"--{month:02d}-{day:02d}", None, period, None, None, m.group())
    return _when(date, start, period, f"{date} {end}" if end else None, m.group())


def _when(date: dt.date | None, start: str | None, period: str, end: str | None, text: str) -> When:
    if date is None:
        return When(None, None, None, period, start, end, text)
    return When(date.isoformat(), None, date.isoformat()[:7], period, start, end, text)


def _month(name: str) -> int:
    name = name.lower()
    return next(int(n) for n, forms in words()["months"].items() if name in forms)


def _safe(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None

"""The view a user chose, and its place in the URL: a link reproduces what the sender saw, and an
unknown or malformed parameter is ignored, never an error."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from typing import Protocol
from urllib.parse import parse_qs, urlencode

import pandas as pd


class Known(Protocol):
    """What a URL's models, raids and layer are checked against: the page's data (dashboard.data.Data),
    named by what it offers so that the view's state does not import the data it is read from."""

    @property
    def models(self) -> Collection[str]: ...

    @property
    def raid_ids(self) -> frozenset[str]: ...

    @property
    def layers(self) -> Collection[str]: ...


# The classes a user filters and charts by.
CLASSES = ["drone", "cruise_missile", "ballistic_missile", "missile", "mixed"]
WINDOWS = (7, 30)
MAX_COMPARE = 20  # a comparison of more raids is not readable, and a long list is a cost
ATTACKERS = ("RU", "UA")
LAYERS = ("reference", "news", "both")
# "auto": per month when the span shown is over a year (thousands of raids are unreadable), else per raid
RESOLUTIONS = ("auto", "raid", "week", "month", "year")
AUTO_MONTHS_AFTER_DAYS = 366
# what the rate counts: shot down (and suppressed), or neutralised, which adds those lost to EW
RATE_MEASURES = ("intercepted", "neutralised")


@dataclass(frozen=True)
class State:
    """Everything the user chose; lives in the URL so a link reproduces the view."""

    start: str | None = None
    end: str | None = None
    classes: tuple[str, ...] = tuple(CLASSES)
    models: tuple[str, ...] = ()
    attacker: str = "RU"
    window: int = 30
    compare: tuple[str, ...] = ()
    layer: str = "reference"  # the reference timeline by default; "news", or "both" (news over it)
    resolution: str = "auto"  # one point per raid, or per week, month or year (Σ over the period's raids)
    rate: str = "intercepted"  # or "neutralised": comparable across the Air Force's August 2025 change


def state_from_query(search: str | None, data: Known | None = None) -> State:
    """Read the view from a query string; anything unknown or malformed is ignored."""
    params = parse_qs((search or "").lstrip("?"), keep_blank_values=False)
    state = State()

    def one(name: str) -> str | None:
        values = params.get(name)
        return values[-1] if values else None

    def many(name: str) -> list[str]:
        return [v for value in params.get(name, []) for v in value.split(",") if v]

    start, end = _iso(one("start")), _iso(one("end"))
    if start and end and end < start:
        start, end = end, start  # "from 2025-09 to 2025-07" means the span between them
    classes = tuple(c for c in many("class") if c in CLASSES)
    models = tuple(m for m in many("model") if data is None or m in data.models)
    attacker = one("attacker")
    window = one("window")
    raids = data.raid_ids if data is not None else None
    compare_raids = tuple(dict.fromkeys(r for v in many("compare")[:200] if (r := _raid(v, raids))))[:MAX_COMPARE]
    layer = one("layer")
    layer = layer if layer in LAYERS else state.layer
    resolution = one("res")
    resolution = resolution if resolution in RESOLUTIONS else state.resolution
    rate = one("rate")
    rate = rate if rate in RATE_MEASURES else state.rate
    if data is not None and "reference" not in data.layers:
        layer = "news"
    return replace(
        state,
        start=start,
        end=end,
        classes=classes or state.classes,
        models=models,
        attacker=attacker if attacker in ATTACKERS else state.attacker,
        window=int(window) if window in {str(w) for w in WINDOWS} else state.window,
        compare=compare_raids,
        layer=layer,
        resolution=resolution,
        rate=rate,
    )


def query_from_state(state: State) -> str:
    default = State()
    params: list[tuple[str, str]] = []
    if state.start:
        params.append(("start", state.start))
    if state.end:
        params.append(("end", state.end))
    if tuple(state.classes) != default.classes:
        params.append(("class", ",".join(state.classes)))
    if state.models:
        params.append(("model", ",".join(state.models)))
    if state.attacker != default.attacker:
        params.append(("attacker", state.attacker))
    if state.window != default.window:
        params.append(("window", str(state.window)))
    if state.compare:
        params.append(("compare", ",".join(state.compare)))
    if state.layer != default.layer:
        params.append(("layer", state.layer))
    if state.resolution != default.resolution:
        params.append(("res", state.resolution))
    if state.rate != default.rate:
        params.append(("rate", state.rate))
    return "?" + urlencode(params, safe=",") if params else ""


def resolution_for(state: State, first: str | None, last: str | None) -> str:
    """The resolution drawn: the chosen one, or for "auto" per month when the dates shown (the
    chosen ones, else the data's `first` to `last`) span over a year."""
    if state.resolution != "auto":
        return state.resolution
    start, end = state.start or first, state.end or last
    if not start or not end:
        return "raid"
    return "month" if (pd.Timestamp(end) - pd.Timestamp(start)).days > AUTO_MONTHS_AFTER_DAYS else "raid"


def _raid(value: str, known: frozenset[str] | None) -> str | None:
    """A raid named in the URL: "2025-07-04" (its night raid) or "2025-07-04-day"; a bare date
    whose only raid was by day names that one."""
    date = _iso(value)
    if not date or value not in (date, f"{date}-day"):
        return None
    if known is None or value in known:
        return value
    return f"{date}-day" if value == date and f"{date}-day" in known else None


def _iso(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return pd.Timestamp(value[:10]).strftime("%Y-%m-%d") if len(value) >= 10 else None
    except (ValueError, TypeError):
        return None

"""The sources grid's pages: which observations the view lists, in which order, and the page shown.

The grid holds one page (its rows keep their full height, which AG Grid's infinite row model
cannot); the server filters, searches, sorts and slices, so a request carries 20 rows whatever the
number of observations."""

from __future__ import annotations

from typing import Any

import numpy as np

from dashboard import ids
from dashboard.data import Data
from dashboard.evidence import PAGE_ROWS, sort_spec
from dashboard.state import State

MOVES = {ids.SOURCES_FIRST: "first", ids.SOURCES_PREV: "prev", ids.SOURCES_NEXT: "next", ids.SOURCES_LAST: "last"}


def found_sources(state: State, search: str | None, data: Data, filters: Any = None, sort: Any = None) -> np.ndarray:
    """The positions in `data.observations` of the rows the sources table lists, in its order: the
    filters' (an undated row is kept under a date filter, as it may belong there), the search's,
    the grid's column filters' (its filter model) and sort's (its column state)."""

    def select() -> np.ndarray:
        obs = data.observations
        mask = (obs["attacker"] == state.attacker) & obs["weapon_class"].isin(state.classes)
        dated = obs["attack_date"].notna()
        if state.start:
            mask &= ~dated | (obs["attack_date"] >= state.start)
        if state.end:
            mask &= ~dated | (obs["attack_date"] <= state.end)
        if state.models:
            mask &= obs["weapon"].isin(state.models)
        return np.flatnonzero(mask.to_numpy(dtype=bool))

    scope = (state.attacker, state.classes, state.start, state.end, state.models)
    return data.sources.view(scope, select, search, filters, sort)


def sources(
    state: State, search: str | None, data: Data, page: int = 0, filters: Any = None, sort: Any = None
) -> tuple[list[dict], int]:
    """One page of the rows listed, and how many are listed."""
    listed = found_sources(state, search, data, filters, sort)
    return data.sources.page(listed, page), len(listed)


def source_page(
    state: State, search: str | None, data: Data, filters: Any, column_state: Any, move: str | None, shown: Any
) -> dict | None:
    """What the grid and its pager show after a change: `move` (first, prev, next, last) turns the
    page of the view `shown` (the pager's last state); any other change starts its view at page 1.
    None when nothing the list depends on changed (a column resized or moved)."""
    shown = shown if isinstance(shown, dict) else {}
    # the sort alone, in the column state's own spelling (what a download is handed back)
    sort = [
        {"colId": c, "sort": "asc" if up else "desc", "sortIndex": i}
        for i, (c, up) in enumerate(sort_spec(column_state))
    ]
    unchanged = shown.get("filters") == filters and shown.get("sort") == sort and _same(shown, state, search)
    if move is None and unchanged:
        return None
    listed = found_sources(state, search, data, filters, sort)
    last = max(0, (len(listed) - 1) // PAGE_ROWS)
    page = shown.get("page") if isinstance(shown.get("page"), int) else 0
    page = {"first": 0, "prev": page - 1, "next": page + 1, "last": last}.get(move or "", 0)
    page = min(max(page, 0), last)
    first, end = page * PAGE_ROWS + 1, min((page + 1) * PAGE_ROWS, len(listed))
    return {
        "rows": data.sources.page(listed, page),
        "pager": {"page": page, "filters": filters, "sort": sort, "view": _view(state, search)},
        "caption": f"Rows {first:,}–{end:,} of {len(listed):,}" if len(listed) else "No sentence matches this view.",
        "at_start": page == 0,
        "at_end": page == last,
    }


def _view(state: State, search: str | None) -> list:
    return [state.attacker, list(state.classes), state.start, state.end, list(state.models), search]


def _same(shown: dict, state: State, search: str | None) -> bool:
    return shown.get("view") == _view(state, search)

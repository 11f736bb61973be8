"""The sources table: every observation as a row with its sentence, link and the reports'
disagreements, kept as columns and served a page at a time.

The table is built once, column by column (100,000 observations in well under a second). A view
of it is a list of row positions: the filters', the search's and the grid's own column filters and
sort, computed once per view and kept, so that turning its pages costs a slice."""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Callable
from threading import Lock
from typing import Any

import numpy as np
import pandas as pd

from dashboard.classes import LABELS
from etl.tally import ATTACK_KEY, MEASURES

PAGE_ROWS = 20  # rows on a page of the sources grid
MAX_CONDITIONS = 8  # a column filter's joined conditions read (AG Grid's own menu offers two)
VIEWS_KEPT = 32  # the latest views' row lists (8 bytes a row)
NUMBERS = ("launched", "intercepted", "ew_lost")
COLUMNS = (
    "attack_date",
    "weapon",
    "launched",
    "intercepted",
    "ew_lost",
    "qualifiers",
    "evidence",
    "source",
    "date_from",
    "disagreement",
    "weapon_class",
    "scope",
)


def _missing(value: Any) -> bool:
    return value is None or bool(pd.isna(value))


def _text(value: Any) -> str | None:
    return None if _missing(value) else str(value)


def integer(value: Any) -> int | None:
    return None if _missing(value) else int(value)


def source_table(observations: pd.DataFrame, attacks: pd.DataFrame) -> pd.DataFrame:
    """Every observation as the sources grid shows it, in the observations' order."""
    obs = observations.reset_index(drop=True)

    def given(name: str) -> pd.Series:
        """A text column, with an empty or absent one counted as not given."""
        if name not in obs:
            return pd.Series(pd.NA, index=obs.index, dtype="string")
        text = obs[name].astype("string")
        return text.where(text != "")

    label = given("outlet").fillna(obs["doc_id"].astype("string"))
    url = given("url")
    said = given("text_attack_date").fillna("no date")
    words = given("date_text").fillna("no date words")
    recovered = given("date_basis").eq("reference").fillna(False).astype(bool)
    table = pd.DataFrame(
        {
            "attack_date": given("attack_date").fillna(given("attack_month")).fillna("undated"),
            "weapon": obs["weapon"].astype("string"),
            "launched": obs["launched"].astype("Int64"),
            "intercepted": obs["intercepted"].astype("Int64"),
            "ew_lost": obs["ew_lost"].astype("Int64"),
            "qualifiers": _qualifiers(obs),
            "evidence": obs["evidence"].astype("string"),
            "source": ("[" + label + "](" + url + ")").fillna(label),
            "date_from": ("Air Force tally (text: " + said + ")").where(recovered, "text (" + words + ")"),
            "disagreement": _disagreements(obs, attacks),
            "weapon_class": obs["weapon_class"].map(lambda c: LABELS.get(c, c)).astype("string"),
            "scope": obs["scope"].astype("string"),
        },
        columns=list(COLUMNS),
    )
    return table


def _qualifiers(obs: pd.DataFrame) -> pd.Series:
    """A row's qualifiers ("approximate, upper bound"): few distinct sets, each spelt once."""
    columns = [obs[f"{m}_qualifier"].astype("string").fillna("") for m in MEASURES if f"{m}_qualifier" in obs]
    if not columns:
        return pd.Series("", index=obs.index, dtype="string")
    key = columns[0]
    for column in columns[1:]:
        key = key + "|" + column
    spelt = {k: ", ".join(q.replace("_", " ") for q in sorted(set(k.split("|")) - {""})) for k in key.unique()}
    return key.map(spelt).astype("string")


def _disagreements(obs: pd.DataFrame, attacks: pd.DataFrame) -> pd.Series:
    """For an observation whose attack's reports disagree: what was kept and what else was said."""
    notes = conflict_notes(attacks)
    if not notes:
        return pd.Series("", index=obs.index, dtype="string")
    columns = [obs[k].astype("string").astype(object).where(obs[k].notna(), None) for k in ATTACK_KEY]
    return pd.Series([notes.get(key, "") for key in zip(*columns, strict=True)], index=obs.index, dtype="string")


def attack_key(row: dict) -> tuple:
    return tuple(_text(row.get(k)) for k in ATTACK_KEY)


def conflict_notes(attacks: pd.DataFrame) -> dict[tuple, str]:
    """For each attack whose reports disagree, what was kept and what else was said."""
    flagged = attacks[attacks[[f"{m}_conflict" for m in MEASURES]].fillna(False).astype(bool).any(axis=1)]
    notes = {}
    for row in flagged.to_dict("records"):
        parts = [
            f"{m}: kept {integer(row[m])}, also {row[f'{m}_alternatives']}"
            for m in MEASURES
            if row.get(f"{m}_conflict") is True and _text(row.get(f"{m}_alternatives"))
        ]
        if parts:
            notes[attack_key(row)] = "; ".join(parts)
    return notes


class Sources:
    """The sources table, its search text, and the views of it asked for lately."""

    def __init__(self, observations: pd.DataFrame, attacks: pd.DataFrame) -> None:
        self.table = source_table(observations, attacks)
        searchable = observations[["evidence", "weapon", "outlet", "doc_id"]].fillna("").astype(str)
        self.search_text = (
            searchable["evidence"]
            + " "
            + searchable["weapon"]
            + " "
            + searchable["outlet"]
            + " "
            + searchable["doc_id"]
        ).str.lower()
        self.search_text.index = self.table.index
        self._ranks: dict[str, np.ndarray] = {}
        self._views: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = Lock()

    def view(
        self, scope: tuple, select: Callable[[], np.ndarray], search: str | None, filters: Any = None, sort: Any = None
    ) -> np.ndarray:
        """The positions listed, in order: `select()`'s (the dashboard's filters, which `scope`
        names) narrowed by the search and the grid's column filters, ordered by the grid's sort.
        Kept for the view's next page and its download."""
        key = json.dumps([scope, search, filters, sort], default=str)
        with self._lock:
            if key in self._views:
                self._views.move_to_end(key)
                return self._views[key]
        selected = select()
        positions = selected
        if search:
            positions = positions[self.search_text.iloc[positions].str.contains(search.lower(), regex=False).to_numpy()]
        positions = positions[column_filters(self.table.iloc[positions], filters)]
        positions = self._sorted(positions, sort_spec(sort))
        with self._lock:
            self._views[key] = positions
            while len(self._views) > VIEWS_KEPT:
                self._views.popitem(last=False)
        return positions

    def page(self, positions: np.ndarray, page: int, size: int = PAGE_ROWS) -> list[dict]:
        """One page of rows as the grid takes them (missing values as null)."""
        rows = self.table.iloc[positions[page * size : (page + 1) * size]]
        return rows.astype(object).where(rows.notna(), None).to_dict("records")

    def _sorted(self, positions: np.ndarray, spec: list[tuple[str, bool]]) -> np.ndarray:
        if not spec or len(positions) < 2:
            return positions
        # np.lexsort takes its primary key last; a column's dense rank is computed once and reused
        keys = [self._rank(column)[positions] * (1 if ascending else -1) for column, ascending in reversed(spec)]
        return positions[np.lexsort(keys)]

    def _rank(self, column: str) -> np.ndarray:
        """Each row's place in the column's order as AG Grid sorts it: missing first, then by value
        (numbers as numbers, text by code point)."""
        if column not in self._ranks:
            values = self.table[column]
            ranks = values.rank(method="dense", na_option="top").to_numpy(dtype="int64", na_value=0)
            self._ranks[column] = ranks
        return self._ranks[column]


def sort_spec(column_state: Any) -> list[tuple[str, bool]]:
    """The grid's sort from its column state: (column, ascending) by sort index; anything else in
    it (widths, order, unknown columns or values) ignored."""
    if not isinstance(column_state, list):
        return []
    sorted_columns: list[tuple[int, str, bool]] = [
        (c["sortIndex"] if isinstance(c.get("sortIndex"), int) else 0, c["colId"], c["sort"] == "asc")
        for c in column_state
        if isinstance(c, dict) and c.get("colId") in COLUMNS and c.get("sort") in ("asc", "desc")
    ]
    return [(column, ascending) for _, column, ascending in sorted(sorted_columns, key=lambda s: s[0])]


def column_filters(table: pd.DataFrame, model: Any) -> np.ndarray:
    """Which rows pass the grid's column filters (its filter model), as AG Grid's text and number
    filters decide: text case-insensitively; a missing value passes only "blank" (and, for text,
    the negative conditions). A condition this does not know lets every row pass."""
    keep = np.ones(len(table), dtype=bool)
    if not isinstance(model, dict):
        return keep
    for column, spec in model.items():
        if isinstance(column, str) and column in COLUMNS and isinstance(spec, dict):
            keep &= _passes(pd.Series(table[column]), spec)
    return keep


def _passes(values: pd.Series, spec: dict, combined: bool = True) -> np.ndarray:
    """`combined`: the spec may join conditions (AG Grid nests them one level deep, never more)."""
    conditions = spec.get("conditions")
    if conditions is None and "condition1" in spec:  # the model's older spelling
        conditions = [spec.get("condition1"), spec.get("condition2")]
    if isinstance(conditions, list) and combined:
        results = [_passes(values, c, combined=False) for c in conditions[:MAX_CONDITIONS] if isinstance(c, dict)]
        if not results:
            return np.ones(len(values), dtype=bool)
        combine = np.logical_or if spec.get("operator") == "OR" else np.logical_and
        return combine.reduce(results)
    kind = str(spec.get("type") or "")
    if kind == "blank":
        return (values.isna() | (values.astype("string") == "")).to_numpy(dtype=bool)
    if kind == "notBlank":
        return ~(values.isna() | (values.astype("string") == "")).to_numpy(dtype=bool)
    try:
        if spec.get("filterType") == "number" and values.name in NUMBERS:
            return _number(values, kind, spec)
        return _text_condition(values, kind, spec)
    except (TypeError, ValueError, OverflowError, LookupError):
        return np.ones(len(values), dtype=bool)


def _number(values: pd.Series, kind: str, spec: dict) -> np.ndarray:
    number = values.astype("Float64")
    value = float(spec["filter"]) if spec.get("filter") is not None else None
    if value is None:
        return np.ones(len(values), dtype=bool)
    tests = {
        "equals": lambda: number == value,
        "notEqual": lambda: number != value,
        "greaterThan": lambda: number > value,
        "greaterThanOrEqual": lambda: number >= value,
        "lessThan": lambda: number < value,
        "lessThanOrEqual": lambda: number <= value,
        "inRange": lambda: (number > value) & (number < float(spec["filterTo"])),
    }
    if kind not in tests:
        return np.ones(len(values), dtype=bool)
    return tests[kind]().fillna(False).to_numpy(dtype=bool)


def _text_condition(values: pd.Series, kind: str, spec: dict) -> np.ndarray:
    needle = spec.get("filter")
    if needle is None or needle == "":
        return np.ones(len(values), dtype=bool)
    needle = str(needle).lower()
    text = values.astype("string").str.lower()
    tests = {
        "contains": lambda: text.str.contains(needle, regex=False),
        "notContains": lambda: ~text.str.contains(needle, regex=False),
        "equals": lambda: text == needle,
        "notEqual": lambda: text != needle,
        "startsWith": lambda: text.str.startswith(needle),
        "endsWith": lambda: text.str.endswith(needle),
    }
    if kind not in tests:
        return np.ones(len(values), dtype=bool)
    # a missing value is "not" anything, and nothing positive
    return tests[kind]().fillna(kind in ("notContains", "notEqual")).to_numpy(dtype=bool)

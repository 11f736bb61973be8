"""CSV downloads: tidy, ISO dates, snake_case headers, empty unknowns, UTF-8 with BOM for Excel,
and text cells that begin like a formula neutralised."""

from __future__ import annotations

import io

import pandas as pd

from etl.records import MEASURES

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Spreadsheet formula injection: a text cell that begins like a formula is prefixed with '."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(frame: pd.DataFrame) -> bytes:
    """Tidy CSV for download: ISO dates, snake_case headers, empty unknowns, UTF-8 with BOM."""
    safe = frame.copy()
    for column in safe.columns:
        values = safe[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            safe[column] = values.map(neutralise)
        elif column in MEASURES and pd.api.types.is_float_dtype(values):
            safe[column] = values.astype("Int64")  # counts stay whole numbers: 3, not 3.0
    buffer = io.StringIO()
    safe.to_csv(buffer, index=False, lineterminator="\n")
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")

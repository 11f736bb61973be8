"""CSV downloads: tidy, ISO dates, snake_case headers, empty unknowns, UTF-8 with BOM for Excel,
and text cells that begin like a formula neutralised."""

from __future__ import annotations

import io

import pandas as pd

from etl.load import CSV_LINE_END, spreadsheet_safe
from etl.records import MEASURES


def to_csv(frame: pd.DataFrame) -> bytes:
    """Tidy CSV for download: ISO dates, snake_case headers, empty unknowns, UTF-8 with BOM."""
    safe = spreadsheet_safe(frame)
    for column in safe.columns:
        if column in MEASURES and pd.api.types.is_float_dtype(safe[column]):
            safe[column] = safe[column].astype("Int64")  # counts stay whole numbers: 3, not 3.0
    buffer = io.StringIO()
    safe.to_csv(buffer, index=False, lineterminator=CSV_LINE_END)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")

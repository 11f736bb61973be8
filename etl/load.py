"""Writing and reading the tables. Writes are atomic: each file is written beside its target and
renamed over it only once complete, so a crash or Ctrl-C never leaves a half-written table."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from etl.schema import check_observations


@contextmanager
def atomic_path(target: Path):
    """A temporary path in the target's folder, renamed onto the target on success."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    temp = Path(temp_name)
    try:
        yield temp
        os.replace(temp, target)
    finally:
        if temp.exists():
            temp.unlink()


def write_table(frame: pd.DataFrame, out_dir: Path, name: str, check: Callable[[pd.DataFrame], pd.DataFrame]) -> list[Path]:
    """`name`.csv and `name`.parquet, validated before either is written. The bytes depend only on
    the rows: no timestamps, no pandas metadata, a stable row order chosen by the caller."""
    frame = check(frame)
    out_dir = Path(out_dir)
    csv_path, parquet_path = out_dir / f"{name}.csv", out_dir / f"{name}.parquet"
    with atomic_path(csv_path) as temp:
        # utf-8-sig: Excel opens it with the right encoding; unknown values stay empty.
        frame.to_csv(temp, index=False, encoding="utf-8-sig", lineterminator="\n")
    table = pa.Table.from_pandas(frame, preserve_index=False).replace_schema_metadata(None)
    with atomic_path(parquet_path) as temp:
        pq.write_table(table, temp, compression="zstd")
    return [csv_path, parquet_path]


def write_observations(frame: pd.DataFrame, out_dir: Path) -> list[Path]:
    return write_table(frame, out_dir, "observations", check_observations)


def read_observations(path: Path) -> pd.DataFrame:
    """Read observations.parquet (or .csv) and check it against the schema."""
    path = Path(path)
    if path.is_dir():
        path = path / "observations.parquet"
    frame = pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path, dtype=str, encoding="utf-8-sig")
    return check_observations(frame)

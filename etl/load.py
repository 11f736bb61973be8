"""Writing and reading the tables. Writes are atomic: each file is written beside its target and
renamed over it only once complete, so a crash or Ctrl-C never leaves a half-written table."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from etl.records import Problem
from etl.schema import (
    check_attacks,
    check_observations,
    check_periods,
    check_raids,
    check_reference,
    check_sentences,
    check_unread,
    with_evidence,
)
from etl.spill import Observations


def _file_mode() -> int:
    """0666 less the user's umask, as any other file the user writes (0644 with the usual 022)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


FILE_MODE = _file_mode()


@contextmanager
def atomic_paths(*targets: Path) -> Iterator[list[Path]]:
    """Temporary paths beside the targets, renamed onto them only once all were written, so that a
    crash or Ctrl-C leaves the previous tables (all of them) and no stray temporary file."""
    temps = []
    try:
        for target in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            os.close(handle)
            temps.append(Path(name))
        yield temps
        for temp, target in zip(temps, targets, strict=True):
            os.chmod(temp, FILE_MODE)  # mkstemp makes 0600: the tables are for others to read too
            os.replace(temp, target)
    finally:
        for temp in temps:
            temp.unlink(missing_ok=True)


# A text cell that begins like a formula is run by a spreadsheet ("=HYPERLINK(…)" in a page's
# title): in every CSV the project writes it is prefixed with ', and line ends are CRLF so that a
# field holding a lone CR is quoted, never split into a row that starts with a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_LINE_END = "\r\n"


def neutralise(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell that could start a formula neutralised (for CSV only)."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    return safe


def write_table(
    frame: pd.DataFrame, out_dir: Path, name: str, check: Callable[[pd.DataFrame], pd.DataFrame]
) -> list[Path]:
    """`name`.csv and `name`.parquet, validated before either is written. The bytes depend only on
    the rows: no timestamps, no pandas metadata, a stable row order chosen by the caller."""
    return write_chunks([frame], out_dir, name, check)


def write_chunks(
    chunks: Iterable[pd.DataFrame], out_dir: Path, name: str, check: Callable[[pd.DataFrame], pd.DataFrame]
) -> list[Path]:
    """write_table() over a table given a chunk at a time (at least one, maybe empty): each chunk
    validated, then appended to the CSV and written as a row group of the Parquet file."""
    out_dir = Path(out_dir)
    targets = [out_dir / f"{name}.csv", out_dir / f"{name}.parquet"]
    with atomic_paths(*targets) as (csv_temp, parquet_temp):
        writer = None
        try:
            # utf-8-sig: Excel opens it with the right encoding; unknown values stay empty.
            with open(csv_temp, "w", encoding="utf-8-sig", newline="") as csv_file:
                for chunk in chunks:
                    frame = check(chunk)
                    spreadsheet_safe(frame).to_csv(
                        csv_file, index=False, header=writer is None, lineterminator=CSV_LINE_END
                    )
                    table = pa.Table.from_pandas(frame, preserve_index=False).replace_schema_metadata(None)
                    if writer is None:
                        writer = pq.ParquetWriter(parquet_temp, table.schema, compression="zstd")
                    writer.write_table(table.cast(writer.schema))
        finally:
            if writer is not None:
                writer.close()
    return targets


def write_observations(observations: Observations, out_dir: Path) -> list[Path]:
    """observations and the sentences its rows point at, a chunk at a time."""
    return write_chunks(observations.sentence_chunks(), out_dir, "sentences", check_sentences) + write_chunks(
        observations.chunks(), out_dir, "observations", check_observations
    )


def write_attacks(frame: pd.DataFrame, out_dir: Path) -> list[Path]:
    return write_table(frame, out_dir, "attacks", check_attacks)


def write_unread(problems: Sequence[Problem], out_dir: Path) -> list[Path]:
    """Every document the run could not read and why, one row each (written even when empty, so
    that no earlier run's list stands beside this run's tables)."""
    columns = {"source": [p.where for p in problems], "doc_id": [p.doc_id for p in problems]}
    frame = pd.DataFrame({**columns, "reason": [p.reason for p in problems]}, dtype="string")
    return write_table(frame, out_dir, "unread", check_unread)


def write_aggregates(tables: dict[str, pd.DataFrame], out_dir: Path) -> list[Path]:
    """raids, monthly and yearly (etl/aggregate.py)."""
    checks = {"raids": check_raids, "monthly": check_periods, "yearly": check_periods}
    return [path for name, frame in tables.items() for path in write_table(frame, out_dir, name, checks[name])]


def read_table(path: Path, name: str) -> pd.DataFrame:
    """raids, monthly or yearly, checked against its schema."""
    return _read(path, name, {"raids": check_raids, "monthly": check_periods, "yearly": check_periods}[name])


# Written by a run while it moves its staged tables into the output folder, removed once all are in:
# found by a reader, the folder holds some tables of one run and some of the run before.
SWITCHING = ".switching"


class HalfWritten(RuntimeError):
    """A run stopped while moving its tables in: the folder mixes two runs."""


def check_whole(folder: Path) -> None:
    if (folder / SWITCHING).exists():
        raise HalfWritten(
            f"{folder}: an ETL run stopped while moving its tables in, so they mix two runs; "
            "run the ETL again (it finishes the move first)"
        )


def _read(path: Path, name: str, check: Callable[[pd.DataFrame], pd.DataFrame]) -> pd.DataFrame:
    path = Path(path)
    check_whole(path if path.is_dir() else path.parent)
    if path.is_dir():
        path = path / f"{name}.parquet"
    frame = pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path, dtype=str, encoding="utf-8-sig")
    return check(frame)


def read_observations(path: Path, evidence: bool = True) -> pd.DataFrame:
    """Read observations.parquet (or .csv) and check it against the schema; with `evidence`, each
    row's sentence(s) joined in from the sentences table beside it (read_sentences)."""
    frame = _read(path, "observations", check_observations)
    return with_evidence(frame, read_sentences(path)) if evidence else frame


def read_sentences(path: Path) -> pd.DataFrame:
    """The sentences table beside observations (`path`: the folder or the observations file)."""
    path = Path(path)
    folder, suffix = (path, ".parquet") if path.is_dir() else (path.parent, path.suffix)
    target = folder / f"sentences{suffix}"
    if not target.exists():
        raise FileNotFoundError(f"{target}: no sentences table (written by an older version?); run the ETL again")
    return _read(target, "sentences", check_sentences)


def read_attacks(path: Path) -> pd.DataFrame:
    return _read(path, "attacks", check_attacks)


def read_reference(path: Path) -> pd.DataFrame:
    return _read(path, "reference", check_reference)

"""A run's observations held on disk, not in memory, so that the memory a run needs does not grow
with what it finds: the records are sorted a few thousand at a time into runs (Arrow IPC files),
the runs are merged a document at a time into table order (document, segment, position), and the
finished tables go to a store read back a chunk at a time by the writers and by reconciliation.
The files live in a temporary folder (under $TMPDIR) removed with the store."""

from __future__ import annotations

import fcntl
import heapq
import shutil
import tempfile
import time
import weakref
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import chain
from pathlib import Path
from typing import IO

import pandas as pd
import pyarrow as pa

from etl.schema import COLUMNS, split_evidence

# Records held as dicts before they are sorted and spilled (a record as a dict costs a few kB).
RUN_ROWS = 8192
# Rows of each run in memory while the runs are merged: the merge holds runs × READ_ROWS rows.
READ_ROWS = 256
# Runs merged at once; more are first merged into longer runs (open files stay few).
FAN_IN = 64
# Rows per chunk of the merged table, always whole documents (a document's rows are never split).
# Each chunk is checked by the schema, which costs about the same for 500 rows as for 8,000
# (60-70 ms, most of it per column): fewer, larger chunks pay it less often. 8,192 rows kept the
# peak memory (282 MB over 100,000 reports); 16,384 raised it to 357 MB.
CHUNK_ROWS = 8192
ORDER = [("doc_id", "ascending"), ("segment", "ascending"), ("span_start", "ascending")]
IPC_OPTIONS = pa.ipc.IpcWriteOptions(compression="zstd")

_ARROW_TYPES = {"string[pyarrow]": pa.string(), "string": pa.string(), "Int64": pa.int64(), "boolean": pa.bool_()}
_PANDAS_TYPES = {pa.string(): pd.StringDtype(), pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}
# A record as the extraction gives it: its sentence as text where the table has `sentence_id`.
RECORD_SCHEMA = pa.schema(
    [
        ("evidence", pa.string()) if name == "sentence_id" else (name, _ARROW_TYPES[str(column.dtype)])
        for name, column in COLUMNS.items()
    ]
)


def to_pandas(table: pa.Table) -> pd.DataFrame:
    """Nullable pandas columns (a count with a gap stays a whole number, never a float)."""
    return table.to_pandas(types_mapper=_PANDAS_TYPES.get)


class SpillFailed(OSError):
    """The temporary folder could not take the observations (a full disk, a read-only $TMPDIR)."""


@contextmanager
def on_disk(path: Path) -> Iterator[None]:
    """Writing spilled rows: an error says where and what to do, never "cannot write the tables"."""
    try:
        yield
    except SpillFailed:
        raise
    except OSError as exc:
        raise SpillFailed(
            f"cannot hold the observations on disk in {path.parent}: {exc.strerror or exc} "
            "(set TMPDIR to a folder with room)"
        ) from exc


PREFIX = "etl-spill-"
OWNER = ".owner"
# A folder younger than this is never swept: its run may not have locked it yet.
SWEEP_AFTER_SECONDS = 60


class Folder:
    """A temporary folder removed when its owner is collected (or the interpreter exits). Its run
    holds a lock on it while alive, so that a later run can remove the folders of runs that were
    killed (SIGKILL, a power cut) without touching those of runs still going."""

    def __init__(self) -> None:
        sweep(Path(tempfile.gettempdir()))
        with on_disk(Path(tempfile.gettempdir()) / PREFIX):
            self.path = Path(tempfile.mkdtemp(prefix=PREFIX))
            self._owner = (self.path / OWNER).open("w")
        fcntl.flock(self._owner, fcntl.LOCK_EX | fcntl.LOCK_NB)
        self._remove = weakref.finalize(self, _remove, self.path, self._owner)

    def file(self, name: str) -> Path:
        return self.path / name

    def remove(self) -> None:
        self._remove()


def _remove(path: Path, owner: IO[str]) -> None:
    shutil.rmtree(path, ignore_errors=True)
    owner.close()


def sweep(folder: Path) -> list[Path]:
    """Remove the spill folders under `folder` whose run is gone (their lock is free)."""
    removed = []
    for path in folder.glob(f"{PREFIX}*"):
        try:
            if time.time() - path.stat().st_mtime < SWEEP_AFTER_SECONDS:
                continue
            with (path / OWNER).open("a") as owner:
                fcntl.flock(owner, fcntl.LOCK_EX | fcntl.LOCK_NB)  # taken: nobody holds it
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
        except OSError:  # held by a live run, not ours to read, or gone meanwhile
            continue
    return removed


@contextmanager
def ipc_file(path: Path, schema: pa.Schema) -> Iterator[pa.ipc.RecordBatchFileWriter]:
    with on_disk(path), pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, schema, options=IPC_OPTIONS) as out:
        yield out


def _write(path: Path, table: pa.Table) -> Path:
    with ipc_file(path, table.schema) as out:
        out.write_table(table, max_chunksize=READ_ROWS)
    return path


def sorted_runs(records: Iterable[dict], folder: Folder) -> list[Path]:
    """The records in runs of about RUN_ROWS, each sorted into table order (a stable sort), each
    ending with a document: a document's rows are all in one run, in the order they came."""
    runs: list[Path] = []
    batch: list[dict] = []
    for record in records:
        if len(batch) >= RUN_ROWS and record["doc_id"] != batch[-1]["doc_id"]:
            runs.append(_write(folder.file(f"run-{len(runs)}.arrow"), _sorted(batch)))
            batch = []
        batch.append(record)
    if batch or not runs:
        runs.append(_write(folder.file(f"run-{len(runs)}.arrow"), _sorted(batch)))
    return runs


def _sorted(records: list[dict]) -> pa.Table:
    # column by column: half the time of from_pylist's row-by-row conversion
    columns = {name: [record.get(name) for record in records] for name in RECORD_SCHEMA.names}
    return pa.Table.from_pydict(columns, schema=RECORD_SCHEMA).sort_by(ORDER)


class _Cursor:
    """One run read a batch at a time, a document at a time."""

    def __init__(self, path: Path) -> None:
        self.file = pa.OSFile(str(path))
        self.reader = pa.ipc.open_file(self.file)
        self.next_batch = 0
        self.batch: pa.RecordBatch | None = None
        self.ids: list[str] = []
        self.at = 0
        self._load()

    def _load(self) -> None:
        self.batch, self.ids, self.at = None, [], 0
        while self.next_batch < self.reader.num_record_batches and not self.ids:
            self.batch = self.reader.get_batch(self.next_batch)
            self.ids = self.batch.column("doc_id").to_pylist()
            self.next_batch += 1

    @property
    def document(self) -> str | None:
        return self.ids[self.at] if self.ids else None

    def take_document(self) -> list[tuple[pa.RecordBatch, int, int]]:
        """The current document's rows as (batch, start, end) ranges (they may run over into the
        next batch)."""
        document, pieces = self.document, []
        while self.ids and self.ids[self.at] == document:
            end = self.at
            while end < len(self.ids) and self.ids[end] == document:
                end += 1
            assert self.batch is not None
            pieces.append((self.batch, self.at, end))
            self.at = end
            if self.at == len(self.ids):
                self._load()
        return pieces

    def close(self) -> None:
        self.file.close()


def merged(runs: Sequence[Path], folder: Folder, chunk_rows: int | None = None) -> Iterator[pa.Table]:
    """The runs' rows in table order, in tables of about `chunk_rows` rows holding whole documents.
    A document is in one run only, so merging documents by id merges the rows."""
    runs = list(runs)
    level = 0
    while len(runs) > FAN_IN:  # merge groups of runs into longer runs first
        longer = []
        for number, start in enumerate(range(0, len(runs), FAN_IN)):
            group = runs[start : start + FAN_IN]
            path = folder.file(f"merge-{level}-{number}.arrow")
            with ipc_file(path, RECORD_SCHEMA) as out:
                for table in _merge(group, CHUNK_ROWS):
                    out.write_table(table, max_chunksize=READ_ROWS)
            for used in group:
                used.unlink()
            longer.append(path)
        runs, level = longer, level + 1
    yield from _merge(runs, chunk_rows or CHUNK_ROWS)


def _merge(runs: Sequence[Path], chunk_rows: int) -> Iterator[pa.Table]:
    cursors = [_Cursor(path) for path in runs]
    try:
        heap = [(cursor.document, number) for number, cursor in enumerate(cursors) if cursor.document is not None]
        heapq.heapify(heap)
        pieces: list[list] = []  # [batch, start, end]: one slice for a run of documents of one batch
        rows = 0
        while heap:
            _, number = heap[0]
            cursor = cursors[number]
            for batch, start, end in cursor.take_document():
                if pieces and pieces[-1][0] is batch and pieces[-1][2] == start:
                    pieces[-1][2] = end
                else:
                    pieces.append([batch, start, end])
                rows += end - start
            if cursor.document is None:
                heapq.heappop(heap)
            else:
                heapq.heapreplace(heap, (cursor.document, number))
            if rows >= chunk_rows:
                yield _table(pieces)
                pieces, rows = [], 0
        if pieces:
            yield _table(pieces)
    finally:
        for cursor in cursors:
            cursor.close()


def _table(pieces: list[list]) -> pa.Table:
    return pa.Table.from_batches([batch.slice(start, end - start) for batch, start, end in pieces], RECORD_SCHEMA)


def numbered(tables: Iterable[pa.Table]) -> Iterator[tuple[pd.DataFrame, pd.DataFrame]]:
    """Rows in table order → (rows pointing at their sentence by `sentence_id`, those sentences):
    a sentence once per document, numbered in order of first appearance (a document's rows are
    all in one table, so numbering each table's sentences from where the last stopped does it)."""
    next_id = 0
    for table in tables:
        # one piece per column: a column of the hundreds of slices it was merged from makes every
        # later pass over it (the schema's regex checks above all) pay per slice
        rows, sentences = split_evidence(to_pandas(table.combine_chunks()))
        rows["sentence_id"] += next_id
        sentences["sentence_id"] += next_id
        next_id += len(sentences)
        yield rows, sentences


class Table:
    """One table written a chunk at a time to an Arrow file, read back a chunk at a time."""

    def __init__(self, path: Path, columns: Sequence[str]) -> None:
        self.path, self.columns = path, list(columns)
        self.rows = 0
        self._sink: pa.NativeFile | None = None
        self._writer: pa.ipc.RecordBatchFileWriter | None = None
        self._schema: pa.Schema | None = None

    def append(self, frame: pd.DataFrame) -> None:
        # one batch per append: a frame's Arrow-backed columns keep the pieces it was merged from
        table = pa.Table.from_pandas(frame, preserve_index=False).replace_schema_metadata(None).combine_chunks()
        with on_disk(self.path):
            if self._writer is None:
                self._sink = pa.OSFile(str(self.path), "wb")
                self._schema = table.schema
                self._writer = pa.ipc.new_file(self._sink, table.schema, options=IPC_OPTIONS)
            self._writer.write_table(table.cast(self._schema))
        self.rows += len(frame)

    def close(self) -> None:
        if self._writer is not None and self._sink is not None:
            with on_disk(self.path):
                self._writer.close()
                self._sink.close()

    def chunks(self) -> Iterator[pd.DataFrame]:
        """The table a chunk at a time; one empty frame when it has no rows."""
        if self._writer is None:
            yield pd.DataFrame([], columns=self.columns)
            return
        with pa.OSFile(str(self.path)) as source:
            reader = pa.ipc.open_file(source)
            for number in range(reader.num_record_batches):
                yield to_pandas(pa.Table.from_batches([reader.get_batch(number)]))

    def whole(self) -> pd.DataFrame:
        return pd.concat(list(self.chunks()), ignore_index=True)


def partitioned(
    frames: Iterable[pd.DataFrame], key: Sequence[str], parts: int, folder: Folder
) -> Iterator[pd.DataFrame]:
    """The rows of `frames` (at least one, maybe empty) in at most `parts` frames, the rows of one
    `key` always in the same frame and in the order they came: a grouping by `key` can then hold
    one part at a time. No part is empty unless every frame was."""
    frames = iter(frames)
    first = next(frames)
    if parts <= 1:
        yield pd.concat([first, *frames], ignore_index=True)
        return
    tables = [Table(folder.file(f"part-{number}.arrow"), list(first.columns)) for number in range(parts)]
    for frame in chain([first], frames):
        # pandas' hash of the values, with its fixed key: the same part for the same key in every run
        part = pd.util.hash_pandas_object(frame[list(key)], index=False) % parts
        for number, rows in frame.groupby(part, sort=True):
            tables[int(number)].append(rows)
    for table in tables:
        table.close()
    if not any(table.rows for table in tables):
        yield first
    for table in tables:
        if table.rows:
            yield table.whole()
        table.path.unlink(missing_ok=True)


class Observations:
    """A run's observations and the sentences they point at, as chunks (`chunks`,
    `sentence_chunks`) or whole (`frame`, `sentences`): here, tables already in memory (`of`); a
    run writes its own to disk a chunk at a time (`Spilled`)."""

    def __init__(self, frame: pd.DataFrame, sentences: pd.DataFrame) -> None:
        self._whole: tuple[pd.DataFrame, pd.DataFrame] | None = (frame, sentences)

    @classmethod
    def of(cls, frame: pd.DataFrame, sentences: pd.DataFrame) -> Observations:
        return Observations(frame, sentences)

    def __len__(self) -> int:
        return len(self.frame())

    def chunks(self) -> Iterator[pd.DataFrame]:
        return iter([self.frame()])

    def sentence_chunks(self) -> Iterator[pd.DataFrame]:
        return iter([self.sentences()])

    def frame(self) -> pd.DataFrame:
        assert self._whole is not None
        return self._whole[0]

    def sentences(self) -> pd.DataFrame:
        self.frame()
        assert self._whole is not None
        return self._whole[1]


class Spilled(Observations):
    """Observations written to disk a chunk at a time (`append`, then `close`), read back a chunk
    at a time, or whole on first asking (`frame`)."""

    def __init__(self) -> None:
        self.folder = Folder()
        self._rows = Table(self.folder.file("observations.arrow"), list(COLUMNS))
        self._sentences = Table(self.folder.file("sentences.arrow"), ["sentence_id", "doc_id", "evidence"])
        self._whole = None

    def append(self, rows: pd.DataFrame, sentences: pd.DataFrame) -> None:
        self._rows.append(rows)
        self._sentences.append(sentences)

    def close(self) -> None:
        self._rows.close()
        self._sentences.close()

    def __len__(self) -> int:
        return len(self._whole[0]) if self._whole is not None else self._rows.rows

    def chunks(self) -> Iterator[pd.DataFrame]:
        return iter([self._whole[0]]) if self._whole is not None else self._rows.chunks()

    def sentence_chunks(self) -> Iterator[pd.DataFrame]:
        return iter([self._whole[1]]) if self._whole is not None else self._sentences.chunks()

    def frame(self) -> pd.DataFrame:
        """The whole observations table (read into memory once, on first use)."""
        if self._whole is None:
            self._whole = (self._rows.whole(), self._sentences.whole())
        return self._whole[0]

"""Counts of drones and missiles launched, intercepted and lost to electronic warfare, read from
news reports and the Ukrainian Air Force's bulletins, each number with the sentence it came from.

The library, in the order a user needs it::

    import etl
    frame = etl.extract_text("Russia launched 40 drones overnight; 30 were shot down.", published="2025-07-21")
    tables = etl.extract(["data/raw"], reference="data/reference")   # DataFrames, nothing written
    etl.write_tables(tables, "out")                                  # CSV + Parquet + metadata.json
    tables = etl.load_tables("out")

`python -m etl` (or the `aerial-attacks` command) is a thin layer over these functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd

from etl.distribute import Engine
from etl.documents import iter_documents
from etl.freshness import read_metadata
from etl.load import read_attacks, read_observations, read_reference, read_sentences, read_table
from etl.pipeline import Tables, build, extract_document, observations_frame, write_tables
from etl.records import Document, Problem, Skipped
from etl.schema import with_evidence
from etl.spill import Observations

__all__ = ["Tables", "extract", "extract_text", "load_tables", "read_documents", "write_tables"]


def extract(
    inputs: Iterable[str | Path],
    *,
    reference: str | Path | None = None,
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
) -> Tables:
    """Every table of a run over files or folders (.txt, .html, .jsonl, a Telegram export), as
    DataFrames; nothing is written. The documents are processed over `jobs` local processes, or with
    engine="dask" on the Dask cluster at `scheduler` (None: a local cluster of `jobs` workers): the
    same tables whichever. Raises ValueError when no document could be read."""
    tables, summary = build(inputs, reference, engine=Engine(engine, jobs, scheduler))
    if tables is None:
        reasons = "; ".join(str(p) for p in summary.problems[:3]) or "no input"
        raise ValueError(f"no document could be read ({reasons})")
    return tables


def extract_text(
    text: str, *, published: str | None = None, url: str | None = None, outlet: str | None = None
) -> pd.DataFrame:
    """The observations of one text (English news or a Ukrainian Air Force bulletin)."""
    document = Document("text", text, published, url, outlet)
    return with_evidence(*observations_frame(extract_document(document)))


def read_documents(inputs: Iterable[str | Path]) -> Iterator[Document | Problem | Skipped]:
    """The documents of files or folders, streamed; unreadable items come as `Problem`s."""
    return iter_documents(inputs)


def load_tables(folder: str | Path) -> Tables:
    """The tables a run wrote, each checked against its schema."""
    folder = Path(folder)
    reference = read_reference(folder) if (folder / "reference.parquet").exists() else None
    return Tables(
        store=Observations.of(read_observations(folder, evidence=False), read_sentences(folder)),
        attacks=read_attacks(folder),
        reference=reference,
        raids=read_table(folder, "raids"),
        monthly=read_table(folder, "monthly"),
        yearly=read_table(folder, "yearly"),
        metadata=read_metadata(folder) or {},
    )

"""The ETL as a table of contents: read → observe (segment, extract, resolve dates) → load
observations → reconcile into attacks → load attacks."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from etl import bulletins, guard, patterns, spill
from etl.aggregate import aggregate
from etl.compressed import is_compressed
from etl.distribute import IN_PROCESS, Engine, ordered_map
from etl.documents import is_input, read_inputs, read_page
from etl.freshness import describe, through, write_metadata
from etl.language import language_of
from etl.load import SWITCHING, atomic_paths, write_aggregates, write_attacks, write_observations, write_unread
from etl.observe import observe, to_records
from etl.package import write_package
from etl.plausibility import flag_implausible
from etl.reconcile import attacks_in_parts
from etl.records import Document, Page, Problem, RunSummary, Skipped
from etl.recover_dates import recover_dates, reference_index
from etl.reference import import_reference, write_reference
from etl.schema import check_observations, check_sentences, with_evidence
from etl.spill import Observations

# The project's data folders, wherever a command is run from (an editable install or a checkout).
PROJECT = Path(__file__).resolve().parent.parent
RAW = PROJECT / "data" / "raw"
PROCESSED = PROJECT / "data" / "processed"
REFERENCE = PROJECT / "data" / "reference"
# Regex time allowed for one document: a base plus a budget per character, since the work is
# linear in the text (~12 µs a character here); a runaway pattern blows far past either.
DOCUMENT_TIME_LIMIT = 5.0
SECONDS_PER_CHARACTER = 50e-6
WATCHDOG_SLACK = 1.2


def time_limit_for(document: Document) -> float:
    return DOCUMENT_TIME_LIMIT + SECONDS_PER_CHARACTER * len(document.text)


class UnsupportedLanguage(ValueError):
    """A document in a language the project has no grammar for."""


def extract_document(document: Document, time_limit: float | None = -1.0, language: str | None = None) -> list[dict]:
    """Text and metadata of one document → its observation records. Pure and picklable, so that a
    later stage can map it over processes or a distributed engine unchanged. `time_limit` in
    seconds; by default it scales with the document's length, None means unbounded. The text's
    language (`language`, when the caller has already told it) chooses the grammar: English news,
    or the Air Force's Ukrainian bulletins."""
    limit = time_limit_for(document) if time_limit == -1.0 else time_limit
    language = language or language_of(document.text)
    with guard.time_limit(limit):
        if language == "uk":
            return bulletins.records(document)
        if language == "ru":
            raise UnsupportedLanguage("language not supported: ru")
        return to_records(document, observe(document))


def input_bytes(inputs: Iterable[str | Path]) -> int | None:
    """The size of the input files (folders walked), for the progress bar's total; None when one
    is compressed, whose text's size is not known before it is read (the bar then shows no total)."""
    total = 0
    for entry in inputs:
        path = Path(entry)
        files = [f for f in path.rglob("*") if f.is_file()] if path.is_dir() else [path]
        if any(is_compressed(f) and is_input(f) for f in files):
            return None
        total += sum(f.stat().st_size for f in files if f.exists())
    return total


@dataclass(frozen=True)
class Outcome:
    """What one document gave: its records, or why it gave none."""

    records: list[dict]
    language: str
    prefiltered: bool = False
    problem: str | None = None


def process(item: Document | Page) -> Outcome:
    """One document inside its fault boundary: any error in it is its outcome, never the run's. A
    module-level function of picklable values, so that a worker process runs it unchanged. A web
    page is parsed here, in the worker, not where the files are read."""
    if isinstance(item, Page):
        document = read_page(item)
        if isinstance(document, Problem):
            return Outcome([], "", problem=document.reason)  # (never read: no language to count)
    else:
        document = item
    limit = time_limit_for(document)
    language = "unknown"  # until told, should the time run out first
    try:
        # Armed, the watchdog bounds all of the document's work, the patterns' included, and the
        # regex deadline is dropped: it reads the process clock twice per timed call (a system call
        # each, 4 % of the extraction). Unarmed (a thread), the deadline stops a runaway pattern.
        with guard.watchdog(limit * WATCHDOG_SLACK) as armed:
            language = language_of(document.text)
            if language == "en" and not patterns.names_weapon(document.text):
                return Outcome([], language, prefiltered=True)
            return Outcome(extract_document(document, None if armed else limit, language), language)
    except UnsupportedLanguage as exc:
        return Outcome([], language, problem=str(exc))
    except guard.Overrun:
        return Outcome([], language, problem=f"time limit ({limit * WATCHDOG_SLACK:.1f} s) reached")
    except TimeoutError:
        return Outcome([], language, problem=f"regex time limit ({limit:.1f} s) reached")
    except guard.FAULTS as exc:
        return Outcome([], language, problem=f"could not be read: {type(exc).__name__}: {exc}")


def process_chunk(chunk: list[Document | Page]) -> list[Outcome]:
    """process() over a chunk of documents: the unit sent to a worker process or a Dask worker."""
    return [process(document) for document in chunk]


def extract_all(
    inputs: Iterable[str | Path], summary: RunSummary, progress: bool = False, engine: Engine = IN_PROCESS
) -> Iterator[dict]:
    inputs = list(inputs)
    # on a terminal: bytes of text read against the bytes of the input files, with a rate and an ETA
    # (markup and JSON are not text, so the bar ends a little short and is then completed)
    bar = tqdm(
        total=input_bytes(inputs) if progress else None,
        unit="B",
        unit_scale=True,
        disable=not progress,
        file=sys.stderr,
        desc="extract",
    )

    def documents() -> Iterator[Document | Page]:
        seen: set[str] = set()
        for item in read_inputs(inputs, parse_pages=False):
            if isinstance(item, Problem):
                summary.documents_skipped += 1
                summary.problems.append(item)
            elif isinstance(item, Skipped):
                summary.skipped[item.reason] = summary.skipped.get(item.reason, 0) + 1
            elif item.doc_id in seen:
                summary.documents_skipped += 1
                reason = f"duplicate document id {item.doc_id!r}: skipped"
                summary.problems.append(Problem(item.source, reason, doc_id=item.doc_id))
            else:
                seen.add(item.doc_id)
                yield item

    for document, outcome in ordered_map(process_chunk, documents(), engine):
        bar.update(len(document.text.encode("utf-8")))
        if outcome.language:
            summary.languages[outcome.language] = summary.languages.get(outcome.language, 0) + 1
        if outcome.problem:
            summary.documents_skipped += 1
            summary.problems.append(Problem(document.source, outcome.problem, doc_id=document.doc_id))
            continue
        summary.documents_read += 1
        summary.prefiltered += outcome.prefiltered
        yield from outcome.records
    if bar.total:
        bar.update(bar.total - bar.n)
    bar.close()


def collect(records: Iterable[dict], known: pd.DataFrame | None = None) -> spill.Spilled:
    """The records as the observations table and the sentences table its rows point at, held on
    disk (etl/spill.py), so that a run's memory does not grow with its output. A sentence is kept
    once per document however many of its numbers became rows. Sorted by document, segment and
    position, the sentences numbered in that order, so that a re-run over the same input is
    byte-identical. Each chunk is flagged (implausible counts), checked, and dated by the
    reference where its counts allow (`known`)."""
    observations = spill.Spilled()
    runs = spill.sorted_runs(records, observations.folder)
    index = reference_index(known) if known is not None else None
    for rows, sentences in spill.numbered(spill.merged(runs, observations.folder)):
        rows = check_observations(flag_implausible(rows))
        if known is not None:
            rows = recover_dates(rows, known, index)
        observations.append(rows, check_sentences(sentences))
    for run in runs:
        run.unlink(missing_ok=True)
    observations.close()
    return observations


def observations_frame(records: Iterable[dict]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """collect() into memory: the observations table and its sentences table."""
    observations = collect(records)
    return observations.frame(), observations.sentences()


@dataclass
class Tables:
    """Everything one run produces, as DataFrames (the observations on disk until asked for):
    nothing is written until `write_tables`."""

    store: Observations  # each row's sentence by `sentence_id`: with_evidence() joins them
    attacks: pd.DataFrame
    reference: pd.DataFrame | None
    raids: pd.DataFrame
    monthly: pd.DataFrame
    yearly: pd.DataFrame
    metadata: dict = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # what could not be read, in the order met

    @property
    def observations(self) -> pd.DataFrame:
        return self.store.frame()

    @property
    def sentences(self) -> pd.DataFrame:
        return self.store.sentences()

    def observations_with_evidence(self) -> pd.DataFrame:
        """The observations with each row's sentence(s) beside its numbers."""
        return with_evidence(self.observations, self.sentences)


def build(
    inputs: Iterable[str | Path],
    reference: str | Path | None = None,
    progress: bool = False,
    engine: Engine = IN_PROCESS,
) -> tuple[Tables | None, RunSummary]:
    """Extract (the documents processed where `engine` says, their results in input order), then
    (given the reference) date reports by it, then reconcile into attacks, then raids, months and
    years, and the sources' freshness. Without a reference the tables are a function of the texts
    alone. None when no document could be read."""
    summary = RunSummary()
    known = None
    if reference is not None:
        known, outcome = import_reference(reference)
        summary.notes.extend(outcome.lines())
    observations = collect(extract_all(inputs, summary, progress, engine), known)
    summary.observations = len(observations)
    if summary.documents_read == 0:
        return None, summary
    attacks = attacks_in_parts(observations, known)
    aggregates = aggregate(known, attacks)
    metadata = describe(attacks, known, Path(reference) if reference is not None else None)
    summary.notes.append(through(metadata))
    return Tables(
        observations,
        attacks,
        known,
        aggregates["raids"],
        aggregates["monthly"],
        aggregates["yearly"],
        metadata,
        summary.problems,
    ), summary


def write_tables(tables: Tables, out_dir: str | Path, built: str | None = None) -> list[Path]:
    """Every table as CSV and Parquet (validated first), and metadata.json with `built` as given.
    The run is written whole into a staging folder first, under a lock (two runs to one folder
    never interleave), then moved in file by file behind a journal (`.switching`, naming the
    staging folder): readers refuse a folder whose journal is there, and the next run, finding it,
    finishes the move before anything else. So a crash at any step leaves either the previous
    run's tables, or this run's once the next run starts; never a silent mix."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with run_lock(out):
        finish_switch(out)
        for stale in out.glob(".staging-*"):
            shutil.rmtree(stale, ignore_errors=True)  # a run that died before moving its tables in
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out))
        switching = False
        try:
            staged = write_observations(tables.store, staging)
            staged += write_attacks(tables.attacks, staging)
            if tables.reference is not None:
                staged += write_reference(tables.reference, staging)
            aggregates = {"raids": tables.raids, "monthly": tables.monthly, "yearly": tables.yearly}
            staged += write_aggregates(aggregates, staging)
            staged += write_unread(tables.problems, staging)
            staged.append(write_metadata(tables.metadata, staging, built))
            written_tables = [p.stem for p in staged if p.suffix == ".parquet"]
            staged.append(write_package(written_tables, staging))
            journal = {"staging": staging.name, "files": [p.name for p in staged]}
            with atomic_paths(out / SWITCHING) as (path,):
                path.write_text(json.dumps(journal), encoding="utf-8")
            switching = True
            finish_switch(out)
            return [out / p.name for p in staged]
        finally:
            if not switching:
                shutil.rmtree(staging, ignore_errors=True)


def finish_switch(out: Path) -> None:
    """Move in what the journal names and its staging folder still holds, then drop both."""
    journal_path = out / SWITCHING
    if not journal_path.exists():
        return
    journal = json.loads(journal_path.read_text(encoding="utf-8"))
    staging = out / journal["staging"]
    for name in journal["files"]:
        if (staging / name).exists():
            os.replace(staging / name, out / name)
    journal_path.unlink()
    shutil.rmtree(staging, ignore_errors=True)


@contextmanager
def run_lock(out: Path) -> Iterator[None]:
    """One run at a time per output folder: a second waits for the first to finish."""
    with (out / ".lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def run(
    inputs: Iterable[str | Path],
    out_dir: str | Path,
    progress: bool = False,
    reference: str | Path | None = None,
    built: str | None = None,
    engine: Engine = IN_PROCESS,
) -> tuple[RunSummary, list[Path]]:
    """build() on `engine`, then write_tables()."""
    tables, summary = build(inputs, reference, progress, engine)
    if tables is None:
        return summary, []
    return summary, write_tables(tables, out_dir, built)

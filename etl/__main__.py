"""Command line: python -m etl extract | run | evaluate | import-reference | validate."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections import Counter
from pathlib import Path

from etl import pipeline
from etl.distribute import ENGINES, IN_PROCESS, Engine, cores
from etl.freshness import read_metadata, stale
from etl.load import HalfWritten
from etl.records import RunSummary
from etl.reference import ReferenceError
from etl.spill import SpillFailed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    extract = commands.add_parser(
        "extract",
        help="extract observations from .txt / .html / .jsonl (or .jsonl.gz …) / .parquet / .warc / Telegram .json",
    )
    extract.add_argument("inputs", nargs="+", help="files or folders")
    extract.add_argument("--out", required=True, help="output folder for observations.csv / .parquet")
    extract.add_argument("--reference", help="the Kaggle CSV: date reports by it and compare attacks with it")
    extract.add_argument("--jobs", type=positive, default=CORES, help=f"processes (default: all {CORES} cores)")
    extract.add_argument("--engine", choices=ENGINES, default="local", help="local processes, or a Dask cluster")
    extract.add_argument("--scheduler", help="with --engine dask: the scheduler's address (default: a local cluster)")

    run = commands.add_parser("run", help=f"extract over {pipeline.RAW}/ into {pipeline.PROCESSED}/")
    run.add_argument("--raw", default=str(pipeline.RAW))
    run.add_argument("--out", default=str(pipeline.PROCESSED))
    run.add_argument("--reference", default=str(pipeline.REFERENCE), help="the Kaggle reference copy to import too")
    run.add_argument("--jobs", type=positive, default=CORES, help=f"processes (default: all {CORES} cores)")
    run.add_argument("--engine", choices=ENGINES, default="local", help="local processes, or a Dask cluster")
    run.add_argument("--scheduler", help="with --engine dask: the scheduler's address (default: a local cluster)")

    reference = commands.add_parser("import-reference", help="import the Kaggle reference CSV into the attack schema")
    reference.add_argument("path", help="missile_attacks_daily.csv or the folder holding it")
    reference.add_argument("--out", required=True, help="output folder for reference.csv / .parquet")

    validate = commands.add_parser("validate", help="compare the news-derived attacks with the reference")
    validate.add_argument("--data", default=str(pipeline.PROCESSED), help="folder with attacks.* and observations.*")

    evaluate = commands.add_parser("evaluate", help="score the extraction against labelled passages")
    evaluate.add_argument("labelled", nargs="+", help="JSONL files in the format of news_dev.jsonl")
    evaluate.add_argument("--details", action="store_true", help="list every missed and spurious fact")

    extract.set_defaults(func=lambda a: extract_tables(a.inputs, a.out, a.reference, engine_of(a)))
    run.set_defaults(func=lambda a: extract_tables([a.raw], a.out, a.reference, engine_of(a)))
    reference.set_defaults(func=lambda a: import_reference(a.path, Path(a.out)))
    validate.set_defaults(func=lambda a: validate_tables(Path(a.data)))
    evaluate.set_defaults(func=lambda a: evaluate_files(a.labelled, a.details))
    args = parser.parse_args(argv)
    return int(args.func(args))


def fail(message: str) -> int:
    """One line: what is wrong, where, and what to do; exit status 1."""
    print(f"error: {message}", file=sys.stderr)
    return 1


CORES = cores()


def engine_of(args: argparse.Namespace) -> Engine:
    if args.scheduler and args.engine != "dask":
        raise SystemExit("error: --scheduler is for --engine dask")
    return Engine(args.engine, args.jobs, args.scheduler)


def positive(value: str) -> int:
    """--jobs: a whole number of processes, at least 1."""
    if not value.isascii() or not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of processes (1 or more)")
    return int(value)


def extract_tables(inputs: list[str], out: str, reference: str | None, engine: Engine = IN_PROCESS) -> int:
    out_dir = Path(out)
    if out_dir.exists() and not out_dir.is_dir():
        return fail(f"--out {out} is a file: give a folder for the tables")
    known = reference if reference and Path(reference).exists() else None
    if reference and known is None:
        print(f"no reference at {reference}: attacks are not checked against it", file=sys.stderr)
    try:
        built = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        summary, written = pipeline.run(
            inputs, out_dir, progress=sys.stderr.isatty(), reference=known, built=built, engine=engine
        )
    except ReferenceError as exc:
        return fail(f"cannot import the reference: {exc}")
    except RuntimeError as exc:  # the engine: Dask missing or its scheduler out of reach
        return fail(str(exc))
    except SpillFailed as exc:
        return fail(str(exc))
    except OSError as exc:
        return fail(f"cannot write the tables to {out}: {exc.strerror or exc}")
    report(summary, written)
    warning = stale(read_metadata(out_dir), dt.date.today()) if written else None
    if warning:
        print(f"warning: {warning}", file=sys.stderr)
    return 0 if summary.documents_read else 1


def validate_tables(data: Path) -> int:
    from etl.validate import main as validate_main

    if not (data / "attacks.parquet").exists():
        return fail(f"no attacks.parquet in {data}: run `python -m etl run` (or extract --out {data}) first")
    try:
        return validate_main(data)
    except HalfWritten as exc:
        return fail(str(exc))


def evaluate_files(paths: list[str], details: bool) -> int:
    from etl.evaluate import LabelFormatError
    from etl.evaluate import main as evaluate_main

    for path in paths:
        if not Path(path).is_file():
            return fail(f"{path}: no such file (labelled passages: a JSONL file like tests/cases/news_dev.jsonl)")
    try:
        return evaluate_main(paths, details=details)
    except LabelFormatError as exc:
        return fail(str(exc))


def import_reference(path: str | Path, out: Path) -> int:
    from etl.reference import ReferenceError, write_reference
    from etl.reference import import_reference as read_reference

    try:
        frame, outcome = read_reference(path)
    except ReferenceError as exc:
        print(f"cannot import the reference: {exc}", file=sys.stderr)
        return 1
    for line in outcome.lines():
        print(line)
    for written in write_reference(frame, out):
        print(f"wrote {written}")
    return 0


# an archive may hold thousands of documents the run cannot read (in Russian, say): past this many
# the console names the first few and the rest by reason; unread.csv lists every one
PROBLEMS_SHOWN = 20


def report(summary: RunSummary, written: list[Path]) -> None:
    unread = next((path for path in written if path.name == "unread.csv"), None)
    shown = summary.problems if unread is None else summary.problems[:PROBLEMS_SHOWN]
    for problem in shown:
        print(f"skipped {problem}", file=sys.stderr)
    rest = Counter(_kind(problem.reason) for problem in summary.problems[len(shown) :])
    if rest:
        kinds = ", ".join(f"{count:,} {kind}" for kind, count in rest.most_common())
        print(f"skipped {sum(rest.values()):,} more ({kinds}): every one in {unread}", file=sys.stderr)
    for note in summary.notes:
        print(note)
    print(
        f"documents read: {summary.documents_read}, skipped: {summary.documents_skipped}, "
        f"without any weapon word: {summary.prefiltered}, observations: {summary.observations}"
    )
    if summary.languages:
        print("documents by language: " + ", ".join(f"{k} {v}" for k, v in sorted(summary.languages.items())))
    if summary.skipped:
        print("not documents (counted, not read): " + ", ".join(f"{v} {k}" for k, v in sorted(summary.skipped.items())))
    if written:
        for path in written:
            print(f"wrote {path}")
    else:
        print("nothing could be read: no table written", file=sys.stderr)


def _kind(reason: str) -> str:
    """A reason without its particulars: "not valid JSON" for "not valid JSON (Expecting value)"."""
    return reason.split(" (", 1)[0].split(" '", 1)[0]


if __name__ == "__main__":
    sys.exit(main())

"""Command line: python -m etl extract | run | evaluate | import-reference | validate."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from etl import pipeline
from etl.freshness import read_metadata, stale
from etl.records import RunSummary
from etl.reference import ReferenceError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    extract = commands.add_parser("extract", help="extract observations from .txt / .html / .jsonl inputs")
    extract.add_argument("inputs", nargs="+", help="files or folders")
    extract.add_argument("--out", required=True, help="output folder for observations.csv / .parquet")
    extract.add_argument("--reference", help="the Kaggle CSV: date reports by it and compare attacks with it")

    run = commands.add_parser("run", help=f"extract over {pipeline.RAW}/ into {pipeline.PROCESSED}/")
    run.add_argument("--raw", default=str(pipeline.RAW))
    run.add_argument("--out", default=str(pipeline.PROCESSED))
    run.add_argument("--reference", default=str(pipeline.REFERENCE), help="the Kaggle reference copy to import too")

    reference = commands.add_parser("import-reference", help="import the Kaggle reference CSV into the attack schema")
    reference.add_argument("path", help="missile_attacks_daily.csv or the folder holding it")
    reference.add_argument("--out", required=True, help="output folder for reference.csv / .parquet")

    validate = commands.add_parser("validate", help="compare the news-derived attacks with the reference")
    validate.add_argument("--data", default=str(pipeline.PROCESSED), help="folder with attacks.* and observations.*")

    evaluate = commands.add_parser("evaluate", help="score the extraction against labelled passages")
    evaluate.add_argument("labelled", nargs="+", help="JSONL files in the format of news_dev.jsonl")
    evaluate.add_argument("--details", action="store_true", help="list every missed and spurious fact")

    args = parser.parse_args(argv)
    if args.command == "evaluate":
        from etl.evaluate import main as evaluate_main

        return evaluate_main(args.labelled, details=args.details)
    if args.command == "validate":
        from etl.validate import main as validate_main

        return validate_main(args.data)
    if args.command == "import-reference":
        return import_reference(args.path, Path(args.out))
    inputs = args.inputs if args.command == "extract" else [args.raw]
    known = args.reference if args.reference and Path(args.reference).exists() else None
    if args.reference and known is None:
        print(f"no reference at {args.reference}: attacks are not checked against it", file=sys.stderr)
    try:
        built = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        summary, written = pipeline.run(inputs, args.out, progress=sys.stderr.isatty(), reference=known, built=built)
    except ReferenceError as exc:
        print(f"cannot import the reference: {exc}", file=sys.stderr)
        return 1
    report(summary, written)
    warning = stale(read_metadata(Path(args.out)), dt.date.today()) if written else None
    if warning:
        print(f"warning: {warning}", file=sys.stderr)
    return 0 if summary.documents_read else 1


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


def report(summary: RunSummary, written: list[Path]) -> None:
    for problem in summary.problems:
        print(f"skipped {problem}", file=sys.stderr)
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


if __name__ == "__main__":
    sys.exit(main())

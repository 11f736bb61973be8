"""Extraction speed, reported as ratios against baselines measured in the same run.

    python benchmarks/bench_extract.py [--repeat N]

- extraction vs reading: the cost of `extract_document` over the bundled corpus relative to the cost
  of only tokenising the same text into numbers (the cheapest pass any extractor must make);
- prefilter: the cost of a document with no weapon word relative to one with counts, which shows the
  keyword prefilter skipping the heavy patterns;
- all cores (`--copies N`): the bundled corpus repeated N times (new ids) through `extract_all` with
  one process and with every core, as the ratio of the two.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from etl import numbers
from etl.bulletins import language_of
from etl.documents import iter_documents
from etl.pipeline import extract_all, extract_document
from etl.records import Document, RunSummary

ROOT = Path(__file__).resolve().parent.parent


def timed(function, items, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        for item in items:
            function(item)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--copies", type=int, default=10, help="the corpus repeated for the all-cores run")
    args = parser.parse_args()
    documents = [d for d in iter_documents([ROOT / "data" / "raw"]) if isinstance(d, Document)]
    characters = sum(len(d.text) for d in documents)

    def tokenise(document: Document) -> None:
        list(numbers.number_pattern().finditer(document.text))

    extract_document(documents[0])  # compile the patterns outside the timing
    baseline = timed(tokenise, documents, args.repeat)
    extraction = timed(extract_document, documents, args.repeat)
    print(f"documents: {len(documents)}, characters: {characters:,}")
    print(f"number tokenising (baseline): {baseline * 1000:.1f} ms")
    print(f"full extraction: {extraction * 1000:.1f} ms = {extraction / baseline:.1f}× the baseline")
    print(f"throughput: {characters / extraction / 1e6:.2f} M characters/s")

    english = next(d for d in documents if language_of(d.text) == "en")
    with_counts = Document("with", english.text, english.published)
    no_weapons = Document(
        "without", "The council met on Tuesday to discuss the budget. " * (len(with_counts.text) // 50)
    )
    ratio = timed(extract_document, [no_weapons], args.repeat * 4) / timed(
        extract_document, [with_counts], args.repeat * 4
    )
    print(f"prefilter: a text of the same length with no weapon word costs {ratio:.3f}× one with counts")
    all_cores(documents, args.copies)


def all_cores(documents: list[Document], copies: int) -> None:
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus.jsonl"
        with corpus.open("w", encoding="utf-8") as out:
            for copy in range(copies):
                for d in documents:
                    out.write(json.dumps({"id": f"{d.doc_id}-{copy}", "text": d.text, "published": d.published}) + "\n")
        seconds = {}
        for jobs in (1, cores):
            start = time.perf_counter()
            rows = sum(1 for _ in extract_all([corpus], RunSummary(), jobs=jobs))
            seconds[jobs] = time.perf_counter() - start
        print(
            f"all cores: {copies} copies ({corpus.stat().st_size / 1e6:.1f} MB, {rows:,} rows): 1 process "
            f"{seconds[1]:.1f} s, {cores} processes {seconds[cores]:.1f} s = {seconds[1] / seconds[cores]:.2f}× faster"
        )


if __name__ == "__main__":
    main()

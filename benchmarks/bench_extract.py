"""Extraction speed, reported as ratios against baselines measured in the same run.

    python benchmarks/bench_extract.py [--repeat N]

- extraction vs reading: the cost of `extract_document` over the bundled corpus relative to the cost
  of only tokenising the same text into numbers (the cheapest pass any extractor must make);
- prefilter: the cost of a document with no weapon word relative to one with counts, which shows the
  keyword prefilter skipping the heavy patterns.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from etl import numbers
from etl.bulletins import language_of
from etl.documents import iter_documents
from etl.pipeline import extract_document
from etl.records import Document

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


if __name__ == "__main__":
    main()

"""Reading inputs: metadata from sidecars, manifests, date lines and HTML; bad input reported."""

from __future__ import annotations

import json

import pytest

from etl.documents import iter_documents
from etl.records import Document, Problem
from tests.conftest import RAW

SENTENCE = "Ukraine's air force said Russia had launched 426 drones and 24 missiles overnight."


def read(*paths):
    items = list(iter_documents(paths))
    return [i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, Problem)]


def test_sidecar_metadata(tmp_path):
    (tmp_path / "a.txt").write_text(SENTENCE, encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(
        json.dumps({"published": "2025-07-22", "outlet": "Al Jazeera"}), encoding="utf-8"
    )
    docs, problems = read(tmp_path)
    assert problems == [] and docs[0].published == "2025-07-22" and docs[0].outlet == "Al Jazeera"


def test_manifest_metadata(tmp_path):
    (tmp_path / "a.txt").write_text(SENTENCE, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "file,published,url\na.txt,2025-07-22,https://example.org/a\n", encoding="utf-8"
    )
    docs, _ = read(tmp_path)
    assert (docs[0].published, docs[0].url) == ("2025-07-22", "https://example.org/a")


def test_date_line_in_text_is_read():
    docs, _ = read(RAW / "seeds" / "004_236f5adafed2c939.txt")
    assert docs[0].published == "2025-09-20"


def test_html_text_and_meta(tmp_path):
    page = (
        "<html><head><title>Attack</title><meta property='article:published_time' content='2025-07-22T08:00:00Z'>"
        f"<script>var x = '999 drones';</script></head><body><p>{SENTENCE}</p></body></html>"
    )
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    docs, _ = read(tmp_path)
    assert docs[0].published == "2025-07-22" and docs[0].title == "Attack"
    assert "426 drones" in docs[0].text and "999" not in docs[0].text


@pytest.mark.parametrize(
    ("declared", "published"),
    [
        ("2025-07-22T23:30:00Z", "2025-07-23"),  # 02:30 in Kyiv: the next day's night is "overnight"
        ("2025-07-22T23:30:00+03:00", "2025-07-22"),
        ("2025-07-22T23:30:00", "2025-07-22"),  # no offset: the date as written
        ("2025-07-22 10:00 EEST", "2025-07-22"),  # not ISO 8601 past the date
        ("July 22, 2025", None),
        ("2025-07-22", "2025-07-22"),
        ("2025-07", "2025-07"),
        ("2025-13-40", None),  # no such day: no date rather than one no calendar has
        ("2025-02-30", None),
        ("2025-13", None),
    ],
)
def test_a_pages_publication_time_is_dated_in_kyiv(tmp_path, declared, published):
    page = f"<html><head><meta property='article:published_time' content='{declared}'></head><body><p>{SENTENCE}</p>"
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    docs, _ = read(tmp_path)
    assert docs[0].published == published


def test_bad_files_are_reported_and_skipped(tmp_path):
    (tmp_path / "good.txt").write_text(SENTENCE, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("Kyiv \xe9t\xe9 drones".encode("latin-1"))
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02drones")
    docs, problems = read(tmp_path, tmp_path / "missing.txt")
    assert [d.doc_id for d in docs] == ["good"]
    reasons = {p.source.rsplit("/", 1)[-1]: p.reason for p in problems}
    assert reasons["empty.txt"] == "empty file"
    assert reasons["latin1.txt"].startswith("not UTF-8")
    assert reasons["binary.txt"].startswith("not a text file")
    assert reasons["missing.txt"] == "no such file or folder"


def test_bad_jsonl_lines_are_reported_with_their_line(tmp_path):
    lines = [
        json.dumps({"id": "a", "text": SENTENCE, "published": "2025-07-22", "extra": 1}),
        "{not json",
        json.dumps(["a list"]),
        json.dumps({"id": "b"}),
        json.dumps({"id": "c", "text": SENTENCE, "published": "22/07/2025"}),
    ]
    (tmp_path / "docs.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, problems = read(tmp_path / "docs.jsonl")
    assert [d.doc_id for d in docs] == ["a", "c"]
    assert docs[1].published is None  # a date the format does not allow is dropped, not guessed
    assert [(p.line, p.reason.split(" (")[0]) for p in problems] == [
        (2, "not valid JSON"),
        (3, "not a JSON object"),
        (4, "no text"),
    ]


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2026-07-02", "2026-07-02"),
        ("2026-07", "2026-07"),
        # an Air Force post at 06:20 UTC is 09:20 in Kyiv; one at 22:30 UTC is already the next day there
        ("2026-07-02T06:20:52+00:00", "2026-07-02"),
        ("2026-07-01T22:30:00Z", "2026-07-02"),
        ("2026-07-01T22:30:00", "2026-07-01"),
        ("2026-13-40T00:00", None),
        ("yesterday", None),
    ],
)
def test_a_publication_timestamp_gives_its_kyiv_date(tmp_path, published, expected):
    (tmp_path / "docs.jsonl").write_text(
        json.dumps({"id": "a", "text": SENTENCE, "published": published}) + "\n", encoding="utf-8"
    )
    docs, problems = read(tmp_path / "docs.jsonl")
    assert problems == [] and docs[0].published == expected


@pytest.mark.parametrize(
    "record",
    [
        # news-please, and the Common Crawl News extractions made with it
        {"maintext": SENTENCE, "date_publish": "2025-07-22 06:12:00", "source_domain": "example.org", "url": "u"},
        # Hugging Face's cc_news
        {"text": SENTENCE, "date": "2025-07-22 06:12:00", "domain": "example.org", "url": "u", "title": None},
        # the labelled passages
        {"passage": SENTENCE, "publication_date": "2025-07-22", "outlet": "example.org", "url": "u"},
        # an empty field is passed over for the next name
        {
            "text": "",
            "maintext": SENTENCE,
            "published": None,
            "date_publish": "2025-07-22",
            "outlet": "example.org",
            "url": "u",
        },
    ],
)
def test_other_tools_field_names_are_read(tmp_path, record):
    (tmp_path / "archive.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    docs, problems = read(tmp_path / "archive.jsonl")
    assert problems == []
    assert [(d.doc_id, d.text, d.published, d.outlet, d.url) for d in docs] == [
        ("archive:1", SENTENCE, "2025-07-22", "example.org", "u")
    ]


def test_a_parquet_file_gives_the_documents_of_the_same_json_lines(raw_dir, tmp_path):
    import pandas as pd

    lines = (raw_dir / "news_dev.jsonl").read_text(encoding="utf-8").splitlines()
    pd.DataFrame([json.loads(line) for line in lines]).to_parquet(tmp_path / "news_dev.parquet", row_group_size=7)
    plain, _ = read(raw_dir / "news_dev.jsonl")
    docs, problems = read(tmp_path)
    assert problems == [] and len(docs) == len(plain) > 20
    assert [(d.doc_id, d.text, d.published, d.url, d.outlet, d.title) for d in docs] == [
        (d.doc_id, d.text, d.published, d.url, d.outlet, d.title) for d in plain
    ]
    assert docs[3].source == f"{tmp_path / 'news_dev.parquet'}:4"


def test_a_parquet_files_typed_dates_and_its_bad_rows(tmp_path):
    import datetime as dt

    import pyarrow as pa
    import pyarrow.parquet as pq

    stamps = [dt.datetime(2025, 7, 21, 22, 30, tzinfo=dt.UTC), None, None]
    days = [None, None, dt.date(2025, 7, 2)]
    table = pa.table({"maintext": [SENTENCE, "", SENTENCE], "date_publish": stamps, "date": days})
    pq.write_table(table, tmp_path / "shard.parquet")
    docs, problems = read(tmp_path / "shard.parquet")
    # 22:30 UTC is already the next day in Kyiv, where the night is named; a date column as it is
    assert [(d.doc_id, d.published) for d in docs] == [("shard:1", "2025-07-22"), ("shard:3", "2025-07-02")]
    assert [(p.line, p.reason) for p in problems] == [(2, "no text")]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"PAR1 not really parquet", "not a readable Parquet file"),
        (None, "no text column (text, passage, maintext)"),
    ],
)
def test_an_unreadable_parquet_file_is_reported_and_the_rest_read(tmp_path, content, reason):
    import pandas as pd

    if content is None:
        pd.DataFrame({"doc_id": ["a"], "evidence": [SENTENCE]}).to_parquet(tmp_path / "bad.parquet")
    else:
        (tmp_path / "bad.parquet").write_bytes(content)
    (tmp_path / "good.txt").write_text(SENTENCE, encoding="utf-8")
    docs, problems = read(tmp_path)
    assert [d.doc_id for d in docs] == ["good"]
    assert [(p.source, p.reason.startswith(reason)) for p in problems] == [(str(tmp_path / "bad.parquet"), True)]

"""Web archives (issue #13: "a Common Crawl News slice"): a WARC file's HTML pages read as the same
pages saved as files are, whatever the compression; what is not a page counted as skipped; a page
crawled twice read once; a damaged or truncated archive reported, the pages before the damage kept."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from etl.distribute import Engine
from etl.documents import iter_documents
from etl.pipeline import build, extract_all
from etl.records import Document, Problem, RunSummary, Skipped
from tests.conftest import web_pages

BULLETIN_ID = "kpszsu-66144"


def response(writer: WARCWriter, url: str, body: bytes, content_type: str, status: str = "200 OK", **headers):
    http = StatusAndHeaders(status, [("Content-Type", content_type), *headers.items()], protocol="HTTP/1.1")
    return writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)


def bulletin_page(raw_dir: Path) -> str:
    """An Air Force bulletin as a Ukrainian site's page: Cyrillic, to be decoded by its charset
    (encoded with `encode`, the characters the charset lacks, emoji, as character references)."""
    for line in (raw_dir / "kpszsu_bulletins.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["id"] == BULLETIN_ID:
            body = "".join(f"<p>{part}</p>" for part in record["text"].split("\n"))
            head = "<meta charset='windows-1251'><title>Повітряні сили</title>"
            return f"<html><head>{head}</head><body>{body}</body></html>"
    raise AssertionError(f"{BULLETIN_ID} is not in the bundled bulletins")


def write_archive(raw_dir: Path, folder: Path, path: Path, compress: bool = True) -> list[Path]:
    """The 30 web pages of `web_pages` in one WARC file as a crawler writes them (a request before
    each response), among records that are not pages to read; the pages' files returned."""
    pages = sorted(web_pages(raw_dir, folder).glob("*.html"))
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=compress)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        for page in pages:
            url = f"https://news.example/{page.stem}"
            writer.write_record(
                writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
            )
            writer.write_record(response(writer, url, page.read_bytes(), "text/html; charset=utf-8"))
        markup = bulletin_page(raw_dir).encode("cp1251", "xmlcharrefreplace")
        writer.write_record(response(writer, "https://uk.example/bulletin", markup, "text/html"))
        zipped = gzip.compress(pages[0].read_bytes())
        writer.write_record(
            response(writer, "https://news.example/zipped", zipped, "text/html", **{"Content-Encoding": "gzip"})
        )
        writer.write_record(response(writer, "https://news.example/logo.png", b"\x89PNG\r\n", "image/png"))
        writer.write_record(
            response(writer, "https://news.example/gone", b"<p>Not found</p>", "text/html", "404 Not Found")
        )
        # a page crawled again the next day
        writer.write_record(
            response(writer, f"https://news.example/{pages[0].stem}", pages[0].read_bytes(), "text/html")
        )
    return pages


def read(*paths):
    items = list(iter_documents(paths))
    kinds = (Document, Problem, Skipped)
    return tuple([i for i in items if isinstance(i, kind)] for kind in kinds)


def fields(document: Document) -> tuple:
    return (document.text, document.published, document.title)


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_an_archives_pages_are_read_as_the_same_pages_saved_as_files(raw_dir, tmp_path, name):
    pages = write_archive(raw_dir, tmp_path / "pages", tmp_path / name, compress=name.endswith(".gz"))
    from_files, _, _ = read(*pages)
    documents, problems, skipped = read(tmp_path / name)
    assert problems == []
    assert [fields(d) for d in documents[:30]] == [fields(d) for d in from_files]
    assert documents[0].doc_id == documents[0].url == f"https://news.example/{pages[0].stem}"
    assert documents[0].source == f"{tmp_path / name}:3"  # after the warcinfo and the request
    assert fields(documents[31]) == fields(from_files[0])  # sent gzipped, decoded
    assert sorted({s.reason for s in skipped}) == [
        "WARC request record",
        "WARC response not an HTML page",
        "WARC response other than 200 OK",
        "WARC warcinfo record",
    ]
    assert len(documents) == 33  # the pages, the bulletin, the gzipped page and the second crawl


def test_a_page_is_decoded_by_the_charset_its_markup_or_its_headers_declare(raw_dir, tmp_path):
    markup = bulletin_page(raw_dir)
    with (tmp_path / "uk.warc").open("wb") as out:
        writer = WARCWriter(out, gzip=False)
        writer.write_record(
            response(writer, "https://uk.example/a", markup.encode("cp1251", "xmlcharrefreplace"), "text/html")
        )
        # re-encoded by the server, the markup's declaration stale: the header wins, as HTML's standard says
        recoded = markup.encode("koi8-u", "xmlcharrefreplace")
        writer.write_record(response(writer, "https://uk.example/b", recoded, "text/html; charset=KOI8-U"))
    documents, problems, _ = read(tmp_path / "uk.warc")
    assert problems == [] and len(documents) == 2
    assert "ЗБИТО/ПОДАВЛЕНО 95 ВОРОЖИХ БПЛА" in documents[0].text
    assert documents[0].text == documents[1].text


def test_an_archives_pages_give_the_tables_their_files_give(raw_dir, tmp_path):
    """The pages parsed by the workers (--jobs 2) as by one process; the second crawl of a page read
    once and reported as a duplicate."""
    pages = write_archive(raw_dir, tmp_path / "pages", tmp_path / "crawl.warc.gz")
    summary = RunSummary()
    from_archive = list(extract_all([tmp_path / "crawl.warc.gz"], summary, engine=Engine(jobs=2)))
    from_files = list(extract_all(pages, RunSummary()))
    news = [r for r in from_archive if r["url"].startswith("https://news.example/page-")]

    def counted(record: dict) -> dict:
        return {k: v for k, v in record.items() if k not in ("doc_id", "url")}

    assert [counted(r) for r in news] == [counted(r) for r in from_files] and news
    assert any(r["doc_id"] == "https://uk.example/bulletin" and r["launched"] == 101 for r in from_archive)
    assert [p.reason for p in summary.problems] == [
        f"duplicate document id 'https://news.example/{pages[0].stem}': skipped"
    ]
    one, _ = build([tmp_path / "crawl.warc.gz"], engine=Engine(jobs=1))
    two, _ = build([tmp_path / "crawl.warc.gz"], engine=Engine(jobs=2))
    assert one is not None and two is not None and one.observations.equals(two.observations)


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_a_truncated_archive_keeps_the_pages_before_the_damage(raw_dir, tmp_path, name):
    write_archive(raw_dir, tmp_path / "pages", tmp_path / name, compress=name.endswith(".gz"))
    data = (tmp_path / name).read_bytes()
    cut = tmp_path / "cut" / name
    cut.parent.mkdir()
    cut.write_bytes(data[: len(data) // 2])
    whole, _, _ = read(tmp_path / name)
    documents, problems, _ = read(cut)
    assert 5 < len(documents) < 30 and [fields(d) for d in documents] == [fields(d) for d in whole[: len(documents)]]
    assert len(problems) == 1 and problems[0].reason.startswith("not a readable WARC file (Truncated: ")
    last = int(documents[-1].source.rsplit(":", 1)[1])  # the last page read, or the request after it
    assert any(problems[0].reason.endswith(f") after record {n}, the rest not read") for n in (last, last + 1))


def test_a_file_that_is_not_an_archive_is_reported(tmp_path):
    (tmp_path / "notes.warc").write_text("hello world\n" * 5, encoding="utf-8")
    (tmp_path / "empty.warc.gz").write_bytes(gzip.compress(b""))
    documents, problems, _ = read(tmp_path / "notes.warc", tmp_path / "empty.warc.gz")
    assert documents == []
    assert [p.reason for p in problems] == [
        "not a readable WARC file (ArchiveLoadFailed: Unknown archive format, first line: ['hello', 'world'])",
        "empty file",
    ]


def test_a_page_the_run_cannot_read_is_named_by_its_address(tmp_path):
    """In an archive a record's number says little: a page in a language without a grammar is
    reported, and listed in unread.csv, with its URL."""
    import pandas as pd

    from etl.pipeline import run

    path = tmp_path / "ru.warc.gz"
    russian = "<html><body><p>Ночью Россия выпустила по Украине 130 беспилотников.</p></body></html>"
    english = "<html><body><p>Russia launched 130 drones at Ukraine overnight.</p></body></html>"
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        writer.write_record(response(writer, "https://news.example/ru", russian.encode(), "text/html; charset=utf-8"))
        writer.write_record(response(writer, "https://news.example/en", english.encode(), "text/html; charset=utf-8"))
    summary, _ = run([path], tmp_path / "out")
    (problem,) = summary.problems
    assert problem.doc_id == "https://news.example/ru"
    assert str(problem) == f"{path}:1 (https://news.example/ru): language not supported: ru"
    unread = pd.read_csv(tmp_path / "out" / "unread.csv", dtype=str)
    assert unread.to_dict("records") == [
        {"source": f"{path}:1", "doc_id": "https://news.example/ru", "reason": "language not supported: ru"}
    ]

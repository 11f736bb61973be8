"""Web archives: a WARC file's web pages (Common Crawl's news crawl, CC-NEWS, and any crawler's
archive, as Heritrix, wget --warc-file or Browsertrix write them), read by warcio as a stream.

Each response record of an HTML page fetched whole (status 200) becomes a `Page`, parsed where it is
processed as a page from a file is: its id and URL the address crawled (a page crawled twice is
one document, the second reported as a duplicate), its text decoded by the charset its HTTP
headers or its markup declare (BeautifulSoup's UnicodeDammit). Its publication date is the one the
page declares; the crawl's date is not one (as news-please, which extracts CC-NEWS, keeps them
apart). Requests, metadata, revisits and responses that are not HTML pages are counted as skipped.
A file damaged or cut short ends in a Problem naming the last record read whole.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

from bs4.dammit import UnicodeDammit
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeadersParserException

from etl.compressed import DAMAGED, open_bytes, unreadable
from etl.records import Page, Problem, Skipped

SUFFIXES = {".warc"}
HTML_TYPES = {"text/html", "application/xhtml+xml"}


class Truncated(OSError):
    """The compressed stream ended inside a record."""


class _Strict:
    """A decompressing stream whose early end is an error: warcio takes an EOFError (what Python's
    gzip, bzip2 and xz readers raise for a file cut short) for the archive's end, and would stop
    there without a word. Each read returns what one read of the file gives (`read1`), so that the
    records before the damage are read."""

    def __init__(self, inner: io.BufferedIOBase) -> None:
        self.inner = inner

    def read(self, size: int = -1) -> bytes:
        try:
            return self.inner.read1(size)
        except EOFError as exc:
            raise Truncated(f"the file ends inside a record ({exc})") from exc


def read_warc(path: Path) -> Iterator[Page | Problem | Skipped]:
    """The HTML pages of a WARC file (plain, or compressed a record at a time or whole), numbered by
    record from 1."""
    try:
        handle = open_bytes(path)
    except DAMAGED as exc:
        yield Problem(str(path), unreadable(path, exc))
        return
    whole = 0  # the records read to their end
    with handle:
        try:
            for number, record in enumerate(ArchiveIterator(_Strict(handle)), start=1):
                item = _item(path, number, record)
                whole = number
                yield item
        except (ArchiveLoadFailed, StatusAndHeadersParserException, *DAMAGED) as exc:
            where = f" after record {whole}, the rest not read" if whole else ""
            yield Problem(str(path), f"not a readable WARC file ({_first_line(exc)}){where}")
            return
    if whole == 0:
        yield Problem(str(path), "empty file")


def _item(path: Path, number: int, record: ArcWarcRecord) -> Page | Problem | Skipped:
    source = f"{path}:{number}"
    if record.rec_type != "response":
        return Skipped(source, f"WARC {record.rec_type} record")
    http = record.http_headers
    if http is None or not record.rec_headers.get_header("WARC-Target-URI"):
        return Skipped(source, "WARC response without an HTTP page")
    if http.get_statuscode() != "200":
        return Skipped(source, "WARC response other than 200 OK")
    content_type = (http.get_header("Content-Type") or "").partition(";")
    if content_type[0].strip().lower() not in HTML_TYPES:
        return Skipped(source, "WARC response not an HTML page")
    body = record.content_stream().read()
    if record.raw_stream.limit:
        # (a plain file cut short: the record's declared length was not there to read)
        raise Truncated(f"record {number} is shorter than its Content-Length")
    if not body.strip():
        return Problem(str(path), "empty page", number)
    url = record.rec_headers.get_header("WARC-Target-URI").strip("<>")
    text = _decode(body, content_type[2])
    return Page(url, text, {"url": url}, source, len(body))


def _decode(body: bytes, parameters: str) -> str:
    """The page's text, in the charset its HTTP header names, else its markup declares, else the
    one its bytes fit."""
    declared = [
        value.strip().strip("\"'")
        for name, _, value in (part.partition("=") for part in parameters.split(";"))
        if name.strip().lower() == "charset"
    ]
    dammit = UnicodeDammit(body, known_definite_encodings=declared, is_html=True)
    return dammit.unicode_markup or body.decode("utf-8", errors="replace")


def _first_line(exc: BaseException) -> str:
    """warcio's messages run to several lines of advice."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__

"""Reading documents: .txt (with sidecar or manifest metadata), .html, .jsonl and .parquet (a record
a row), web archives (.warc: etl/warc.py), all but Parquet also compressed (.gz, .bz2, .xz, .zst:
"news-2025-01.jsonl.gz" is read as the JSON Lines inside), and Telegram channel exports (.json).

Documents are streamed one at a time. Anything unreadable (not text, not UTF-8, empty, a JSONL
line that is not a JSON object with text) becomes a `Problem` with the file, line and reason, and
reading goes on with the rest.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import ijson
import pyarrow as pa
import pyarrow.parquet as pq
import regex

from etl import compressed, guard, warc
from etl.compressed import DAMAGED, format_suffix, is_compressed, open_bytes, stem, unreadable
from etl.html import html_to_text
from etl.records import AIR_FORCE_CHANNEL, AIR_FORCE_OUTLET, Document, Page, Problem, Skipped

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
JSON_SUFFIXES = {".json"}
PARQUET_SUFFIXES = {".parquet"}
# Telegram Desktop's "Export chat history" → JSON: result.json with messages[], the Air Force's
# (etl.records.AIR_FORCE_CHANNEL).
KYIV = ZoneInfo("Europe/Kyiv")
MANIFEST_NAMES = ("manifest.csv", "manifest.jsonl")
# Real time allowed to read one text or HTML file: a base plus a budget per byte, far above what
# parsing costs (a 1 MB page of 100,000 nested divs: 3 s), so that only a pathological file trips it.
READ_TIME_LIMIT = 10.0
READ_SECONDS_PER_BYTE = 20e-6

# A dateline some scraped pages carry in their first lines ("date 2025-09-20" in the Kyiv
# Independent seed); it is metadata written into the text.
DATE_LINE = regex.compile(r"^\s*(?:date|published|posted)[:\s]+(\d{4}-\d{2}-\d{2})\b", regex.I | regex.M)
PUBLISHED = regex.compile(r"^\d{4}-\d{2}(?:-\d{2})?$")
# A JSON Lines document's fields under the names other tools give them, first found first, so that
# an archive is read as its tool wrote it: news-please and the Common Crawl News extractions made
# with it (`maintext`, `date_publish`, `source_domain`), Hugging Face's cc_news (`date`, `domain`),
# and the labelled passages (`passage`, `publication_date`).
FIELD_NAMES = {
    "text": ("text", "passage", "maintext"),
    "published": ("published", "publication_date", "date_publish", "date"),
    "url": ("url",),
    "outlet": ("outlet", "source_domain", "domain"),
    "title": ("title",),
}


# Invisible format characters (a right-to-left mark or zero-width space inside "120" would make it
# "12" and "0") are removed; a Unicode minus becomes "-", so that "−50" is never read as 50.
FORMAT_CHARACTERS = regex.compile(r"\p{Cf}")


def clean(text: str) -> str:
    return FORMAT_CHARACTERS.sub("", text).replace("\u2212", "-")


def iter_documents(inputs: Iterable[str | Path]) -> Iterator[Document | Problem | Skipped]:
    """Every document of the files and folders given, each unreadable item as a Problem."""
    for item in read_inputs(inputs, parse_pages=True):
        assert not isinstance(item, Page)
        yield item


def read_inputs(inputs: Iterable[str | Path], parse_pages: bool) -> Iterator[Document | Page | Problem | Skipped]:
    """iter_documents(), with web pages left unparsed (`Page`s: read_page() in the worker) unless
    `parse_pages`."""
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and is_input(p))
            manifest = _read_manifest(path)
            for file in files:
                yield from _read_file(file, manifest, parse_pages)
        elif path.is_file():
            yield from _read_file(path, _read_manifest(path.parent), parse_pages)
        else:
            yield Problem(str(path), "no such file or folder")


def is_input(path: Path) -> bool:
    if path.name.endswith(".meta.json") or path.name in MANIFEST_NAMES:
        return False
    if format_suffix(path) in PARQUET_SUFFIXES:
        return not is_compressed(path)  # Parquet compresses its own columns
    return format_suffix(path) in TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | JSON_SUFFIXES | warc.SUFFIXES


def _read_file(
    path: Path, manifest: dict[str, dict[str, str]], parse_pages: bool = True
) -> Iterator[Document | Page | Problem | Skipped]:
    suffix = format_suffix(path)
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path)
        return
    if suffix in JSON_SUFFIXES:
        yield from read_telegram_export(path)
        return
    if suffix in PARQUET_SUFFIXES:
        yield from _read_parquet(path)
        return
    if suffix in warc.SUFFIXES:
        for item in warc.read_warc(path):
            yield read_page(item) if parse_pages and isinstance(item, Page) else item
        return
    # the file's reading (and a page's parsing, if done here) bounded as a whole, held only while
    # this file is read (never across a yield, where the caller's own work runs)
    limit = READ_TIME_LIMIT + READ_SECONDS_PER_BYTE * _size(path)
    try:
        with guard.watchdog(limit, "reading time limit"):
            document = _read_one(path, manifest, parse_pages)
    except guard.Overrun as exc:
        document = Problem(str(path), f"{exc}: skipped")
    yield document


def _size(path: Path) -> int:
    """The file's size, a compressed file's as the text it likely holds."""
    try:
        return path.stat().st_size * (compressed.BYTE_FACTOR if is_compressed(path) else 1)
    except OSError:
        return 0


def _read_one(path: Path, manifest: dict[str, dict[str, str]], parse_pages: bool = True) -> Document | Page | Problem:
    """A text or HTML file as one document, with its sidecar's and manifest's metadata (a page left
    unparsed unless `parse_pages`)."""
    text = _read_text(path)
    if isinstance(text, Problem):
        return text
    meta = dict(manifest.get(path.name, {}))
    meta.update(_read_sidecar(path))
    doc_id = meta.get("id") or stem(path)
    if format_suffix(path) in HTML_SUFFIXES:
        page = Page(doc_id, text, meta, str(path), _size(path))
        return read_page(page) if parse_pages else page
    return _text_document(doc_id, text, meta, str(path))


def read_page(page: Page) -> Document | Problem:
    """A page's visible text as a document, its head's metadata under the manifest's and sidecar's,
    the parsing bounded by the reading time allowed for its file."""
    limit = READ_TIME_LIMIT + READ_SECONDS_PER_BYTE * page.size
    try:
        with guard.watchdog(limit, "reading time limit"):
            text, html_meta = html_to_text(page.text)
    except guard.Overrun as exc:
        return Problem(page.source, f"{exc}: skipped", doc_id=page.doc_id)
    except guard.FAULTS as exc:
        return Problem(page.source, f"could not be read: {type(exc).__name__}: {exc}", doc_id=page.doc_id)
    return _text_document(page.doc_id, text, {**html_meta, **page.meta}, page.source)


def _text_document(doc_id: str, text: str, meta: dict[str, str], source: str) -> Document | Problem:
    if not text.strip():
        return Problem(source, "no text", doc_id=doc_id)
    if not meta.get("published"):
        found = DATE_LINE.search(text[:500])
        if found:
            meta = {**meta, "published": found.group(1)}
    return _document(doc_id, text, meta, source)


def _read_text(path: Path) -> str | Problem:
    try:
        with open_bytes(path) as handle:
            raw = handle.read()
    except DAMAGED as exc:
        return Problem(str(path), unreadable(path, exc))
    if not raw.strip():
        return Problem(str(path), "empty file")
    if b"\x00" in raw[:4096]:
        return Problem(str(path), "not a text file (binary content)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Problem(str(path), f"not UTF-8 (byte {exc.start})")


def _lines(path: Path, handle: io.BufferedIOBase) -> Iterator[tuple[int, bytes] | Problem]:
    """The file's numbered lines; a compressed file damaged or cut short ends in a Problem naming
    the last line read whole, every line before it read as usual."""
    number = 0
    try:
        for number, raw in enumerate(handle, start=1):
            yield number, raw
    except DAMAGED as exc:
        where = f" after line {number}, the rest not read" if number else ""
        yield Problem(str(path), unreadable(path, exc) + where)


def _read_jsonl(path: Path) -> Iterator[Document | Problem]:
    try:
        handle = open_bytes(path)
    except DAMAGED as exc:
        yield Problem(str(path), unreadable(path, exc))
        return
    with handle:
        seen_any = False
        for line in _lines(path, handle):
            if isinstance(line, Problem):
                yield line
                seen_any = True
                continue
            number, raw = line
            if not raw.strip():
                continue
            seen_any = True
            try:
                record = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError:
                yield Problem(str(path), "not UTF-8", number)
                continue
            except json.JSONDecodeError as exc:
                yield Problem(str(path), f"not valid JSON ({exc.msg})", number)
                continue
            except RecursionError:
                yield Problem(str(path), "JSON nested too deep", number)
                continue
            if not isinstance(record, dict):
                yield Problem(str(path), "not a JSON object", number)
                continue
            yield _from_record(path, number, record)
        if not seen_any:
            yield Problem(str(path), "empty file")


def _read_parquet(path: Path) -> Iterator[Document | Problem]:
    """A Parquet file's rows as documents, a batch of rows at a time (as Hugging Face's datasets
    are sharded): the same fields as a JSON Lines record, numbered from 1 as its lines are."""
    try:
        table = pq.ParquetFile(str(path))
        present = set(table.schema_arrow.names)
    except (OSError, pa.ArrowException) as exc:
        yield Problem(str(path), f"not a readable Parquet file ({exc})")
        return
    columns = [name for names in FIELD_NAMES.values() for name in names if name in present]
    if not set(FIELD_NAMES["text"]) & present:
        yield Problem(str(path), f"no text column ({', '.join(FIELD_NAMES['text'])})")
        return
    number = 0
    try:
        for batch in table.iter_batches(batch_size=1024, columns=columns + (["id"] if "id" in present else [])):
            for record in batch.to_pylist():
                number += 1
                yield _from_record(path, number, record)
    except (OSError, pa.ArrowException) as exc:
        yield Problem(str(path), f"not a readable Parquet file ({exc}) after row {number}, the rest not read")
    if number == 0:
        yield Problem(str(path), "empty file")


def _from_record(path: Path, number: int, record: dict) -> Document | Problem:
    """A JSON Lines record or a Parquet row, the `number`th of its file, as a document."""
    meta = {field: _first(record, names) for field, names in FIELD_NAMES.items()}
    text = meta.pop("text")
    if text is None or not text.strip():
        return Problem(str(path), "no text", number)
    doc_id = str(record.get("id") or f"{stem(path)}:{number}")
    return _document(doc_id, text, meta, f"{path}:{number}")


def _first(record: dict, names: tuple[str, ...]) -> str | None:
    """The first of the fields named that holds a non-empty string (a date or time as ISO 8601:
    a Parquet file may type its dates)."""
    for name in names:
        value = record.get(name)
        if isinstance(value, dt.date):
            value = value.isoformat()
        if isinstance(value, str) and value:
            return value
    return None


def _document(doc_id: str, text: str, meta: dict, source: str) -> Document:
    published = _publication_date(meta.get("published"))
    return Document(
        doc_id=doc_id,
        text=clean(text),
        published=published,
        url=_str_or_none(meta.get("url")),
        outlet=_str_or_none(meta.get("outlet")),
        title=_str_or_none(meta.get("title")),
        source=source,
    )


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _read_sidecar(path: Path) -> dict[str, str]:
    sidecar = path.with_name(stem(path) + ".meta.json")
    if not sidecar.exists():
        return {}
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, str)} if isinstance(data, dict) else {}


def _read_manifest(folder: Path) -> dict[str, dict[str, str]]:
    """Per-file metadata from a manifest.csv (column `file`) in the folder, if any."""
    manifest = folder / "manifest.csv"
    if not manifest.exists():
        return {}
    try:
        with manifest.open(encoding="utf-8", newline="") as handle:
            return {
                row["file"]: {k: v for k, v in row.items() if v} for row in csv.DictReader(handle) if row.get("file")
            }
    except (OSError, UnicodeDecodeError, KeyError, csv.Error):
        return {}


def read_telegram_export(path: Path) -> Iterator[Document | Problem | Skipped]:
    """Each message of a Telegram channel export as a document, read as a stream: URL
    https://t.me/kpszsu/<id>, publication date in Kyiv time, outlet the Air Force. Service messages
    and posts without text (photos, videos) are skipped and counted; a file that is not an export
    is reported."""
    try:
        with open_bytes(path) as handle:
            found = False
            for message in ijson.items(handle, "messages.item", use_float=True):
                found = True
                yield _telegram_message(path, message)
            if not found:
                yield Problem(str(path), "not a Telegram export (no messages[])")
    except (ijson.JSONError, UnicodeDecodeError, *DAMAGED) as exc:
        yield Problem(str(path), f"not a readable Telegram export ({exc})")


def _telegram_message(path: Path, message: object) -> Document | Problem | Skipped:
    if not isinstance(message, dict) or "id" not in message:
        return Problem(str(path), "a message without an id")
    source = f"{path}#{message['id']}"
    if message.get("type") != "message":
        return Skipped(source, "service message")
    text = _telegram_text(message.get("text"))
    if not text.strip():
        return Skipped(source, "post without text (photo, video or other media)")
    return Document(
        doc_id=f"{AIR_FORCE_CHANNEL}-{message['id']}",
        text=clean(text),
        published=_kyiv_date(message),
        url=f"https://t.me/{AIR_FORCE_CHANNEL}/{message['id']}",
        outlet=AIR_FORCE_OUTLET,
        source=source,
    )


def _telegram_text(text: object) -> str:
    """A message's text: a string, or a list of plain strings and entities ({"type", "text"})."""
    if isinstance(text, str):
        return text
    if isinstance(text, list):
        return "".join(part if isinstance(part, str) else str(part.get("text", "")) for part in text if part)
    return ""


def _publication_date(value: object) -> str | None:
    """ "2025-07-04", "2025-07", or a timestamp ("2026-07-02T06:20:52+00:00"): a timestamp with an
    offset is dated in Kyiv time, where the attack's night is named; one without keeps its own date."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if PUBLISHED.match(value):
        # a date the calendar has ("2026-13-40", "2026-02-30" are none: read as no date, as "July 22")
        return value if _date_before_the_rest(value if len(value) == 10 else f"{value}-01") else None
    try:
        stamp = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return _date_before_the_rest(value)
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(KYIV)
    return stamp.date().isoformat()


def _date_before_the_rest(value: str) -> str | None:
    """The date at the start of a timestamp ISO 8601 parsing cannot read ("2025-07-04 10:00 EEST")."""
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def _kyiv_date(message: dict) -> str | None:
    """The post's date in Kyiv time: from `date_unixtime` (UTC) when the export has it, else the
    exporter's local `date` as written."""
    stamp = message.get("date_unixtime")
    try:
        if stamp is not None:
            return dt.datetime.fromtimestamp(int(stamp), dt.UTC).astimezone(KYIV).date().isoformat()
        return dt.date.fromisoformat(str(message.get("date", ""))[:10]).isoformat()
    except (ValueError, OverflowError, OSError):
        return None

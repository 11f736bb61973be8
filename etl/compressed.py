"""Compressed inputs: an archive's shards are usually compressed ("news-2025-01.jsonl.gz"). Each is
read as the file inside, decompressed as a stream while it is read: gzip, bzip2 and xz by the
standard library, Zstandard (which the standard library lacks before Python 3.14) by pyarrow."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import zlib
from pathlib import Path

import pyarrow as pa

SUFFIXES = {".gz", ".bz2", ".xz", ".zst"}
# What a damaged or truncated compressed file raises while it is read (pyarrow's Zstandard stream:
# OSError, or ArrowInvalid, a ValueError); a plain file's read errors are OSErrors too.
DAMAGED = (OSError, EOFError, lzma.LZMAError, zlib.error, pa.ArrowInvalid)
# a compressed file's reading time per byte: text and markup compress to a tenth or less
BYTE_FACTOR = 10


def is_compressed(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES


def format_suffix(path: Path) -> str:
    """The suffix that says how to read the file: ".jsonl" for "a.jsonl" and "a.jsonl.gz"."""
    return Path(path.stem).suffix.lower() if is_compressed(path) else path.suffix.lower()


def stem(path: Path) -> str:
    """The name without its format and compression suffixes: "a" for "a.jsonl" and "a.jsonl.gz"."""
    return Path(path.stem).stem if is_compressed(path) else path.stem


def open_bytes(path: Path) -> io.BufferedIOBase:
    """The file's bytes, decompressed as they are read if it is compressed."""
    suffix = path.suffix.lower()
    if suffix == ".zst":
        stream = pa.input_stream(str(path), compression="zstd")
        return io.BufferedReader(stream, 1 << 16)  # type: ignore[arg-type]  # a NativeFile, a raw stream
    if suffix == ".gz":
        return gzip.open(path, "rb")  # type: ignore[return-value]  # a GzipFile, a BufferedIOBase
    if suffix == ".bz2":
        return bz2.open(path, "rb")
    if suffix == ".xz":
        return lzma.open(path, "rb")
    return path.open("rb")


def unreadable(path: Path, exc: BaseException) -> str:
    """Why a file could not be read, for its Problem."""
    if isinstance(exc, OSError) and exc.strerror:
        return f"cannot read: {exc.strerror}"
    if is_compressed(path):
        return f"not a readable {path.suffix.lower()} file ({type(exc).__name__}: {exc})"
    return f"cannot read: {exc}"

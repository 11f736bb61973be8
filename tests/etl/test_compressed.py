"""Compressed inputs (issue #13: an archive's shards): read as the file inside, the same documents and
tables as the plain files; a damaged or truncated one reported, what it held before the damage kept."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
import random
import shutil
from pathlib import Path

import pyarrow as pa
import pytest

from etl.__main__ import main
from etl.documents import iter_documents
from etl.pipeline import extract_all, input_bytes
from etl.records import Document, Problem, RunSummary

SENTENCE = "Ukraine's air force said Russia had launched 426 drones and 24 missiles overnight."


def compress(data: bytes, path: Path) -> None:
    """`data` written to `path`, compressed by the codec its suffix names."""
    suffix = path.suffix
    if suffix == ".zst":
        with pa.output_stream(str(path), compression="zstd") as out:
            out.write(data)
        return
    opener = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}[suffix]
    with opener(path, "wb") as handle:
        handle.write(data)


def compressed_copy(source: Path, target: Path, suffix: str) -> Path:
    """The bundled corpus with every input file compressed (sidecars and notes as they are)."""
    for path in source.rglob("*"):
        if not path.is_file():
            continue
        out = target / path.relative_to(source)
        out.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix in (".jsonl", ".txt", ".html") and not path.name.endswith(".meta.json"):
            compress(path.read_bytes(), out.with_name(out.name + suffix))
        else:
            shutil.copy(path, out)
    return target


def read(*paths):
    items = list(iter_documents(paths))
    return [i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, Problem)]


def fields(document: Document) -> tuple:
    return (document.doc_id, document.text, document.published, document.url, document.outlet, document.title)


@pytest.mark.parametrize("suffix", [".gz", ".bz2", ".xz", ".zst"])
def test_a_compressed_corpus_gives_the_same_documents(raw_dir, tmp_path, suffix):
    plain, plain_problems = read(raw_dir)
    packed, packed_problems = read(compressed_copy(raw_dir, tmp_path, suffix))
    assert plain_problems == [] and packed_problems == []
    assert [fields(d) for d in packed] == [fields(d) for d in plain]
    # a document from a text file keeps its file's name as id, and its sidecar's metadata
    seed = next(d for d in packed if d.source.endswith(f".txt{suffix}"))
    assert not seed.doc_id.endswith((".txt", suffix)) and seed.published


def test_a_compressed_corpus_gives_the_same_tables_byte_for_byte(raw_dir, tmp_path):
    packed = compressed_copy(raw_dir, tmp_path / "packed", ".gz")
    for name, inputs in (("plain", raw_dir), ("packed", packed)):
        assert main(["extract", str(inputs), "--out", str(tmp_path / name), "--jobs", "1"]) == 0
    for name in ("observations.csv", "observations.parquet", "sentences.csv", "attacks.csv"):
        assert (tmp_path / "plain" / name).read_bytes() == (tmp_path / "packed" / name).read_bytes(), name


@pytest.mark.parametrize("suffix", [".gz", ".bz2", ".xz", ".zst"])
def test_a_truncated_file_keeps_the_lines_before_the_damage(tmp_path, suffix):
    # varied text, so that bzip2's blocks (900 kB of input each) are several and one survives the cut
    words = random.Random(0).choices(["drones", "missiles", "overnight", "region", "said", "the"], k=400_000)
    lines = [
        json.dumps({"id": f"d{i}", "text": f"{SENTENCE} {' '.join(words[i * 1000 : (i + 1) * 1000])}"})
        for i in range(400)
    ]
    whole = tmp_path / "whole.jsonl"
    compress(("\n".join(lines) + "\n").encode(), whole.with_name("whole.jsonl" + suffix))
    data = whole.with_name("whole.jsonl" + suffix).read_bytes()
    cut = tmp_path / "cut" / ("shard.jsonl" + suffix)
    cut.parent.mkdir()
    cut.write_bytes(data[: len(data) // 2])
    after = cut.parent / "zz.jsonl"  # read after the damaged shard: the run goes on
    after.write_text(json.dumps({"id": "after", "text": SENTENCE}) + "\n", encoding="utf-8")
    docs, problems = read(cut.parent)
    ids = [d.doc_id for d in docs]
    assert ids[-1] == "after" and ids[:-1] == [f"d{i}" for i in range(len(ids) - 1)]
    assert 0 < len(ids) - 1 < 400
    [problem] = problems
    assert problem.source == str(cut)
    assert problem.reason.endswith(f"after line {len(ids) - 1}, the rest not read")


@pytest.mark.parametrize("name", ["a.jsonl.gz", "a.txt.gz", "a.txt.xz", "a.jsonl.bz2", "a.jsonl.zst", "result.json.gz"])
def test_a_file_that_is_not_what_its_suffix_says_is_reported(tmp_path, name):
    (tmp_path / name).write_bytes(b"this is not compressed at all\n")
    (tmp_path / "good.txt").write_text(SENTENCE, encoding="utf-8")
    docs, problems = read(tmp_path)
    assert [d.doc_id for d in docs] == ["good"]
    [problem] = problems
    assert problem.source == str(tmp_path / name)
    assert "not a readable" in problem.reason and problem.reason.count("after line") == 0


def test_a_compressed_telegram_export_is_read(tmp_path):
    export = {
        "name": "Повітряні Сили ЗСУ",
        "messages": [{"id": 7, "type": "message", "date": "2025-07-04T08:00:00", "text": "Збито 40 ударних БпЛА."}],
    }
    compress(json.dumps(export, ensure_ascii=False).encode(), tmp_path / "result.json.gz")
    docs, problems = read(tmp_path / "result.json.gz")
    assert problems == [] and [(d.doc_id, d.published) for d in docs] == [("kpszsu-7", "2025-07-04")]


def test_the_progress_bar_has_no_total_when_an_input_is_compressed(tmp_path, capsys):
    compress((json.dumps({"id": "a", "text": SENTENCE}) + "\n").encode(), tmp_path / "a.jsonl.gz")
    (tmp_path / "notes.tar.gz").write_bytes(b"")  # not an input: it does not count
    assert input_bytes([tmp_path]) is None
    assert input_bytes([tmp_path / "notes.tar.gz"]) == 0
    records = list(extract_all([tmp_path], RunSummary(), progress=True))
    bar = capsys.readouterr().err.replace("\r", "\n").strip().splitlines()[-1]
    assert records and "B/s" in bar and "%" not in bar

"""The benchmark corpus generator (benchmarks/corpus.py): deterministic, sized, sharded, mixed."""

from __future__ import annotations

import json

from benchmarks import corpus


def test_the_same_seed_writes_the_same_shards(tmp_path):
    first = corpus.write(tmp_path / "a", 0.3, share=0.2, seed=3, shard_megabytes=0.1)
    second = corpus.write(tmp_path / "b", 0.3, share=0.2, seed=3, shard_megabytes=0.1)
    assert len(first) >= 3
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    assert corpus.write(tmp_path / "c", 0.3, share=0.2, seed=4)[0].read_bytes() != first[0].read_bytes()


def test_a_chosen_share_of_reports_among_unrelated_text(tmp_path):
    rows = [json.loads(line) for p in corpus.write(tmp_path, 1.0, share=0.25) for line in p.open(encoding="utf-8")]
    reports = [r for r in rows if r["id"].startswith("report-")]
    assert 0.15 < len(reports) / len(rows) < 0.35
    assert sum(len(r["text"].encode()) for r in rows) >= 1_000_000
    assert len({r["id"] for r in rows}) == len(rows)
    other = next(r["text"] for r in rows if r["id"].startswith("other-"))
    assert any(c.isdigit() for c in other) and "drone" not in other.replace("drone racing", "")

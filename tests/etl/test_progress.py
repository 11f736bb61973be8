"""Progress on a terminal: bytes read against the input's size, with a rate (issue #12)."""

from __future__ import annotations

from etl.pipeline import extract_all, input_bytes
from etl.records import RunSummary


def test_the_progress_bar_counts_bytes_against_the_inputs_size(raw_dir, capsys):
    seeds = raw_dir / "seeds"
    records = list(extract_all([seeds], RunSummary(), progress=True))
    bar = capsys.readouterr().err.replace("\r", "\n").strip().splitlines()[-1]
    total = input_bytes([seeds])
    assert records and "100%" in bar and "B/s" in bar
    assert f"/{total / 1000:.1f}k" in bar or f"/{total}" in bar  # the total is the input's size


def test_no_progress_bar_off_a_terminal(raw_dir, capsys):
    list(extract_all([raw_dir / "seeds"], RunSummary(), progress=False))
    assert "%|" not in capsys.readouterr().err

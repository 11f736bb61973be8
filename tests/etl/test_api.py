"""The library API and the command line as a user meets them (issue #12)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

import etl
from etl.__main__ import main
from tests.conftest import CASES, RAW, ROOT


def test_a_sentence_and_a_folder_into_dataframes_then_files(tmp_path):
    frame = etl.extract_text("Russia launched 40 drones overnight; 30 were shot down.", published="2025-07-21")
    assert frame[["launched", "intercepted"]].iloc[0].tolist() == [40, 30]
    assert frame["evidence"].iloc[0] == "Russia launched 40 drones overnight; 30 were shot down."
    tables = etl.extract([RAW / "seeds"])
    assert len(tables.observations) > 10 and len(tables.attacks) > 5 and not tables.monthly.empty
    written = etl.write_tables(tables, tmp_path / "out")
    assert (tmp_path / "out" / "metadata.json") in written
    again = etl.load_tables(tmp_path / "out")
    assert len(again.observations) == len(tables.observations)
    joined = again.observations_with_evidence()
    assert joined["evidence"].equals(tables.observations_with_evidence()["evidence"])
    assert len(again.sentences) < len(joined)  # a sentence of several counts is kept once
    mode = stat.S_IMODE(os.stat(tmp_path / "out" / "attacks.csv").st_mode)
    assert mode == 0o666 & ~_umask()  # 0644 with the usual umask, not mkstemp's 0600


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["evaluate", "/nonexistent.jsonl"], "no such file"),
        (["evaluate", str(RAW / "kpszsu_bulletins.jsonl")], "not labelled passages"),
        (["validate", "--data", "/nonexistent"], "no attacks.parquet in /nonexistent"),
    ],
)
def test_each_misuse_is_one_line_and_exit_1(argv, message, capsys):
    assert main(argv) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error:") and message in err[0]


def test_extract_to_a_file_is_refused_before_any_work(tmp_path, capsys):
    target = tmp_path / "taken"
    target.write_text("")
    assert main(["extract", str(CASES / "news_dev.jsonl"), "--out", str(target)]) == 1
    assert "is a file" in capsys.readouterr().err


def test_the_console_command_works_from_another_folder(tmp_path):
    script = ROOT / ".venv" / "bin" / "aerial-attacks"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "etl"]
    done = subprocess.run(
        [*command, "evaluate", str(CASES / "news_dev.jsonl")], cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 0 and "precision" in done.stdout

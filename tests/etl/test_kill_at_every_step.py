"""Run-level atomicity (issue #11): a run killed at any step of writing its tables leaves either the
previous run's tables, whole, or a journal that makes readers refuse the folder until the next run
finishes the move; never a silent mix of two runs."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from etl import pipeline
from etl.load import SWITCHING, HalfWritten, read_attacks, read_observations
from etl.pipeline import build, finish_switch, write_tables

BUILT = "2026-01-01T00:00:00+00:00"


class Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs, not even `except Exception` handlers."""


def tables_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")}


@pytest.fixture(scope="module")
def runs(raw_dir, tmp_path_factory):
    """The previous run's folder and a later run's tables, with what a clean write of them gives."""
    base = tmp_path_factory.mktemp("runs")
    previous, _ = build([raw_dir / "seeds"])
    later, _ = build([raw_dir / "seeds", raw_dir / "news_dev.jsonl"])
    assert previous is not None and later is not None
    write_tables(previous, base / "previous", BUILT)
    write_tables(later, base / "clean", BUILT)
    return base / "previous", later, tables_of(base / "clean")


def kill_at(monkeypatch, folder: Path, step: int) -> None:
    """os.replace raising Killed at the `step`-th table moved into `folder` (0: the first); the
    journal's own write, counted as step -1, dies at step == -1."""
    real = os.replace
    moved = {"tables": 0}

    def replace(source, target):
        target = Path(target)
        if target.parent == folder and target.name == SWITCHING and step == -1:
            raise Killed
        if target.parent == folder and not target.name.startswith("."):
            if moved["tables"] == step:
                raise Killed
            moved["tables"] += 1
        return real(source, target)

    monkeypatch.setattr(os, "replace", replace)


def half_moved(runs, tmp_path: Path, monkeypatch, step: int) -> Path:
    """A copy of the previous run's folder into which the later run was killed at `step`."""
    previous, later, _ = runs
    folder = tmp_path / "out"
    shutil.copytree(previous, folder)
    with monkeypatch.context() as patch:
        kill_at(patch, folder, step)
        with pytest.raises(Killed):
            write_tables(later, folder, BUILT)
    return folder


def test_a_kill_while_moving_in_is_refused_by_readers_and_finished_by_the_next_run(runs, tmp_path, monkeypatch):
    previous, later, clean = runs
    steps = len(clean)
    assert steps >= 10
    for step in range(steps):
        folder = tmp_path / f"step-{step}"
        shutil.copytree(previous, folder)
        with monkeypatch.context() as patch:
            kill_at(patch, folder, step)
            with pytest.raises(Killed):
                write_tables(later, folder, BUILT)
        assert (folder / SWITCHING).exists(), step
        with pytest.raises(HalfWritten, match="run the ETL again"):
            read_attacks(folder)
        with pytest.raises(HalfWritten):
            read_observations(folder / "observations.parquet")
        finish_switch(folder)  # what the next run does first
        assert tables_of(folder) == clean, step
        assert not (folder / SWITCHING).exists() and not list(folder.glob(".staging-*"))


def test_a_kill_before_the_journal_leaves_the_previous_tables_whole(runs, tmp_path, monkeypatch):
    previous, later, _ = runs
    folder = tmp_path / "out"
    shutil.copytree(previous, folder)
    with monkeypatch.context() as patch:
        kill_at(patch, folder, -1)
        with pytest.raises(Killed):
            write_tables(later, folder, BUILT)
    assert tables_of(folder) == tables_of(previous)
    assert not (folder / SWITCHING).exists() and not list(folder.glob(".staging-*"))
    read_attacks(folder)


def test_the_next_run_finishes_a_half_move_then_writes_its_own(runs, tmp_path, monkeypatch):
    folder = half_moved(runs, tmp_path, monkeypatch, 3)
    earlier, _ = build([Path(pipeline.RAW) / "seeds"])
    assert earlier is not None
    write_tables(earlier, folder, BUILT)
    assert tables_of(folder) == tables_of(runs[0])  # the next run's own tables, whole
    assert not (folder / SWITCHING).exists() and not list(folder.glob(".staging-*"))


def test_the_dashboard_refuses_a_half_moved_folder_in_one_line(runs, tmp_path, monkeypatch, capsys):
    from dashboard.__main__ import main as dashboard

    folder = half_moved(runs, tmp_path, monkeypatch, 2)
    assert dashboard(["--data", str(folder)]) == 1
    assert "stopped while moving its tables in" in capsys.readouterr().err


def test_validate_refuses_a_half_moved_folder_in_one_line(runs, tmp_path, monkeypatch, capsys):
    from etl.__main__ import main

    folder = half_moved(runs, tmp_path, monkeypatch, 1)
    assert main(["validate", "--data", str(folder)]) == 1
    assert "error:" in capsys.readouterr().err

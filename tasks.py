#!/usr/bin/env python3
"""The project's two commands, runnable on a machine that has only Python:

    python3 tasks.py run    build the environment, run the ETL over data/raw/, serve the dashboard on
                            http://127.0.0.1:8050
    python3 tasks.py test   build the environment (and Debian's chromium for the browser tests), then
                            every check: format, lint, types, tests

Standard library only, so that it can set everything else up.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed"


def sh(*command: str | Path, check: bool = True) -> int:
    print("+", " ".join(str(c) for c in command), flush=True)
    return subprocess.run([str(c) for c in command], cwd=ROOT, check=check).returncode


def ensure_environment() -> None:
    """A virtual environment with the project and its dev tools, rebuilt when pyproject changes."""
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted and PYTHON.exists():
        return
    if not PYTHON.exists():
        print(f"creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    sh(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    sh(PYTHON, "-m", "pip", "install", "--quiet", "-e", ".[dev]")
    STAMP.write_text(wanted)


def ensure_browser() -> None:
    """Debian's chromium and chromium-driver for the browser tests (dash[testing])."""
    if shutil.which("chromium") and shutil.which("chromedriver"):
        return
    if os.geteuid() != 0:
        sys.exit(
            "the browser tests need Debian's chromium and chromium-driver: apt-get install chromium chromium-driver"
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "chromium", "chromium-driver"], check=True, env=env)


def run() -> int:
    ensure_environment()
    if sh(PYTHON, "-m", "etl", "run", check=False) != 0:
        return 1
    return sh(PYTHON, "-m", "dashboard", "--host", "127.0.0.1", "--port", "8050", check=False)


def test() -> int:
    ensure_environment()
    ensure_browser()
    failed = []
    for name, command in [
        ("format", [PYTHON, "-m", "ruff", "format", "--check", "."]),
        ("lint", [PYTHON, "-m", "ruff", "check", "."]),
        ("types", [PYTHON, "-m", "mypy"]),
        ("tests", [PYTHON, "-m", "pytest"]),
    ]:
        if sh(*command, check=False) != 0:
            failed.append(name)
    if failed:
        print(f"FAILED: {', '.join(failed)}", file=sys.stderr)
        return 1
    print("all checks passed")
    return 0


COMMANDS = {"run": run, "test": test}

if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in COMMANDS:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(COMMANDS[sys.argv[1]]())

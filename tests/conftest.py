from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"
RAW = ROOT / "data" / "raw"


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    return RAW


@pytest.fixture(scope="session")
def processed(tmp_path_factory) -> Path:
    """The ETL's tables over the bundled corpus, built once per test session."""
    from etl import pipeline

    out = tmp_path_factory.mktemp("processed")
    pipeline.run([RAW], out, reference=ROOT / "data" / "reference")
    return out


@pytest.fixture(scope="session")
def data(processed):
    from dashboard.data import load

    return load(processed)


def largest_air_force_raid(processed: Path):
    """The largest Russian raid of the Air Force layer by the ETL's own raid table (class "all")."""
    import pandas as pd

    raids = pd.read_parquet(processed / "raids.parquet")
    air_force = raids[
        (raids["attacker"] == "RU")
        & (raids["weapon_class"] == "all")
        & (raids["source"] != "news")
        & (raids["scope"] == "national")
    ].dropna(subset=["launched"])
    return air_force, air_force.loc[air_force["launched"].idxmax()]


def pytest_setup_options():
    """Chrome options for dash[testing]'s browser fixtures: Debian's chromium, headless, and no
    background connections (this machine's network is closed)."""
    from selenium.webdriver.chrome.options import Options

    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for argument in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1600",
    ):
        options.add_argument(argument)
    return options


def xfail_params(items: list, known: dict, kind: str) -> list:
    """Labelled passages as test parameters; those listed in known_misses.yaml under `kind` are
    strict xfails with their reason, so that a fix is noticed."""
    return [
        pytest.param(p, id=p.doc_id, marks=[pytest.mark.xfail(reason=known[kind][p.doc_id], strict=True)])
        if p.doc_id in known[kind]
        else pytest.param(p, id=p.doc_id)
        for p in items
    ]


def observation(doc_id: str = "x", **values) -> dict:
    """One observations row (a national Russian drone count of 2025-07-21) with `values` over it."""
    from etl.schema import COLUMNS

    row = {name: None for name in COLUMNS}
    row.update(
        doc_id=doc_id,
        segment=0,
        attack_date="2025-07-21",
        attack_month="2025-07",
        raid="night",
        attacker="RU",
        scope="national",
        weapon="drone",
        weapon_class="drone",
        sentence_id=0,
        span_start=0,
        span_end=1,
        date_basis="text",
        air_force=False,
        source_type="news",
        correction=False,
    )
    row.update(values)
    return row


def web_pages(raw_dir: Path, folder: Path) -> Path:
    """The bundled English passages as web pages, with navigation around them and their date in the head."""
    import html
    import json

    folder.mkdir()
    nav = "".join(f"<li><a href='/s/{i}'>Section {i}: 24 stories</a></li>" for i in range(40))
    for line in (raw_dir / "news_dev.jsonl").read_text(encoding="utf-8").splitlines()[:30]:
        record = json.loads(line)
        body = "".join(f"<p>{html.escape(part)}</p>" for part in record["text"].split("\n"))
        head = f"<title>{html.escape(record.get('title') or '')}</title>"
        head += f"<meta property='article:published_time' content='{record['published']}'>"
        page = f"<html><head>{head}</head><body><nav><ul>{nav}</ul></nav><article>{body}</article></body></html>"
        (folder / f"page-{record['id']}.html").write_text(page, encoding="utf-8")
    return folder

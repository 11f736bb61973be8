"""Dashboard speed on the bundled data: the reference (2022-09 … 2026-06, 3,752 attack × weapon
rows) and the news tables, as `python -m etl run` builds them.

    python benchmarks/bench_dashboard.py [--runs N] [--no-browser]

Reports the 95th-percentile time of each callback (the function and the JSON encoding of what it
returns, with Dash's own encoder), as milliseconds and as a ratio to a baseline measured in the same run:
encoding the largest table (the reference, or the news attacks) to JSON, the least a view of all
the data costs. Then, with
Debian's chromium, the time from a cold page load to the first chart drawn.

`--synthetic` measures instead a generated news table of the reference's size (fixed seed): it
stresses the news path (sources table, per-report hover) that the small bundled corpus does not.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import pandas as pd
from dash._utils import to_json  # how Dash encodes a callback's response (orjson when installed)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard import ids  # noqa: E402  - after the path set-up above
from dashboard.callbacks import sync  # noqa: E402
from dashboard.data import load  # noqa: E402
from dashboard.state import State  # noqa: E402
from dashboard.views import charts, comparison, sources  # noqa: E402
from etl.load import write_attacks, write_observations  # noqa: E402
from etl.pipeline import run  # noqa: E402
from etl.reconcile import attacks_from  # noqa: E402
from etl.schema import COLUMNS  # noqa: E402

TYPES = [
    ("drone", "Shahed-136/131", 1.0, (20, 800)),
    ("drone", "drone", 0.5, (5, 100)),
    ("cruise_missile", "Kh-101/Kh-555", 0.35, (2, 90)),
    ("cruise_missile", "Kalibr", 0.25, (2, 30)),
    ("ballistic_missile", "Iskander-M/KN-23", 0.45, (1, 20)),
    ("ballistic_missile", "Kinzhal", 0.15, (1, 8)),
    ("missile", "missile", 0.1, (5, 120)),
]


def synthetic_observations(seed: int = 7) -> pd.DataFrame:
    rng = random.Random(seed)
    rows = []
    for day in pd.date_range("2022-09-28", "2026-06-07", freq="D"):
        for weapon_class, weapon, chance, (low, high) in TYPES:
            if rng.random() > chance:
                continue
            launched = rng.randint(low, high)
            rows.append(
                {
                    **{name: None for name in COLUMNS},
                    "doc_id": f"synthetic-{day:%Y%m%d}",
                    "segment": 0,
                    "attack_date": f"{day:%Y-%m-%d}",
                    "attack_month": f"{day:%Y-%m}",
                    "attacker": "RU",
                    "scope": "national",
                    "weapon": weapon,
                    "weapon_class": weapon_class,
                    "launched": launched,
                    "intercepted": int(launched * rng.uniform(0.2, 1.0)),
                    "evidence": f"Russia launched {launched} {weapon} overnight.",
                    "span_start": 0,
                    "span_end": 3,
                    "date_basis": "text",
                    "air_force": True,
                }
            )
    return pd.DataFrame(rows, columns=list(COLUMNS))


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


def timed(function, runs: int) -> list[float]:
    samples = []
    for index in range(runs):
        start = time.perf_counter()
        result = function(index)
        to_json(result)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def minimal_app():
    """The baseline page: Dash, plotly.js and one two-point graph, compressed like ours, with a
    resolution switch whose callback redraws the graph (the least a filter change can cost)."""
    from dash import Dash, Input, Output, dcc, html
    from flask_compress import Compress

    app = Dash(__name__)
    Compress(app.server)
    app.layout = html.Div(
        [
            dcc.RadioItems(id=ids.RESOLUTION, options=["raid", "month"], value="raid"),
            dcc.Graph(id=ids.RATE_GRAPH, figure={"data": [{"type": "scatter", "x": [1, 2], "y": [1, 2]}]}),
        ]
    )

    @app.callback(Output(ids.RATE_GRAPH, "figure"), Input(ids.RESOLUTION, "value"))
    def _redraw(resolution):
        title = "Interception rate per month" if resolution == "month" else "Interception rate, 30-day rolling"
        return {"data": [{"type": "scatter", "x": [1, 2], "y": [1, 2]}], "layout": {"title": {"text": title}}}

    return app


def browser_seconds(app, loads: int = 5, switches: int = 6) -> tuple[list[float], list[float]] | None:
    """Cold page load → first chart drawn, each in a new browser (a cold cache); then, in the last
    one, a filter change (the resolution switched between raid and month) → the rate chart redrawn."""
    try:
        from selenium import webdriver
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions
        from selenium.webdriver.support.ui import WebDriverWait
        from waitress.server import create_server

        from tests.conftest import pytest_setup_options
    except ImportError as exc:
        print(f"browser: skipped ({exc})")
        return None
    server = create_server(app.server, host="127.0.0.1", port=8765, threads=8)
    threading.Thread(target=server.run, daemon=True).start()
    chart = (By.CSS_SELECTOR, f"#{ids.RATE_GRAPH} .scatterlayer .trace")
    title = f"#{ids.RATE_GRAPH} .gtitle"
    loaded, switched = [], []
    try:
        for index in range(loads):
            driver = webdriver.Chrome(options=pytest_setup_options())
            try:
                start = time.perf_counter()
                driver.get("http://127.0.0.1:8765/?res=raid")
                WebDriverWait(driver, 30, poll_frequency=0.02).until(
                    expected_conditions.presence_of_element_located(chart)
                )
                loaded.append(time.perf_counter() - start)
                if index < loads - 1:
                    continue
                WebDriverWait(driver, 30).until(
                    expected_conditions.text_to_be_present_in_element((By.CSS_SELECTOR, title), "rolling")
                )
                for turn in range(switches):
                    value, expected = ("month", "per month") if turn % 2 == 0 else ("raid", "rolling")
                    button = driver.find_element(By.CSS_SELECTOR, f"#{ids.RESOLUTION} input[value='{value}']")
                    start = time.perf_counter()
                    button.click()
                    WebDriverWait(driver, 30, poll_frequency=0.01).until(
                        expected_conditions.text_to_be_present_in_element((By.CSS_SELECTOR, title), expected)
                    )
                    switched.append(time.perf_counter() - start)
            finally:
                driver.quit()
    finally:
        server.close()
    return loaded, switched


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument(
        "--synthetic", action="store_true", help="a generated news-only table instead of the bundled data"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        if args.synthetic:
            observations = synthetic_observations()
            write_observations(observations, out)
            write_attacks(attacks_from(observations), out)
        else:
            run([ROOT / "data" / "raw"], out, reference=ROOT / "data" / "reference")
        data = load(out)
        reference_rows = 0 if data.reference is None else len(data.reference)
        print(
            f"attack × weapon rows: news {len(data.attacks):,}, reference {reference_rows:,}; "
            f"observations: {len(data.observations):,}"
        )
        dates = data.dates
        years = ["2023", "2024", "2025", None]

        def state(i: int) -> State:
            year = years[i % len(years)]
            return State(
                start=f"{year}-01-01" if year else None,
                end=f"{year}-12-31" if year else None,
                classes=("drone", "cruise_missile", "ballistic_missile", "missile", "mixed")[: 2 + i % 4],
                window=(7, 30)[i % 2],
                layer=("reference", "both", "news")[i % 3],
                compare=(dates[i % len(dates)], dates[-1 - i % 50]),
            )

        largest = data.reference if data.reference is not None else data.attacks.drop(columns="date")
        baseline = p95(timed(lambda i: largest.to_dict("records"), args.runs))
        controls = [None, None, ["drone"], [], "RU", 30, [], "reference"]
        results = {
            "charts": timed(lambda i: charts(state(i), data), args.runs),
            "comparison": timed(lambda i: comparison(state(i), data), args.runs),
            "sources": timed(lambda i: sources(state(i), "shahed" if i % 2 else None, data), args.runs),
            "url sync": timed(lambda i: sync(ids.WINDOW, "", controls, {}, None, data), args.runs),
        }
        print(f"baseline (JSON of the largest table, {len(largest):,} rows): p95 {baseline:.1f} ms")
        for name, samples in results.items():
            value = p95(samples)
            print(f"{name:>10}: p95 {value:6.1f} ms = {value / baseline:4.2f}× baseline   (target < 100 ms)")
        if not args.no_browser:
            from dashboard.app import create_app

            floor = browser_seconds(minimal_app())
            ours = browser_seconds(create_app(out))
            if floor and ours:
                for name, mine, base, target in (
                    ("cold page load → first chart drawn", ours[0], floor[0], 1.3),
                    ("filter change → chart redrawn", ours[1], floor[1], 3.0),
                ):
                    median, baseline_median = statistics.median(mine), statistics.median(base)
                    print(
                        f"{name}: median {median:.3f} s ({len(mine)} samples); one-graph Dash page"
                        f" {baseline_median:.3f} s; ratio {median / baseline_median:.2f}× (target ≤ {target}×)"
                    )


if __name__ == "__main__":
    main()

"""Dashboard speed on the bundled data: the reference (2022-09 … 2026-06, 3,752 attack × weapon
rows) and the news tables, as `python -m etl run` builds them.

    python benchmarks/bench_dashboard.py [--runs N] [--no-browser]

Reports the 95th-percentile time of each callback (the function and the JSON encoding of what it
returns, with Dash's own encoder), as milliseconds and as a ratio to a baseline measured in the same run:
encoding the largest table (the reference, or the news attacks) to JSON, the least a view of all
the data costs. Then, with Debian's chromium, against a one-graph Dash page served and driven the
same way in the same run: cold page loads to the first chart drawn (COLD), and switches turned back
and forth to both charts redrawn (SWITCHES), each as a ratio of medians.

`--synthetic` measures instead a generated news table of the reference's size (fixed seed): it
stresses the news path (sources table, per-report hover) that the small bundled corpus does not.

`--observations N` measures the dashboard at scale: the bundled tally with N generated news
observations (copies of the synthetic table under other document ids) against the bundled data,
in the same run: start-up (loading the tables and building the app, median of 3) as a ratio, and
the sources callback (a page of a view never asked for before, then its next page) in ms and kB.
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
from dashboard.listing import sources  # noqa: E402
from dashboard.state import State  # noqa: E402
from dashboard.views import charts, comparison  # noqa: E402
from etl.load import write_attacks, write_observations  # noqa: E402
from etl.pipeline import run  # noqa: E402
from etl.reconcile import attacks_from  # noqa: E402
from etl.schema import split_evidence  # noqa: E402
from etl.spill import RECORD_SCHEMA, Observations  # noqa: E402

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
                    **{name: None for name in RECORD_SCHEMA.names},
                    "doc_id": f"synthetic-{day:%Y%m%d}",
                    "segment": 0,
                    "attack_date": f"{day:%Y-%m-%d}",
                    "attack_month": f"{day:%Y-%m}",
                    "raid": "night",
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
                    "source_type": "news",
                    "correction": False,
                }
            )
    return pd.DataFrame(rows, columns=RECORD_SCHEMA.names)


def scaled_observations(count: int) -> pd.DataFrame:
    """`count` observations: the synthetic table repeated, each copy from other documents."""
    base = synthetic_observations()
    copies = [base.assign(doc_id=base["doc_id"] + f"-{k}") for k in range(-(-count // len(base)))]
    return pd.concat(copies, ignore_index=True).head(count)


def startup_seconds(folder: Path, runs: int = 3) -> float:
    from dashboard.app import create_app

    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        create_app(folder)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def at_scale(count: int, runs: int) -> None:
    """Start-up and the sources callback with `count` news observations against the bundled data."""
    from dashboard.listing import source_page

    with tempfile.TemporaryDirectory() as folder:
        bundled, big = Path(folder) / "bundled", Path(folder) / "big"
        run([ROOT / "data" / "raw"], bundled, reference=ROOT / "data" / "reference")
        big.mkdir()
        for name in ("reference.parquet", "metadata.json"):
            (big / name).write_bytes((bundled / name).read_bytes())
        observations = scaled_observations(count)
        write_observations(Observations.of(*split_evidence(observations)), big)
        write_attacks(attacks_from(observations), big)
        base, scaled = startup_seconds(bundled), startup_seconds(big)
        print(
            f"start-up: bundled ({len(load(bundled).observations):,} observations) {base:.2f} s; "
            f"{count:,} observations {scaled:.2f} s; ratio {scaled / base:.2f}× (target ≤ 2×)"
        )
        data = load(big)
        years = ["2023", "2024", "2025", None]
        first, following, sizes = [], [], []
        for i in range(runs):
            year = years[i % len(years)]
            state = State(
                start=f"{year}-01-01" if year else None,
                end=f"{year}-12-31" if year else None,
                classes=("drone", "cruise_missile", "ballistic_missile", "missile", "mixed")[: 2 + i % 4],
            )
            search = ("shahed", None, "kalibr")[i % 3]
            sort = [{"colId": ("launched", "attack_date", "weapon")[i % 3], "sort": "desc"}] if i % 2 else None
            data.sources._views.clear()  # every view asked for the first time
            for samples, move, shown in ((first, None, None), (following, "next", {})):
                start = time.perf_counter()
                page = source_page(state, search, data, None, sort, move, shown)
                sent = to_json([page["rows"], page["pager"], page["caption"]])
                samples.append((time.perf_counter() - start) * 1000)
                sizes.append(len(sent) / 1000)
                shown = page["pager"]
        print(
            f"sources callback over {len(data.observations):,} observations: a new view's first page p95 "
            f"{p95(first):.1f} ms, its next page p95 {p95(following):.1f} ms (target ≤ 100 ms); "
            f"response at most {max(sizes):.1f} kB (target ≤ 200 kB)"
        )


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
    """The baseline page: Dash, plotly.js and one two-point graph, compressed like ours, with the two
    switches the benchmark turns (resolution, rate measure) redrawing the graph: the least a filter
    change can cost."""
    from dash import Dash, Input, Output, dcc, html
    from flask_compress import Compress

    app = Dash(__name__)
    Compress(app.server)
    app.layout = html.Div(
        [
            dcc.RadioItems(id=ids.RESOLUTION, options=["raid", "month"], value="raid"),
            dcc.RadioItems(id=ids.RATE_MEASURE, options=["intercepted", "neutralised"], value="intercepted"),
            dcc.Graph(id=ids.RATE_GRAPH, figure={"data": [{"type": "scatter", "x": [1, 2], "y": [1, 2]}]}),
        ]
    )

    @app.callback(Output(ids.RATE_GRAPH, "figure"), Input(ids.RESOLUTION, "value"), Input(ids.RATE_MEASURE, "value"))
    def _redraw(resolution, measure):
        name = "Interception rate" if measure == "intercepted" else "Neutralised rate"
        title = f"{name} per month" if resolution == "month" else f"{name}, 30-day rolling"
        return {"data": [{"type": "scatter", "x": [1, 2], "y": [1, 2]}], "layout": {"title": {"text": title}}}

    return app


# What a user changes, from which page: the control, and each value with a word of the title the
# redrawn rate chart then shows. The default view (per month since the span is over a year) with
# its rate measure switched, the everyday filter change; and the heaviest one, the whole span
# switched between a thousand raids and its months.
COLD = {
    "cold load of the default page → first chart drawn": "/",
    "cold load of the whole span per raid → first chart drawn": "/?res=raid",
}
SWITCHES = {
    "filter change in the default view (rate measure) → charts redrawn": (
        "/?res=month",
        ids.RATE_MEASURE,
        [("neutralised", "Neutralised"), ("intercepted", "Interception")],
    ),
    "resolution raid ↔ month over the whole span → charts redrawn": (
        "/?res=raid",
        ids.RESOLUTION,
        [("month", "per month"), ("raid", "rolling")],
    ),
}


def browser_seconds(app, loads: int = 5, switches: int = 6) -> dict[str, list[float]] | None:
    """Each of COLD loaded cold → first chart drawn, each time in a new browser (a cold cache), in
    turn; then, in the last one, each of SWITCHES turned back and forth → the rate chart redrawn with its new title and
    plotly done drawing both charts."""
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
    title = (By.CSS_SELECTOR, f"#{ids.RATE_GRAPH} .gtitle")
    # true once Dash has no callback in flight (as dash[testing] waits for them): the title alone
    # could be drawn while another output of the change is still on its way
    settled = """
        const callbacks = Object.assign({}, window.store.getState().callbacks);
        delete callbacks.stored; delete callbacks.completed;
        return Object.values(callbacks).every(list => list.length === 0);"""
    times: dict[str, list[float]] = {}
    try:
        for index in range(loads * len(COLD)):
            name, query = list(COLD.items())[index % len(COLD)]
            driver = webdriver.Chrome(options=pytest_setup_options())
            try:
                start = time.perf_counter()
                driver.get("http://127.0.0.1:8765" + query)
                WebDriverWait(driver, 30, poll_frequency=0.02).until(
                    expected_conditions.presence_of_element_located(chart)
                )
                times.setdefault(name, []).append(time.perf_counter() - start)
                if index < loads * len(COLD) - 1:
                    continue
                for name, (query, control, turns) in SWITCHES.items():
                    driver.get("http://127.0.0.1:8765" + query)
                    WebDriverWait(driver, 30).until(
                        expected_conditions.text_to_be_present_in_element(title, turns[-1][1])
                    )
                    time.sleep(1)
                    for turn in range(switches):
                        value, expected = turns[turn % len(turns)]
                        button = driver.find_element(By.CSS_SELECTOR, f"#{control} input[value='{value}']")
                        start = time.perf_counter()
                        button.click()
                        WebDriverWait(driver, 30, poll_frequency=0.01).until(
                            lambda d, expected=expected: (
                                expected in d.find_element(*title).text and d.execute_script(settled)
                            )
                        )
                        times.setdefault(name, []).append(time.perf_counter() - start)
            finally:
                driver.quit()
    finally:
        server.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument(
        "--synthetic", action="store_true", help="a generated news-only table instead of the bundled data"
    )
    parser.add_argument("--observations", type=int, help="the dashboard at this many news observations")
    args = parser.parse_args()
    if args.observations:
        at_scale(args.observations, args.runs)
        return
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        if args.synthetic:
            observations = synthetic_observations()
            write_observations(Observations.of(*split_evidence(observations)), out)
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
                for name, mine in ours.items():
                    target = 1.3 if name.startswith("cold") else 3.0
                    median, baseline_median = statistics.median(mine), statistics.median(floor[name])
                    print(
                        f"{name}: median {median:.3f} s ({len(mine)} samples); one-graph Dash page"
                        f" {baseline_median:.3f} s; ratio {median / baseline_median:.2f}× (target ≤ {target}×)"
                    )


if __name__ == "__main__":
    main()

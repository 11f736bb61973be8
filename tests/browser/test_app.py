"""The page end to end in headless chromium (dash[testing]'s dash_duo). Screenshots of each view go
to tests/artifacts/ for a person to look at."""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
import pytest

from dashboard import ids
from dashboard.app import create_app
from dashboard.data import filter_attacks
from dashboard.state import state_from_query

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


@pytest.fixture
def app(processed):
    return create_app(processed)


def shot(dash_duo, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    dash_duo.driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def graph_title(dash_duo, graph_id: str) -> str:
    return dash_duo.driver.execute_script(
        f"return document.getElementById('{graph_id}').querySelector('.gtitle').textContent"
    )


def severe(logs: list[dict]) -> list[dict]:
    return [entry for entry in logs if entry.get("level") == "SEVERE"]


def test_page_loads_without_console_errors(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.wait_for_text_to_equal(f"#{ids.RATE_GRAPH} .gtitle", "Interception rate, 30-day rolling", timeout=15)
    dash_duo.wait_for_element(f"#{ids.SIZE_GRAPH} .bars", timeout=10)
    dash_duo.wait_for_element(f"#{ids.SOURCES_GRID} .ag-row", timeout=10)
    shot(dash_duo, "overview")
    assert severe(dash_duo.get_logs()) == []


def test_changing_a_filter_changes_the_chart_and_the_url(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.wait_for_text_to_equal(f"#{ids.RATE_GRAPH} .gtitle", "Interception rate, 30-day rolling", timeout=15)
    dash_duo.find_element(f"#{ids.WINDOW} input[value='7']").click()
    dash_duo.wait_for_text_to_equal(f"#{ids.RATE_GRAPH} .gtitle", "Interception rate, 7-day rolling", timeout=10)
    assert "window=7" in dash_duo.driver.current_url
    shot(dash_duo, "filter-7-day")
    assert severe(dash_duo.get_logs()) == []


def test_download_of_the_current_view(dash_duo, app, processed):
    dash_duo.start_server(
        app,
    )
    dash_duo.wait_for_element(f"#{ids.SIZE_GRAPH} .bars", timeout=15)
    dash_duo.wait_for_element(f"#{ids.SOURCES_GRID} .ag-row", timeout=10)
    button = dash_duo.find_element(f"#{ids.DOWNLOAD_VIEW}")
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    time.sleep(0.3)
    button.click()
    target = Path(dash_duo.download_path) / "attacks_filtered.csv"
    deadline = time.time() + 15
    while not target.exists() and time.time() < deadline:
        time.sleep(0.2)
    frame = pd.read_csv(target, encoding="utf-8-sig")
    expected = filter_attacks(app_data(processed).attacks, state_from_query(""))
    assert len(frame) == len(expected) > 0
    assert list(frame.columns)[:6] == ["attack_date", "raid", "attacker", "scope", "weapon_class", "weapon"]


def test_compare_view_with_two_dates(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.driver.get(dash_duo.server_url + "/?compare=2025-07-04,2025-08-28")
    dash_duo.wait_for_contains_text(f"#{ids.COMPARE_TABLE}", "2025-08-28", timeout=15)
    assert "2025-07-04" in dash_duo.find_element(f"#{ids.COMPARE_TABLE}").text
    dash_duo.driver.execute_script(f"document.getElementById('{ids.COMPARE_GRAPH}').scrollIntoView()")
    time.sleep(0.5)
    shot(dash_duo, "compare")
    assert severe(dash_duo.get_logs()) == []


def test_phone_width_layout(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.driver.set_window_size(390, 1600)
    dash_duo.wait_for_element(f"#{ids.RATE_GRAPH} .gtitle", timeout=15)
    time.sleep(0.5)
    width = dash_duo.driver.execute_script("return document.documentElement.scrollWidth")
    shot(dash_duo, "phone")
    assert width <= 400  # nothing forces a horizontal scroll


def app_data(processed):
    from dashboard.data import load

    return load(processed)

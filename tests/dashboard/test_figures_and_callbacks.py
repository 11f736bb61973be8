"""Figures and callbacks, tested by calling them on the tables the ETL builds from data/raw/."""

from __future__ import annotations

import base64
import io

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard import ids
from dashboard.callbacks import sync
from dashboard.classes import COLOURS, LABELS
from dashboard.data import Data
from dashboard.figures import GRAPH_CONFIG, rate_figure, size_figure
from dashboard.listing import found_sources, source_page, sources
from dashboard.state import State, state_from_query
from dashboard.views import charts, clicked_date, comparison, download, point_sentences
from tests.conftest import largest_air_force_raid

CONTROLS_DEFAULT = [
    None,
    None,
    ["drone", "cruise_missile", "ballistic_missile", "missile", "mixed"],
    [],
    "RU",
    30,
    [],
    "reference",
    "raid",
    "intercepted",
]


def valid(fig: go.Figure) -> go.Figure:
    """The figures skip plotly's validation for speed; here every one is built again with it."""
    return go.Figure(fig.to_dict())


def click(date: str) -> dict:
    """What plotly.js sends for a click on a point or bar of the time charts (the browser test
    clicks the real chart)."""
    return {"points": [{"curveNumber": 0, "pointNumber": 3, "x": date, "y": 0.9}]}


def test_graph_config_keeps_png_and_drops_cloud_sharing():
    assert GRAPH_CONFIG["showSendToCloud"] is False and GRAPH_CONFIG["displaylogo"] is False
    assert (
        "sendDataToCloud" in GRAPH_CONFIG["modeBarButtonsToRemove"]
        and "toImage" not in GRAPH_CONFIG["modeBarButtonsToRemove"]
    )


def test_rate_figure_has_fixed_colours_and_marks_bounded_numbers(data):
    rolling = {c: data.rolling[("RU", c, 30)] for c in ("drone", "cruise_missile")}
    fig = rate_figure(data.totals[data.totals["attacker"] == "RU"], rolling, 30, ["drone", "cruise_missile"])
    valid(fig)
    markers = [t for t in fig.data if t.mode == "markers"]
    exact = next(t for t in markers if t.name == LABELS["drone"])
    hollow = next(t for t in markers if t.name == LABELS["drone"] + " (approx. or bound)")
    assert exact.marker.color == hollow.marker.color == COLOURS["drone"]
    # seed 000: "nearly 600 drones" is an upper bound: hollow marker, said in the hover
    assert "2025-08-28" in list(hollow.x) and "2025-08-28" not in list(exact.x)
    index = list(hollow.x).index("2025-08-28")
    assert hollow.marker.symbol == "circle-open" and "approx" in hollow.hovertemplate
    assert list(hollow.customdata[index][:2]) == [563, 600]
    assert fig.layout.yaxis.title.text == "Share intercepted"


def test_size_figure_names_the_largest_attacks_with_their_rank(data):
    fig = size_figure(
        data.parts[data.parts["attacker"] == "RU"], data.sizes[data.sizes["attacker"] == "RU"], list(State().classes)
    )
    valid(fig)
    labels = [a for a in fig.layout.annotations if a.xref != "paper"]  # the credit line is on the paper
    assert fig.layout.barmode == "stack" and len(labels) == 5
    intercepted = next(t for t in fig.data if t.name == "Intercepted")
    assert any("largest of 2025" in text for text in intercepted.text) and "%{text}" in intercepted.hovertemplate


def test_empty_filters_give_an_empty_state_not_an_error(data):
    empty = data.totals.iloc[0:0]
    fig = valid(rate_figure(empty, {}, 7, ["drone"]))
    assert isinstance(fig, go.Figure) and "No dated attacks" in fig.layout.annotations[0].text


def test_url_sets_the_controls_and_bad_values_fall_back(data):
    out = sync(ids.URL, "?window=7&class=drone&attacker=UA&compare=2025-08-28", CONTROLS_DEFAULT, {}, None, data)
    assert out[0] == "?class=drone&attacker=UA&window=7&compare=2025-08-28"
    assert out[3:10] == [["drone"], [], "UA", 7, ["2025-08-28"], "reference", "auto"]
    assert sync(ids.URL, "?window=999&start=nonsense&model=NoSuchModel", CONTROLS_DEFAULT, {}, None, data)[0] == ""


def test_clicking_a_point_adds_its_date_to_the_comparison(data):
    clicks = {ids.RATE_GRAPH: clicked_date(click("2025-08-28")), ids.SIZE_GRAPH: None}
    out = sync(ids.RATE_GRAPH, "", CONTROLS_DEFAULT, clicks, None, data)
    compared = 7  # the sync output: search, then the controls in CONTROLS order
    assert out[compared] == ["2025-08-28"] and out[0] == "?compare=2025-08-28&res=raid"
    controls = [*CONTROLS_DEFAULT[:6], out[compared], "reference", "raid", "intercepted"]
    out = sync(ids.COMPARE_PICK, out[0], controls, {}, "2025-07-22T00:00:00", data)
    assert out[compared] == ["2025-08-28", "2025-07-22"]


def test_layers_reference_news_and_both(data):
    reference, _ = charts(State(layer="reference", resolution="raid"), data)
    news, _ = charts(State(layer="news", resolution="raid"), data)
    both, both_size = charts(State(layer="both", resolution="raid"), data)
    count = lambda fig: sum(len(t.x) for t in fig.data if t.mode == "markers")  # noqa: E731 - a tiny local helper
    assert count(reference) > 10 * count(news)  # the tally has ~1,300 nights, the news a few dozen
    assert any(t.name.startswith("News:") for t in both.data) and not any(
        t.name.startswith("News:") for t in reference.data
    )
    assert any(t.name == "News reports: launched" for t in both_size.data)
    # news points say when their date was matched to the tally
    news_points = [t for t in news.data if t.mode == "markers" and t.text is not None]
    assert any("matched to the Air Force tally" in text for t in news_points for text in t.text)


def test_news_layer_shows_only_what_news_stated(data):
    filled = data.attacks[data.attacks["launched_source"] == "reference"]
    assert not filled.empty  # e.g. a report giving only intercepts, launched taken from the tally
    row = filled.iloc[0]
    news = data.totals[(data.totals["attack_date"] == row["attack_date"]) & (data.totals["attacker"] == "RU")]
    assert news.loc[news["weapon_class"] == row["weapon_class"], "launched"].isna().all()


def test_without_a_reference_the_view_is_news(data):
    """No tally and no bulletin: the Air Force layer does not exist and the view falls back to news."""
    sources = data.attacks[["launched_source", "intercepted_source", "ew_lost_source"]]
    news = data.attacks[~sources.isin(["bulletin"]).any(axis=1)]
    news_only = Data(news.drop(columns="date"), data.observations)
    assert sync(ids.URL, "?layer=reference", CONTROLS_DEFAULT, {}, None, news_only)[8] == "news"


def test_changing_a_filter_changes_the_charts(data):
    everything, _ = charts(State(), data)
    drones_only, _ = charts(State(classes=("drone",)), data)
    assert len(drones_only.data) < len(everything.data)
    weekly, _ = charts(State(window=7, resolution="raid"), data)
    assert "7-day" in weekly.layout.title.text


def test_comparison_of_two_raids(data):
    fig, rows, columns = comparison(State(compare=("2025-07-04", "2025-08-28")), data)
    valid(fig)
    assert {r["attack"] for r in rows} == {"2025-07-04 (night)", "2025-08-28 (night)", "Total of 2 raids"}
    fields = {c["field"] for c in columns}
    assert {"launched_change", "ew_lost", "neutralised_rate"} <= fields and len(fig.data) == 4


def test_comparison_follows_the_class_filter(data):
    _, rows, _ = comparison(State(compare=("2025-07-04", "2025-08-28"), classes=("drone",)), data)
    assert {r["class"] for r in rows} == {"Drones"}


def test_comparison_with_no_dates_is_an_empty_state(data):
    fig, rows, _ = comparison(State(), data)
    assert rows == [] and "Pick two or more raids" in fig.layout.annotations[0].text


def listed(state: State, search: str | None, data: Data, filters=None, sort=None) -> list[dict]:
    """Every row the sources table lists, its pages one after the other."""
    positions = found_sources(state, search, data, filters, sort)
    return data.sources.page(positions, 0, size=len(positions))


def test_sources_list_undated_observations_and_search(data):
    rows = listed(State(), None, data)
    assert any(r["attack_date"] == "undated" for r in rows)
    kinzhal = listed(State(), "kinzhal", data)
    assert kinzhal and all("kinzhal" in (r["evidence"] + r["weapon"]).lower() for r in kinzhal)


def test_sources_show_recovered_dates_and_disagreements(data):
    rows = listed(State(), None, data)
    assert any(r["date_from"] == "Air Force tally (text: 2025-07-22)" for r in rows)  # seed 002
    # 2025-07-04: BBC says 550 drones (np-0140, np-0141), the CCTV translation 539 and "more than 330"
    assert any(r["disagreement"] == "launched: kept 550, also 330 (np-0145); 539 (np-0145)" for r in rows)


def test_search_copes_with_missing_outlets(data):
    no_outlets = Data(data.attacks.drop(columns="date"), data.observations.assign(outlet=None))
    assert listed(State(), "kinzhal", no_outlets) and sources(State(), None, no_outlets)[0][0]["source"]


def test_the_sources_come_a_page_at_a_time(data):
    """The grid is sent 20 rows and the count; the pager turns pages within the list's bounds, and
    a change of view starts again at its first page."""
    everything = listed(State(), None, data)
    rows, total = sources(State(), None, data)
    assert len(rows) == 20 and total == len(everything) > 200 and rows == everything[:20]
    first = source_page(State(), None, data, None, None, None, None)
    assert first["caption"] == f"Rows 1–20 of {total:,}" and first["at_start"] and not first["at_end"]
    second = source_page(State(), None, data, None, None, "next", first["pager"])
    assert second["rows"] == everything[20:40] and not second["at_start"]
    last = source_page(State(), None, data, None, None, "last", second["pager"])
    assert last["rows"] == everything[(total - 1) // 20 * 20 :] and last["at_end"]
    beyond = source_page(State(), None, data, None, None, "next", last["pager"])
    assert beyond["pager"]["page"] == last["pager"]["page"]
    searched = source_page(State(), "kinzhal", data, None, None, None, last["pager"])
    assert searched["pager"]["page"] == 0 and searched["rows"] == listed(State(), "kinzhal", data)[:20]
    # a column resized or moved changes the grid's column state but not its sort: nothing to send
    widths = [{"colId": "weapon", "width": 300, "sort": None}]
    assert source_page(State(), "kinzhal", data, None, widths, None, searched["pager"]) is None
    nothing = source_page(State(), "no such words here", data, None, None, None, None)
    assert nothing["rows"] == [] and nothing["caption"] == "No sentence matches this view." and nothing["at_end"]


def test_the_grids_column_filters_apply_to_every_row(data):
    """AG Grid's filter model, applied on the server as its text and number filters decide."""
    weapon = {"weapon": {"filterType": "text", "type": "contains", "filter": "SHAHED"}}
    rows = listed(State(), None, data, weapon)
    assert rows and all("shahed" in r["weapon"].lower() for r in rows)
    many = {"launched": {"filterType": "number", "type": "greaterThan", "filter": 400}}
    assert all(r["launched"] > 400 for r in listed(State(), None, data, many))
    either = {
        "launched": {
            "filterType": "number",
            "operator": "OR",
            "conditions": [
                {"filterType": "number", "type": "blank"},
                {"filterType": "number", "type": "equals", "filter": 6},
            ],
        }
    }
    assert {r["launched"] for r in listed(State(), None, data, either)} == {None, 6}
    unsaid = {"qualifiers": {"filterType": "text", "type": "notContains", "filter": "approximate"}}
    assert all("approximate" not in r["qualifiers"] for r in listed(State(), None, data, unsaid))
    everything = listed(State(), None, data)
    for crafted in (
        [],
        "x",
        {"nope": {}},
        {"weapon": {"type": "regex", "filter": ".*"}},
        {"launched": {"filterType": "number", "type": "equals", "filter": "abc"}},
    ):
        assert listed(State(), None, data, crafted) == everything


def test_the_grids_sort_orders_every_row(data):
    """A header's sort orders the whole list, as AG Grid would: missing values first going up."""
    up = listed(State(), None, data, sort=[{"colId": "launched", "sort": "asc"}])
    values = [r["launched"] for r in up]
    known = [v for v in values if v is not None]
    assert values[: values.count(None)] == [None] * values.count(None) and known == sorted(known)
    down = [r["launched"] for r in listed(State(), None, data, sort=[{"colId": "launched", "sort": "desc"}])]
    assert [v for v in down if v is not None] == sorted(known, reverse=True) and down[-1] is None
    two = [
        {"colId": "intercepted", "sort": "desc", "sortIndex": 1},
        {"colId": "attack_date", "sort": "asc", "sortIndex": 0},
    ]
    pairs = [
        (r["attack_date"], -(r["intercepted"] if r["intercepted"] is not None else -1))
        for r in listed(State(), None, data, sort=two)
    ]
    assert pairs == sorted(pairs)


def test_point_sentences_show_the_evidence(data):
    children = point_sentences(click("2025-08-28"), State(), data)
    assert "2025-08-28 (night)" in children[0].children and "Kha-101" in str(children[2])
    assert "Air Force tally" in str(children[1])  # the raid's own figures, with their source


def test_download_of_the_view_is_exactly_the_plotted_rows(data):
    """'This view' is the rows the charts draw: the layer shown (the tally by default, with the
    bulletins after it), under the date and class filters."""
    state = State(classes=("drone",), start="2024-01-01", resolution="raid")
    sent = download(ids.DOWNLOAD_VIEW, state, data)
    raw = base64.b64decode(sent["content"]) if sent["base64"] else sent["content"].encode()
    assert raw.startswith("\ufeff".encode())
    frame = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    assert sent["filename"] == "view.csv"
    _, size = charts(state, data)
    bars = sum(len(t.x) for t in size.data if t.type == "bar")
    assert len(frame) == bars > 100  # one row per drawn bar: the tally's raids, not 5 news rows
    assert set(frame["weapon_class"]) == {"drone"} and (frame["attack_date"] >= "2024-01-01").all()
    assert set(frame["layer"]) <= {"reference", "bulletin"}


def _sent_frame(sent: dict) -> pd.DataFrame:
    raw = base64.b64decode(sent["content"]) if sent["base64"] else sent["content"].encode()
    return pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")


@pytest.mark.parametrize("resolution", ["raid", "month"])
def test_each_charts_csv_holds_every_point_it_plots(data, resolution):
    """A chart's own download: one row per point or bar drawn, rolling lines included, with the
    series named as in the legend."""
    state = State(classes=("drone", "cruise_missile"), start="2025-01-01", end="2025-06-30", resolution=resolution)
    rate, size = charts(state, data)
    for button, figure in ((ids.RATE_CSV, rate), (ids.SIZE_CSV, size)):
        frame = _sent_frame(download(button, state, data))
        drawn = [(t.name, y) for t in figure.data for y in t.y if y is not None and y == y]
        assert len(frame) == len(drawn) > 10
        for name in {n for n, _ in drawn}:
            assert sorted(frame.loc[frame["series"] == name, "value"]) == pytest.approx(
                sorted(y for n, y in drawn if n == name)
            )
        assert frame["plotted_date"].str[:10].between("2025-01-01", "2025-06-30").all()
    series = set(_sent_frame(download(ids.RATE_CSV, state, data))["series"])
    assert ("Drones, 30-day" in series) == (resolution == "raid")


def test_the_sources_download_is_the_listed_rows_under_the_search(data):
    """The sources table's download: the rows the filters and the search list, as whole observations
    (document, sentence, span), not the chart's rows."""
    state = State(classes=("drone",))
    rows = listed(state, "shahed", data)
    frame = _sent_frame(download(ids.DOWNLOAD_SOURCES, state, data, "shahed"))
    assert sent_name(download(ids.DOWNLOAD_SOURCES, state, data, "shahed")) == "sources.csv"
    assert 0 < len(frame) == len(rows) < len(listed(state, None, data))
    assert frame["evidence"].tolist() == [row["evidence"] for row in rows]
    assert {"doc_id", "launched_span", "url"} <= set(frame.columns)


def test_the_sources_download_follows_the_grids_filters_and_sort(data):
    """With a column filter and a sort in the grid, the download is the grid's list in its order."""
    filters = {"weapon": {"filterType": "text", "type": "contains", "filter": "shahed"}}
    sort = [{"colId": "launched", "sort": "desc", "sortIndex": 0}]
    rows = listed(State(), None, data, filters, sort)
    frame = _sent_frame(download(ids.DOWNLOAD_SOURCES, State(), data, None, (filters, sort)))
    assert 0 < len(frame) == len(rows) < len(listed(State(), None, data))
    assert frame["evidence"].tolist() == [row["evidence"] for row in rows]
    assert frame["launched"].dropna().is_monotonic_decreasing


def sent_name(sent: dict) -> str:
    return sent["filename"]


def test_the_yearly_neutralised_view_downloads_its_plotted_points(data):
    """Under "year" and "neutralised", 'this view' is the year rows the rate chart plots, its
    columns named for what they count."""
    state = State(classes=("drone",), start="2024-01-01", end="2025-12-31", resolution="year", rate="neutralised")
    sent = download(ids.DOWNLOAD_VIEW, state, data)
    raw = base64.b64decode(sent["content"]) if sent["base64"] else sent["content"].encode()
    frame = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    rate, _ = charts(state, data)
    plotted = {str(x)[:10]: y for t in rate.data if t.mode == "markers" for x, y in zip(t.x, t.y, strict=True)}
    assert list(frame["attack_date"]) == sorted(plotted) == ["2024-01-01", "2025-01-01"]
    assert list(frame["neutralised_rate"]) == pytest.approx([plotted[d] for d in frame["attack_date"]])
    assert "intercepted" not in frame and (frame["raids"] > 100).all()


def test_a_model_filter_filters_every_number(data):
    """?model=Kh-101/Kh-555 draws only that model's figures, not whole-night class totals."""
    everything, _ = charts(State(classes=("cruise_missile",)), data)
    kh101, _ = charts(State(classes=("cruise_missile",), models=("Kh-101/Kh-555",)), data)
    assert "Kh-101/Kh-555" in data.models and len(data.models) > 40  # the tally's models are offered

    def launched(fig):
        return sum(sum(v for v in t.customdata[:, 1] if v == v) for t in fig.data if t.customdata is not None)

    assert 0 < launched(kh101) < launched(everything)


def test_russias_claims_say_why_no_chart_is_drawn(data):
    """Russia's claims have no launch counts: the charts say so instead of staying blank, with no
    "Jan 2000" axis."""
    for figure in charts(State(attacker="UA"), data):
        assert "never a launch count" in figure.layout.annotations[0].text
        assert figure.layout.xaxis.visible is False


def test_all_missiles_is_not_drawn_under_a_drone_filter(data):
    rate, _ = charts(State(classes=("drone",)), data)
    assert not [t for t in rate.data if "All missiles" in (t.name or "")]


@pytest.mark.parametrize(
    "query",
    [
        "?window=²",
        "?window=" + "9" * 5000,
        "?start=2025-09-30&end=2025-07-01",
        "?model=Nope",
        "?compare=" + ",".join(["2025-07-04"] * 10_000),
    ],
)
def test_url_edge_cases_give_a_view(data, query):
    state = state_from_query(query, data)
    assert state.window in (7, 30) and (not state.start or not state.end or state.start <= state.end)
    assert len(state.compare) <= 20
    charts(state, data)


@pytest.mark.parametrize(
    "controls",
    [
        [None, None, None, None, None, "abc", None, None],
        [12345, None, [{}], None, None, None, None, None],
        ["2025-01-01", "2024-01-01", ["drone"], [{"x": 1}], "UA", "²", ["2025-07-04"] * 5000, 7],
    ],
)
def test_crafted_callback_values_are_ignored(data, controls):
    """Issue #11: bad values in a callback request are dropped, never a server error."""
    from dashboard.callbacks import state_from_controls

    state = state_from_controls(controls, data)
    charts(state, data)
    assert state.window in (7, 30) and len(state.compare) <= 20


@pytest.mark.parametrize(
    ("filters", "column_state", "shown"),
    [
        ({"launched": {"filterType": "number", "type": "inRange", "filter": 1}}, None, None),
        ({"launched": {"filterType": "number", "type": "equals", "filter": [1, 2]}}, [{"colId": ["x"]}], "abc"),
        ({"weapon": {"conditions": [{"conditions": [{"type": "contains", "filter": "x"}] * 3}] * 50}}, [], {}),
        (
            {"weapon": {"type": "contains", "filter": {"a": 1}}, 7: {}},
            [{"colId": "launched", "sort": "up"}],
            {"page": 10**40},
        ),
        ([{}], [{"colId": "weapon", "sort": "desc", "sortIndex": 10**30}, 5], {"page": -3, "filters": "x", "sort": 7}),
    ],
)
def test_crafted_grid_and_pager_values_give_a_page(data, filters, column_state, shown):
    """Issue #11: the grid's filter model and column state and the pager's store come from the
    browser: anything in them the server does not know is ignored, never an error."""
    for move in (None, "next", "last", "prev", "first"):
        page = source_page(State(), None, data, filters, column_state, move, shown)
        assert page is None or (page["pager"]["page"] >= 0 and len(page["rows"]) <= 20)
    frame = _sent_frame(download(ids.DOWNLOAD_SOURCES, State(), data, None, (filters, column_state)))
    assert "evidence" in frame.columns


def test_security_headers_and_no_big_bodies(processed):
    from dashboard.app import create_app

    client = create_app(processed).server.test_client()
    response = client.get("/")
    assert response.status_code == 200
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff" and response.headers["X-Frame-Options"] == "DENY"
    big = client.post("/_dash-update-component", data=b"x" * 2_000_000, content_type="application/json")
    assert big.status_code == 413


@pytest.mark.parametrize(("resolution", "length"), [("month", 7), ("year", 4)])
def test_monthly_and_yearly_views_sum_the_raids(data, resolution: str, length: int):
    """Issue #10: a month or year view draws Σ launched of its raids and the rate Σ/Σ over them."""
    from dashboard.shape import by_period

    rate, size = charts(State(resolution=resolution, classes=("drone",)), data)
    assert resolution in rate.layout.title.text and resolution in size.layout.title.text
    bars = [t for t in size.data if t.type == "bar"]
    drawn = sum(float(v) for t in bars for v in t.y)
    parts = data.layers["reference"].whole_parts  # the raids with the tally's regional reports
    drones = parts[(parts["weapon_class"] == "drone") & (parts["attacker"] == "RU")]
    assert drawn == float(drones["launched"].sum())
    months = by_period(data.layers["reference"].totals, resolution)
    assert len(set(months["attack_date"])) == len({d[:length] for d in data.layers["reference"].totals["attack_date"]})


def test_the_neutralised_rate_adds_those_lost_to_ew(data):
    """Issue #10: "drone interception (and neutralised) rate by year, 2024 vs 2025" on the page. The
    yearly point is Σ (shot down + lost to EW) ÷ Σ launched over the raids that state both (the
    tally's regional reports counted into their raids, as its totals count them)."""
    totals = data.layers["reference"].period_totals
    drones = totals[(totals["weapon_class"] == "drone") & (totals["attacker"] == "RU") & totals["rate"].notna()]
    rate, _ = charts(State(resolution="year", classes=("drone",), rate="neutralised"), data)
    shot, _ = charts(State(resolution="year", classes=("drone",)), data)
    assert "Neutralised" in rate.layout.title.text and "neutralised" in rate.layout.yaxis.title.text
    for year in ("2024", "2025"):
        rows = drones[drones["attack_date"].str.startswith(year)]
        expected = (rows["intercepted"].sum() + rows["ew_lost"].fillna(0).sum()) / rows["launched"].sum()
        plain = rows["intercepted"].sum() / rows["launched"].sum()
        drawn = {str(x)[:4]: y for t in rate.data if t.mode == "markers" for x, y in zip(t.x, t.y, strict=True)}
        drawn_plain = {str(x)[:4]: y for t in shot.data if t.mode == "markers" for x, y in zip(t.x, t.y, strict=True)}
        assert drawn[year] == pytest.approx(expected) and drawn_plain[year] == pytest.approx(plain)
        assert rows["ew_lost"].fillna(0).sum() == 0 or drawn[year] > drawn_plain[year]
    hover = next(t for t in rate.data if t.mode == "markers").hovertemplate
    assert "neutralised" in hover


def test_the_rate_measure_lives_in_the_url(data):
    out = sync(ids.URL, "?rate=neutralised", CONTROLS_DEFAULT, {}, None, data)
    assert out[0] == "?rate=neutralised" and out[-1] == "neutralised"
    assert sync(ids.URL, "?rate=everything", CONTROLS_DEFAULT, {}, None, data)[-1] == "intercepted"


@pytest.mark.parametrize("layer", ["reference", "news"])
def test_a_period_is_one_point_and_its_bars_sum_the_raid_bars(data, layer):
    """A year holding tally nights and bulletin nights is one point per class, and a month's bars add
    up to its raids' bars (a generic "missiles" figure of one night is kept beside another night's types)."""
    classes = ("drone", "cruise_missile", "ballistic_missile", "missile")
    rate, _ = charts(State(resolution="year", layer=layer, classes=classes), data)
    years: dict[str, list[str]] = {}
    for trace in rate.data:
        if trace.mode == "markers":
            years.setdefault(trace.legendgroup, []).extend(str(x)[:4] for x in trace.x)
    assert years and all(len(set(v)) == len(v) for v in years.values()), years
    bars = lambda fig: sum(float(v) for t in fig.data if t.type == "bar" for v in t.y)  # noqa: E731
    _, raids = charts(State(layer=layer, classes=classes), data)
    _, months = charts(State(resolution="month", layer=layer, classes=classes), data)
    assert bars(months) == bars(raids) > 0


def test_the_nights_no_source_covers_are_shaded(data):
    """Between the tally's last night (2026-06-07) and the bulletins' first (2026-06-24) nothing is
    known: both charts shade it and say so, so a low June bar does not read as a lull."""
    from dashboard.shape import source_gap

    gap = source_gap(data.layers["reference"].totals)
    assert gap == ("2026-06-08", "2026-06-23")
    for figure in charts(State(resolution="month"), data):
        assert any(s.x0 == gap[0] and s.type == "rect" for s in figure.layout.shapes)
        assert any(str(a.text).strip() == f"no figures {gap[0]} … {gap[1]}" for a in figure.layout.annotations)
    for figure in (*charts(State(start="2025-01-01", end="2025-12-31"), data), *charts(State(layer="news"), data)):
        assert not any(s.type == "rect" for s in figure.layout.shapes)


def test_largest_raid_vs_the_week_before_matches_the_raid_table(data, processed):
    """Issue #10: "the largest attack, and how did it compare with the week before?" answered by one
    button, checked against the ETL's own raid table (`raids.parquet`, class "all")."""
    out = sync(ids.COMPARE_LARGEST, "", CONTROLS_DEFAULT, {}, None, data)
    compared = out[7]
    everything, top = largest_air_force_raid(processed)
    assert compared[0] == (top["attack_date"] if top["raid"] == "night" else f"{top['attack_date']}-day")
    week = everything[
        (everything["attack_date"] < top["attack_date"])
        & (pd.to_datetime(everything["attack_date"]) >= pd.Timestamp(top["attack_date"]) - pd.Timedelta(days=7))
    ]
    assert len(compared) == 1 + len(week) and all(c[:10] < top["attack_date"] for c in compared[1:])
    _, rows, _ = comparison(State(compare=tuple(compared)), data)
    first = next(r for r in rows if r["class"] == "Drones")
    assert first["attack"].startswith(top["attack_date"]) and first["launched_change"] == 0
    assert any(r["attack"].startswith("Total of") for r in rows)


def test_the_largest_raid_follows_the_class_and_date_filters(data):
    controls = [
        "2024-01-01",
        "2024-12-31",
        ["ballistic_missile"],
        *CONTROLS_DEFAULT[3:],
    ]
    compared = sync(ids.COMPARE_LARGEST, "", controls, {}, None, data)[7]
    parts = data.layers["reference"].parts
    ballistic = parts[
        (parts["weapon_class"] == "ballistic_missile") & parts["attack_date"].between("2024-01-01", "2024-12-31")
    ]
    assert compared[0][:10] == ballistic.loc[ballistic["launched"].idxmax(), "attack_date"]


@pytest.mark.parametrize(
    ("resolution", "x", "start", "end", "finer"),
    [
        ("month", "2025-07-01", "2025-07-01", "2025-07-31", "raid"),
        ("year", "2024-01-01", "2024-01-01", "2024-12-31", "month"),
        ("week", "2025-06-30", "2025-06-30", "2025-07-06", "raid"),
    ],
)
def test_clicking_a_period_opens_it_one_level_finer(data, resolution, x, start, end, finer):
    controls = [*CONTROLS_DEFAULT[:8], resolution, "intercepted"]
    out = sync(ids.SIZE_GRAPH, "", controls, {ids.SIZE_GRAPH: x}, None, data)
    assert (out[1], out[2], out[9], out[7]) == (start, end, finer, [])


def test_the_default_resolution_is_per_month_over_a_year_and_per_raid_within_one(data):
    long, _ = charts(State(), data)
    short, _ = charts(State(start="2025-07-01", end="2025-09-30"), data)
    assert "per month" in long.layout.title.text and "per" not in short.layout.title.text.split("rate")[-1]


def test_a_weekly_view_sums_monday_to_sunday(data):
    from dashboard.shape import by_period

    totals = data.layers["reference"].totals
    weeks = by_period(totals[totals["attack_date"].between("2025-06-30", "2025-07-06")], "week")
    drones = weeks[weeks["weapon_class"] == "drone"].iloc[0]
    nights = totals[totals["attack_date"].between("2025-06-30", "2025-07-06") & (totals["weapon_class"] == "drone")]
    assert (drones["attack_date"], drones["raid"]) == ("2025-06-30", "2025-W27")
    assert drones["launched"] == nights["launched"].sum() and drones["raids"] == len(nights)


def test_a_daytime_raid_is_clicked_and_compared_apart_from_its_night(data):
    day = data.layers["reference"].totals.query("raid == 'day'").iloc[0]["attack_date"]
    out = sync(ids.RATE_GRAPH, "", CONTROLS_DEFAULT, {ids.RATE_GRAPH: f"{day} 12:00"}, None, data)
    assert out[7] == [f"{day}-day"]
    assert state_from_query(f"?compare={day}-day", data).compare == (f"{day}-day",)


def test_reporting_changes_are_drawn_from_events_yaml_with_their_source(data):
    from dashboard.figures import CREDIT, events

    assert all(e["source"] and e["label"] for e in events())
    rate, size = charts(State(start="2024-01-01", end="2025-12-31"), data)
    labels = [a.text for a in rate.layout.annotations]
    assert {e["label"] for e in events()} <= {label.strip() for label in labels}
    assert CREDIT in labels and CREDIT in [a.text for a in size.layout.annotations]
    inside, _ = charts(State(start="2025-09-01", end="2025-12-31"), data)
    assert not any("Aug 2025" in a.text for a in inside.layout.annotations)  # outside the dates shown


def test_each_chart_has_its_rows_in_a_table_tab_filled_only_when_open(data):
    from dash import no_update

    from dashboard.views import chart_tables, view_rows

    state = State(classes=("drone",), start="2025-07-01", end="2025-09-30")
    assert chart_tables(["chart", "chart"], state, data) == [no_update] * 2
    grid, closed = chart_tables(["table", "chart"], state, data)
    rows, columns = grid.rowData, grid.columnDefs
    assert closed is no_update
    assert len(rows) == len(view_rows(state, data)) and {r["class"] for r in rows} == {"Drones"}
    assert {c["field"] for c in columns} >= {"attack_date", "launched", "intercepted", "rate"}


def test_the_captions_state_the_rates_and_the_largest_raid_in_words(data):
    from dashboard.views import captions

    rate, size = captions(State(start="2025-07-01", end="2025-09-30", classes=("drone",)), data)
    quarter = ("2025-07-01", "2025-09-30")
    whole = data.layers["reference"].period_totals  # rates and sums count the tally's regional reports
    drones = whole[(whole["weapon_class"] == "drone") & whole["attack_date"].between(*quarter)]
    paired = drones[drones["intercepted"].notna() & drones["launched"].notna()]
    share = float(paired["intercepted"].sum()) / float(paired["launched"].sum())
    assert f"drones {share:.0%} of {int(paired['launched'].sum()):,}" in rate
    totals = data.layers["reference"].totals  # a raid drawn alone is the national report
    drones = totals[(totals["weapon_class"] == "drone") & totals["attack_date"].between(*quarter)]
    top = drones.loc[drones["launched"].idxmax()]
    assert f"the largest raid: {top['attack_date']} ({top['raid']}), {int(top['launched']):,} launched" in size


def test_the_compare_list_offers_the_chosen_then_the_newest_or_the_typed_raids(data):
    from dashboard.views import MAX_OPTIONS, compare_options

    newest = compare_options(None, ["2025-07-04"], data)
    assert newest[0] == {"label": "2025-07-04 (night)", "value": "2025-07-04"} and len(newest) <= MAX_OPTIONS + 1
    july = compare_options("2025-07", [], data)
    assert july and all(o["value"].startswith("2025-07") for o in july)
    assert compare_options("nonsense", ["not-a-raid"], data) == []


@pytest.mark.parametrize("rate", ["intercepted", "neutralised"])
def test_the_yearly_rates_drawn_are_the_etl_yearly_tables(data, processed, rate):
    """Issue #10's "drone rate by year, 2024 vs 2025", read off the chart, equals the ETL's own
    `yearly` table (tally rows, regional reports included, as the tally's totals count them)."""
    yearly = pd.read_parquet(processed / "yearly.parquet")
    tally = yearly[
        (yearly["level"] == "class")
        & (yearly["attacker"] == "RU")
        & (yearly["source"] == "tally")
        & (yearly["weapon_class"] == "drone")
    ].set_index("period")
    column = "interception_rate" if rate == "intercepted" else "neutralised_rate"
    figure, _ = charts(State(resolution="year", classes=("drone",), rate=rate), data)
    drawn = {str(x)[:4]: y for t in figure.data if t.name.startswith("Drones") for x, y in zip(t.x, t.y, strict=True)}
    for year in ("2023", "2024", "2025"):  # the years the tally covers whole
        assert drawn[year] == pytest.approx(float(tally.loc[year, column]), abs=5e-5), year  # stored to 4 places


@pytest.mark.parametrize("resolution", ["raid", "month"])
def test_a_change_sends_only_the_outputs_it_changes(data, resolution):
    from dash import no_update

    from dashboard.callbacks import chart_outputs

    state = State(resolution=resolution)
    full = chart_outputs(ids.CLASSES, state, data)
    assert all(output is not no_update for output in full)
    measure = chart_outputs(ids.RATE_MEASURE, State(resolution=resolution, rate="neutralised"), data)
    assert measure[1] is no_update and measure[3] is no_update  # the size chart and its caption
    assert "Neutralised" in measure[0].layout.title.text and "neutralised" in measure[2]
    window = chart_outputs(ids.WINDOW, State(resolution=resolution, window=7), data)
    assert window[1:] == [no_update] * 3
    assert window[0].to_json() == charts(State(resolution=resolution, window=7), data)[0].to_json()

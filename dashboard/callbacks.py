"""Thin glue: control values → State → data functions → figures. Each callback body is a plain
function of its inputs (tested by calling it); `register` only wires them to the page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pandas as pd
from dash import Dash, Input, Output, State, ctx, no_update

from dashboard import ids
from dashboard.data import Data
from dashboard.grids import grids
from dashboard.listing import MOVES, source_page
from dashboard.raids import clicked_raid, largest_with_week_before
from dashboard.shape import (
    filter_totals,
)
from dashboard.state import MAX_COMPARE, query_from_state, resolution_for, state_from_query
from dashboard.state import State as ViewState
from dashboard.views import (
    captions,
    chart_tables,
    charts,
    clicked_date,
    compare_options,
    comparison,
    download,
    layers_of,
    models,
    point_sentences,
)

CONTROLS = [
    (ids.START_END, "start_date"),
    (ids.START_END, "end_date"),
    (ids.CLASSES, "value"),
    (ids.MODELS, "value"),
    (ids.ATTACKER, "value"),
    (ids.WINDOW, "value"),
    (ids.COMPARE_DATES, "value"),
    (ids.LAYER, "value"),
    (ids.RESOLUTION, "value"),
    (ids.RATE_MEASURE, "value"),
]


def state_from_controls(controls: Sequence, data: Data) -> ViewState:
    """The URL's own parser validates control values too, so both paths agree on what is valid; a
    crafted value of the wrong type (a number for a date, an object in a list) is dropped, never an
    error."""
    start, end, classes, models, attacker, window, compare_dates, layer, resolution, rate = (
        list(controls) + [None] * 10
    )[:10]
    query = query_from_state(
        ViewState(
            start=_text(start, 10),
            end=_text(end, 10),
            classes=_texts(classes),
            models=_texts(models),
            attacker=_text(attacker) or "RU",
            window=int(window) if str(window) in ("7", "30") else 30,
            compare=_texts(compare_dates)[:200],
            layer=_text(layer) or "reference",
            resolution=_text(resolution) or "auto",
            rate=_text(rate) or "intercepted",
        )
    )
    return state_from_query(query, data)


def _text(value: object, length: int = 40) -> str | None:
    return value[:length] if isinstance(value, str) and value else None


def _texts(values: object) -> tuple[str, ...]:
    return tuple(v[:80] for v in values if isinstance(v, str)) if isinstance(values, list | tuple) else ()


def sync(trigger: str | None, search: str | None, controls: list, clicks: dict, picked: str | None, data: Data) -> list:
    """URL ↔ controls. On load (or a pasted link) the URL sets the controls; afterwards the
    controls, chart clicks, the date picker and the "largest raid" shortcut set the URL. A click on a
    raid adds it to the comparison; a click on a week, month or year opens it one level finer."""
    if trigger in (None, ids.URL):
        state = state_from_query(search, data)
    else:
        state = state_from_controls(controls, data)
        clicked = clicks.get(trigger) if trigger in (ids.RATE_GRAPH, ids.SIZE_GRAPH) else None
        added: tuple[str, ...] = ()
        if clicked:
            drawn = resolution_for(state, *_span_of(data))
            if drawn == "raid":
                added = (clicked_raid(clicked),)
            else:
                state = drill_down(state, clicked[:10], drawn)
        elif trigger == ids.COMPARE_PICK and picked:
            added = tuple(r for r in (picked[:10], f"{picked[:10]}-day") if r in data.raid_ids)
        elif trigger == ids.COMPARE_LARGEST:
            primary, _ = layers_of(state, data)
            parts = filter_totals(primary.parts, state)
            parts = parts[parts["weapon_class"].isin(state.classes)]
            state = replace(state, compare=largest_with_week_before(parts, primary.totals, state.attacker))
        new = [r for r in added if r in data.raid_ids and r not in state.compare]
        state = replace(state, compare=(*state.compare, *new)[:MAX_COMPARE])
    return [
        query_from_state(state),
        state.start,
        state.end,
        list(state.classes),
        list(state.models),
        state.attacker,
        state.window,
        list(state.compare),
        state.layer,
        state.resolution,
        state.rate,
    ]


def drill_down(state: ViewState, first_day: str, resolution: str) -> ViewState:
    """The clicked week, month or year shown one level finer: a year by month, the rest by raid."""
    start = pd.Timestamp(first_day)
    if resolution == "week":
        end = start + pd.Timedelta(days=6)
    else:
        end = start + (pd.offsets.MonthEnd(0) if resolution == "month" else pd.offsets.YearEnd(0))
    finer = "month" if resolution == "year" else "raid"
    return replace(state, start=start.strftime("%Y-%m-%d"), end=end.strftime("%Y-%m-%d"), resolution=finer)


def chart_outputs(trigger: str | None, state: ViewState, data: Data) -> list:
    """Both charts and their captions, less what the changed control cannot change: the rolling
    window changes only the rate chart, the rate measure also its caption; the size chart and its
    caption stay as they are (no_update: nothing sent, nothing redrawn)."""
    drawn = ("rate",) if trigger in (ids.WINDOW, ids.RATE_MEASURE) else ("rate", "size")
    rate, size = charts(state, data, drawn)
    if trigger == ids.WINDOW:
        words: tuple = (no_update, no_update)
    else:
        words = captions(state, data)
    return [
        rate,
        size if size is not None else no_update,
        words[0],
        words[1] if "size" in drawn else no_update,
    ]


def _span_of(data: Data) -> tuple[str | None, str | None]:
    dates = data.dates
    return (dates[0], dates[-1]) if dates else (None, None)


def _only(*kept: int):
    """The Inputs of the controls (by index in CONTROLS) a callback depends on, and a function that
    gives the full control list with the others as None (their defaults): a change elsewhere, such
    as the rolling window, then does not call it."""
    inputs = [Input(*CONTROLS[i]) for i in kept]

    def full(values: Sequence) -> list:
        out: list = [None] * len(CONTROLS)
        for index, value in zip(kept, values, strict=True):
            out[index] = value
        return out

    return inputs, full


def changed_only(trigger: str | None, controls: Sequence, out: list) -> list:
    """The sync's outputs with a control that keeps its value left alone (no_update): rewriting it
    would redraw the control and call every callback that reads it a second time."""
    if trigger in (None, ids.URL):
        return out
    return [out[0], *(no_update if new == old else new for new, old in zip(out[1:], controls, strict=True))]


START, END, CLASS, MODEL, ATTACKER, WINDOW, COMPARE, LAYER, RESOLUTION, RATE = range(len(CONTROLS))
# every button that downloads a file (views.download tells them apart)
DOWNLOADS = [
    ids.DOWNLOAD_VIEW,
    ids.DOWNLOAD_ATTACKS,
    ids.DOWNLOAD_OBSERVATIONS,
    ids.DOWNLOAD_SOURCES,
    ids.RATE_CSV,
    ids.SIZE_CSV,
]


def register(app: Dash, data: Data) -> None:
    control_inputs = [Input(i, p) for i, p in CONTROLS]
    chart_inputs, chart_controls = _only(START, END, CLASS, MODEL, ATTACKER, WINDOW, LAYER, RESOLUTION, RATE)
    view_inputs, view_controls = _only(START, END, CLASS, MODEL, ATTACKER, LAYER, RESOLUTION, RATE)
    compare_inputs, compare_controls = _only(CLASS, MODEL, ATTACKER, COMPARE, LAYER)
    model_inputs, model_controls = _only(START, END, CLASS, MODEL, ATTACKER, LAYER)
    source_inputs, source_controls = _only(START, END, CLASS, MODEL, ATTACKER)

    @app.callback(
        Output(ids.URL, "search"),
        *[Output(i, p) for i, p in CONTROLS],
        # the compared raids are among the list's options when they become its value (Dash 4's
        # dropdown drops a value it does not offer), so this callback owns both
        Output(ids.COMPARE_DATES, "options"),
        Input(ids.URL, "search"),
        *control_inputs,
        Input(ids.RATE_GRAPH, "clickData"),
        Input(ids.SIZE_GRAPH, "clickData"),
        Input(ids.COMPARE_PICK, "date"),
        Input(ids.COMPARE_LARGEST, "n_clicks"),
        Input(ids.COMPARE_DATES, "search_value"),
    )
    def _sync(search, *values):
        *controls, rate_click, size_click, picked, _largest, typed = values
        trigger = ctx.triggered_id
        if set(ctx.triggered_prop_ids) == {f"{ids.COMPARE_DATES}.search_value"}:
            return [no_update] * (1 + len(CONTROLS)) + [compare_options(typed, controls[COMPARE], data)]
        clicks = {ids.RATE_GRAPH: clicked_date(rate_click), ids.SIZE_GRAPH: clicked_date(size_click)}
        out = sync(trigger, search, controls, clicks, picked, data)
        compared = out[1 + COMPARE]
        fresh = trigger in (None, ids.URL) or compared != controls[COMPARE]
        return [*changed_only(trigger, controls, out), compare_options(None, compared, data) if fresh else no_update]

    # the captions describe the same view in words: one request computes both, rather than two
    # requests computing the same rows side by side on a busy server
    @app.callback(
        Output(ids.RATE_GRAPH, "figure"),
        Output(ids.SIZE_GRAPH, "figure"),
        Output(ids.RATE_CAPTION, "children"),
        Output(ids.SIZE_CAPTION, "children"),
        *chart_inputs,
    )
    def _charts(*controls):
        return chart_outputs(ctx.triggered_id, state_from_controls(chart_controls(controls), data), data)

    @app.callback(
        Output(ids.RATE_TABLE_HOLDER, "children"),
        Output(ids.SIZE_TABLE_HOLDER, "children"),
        Input(ids.RATE_TABS, "value"),
        Input(ids.SIZE_TABS, "value"),
        *view_inputs,
    )
    def _tables(rate_tab, size_tab, *controls):
        return chart_tables([rate_tab, size_tab], state_from_controls(view_controls(controls), data), data)

    app.clientside_callback(
        # the SVG a chart would draw, with its title and credit line: Plotly's own export, in the page
        """function(rate, size) {
            const id = dash_clientside.callback_context.triggered_id === 'rate-svg' ? 'rate-graph' : 'size-graph';
            const graph = document.querySelector('#' + id + ' .js-plotly-plot');
            if (graph) { Plotly.downloadImage(graph, {format: 'svg', filename: id}); }
            return id;
        }""",
        Output(ids.IMAGE_SAVED, "data"),
        Input(ids.RATE_SVG, "n_clicks"),
        Input(ids.SIZE_SVG, "n_clicks"),
        prevent_initial_call=True,
    )
    app.clientside_callback("function(href) { return href; }", Output(ids.LINK, "value"), Input(ids.URL, "href"))
    app.clientside_callback(
        # resolves once plotly has drawn the first chart: the grids below are added after it (and
        # only then: a later redraw sends nothing)
        """function(figure) {
            if (window.chartDrawn) { return dash_clientside.no_update; }
            window.chartDrawn = true;
            return new Promise((resolve) => {
                const drawn = () => document.querySelector('#rate-graph .main-svg')
                    ? resolve(true) : setTimeout(drawn, 50);
                drawn();
            });
        }""",
        Output(ids.CHART_DRAWN, "data"),
        Input(ids.RATE_GRAPH, "figure"),
    )

    @app.callback(
        Output(ids.MODEL_HOLDER, "children"),
        Output(ids.COMPARE_HOLDER, "children"),
        Output(ids.SOURCES_HOLDER, "children"),
        Input(ids.CHART_DRAWN, "data"),
        State(ids.SOURCES_HOLDER, "children"),
        prevent_initial_call=True,
    )
    def _grids(drawn, built):
        return [no_update] * 3 if built or not drawn else list(grids())

    app.clientside_callback(
        # on a phone the filters start folded, so that the first screen shows the charts
        "function(path) { return window.innerWidth > 640; }",
        Output(ids.FILTERS, "open"),
        Input(ids.URL, "pathname"),
    )

    @app.callback(
        Output(ids.COMPARE_GRAPH, "figure"),
        *compare_inputs,
    )
    def _compare_chart(*controls):
        return comparison(state_from_controls(compare_controls(controls), data), data)[0]

    # apart from the chart: the grid joins the page later, and a callback's outputs must all exist
    @app.callback(Output(ids.COMPARE_TABLE, "rowData"), Output(ids.COMPARE_TABLE, "columnDefs"), *compare_inputs)
    def _compare_table(*controls):
        return comparison(state_from_controls(compare_controls(controls), data), data)[1:]

    @app.callback(Output(ids.MODEL_TABLE, "rowData"), *model_inputs)
    def _models(*controls):
        return models(state_from_controls(model_controls(controls), data), data)

    @app.callback(
        Output(ids.SOURCES_GRID, "rowData"),
        Output(ids.SOURCES_PAGER, "data"),
        Output(ids.SOURCES_COUNT, "children"),
        Output(ids.SOURCES_FIRST, "disabled"),
        Output(ids.SOURCES_PREV, "disabled"),
        Output(ids.SOURCES_NEXT, "disabled"),
        Output(ids.SOURCES_LAST, "disabled"),
        *source_inputs,
        Input(ids.SOURCES_SEARCH, "value"),
        # the grid's own column filters and sort, applied on the server to every row, not the page
        Input(ids.SOURCES_GRID, "filterModel"),
        Input(ids.SOURCES_GRID, "columnState"),
        *[Input(button, "n_clicks") for button in MOVES],
        State(ids.SOURCES_PAGER, "data"),
    )
    def _sources(*values):
        controls, (search, filters, column_state), shown = values[:5], values[5:8], values[-1]
        state = state_from_controls(source_controls(controls), data)
        shown_page = source_page(
            state, _text(search, 200), data, filters, column_state, MOVES.get(ctx.triggered_id), shown
        )
        if shown_page is None:
            return [no_update] * 7
        at_start, at_end = shown_page["at_start"], shown_page["at_end"]
        return shown_page["rows"], shown_page["pager"], shown_page["caption"], at_start, at_start, at_end, at_end

    @app.callback(
        Output(ids.POINT_SOURCES, "children"),
        Input(ids.RATE_GRAPH, "clickData"),
        Input(ids.SIZE_GRAPH, "clickData"),
        *[State(i, p) for i, p in CONTROLS],
        prevent_initial_call=True,  # the layout holds the hint shown before any click
    )
    def _point(rate_click, size_click, *controls):
        click = rate_click if ctx.triggered_id == ids.RATE_GRAPH else size_click
        return point_sentences(click, state_from_controls(controls, data), data)

    @app.callback(
        Output(ids.DOWNLOAD, "data"),
        *[Input(button, "n_clicks") for button in DOWNLOADS],
        State(ids.SOURCES_SEARCH, "value"),
        State(ids.SOURCES_PAGERS, "data"),
        *[State(i, p) for i, p in CONTROLS],
        prevent_initial_call=True,
    )
    def _download(*values):
        search, pagers, controls = values[len(DOWNLOADS)], values[len(DOWNLOADS) + 1], values[len(DOWNLOADS) + 2 :]
        state = state_from_controls(controls, data)
        # the sources as the grid lists them: its column filters and sort, which its pager holds
        shown = pagers[0] if isinstance(pagers, list) and pagers else None
        grid = (shown.get("filters"), shown.get("sort")) if isinstance(shown, dict) else None
        return download(ctx.triggered_id, state, data, _text(search, 200), grid)

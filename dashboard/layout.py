"""The page: filters, the two time charts, the comparison, the sources table and the method note."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import plotly.graph_objects as go
from dash import dcc, html

from dashboard import ids
from dashboard.classes import LABELS
from dashboard.data import Data
from dashboard.figures import GRAPH_CONFIG
from dashboard.raids import headline
from dashboard.shape import attack_sizes
from dashboard.state import CLASSES, RESOLUTIONS, WINDOWS
from etl.freshness import stale, through

# The method note as plain HTML: dcc.Markdown would load a markdown parser and highlight.js first.
METHOD = [
    (
        "Where the numbers come from.",
        "The timeline is the Air Force's own tally as transcribed by Petro Ivaniuk (Kaggle dataset \u201cMassive "
        "Missile Attacks on Ukraine\u201d, CC BY-NC-SA 4.0). The news layer is read by a regex-based extractor "
        "from news text, each number with the sentence it came from and its character span; only stated "
        "numbers are used, no arithmetic on the text's figures. A news report without a reliable date is dated "
        "by the tally attack its counts match (shown as \u201cdate matched to the Air Force tally\u201d). After "
        "the tally's last night the Air Force layer goes on with nights read from the Air Force's own "
        "bulletins on Telegram (@kpszsu), in Ukrainian (shown as \u201cfrom the Air Force's bulletin\u201d); "
        "a bulletin's figure outranks a news report's, and a correction the post it corrects.",
    ),
    (
        "Raids.",
        "An attack is one raid: a night wave or a daytime wave. A date with both shows two points and two "
        "bars (the daytime raid at noon), and ranks (\u201c2nd largest of 2025\u201d) are among raids.",
    ),
    (
        "Dates.",
        "An attack is dated by the morning that ends its night (\u201covernight\u201d in a text published on 22 July "
        "is 22 July). Weekdays are resolved against the report's own date. Reports without a date are kept in "
        "the sources table but not placed on the time axis.",
    ),
    (
        "Intercepted",
        "includes shot down, destroyed, neutralised and suppressed (the Air Force's merged \u201cshot down/"
        "suppressed\u201d). Lost to EW is a separate count of drones \u201clocationally lost\u201d or that "
        "\u201cdisappeared from radar\u201d. Hits, debris and drones that flew off to Belarus are not intercepts.",
    ),
    (
        "One value per attack.",
        "When several reports give a night's figure, the table keeps an exact number over a bounded one "
        "(\u201cmore than 40\u201d) over an approximate one, then the value most documents state, then the larger; "
        "disagreements are flagged. A class's figure is the reports' own figure for that class where they give "
        "one, else the sum of its named models; \u201cAll missiles\u201d is the reports' \u201cmissiles\u201d figure, "
        "else cruise + ballistic. Hollow points mark approximate or bounded numbers.",
    ),
    (
        "Rolling rate",
        "= intercepted \u00f7 launched summed over the window (not a mean of nightly rates), over attacks that "
        "state both; the line breaks where no attack was reported for longer than the window.",
    ),
    (
        "Known limits.",
        "News coverage is uneven (many nights are missing), regional figures are excluded from national "
        "totals, and the Air Force changed how it reports suppressed drones in August 2025, so rates across "
        "that month are not like for like.",
    ),
]


def _freshness(data: Data) -> html.P:
    """ "Data through: tally 2026-06-07, news …", in the warning colour when the newest is stale."""
    warning = stale(data.metadata, dt.date.today()) if data.metadata else None
    text = through(data.metadata).capitalize() if data.metadata else "Data through: unknown (no metadata.json)"
    return html.P(
        [text, html.Span(f" — {warning}" if warning else "")],
        id=ids.FRESHNESS,
        className="freshness stale" if warning or not data.metadata else "freshness",
    )


def layout(data: Data, rate: go.Figure | None = None, size: go.Figure | None = None) -> html.Main:
    """The page. `rate` and `size` are the default view's charts, drawn before any callback runs."""
    model_options = [{"label": m, "value": m} for m in data.models]
    tally = data.primary("reference")
    has_reference = "reference" in data.layers
    default_layer = "reference" if has_reference else "news"
    layer_options = [
        {"label": "Air Force tally (reference)", "value": "reference", "disabled": not has_reference},
        {"label": "News reports", "value": "news"},
        {"label": "Both (news over the tally)", "value": "both", "disabled": not has_reference},
    ]
    dates = data.dates
    undated = int(data.observations["attack_date"].isna().sum())
    # the whole page is the main landmark: one view, no site navigation around it
    return html.Main(
        className="page",
        children=[
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Download(id=ids.DOWNLOAD),
            dcc.Store(id=ids.IMAGE_SAVED),
            dcc.Store(id=ids.CHART_DRAWN),
            html.Header(
                className="header",
                children=[
                    html.H1("Russian drone and missile attacks on Ukraine"),
                    html.P(
                        "Launched and intercepted per raid, from the Air Force's tally and bulletins and from news "
                        "reports, each number linked to its sentence or post."
                    ),
                    _freshness(data),
                    html.Ul(
                        id=ids.HEADLINE,
                        className="headline",
                        children=[html.Li(line) for line in headline(tally.sizes, attack_sizes(tally.period_totals))],
                    ),
                ],
            ),
            html.Details(
                id=ids.FILTERS,
                className="filters-panel",
                open=True,  # folded on a phone's first screen (a clientside callback), so the charts come first
                children=[
                    html.Summary("Filters", className="filters-summary"),
                    html.Section(
                        className="filters",
                        children=[
                            _field(
                                "Dates",
                                dcc.DatePickerRange(
                                    id=ids.START_END,
                                    min_date_allowed=dates[0] if dates else None,
                                    max_date_allowed=dates[-1] if dates else None,
                                    display_format="YYYY-MM-DD",
                                    clearable=True,
                                    start_date_placeholder_text="from",
                                    end_date_placeholder_text="to",
                                ),
                            ),
                            _field(
                                "Weapon class",
                                dcc.Dropdown(
                                    id=ids.CLASSES,
                                    options=[{"label": LABELS[c], "value": c} for c in CLASSES],
                                    value=list(CLASSES),
                                    multi=True,
                                    clearable=False,
                                ),
                            ),
                            _field(
                                "Model",
                                dcc.Dropdown(
                                    id=ids.MODELS, options=model_options, value=[], multi=True, placeholder="all models"
                                ),
                            ),
                            _radio(
                                "Attacker",
                                ids.ATTACKER,
                                "RU",
                                [("Russia → Ukraine", "RU"), ("Russia's claims (Ukrainian drones)", "UA")],
                            ),
                            _radio("Rolling window", ids.WINDOW, 30, [(f"{w} days", w) for w in WINDOWS]),
                            _group("Figures", dcc.RadioItems(id=ids.LAYER, value=default_layer, options=layer_options)),
                            _radio(
                                "Resolution",
                                ids.RESOLUTION,
                                "auto",
                                [("auto (month over a year)" if r == "auto" else r, r) for r in RESOLUTIONS],
                            ),
                            _radio(
                                "Rate counts",
                                ids.RATE_MEASURE,
                                "intercepted",
                                [("shot down", "intercepted"), ("neutralised (incl. lost to EW)", "neutralised")],
                            ),
                        ],
                    ),
                ],
            ),
            html.P(
                id=ids.UNDATED,
                className="note",
                children=f"{undated} observation(s) have no attack date and are listed only in the sources table.",
            ),
            _chart_card(
                ids.RATE_GRAPH, rate, ids.RATE_TABS, ids.RATE_TABLE_HOLDER, ids.RATE_CAPTION, ids.RATE_SVG, ids.RATE_CSV
            ),
            _chart_card(
                ids.SIZE_GRAPH, size, ids.SIZE_TABS, ids.SIZE_TABLE_HOLDER, ids.SIZE_CAPTION, ids.SIZE_SVG, ids.SIZE_CSV
            ),
            html.Section(
                className="card",
                children=[
                    html.H2("Models: which are hardest to intercept"),
                    html.P(
                        "Per model over the dates and classes chosen: the interception rate is Σ intercepted ÷ "
                        "Σ launched over the raids that state both (the counts are beside it); click a header to "
                        "sort.",
                        className="note",
                    ),
                    html.Div(id=ids.MODEL_HOLDER, className="grid-holder"),
                ],
            ),
            html.Section(
                className="card",
                children=[
                    html.H2("Sentences behind the clicked point"),
                    html.Div(
                        id=ids.POINT_SOURCES,
                        className="point-sources",
                        children="Click a point or bar in a chart to see the sentences it comes from.",
                    ),
                ],
            ),
            html.Section(
                className="card",
                children=[
                    html.H2("Compare attacks"),
                    html.Div(
                        className="compare-controls",
                        children=[
                            _field(
                                "Add a date",
                                dcc.DatePickerSingle(
                                    id=ids.COMPARE_PICK,
                                    display_format="YYYY-MM-DD",
                                    min_date_allowed=dates[0] if dates else None,
                                    max_date_allowed=dates[-1] if dates else None,
                                ),
                            ),
                            _field(
                                "Raids compared (or click points in the charts)",
                                dcc.Dropdown(
                                    id=ids.COMPARE_DATES,
                                    # filled as the user types (callbacks.compare_options): a thousand options
                                    # cost the page's first render more than half a second
                                    options=[],
                                    placeholder="type a date (2025-07…) or pick; two or more raids",
                                    value=[],
                                    multi=True,
                                ),
                            ),
                            html.Button(
                                "Largest raid vs the week before",
                                id=ids.COMPARE_LARGEST,
                                className="button secondary",
                                title="The largest raid under the filters, and every raid of the seven days before it",
                            ),
                        ],
                    ),
                    _graph(ids.COMPARE_GRAPH, None),
                    html.Div(id=ids.COMPARE_HOLDER, className="grid-holder"),
                ],
            ),
            html.Section(
                className="card",
                children=[
                    html.H2("Sources"),
                    html.Div(
                        className="toolbar",
                        children=[
                            dcc.Input(
                                id=ids.SOURCES_SEARCH,
                                type="search",
                                placeholder="Search sentences, weapons, outlets…",
                                debounce=True,
                                className="search",
                            ),
                            html.Button(
                                "Download the sources found (CSV)",
                                id=ids.DOWNLOAD_SOURCES,
                                className="button",
                                title="The rows of this table under the filters and the search, with every column",
                            ),
                            html.Button(
                                "Download CSV of this view",
                                id=ids.DOWNLOAD_VIEW,
                                className="button secondary",
                                title="The raid (or period) × class rows both charts draw, under the filters",
                            ),
                            html.Button(
                                "Download attacks table", id=ids.DOWNLOAD_ATTACKS, className="button secondary"
                            ),
                            html.Button(
                                "Download all observations", id=ids.DOWNLOAD_OBSERVATIONS, className="button secondary"
                            ),
                            html.Label(
                                className="link",
                                children=[
                                    html.Span("Link to this view", className="field-label"),
                                    dcc.Input(id=ids.LINK, type="url", readOnly=True, className="search"),
                                ],
                            ),
                            dcc.Clipboard(
                                target_id=ids.LINK, id=ids.LINK_COPY, title="Copy the link", className="copy"
                            ),
                        ],
                    ),
                    html.Div(id=ids.SOURCES_HOLDER, className="grid-holder"),
                ],
            ),
            html.Details(
                className="card method",
                children=[
                    html.Summary("Method and limits"),
                    *[html.P([html.Strong(head), " ", text]) for head, text in METHOD],
                ],
            ),
            html.Footer(
                className="footer",
                children=[
                    "Weapon models follow the dataset “Massive Missile Attacks on Ukraine” by Petro Ivaniuk (Kaggle), "
                    "transcribed from the Ukrainian Air Force's reports. News excerpts belong to their outlets.",
                ],
            ),
        ],
    )


# compact tabs: Dash's default tab is 50 px tall, taller than the chart title it sits over
TAB_STYLE: Any = {
    "style": {"padding": "6px 12px", "lineHeight": "20px"},
    "selected_style": {"padding": "6px 12px", "lineHeight": "20px", "fontWeight": "600"},
}
ARIA_LIVE: Any = {"aria-live": "polite"}  # a screen reader hears the caption change with the filters


def _chart_card(
    graph_id: str,
    figure: go.Figure | None,
    tabs_id: str,
    holder_id: str,
    caption_id: str,
    svg_id: str,
    csv_id: str,
) -> html.Section:
    """A chart with its numbers a tab away, a caption that says what it shows in words (its text
    alternative), and downloads of its plotted points (CSV) and of the picture (SVG, beside the
    modebar's PNG)."""
    # the grid is built when the tab is first opened (callbacks.chart_tables): five grids at once
    # cost the first chart more than a second
    table = html.Div(id=holder_id, children="Loading the table…")
    return html.Section(
        className="card chart-card",
        children=[
            dcc.Tabs(
                id=tabs_id,
                value="chart",
                className="tabs",
                style={"height": "34px"},
                children=[
                    dcc.Tab(
                        label="Chart",
                        value="chart",
                        children=[_loading(graph_id, _graph(graph_id, figure))],
                        **TAB_STYLE,
                    ),
                    dcc.Tab(label="Table", value="table", children=[table], **TAB_STYLE),
                ],
            ),
            html.Div(
                className="card-foot",
                children=[
                    html.P(id=caption_id, className="caption", **ARIA_LIVE),
                    html.Button(
                        "Download CSV", id=csv_id, className="button secondary", title="The points this chart plots"
                    ),
                    html.Button("Download SVG", id=svg_id, className="button secondary"),
                ],
            ),
        ],
    )


def _loading(graph_id: str, graph: dcc.Graph) -> dcc.Loading:
    """A spinner over the chart being redrawn, shown only when that takes over 300 ms; the old chart
    stays visible under it."""
    return dcc.Loading(
        graph,
        delay_show=300,
        type="circle",
        overlay_style={"visibility": "visible", "opacity": 0.6},
        target_components=cast(Any, {graph_id: "figure"}),
    )


def _graph(graph_id: str, figure: go.Figure | None) -> dcc.Graph:
    # dcc.Graph cannot take figure=None: leave the prop out until a callback fills it
    return dcc.Graph(
        id=graph_id,
        config={**GRAPH_CONFIG, "toImageButtonOptions": {**GRAPH_CONFIG["toImageButtonOptions"], "filename": graph_id}},
        # the graph reserves its height before plotly draws, so nothing below it moves or is covered
        style={"height": "430px"},
        **({"figure": figure} if figure is not None else {}),
    )


def _field(label: str, control) -> html.Label:
    return html.Label(className="field", children=[html.Span(label, className="field-label"), control])


def _group(label: str, control) -> html.Fieldset:
    """A set of radio buttons, named for screen readers by its legend (a label names one input); the
    legend's id is also the name of the list inside (assets/a11y.js)."""
    legend = html.Legend(label, className="field-label", id=f"{control.id}-legend")
    return html.Fieldset(className="field", children=[legend, control])


def _radio(label: str, component_id: str, value: str | int, options: list[tuple[str, str | int]]) -> html.Fieldset:
    choices = [{"label": text, "value": v} for text, v in options]
    return _group(label, dcc.RadioItems(id=component_id, inline=True, value=value, options=choices))

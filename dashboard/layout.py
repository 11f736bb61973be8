"""The page: filters, the two time charts, the comparison, the sources table and the method note."""

from __future__ import annotations

import dash_ag_grid as dag
from dash import dcc, html

from dashboard import ids
from dashboard.data import CLASSES, LABELS, WINDOWS, Data
from dashboard.figures import GRAPH_CONFIG

METHOD = """
**Where the numbers come from.** Each number is read by a regex-based extractor from news text
(founding articles and labelled passages bundled in `data/raw/`), with the sentence it came from
and its character span. Only stated numbers are used: no arithmetic on the text's figures.

**Dates.** An attack is dated by the morning that ends its night ("overnight" in a text published
on 22 July is 22 July). Weekdays are resolved against the report's own date. Reports without a date
are kept in the sources table but not placed on the time axis.

**Intercepted** includes shot down, destroyed, neutralised and suppressed (the Air Force's merged
"shot down/suppressed"). **Lost to EW** is a separate count of drones "locationally lost" or that
"disappeared from radar". Hits, debris and drones that flew off to Belarus are not intercepts.

**One value per attack.** When several reports give a night's figure, the table keeps an exact
number over a bounded one ("more than 40") over an approximate one, then the value most documents
state, then the larger; disagreements are flagged. A class's figure is the reports' own figure for
that class where they give one, else the sum of its named models; "All missiles" is the reports'
"missiles" figure, else cruise + ballistic. Hollow points mark approximate or bounded numbers.

**Rolling rate** = intercepted ÷ launched summed over the window (not a mean of nightly rates),
over attacks that state both. **Known limits:** news coverage is uneven (many nights are missing),
regional figures are excluded from national totals, and the Air Force changed how it reports
suppressed drones in August 2025, so rates across that month are not like for like.
"""


def layout(data: Data) -> html.Div:
    model_options = [{"label": m, "value": m} for m in data.models]
    dates = data.dates
    undated = int(data.observations["attack_date"].isna().sum())
    return html.Div(
        className="page",
        children=[
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Download(id=ids.DOWNLOAD),
            html.Header(
                className="header",
                children=[
                    html.H1("Russian drone and missile attacks on Ukraine"),
                    html.P(
                        "Launched and intercepted per attack, from news reports, each number linked to its sentence."
                    ),
                ],
            ),
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
                    _field(
                        "Attacker",
                        dcc.RadioItems(
                            id=ids.ATTACKER,
                            inline=True,
                            value="RU",
                            options=[
                                {"label": "Russia → Ukraine", "value": "RU"},
                                {"label": "Russia's claims (Ukrainian drones)", "value": "UA"},
                            ],
                        ),
                    ),
                    _field(
                        "Rolling window",
                        dcc.RadioItems(
                            id=ids.WINDOW,
                            inline=True,
                            value=30,
                            options=[{"label": f"{w} days", "value": w} for w in WINDOWS],
                        ),
                    ),
                ],
            ),
            html.P(
                id=ids.UNDATED,
                className="note",
                children=f"{undated} observation(s) have no attack date and are listed only in the sources table.",
            ),
            html.Section(className="card", children=[dcc.Graph(id=ids.RATE_GRAPH, config=GRAPH_CONFIG)]),
            html.Section(className="card", children=[dcc.Graph(id=ids.SIZE_GRAPH, config=GRAPH_CONFIG)]),
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
                                "Attacks compared (or click points in the charts)",
                                dcc.Dropdown(
                                    id=ids.COMPARE_DATES,
                                    options=[{"label": d, "value": d} for d in reversed(dates)],
                                    value=[],
                                    multi=True,
                                    placeholder="pick two or more dates",
                                ),
                            ),
                        ],
                    ),
                    dcc.Graph(id=ids.COMPARE_GRAPH, config=GRAPH_CONFIG),
                    dag.AgGrid(
                        id=ids.COMPARE_TABLE,
                        columnSize="responsiveSizeToFit",
                        className="ag-theme-alpine",
                        dashGridOptions={"domLayout": "autoHeight"},
                    ),
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
                            html.Button("Download CSV of this view", id=ids.DOWNLOAD_VIEW, className="button"),
                            html.Button(
                                "Download attacks table", id=ids.DOWNLOAD_ATTACKS, className="button secondary"
                            ),
                            html.Button(
                                "Download all observations", id=ids.DOWNLOAD_OBSERVATIONS, className="button secondary"
                            ),
                        ],
                    ),
                    dag.AgGrid(
                        id=ids.SOURCES_GRID,
                        className="ag-theme-alpine",
                        columnDefs=SOURCE_COLUMNS,
                        defaultColDef={"sortable": True, "filter": True, "resizable": True},
                        dashGridOptions={"pagination": True, "paginationPageSize": 20, "enableCellTextSelection": True},
                        style={"height": "560px"},
                    ),
                ],
            ),
            html.Details(className="card method", children=[html.Summary("Method and limits"), dcc.Markdown(METHOD)]),
            html.Footer(
                className="footer",
                children=[
                    "Weapon models follow the dataset “Massive Missile Attacks on Ukraine” by Petro Ivaniuk (Kaggle), "
                    "transcribed from the Ukrainian Air Force's reports. News excerpts belong to their outlets.",
                ],
            ),
        ],
    )


SOURCE_COLUMNS = [
    {"field": "attack_date", "headerName": "Attack date", "width": 120},
    {"field": "weapon", "headerName": "Weapon", "width": 140},
    {"field": "weapon_class", "headerName": "Class", "width": 130},
    {"field": "launched", "headerName": "Launched", "width": 100, "type": "numericColumn"},
    {"field": "intercepted", "headerName": "Intercepted", "width": 110, "type": "numericColumn"},
    {"field": "ew_lost", "headerName": "Lost to EW", "width": 100, "type": "numericColumn"},
    {"field": "qualifiers", "headerName": "Qualifier", "width": 120},
    {"field": "scope", "headerName": "Scope", "width": 120},
    {"field": "evidence", "headerName": "Sentence", "flex": 1, "minWidth": 320, "wrapText": True, "autoHeight": True},
    {"field": "source", "headerName": "Source", "width": 160, "cellRenderer": "markdown"},
]


def _field(label: str, control) -> html.Label:
    return html.Label(className="field", children=[html.Span(label, className="field-label"), control])

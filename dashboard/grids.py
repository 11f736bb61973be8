"""The page's AG Grid tables: their columns, and the grids added after the first chart is drawn."""

from __future__ import annotations

from typing import Any, cast

import dash_ag_grid as dag
from dash import dcc, html

from dashboard import ids

_PERCENT = {"function": "params.value == null ? '' : d3.format('.0%')(params.value)"}


MODEL_COLUMNS = [
    {"field": "weapon", "headerName": "Model", "pinned": "left", "minWidth": 150},
    {"field": "class", "headerName": "Class", "minWidth": 120},
    {
        "field": "interception_rate",
        "headerName": "Intercepted",
        "valueFormatter": _PERCENT,
        "sort": "asc",
        "minWidth": 118,
    },
    {"field": "neutralised_rate", "headerName": "Incl. EW", "valueFormatter": _PERCENT, "minWidth": 90},
    {"field": "launched", "headerName": "Launched", "type": "numericColumn"},
    {"field": "intercepted", "headerName": "Shot down", "type": "numericColumn"},
    {"field": "ew_lost", "headerName": "Lost to EW", "type": "numericColumn"},
    {"field": "raids", "headerName": "Raids", "type": "numericColumn"},
    {"field": "first_seen", "headerName": "First seen", "cellDataType": "text", "minWidth": 110},
    {"field": "last_seen", "headerName": "Last seen", "cellDataType": "text", "minWidth": 110},
    {
        "field": "monthly",
        "headerName": "Per month",
        "headerTooltip": "Launched per month over the dates shown, each row scaled to its own peak",
        "cellRenderer": "Sparkline",  # assets/dashAgGridComponentFunctions.js
        "sortable": False,
        "minWidth": 150,
    },
]


SOURCE_COLUMNS = [
    # text: AG Grid would infer a date type from the first row and blank "undated" and "2025-07"
    {"field": "attack_date", "headerName": "Attack date", "width": 112, "pinned": "left", "cellDataType": "text"},
    {"field": "weapon", "headerName": "Weapon", "width": 130},
    {"field": "launched", "headerName": "Launched", "width": 96, "type": "numericColumn"},
    {"field": "intercepted", "headerName": "Intercepted", "width": 104, "type": "numericColumn"},
    {"field": "ew_lost", "headerName": "Lost to EW", "width": 96, "type": "numericColumn"},
    {"field": "qualifiers", "headerName": "Qualifier", "width": 110},
    {
        "field": "evidence",
        "headerName": "Sentence",
        "flex": 1,
        "minWidth": 460,
        "wrapText": True,
        "autoHeight": True,
        "cellStyle": {"lineHeight": "1.4", "paddingTop": "6px", "paddingBottom": "6px"},
    },
    {"field": "source", "headerName": "Source", "width": 150, "cellRenderer": "markdown"},
    {"field": "date_from", "headerName": "Date from", "width": 220},
    {"field": "disagreement", "headerName": "Reports disagree", "width": 240, "wrapText": True, "autoHeight": True},
    {"field": "weapon_class", "headerName": "Class", "width": 130},
    {"field": "scope", "headerName": "Scope", "width": 120},
]


# The numbers behind a chart: the rows it draws, one per raid (or period) and class.
VIEW_COLUMNS: list[dict[str, Any]] = [
    {"field": "attack_date", "headerName": "Date", "pinned": "left", "cellDataType": "text", "minWidth": 110},
    {"field": "raid", "headerName": "Raid or period", "cellDataType": "text"},
    {"field": "class", "headerName": "Class", "minWidth": 130},
    {"field": "launched", "headerName": "Launched", "type": "numericColumn"},
    {"field": "intercepted", "headerName": "Shot down", "type": "numericColumn"},
    {"field": "neutralised", "headerName": "Neutralised", "type": "numericColumn"},
    {"field": "ew_lost", "headerName": "Lost to EW", "type": "numericColumn"},
    {"field": "rate", "headerName": "Rate", "valueFormatter": _PERCENT},
    {"field": "raids", "headerName": "Raids", "type": "numericColumn"},
    {"field": "layer", "headerName": "From", "cellDataType": "text"},
]


def view_table(table_id: str, rows: list[dict], columns: list[dict]) -> dag.AgGrid:
    """A chart's rows as a sortable, paged grid."""
    return dag.AgGrid(
        id=table_id,
        rowData=rows,
        columnDefs=columns,
        columnSize="responsiveSizeToFit",
        className="ag-theme-alpine",
        defaultColDef={"sortable": True, "resizable": True},
        dashGridOptions={"pagination": True, "paginationPageSize": 20},
        style={"height": "430px"},
    )


def grids() -> tuple[dag.AgGrid, dag.AgGrid, list]:
    """The models, comparison and sources grids, added to the page once the first chart is drawn
    (callbacks.register): AG Grid's code and five grids' first render, loaded with the page, held
    the first chart back by more than a second. The sources grid comes with its pager, which the
    same callback fills."""
    return (
        dag.AgGrid(
            id=ids.MODEL_TABLE,
            columnDefs=MODEL_COLUMNS,
            columnSize="responsiveSizeToFit",
            className="ag-theme-alpine",
            # the page-size list must hold the page size, or AG Grid shows it blank
            dashGridOptions={
                "domLayout": "autoHeight",
                "pagination": True,
                "paginationPageSize": 12,
                "paginationPageSizeSelector": [12, 24, 96],
            },
        ),
        dag.AgGrid(
            id=ids.COMPARE_TABLE,
            columnSize="responsiveSizeToFit",
            className="ag-theme-alpine",
            dashGridOptions={"domLayout": "autoHeight"},
        ),
        [
            dag.AgGrid(
                id=ids.SOURCES_GRID,
                className="ag-theme-alpine",
                columnDefs=SOURCE_COLUMNS,
                defaultColDef={"sortable": True, "filter": True, "resizable": True},
                # one page at a time, from the server (dashboard/listing.py): the pager below turns it
                dashGridOptions={"enableCellTextSelection": True},
                style={"height": "560px"},
            ),
            pager(),
        ],
    )


def pager() -> html.Nav:
    """The sources grid's pages: the grid holds one, the server sends the one asked for."""
    button = "button secondary"
    return html.Nav(
        className="pager",
        **cast(dict[str, Any], {"aria-label": "Pages of the sources table"}),
        children=[
            html.Button("« First", id=ids.SOURCES_FIRST, className=button, disabled=True),
            html.Button("‹ Previous", id=ids.SOURCES_PREV, className=button, disabled=True),
            html.Span(id=ids.SOURCES_COUNT, role="status", className="pager-count"),
            html.Button("Next ›", id=ids.SOURCES_NEXT, className=button, disabled=True),
            html.Button("Last »", id=ids.SOURCES_LAST, className=button, disabled=True),
            # a pattern id: the download reads it before the grid exists as an empty list, not an error
            dcc.Store(id=ids.SOURCES_PAGER),
        ],
    )

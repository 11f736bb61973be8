"""The callbacks' bodies: each a plain function of the view state and the data, returning what a
part of the page shows (figures, rows, captions, a download). `callbacks.register` wires them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

import pandas as pd
from dash import dcc, html, no_update

from dashboard import ids
from dashboard.classes import LABELS, RATE_SERIES
from dashboard.data import Data, Layer
from dashboard.export import to_csv
from dashboard.figures import RATE_NAMES, compare_figure, rate_figure, size_figure, with_all_missiles
from dashboard.grids import VIEW_COLUMNS, view_table
from dashboard.listing import found_sources
from dashboard.raids import clicked_raid, compare, raid_id, raid_ids, raid_label
from dashboard.shape import (
    filter_totals,
    model_table,
    neutralise,
    period_sizes,
    periods_of,
    source_gap,
)
from dashboard.state import State as ViewState
from dashboard.state import resolution_for


def charts(state: ViewState, data: Data, drawn: Sequence[str] = ("rate", "size")) -> tuple:
    """The two time charts: the chosen layer's timeline, and with "both" the news drawn over the
    reference. Only the charts named in `drawn` are computed (the other is None): the rate measure
    and the rolling window do not change the sizes."""
    primary, overlay = layers_of(state, data)
    totals = filter_totals(primary.totals, state)
    measure = state.rate
    classes = list(state.classes)
    empty = CLAIMS_ONLY if state.attacker == "UA" else "No dated attacks match these filters"
    gap = source_gap(primary.totals) if state.attacker == "RU" else None
    if gap and ((state.start and state.start > gap[1]) or (state.end and state.end < gap[0])):
        gap = None  # outside the chosen dates
    resolution = resolution_for(state, *_dates_of(totals))
    rate = size = None
    if resolution != "raid":
        # Σ over each period's raids; a rate only over the raids that state both; parts are stacked
        # per raid (a generic "missiles" figure only on nights without types), then summed
        label = f"per {resolution}"
        if "rate" in drawn:
            rate = rate_figure(
                _periods(primary, "totals", resolution, state),
                {},
                state.window,
                classes,
                overlay=_periods(overlay, "totals", resolution, state) if overlay else None,
                empty_text=empty,
                title=f"{RATE_NAMES[measure]} {label}",
                measure=measure,
                gap=gap,
            )
        if "size" in drawn:
            parts = _periods(primary, "parts", resolution, state)
            news_sizes = period_sizes(_periods(overlay, "stacked", resolution, state)) if overlay else None
            size = size_figure(
                parts,
                period_sizes(parts),
                classes,
                overlay=news_sizes,
                empty_text=empty,
                title=f"Launched {label}",
                gap=gap,
            )
        return rate, size
    if "rate" in drawn:
        news = filter_totals(overlay.totals, state) if overlay else None
        rolling = {
            weapon_class: _within(primary.rolling_of(state.attacker, weapon_class, state.window, measure), state)
            for weapon_class in RATE_SERIES
        }
        if measure == "neutralised":
            totals = neutralise(totals)
            news = neutralise(news) if news is not None else None
        rate = rate_figure(
            totals, rolling, state.window, classes, overlay=news, empty_text=empty, measure=measure, gap=gap
        )
    if "size" in drawn:
        sizes = primary.sizes[primary.sizes["attacker"] == state.attacker]
        news_sizes = (
            filter_totals(overlay.sizes[overlay.sizes["attacker"] == state.attacker], state) if overlay else None
        )
        size = size_figure(
            filter_totals(primary.parts, state), sizes, classes, overlay=news_sizes, empty_text=empty, gap=gap
        )
    return rate, size


def _periods(layer: Layer, which: str, resolution: str, state: ViewState) -> pd.DataFrame:
    """A layer's per-period rows for the view (for the tally, with its regional reports): over the
    whole span from the layer's cache, else over the chosen dates."""
    if state.start or state.end:
        totals, parts = filter_totals(layer.period_totals, state), filter_totals(layer.whole_parts, state)
        return periods_of(totals, parts, which, resolution, state.rate)
    whole = layer.period_rows(which, resolution, state.rate)
    return whole[whole["attacker"] == state.attacker] if not whole.empty else whole


# Russia's defence ministry states what it says it downed, never what was launched.
CLAIMS_ONLY = (
    "Russia's claims give only what it says it downed, never a launch count:<br>"
    "no rate or size to draw. Their figures are in the sources table below."
)


def layers_of(state: ViewState, data: Data):
    """The timeline the view draws and the news drawn over it ("both"). Russia's claims exist only in
    the news; a model filter recomputes the layer from that model's rows."""
    layer = "news" if state.attacker == "UA" else state.layer
    if state.models:
        primary = data.model_layer(layer, state.models)
        news = data.model_layer("news", state.models)
    else:
        primary, news = data.primary(layer), data.layers["news"]
    overlay = news if layer == "both" and primary is not news else None
    return primary, overlay


def view_rows(state: ViewState, data: Data) -> pd.DataFrame:
    """Exactly the rows the charts draw: the layer's raid × class figures under every filter, per
    month or year and as neutralised when the view says so (a period's `raid` is the period)."""
    primary, overlay = layers_of(state, data)
    layers = [f for f in (primary, overlay) if f is not None]
    resolution = resolution_for(state, *_dates_of(primary.totals[primary.totals["attacker"] == state.attacker]))
    if resolution != "raid":
        frames = [_periods(f, "totals", resolution, state) for f in layers]
    else:
        frames = [filter_totals(f.totals, state) for f in layers]
        if state.rate == "neutralised":
            frames = [neutralise(f) for f in frames]
    rows = pd.concat(frames, ignore_index=True)
    rows = rows[rows["weapon_class"].isin(with_all_missiles(state.classes)) & rows["launched"].notna()]
    columns = ["attack_date", "raid", "attacker", "weapon_class", "launched", "intercepted", "ew_lost", "rate"]
    extra = [c for c in ("layer", "bulletin", "approximate", "documents", "raids", "sources") if c in rows]
    rows = rows[columns + extra].sort_values(["attack_date", "raid", "weapon_class"]).reset_index(drop=True)
    if state.rate == "neutralised":  # the file names what its numbers count
        rows = rows.rename(columns={"intercepted": "neutralised", "rate": "neutralised_rate"})
    return rows


def chart_tables(tabs: Sequence[str | None], state: ViewState, data: Data) -> list:
    """Each chart's Table tab: a grid of the rows it draws, built only while that tab is open."""
    if "table" not in tabs:
        return [no_update] * len(tabs)
    rows = view_rows(state, data)
    rows = rows.assign(**{"class": rows["weapon_class"].map(LABELS)})
    rate = "neutralised_rate" if "neutralised_rate" in rows else "rate"
    rows = rows.rename(columns={rate: "rate"})
    records = rows.astype(object).where(rows.notna(), None).to_dict("records")
    columns = [c for c in VIEW_COLUMNS if c["field"] in rows]
    return [
        view_table(table_id, records, columns) if tab == "table" else no_update
        for tab, table_id in zip(tabs, (ids.RATE_TABLE, ids.SIZE_TABLE), strict=False)
    ]


def captions(state: ViewState, data: Data) -> tuple[str, str]:
    """Each chart in words, for those who cannot see it and for everyone who wants the totals: the
    span; per class the rate Σ ÷ Σ over the raids that state both, and Σ launched, as the period
    charts and the ETL's tables count them (the tally's regional reports included); the largest bar."""
    raids = view_rows(replace(state, resolution="raid"), data)
    if raids.empty:
        return "No raids match these filters.", "No raids match these filters."
    first, last = raids["attack_date"].min(), raids["attack_date"].max()
    shown = resolution_for(state, first, last)
    count = raids[["attack_date", "raid"]].drop_duplicates().shape[0]
    primary, _ = layers_of(state, data)
    years = _periods(primary, "totals", "year", state)
    rates = []
    for weapon_class in [c for c in RATE_SERIES if c in set(raids["weapon_class"])]:
        rows = years[years["weapon_class"] == weapon_class]
        launched = float(rows["rate_launched"].sum())
        if launched:
            share = float(rows["rate_intercepted"].sum()) / launched
            rates.append(f"{LABELS[weapon_class].lower()} {share:.0%} of {int(launched):,}")
    stacked = _periods(primary, "parts", "year", state)
    stacked = stacked[stacked["weapon_class"].isin(state.classes) & stacked["launched"].notna()]
    sizes = [
        f"{LABELS[c].lower()} {int(stacked.loc[stacked['weapon_class'] == c, 'launched'].sum()):,}"
        for c in state.classes
        if (stacked["weapon_class"] == c).any()
    ]
    parts = filter_totals(primary.parts, state) if shown == "raid" else _periods(primary, "parts", shown, state)
    parts = parts[parts["weapon_class"].isin(state.classes) & parts["launched"].notna()]
    bars = parts.groupby(["attack_date", "raid"])["launched"].sum()
    largest = ""
    if not bars.empty:
        date, raid = (str(v) for v in bars.index[int(bars.to_numpy().argmax())])
        name = raid_label(raid_id(date, raid)) if shown == "raid" else raid
        largest = f"; the largest {shown}: {name}, {int(bars.max()):,} launched"
    measure = "neutralised (incl. lost to EW)" if state.rate == "neutralised" else "shot down"
    span = f"Per {shown}, {first} to {last}, {count:,} raids"
    return (
        f"{span}. Share {measure} over the whole span: " + ("; ".join(rates) or "no raid states both") + ".",
        f"{span}. Launched: " + "; ".join(sizes) + largest + ".",
    )


def _dates_of(totals: pd.DataFrame) -> tuple[str | None, str | None]:
    dates = totals["attack_date"]
    return (str(dates.min()), str(dates.max())) if len(dates) else (None, None)


def _within(series: pd.DataFrame, state: ViewState) -> pd.DataFrame:
    mask = pd.Series(True, index=series.index)
    if state.start:
        mask &= series["date"] >= pd.Timestamp(state.start)
    if state.end:
        mask &= series["date"] <= pd.Timestamp(state.end)
    return series[mask]


PERCENT = {"function": "params.value == null ? '' : d3.format('.0%')(params.value)"}


COMPARE_COLUMNS = [
    {"field": "class", "headerName": "Class", "minWidth": 130},
    # text: AG Grid infers a date from "2025-07-04 (night)" and blanks the "All 3 raids" rows
    {"field": "attack", "headerName": "Raid", "minWidth": 150, "cellDataType": "text"},
    {"field": "launched", "headerName": "Launched", "type": "numericColumn"},
    {"field": "intercepted", "headerName": "Shot down", "type": "numericColumn"},
    {"field": "ew_lost", "headerName": "Lost to EW", "type": "numericColumn"},
    {"field": "rate", "headerName": "Shot down %", "valueFormatter": PERCENT},
    {"field": "neutralised_rate", "headerName": "Incl. EW %", "valueFormatter": PERCENT},
    {"field": "launched_change", "headerName": "Launched vs first picked", "type": "numericColumn"},
    {"field": "intercepted_change", "headerName": "Shot down vs first picked", "type": "numericColumn"},
]


def comparison(state: ViewState, data: Data):
    """The compared raids under the view's layer, model and class filters, first picked first."""
    primary, _ = layers_of(state, data)
    table = compare(primary.totals, list(state.compare), state.attacker, with_all_missiles(state.classes))
    shown = table.drop(columns=["weapon_class", "raid_id"])
    rows = shown.astype(object).where(shown.notna(), None).to_dict("records")
    return compare_figure(table[table["raid_id"] != "total"]), rows, COMPARE_COLUMNS


MAX_OPTIONS = 40


def compare_options(search: str | None, chosen: Sequence[str] | None, data: Data) -> list[dict]:
    """The raids offered to compare: those chosen, then the newest, or those whose date starts with
    what was typed ("2025-07" gives July 2025's raids)."""
    chosen = [r for r in chosen or [] if isinstance(r, str) and r in data.raid_ids]
    typed = (search or "").strip()[:20] if isinstance(search, str) else ""
    newest = sorted(data.raid_ids, reverse=True)
    offered = [r for r in newest if r.startswith(typed)] if typed else newest
    raids = list(dict.fromkeys([*chosen, *offered[:MAX_OPTIONS]]))
    return [{"label": raid_label(r), "value": r} for r in raids]


def models(state: ViewState, data: Data) -> list[dict]:
    """The per-model table for the view: which models are hardest to intercept, with the counts."""
    layer = "news" if state.attacker == "UA" else state.layer
    rows = data.model_rows(layer)
    if state.models:
        rows = rows[rows["weapon"].isin(state.models)]
    table = model_table(rows, state.start, state.end, state.attacker, state.classes)
    return table.astype(object).where(table.notna(), None).to_dict("records")


def point_sentences(click: dict | None, state: ViewState, data: Data):
    """The clicked raid's figures as the timeline has them (tally row or bulletin post), then every
    sentence or post the news and bulletins give for it."""
    x = clicked_date(click)
    if not x:
        return "Click a point or bar in a chart to see the sentences it comes from."
    raid = clicked_raid(x)
    primary, _ = layers_of(state, data)
    figures = primary.totals[(raid_ids(primary.totals) == raid) & (primary.totals["attacker"] == state.attacker)]
    lines = [
        html.Li(
            f"{LABELS.get(r['weapon_class'], r['weapon_class'])}: {_count(r['launched'])} launched, "
            f"{_count(r['intercepted'])} shot down, {_count(r['ew_lost'])} lost to EW — {_source(r)}"
        )
        for r in figures.to_dict("records")
    ]
    observed = data.observations
    rows = observed[(observed["attack_date"] == raid[:10]) & (observed["attacker"] == state.attacker)]
    if "raid" in rows:
        rows = rows[rows["raid"].fillna("night").eq("day" if raid.endswith("-day") else "night")]
    items = []
    for record in rows.drop_duplicates("evidence").to_dict("records"):
        row = {k: None if v is None or pd.isna(v) else str(v) for k, v in record.items()}
        label = row.get("outlet") or row["doc_id"]
        link = html.A(label, href=row["url"], target="_blank") if row.get("url") else label
        items.append(html.Li([html.Q(row["evidence"]), " — ", link]))
    if not lines and not items:
        return f"No figures for {raid_label(raid)}."
    return [
        html.H3(f"{raid_label(raid)}: {len(items)} sentence(s) or post(s)"),
        html.Ul(lines, className="raid-figures"),
        html.Ul(items),
    ]


def _count(value) -> str:
    return "?" if value is None or pd.isna(value) else f"{int(value):,}"


def _source(row: dict) -> str:
    if row.get("layer") == "reference":
        return "Air Force tally (P. Ivaniuk, Kaggle, CC BY-NC-SA 4.0)"
    if row.get("layer") == "bulletin":
        return "the Air Force's bulletin"
    return f"{row.get('documents') or 0} news report(s)"


def download(trigger: str | None, state: ViewState, data: Data, search: str | None = None, grid: tuple | None = None):
    """The file a download button asks for: the charts' rows, a chart's plotted series, the sources
    the filters, the search and the grid's column filters find, in the grid's order (`grid`: its
    filter model and column state), or a whole table."""
    if trigger == ids.DOWNLOAD_VIEW:
        frame, name = view_rows(state, data), "view.csv"
    elif trigger in (ids.RATE_CSV, ids.SIZE_CSV):
        rate, size = charts(state, data, ("rate",) if trigger == ids.RATE_CSV else ("size",))
        frame = plotted_series(rate if trigger == ids.RATE_CSV else size)
        name = "rate-chart.csv" if trigger == ids.RATE_CSV else "size-chart.csv"
    elif trigger == ids.DOWNLOAD_SOURCES:
        # the observations behind the listed rows, every column: sentence, span, document and link
        listed = found_sources(state, search, data, *(grid or (None, None)))
        frame, name = data.observations.iloc[listed], "sources.csv"
    elif trigger == ids.DOWNLOAD_ATTACKS:
        frame, name = data.attacks, "attacks.csv"
    elif trigger == ids.DOWNLOAD_OBSERVATIONS:
        frame, name = data.observations, "observations.csv"
    else:
        return no_update
    frame = frame.drop(columns=["date"], errors="ignore")
    return dcc.send_bytes(to_csv(frame), name, type="text/csv")


def plotted_series(figure) -> pd.DataFrame:
    """What a chart plots, one row per drawn point: its series (the legend's name: "Drones",
    "Drones, 30-day", "Intercepted"), the date it is drawn at (a raid's, or a period's first day),
    its value and the chart's axis the value is read on. Annotations and shading are not data."""
    axis = figure.layout.yaxis.title.text
    frames = [
        pd.DataFrame({"series": trace.name, "plotted_date": trace.x, "value": trace.y, "axis": axis})
        for trace in figure.data
        if trace.x is not None and len(trace.x)
    ]
    if not frames:
        return pd.DataFrame(columns=["series", "plotted_date", "value", "axis"])
    rows = pd.concat(frames, ignore_index=True)
    return rows[rows["value"].notna()].reset_index(drop=True)


def clicked_date(click: dict | None) -> str | None:
    """The x of a clicked point or bar ("2025-07-04", or "2026-03-24 12:00" for a daytime raid),
    which every trace of the time charts carries."""
    if not click:
        return None
    try:
        x = str(click["points"][0]["x"])[:16]
    except (TypeError, KeyError, IndexError):
        return None
    return x if CLICKED_X.fullmatch(x) else None


CLICKED_X = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}( [0-9]{2}:[0-9]{2})?")

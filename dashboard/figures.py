"""Figures: pure functions DataFrame → go.Figure.

Traces and layouts are written as plain dicts and the figure is built without plotly's per-property
validation (`_validate=False`): with ≈4,000 rows validation alone costs more than the 100 ms budget
of a callback. The tests build every figure once more *with* validation, so a wrong property name
still fails there.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import yaml

from dashboard.classes import COLOURS, LABELS, RATE_SERIES

FONT = "Inter, system-ui, -apple-system, Segoe UI, Roboto, sans-serif"
# The modebar keeps the PNG download; Plotly's cloud-sharing button and logo are off.
GRAPH_CONFIG: Any = {  # Any: dcc.Graph types `config` as a TypedDict this literal satisfies
    "displaylogo": False,
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "modeBarButtonsToRemove": ["sendDataToCloud", "lasso2d", "select2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
    "responsive": True,
}
# Our own small template: plotly's named templates are deep-copied into every figure (~15 ms each).
TEMPLATE = {
    "layout": {
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "xaxis": {"gridcolor": "#eef0f2", "zeroline": False, "linecolor": "#cbd2d9", "ticks": "outside"},
        "yaxis": {"gridcolor": "#eef0f2", "zeroline": False, "linecolor": "#cbd2d9"},
        "hoverlabel": {"bgcolor": "white", "font": {"family": FONT}},
    }
}
# Under every chart, so that a PNG or SVG taken from the page carries its source and licence (the
# tally is CC BY-NC-SA 4.0, which asks for attribution and the same licence).
CREDIT = (
    "Source: Ukrainian Air Force — tally by Petro Ivaniuk (Kaggle, CC BY-NC-SA 4.0), bulletins @kpszsu; "
    "news reports. Chart: CC BY-NC-SA 4.0."
)
# Dates in the comparison (not weapon classes): a separate, fixed, colour-blind-safe sequence.
DATE_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"]


def _figure(traces: list[dict], title: str, yaxis: dict, empty_text: str | None = None, **layout: Any) -> go.Figure:
    base: dict[str, Any] = {
        "title": {"text": title, "x": 0, "xanchor": "left", "y": 0.98, "yanchor": "top", "font": {"size": 16}},
        "font": {"family": FONT, "size": 12, "color": "#1f2933"},
        "template": TEMPLATE,
        "margin": {"l": 56, "r": 16, "t": 88, "b": 64},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.01, "x": 0},
        "hovermode": "closest",
        "clickmode": "event",
        "xaxis": {"title": {"text": ""}},
        "yaxis": yaxis,
    }
    if empty_text:
        base["annotations"] = [
            {"text": empty_text, "showarrow": False, "x": 0.5, "y": 0.5, "xref": "paper", "yref": "paper"}
        ]
        # hidden axes with a fixed range: an empty autorange gives plotly.js NaN positions
        base["xaxis"] = {"visible": False, "range": [0, 1]}
        base["yaxis"] = {"visible": False, "range": [0, 1]}
    notes = layout.pop("annotations", [])
    if empty_text:
        layout.pop("xaxis", None)  # no "Jan 2000" axis under an empty chart
        layout.pop("shapes", None)
        notes = [n for n in notes if n.get("xref") != "x"]  # nothing to place on an axis not drawn
    credit = {
        "text": CREDIT,
        "showarrow": False,
        "x": 0,
        "y": 0,
        "xref": "paper",
        "yref": "paper",
        "xanchor": "left",
        "yanchor": "top",
        "yshift": -36,
        "font": {"size": 9, "color": "#52606d"},
    }
    base["annotations"] = base.get("annotations", []) + notes + ([] if empty_text else [credit])
    base.update(layout)
    return go.Figure(data=traces, layout=base, _validate=False)


def _span(dates: pd.Series) -> dict:
    """A date axis that ends with the data (plus a few days), not months after it."""
    when = pd.to_datetime(dates, format="ISO8601").dropna()
    if when.empty:
        return {"type": "date"}
    pad = max(pd.Timedelta(days=3), (when.max() - when.min()) * 0.01)
    return {"type": "date", "range": [(when.min() - pad).isoformat(), (when.max() + pad).isoformat()]}


def _dates(values: pd.Series | pd.Index) -> np.ndarray:
    """ISO date strings: what the page shows and what a clicked point hands back."""
    return np.asarray(values, dtype=str)


def _flags(rows: pd.DataFrame) -> np.ndarray:
    """Per point: whether its date was matched to the reference, whether reports disagree."""
    recovered = rows["recovered"].to_numpy(dtype=bool) if "recovered" in rows else np.zeros(len(rows), bool)
    conflict = rows["conflict"].to_numpy(dtype=bool) if "conflict" in rows else np.zeros(len(rows), bool)
    texts = np.full(len(rows), "", dtype=object)
    texts[recovered] = "date matched to the Air Force tally"
    both = recovered & conflict
    texts[conflict & ~recovered] = "reports disagree: see the table"
    texts[both] = "date matched to the Air Force tally<br>reports disagree: see the table"
    if "bulletin" in rows:
        texts[rows["bulletin"].to_numpy(dtype=bool)] = "from the Air Force's bulletin (after the tally's last night)"
    return texts.astype(str)


# What the rate chart counts, in its title, axis and hover.
RATE_NAMES = {
    "intercepted": "Interception rate",
    "neutralised": "Neutralised rate (shot down, suppressed or lost to EW)",
}
AXES = {"intercepted": "Share intercepted", "neutralised": "Share neutralised"}


def with_all_missiles(classes: list[str] | tuple[str, ...]) -> list[str]:
    """The classes drawn: "All missiles" only when a missile class is chosen."""
    missiles = {"cruise_missile", "ballistic_missile", "missile"} & set(classes)
    return [*classes, "all_missiles"] if missiles else list(classes)


def rate_figure(
    totals: pd.DataFrame,
    rolling: Mapping[str, pd.DataFrame],
    window: int,
    classes: list[str],
    overlay: pd.DataFrame | None = None,
    empty_text: str = "No dated attacks match these filters",
    title: str | None = None,
    measure: str = "intercepted",
    gap: tuple[str, str] | None = None,
) -> go.Figure:
    """Interception rate per attack (points) and its rolling rate (line), per weapon class; with
    `measure` "neutralised" the rows' intercepted already include those lost to EW.
    `totals` are class_totals rows; `rolling` holds each class's rolling series for the same
    attacker and dates; `overlay` (news class totals) is drawn over the reference as diamonds."""
    traces: list[dict] = []
    for weapon_class in [c for c in RATE_SERIES if c in with_all_missiles(classes)]:
        points = totals[(totals["weapon_class"] == weapon_class) & totals["rate"].notna()].sort_values("date")
        if points.empty:
            continue
        colour = COLOURS[weapon_class]
        approximate = points["approximate"].to_numpy(dtype=bool)
        # exact counts as filled points, approximate or bounded ones as hollow points
        for hollow in (False, True):
            keep = approximate == hollow
            if not keep.any():
                continue
            traces.append(
                {
                    "type": "scatter",
                    "mode": "markers",
                    "x": _dates(points["when"])[keep],
                    "y": points["rate"].to_numpy(dtype=float)[keep],
                    "name": LABELS[weapon_class] + (" (approx. or bound)" if hollow else ""),
                    "legendgroup": weapon_class,
                    "marker": {
                        "color": colour,
                        "size": 7,
                        "opacity": 0.55,
                        "symbol": "circle-open" if hollow else "circle",
                    },
                    # numbers travel once, plotly formats the hover: far smaller than a string per point
                    "customdata": np.column_stack(
                        [
                            points["intercepted"].to_numpy(dtype=float)[keep],
                            points["launched"].to_numpy(dtype=float)[keep],
                            points["documents"].to_numpy(dtype=float)[keep],
                        ]
                    ),
                    "text": _flags(points)[keep],
                    "hovertemplate": (
                        f"<b>%{{x|%Y-%m-%d}}</b><br>{measure} %{{customdata[0]:,}} of %{{customdata[1]:,}}"
                        + (" (approx. or bound)" if hollow else "")
                        + "<br>rate %{y:.0%}<br>%{customdata[2]} report(s)<br>%{text}"
                        + f"<extra>{LABELS[weapon_class]}</extra>"
                    ),
                }
            )
        if overlay is not None:
            news = overlay[(overlay["weapon_class"] == weapon_class) & overlay["rate"].notna()].sort_values("date")
            if not news.empty:
                traces.append(_news_points(news, weapon_class, measure))
        rolled = rolling.get(weapon_class)
        if rolled is not None and not rolled.empty:
            traces.append(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "x": _dates(rolled["date"].dt.strftime("%Y-%m-%d")),
                    "y": rolled["rate"].to_numpy(dtype=float),
                    "name": f"{LABELS[weapon_class]}, {window}-day",
                    "legendgroup": weapon_class,
                    "showlegend": False,
                    "connectgaps": False,
                    "line": {"color": colour, "width": 2.5},
                    "hovertemplate": f"{window}-day rate %{{y:.0%}}<extra>{LABELS[weapon_class]}</extra>",
                }
            )
    shapes, notes = _events(totals, "rate")
    shaded, said = _gap_marks(gap)
    return _figure(
        traces,
        title or f"{RATE_NAMES[measure]}, {window}-day rolling",
        {"title": {"text": AXES[measure]}, "tickformat": ".0%", "range": [0, 1.05]},
        None if traces else empty_text,
        xaxis=_span(totals["when"]) if "when" in totals else {"type": "date"},
        shapes=shapes + shaded,
        annotations=notes + said,
    )


EVENTS_FILE = Path(__file__).with_name("events.yaml")


@cache
def events() -> tuple[dict, ...]:
    """The reporting changes of events.yaml, checked once: a wrong entry stops the app by name."""
    entries = yaml.safe_load(EVENTS_FILE.read_text(encoding="utf-8"))["events"]
    for entry in entries:
        entry["date"] = str(entry["date"])
        if not ISO_DATE.fullmatch(entry["date"]) or not entry.get("label") or not entry.get("source"):
            raise ValueError(f"{EVENTS_FILE}: an event needs an ISO date, a label and a source: {entry}")
        if not set(entry.get("charts", [])) <= {"rate", "size"}:
            raise ValueError(f"{EVENTS_FILE}: charts must be rate and/or size: {entry}")
    return tuple(entries)


ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _events(totals: pd.DataFrame, chart: str) -> tuple[list[dict], list[dict]]:
    """Dotted lines where the reporting changed, for the events within the dates shown."""
    if totals.empty:
        return [], []
    first, last = totals["attack_date"].min(), totals["attack_date"].max()
    shapes, notes = [], []
    for index, event in enumerate(e for e in events() if chart in e.get("charts", []) and first < e["date"] < last):
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": event["date"],
                "x1": event["date"],
                "y0": 0,
                "y1": 1,
                "line": {"color": "#52606d", "width": 1, "dash": "dot"},
            }
        )
        notes.append(
            {
                "x": event["date"],
                "y": 0.02 + 0.06 * index,  # stacked, so that two close events stay readable
                "xref": "x",
                "yref": "paper",
                "xanchor": "left",
                "showarrow": False,
                "text": " " + event["label"],
                "font": {"size": 10, "color": "#52606d"},
                "bgcolor": "rgba(255,255,255,0.8)",
            }
        )
    return shapes, notes


def _news_points(news: pd.DataFrame, weapon_class: str, measure: str = "intercepted") -> dict:
    return {
        "type": "scatter",
        "mode": "markers",
        "x": _dates(news["when"]),
        "y": news["rate"].to_numpy(dtype=float),
        "name": f"News: {LABELS[weapon_class]}",
        "legendgroup": f"news-{weapon_class}",
        "marker": {
            "color": COLOURS[weapon_class],
            "symbol": "diamond",
            "size": 10,
            "line": {"color": "#1f2933", "width": 1},
        },
        "customdata": np.column_stack(
            [news["intercepted"].to_numpy(dtype=float), news["launched"].to_numpy(dtype=float)]
        ),
        "text": _flags(news),
        "hovertemplate": (
            f"<b>%{{x|%Y-%m-%d}}</b><br>news: {measure} %{{customdata[0]:,}} of %{{customdata[1]:,}}"
            f"<br>rate %{{y:.0%}}<br>%{{text}}<extra>News: {LABELS[weapon_class]}</extra>"
        ),
    }


def size_figure(
    parts: pd.DataFrame,
    sizes: pd.DataFrame,
    classes: list[str],
    annotate: int = 5,
    overlay: pd.DataFrame | None = None,
    empty_text: str = "No dated attacks match these filters",
    title: str | None = None,
    gap: tuple[str, str] | None = None,
) -> go.Figure:
    """Launched per attack, stacked by class, intercepted against it; the largest attacks named.
    `parts` are the nights' class rows that add up (see data.stack_parts); `sizes` carries each
    attack's rank among all attacks of its year, whatever the filters."""
    parts = parts[parts["weapon_class"].isin(classes)]
    traces: list[dict] = []
    for weapon_class in [c for c in COLOURS if c in classes and c != "all_missiles"]:
        bars = parts[parts["weapon_class"] == weapon_class]
        if bars.empty:
            continue
        traces.append(
            {
                "type": "bar",
                "x": _dates(bars["when"]),
                "y": bars["launched"].to_numpy(dtype=float),
                "name": LABELS[weapon_class],
                "marker": {"color": COLOURS[weapon_class]},
                "hovertemplate": f"<b>%{{x|%Y-%m-%d}}</b><br>%{{y:,}} launched<extra>{LABELS[weapon_class]}</extra>",
            }
        )
    nights = parts.groupby("when").agg(launched=("launched", "sum"), intercepted=("intercepted", "sum"))
    nights = nights[nights["launched"] > 0].join(sizes.set_index("when")[["rank_text"]], how="left")
    annotations = []
    if not nights.empty:
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "x": _dates(nights.index),
                "y": nights["intercepted"].where(nights["intercepted"] > 0).to_numpy(dtype=float),
                "name": "Intercepted",
                # a dash per night: bold for a few nights, fine when there are hundreds
                "marker": {
                    "symbol": "line-ew-open",
                    "size": 14 if len(nights) < 150 else 6,
                    "color": "#1f2933",
                    "line": {"width": 3 if len(nights) < 150 else 1.2},
                },
                "customdata": nights["launched"].to_numpy(dtype=float).reshape(-1, 1),
                "text": _dates(nights["rank_text"].fillna("")),
                "hovertemplate": (
                    "<b>%{x|%Y-%m-%d}</b><br>%{customdata[0]:,} launched, %{y:,} intercepted<br>%{text}<extra></extra>"
                ),
            }
        )
        annotations = [
            {
                "x": str(date),
                "y": float(row["launched"]),
                "text": f"{int(row['launched']):,}",
                "showarrow": True,
                "arrowhead": 0,
                "ax": 0,
                # neighbours in time alternate height, so that adjacent large bars' labels do not overlap
                "ay": -22 if index % 2 == 0 else -40,
                "font": {"size": 11},
            }
            for index, (date, row) in enumerate(nights.nlargest(annotate, "launched").sort_index().iterrows())
        ]
    if overlay is not None and not overlay.empty:
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "x": _dates(overlay["when"]),
                "y": overlay["launched"].to_numpy(dtype=float),
                "name": "News reports: launched",
                "marker": {"symbol": "diamond-open", "size": 10, "color": "#1f2933", "line": {"width": 2}},
                "hovertemplate": "<b>%{x|%Y-%m-%d}</b><br>news: %{y:,} launched<extra></extra>",
            }
        )
    shaded, said = _gap_marks(gap)
    return _figure(
        traces,
        title or "Attack size: launched per attack",
        {"title": {"text": "Drones and missiles launched"}},
        None if traces else empty_text,
        barmode="stack",
        bargap=0.1,
        xaxis=_span(parts["when"]) if "when" in parts else {"type": "date"},
        annotations=annotations + said,
        shapes=shaded,
    )


def _gap_marks(gap: tuple[str, str] | None) -> tuple[list[dict], list[dict]]:
    """Shade the nights no source covers (the tally has ended, the bulletins not yet begun): a low
    bar or a missing point there is missing data, not a lull."""
    if gap is None:
        return [], []
    first, last = gap
    shade = {
        "type": "rect",
        "xref": "x",
        "yref": "paper",
        "x0": first,
        "x1": f"{last} 23:59",
        "y0": 0,
        "y1": 1,
        "fillcolor": "#9aa5b1",
        "opacity": 0.18,
        "line": {"width": 0},
        "layer": "below",
    }
    note = {
        "x": first,
        "y": 0.98,
        "xref": "x",
        "yref": "paper",
        "xanchor": "right",  # the gap sits near the newest data, at the axis' right edge
        "showarrow": False,
        "text": f"no figures {first} … {last} ",
        "font": {"size": 10, "color": "#52606d"},
    }
    return [shade], [note]


def compare_figure(table: pd.DataFrame) -> go.Figure:
    """Launched (light) and shot down (solid) per class, one bar group per raid in the order picked."""
    traces: list[dict] = []
    for index, (raid, rows) in enumerate(table.groupby("attack", sort=False)):
        colour = DATE_COLOURS[index % len(DATE_COLOURS)]
        common = {"type": "bar", "x": rows["class"].to_numpy(dtype=str), "offsetgroup": raid}
        traces.append(
            {
                **common,
                "y": rows["launched"].to_numpy(dtype=float, na_value=np.nan),
                "name": f"{raid} launched",
                "marker": {"color": colour, "opacity": 0.35, "line": {"color": colour, "width": 1.5}},
            }
        )
        traces.append(
            {
                **common,
                "y": rows["intercepted"].to_numpy(dtype=float, na_value=np.nan),
                "name": f"{raid} shot down",
                "base": 0,
                "marker": {"color": colour},
            }
        )
    return _figure(
        traces,
        "Compare attacks: launched and intercepted per class",
        {"title": {"text": "Count"}},
        None
        if traces
        else "Pick two or more raids, click points in the charts above, or try “Largest raid vs the week before”",
        barmode="group",
    )

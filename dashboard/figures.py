"""Figures: pure functions DataFrame → go.Figure. No callbacks, no globals but the style."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard.data import COLOURS, LABELS, RATE_SERIES, attack_sizes, rolling_rate, stack_parts

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


def _style(fig: go.Figure, title: str, yaxis: str, empty: bool, empty_text: str = "") -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "y": 0.98, "yanchor": "top", "font": {"size": 16}},
        font={"family": FONT, "size": 12, "color": "#1f2933"},
        template="plotly_white",
        margin={"l": 56, "r": 16, "t": 88, "b": 40},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.01, "x": 0, "title": None},
        hovermode="closest",
        yaxis_title=yaxis,
        xaxis_title=None,
        clickmode="event",
    )
    if empty:
        fig.add_annotation(
            text=empty_text or "No dated attacks match these filters",
            showarrow=False,
            x=0.5,
            y=0.5,
            xref="paper",
            yref="paper",
        )
        fig.update_xaxes(visible=False)
        fig.update_yaxes(visible=False)
    return fig


def _hover_value(value: float | None, approximate: bool) -> str:
    if value is None or pd.isna(value):
        return "not stated"
    return f"{int(value):,}" + (" (approx. or bound)" if approximate else "")


def rate_figure(totals: pd.DataFrame, window: int, classes: list[str]) -> go.Figure:
    """Interception rate per attack (points) and its rolling rate (line), per weapon class."""
    fig = go.Figure()
    shown = [c for c in RATE_SERIES if c in classes or (c == "all_missiles" and set(classes) & set(COLOURS))]
    any_points = False
    for weapon_class in shown:
        points = totals[(totals["weapon_class"] == weapon_class) & totals["rate"].notna()].sort_values("date")
        if points.empty:
            continue
        any_points = True
        colour = COLOURS[weapon_class]
        hover = [
            f"<b>{d}</b><br>{LABELS[weapon_class]}<br>intercepted {_hover_value(i, a)} of {_hover_value(n, a)}"
            f"<br>rate {r:.0%}<br>{docs} document(s)"
            for d, i, n, r, a, docs in zip(
                points["attack_date"],
                points["intercepted"],
                points["launched"],
                points["rate"],
                points["approximate"],
                points["documents"],
                strict=True,
            )
        ]
        fig.add_trace(
            go.Scatter(
                x=points["date"],
                y=points["rate"],
                mode="markers",
                name=LABELS[weapon_class],
                legendgroup=weapon_class,
                marker={
                    "color": colour,
                    "size": 7,
                    "opacity": 0.55,
                    "symbol": ["circle-open" if a else "circle" for a in points["approximate"]],
                },
                customdata=points[["attack_date"]].to_numpy(),
                hovertext=hover,
                hoverinfo="text",
            )
        )
        rolled = rolling_rate(totals, weapon_class, window)
        fig.add_trace(
            go.Scatter(
                x=rolled["date"],
                y=rolled["rate"],
                mode="lines",
                name=f"{LABELS[weapon_class]}, {window}-day",
                legendgroup=weapon_class,
                showlegend=False,
                connectgaps=False,
                line={"color": colour, "width": 2.5},
                hovertemplate=f"{window}-day rate %{{y:.0%}}<extra>{LABELS[weapon_class]}</extra>",
            )
        )
    fig = _style(
        fig, f"Interception rate per attack and {window}-day rolling rate", "Share intercepted", not any_points
    )
    fig.update_yaxes(tickformat=".0%", range=[0, 1.05])
    return fig


def size_figure(totals: pd.DataFrame, classes: list[str], annotate: int = 5) -> go.Figure:
    """Launched per attack, stacked by class, intercepted against it; the largest attacks named."""
    parts = stack_parts(totals[totals["weapon_class"].isin(classes)])
    sizes = attack_sizes(parts)
    fig = go.Figure()
    for weapon_class in [c for c in COLOURS if c in classes and c != "all_missiles"]:
        bars = parts[(parts["weapon_class"] == weapon_class) & parts["launched"].notna()]
        bars = bars[bars["attack_date"].isin(sizes["attack_date"])]
        if bars.empty:
            continue
        fig.add_trace(
            go.Bar(
                x=bars["date"],
                y=bars["launched"],
                name=LABELS[weapon_class],
                marker_color=COLOURS[weapon_class],
                customdata=bars[["attack_date"]].to_numpy(),
                hovertext=[
                    f"<b>{d}</b><br>{LABELS[weapon_class]}: {_hover_value(v, a)} launched"
                    for d, v, a in zip(bars["attack_date"], bars["launched"], bars["approximate"], strict=True)
                ],
                hoverinfo="text",
            )
        )
    if not sizes.empty:
        dates = pd.to_datetime(sizes["attack_date"])
        fig.add_trace(
            go.Scatter(
                x=dates,
                y=sizes["intercepted"].where(sizes["intercepted"] > 0),
                mode="markers",
                name="Intercepted",
                marker={"symbol": "line-ew-open", "size": 14, "color": "#1f2933", "line": {"width": 3}},
                customdata=sizes[["attack_date"]].to_numpy(),
                hovertext=[
                    f"<b>{d}</b><br>{int(n):,} launched, {int(i):,} intercepted<br>{r}"
                    for d, n, i, r in zip(
                        sizes["attack_date"], sizes["launched"], sizes["intercepted"], sizes["rank_text"], strict=True
                    )
                ],
                hoverinfo="text",
            )
        )
        for _, row in sizes.nlargest(annotate, "launched").iterrows():
            fig.add_annotation(
                x=pd.Timestamp(row["attack_date"]),
                y=row["launched"],
                text=f"{int(row['launched']):,}",
                showarrow=True,
                arrowhead=0,
                ax=0,
                ay=-22,
                font={"size": 11},
            )
    fig = _style(fig, "Attack size: launched per attack, by weapon class", "Drones and missiles launched", sizes.empty)
    fig.update_layout(barmode="stack", bargap=0.1)
    return fig


def compare_figure(table: pd.DataFrame) -> go.Figure:
    """Launched and intercepted per class, one bar group per chosen date."""
    fig = go.Figure()
    for date in sorted(table["attack_date"].unique()):
        rows = table[table["attack_date"] == date]
        fig.add_trace(go.Bar(x=rows["class"], y=rows["launched"], name=f"{date} launched", offsetgroup=date))
        fig.add_trace(
            go.Bar(
                x=rows["class"],
                y=rows["intercepted"],
                name=f"{date} intercepted",
                offsetgroup=date,
                marker_pattern_shape="/",
                opacity=0.6,
                base=0,
            )
        )
    fig = _style(
        fig,
        "Compare attacks: launched and intercepted per class",
        "Count",
        table.empty,
        "Pick two or more dates, or click points in the charts above",
    )
    fig.update_layout(barmode="group")
    return fig

"""The Dash app: `create_app(data_dir)`; the page, figures and callbacks live in their modules."""

from __future__ import annotations

from pathlib import Path

from dash import Dash
from flask_compress import Compress

from dashboard.callbacks import charts, register
from dashboard.data import load
from dashboard.layout import layout
from dashboard.state import State as ViewState

DEFAULT_DATA = Path(__file__).resolve().parent.parent / "data" / "processed"


def create_app(data_dir: str | Path = DEFAULT_DATA) -> Dash:
    data = load(data_dir)
    app = Dash(__name__, title="Drone and missile attacks on Ukraine", update_title="")
    Compress(app.server)  # gzip/brotli responses: the layout and figures are large JSON
    rate, _ = charts(ViewState(), data)  # the first chart is in the first response; the rest follows
    app.layout = layout(data, rate, None)
    register(app, data)
    return app

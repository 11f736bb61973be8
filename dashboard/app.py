"""The Dash app: `create_app(data_dir)`; the page, figures and callbacks live in their modules."""

from __future__ import annotations

from pathlib import Path

from dash import Dash
from flask import Response
from flask_compress import Compress

from dashboard.callbacks import register
from dashboard.data import load
from dashboard.layout import layout
from dashboard.state import State as ViewState
from dashboard.views import charts

DEFAULT_DATA = Path(__file__).resolve().parent.parent / "data" / "processed"
MAX_REQUEST_BYTES = 1_000_000
# Dash renders with inline styles and evaluates its callbacks' clientside code: 'unsafe-inline' for
# styles and 'unsafe-eval' for scripts are what it needs; nothing is loaded from elsewhere.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-eval' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; form-action 'self'"
)


def _security_headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def create_app(data_dir: str | Path = DEFAULT_DATA) -> Dash:
    data = load(data_dir)
    # the grids join the page after the first chart (callbacks.register): their callbacks are
    # registered before their components exist
    app = Dash(
        __name__, title="Drone and missile attacks on Ukraine", update_title="", suppress_callback_exceptions=True
    )
    app.index_string = app.index_string.replace("<html>", '<html lang="en">', 1)  # screen readers' language
    Compress(app.server)  # gzip/brotli responses: the layout and figures are large JSON
    app.server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES  # a callback request is small
    app.server.after_request(_security_headers)
    rate, _ = charts(ViewState(), data)  # the first chart is in the first response; the rest follows
    app.layout = layout(data, rate, None)
    register(app, data)
    return app

"""A bare Dash page, the browser benchmark's yardstick: the same Dash, the same Flask compression and the same
partial plotly.js as the dashboard, and nothing else (no store, no router, no callbacks).

    page A: one heading;  page B: one heading and one dcc.Graph with a small line chart."""

from __future__ import annotations

from dash import Dash, dcc, html
from flask import Flask

from dashboard.app import PLOTLY_PATH, plotly_bundle

# Twelve months of one made-up figure: enough for plotly.js to draw axes, a line and markers.
SMALL_FIGURE = {
    "data": [{"type": "scatter", "mode": "lines+markers", "x": [f"2008-{month:02d}" for month in range(1, 13)],
              "y": [52, 54, 53, 57, 58, 56, 60, 61, 59, 63, 64, 66], "name": "Actual"}],
    "layout": {"height": 320, "margin": {"l": 40, "r": 10, "t": 10, "b": 40}},
}


def bare_app(chart: bool) -> Flask:
    """The Flask server of a one-page Dash app: a heading (page A), and with `chart` one graph too (page B).
    The heading sits in a <main>, as the dashboard's does, so that one selector finds both."""
    server = Flask(__name__)
    # as dashboard/app.py sets them: brotli level 5, else gzip
    server.config.update(COMPRESS_ALGORITHM=["br", "gzip"], COMPRESS_BR_LEVEL=5)
    app = Dash(__name__, server=server, serve_locally=True, compress=True, update_title=None,
               title="Bare Dash page")
    content = [html.H1("A bare Dash page")]
    if chart:
        content.append(dcc.Graph(figure=SMALL_FIGURE, config={"displayModeBar": False}))
    app.layout = html.Main(content)
    # the same partial plotly.js the dashboard serves, at the address Dash's renderer asks for it
    server.add_url_rule(app.config.routes_pathname_prefix + PLOTLY_PATH, "plotly_bundle", plotly_bundle)
    return server

"""The application factory: one Dash app per call, its pages and callbacks registered on that instance."""

from __future__ import annotations

from pathlib import Path

from dash import Dash, html
from flask import Flask, jsonify, request, send_from_directory
from flask_caching import Cache
from sqlalchemy.exc import SQLAlchemyError

from callbacks import router
from dashboard.settings import Settings
from data.demo import build_demo
from data.store import Store
from layouts.indicator import indicator
from layouts.overview import overview
from layouts.priority import priority
from layouts.shell import INDEX_STRING, not_found, shell

ASSETS = Path(__file__).resolve().parent.parent / "assets"
# Where Dash's renderer asks for plotly.js (dcc.Graph loads it when a page first shows a chart); we answer
# with a partial build of the same version, a quarter of the size (docs/plotly-bundle/README.md).
PLOTLY_PATH = "_dash-component-suites/plotly/package_data/plotly.min.js"
PLOTLY_BUNDLE = "plotly-dashboard.min.js"


class CouncilDash(Dash):
    """Dash, with the HTML page of an indicator's URL asking early for what its trend chart needs."""

    def interpolate_index(self, **kwargs) -> str:
        # dcc.Graph would ask for these only once the page is drawn; fetched from the start, they arrive
        # while the browser is still busy with Dash's own scripts.
        if request.path.startswith(self.config.routes_pathname_prefix + "indicators/"):
            suites = self.config.requests_pathname_prefix + "_dash-component-suites/"
            kwargs["metas"] += "".join(f'<link rel="preload" as="script" href="{url}">'
                                       for url in (suites + "dash/dcc/async-graph.js",
                                                   self.config.requests_pathname_prefix + PLOTLY_PATH))
        return super().interpolate_index(**kwargs)


def open_store(settings: Settings) -> Store:
    """Connect to the database (migrating it) and, on an empty one, build the demo council if allowed."""
    store = Store.open(settings.database_url)
    if settings.seed_demo and store.is_empty():
        build_demo(store.engine)
    return store


def create_app(settings: Settings | None = None, store: Store | None = None) -> Dash:
    """A new, fully wired app; safe to call more than once (nothing is registered globally)."""
    settings = settings or Settings.from_environment()
    store = store or open_store(settings)
    server = Flask(__name__)
    # Brotli at level 5 is as quick as gzip and 7-12% smaller on these scripts; higher levels cost seconds.
    server.config.update(COMPRESS_ALGORITHM=["br", "gzip"], COMPRESS_BR_LEVEL=5)
    app = CouncilDash(
        __name__,
        server=server,
        title="Council Performance Dashboard",
        assets_folder=str(ASSETS),
        assets_path_ignore=["vendor"],  # served on request only, never as a script tag on every page
        pages_folder="",  # no page auto-discovery: the router below is the one list of pages
        use_pages=False,
        serve_locally=True,  # council networks are often closed: no CDN
        compress=True,  # brotli (or gzip) for pages, scripts and callback answers
        index_string=INDEX_STRING,
        update_title=None,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    app.layout = shell(settings.council_name)
    # Every page's components, so Dash can check the callbacks' ids before any page is drawn.
    app.validation_layout = html.Div([shell(settings.council_name), overview(), priority(), indicator(),
                                      not_found()])
    router.register(app, store, make_cache(app, settings) if settings.cache_seconds > 0 else None)
    app.server.add_url_rule("/healthz", "healthz", lambda: health(store))
    # A rule without variables outranks Dash's /_dash-component-suites/<package>/<path> rule in Flask.
    app.server.add_url_rule(app.config.routes_pathname_prefix + PLOTLY_PATH, "plotly_bundle", plotly_bundle)
    return app


def make_cache(app: Dash, settings: Settings) -> Cache:
    """Redis when several workers or machines serve the app (DASHBOARD_CACHE_URL), else in-process."""
    if settings.cache_url:
        config = {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": settings.cache_url}
    else:
        config = {"CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": 500}
    return Cache(app.server, config={**config, "CACHE_DEFAULT_TIMEOUT": settings.cache_seconds,
                                     "CACHE_KEY_PREFIX": "council-dashboard:"})


def plotly_bundle():
    """The partial plotly.js build, read whole so that it is compressed like Dash's own scripts."""
    response = send_from_directory(ASSETS / "vendor", PLOTLY_BUNDLE)
    response.direct_passthrough = False
    response.make_sequence()
    return response


def health(store: Store):
    """For load balancers and monitoring: 200 when the database answers, 503 when it does not."""
    try:
        return jsonify(status="ok", data_version=store.data_version())
    except SQLAlchemyError:
        return jsonify(status="unavailable", reason="the database does not answer"), 503

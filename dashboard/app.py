"""The application factory: one Dash app per call, its pages and callbacks registered on that instance.

The database is opened at start-up or, when it does not answer then, by the first request that finds it
answering (never re-created, never seeded then); dashboard.guards keeps bad requests from Dash and sets the
security headers."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
import threading
import time
from pathlib import Path

from dash import Dash, html
from flask import Flask, Response, jsonify, request, send_from_directory
from flask_caching import Cache
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from werkzeug.serving import WSGIRequestHandler

from callbacks import actions, grid, router, underperformance
from dashboard import packs
from dashboard.guards import BODY_LIMIT, add_security_headers, content_security_policy, guard_requests
from dashboard.settings import Settings
from data.db import display_url, first_line, head_revision, make_engine, schema_revision, upgrade
from data.demo import build_demo
from data.store import Store
from layouts.actions import downloads as action_downloads
from layouts.grid import downloads
from layouts.indicator import indicator
from layouts.overview import overview
from layouts.priority import priority
from layouts.shell import INDEX_STRING, not_found, shell
from layouts.underperformance import downloads as under_downloads

ASSETS = Path(__file__).resolve().parent.parent / "assets"
# Where Dash's renderer asks for plotly.js (dcc.Graph loads it when a page first shows a chart); we answer
# with a partial build of the same version, a quarter of the size (docs/plotly-bundle/README.md).
PLOTLY_PATH = "_dash-component-suites/plotly/package_data/plotly.min.js"
PLOTLY_BUNDLE = "plotly-dashboard.min.js"

RETRY_SECONDS = 5.0  # how often a request tries a database that did not answer at start-up


class CouncilDash(Dash):
    """Dash, with the HTML page asking early for its layout (and, at an indicator's URL, for what its trend
    chart needs), and a development server that does not announce itself."""

    def interpolate_index(self, **kwargs) -> str:
        # The layout, which holds the page of this URL (callbacks/router.py), is asked for from the start:
        # drawn on the server while the browser loads Dash's scripts, it is there when the renderer asks.
        kwargs["metas"] += (f'<link rel="preload" as="fetch" crossorigin="anonymous" '
                            f'href="{self.config.requests_pathname_prefix}_dash-layout">')
        # dcc.Graph would ask for these only once the page is drawn; fetched from the start, they arrive
        # while the browser is still busy with Dash's own scripts.
        if request.path.startswith(self.config.routes_pathname_prefix + "indicators/"):
            suites = self.config.requests_pathname_prefix + "_dash-component-suites/"
            kwargs["metas"] += "".join(f'<link rel="preload" as="script" href="{url}">'
                                       for url in (suites + "dash/dcc/async-graph.js",
                                                   self.config.requests_pathname_prefix + PLOTLY_PATH))
        return super().interpolate_index(**kwargs)

    def run(self, *args, **kwargs):
        """The development server, without its `Server: Werkzeug/x Python/y` banner."""
        kwargs.setdefault("request_handler", QuietRequestHandler)
        return super().run(*args, **kwargs)


class QuietRequestHandler(WSGIRequestHandler):
    """Werkzeug's request handler, minus the Server header that names the software and its version."""

    def send_response(self, code: int, message: str | None = None) -> None:
        self.log_request(code)
        self.send_response_only(code, message)
        self.send_header("Date", self.date_time_string())


def open_store(settings: Settings) -> Store:
    """Connect to the database (migrating it) and, on an empty one, build the demo council if allowed."""
    store = Store.open(settings.database_url)
    if settings.seed_demo and store.is_empty():
        build_demo(store.engine)
    return store


class Database:
    """The database as this process has it: opened at start-up; or, when it did not answer then, opened
    (migrated) by the first request that finds it answering, but never seeded with the demo then: a
    database that vanished must not come back as the demo council."""

    def __init__(self, store: Store, opened: bool, retry_seconds: float | None = None):
        self.store = store
        self.opened = opened
        self.retry_seconds = RETRY_SECONDS if retry_seconds is None else retry_seconds
        self._lock = threading.Lock()
        self._next_try = 0.0

    @classmethod
    def start(cls, settings: Settings) -> Database:
        """Open the database; when it cannot be used, say so in one line and serve a notice until it can."""
        try:
            return cls(open_store(settings), opened=True)
        except ArgumentError:
            raise  # a mistyped URL or a missing driver: no amount of waiting will fix it
        except (SQLAlchemyError, OSError, sqlite3.Error) as error:
            print(f"Cannot use the database at {display_url(settings.database_url)}: {first_line(error)}. "
                  "Serving a notice until it answers.", file=sys.stderr, flush=True)
            # create=False: a SQLite file that was not there is made by the command line, never by a request
            return cls(Store(make_engine(settings.database_url, create=False)), opened=False)

    def try_open(self) -> None:
        """Before a request: if the database has not been opened yet, try again (at most every few seconds)."""
        if self.opened or time.monotonic() < self._next_try:
            return
        with self._lock:
            if self.opened:
                return
            try:
                upgrade(self.store.engine)
            except SQLAlchemyError:
                self._next_try = time.monotonic() + self.retry_seconds
                return
            self.opened = True
            print(f"The database at {display_url(str(self.store.engine.url))} answers: serving the dashboard.",
                  file=sys.stderr, flush=True)


def create_app(settings: Settings | None = None, store: Store | None = None) -> Dash:
    """A new, fully wired app; safe to call more than once (nothing is registered globally)."""
    settings = settings or Settings.from_environment()
    database = Database(store, opened=True) if store is not None else Database.start(settings)
    store = database.store
    server = Flask(__name__)
    # Brotli at level 5 is as quick as gzip and 7-12% smaller on these scripts; higher levels cost seconds.
    server.config.update(COMPRESS_ALGORITHM=["br", "gzip"], COMPRESS_BR_LEVEL=5, MAX_CONTENT_LENGTH=BODY_LIMIT)
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
    # Every page's components, so Dash can check the callbacks' ids before any page is drawn; set before the
    # router's layout function, which Dash would otherwise call to find them.
    app.validation_layout = html.Div([shell(settings.council_name), overview(), priority(), indicator(),
                                      not_found(), downloads(), under_downloads(), action_downloads()])
    # the layout: the shell with the page of the URL asked for already in it (callbacks/router.py)
    pages = router.register(app, store, make_cache(app, settings, store) if settings.cache_seconds > 0 else None,
                            settings.council_name)
    grid.register(app, store)  # the grid's downloads (callbacks/grid.py)
    underperformance.register(app, store)  # the under-performance list's downloads
    actions.register(app, store)  # the action tracker's downloads (callbacks/actions.py)
    packs.register(server, store, settings.council_name)  # the report pack's files (dashboard/packs.py)
    server.extensions["page_cache"] = pages  # for the tests and benchmarks: pages.wait() after an import
    head = head_revision()
    app.server.add_url_rule("/healthz", "healthz", lambda: health(store, head))
    # A rule without variables outranks Dash's /_dash-component-suites/<package>/<path> rule in Flask.
    app.server.add_url_rule(app.config.routes_pathname_prefix + PLOTLY_PATH, "plotly_bundle", plotly_bundle)
    guard_requests(app, database)
    # LAST, after every callback (clientside ones included) is registered: the policy allows exactly the
    # inline scripts Dash writes into the page, by their hashes. Wire any new callbacks module in above.
    add_security_headers(app.server, content_security_policy(app))
    return app


def make_cache(app: Dash, settings: Settings, store: Store) -> Cache:
    """Redis when several workers or machines serve the app (DASHBOARD_CACHE_URL), else in-process. The
    keys name the database, so that dashboards of two databases can share one Redis."""
    if settings.cache_url:
        config = {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": settings.cache_url}
    else:
        config = {"CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": 500}
    database = hashlib.sha256(store.engine.url.render_as_string(hide_password=True).encode()).hexdigest()[:12]
    return Cache(app.server, config={**config, "CACHE_DEFAULT_TIMEOUT": settings.cache_seconds,
                                     "CACHE_KEY_PREFIX": f"council-dashboard:{database}:"})


def plotly_bundle():
    """The partial plotly.js build, read whole so that it is compressed like Dash's own scripts."""
    response = send_from_directory(ASSETS / "vendor", PLOTLY_BUNDLE)
    response.direct_passthrough = False
    response.make_sequence()
    return response


def health(store: Store, head: str | None = None):
    """For load balancers and monitoring: 200 when the database answers with the schema this code needs,
    503 with the reason otherwise (a file deleted, emptied or replaced; a server down; another version)."""
    head = head or head_revision()
    try:
        revision = schema_revision(store.engine)
        if revision is None:
            return _unhealthy("the database holds none of the dashboard's tables")
        if revision != head:
            return _unhealthy(f"the database's schema is at {revision}; this version of the app needs {head}")
        return _no_store(jsonify(status="ok", data_version=store.data_version()))
    except SQLAlchemyError:
        url = store.engine.url
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:") \
                and not os.path.exists(url.database):
            return _unhealthy("the database file is missing")
        return _unhealthy("the database does not answer")


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"  # a proxy must not answer for the app
    return response


def _unhealthy(reason: str) -> tuple[Response, int]:
    return _no_store(jsonify(status="unavailable", reason=reason)), 503

"""The application factory: one Dash app per call, its pages and callbacks registered on that instance.

Around Dash, the server guards itself: request bodies are limited, callback bodies checked before Dash reads
them, every response carries security headers, and the database is opened at start-up or, when it does not
answer then, by the first request that finds it answering (never re-created, never seeded then)."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from dash import Dash, html
from dash.exceptions import DependencyException
from flask import Flask, Response, jsonify, request, send_from_directory
from flask_caching import Cache
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.serving import WSGIRequestHandler

from callbacks import router
from dashboard.settings import Settings
from data.db import display_url, head_revision, make_engine, schema_revision, upgrade
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

CALLBACK = "_dash-update-component"
MB = 1024 * 1024
# Every request body is held to this: Dash's callback bodies are a few KB. A route that takes bigger
# bodies (a file upload) gets its own limit in BODY_LIMITS, by its Flask endpoint name.
BODY_LIMIT = 4 * MB
BODY_LIMITS: Mapping[str, int] = MappingProxyType({})
MAX_JSON_DEPTH = 32  # a callback body is a few levels deep; deeper is junk
RETRY_SECONDS = 5.0  # how often a request tries a database that did not answer at start-up

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
}


class CouncilDash(Dash):
    """Dash, with the HTML page of an indicator's URL asking early for what its trend chart needs, and a
    development server that does not announce itself."""

    def interpolate_index(self, **kwargs) -> str:
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


def first_line(error: BaseException) -> str:
    """The gist of a database error, for one line of a log."""
    cause = getattr(error, "orig", None) or error
    lines = str(cause).strip().splitlines()
    return lines[0] if lines else error.__class__.__name__


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
    app.layout = shell(settings.council_name)
    # Every page's components, so Dash can check the callbacks' ids before any page is drawn.
    app.validation_layout = html.Div([shell(settings.council_name), overview(), priority(), indicator(),
                                      not_found()])
    router.register(app, store, make_cache(app, settings) if settings.cache_seconds > 0 else None)
    head = head_revision()
    app.server.add_url_rule("/healthz", "healthz", lambda: health(store, head))
    # A rule without variables outranks Dash's /_dash-component-suites/<package>/<path> rule in Flask.
    app.server.add_url_rule(app.config.routes_pathname_prefix + PLOTLY_PATH, "plotly_bundle", plotly_bundle)
    guard_requests(app, database)
    # LAST, after every callback (clientside ones included) is registered: the policy allows exactly the
    # inline scripts Dash writes into the page, by their hashes. Wire any new callbacks module in above.
    add_security_headers(app.server, content_security_policy(app))
    return app


def guard_requests(app: Dash, database: Database, limits: Mapping[str, int] = BODY_LIMITS) -> None:
    """Before Dash sees a request: the database opened if it can be, the body within its limit (413), and
    a callback body that Dash could not use refused with 400 and one sentence, rather than a 500."""
    callback_path = app.config.routes_pathname_prefix + CALLBACK

    @app.server.before_request
    def guard():
        database.try_open()
        request.max_content_length = limits.get(request.endpoint or "", BODY_LIMIT)
        if request.content_length is not None and request.content_length > request.max_content_length:
            raise RequestEntityTooLarge()  # refused from its Content-Length, before a byte is read
        if request.path == callback_path and request.method == "POST":
            if not request.is_json:
                return refusal("A callback must be sent as application/json.", 415)
            data = request.get_data(cache=True)
            # A body without Content-Length (chunked) is read up to the limit and no further: one that
            # reaches it is refused, never parsed cut short.
            if request.content_length is None and len(data) >= request.max_content_length:
                raise RequestEntityTooLarge()
            try:
                body = json.loads(data)
            except (ValueError, RecursionError):
                return refusal("The callback body is not JSON.", 400)
            problem = callback_problem(body, app.callback_map)
            if problem:
                return refusal(f"The callback body cannot be used: {problem}.", 400)
        return None

    @app.server.errorhandler(DependencyException)
    def no_such_script(_error):
        # Dash answers a script path it never registered with this exception, which would be a 500
        return refusal("There is no such file.", 404)

    @app.server.errorhandler(RequestEntityTooLarge)
    def too_large(_error):
        limit = request.max_content_length or BODY_LIMIT
        return refusal(f"The request is larger than this server accepts ({limit / MB:g} MB at most).", 413)


def refusal(message: str, status: int) -> tuple[Response, int]:
    """A short, plain answer to a request the server will not handle."""
    return jsonify(error=message), status


def _depth(value: object) -> int:
    """How deeply lists and objects nest in a JSON value (without recursion: the value may be hostile)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if level <= MAX_JSON_DEPTH:
                stack.extend((child, level + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def _pattern(spec_id: str) -> dict | None:
    """A pattern-matching id's dict (its wildcards as ["MATCH"] and the like), or None for a plain id."""
    return json.loads(spec_id) if spec_id.startswith("{") else None


def _item_problem(item: object, spec: dict, where: str) -> str | None:
    """Why one input, state or output item does not fit its declaration in the callback, or None."""
    pattern = _pattern(spec["id"])
    if pattern is not None and any(value in (["ALL"], ["ALLSMALLER"]) for value in pattern.values()):
        if not isinstance(item, list):
            return f"{where} must be a list"
        return next(filter(None, (_item_problem(one, {**spec, "id": json.dumps(
            {key: ["MATCH"] if isinstance(value, list) else value for key, value in pattern.items()})}, where)
            for one in item)), None)
    if not isinstance(item, dict) or item.get("property") != spec["property"]:
        return f"{where} must be an object with the property {spec['property']!r}"
    found = item.get("id")
    if pattern is None:
        return None if found == spec["id"] else f"{where} has the wrong id"
    if not isinstance(found, dict) or set(found) != set(pattern) or any(
            not isinstance(value, str | int | float | bool) or (not isinstance(pattern[key], list)
                                                                and value != pattern[key])
            for key, value in found.items()):
        return f"{where} has the wrong id"
    return None


def _items(count: int) -> str:
    return f"{count} item{'' if count == 1 else 's'}" if count else "nothing"


def callback_problem(body: object, callback_map: Mapping[str, dict]) -> str | None:
    """Why Dash could not run a callback from this body (in a few words), or None when it can."""
    if not isinstance(body, dict):
        return "it is not a JSON object"
    if _depth(body) > MAX_JSON_DEPTH:
        return "it is nested too deeply"
    output = body.get("output")
    callback = callback_map.get(output) if isinstance(output, str) else None
    if callback is None or "callback" not in callback:  # clientside callbacks never run here
        return "no such callback"
    outputs = callback["output"] if isinstance(callback["output"], list) else None
    declared_outputs = [{"id": str(o.component_id_str()), "property": o.component_property}
                        for o in (outputs or [callback["output"]])]
    if outputs is None:
        problem = _item_problem(body.get("outputs"), declared_outputs[0], "'outputs'")
    elif not isinstance(body.get("outputs"), list) or len(body["outputs"]) != len(declared_outputs):
        problem = f"'outputs' must list {_items(len(declared_outputs))}"
    else:
        problem = next(filter(None, (_item_problem(item, spec, "an output")
                                     for item, spec in zip(body["outputs"], declared_outputs, strict=True))), None)
    if problem:
        return problem
    for key, declared in (("inputs", callback["inputs"]), ("state", callback["state"])):
        items = body.get(key, [])
        if not isinstance(items, list) or len(items) != len(declared):
            return f"'{key}' must list {_items(len(declared))}"
        for item, spec in zip(items, declared, strict=True):
            problem = _item_problem(item, spec, f"an item of '{key}'")
            if problem:
                return problem
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(prop, str) for prop in changed):
        return "'changedPropIds' must be a list of strings"
    return None


def content_security_policy(app: Dash) -> str:
    """What the pages may load: only this server's own files, Dash's inline scripts by their hashes, inline
    styles (Plotly sets them) and data: images (the sparklines)."""
    policy = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *app.csp_hashes()],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in policy.items())


def add_security_headers(server: Flask, policy: str) -> None:
    """The same headers on every response: pages, callbacks, scripts, the health check and errors."""
    headers = {"Content-Security-Policy": policy, **SECURITY_HEADERS}

    @server.after_request
    def secure(response: Response) -> Response:
        response.headers.update(headers)
        return response


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

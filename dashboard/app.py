"""The application factory: one Dash app per call, its pages and callbacks registered on that instance."""

from __future__ import annotations

from pathlib import Path

from dash import Dash, html
from flask import jsonify
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
    app = Dash(
        __name__,
        title="Council Performance Dashboard",
        assets_folder=str(ASSETS),
        pages_folder="",  # no page auto-discovery: the router below is the one list of pages
        use_pages=False,
        serve_locally=True,  # council networks are often closed: no CDN
        compress=True,  # gzip for pages, scripts and callback answers
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
    return app


def make_cache(app: Dash, settings: Settings) -> Cache:
    """Redis when several workers or machines serve the app (DASHBOARD_CACHE_URL), else in-process."""
    if settings.cache_url:
        config = {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": settings.cache_url}
    else:
        config = {"CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": 500}
    return Cache(app.server, config={**config, "CACHE_DEFAULT_TIMEOUT": settings.cache_seconds,
                                     "CACHE_KEY_PREFIX": "council-dashboard:"})


def health(store: Store):
    """For load balancers and monitoring: 200 when the database answers, 503 when it does not."""
    try:
        return jsonify(status="ok", data_version=store.data_version())
    except SQLAlchemyError:
        return jsonify(status="unavailable", reason="the database does not answer"), 503

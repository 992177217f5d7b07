"""What the benchmarks and tooling scripts share: a fresh database, the demo served, Chromium's flags."""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from sqlalchemy import Engine, text

from data.db import make_engine, sqlite_url, upgrade


def fresh_engine(kind: str, folder: Path, postgres: str | None, name: str) -> Engine:
    """An empty, migrated SQLite file in `folder`, or an empty schema `name` on the PostgreSQL server."""
    if kind == "sqlite":
        engine = make_engine(sqlite_url(folder / f"{name}.sqlite3"))
    else:
        admin = make_engine(postgres)
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
            connection.execute(text(f"CREATE SCHEMA {name}"))
        admin.dispose()
        separator = "&" if "?" in postgres else "?"
        engine = make_engine(f"{postgres}{separator}options=-csearch_path%3D{name}")
    upgrade(engine)
    return engine


# Debian's Chromium, headless, as root, on a closed network (see DEVELOPERS.md).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]

# The three main pages at the demo council, as the browser benchmark and the README's screenshots show them.
PAGES = {
    "overview": "/?as_at=2008-12",
    "priority": "/priorities/children-and-young-people-safe-and-achieving?as_at=2008-12",
    "indicator": "/indicators/bv78a?as_at=2008-03",
}
# The scrutiny pages at the demo council (benchmarks/browser.py): the status grid with a theme filter, that
# theme's page and a directorate's page.
SCRUTINY_PAGES = {
    "grid": "/grid?theme=children-and-young-people&as_at=2008-12",
    "theme": "/themes/children-and-young-people?as_at=2008-12",
    "directorate": "/directorates/children-young-people-s-services?as_at=2008-12",
}


@contextmanager
def serve(wsgi_app) -> Iterator[str]:
    """A WSGI app on Werkzeug's threaded server (the development server's stack) on a free loopback port for
    the length of the block; yields its base URL."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, wsgi_app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


@contextmanager
def demo_server(cache_seconds: int | None = None, database_url: str | None = None) -> Iterator[str]:
    """The dashboard served on a free loopback port for the length of the block; yields its base URL. Without
    `database_url`, the demo council built into a temporary SQLite file; `cache_seconds=0` turns the page
    cache off (None: the default hour)."""
    from dashboard.app import create_app
    from dashboard.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(database_url=database_url or sqlite_url(Path(tmp) / "demo.sqlite3"),
                            seed_demo=database_url is None)
        if cache_seconds is not None:
            settings = replace(settings, cache_seconds=cache_seconds)
        with serve(create_app(settings).server) as base:
            yield base

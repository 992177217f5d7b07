"""What the benchmarks share: a fresh, migrated database of either kind."""

from __future__ import annotations

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

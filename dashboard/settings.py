"""Settings from the environment, with defaults that run on a laptop with nothing else installed."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from data.db import sqlite_url

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def default_instance_path() -> Path:
    """Where the embedded SQLite database lives unless told otherwise."""
    return Path(os.environ.get("DASHBOARD_INSTANCE_PATH") or PROJECT_ROOT / "instance")


def default_database_url() -> str:
    return sqlite_url(default_instance_path() / "dashboard.sqlite3")


@dataclass(frozen=True)
class Settings:
    """Everything the application reads from its environment."""

    database_url: str = field(default_factory=default_database_url)
    council_name: str = "Demo County Council"
    seed_demo: bool = True  # build the demo council into an empty database on first run
    cache_url: str | None = None  # redis://host:port/db when several workers or machines serve the app
    cache_seconds: int = 3600  # 0 turns the page cache off

    @classmethod
    def from_environment(cls, environ: dict[str, str] | None = None) -> Settings:
        environ = dict(os.environ if environ is None else environ)
        return cls(
            database_url=environ.get("DASHBOARD_DATABASE_URL") or default_database_url(),
            council_name=environ.get("DASHBOARD_COUNCIL_NAME") or cls.council_name,
            seed_demo=environ.get("DASHBOARD_SEED_DEMO", "yes").lower() not in ("0", "no", "false"),
            cache_url=environ.get("DASHBOARD_CACHE_URL") or None,
            cache_seconds=cache_seconds(environ.get("DASHBOARD_CACHE_SECONDS")),
        )


def cache_seconds(value: str | None) -> int:
    """DASHBOARD_CACHE_SECONDS: how long a drawn page is kept (0 = no page cache); unset or blank, an hour."""
    if value is None or not value.strip():
        return Settings.cache_seconds
    try:
        seconds = int(value.strip())
    except ValueError:
        seconds = -1
    if seconds < 0:
        raise ValueError(f"DASHBOARD_CACHE_SECONDS must be a whole number of seconds, 0 to turn the page cache "
                         f"off; it is {value[:40]!r}.")
    return seconds

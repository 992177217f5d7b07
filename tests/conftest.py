"""Fixtures: a fresh database per test on SQLite and, where a server is given, PostgreSQL; the demo council.

PostgreSQL tests run when DASHBOARD_TEST_POSTGRES_URL names a server whose user may create schemas; each
kind of database gets a schema of its own. With DASHBOARD_TEST_REQUIRE_ALL=1 (as in CI), a missing
server fails the run instead of skipping."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from data.db import make_engine, sqlite_url, upgrade
from data.demo import build_demo
from data.models import Base
from data.store import Store

POSTGRES_URL = os.environ.get("DASHBOARD_TEST_POSTGRES_URL")
REQUIRE_ALL = os.environ.get("DASHBOARD_TEST_REQUIRE_ALL") == "1"
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def skip_or_fail(reason: str) -> None:
    """Skip with a reason locally; fail where every test must run (CI)."""
    if REQUIRE_ALL:
        pytest.fail(f"{reason} (DASHBOARD_TEST_REQUIRE_ALL=1: nothing may be skipped)")
    pytest.skip(reason)


def postgres_schema_url(schema: str) -> str:
    """The test server's URL with `schema` first on the search path (created if need be)."""
    if not POSTGRES_URL:
        skip_or_fail("no PostgreSQL server: set DASHBOARD_TEST_POSTGRES_URL to run these tests on PostgreSQL")
    admin = make_engine(POSTGRES_URL)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    finally:
        admin.dispose()
    separator = "&" if "?" in POSTGRES_URL else "?"
    return f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """A migrated, empty SQLite file, copied for each test (faster than migrating every time)."""
    path = tmp_path_factory.mktemp("template") / "empty.sqlite3"
    engine = make_engine(sqlite_url(path))
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgresql_empty() -> Iterator[Engine]:
    engine = make_engine(postgres_schema_url(f"test_empty_{uuid.uuid4().hex[:8]}"))
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def engine(request, tmp_path, sqlite_template) -> Iterator[Engine]:
    """An empty, migrated database of each kind, fresh for every test."""
    if request.param == "sqlite":
        path = tmp_path / "test.sqlite3"
        shutil.copy(sqlite_template, path)
        fresh = make_engine(sqlite_url(path))
        yield fresh
        fresh.dispose()
        return
    fresh = request.getfixturevalue("postgresql_empty")
    tables = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    with fresh.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    yield fresh


@pytest.fixture
def store(engine) -> Store:
    return Store(engine)


@pytest.fixture(scope="session")
def demo_sqlite(tmp_path_factory) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    demo = Store.open(sqlite_url(path))
    build_demo(demo.engine)
    yield demo
    demo.engine.dispose()


@pytest.fixture(scope="session")
def demo_postgresql() -> Iterator[Store]:
    demo = Store.open(postgres_schema_url(f"test_demo_{uuid.uuid4().hex[:8]}"))
    build_demo(demo.engine)
    yield demo
    demo.engine.dispose()


@pytest.fixture(params=BACKENDS)
def demo(request) -> Store:
    """The demo council, loaded once per kind of database; tests must not change it."""
    return request.getfixturevalue(f"demo_{request.param}")

"""Fixtures: a fresh database per test on SQLite and, where a server is given, PostgreSQL; the demo council.

PostgreSQL tests run when DASHBOARD_TEST_POSTGRES_URL names a server whose user may create schemas; each
kind of database gets a schema of its own. With DASHBOARD_TEST_REQUIRE_ALL=1 (as in CI), a missing
server fails the run instead of skipping.

Tests that start a process, drive Chromium, use PostgreSQL or search with hypothesis are marked `slow` as they
are collected, so that `pytest -m "not slow"` is a quick loop while changing code."""

from __future__ import annotations

import inspect
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import CodeType

import pytest
from sqlalchemy import Engine, text

from data.db import make_engine, sqlite_url, upgrade
from data.demo import build_demo
from data.models import Base
from data.store import Store

pytest_plugins = ["pytester"]  # tests/test_architecture.py collects small suites to check the `slow` marking

POSTGRES_URL = os.environ.get("DASHBOARD_TEST_POSTGRES_URL")
REQUIRE_ALL = os.environ.get("DASHBOARD_TEST_REQUIRE_ALL") == "1"
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
TESTS = Path(__file__).resolve().parent
# What makes a test slow, by the module or the conftest helper its code (or a fixture's, or a helper's) uses.
SLOW_USES = {
    "subprocess": "starts a process (the command line or a server)",
    "playwright": "drives Chromium",
    "postgres_schema_url": "uses PostgreSQL",
}


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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark `slow` whatever the quick loop (`pytest -m "not slow"`) leaves out; see `slow_reason`."""
    for item in items:
        reason = slow_reason(item)
        if reason and not item.get_closest_marker("slow"):
            item.add_marker(pytest.mark.slow(reason=reason))


def slow_reason(item: pytest.Item) -> str | None:
    """Why `item` is slow, or None: it runs on PostgreSQL, is a hypothesis search, or its code, a fixture's or
    a helper's in the test suite starts a process, drives Chromium or opens a PostgreSQL schema.

    Found from the code rather than from a list of modules, so that a new test is marked without being listed."""
    if item.get_closest_marker("postgres"):
        return SLOW_USES["postgres_schema_url"]
    function = getattr(item, "obj", None)
    if getattr(function, "is_hypothesis_test", False):
        return "searches for counter-examples with hypothesis"
    home = {TESTS, Path(str(item.path)).resolve().parent}
    seen: set[CodeType] = set()
    fixtures = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {})
    functions = [function] + [definition.func for definitions in fixtures.values() for definition in definitions]
    return next((reason for f in functions if f is not None and (reason := _uses_slow(f, home, seen))), None)


def _uses_slow(function: Callable, home: set[Path], seen: set[CodeType]) -> str | None:
    """What slow thing `function` uses, directly or through functions and classes of the test suite's own."""
    code = getattr(inspect.unwrap(function), "__code__", None)
    if code is None or code in seen:
        return None
    seen.add(code)
    names, codes = set(), [code]
    while codes:  # nested functions and comprehensions have code of their own
        current = codes.pop()
        names.update(current.co_names)
        codes += [constant for constant in current.co_consts if isinstance(constant, CodeType)]
    namespace = getattr(inspect.unwrap(function), "__globals__", {})
    for name in sorted(names):
        value = namespace.get(name)
        used = (value.__name__ if inspect.ismodule(value) else getattr(value, "__module__", None)) or name
        for part in (name.split(".")[0], name, str(used).split(".")[0]):
            if part in SLOW_USES:
                return SLOW_USES[part]
        for helper in _own_callables(value, home):
            if reason := _uses_slow(helper, home, seen):
                return reason
    return None


def _own_callables(value: object, home: set[Path]) -> list[Callable]:
    """`value` if it is a function of the test suite's own; a class's methods if it is one of its classes."""
    if inspect.isclass(value):
        methods = [m for m in vars(value).values() if inspect.isfunction(m)]
        return [m for m in methods if Path(m.__code__.co_filename).resolve().parent in home]
    code = getattr(inspect.unwrap(value), "__code__", None) if callable(value) else None
    return [value] if code is not None and Path(code.co_filename).resolve().parent in home else []


# --- the browser tests' app and Chromium (Debian's, never downloaded) -----------------------------------------

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


@pytest.fixture(scope="module")
def live_server(demo_sqlite) -> Iterator[str]:
    """The app served on a free loopback port for the length of the module."""
    import threading

    from werkzeug.serving import make_server

    from dashboard.app import create_app
    from dashboard.settings import Settings

    app = create_app(Settings(seed_demo=False), demo_sqlite)
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, for the length of the module."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("Playwright is not installed: pip install -e '.[test]'")
    if not os.path.exists(CHROMIUM):
        skip_or_fail("Chromium is not installed: apt-get install chromium chromium-driver")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


# axe-core's rule sets for WCAG 2.2 AA, as every browser test runs them
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@contextmanager
def recording_page(browser, width: int = 1280, height: int = 900):
    """A fresh page in a context of its own, at `width` x `height`, that records every console error and
    uncaught exception in `page.errors`; the context is closed after."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB")
    opened = context.new_page()
    opened.errors = []
    opened.on("console", lambda message: message.type == "error" and opened.errors.append(message.text))
    opened.on("pageerror", lambda error: opened.errors.append(str(error)))
    opened.set_default_timeout(20_000)
    try:
        yield opened
    finally:
        context.close()

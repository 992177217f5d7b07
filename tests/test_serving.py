"""Production serving: gunicorn with several workers, the health endpoint, compression, and the page cache
(in-process, and Redis when DASHBOARD_TEST_REDIS_URL names a server)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import skip_or_fail
from dash_requests import request_body
from helpers import VALUES_HEADER, csv_bytes

from callbacks import router
from callbacks.page_cache import ASKED, ASKED_LIMIT, PageCache
from callbacks.router import parse_route, view_key
from dashboard.app import create_app, health, open_store
from dashboard.settings import Settings
from data.db import make_engine, sqlite_url
from data.importer import load_file
from data.store import Store

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("DASHBOARD_TEST_REDIS_URL")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_health_says_ok_with_the_data_version(demo_sqlite):
    client = create_app(Settings(seed_demo=False), demo_sqlite).server.test_client()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "data_version": demo_sqlite.data_version()}


def test_health_says_unavailable_when_the_database_does_not_answer(demo_sqlite):
    app = create_app(Settings(seed_demo=False), demo_sqlite)
    broken = Store(make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none"))
    app.server.view_functions["healthz"] = lambda: health(broken)
    response = app.server.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "unavailable"


def test_pages_and_callback_answers_are_compressed(demo_sqlite):
    client = create_app(Settings(seed_demo=False), demo_sqlite).server.test_client()
    page = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert page.headers.get("Content-Encoding") == "gzip"
    answer = client.post("/_dash-update-component", json=request_body("/", ""), headers={"Accept-Encoding": "gzip"})
    assert answer.headers.get("Content-Encoding") == "gzip"


def _count_renders(monkeypatch) -> list:
    calls = []
    real = router.render

    def counting(*args, **kwargs):
        calls.append(args[1:])
        return real(*args, **kwargs)

    monkeypatch.setattr(router, "render", counting)
    return calls


def _renders_over_three_calls(settings: Settings, tmp_path, monkeypatch) -> tuple[list[int], str]:
    """Ask for one page twice, correct one of its figures, ask again: how many times it was drawn after each
    call, and the last answer."""
    store = open_store(Settings(database_url=sqlite_url(tmp_path / "council.sqlite3")))  # the demo council
    client = create_app(settings, store).server.test_client()
    calls = _count_renders(monkeypatch)
    body = request_body("/indicators/bv78a", "?as_at=2008-03")
    drawn = []
    for call in range(3):
        if call == 2:
            load_file(store.engine, csv_bytes(VALUES_HEADER, [["BV78a", "Mar 2008", "99", "26", "Re-counted", ""]]),
                      filename="correction.csv")
        answer = client.post("/_dash-update-component", json=body).get_json()
        drawn.append(len(calls))
    return drawn, json.dumps(answer)


def test_the_in_process_cache_never_serves_a_stale_page(tmp_path, monkeypatch):
    drawn, last = _renders_over_three_calls(Settings(), tmp_path, monkeypatch)
    assert drawn == [1, 1, 2]  # the second answer came from the cache; the data changed, so drawn again
    assert "99 days" in last


def test_the_redis_cache_never_serves_a_stale_page(tmp_path, monkeypatch):
    if not REDIS_URL:
        skip_or_fail("no Redis server: set DASHBOARD_TEST_REDIS_URL to run the shared-cache test")
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    client.ping()
    before = len(client.keys("council-dashboard:*"))
    drawn, last = _renders_over_three_calls(Settings(cache_url=REDIS_URL), tmp_path, monkeypatch)
    assert drawn == [1, 1, 2]
    assert "99 days" in last
    assert len(client.keys("council-dashboard:*")) >= before + 2  # both versions of the page are in Redis


def test_a_page_cache_that_cannot_be_reached_only_costs_the_cache(demo_sqlite, caplog):
    """Redis down (here: nothing listens on its port): every page is drawn and answered, never a 500."""
    app = create_app(Settings(seed_demo=False, cache_url=f"redis://127.0.0.1:{free_port()}/0"), demo_sqlite)
    client = app.server.test_client()
    for pathname, search in (("/", ""), ("/indicators/bv78a", "?as_at=2008-12"), ("/", "")):
        response = client.post("/_dash-update-component", json=request_body(pathname, search))
        assert response.status_code == 200, pathname
        assert "as at" in json.dumps(response.get_json())
    assert "Cannot read the page cache" in caplog.text


CHILDREN = "children-and-young-people-safe-and-achieving"
# the views a test asks for, and how often: after an import the two most asked are drawn again unasked
ASKED_VIEWS = [(("/indicators/bv78a", ""), 3), (("/", ""), 2), (("/", "?as_at=2008-12"), 1),
               ((f"/priorities/{CHILDREN}", "?as_at=2008-11"), 1), (("/no/such/page", ""), 5)]


def _warm_up_after_an_import(settings: Settings, tmp_path, monkeypatch) -> tuple[PageCache, str, list, object]:
    """Ask for some views (counted), import a correction, ask for one other page (which sees the new data
    version): the page cache, the new version, what was drawn meanwhile (after the warm-up has run) and the
    test client."""
    store = open_store(Settings(database_url=sqlite_url(tmp_path / "council.sqlite3")))  # the demo council
    app = create_app(settings, store)
    pages: PageCache = app.server.extensions["page_cache"]
    pages.top = 2
    client = app.server.test_client()
    for (pathname, search), times in ASKED_VIEWS:
        for _ in range(times):
            assert client.post("/_dash-update-component", json=request_body(pathname, search)).status_code == 200
    pages.wait()
    load_file(store.engine, csv_bytes(VALUES_HEADER, [["BV78a", "Mar 2008", "99", "26", "Re-counted", ""]]),
              filename="correction.csv")
    calls = _count_renders(monkeypatch)
    client.get("/_dash-layout", headers={"Referer": "http://localhost/indicators/bv12"})  # sees the import
    pages.wait()
    return pages, store.data_version(), calls, client


def _cached(pages: PageCache, version: str, pathname: str, search: str = "") -> bool:
    return pages.holds(version, "page", view_key(parse_route(pathname, search, pages.store.months())))


def _assert_warmed(pages: PageCache, version: str, calls: list) -> None:
    # the two views most asked for (/ and /?as_at=2008-12 are one: asked three times) are drawn unasked;
    # the page not found is never counted, and the priority's page is third
    assert sorted(calls) == [("/", ""), ("/indicators/bv12", ""), ("/indicators/bv78a", "")]
    assert _cached(pages, version, "/indicators/bv78a")
    assert _cached(pages, version, "/", "?as_at=2008-12")
    assert not _cached(pages, version, f"/priorities/{CHILDREN}", "?as_at=2008-11")


def test_after_an_import_the_pages_most_asked_for_are_drawn_before_they_are_asked(tmp_path, monkeypatch):
    pages, version, calls, client = _warm_up_after_an_import(Settings(), tmp_path, monkeypatch)
    _assert_warmed(pages, version, calls)
    drawn = len(calls)
    for pathname, search in (("/indicators/bv78a", ""), ("/", ""), ("/", "?as_at=2008-12")):
        assert client.post("/_dash-update-component", json=request_body(pathname, search)).status_code == 200
    assert len(calls) == drawn  # the first visitors after the import found them drawn


def test_the_warm_up_works_through_redis(tmp_path, monkeypatch):
    if not REDIS_URL:
        skip_or_fail("no Redis server: set DASHBOARD_TEST_REDIS_URL to run the shared-cache test")
    pages, version, calls, _client = _warm_up_after_an_import(Settings(cache_url=REDIS_URL), tmp_path, monkeypatch)
    _assert_warmed(pages, version, calls)
    assert pages.cache.cache.__class__.__name__ == "RedisCache"


def test_with_the_cache_off_every_page_is_drawn_and_nothing_is_counted(tmp_path, monkeypatch):
    drawn, last = _renders_over_three_calls(Settings(cache_seconds=0), tmp_path, monkeypatch)
    assert drawn == [1, 2, 3]
    assert "99 days" in last


def test_the_latest_month_named_or_not_is_one_page_in_the_cache(demo_sqlite, monkeypatch):
    app = create_app(Settings(seed_demo=False), demo_sqlite)
    client = app.server.test_client()
    calls = _count_renders(monkeypatch)
    for search in ("", "?as_at=2008-12", "?as_at=2008-12&from=email"):
        client.post("/_dash-update-component", json=request_body("/", search))
    client.get("/_dash-layout", headers={"Referer": "http://localhost/?as_at=2008-12"})
    assert len(calls) == 1
    answer = client.post("/_dash-update-component", json=request_body("/", "?as_at=soon")).get_json()
    assert len(calls) == 2  # a month that cannot be used: the same figures, but with a notice
    assert "'soon' is not a month we can report at" in json.dumps(answer)


def test_the_count_of_views_asked_for_stays_small():
    cache = _simple_cache()
    pages = PageCache(cache, Store(make_engine("sqlite://", create=False)))
    for number in range(ASKED_LIMIT + 1):
        pages.asked((f"/indicators/i{number}", ""))
    pages.asked(("/", ""))
    counts = cache.get(ASKED)
    assert len(counts) <= ASKED_LIMIT
    assert pages.most_asked()[0] == ("/", "")


def _simple_cache():
    from flask import Flask
    from flask_caching import Cache

    return Cache(Flask(__name__), config={"CACHE_TYPE": "SimpleCache"})


@pytest.mark.parametrize(("value", "seconds"), [
    (None, 3600), ("", 3600), ("  ", 3600), ("0", 0), ("60", 60), (" 5 ", 5), ("86400", 86400),
    ("-1", ValueError), ("soon", ValueError), ("1.5", ValueError), ("1e3", ValueError),
])
def test_the_cache_seconds_from_the_environment(value, seconds):
    environ = {} if value is None else {"DASHBOARD_CACHE_SECONDS": value}
    if seconds is ValueError:
        with pytest.raises(ValueError, match="DASHBOARD_CACHE_SECONDS must be a whole number of seconds"):
            Settings.from_environment(environ)
    else:
        assert Settings.from_environment(environ).cache_seconds == seconds


@contextmanager
def gunicorn_server(database_url: str, workers: int = 2, wait_for: int | None = 200) -> Iterator[tuple[str, list[str]]]:
    """gunicorn serving the app on a free port, as `gunicorn dashboard.wsgi:server` would in production: its
    address, and the lines it wrote so far (stdout and stderr), read as they come. Waits for /healthz to
    answer `wait_for` (any answer if None)."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DASHBOARD_DATABASE_URL": database_url}
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen([str(gunicorn), "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
                               "--no-control-socket", "dashboard.wsgi:server"],
                              env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(iter(server.stdout.readline, "")), daemon=True)
    reader.start()
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            if server.poll() is not None:
                break
            try:
                status = health_status(base)
            except OSError:
                time.sleep(0.2)
                continue
            if wait_for is None or status == wait_for:
                break
            time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not answer as expected:\n" + "".join(output))
        yield base, output
    finally:
        server.terminate()
        server.wait(timeout=30)
        reader.join(timeout=10)


def health_status(base: str) -> int:
    """The status of the app's health check."""
    try:
        with urllib.request.urlopen(base + "/healthz", timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_gunicorn_serves_the_app_with_several_workers(tmp_path):
    url = sqlite_url(tmp_path / f"{uuid.uuid4().hex}.sqlite3")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DASHBOARD_DATABASE_URL": url}
    # the demo is built once, before the workers start, as a deployment would
    subprocess.run([sys.executable, "-m", "dashboard", "demo"], env=env, cwd=ROOT, check=True, capture_output=True)
    with gunicorn_server(url) as (base, _output):
        with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
            assert json.load(response)["status"] == "ok"
        request = urllib.request.Request(base + "/_dash-update-component",
                                         data=json.dumps(request_body("/", "")).encode(),
                                         headers={"Content-Type": "application/json"})
        for _ in range(4):  # spread over the workers
            with urllib.request.urlopen(request, timeout=60) as response:
                assert "How the council is doing" in response.read().decode()

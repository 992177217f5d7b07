"""When the database fails: the health check says why (503), pages say the figures cannot be read (never a
500 or a blank page, and never cached), nothing is re-created or re-seeded behind the council's back, and
the app recovers by itself when the database comes back. Under gunicorn too."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import postgres_schema_url
from dash_requests import request_body, section_request_body
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from test_serving import ROOT, free_port, gunicorn_server, health_status

import dashboard.app as app_module
from callbacks.router import DATABASE_DOWN
from dashboard.app import create_app
from dashboard.settings import Settings
from data.db import head_revision, make_engine, schema_revision, sqlite_url
from data.store import Store
from layouts import ids

PAGE = request_body("/indicators/bv78a", "?as_at=2008-03")
SECTION = section_request_body("figures", 1, "/indicators/bv78a", "?as_at=2008-03")


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite database, through SQLite's backup (nothing left behind in a WAL)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    source_connection, target_connection = sqlite3.connect(source), sqlite3.connect(target)
    source_connection.backup(target_connection)
    source_connection.close()
    target_connection.close()


def demo_path(demo_sqlite: Store) -> Path:
    return Path(demo_sqlite.engine.url.database)


def page_text(client) -> str:
    """The page the router draws for PAGE, as the browser asks for it."""
    response = client.post("/_dash-update-component", json=PAGE)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return json.dumps(response.get_json()["response"][ids.PAGE]["children"], sort_keys=True)


def health(client) -> tuple[int, dict]:
    response = client.get("/healthz")
    return response.status_code, response.get_json()


# faults, by what happened to the file ---------------------------------------------------------------------

def delete(path: Path) -> None:
    path.unlink()


def empty(path: Path) -> None:
    path.unlink()
    path.write_bytes(b"")


def another_database(path: Path) -> None:
    path.unlink()
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE minutes (id INTEGER PRIMARY KEY, text TEXT)")
    other.close()


def not_a_database(path: Path) -> None:
    path.unlink()
    path.write_bytes(b"This is a spreadsheet, honest.\n" * 200)


def older_schema(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0000'")
    connection.close()


def assert_pages_say_the_figures_cannot_be_read(client) -> None:
    """A page and an on-demand section both give the notice (with 200: never an error)."""
    assert DATABASE_DOWN in page_text(client)
    section = client.post("/_dash-update-component", json=SECTION)
    assert section.status_code == 200 and DATABASE_DOWN in section.get_data(as_text=True)


@pytest.mark.parametrize(("fault", "reason", "pages_break"), [
    (delete, "the database file is missing", True),
    (empty, "the database holds none of the dashboard's tables", True),
    (another_database, "the database holds none of the dashboard's tables", True),
    (not_a_database, "the database does not answer", True),
    (older_schema, f"the database's schema is at 0000; this version of the app needs {head_revision()}", False),
])
def test_a_database_file_that_goes_wrong_while_serving(demo_sqlite, tmp_path, fault, reason, pages_break):
    path = tmp_path / "council.sqlite3"
    copy_database(demo_path(demo_sqlite), path)
    # seeding allowed, the page cache on: neither may hide or paper over the fault
    client = create_app(Settings(database_url=sqlite_url(path), seed_demo=True)).server.test_client()
    assert health(client)[0] == 200
    good = page_text(client)
    assert "Latest: Mar 2008" in good

    fault(path)
    before = path.read_bytes() if path.exists() else None
    assert health(client) == (503, {"status": "unavailable", "reason": reason})
    if pages_break:
        assert_pages_say_the_figures_cannot_be_read(client)
    # nothing was created, migrated or seeded in its place
    assert (path.read_bytes() if path.exists() else None) == before

    path.unlink(missing_ok=True)
    copy_database(demo_path(demo_sqlite), path)  # the council restores its backup: no restart needed
    assert health(client)[0] == 200
    assert page_text(client) == good  # and the notice was never cached in its place


def test_the_notice_is_never_cached(demo_sqlite, tmp_path):
    path = tmp_path / "council.sqlite3"
    copy_database(demo_path(demo_sqlite), path)
    client = create_app(Settings(database_url=sqlite_url(path))).server.test_client()
    path.rename(tmp_path / "aside.sqlite3")
    assert DATABASE_DOWN in page_text(client)  # the first time this page is asked for: a notice
    (tmp_path / "aside.sqlite3").rename(path)
    assert "Latest: Mar 2008" in page_text(client)


def test_a_sqlite_file_is_opened_read_write_only_once_it_exists(tmp_path):
    path = tmp_path / "nowhere" / "council.sqlite3"
    engine = make_engine(sqlite_url(path), create=False)
    with pytest.raises(Exception, match="unable to open database file"):
        engine.connect()
    assert not path.exists() and not path.parent.exists()
    created = make_engine(sqlite_url(path))  # the first run creates it
    assert path.exists()
    path.unlink()
    with pytest.raises(Exception, match="unable to open database file"):
        created.connect()  # ... and never again
    assert not path.exists()


# a database that does not answer at start-up --------------------------------------------------------------

def blocked_url(tmp_path: Path) -> tuple[str, Path]:
    """A SQLite URL that cannot be opened at start-up: its folder is a file. And where the file belongs."""
    (tmp_path / "instance").write_text("not a folder")
    path = tmp_path / "instance" / "council.sqlite3"
    return sqlite_url(path), path


def unblock(tmp_path: Path) -> None:
    (tmp_path / "instance").unlink()
    (tmp_path / "instance").mkdir()


def assert_one_line_says_it_cannot_use(said: str, url: str) -> None:
    """What the server wrote says once, in one line, that it cannot use the database at `url`."""
    cannot = [line for line in said.splitlines() if line.startswith("Cannot use the database at ")]
    assert len(cannot) == 1, said
    assert cannot[0].startswith(f"Cannot use the database at {url}: ")
    assert cannot[0].endswith("Serving a notice until it answers.")


def test_a_database_that_does_not_answer_at_start_is_one_line_then_a_notice_until_it_does(
        demo_sqlite, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(app_module, "RETRY_SECONDS", 0)
    url, path = blocked_url(tmp_path)
    client = create_app(Settings(database_url=url, seed_demo=True)).server.test_client()
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1  # that line and nothing else
    assert_one_line_says_it_cannot_use(err, url)
    assert health(client) == (503, {"status": "unavailable", "reason": "the database file is missing"})
    assert DATABASE_DOWN in page_text(client)
    assert not path.parent.is_dir()

    unblock(tmp_path)
    assert health(client)[0] == 503  # a folder alone is not a database: no request creates the file
    assert not path.exists()
    copy_database(demo_path(demo_sqlite), path)  # e.g. the council restores its backup
    assert health(client)[0] == 200
    assert "Latest: Mar 2008" in page_text(client)
    assert "answers: serving the dashboard" in capsys.readouterr().err


def test_a_database_that_comes_back_empty_is_migrated_but_never_given_the_demo(tmp_path, monkeypatch):
    monkeypatch.setattr(app_module, "RETRY_SECONDS", 0)
    url, path = blocked_url(tmp_path)
    client = create_app(Settings(database_url=url, seed_demo=True)).server.test_client()
    unblock(tmp_path)
    path.write_bytes(b"")  # an empty database where the file belongs
    assert health(client)[0] == 200
    assert "No figures yet" in page_text(client)
    assert Store(make_engine(url)).is_empty()  # not the demo council


def test_while_the_database_does_not_answer_it_is_tried_again_only_every_few_seconds(tmp_path, monkeypatch):
    monkeypatch.setattr(app_module, "RETRY_SECONDS", 3600)
    tries = []

    def upgrade(engine):
        tries.append(engine)
        raise OperationalError("SELECT 1", {}, Exception("the server is down"))

    monkeypatch.setattr(app_module, "upgrade", upgrade)
    url, _path = blocked_url(tmp_path)
    client = create_app(Settings(database_url=url)).server.test_client()
    for _ in range(3):
        assert health(client)[0] == 503
    assert len(tries) == 1


def test_the_start_up_line_never_shows_the_password(tmp_path, capsys):
    url = f"postgresql+psycopg://council:s3cret@127.0.0.1:{free_port()}/council"  # nothing listens there
    client = create_app(Settings(database_url=url)).server.test_client()
    err = capsys.readouterr().err
    assert "s3cret" not in err
    assert err.startswith("Cannot use the database at postgresql+psycopg://council:***@127.0.0.1:")
    assert err.count("\n") == 1
    assert health(client) == (503, {"status": "unavailable", "reason": "the database does not answer"})
    assert DATABASE_DOWN in page_text(client)


@pytest.mark.postgres
def test_a_postgresql_schema_emptied_while_serving_is_not_re_created(tmp_path):
    url = postgres_schema_url("test_faults_emptied")
    schema = "test_faults_emptied"
    Store.open(url)
    client = create_app(Settings(database_url=url, seed_demo=False)).server.test_client()
    assert health(client)[0] == 200
    admin = make_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    assert health(client) == (503, {"status": "unavailable",
                                    "reason": "the database holds none of the dashboard's tables"})
    assert DATABASE_DOWN in page_text(client)
    assert schema_revision(admin) is None  # no request put the tables back
    Store.open(url)  # the operator migrates it (any command line does)
    assert health(client)[0] == 200
    admin.dispose()


# under gunicorn -------------------------------------------------------------------------------------------

def post(base: str, body: dict) -> str:
    request = urllib.request.Request(base + "/_dash-update-component", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 200
        return response.read().decode()


def wait_for_health(base: str, status: int) -> None:
    """Until the health check answers `status` (a database that did not answer is tried every 5 s)."""
    for _ in range(100):
        if health_status(base) == status:
            return
        time.sleep(0.2)
    pytest.fail(f"the health check never answered {status}")


def test_gunicorn_serves_a_notice_until_the_database_answers_and_never_creates_it(demo_sqlite, tmp_path):
    url, path = blocked_url(tmp_path)
    # one worker, so that the one that could not open the database is the one that must recover
    with gunicorn_server(url, workers=1, wait_for=503) as (base, output):
        assert DATABASE_DOWN in post(base, PAGE)
        unblock(tmp_path)
        assert health_status(base) == 503 and not path.exists()  # no request creates the file
        copy_database(demo_path(demo_sqlite), path)
        wait_for_health(base, 200)  # without a restart
        assert "Latest: Mar 2008" in post(base, PAGE)
        path.rename(tmp_path / "aside.sqlite3")  # deleted while serving
        assert health_status(base) == 503
        assert DATABASE_DOWN in post(base, PAGE)
        assert not path.exists()
        (tmp_path / "aside.sqlite3").rename(path)
        assert health_status(base) == 200
        assert "Latest: Mar 2008" in post(base, PAGE)
    said = "".join(output)
    assert "Traceback" not in said
    assert_one_line_says_it_cannot_use(said, url)


def test_gunicorn_stops_with_one_line_when_the_database_url_cannot_be_used(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DASHBOARD_DATABASE_URL": "nosuchdb://council:s3cret@host/db"}
    gunicorn = Path(sys.executable).parent / "gunicorn"
    finished = subprocess.run([str(gunicorn), "--workers", "1", "--bind", f"127.0.0.1:{free_port()}",
                               "--no-control-socket", "dashboard.wsgi:server"],
                              env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert finished.returncode != 0
    said = finished.stdout + finished.stderr
    assert "Traceback" not in said and "s3cret" not in said
    assert "Cannot use the database at nosuchdb://council:***@host/db: Can't load plugin" in said

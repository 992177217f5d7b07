"""Junk thrown at the router as the browser would send it (`POST /_dash-update-component`): any pathname and
query string, however long, strange or malicious, gives a page (a notice or a not-found page), never a 500,
and reading never changes the database."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path
from urllib.parse import quote

import pytest
from dash_requests import request_body, section_request_body
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.app import create_app
from dashboard.settings import Settings
from layouts import ids

PERIODS = ["9999-12", "0000-00", "1800-01", "2008-12", "2007-03", "1990-04", "2099-12", "2100-01", "1989-12",
           "2008-13", "Dec 2008", "Q3 2007/08", "2007/08", "-1", "1e9", "NaN", "", "%00", "<script>", "2008-12\x00"]
ANY_TEXT = st.text(max_size=300)  # every plane of unicode, control characters included
LONG_TEXT = st.text(alphabet=st.characters(codec="utf-8"), min_size=1000, max_size=6000)
PERCENT = st.binary(max_size=200).map(lambda raw: quote(raw, safe=""))

pathnames = st.one_of(
    ANY_TEXT, LONG_TEXT, PERCENT,
    st.tuples(st.sampled_from(["/", "/priorities/", "/indicators/", "//", "/indicators/bv78a/"]),
              st.one_of(ANY_TEXT, PERCENT, st.sampled_from(["bv78a", "BV78A", "..", "../..", "bv78a?x=1"])))
    .map("".join),
    st.none(), st.integers(), st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.none()),
)
as_at = st.one_of(st.sampled_from(PERIODS), ANY_TEXT, PERCENT)
searches = st.one_of(
    ANY_TEXT, LONG_TEXT, PERCENT,
    as_at.map(lambda value: "?as_at=" + value),
    st.lists(as_at, min_size=2, max_size=6).map(lambda values: "?" + "&".join(f"as_at={v}" for v in values)),
    st.lists(st.tuples(ANY_TEXT, ANY_TEXT), max_size=5).map(lambda pairs: "?" + "&".join(f"{k}={v}" for k, v in pairs)),
    st.none(), st.integers(), st.booleans(),
)


def digest(path: Path) -> str:
    """Everything in the database, row by row."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return hashlib.sha256("\n".join(connection.iterdump()).encode()).hexdigest()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def database(demo_sqlite, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "council.sqlite3"
    source, target = sqlite3.connect(demo_sqlite.engine.url.database), sqlite3.connect(path)
    source.backup(target)
    source.close()
    target.close()
    return path


@pytest.fixture(scope="module")
def client(database):
    before = digest(database)
    # the page cache off: every junk URL is drawn, not answered from memory
    app = create_app(Settings(database_url=f"sqlite+pysqlite:///{database}", seed_demo=False, cache_seconds=0))
    yield app.server.test_client()
    assert digest(database) == before  # nothing any request did changed a row


@settings(max_examples=60, deadline=None, database=None)
@given(pathname=pathnames, search=searches)
def test_any_url_gives_a_page_never_an_error(client, pathname, search):
    response = client.post("/_dash-update-component", json=request_body(pathname, search))
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    shown = response.get_json()["response"]
    page = json.dumps(shown[ids.PAGE]["children"])
    assert '"type": "H1"' in page  # a page with its heading: the view, a notice above it, or "not found"
    assert shown[ids.TITLE]["data"].endswith("– Council Performance Dashboard")
    if ids.URL in shown:  # the month shown goes into the URL, and nothing else
        assert shown[ids.URL]["search"] in {f"?as_at={m['props']['value']}" for m in shown[ids.AS_AT]["children"]}


@settings(max_examples=25, deadline=None, database=None)
@given(name=st.one_of(st.sampled_from(["figures", "basket"]), ANY_TEXT), pathname=pathnames, search=searches)
def test_any_section_request_gives_a_table_or_a_notice(client, name, pathname, search):
    response = client.post("/_dash-update-component", json=section_request_body(name, 1, pathname, search))
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    body = response.get_data(as_text=True)
    assert any(words in body for words in ("This table could not be drawn", "Every figure, newest first",
                                           "The basket as a table"))

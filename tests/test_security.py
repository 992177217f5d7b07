"""What the server sends about itself and what it accepts: security headers on every kind of response, a
content security policy that names every inline script Dash writes (and that Chromium enforces without a
violation), no server banner from werkzeug or gunicorn, request bodies within a limit, and callback bodies
Dash could not use refused with 400, never a 500."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import skip_or_fail
from dash import ALL, ALLSMALLER, MATCH, Dash, Input, Output, State, html
from dash_requests import request_body, section_request_body
from test_serving import ROOT, free_port, gunicorn_server
from werkzeug.serving import make_server

from dashboard.app import create_app
from dashboard.guards import BODY_LIMIT, MAX_JSON_DEPTH, callback_problem
from dashboard.settings import Settings
from data.db import sqlite_url
from layouts import ids

HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin", "X-Frame-Options": "DENY"}
POLICY = ["default-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:", "object-src 'none'",
          "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'"]
GOOD = request_body("/", "")


@pytest.fixture(scope="module")
def app(demo_sqlite):
    return create_app(Settings(seed_demo=False), demo_sqlite)


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


def directives(policy: str) -> dict[str, list[str]]:
    return {name: sources for name, *sources in (part.split() for part in policy.split(";"))}


@pytest.mark.parametrize(("method", "path", "kwargs", "status"), [
    ("GET", "/", {}, 200),
    ("GET", "/indicators/bv78a?as_at=2008-12", {}, 200),
    ("GET", "/_dash-layout", {}, 200),
    ("POST", "/_dash-update-component", {"json": GOOD}, 200),
    ("GET", "/assets/style.css", {}, 200),
    ("GET", "/_dash-component-suites/plotly/package_data/plotly.min.js", {}, 200),
    ("GET", "/healthz", {}, 200),
    ("GET", "/assets/no-such-file.css", {}, 404),
    ("GET", "/_dash-component-suites/dash/no-such-file.js", {}, 404),
    ("GET", "/_dash-component-suites/no_such_package/x.js", {}, 404),
    ("POST", "/", {"data": b"x"}, 405),
    ("POST", "/_dash-update-component", {"data": b"not json", "content_type": "application/json"}, 400),
    ("POST", "/_dash-update-component", {"data": b"x" * (BODY_LIMIT + 1), "content_type": "application/json"}, 413),
])
def test_every_response_carries_the_security_headers(client, method, path, kwargs, status):
    response = client.open(path, method=method, **kwargs)
    assert response.status_code == status
    for name, value in HEADERS.items():
        assert response.headers[name] == value
    policy = directives(response.headers["Content-Security-Policy"])
    for directive in POLICY:
        name, *sources = directive.split()
        assert policy[name] == sources


def inline_scripts(html: str) -> list[str]:
    """The scripts written into a page (not those it loads by src=, nor JSON, which is data and never run)."""
    return [body for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
            if "src=" not in attributes and "application/json" not in attributes]


def test_the_policy_allows_exactly_dashs_inline_scripts_by_hash(app, client):
    response = client.get("/")
    script_src = directives(response.headers["Content-Security-Policy"])["script-src"]
    assert script_src[0] == "'self'"
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    html = response.get_data(as_text=True)
    inline = inline_scripts(html)
    assert len(inline) >= 1  # the renderer's start
    # the router's code for the browser is a file the app serves (assets/router.js), never an inline script
    assert not any("dash_clientside" in body for body in inline)
    assert '<script src="/assets/router.js' in html
    hashes = {f"'sha256-{base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()}'" for body in inline}
    assert hashes == set(script_src[1:])


def test_the_dev_server_sends_no_server_banner(demo_sqlite):
    """`python -m dashboard serve` runs werkzeug's server through the app's run(); it must not name itself."""
    database = Path(demo_sqlite.engine.url.database)
    with TemporaryCopy(database) as copy:
        port = free_port()
        env = {**os.environ, "PYTHONPATH": str(ROOT), "DASHBOARD_DATABASE_URL": sqlite_url(copy)}
        server = subprocess.Popen([sys.executable, "-m", "dashboard", "serve", "--port", str(port)], env=env, cwd=ROOT,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            headers = wait_for_headers(f"http://127.0.0.1:{port}/healthz")
        finally:
            server.terminate()
            server.wait(timeout=30)
    assert "Server" not in headers
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_gunicorn_sends_no_server_banner(demo_sqlite):
    with TemporaryCopy(Path(demo_sqlite.engine.url.database)) as copy, \
            gunicorn_server(sqlite_url(copy)) as (base, _output), \
            urllib.request.urlopen(base + "/", timeout=30) as response:
        assert response.headers.get_all("Server") in (None, [""])
        assert "script-src 'self' 'sha256-" in response.headers["Content-Security-Policy"]


class TemporaryCopy:
    """A consistent copy of a SQLite database (through SQLite's backup, so nothing in its WAL is lost)."""

    def __init__(self, source: Path):
        self.source = source
        self.path = source.with_name(f"copy-{os.getpid()}-{threading.get_ident()}-{time.monotonic_ns()}.sqlite3")

    def __enter__(self) -> Path:
        with sqlite3.connect(self.source) as source, sqlite3.connect(self.path) as target:
            source.backup(target)
        source.close()
        target.close()
        return self.path

    def __exit__(self, *_exc) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)


def wait_for_headers(url: str) -> dict[str, str]:
    for _ in range(100):
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return dict(response.headers.items())
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"nothing answered at {url}")


# request bodies -------------------------------------------------------------------------------------------

def deep(levels: int):
    value: list = []
    for _ in range(levels - 1):
        value = [value]
    return value


WRONG_INPUTS = [{**item, "id": "elsewhere"} for item in GOOD["inputs"]]
SECTION = section_request_body("figures", 1, "/indicators/bv78a")


@pytest.mark.parametrize(("body", "words"), [
    (b"not json at all", "not JSON"),
    (b'{"output": "page.children",', "not JSON"),
    (b'{"output": "\xff\xfe"}', "not JSON"),
    (b"[" * 100_000 + b"]" * 100_000, "not JSON"),  # deeper than Python's parser goes
    (b"null", "not a JSON object"),
    (b"[1, 2]", "not a JSON object"),
    (b'"a string"', "not a JSON object"),
    ({}, "no such callback"),
    ({**GOOD, "output": "nowhere.children"}, "no such callback"),
    ({**GOOD, "output": 5}, "no such callback"),
    ({**GOOD, "output": ["a"]}, "no such callback"),
    ({**GOOD, "output": f"{ids.TITLE}.clear_data"}, "no such callback"),  # clientside: never run on the server
    ({key: value for key, value in GOOD.items() if key != "outputs"}, "'outputs' must list 8 items"),
    ({**GOOD, "outputs": "page"}, "'outputs' must list 8 items"),
    ({**GOOD, "outputs": GOOD["outputs"][:3]}, "'outputs' must list 8 items"),
    ({**GOOD, "outputs": [7] * 8}, "must be an object with the property"),
    ({key: value for key, value in GOOD.items() if key != "inputs"}, "'inputs' must list 2 items"),
    ({**GOOD, "inputs": "abc"}, "'inputs' must list 2 items"),
    ({**GOOD, "inputs": GOOD["inputs"][:1]}, "'inputs' must list 2 items"),
    ({**GOOD, "inputs": ["a", "b"]}, "must be an object with the property 'pathname'"),
    ({**GOOD, "inputs": WRONG_INPUTS}, "has the wrong id"),
    ({**GOOD, "state": "x"}, "'state' must list 1 item"),
    ({**GOOD, "state": []}, "'state' must list 1 item"),
    ({key: value for key, value in GOOD.items() if key != "state"}, "'state' must list 1 item"),
    ({**GOOD, "state": [GOOD["inputs"][0]]}, "must be an object with the property 'data'"),
    ({**GOOD, "changedPropIds": 5}, "'changedPropIds' must be a list of strings"),
    ({**GOOD, "changedPropIds": [["url.pathname"]]}, "'changedPropIds' must be a list of strings"),
    ({**GOOD, "inputs": [{**GOOD["inputs"][0], "value": deep(MAX_JSON_DEPTH + 1)}, GOOD["inputs"][1]]},
     "nested too deeply"),
    ({**SECTION, "outputs": [SECTION["outputs"]]}, "must be an object with the property 'children'"),
    ({**SECTION, "inputs": [{**SECTION["inputs"][0], "id": "section-open"}]}, "has the wrong id"),
    ({**SECTION, "inputs": [{**SECTION["inputs"][0], "id": {"type": ids.SECTION_OPEN}}]}, "has the wrong id"),
    ({**SECTION, "inputs": [{**SECTION["inputs"][0], "id": {"type": ids.SECTION_OPEN, "section": ["x"]}}]},
     "has the wrong id"),
    ({**SECTION, "inputs": [{**SECTION["inputs"][0], "id": {"type": "other", "section": "figures"}}]},
     "has the wrong id"),
])
def test_a_callback_body_dash_could_not_use_is_refused_with_400(client, body, words):
    sent = {"data": body, "content_type": "application/json"} if isinstance(body, bytes) else {"json": body}
    response = client.post("/_dash-update-component", **sent)
    assert response.status_code == 400
    assert words in response.get_json()["error"]
    assert len(response.get_data()) < 200  # one sentence, no traceback


@pytest.mark.parametrize("body", [
    GOOD,
    {**GOOD, "inputs": [{**item, "value": {"junk": [1, 2]}} for item in GOOD["inputs"]]},  # the router checks values
    {**GOOD, "changedPropIds": []},
    {key: value for key, value in GOOD.items() if key != "changedPropIds"},
    {**GOOD, "state": [{**GOOD["state"][0], "value": {"junk": [1, 2]}}]},  # the router checks what is shown
    SECTION,
    {**SECTION, "inputs": [{**SECTION["inputs"][0], "value": "many"}]},
])
def test_a_callback_body_dash_can_use_is_answered(client, body):
    assert client.post("/_dash-update-component", json=body).status_code in (200, 204)


def _patterns_app() -> Dash:
    """Callbacks with every kind of id the guard reads: plain, MATCH, ALL and ALLSMALLER."""
    app = Dash(__name__)
    app.layout = html.Div()
    app.callback(Output("a", "children"), Output("b", "title"), Input("c", "value"),
                 State({"type": "t", "i": ALL}, "value"))(lambda *_: (1, 2))
    app.callback(Output({"type": "o", "i": MATCH}, "children"), Input({"type": "t", "i": MATCH}, "n_clicks"),
                 Input({"type": "u", "i": ALLSMALLER}, "value"))(lambda *_: 1)
    return app


PATTERNS = _patterns_app().callback_map
MANY, ONE = list(PATTERNS)
MANY_BODY = {"output": MANY, "outputs": [{"id": "a", "property": "children"}, {"id": "b", "property": "title"}],
             "inputs": [{"id": "c", "property": "value", "value": 1}],
             "state": [[{"id": {"type": "t", "i": 1}, "property": "value"}, {"id": {"type": "t", "i": "z"},
                                                                             "property": "value"}]]}
ONE_BODY = {"output": ONE, "outputs": {"id": {"type": "o", "i": 2}, "property": "children"},
            "inputs": [{"id": {"type": "t", "i": 2}, "property": "n_clicks"}, []]}


@pytest.mark.parametrize(("body", "problem"), [
    (MANY_BODY, None),
    (ONE_BODY, None),
    ({**MANY_BODY, "state": [[]]}, None),  # ALL: none at all is a list too
    ({**ONE_BODY, "inputs": [ONE_BODY["inputs"][0], [{"id": {"type": "u", "i": 0}, "property": "value"}]]}, None),
    ({**MANY_BODY, "changedPropIds": ["c.value"]}, None),
    ({**MANY_BODY, "outputs": MANY_BODY["outputs"][::-1]}, "an output must be an object with the property 'children'"),
    ({**MANY_BODY, "outputs": [{"id": "b", "property": "children"}, MANY_BODY["outputs"][1]]},
     "an output has the wrong id"),
    ({**MANY_BODY, "outputs": {"id": "a", "property": "children"}}, "'outputs' must list 2 items"),
    ({**MANY_BODY, "inputs": [{"id": "c", "property": "n_clicks"}]},
     "an item of 'inputs' must be an object with the property 'value'"),
    ({**MANY_BODY, "state": [{"id": {"type": "t", "i": 1}, "property": "value"}]}, "an item of 'state' must be a list"),
    ({**MANY_BODY, "state": [[{"id": {"type": "t", "i": [1]}, "property": "value"}]]},
     "an item of 'state' has the wrong id"),  # a wildcard's value is plain: a string, a number or true/false
    ({**MANY_BODY, "state": [[{"id": {"type": "x", "i": 1}, "property": "value"}]]},
     "an item of 'state' has the wrong id"),
    ({**MANY_BODY, "state": [[{"id": {"type": "t"}, "property": "value"}]]}, "an item of 'state' has the wrong id"),
    ({**MANY_BODY, "state": [[{"id": {"type": "t", "i": 1, "j": 2}, "property": "value"}]]},
     "an item of 'state' has the wrong id"),
    ({**MANY_BODY, "state": [[{"id": {"type": "t", "i": 1}, "property": "title"}]]},
     "an item of 'state' must be an object with the property 'value'"),
    ({**MANY_BODY, "state": []}, "'state' must list 1 item"),
    ({**MANY_BODY, "changedPropIds": "c.value"}, "'changedPropIds' must be a list of strings"),
    ({**ONE_BODY, "outputs": {"id": {"type": "o", "i": None}, "property": "children"}}, "'outputs' has the wrong id"),
    ({**ONE_BODY, "outputs": [ONE_BODY["outputs"]]}, "'outputs' must be an object with the property 'children'"),
    ({**ONE_BODY, "inputs": [ONE_BODY["inputs"][0], {"id": {"type": "u", "i": 0}, "property": "value"}]},
     "an item of 'inputs' must be a list"),
    ({**ONE_BODY, "inputs": [{"id": {"type": "t", "i": {}}, "property": "n_clicks"}, []]},
     "an item of 'inputs' has the wrong id"),
    ({**ONE_BODY, "output": "o.children"}, "no such callback"),
])
def test_the_guard_reads_every_kind_of_id(body, problem):
    assert callback_problem(body, PATTERNS) == problem


def test_a_callback_must_be_sent_as_json(client):
    response = client.post("/_dash-update-component", data=json.dumps(GOOD), content_type="text/plain")
    assert response.status_code == 415
    assert response.get_json()["error"] == "A callback must be sent as application/json."


@pytest.mark.parametrize("path", ["/_dash-update-component", "/", "/healthz"])
def test_a_body_over_the_limit_is_refused_from_its_length_before_it_is_read(client, path):
    response = client.open(path, method="POST", data=b"{" + b" " * BODY_LIMIT + b"}",
                           content_type="application/json")
    assert response.status_code == 413
    assert response.get_json() == {"error": "The request is larger than this server accepts (4 MB at most)."}


def test_a_body_at_the_limit_is_read(client):
    body = json.dumps(GOOD).encode()
    padded = body[:-1] + b" " * (BODY_LIMIT - len(body)) + b"}"
    assert len(padded) == BODY_LIMIT
    assert client.post("/_dash-update-component", data=padded, content_type="application/json").status_code == 200


def chunked_post(port: int, path: str, body: bytes) -> tuple[int, bytes]:
    """POST `body` with Transfer-Encoding: chunked (no Content-Length), as a streaming client would."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                           "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n".encode())
        try:
            for start in range(0, len(body), 65536):
                chunk = body[start:start + 65536]
                connection.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            connection.sendall(b"0\r\n\r\n")
            # werkzeug's dev server reads what is left of a refused body until the client stops sending
            connection.shutdown(socket.SHUT_WR)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may answer and close before the whole body is sent
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    status = int(answer.split(b" ", 2)[1])
    return status, answer.split(b"\r\n\r\n", 1)[1]


@pytest.fixture(scope="module")
def werkzeug_port(app):
    """The app on werkzeug's threaded server (which de-chunks bodies as gunicorn does)."""
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_port
    server.shutdown()


@pytest.mark.parametrize(("size", "status"), [(0, 200), (BODY_LIMIT + 1, 413), (3 * BODY_LIMIT, 413)])
def test_a_chunked_body_is_held_to_the_limit_too(werkzeug_port, size, status):
    body = json.dumps(GOOD).encode()
    body = body[:-1] + b" " * size + b"}"
    answered, content = chunked_post(werkzeug_port, "/_dash-update-component", body)
    assert answered == status
    if status == 413:
        assert b"larger than this server accepts" in content


def test_gunicorn_holds_a_chunked_body_to_the_limit(demo_sqlite):
    with TemporaryCopy(Path(demo_sqlite.engine.url.database)) as copy, \
            gunicorn_server(sqlite_url(copy)) as (base, _output):
        port = int(base.rsplit(":", 1)[1])
        body = json.dumps(GOOD).encode()
        assert chunked_post(port, "/_dash-update-component", body)[0] == 200
        status, content = chunked_post(port, "/_dash-update-component", body[:-1] + b" " * BODY_LIMIT + b"}")
        assert status == 413
        assert b"larger than this server accepts" in content


# in a real browser -----------------------------------------------------------------------------------------

VIOLATIONS = """window.__violations = [];
document.addEventListener("securitypolicyviolation",
    event => window.__violations.push(event.violatedDirective + " " + event.blockedURI));"""


def test_chromium_enforces_the_policy_and_the_pages_break_none_of_it(app):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("Playwright is not installed: pip install -e '.[test]'")
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(chromium):
        skip_or_fail("Chromium is not installed: apt-get install chromium")
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            page.add_init_script(VIOLATIONS)
            errors = []
            page.on("console", lambda message: message.type == "error" and errors.append(message.text))
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(base + "/indicators/bv78a?as_at=2008-12")
            page.locator(".trend-chart .main-svg").first.wait_for(timeout=30_000)  # plotly drew, under the policy
            page.get_by_text("The figures as a table").click()  # a callback the page makes later
            page.get_by_role("region", name="Every figure, newest first").wait_for(timeout=30_000)
            page.get_by_label("Performance as at").select_option("2007-03")
            page.get_by_role("button", name="Show").click()  # a clientside callback, allowed by its hash
            page.get_by_role("heading", level=2, name="Latest: Mar 2007").wait_for(timeout=30_000)
            assert page.evaluate("window.__violations") == []
            assert errors == []
            injected = page.evaluate("""() => { const script = document.createElement("script");
                script.textContent = "window.__injected = true"; document.body.appendChild(script);
                return window.__injected === true; }""")
            assert injected is False  # an inline script the policy does not name is refused
            page.wait_for_function("window.__violations.length > 0")
            assert page.evaluate("window.__violations")[0].startswith("script-src")
            browser.close()
    finally:
        server.shutdown()

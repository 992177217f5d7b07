"""The server's guards around Dash: request bodies limited (413), callback bodies that Dash could not use
refused with 400 before it reads them, and the same security headers on every response."""

from __future__ import annotations

import json
from collections.abc import Mapping
from types import MappingProxyType
from typing import Protocol

from dash import Dash, Output
from dash.exceptions import DependencyException
from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import RequestEntityTooLarge

CALLBACK = "_dash-update-component"
MB = 1024 * 1024
# Every request body is held to this: Dash's callback bodies are a few KB. A route that takes bigger
# bodies (a file upload) gets its own limit in BODY_LIMITS, by its Flask endpoint name.
BODY_LIMIT = 4 * MB
BODY_LIMITS: Mapping[str, int] = MappingProxyType({})
MAX_JSON_DEPTH = 32  # a callback body is a few levels deep; deeper is junk

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
}


class Opening(Protocol):
    """The database as the app holds it: opened, or tried again before a request (dashboard.app.Database)."""

    def try_open(self) -> None: ...


def guard_requests(app: Dash, database: Opening, limits: Mapping[str, int] = BODY_LIMITS) -> None:
    """Before Dash sees a request: the database opened if it can be, the body within its limit (413), and
    a callback body that Dash could not use refused with 400 and one sentence, rather than a 500."""
    callback_path = app.config.routes_pathname_prefix + CALLBACK

    @app.server.before_request
    def guard():
        database.try_open()
        request.max_content_length = limits.get(request.endpoint or "", BODY_LIMIT)
        if request.content_length is not None and request.content_length > request.max_content_length:
            raise RequestEntityTooLarge()  # refused from its Content-Length, before a byte is read
        if request.path == callback_path and request.method == "POST":
            if not request.is_json:
                return refusal("A callback must be sent as application/json.", 415)
            data = request.get_data(cache=True)
            # A body without Content-Length (chunked) is read up to the limit and no further: one that
            # reaches it is refused, never parsed cut short.
            if request.content_length is None and len(data) >= request.max_content_length:
                raise RequestEntityTooLarge()
            try:
                body = json.loads(data)
            except (ValueError, RecursionError):
                return refusal("The callback body is not JSON.", 400)
            problem = callback_problem(body, app.callback_map)
            if problem:
                return refusal(f"The callback body cannot be used: {problem}.", 400)
        return None

    @app.server.errorhandler(DependencyException)
    def no_such_script(_error):
        # Dash answers a script path it never registered with this exception, which would be a 500
        return refusal("There is no such file.", 404)

    @app.server.errorhandler(RequestEntityTooLarge)
    def too_large(_error):
        limit = request.max_content_length or BODY_LIMIT
        return refusal(f"The request is larger than this server accepts ({limit / MB:g} MB at most).", 413)


def refusal(message: str, status: int) -> tuple[Response, int]:
    """A short, plain answer to a request the server will not handle."""
    return jsonify(error=message), status


def _depth(value: object) -> int:
    """How deeply lists and objects nest in a JSON value (without recursion: the value may be hostile)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if level <= MAX_JSON_DEPTH:
                stack.extend((child, level + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def _pattern(spec_id: str) -> dict | None:
    """A pattern-matching id's dict (its wildcards as ["MATCH"] and the like), or None for a plain id."""
    return json.loads(spec_id) if spec_id.startswith("{") else None


def _items(count: int) -> str:
    return f"{count} item{'' if count == 1 else 's'}" if count else "nothing"


def callback_problem(body: object, callback_map: Mapping[str, dict]) -> str | None:
    """Why Dash could not run a callback from this body (in a few words), or None when it can."""
    if not isinstance(body, dict):
        return "it is not a JSON object"
    if _depth(body) > MAX_JSON_DEPTH:
        return "it is nested too deeply"
    output = body.get("output")
    callback = callback_map.get(output) if isinstance(output, str) else None
    if callback is None or "callback" not in callback:  # clientside callbacks never run here
        return "no such callback"
    return (_outputs_problem(body.get("outputs"), callback["output"])
            or _listed_problem(body, "inputs", callback["inputs"])
            or _listed_problem(body, "state", callback["state"])
            or _changed_problem(body.get("changedPropIds", [])))


def _outputs_problem(sent: object, declared: Output | list[Output]) -> str | None:
    """Why the body's 'outputs' do not fit the callback's: one object for a single output, else a list."""
    if not isinstance(declared, list):
        return _item_problem(sent, _output_spec(declared), "'outputs'")
    if not isinstance(sent, list) or len(sent) != len(declared):
        return f"'outputs' must list {_items(len(declared))}"
    return _first_problem(sent, [_output_spec(output) for output in declared], "an output")


def _output_spec(output: Output) -> dict:
    """An output's declaration in the form of its inputs' and state's: {"id": ..., "property": ...}."""
    return {"id": str(output.component_id_str()), "property": output.component_property}


def _listed_problem(body: dict, key: str, declared: list[dict]) -> str | None:
    """Why the body's 'inputs' or 'state' (`key`) do not fit the callback's, item by item."""
    items = body.get(key, [])
    if not isinstance(items, list) or len(items) != len(declared):
        return f"'{key}' must list {_items(len(declared))}"
    return _first_problem(items, declared, f"an item of '{key}'")


def _changed_problem(changed: object) -> str | None:
    if not isinstance(changed, list) or not all(isinstance(prop, str) for prop in changed):
        return "'changedPropIds' must be a list of strings"
    return None


def _first_problem(items: list, specs: list[dict], where: str) -> str | None:
    """The first item that does not fit its declaration, and why; None when all fit."""
    return next(filter(None, (_item_problem(item, spec, where) for item, spec in zip(items, specs, strict=True))),
                None)


def _item_problem(item: object, spec: dict, where: str) -> str | None:
    """Why one input, state or output item does not fit its declaration in the callback, or None."""
    pattern = _pattern(spec["id"])
    if pattern is not None and any(value in (["ALL"], ["ALLSMALLER"]) for value in pattern.values()):
        return _each_problem(item, spec, pattern, where)
    if not isinstance(item, dict) or item.get("property") != spec["property"]:
        return f"{where} must be an object with the property {spec['property']!r}"
    return None if _id_fits(item.get("id"), spec["id"], pattern) else f"{where} has the wrong id"


def _each_problem(item: object, spec: dict, pattern: dict, where: str) -> str | None:
    """An item declared with ALL or ALLSMALLER: a list of items, each fitting the pattern as MATCH would."""
    if not isinstance(item, list):
        return f"{where} must be a list"
    one = {**spec, "id": json.dumps({key: ["MATCH"] if isinstance(value, list) else value
                                     for key, value in pattern.items()})}
    return next(filter(None, (_item_problem(each, one, where) for each in item)), None)


def _id_fits(found: object, declared: str, pattern: dict | None) -> bool:
    """Whether an item's id is the declared one: equal for a plain id; for a pattern, the same keys, each a
    plain value, equal to the declared one where that is not a wildcard."""
    if pattern is None:
        return found == declared
    return isinstance(found, dict) and set(found) == set(pattern) and all(
        isinstance(value, str | int | float | bool) and (isinstance(pattern[key], list) or value == pattern[key])
        for key, value in found.items())


def content_security_policy(app: Dash) -> str:
    """What the pages may load: only this server's own files, Dash's inline scripts by their hashes, inline
    styles (Plotly sets them) and data: images (the sparklines)."""
    policy = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *app.csp_hashes()],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in policy.items())


def add_security_headers(server: Flask, policy: str) -> None:
    """The same headers on every response: pages, callbacks, scripts, the health check and errors; a response
    that brings its own, stricter policy (the frozen report pack, opened in the browser) keeps it."""

    @server.after_request
    def secure(response: Response) -> Response:
        response.headers.update(SECURITY_HEADERS)
        response.headers.setdefault("Content-Security-Policy", policy)
        return response



"""The bodies the browser posts to `/_dash-update-component`, for the tests and the benchmarks.

Built from the app's own callback map (what create_app registers), so that they follow the callbacks'
declarations: a body that drifted from them would be refused by dashboard.guards with 400."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import cache

from dash.dependencies import Output

from dashboard.app import create_app
from dashboard.settings import Settings
from data.db import make_engine
from data.store import Store
from layouts import ids


@cache
def callback_map() -> Mapping[str, dict]:
    """The callbacks create_app registers (the same in every app it makes), from one app made over a
    database that is never opened."""
    app = create_app(Settings(seed_demo=False, cache_seconds=0), Store(make_engine("sqlite://", create=False)))
    return app.callback_map


def _outputs(callback: dict) -> list[Output]:
    return callback["output"] if isinstance(callback["output"], list) else [callback["output"]]


def _server_callback(draws: Callable[[Output], bool]) -> tuple[str, dict]:
    """The callback run on the server (its key and declaration) with an output that `draws` picks."""
    for key, callback in callback_map().items():
        if "callback" in callback and any(draws(output) for output in _outputs(callback)):
            return key, callback
    raise LookupError("no server callback has such an output")


def _concrete(component_id: str, match: object) -> str | dict:
    """A declared id as the browser names one component: a pattern's wildcards (["MATCH"]) become `match`."""
    if not component_id.startswith("{"):
        return component_id
    return {key: match if isinstance(value, list) else value for key, value in json.loads(component_id).items()}


def _prop_id(component_id: str | dict, prop: str) -> str:
    """`id.property`, as Dash's renderer writes it in changedPropIds (a dict id as compact, sorted JSON)."""
    name = component_id if isinstance(component_id, str) else json.dumps(component_id, separators=(",", ":"),
                                                                          sort_keys=True)
    return f"{name}.{prop}"


def _body(key: str, callback: dict, values: Mapping[str, object], match: object = None) -> dict:
    """The body that runs `callback` with each input and state given its value by its property's name, as the
    browser sends it when the first input changed."""
    outputs = [{"id": _concrete(str(output.component_id_str()), match), "property": output.component_property}
               for output in _outputs(callback)]

    def filled(spec: dict) -> dict:
        return {"id": _concrete(spec["id"], match), "property": spec["property"], "value": values[spec["property"]]}

    inputs = [filled(spec) for spec in callback["inputs"]]
    return {
        "output": key,
        "outputs": outputs if isinstance(callback["output"], list) else outputs[0],
        "inputs": inputs,
        "changedPropIds": [_prop_id(inputs[0]["id"], inputs[0]["property"])],
        "state": [filled(spec) for spec in callback["state"]],
    }


def request_body(pathname: object, search: object = "", shown: object = None) -> dict:
    """What the browser posts to draw a page: the router's callback, given the URL's pathname and query and
    what the page's frame shows (the router's key of it; None as in a page that has not kept one)."""
    key, callback = _server_callback(lambda output: (output.component_id, output.component_property)
                                     == (ids.PAGE, "children"))
    return _body(key, callback, {"pathname": pathname, "search": search, "data": shown})


def routed(client, pathname: str, search: str = "") -> tuple[str, str]:
    """The title and the page's text as the router sends them to the browser (a Flask test client's call)."""
    response = client.post("/_dash-update-component", json=request_body(pathname, search))
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    answer = json.loads(response.get_data(as_text=True))["response"]
    return answer[ids.TITLE]["data"], json.dumps(answer[ids.PAGE]["children"])


def section_request_body(section: object, clicks: object, pathname: object, search: object = "") -> dict:
    """What the browser posts to draw an on-demand section when its <details> is opened (the n-th time)."""
    key, callback = _server_callback(lambda output: isinstance(output.component_id, dict)
                                     and output.component_id.get("type") == ids.SECTION_BODY)
    return _body(key, callback, {"n_clicks": clicks, "pathname": pathname, "search": search}, match=section)

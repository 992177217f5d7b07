"""A page's download buttons (CSV and Excel of exactly what its filters let through): one callback shape for
every page with downloads; each page gives only how its file is made from the page's URL."""

from __future__ import annotations

import logging
from collections.abc import Callable

from dash import Dash, Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate

from data.db import DatabaseError, first_line
from layouts import ids
from layouts.components import notice

DOWNLOAD_FAILED = "The download could not be made just now: the database is not answering. Try again in a minute."

# (pathname, search, kind "csv" or "xlsx") -> dcc.Download's data, or None and why not
MakeFile = Callable[[object, object, str], tuple[dict | None, str | None]]


def register_download(app: Dash, *, csv: str, xlsx: str, download: str, note: str, make_file: MakeFile,
                      nothing: str) -> None:
    """A click on the `csv` or `xlsx` button reads the page's URL (checked again on the server by `make_file`)
    and sends the file to `download`; where there is none, or the database does not answer, `note` says why."""
    kinds = {csv: "csv", xlsx: "xlsx"}

    @app.callback(Output(download, "data"), Output(note, "children"), Input(csv, "n_clicks"), Input(xlsx, "n_clicks"),
                  State(ids.URL, "pathname"), State(ids.URL, "search"), prevent_initial_call=True)
    def send(_csv, _xlsx, pathname, search):
        kind = kinds.get(ctx.triggered_id) if isinstance(ctx.triggered_id, str) else None
        if kind is None:
            raise PreventUpdate
        try:
            data, problem = make_file(pathname, search, kind)
        except DatabaseError as error:
            logging.getLogger(__name__).warning("Cannot read the database: %s", first_line(error))
            return no_update, notice(DOWNLOAD_FAILED, "warning")
        if data is None:
            return no_update, notice(problem or nothing, "warning")
        return data, None

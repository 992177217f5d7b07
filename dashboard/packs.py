"""The report pack's files over the web: `/report/pack?period=2008-09-q3&audience=cabinet&format=pdf` (the form
on `/report`), a frozen pack's files (`/snapshots/<slug>/pack.html|pdf|xlsx`) and the frozen HTML itself opened in
the browser (`/snapshots/<slug>/view`). Every value is checked on the server (callbacks/report.py); what cannot
be used gets a page in the app's look saying why in one line and linking back to `/report` with the choices
made, never an error page."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from urllib.parse import urlencode

from flask import Flask, Response, request

from callbacks.report import MAX_VALUE, PDF_UNAVAILABLE, AskError, read_pack_ask
from dashboard.report import MEDIA_TYPES, Format, frozen_file, pack_file, unavailable
from data.db import DatabaseError, first_line
from data.filters import SLUG
from data.report import PackError, build_pack
from data.snapshots import snapshot
from data.store import Store
from layouts.report import APP_NAME, refusal_page

# The frozen pack holds no script and fetches nothing: opened in the browser, it may do neither, nor be framed.
FROZEN_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
                 "form-action 'none'; frame-ancestors 'none'")
FORMATS = tuple(fmt.value for fmt in Format)
CHOICES = ("period", "audience", "theme", "directorate")  # the form's fields a refusal's link back keeps
DATABASE_DOWN = "The figures cannot be read just now: the database is not answering. Try again in a minute."


def _refused(heading: str, message: str, status: int, back: str = "", council: str = APP_NAME) -> Response:
    return Response(refusal_page(heading, message, back, council), status=status, mimetype="text/html",
                    headers={"Cache-Control": "no-store"})


def kept_choices(args: Mapping[str, str]) -> str:
    """The form's choices in a refused download's address, as the query string back to the form: every one
    but the format (the page keeps them), each cut to what the server reads."""
    return urlencode([(name, args[name][:MAX_VALUE]) for name in CHOICES if args.get(name)])


def _unreadable(error: DatabaseError) -> Response:
    logging.getLogger(__name__).warning("Cannot read the database: %s", first_line(error))
    return _refused("Figures unavailable", DATABASE_DOWN, 503)


def _file(content: bytes, fmt: Format, name: str) -> Response:
    """The file as an attachment with its name (made of slugs and digits: nothing to quote)."""
    return Response(content, content_type=MEDIA_TYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


def pack_download(store: Store, council: str, args: Mapping[str, str]) -> Response:
    """The pack the form asks for, as a file; a 400 page saying why for values that cannot be used."""
    try:
        ask = read_pack_ask(args, FORMATS)
        pack = build_pack(store, ask.period, ask.audience, scope=ask.scope, council=council)
        content = pack_file(pack, Format(ask.fmt))
    except (AskError, PackError) as error:
        return _refused("This pack cannot be made", str(error), 400, kept_choices(args), council)
    except DatabaseError as error:
        return _unreadable(error)
    return _file(content, Format(ask.fmt), ask.filename)


def frozen_download(store: Store, slug: str, fmt: str) -> Response:
    """A frozen pack's file: the HTML exactly as it went out, or the PDF or workbook made from what was stored."""
    if fmt not in FORMATS or not SLUG.match(slug):
        return _refused("There is no such file", "Packs as reported come as pack.html, pack.pdf or pack.xlsx.", 404)
    try:
        found = snapshot(store, slug)
        if found is None:
            return _refused("There is no such pack", f"No pack has been frozen as '{slug[:60]}'.", 404)
        content = frozen_file(found, Format(fmt))
    except PackError as error:
        return _refused("This file cannot be made", str(error), 400)
    except DatabaseError as error:
        return _unreadable(error)
    return _file(content, Format(fmt), f"{slug}.{fmt}")


def frozen_view(store: Store, slug: str) -> Response:
    """The frozen HTML itself, shown in the browser under a policy that lets it run and fetch nothing."""
    try:
        found = snapshot(store, slug) if SLUG.match(slug) else None
    except DatabaseError as error:
        return _unreadable(error)
    if found is None:
        return _refused("There is no such pack", f"No pack has been frozen as '{slug[:60]}'.", 404)
    return Response(found.html.encode("utf-8"), content_type=MEDIA_TYPES[Format.HTML],
                    headers={"Content-Security-Policy": FROZEN_POLICY, "Cache-Control": "no-cache"})


def register(server: Flask, store: Store, council: str) -> None:
    """The pack's routes on the app's server, and the one line the form shows where a PDF cannot be made."""
    server.config[PDF_UNAVAILABLE] = lambda: unavailable(Format.PDF)
    server.add_url_rule("/report/pack", "report_pack", lambda: pack_download(store, council, request.args))
    server.add_url_rule("/snapshots/<slug>/pack.<fmt>", "snapshot_pack",
                        lambda slug, fmt: frozen_download(store, slug, fmt))
    server.add_url_rule("/snapshots/<slug>/view", "snapshot_view", lambda slug: frozen_view(store, slug))

"""The default command's options: `python -m dashboard --port 8063` serves on that port as `serve --port 8063`
does (the README's first command, on another port), and serving's options are refused with another command."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import cli
from data.db import sqlite_url


@pytest.fixture
def served(demo_sqlite, monkeypatch) -> tuple[list[tuple[str, int]], list[str]]:
    """Where the dashboard would be served (the server itself not started), and the demo's database option."""
    asked: list[tuple[str, int]] = []
    monkeypatch.setattr(cli, "_serve", lambda _store, _settings, host, port: asked.append((host, port)) or 0)
    return asked, ["--database-url", sqlite_url(Path(demo_sqlite.engine.url.database))]


@pytest.mark.parametrize(("argv", "where"), [
    ([], ("127.0.0.1", 8050)),
    (["--port", "8063"], ("127.0.0.1", 8063)),
    (["--host", "0.0.0.0", "--port", "8063"], ("0.0.0.0", 8063)),
    (["serve"], ("127.0.0.1", 8050)),
    (["serve", "--port", "8063"], ("127.0.0.1", 8063)),
    (["--port", "8063", "serve"], ("127.0.0.1", 8063)),  # serve's own default does not undo it
    (["--port", "8063", "serve", "--port", "8064"], ("127.0.0.1", 8064)),
])
def test_the_port_is_given_before_or_after_the_default_command(served, argv, where):
    asked, database = served
    assert cli.main([*database, *argv]) == 0
    assert asked == [where]


def test_serving_options_with_another_command_are_refused(served, capsys):
    asked, database = served
    assert cli.main([*database, "--port", "8063", "summary"]) == 2
    assert "--host and --port are for serving the dashboard, not for summary" in capsys.readouterr().err
    assert asked == []

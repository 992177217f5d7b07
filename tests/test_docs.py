"""The README and the templates say what the code does: checked, so that they cannot drift apart."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from data.export import ACTIONS, EXCEPTIONS, SCORECARD, VALUES
from data.importer import COLUMNS, load_file

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
SECTIONS = {"definitions": "### Indicator definitions", "values": "### Values", "actions": "### Actions"}


def documented_columns(heading: str) -> dict[str, str]:
    """The `column | required` rows of the table under a README heading."""
    section = README.split(heading, 1)[1].split("\n#", 1)[0]
    return dict(re.findall(r"^\| `([a-z]+)` \| (yes|no) \|", section, flags=re.M))


@pytest.mark.parametrize("kind", list(COLUMNS))
def test_the_readme_documents_every_column_and_whether_it_is_required(kind):
    expected = {name: "yes" if column.required else "no" for name, column in COLUMNS[kind].items()}
    assert documented_columns(SECTIONS[kind]) == expected


@pytest.mark.parametrize(("name", "columns"), [("scorecard", SCORECARD), ("exceptions", EXCEPTIONS),
                                               ("actions", ACTIONS), ("values", VALUES)])
def test_the_readme_documents_every_export_column(name, columns):
    assert f"| {name} | `{', '.join(columns)}` |" in README


def test_the_templates_load_into_an_empty_database(engine):
    for kind in ("definitions", "values", "actions"):
        template = ROOT / "docs" / "templates" / f"{kind}.csv"
        header = template.read_text(encoding="utf-8").splitlines()[0].split(",")
        assert header == list(COLUMNS[kind])  # every column, in the documented order
        report = load_file(engine, template, as_of=date(2006, 9, 30))
        assert report.added > 0


def test_the_readme_commands_are_the_ones_the_cli_has():
    from dashboard.cli import _parser

    commands = _parser()._subparsers._group_actions[0].choices
    for command in re.findall(r"python -m dashboard ([a-z]+)", README):
        assert command in commands

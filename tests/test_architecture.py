"""The layers import one way (dashboard -> callbacks -> layouts -> data); the schema matches its migrations."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from data.models import Base

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {
    "data": {"dash", "plotly", "flask", "dash_ag_grid", "layouts", "callbacks", "dashboard"},
    "layouts": {"sqlalchemy", "callbacks", "dashboard"},
    "callbacks": {"dashboard", "sqlalchemy"},
}


@pytest.mark.parametrize("layer", list(FORBIDDEN))
def test_imports_flow_one_way(layer):
    wrong = []
    for path in (ROOT / layer).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level else []
            wrong += [f"{path.relative_to(ROOT)}:{node.lineno} {n}" for n in names
                      if n.split(".")[0] in FORBIDDEN[layer]]
    assert wrong == []


def test_the_models_match_the_migrations(engine):
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []

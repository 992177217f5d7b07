"""The layers import one way (dashboard -> callbacks -> layouts -> data); no function is too complex to follow;
the schema matches its migrations; the quick loop (`pytest -m "not slow"`) leaves out what is slow."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from conftest import SLOW_USES, slow_reason
from radon.complexity import cc_visit

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


MOST_COMPLEX = 20  # radon's A to C bands; a function in D (21+) or above is to be split


def test_no_function_is_too_complex():
    """Cyclomatic complexity at most 20 in every layer (the demo generator included): a function above is split."""
    too_complex = []
    for layer in ("dashboard", "callbacks", "layouts", "data"):
        for path in sorted((ROOT / layer).rglob("*.py")):
            for block in cc_visit(path.read_text(encoding="utf-8")):
                if block.complexity > MOST_COMPLEX:
                    too_complex.append(f"{path.relative_to(ROOT)}:{block.lineno} {block.fullname} {block.complexity}")
    assert not too_complex, f"cyclomatic complexity above {MOST_COMPLEX}:\n" + "\n".join(too_complex)


def test_the_models_match_the_migrations(engine):
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


QUIET = ["-p", "no:cacheprovider", "-p", "no:dash"]  # as in pyproject's addopts: a collection's own session
# A small suite with one test of each kind the `slow` marking must tell apart.
SAMPLE_SUITE = """
import subprocess

import pytest
from hypothesis import given, strategies as st


def start_a_server():
    return subprocess.run(["true"], check=True)


class Server:
    def __enter__(self):
        start_a_server()


@pytest.fixture
def server():
    start_a_server()


def test_quick():
    assert sorted([2, 1]) == [1, 2]


def test_through_a_helper():
    start_a_server()


def test_through_a_class():
    with Server():
        pass


def test_through_a_fixture(server):
    pass


def test_in_a_browser():
    from playwright.sync_api import sync_playwright


@given(st.integers())
def test_a_search(number):
    pass


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_each_database(kind):
    pass
"""


def test_slow_tests_are_told_apart_from_quick_ones(pytester):
    suite = pytester.makepyfile(SAMPLE_SUITE)
    reasons = {item.name: slow_reason(item) for item in pytester.inline_genitems(suite, *QUIET)[0]}
    assert reasons == {
        "test_quick": None,
        "test_through_a_helper": SLOW_USES["subprocess"],
        "test_through_a_class": SLOW_USES["subprocess"],
        "test_through_a_fixture": SLOW_USES["subprocess"],
        "test_in_a_browser": SLOW_USES["playwright"],
        "test_a_search": "searches for counter-examples with hypothesis",
        "test_each_database[sqlite]": None,
        "test_each_database[postgresql]": SLOW_USES["postgres_schema_url"],
    }


# Tests of the suite itself that the marking must find (or leave) slow: by their node ids; a name without
# parameters stands for all its cases.
SUITE_SLOW = {
    "test_browser.py::test_a_cabinet_members_journey": True,  # through the page fixture
    "test_cli.py::test_dry_run_stores_nothing": True,  # through the module's run() helper
    "test_serving.py::test_gunicorn_serves_the_app_with_several_workers": True,
    "test_security.py::test_gunicorn_sends_no_server_banner": True,  # through test_serving's helper
    "test_security.py::test_chromium_enforces_the_policy_and_the_pages_break_none_of_it": True,
    "test_faults.py::test_a_postgresql_schema_emptied_while_serving_is_not_re_created": True,
    "test_db.py::test_postgresql_statements_have_a_timeout[postgresql]": True,
    "test_rules.py::test_more_tolerance_never_makes_a_rating_worse": True,  # hypothesis
    "test_db.py::test_postgresql_statements_have_a_timeout[sqlite]": False,
    "test_serving.py::test_the_in_process_cache_never_serves_a_stale_page": False,
    "test_security.py::test_the_policy_allows_exactly_dashs_inline_scripts_by_hash": False,
    "test_rules.py::test_rating": False,
}


@pytest.mark.slow  # collects six of the suite's modules
def test_the_suites_slow_tests_are_marked(pytester):
    """The marking on the suite itself, as collected with this conftest."""
    modules = sorted({str(ROOT / "tests" / test.split("::")[0]) for test in SUITE_SLOW})
    items = pytester.inline_genitems(*modules, *QUIET)[0]
    marked: dict[str, set[bool]] = {}
    for item in items:
        module = Path(str(item.path)).name
        for name in (item.name, item.originalname):
            marked.setdefault(f"{module}::{name}", set()).add(item.get_closest_marker("slow") is not None)
    assert {test: marked.get(test) for test in SUITE_SLOW} == {test: {slow} for test, slow in SUITE_SLOW.items()}

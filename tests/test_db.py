"""The database connection: safe with several workers on SQLite; bounded statements on PostgreSQL."""

from __future__ import annotations

import threading

from alembic import command
from helpers import DEFINITIONS, DEFINITIONS_HEADER, VALUES_HEADER, csv_bytes
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import text

from data.db import alembic_config, make_engine, sqlite_url, upgrade
from data.importer import load_file
from data.store import Store


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(tmp_path):
    engine = make_engine(sqlite_url(tmp_path / "x.sqlite3"))
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000


def test_two_imports_at_once_on_sqlite_both_land(tmp_path):
    """Writers take the lock at BEGIN, so a second one waits instead of failing half-way."""
    engine = make_engine(sqlite_url(tmp_path / "council.sqlite3"))
    upgrade(engine)
    load_file(engine, csv_bytes(DEFINITIONS_HEADER, DEFINITIONS), filename="d.csv")
    files = [csv_bytes(VALUES_HEADER, [["BV78a", f"{year}-{month:02d}", "30", "33", "", ""]
                                       for month in range(1, 13)]) for year in (2007, 2008, 2009, 2010)]
    failures = []

    def load(content: bytes) -> None:
        try:
            load_file(make_engine(str(engine.url)), content, filename="v.csv")
        except Exception as error:  # any failure is what this test looks for
            failures.append(error)

    threads = [threading.Thread(target=load, args=(content,)) for content in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(Store(engine).indicator_history("bv78a")) == 48


def test_postgresql_statements_have_a_timeout(engine):
    if engine.dialect.name != "postgresql":
        assert engine.dialect.name == "sqlite"
        return
    with engine.connect() as connection:
        assert connection.execute(text("SHOW statement_timeout")).scalar() == "30s"


def test_the_data_version_changes_with_every_import_that_changes_something(engine):
    store = Store(engine)
    empty = store.data_version()
    load_file(engine, csv_bytes(DEFINITIONS_HEADER, DEFINITIONS), filename="d.csv")
    loaded = store.data_version()
    assert loaded != empty
    load_file(engine, csv_bytes(DEFINITIONS_HEADER, DEFINITIONS), filename="d.csv")  # nothing new
    assert store.data_version() == loaded


def test_the_service_slugs_migration_fills_them_and_goes_back(engine):
    """0002 gives services made before it a slug each (unique council-wide, as the importer makes them), and
    its downgrade takes the column away again, on SQLite and PostgreSQL."""
    config = alembic_config(engine)
    command.downgrade(config, "0001")
    try:
        slugs, columns_after_downgrade = migrate_services_made_before_0002(engine, config)
    finally:
        command.upgrade(config, "head")  # as the other tests expect it, whatever happened
    assert slugs == [(1, "safeguarding-quality"), (2, "safeguarding-and-quality"), (3, "youth-offending")]
    assert "slug" not in columns_after_downgrade


def migrate_services_made_before_0002(engine, config) -> tuple[list, set[str]]:
    """Services made at 0001, upgraded to the head (their slugs, by id), then downgraded (the columns left)."""
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO directorates (id, name, slug) VALUES (1, 'Adults', 'adults'), "
                                "(2, 'Children', 'children')"))
        connection.execute(text("INSERT INTO services (id, directorate_id, name) VALUES "
                                "(1, 1, 'Safeguarding & Quality'), (2, 2, 'Safeguarding and quality'), "
                                "(3, 2, 'Youth Offending')"))
    command.upgrade(config, "head")
    with engine.connect() as connection:
        slugs = [tuple(row) for row in connection.execute(text("SELECT id, slug FROM services ORDER BY id"))]
    command.downgrade(config, "0001")
    with engine.connect() as connection:
        columns = {column["name"] for column in sa_inspect(connection).get_columns("services")}
    return slugs, columns


def test_the_snapshots_migration_adds_its_tables_and_takes_them_away(engine):
    """0003 adds snapshots and snapshot_figures, a snapshot's figures going with it when it is deleted; its
    downgrade drops both again, on SQLite and PostgreSQL."""
    config = alembic_config(engine)
    command.downgrade(config, "0002")
    try:
        before = set(sa_inspect(engine).get_table_names())
        command.upgrade(config, "0003")
        figures_left = figures_left_after_deleting_a_snapshot(engine)
        command.downgrade(config, "0002")
        after = set(sa_inspect(engine).get_table_names())
    finally:
        command.upgrade(config, "head")  # as the other tests expect it, whatever happened
    assert {"snapshots", "snapshot_figures"} & before == set()
    assert figures_left == [(1, "BV9")]
    assert {"snapshots", "snapshot_figures"} & after == set()
    assert "services" in after


def figures_left_after_deleting_a_snapshot(engine) -> list:
    """Two snapshots with figures stored at 0003, then the second deleted: the figures left, by snapshot."""
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO snapshots (id, name, slug, audience, period, as_at, frozen_on, data_version, created_at, "
            "pack_json, html, sha256) VALUES "
            "(1, 'Cabinet 16 October 2008', 'cabinet-16-october-2008', 'cabinet', 'Q2 2008/09', '2008-09-01', "
            "'2008-10-16', '1-none', '2008-10-16 09:00:00+00', '{}', '<html></html>', 'x'), "
            "(2, 'Cabinet 15 January 2009', 'cabinet-15-january-2009', 'cabinet', 'Q3 2008/09', '2008-12-01', "
            "'2009-01-15', '2-none', '2009-01-15 09:00:00+00', '{}', '<html></html>', 'y')"))
        connection.execute(text(
            "INSERT INTO snapshot_figures (snapshot_id, code, period, actual, target_low, target_high, rating, due) "
            "VALUES (1, 'BV9', 'Sep 2008', 98.1, 98.5, 98.5, 'Amber', NULL), "
            "(2, 'BV9', 'Dec 2008', 98.6, 98.5, 98.5, 'Green', NULL), "
            "(2, 'NI 8', 'Nov 2008', 44, 40, 40, 'Green', 'Dec 2008')"))
        connection.execute(text("DELETE FROM snapshots WHERE id = 2"))
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(
            text("SELECT snapshot_id, code FROM snapshot_figures ORDER BY snapshot_id, code"))]

"""Connecting to the database: SQLite by default, any SQLAlchemy URL otherwise; schema kept by Alembic."""

from __future__ import annotations

import os
import sqlite3
from functools import partial
from operator import itemgetter
from pathlib import Path
from typing import Any
from urllib.parse import quote

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, Table, create_engine, event, insert
from sqlalchemy.engine import make_url
from sqlalchemy.exc import InvalidatePoolError, SQLAlchemyError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 10_000
POSTGRES_STATEMENT_TIMEOUT_MS = 30_000  # a runaway query must not hold a worker for ever
POSTGRES_CONNECT_TIMEOUT_S = 10  # a server that does not answer must not hold a page for minutes


# What the layers above catch when the database fails (missing, unreachable, the wrong schema), so that they
# need not know which library reads it.
DatabaseError = SQLAlchemyError


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of a SQLite file."""
    return f"sqlite+pysqlite:///{path}"


def make_engine(url: str, *, create: bool = True) -> Engine:
    """An engine for `url`. SQLite files get WAL, foreign keys, a busy timeout and explicit transactions
    (immediate for writers); PostgreSQL a statement timeout and a connection timeout.

    A SQLite file is created here, once, when `create` allows (the first run); the engine itself opens it
    read-write only, so a file deleted while the app is serving is an error, never a new empty database."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        # The driver's own transaction handling is switched off so that we say when, and how, to begin.
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "isolation_level": None})
        if database and database != ":memory:" and not database.startswith("file:"):
            path = os.path.abspath(database)
            if create and not os.path.exists(path):
                Path(path).parent.mkdir(parents=True, exist_ok=True)
                created = sqlite3.connect(path)
                use_wal(created)
                created.close()
            event.listen(engine, "do_connect", partial(_sqlite_open_existing, path))
            event.listen(engine, "checkout", partial(_sqlite_same_file, path))
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if parsed.get_backend_name() == "postgresql" and "connect_timeout" not in parsed.query:
        engine = create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": POSTGRES_CONNECT_TIMEOUT_S})
    else:
        engine = create_engine(url, pool_pre_ping=True)
    if parsed.get_backend_name() == "postgresql":
        event.listen(engine, "connect", _postgres_settings)
    return engine


def first_line(error: BaseException) -> str:
    """The gist of a database error, for one line of a log."""
    cause = getattr(error, "orig", None) or error
    lines = str(cause).strip().splitlines()
    return lines[0] if lines else error.__class__.__name__


def display_url(url: str) -> str:
    """A database URL fit for a log line or an error message: without its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparseable URL may hold a password anywhere: show none of it
        return "(a database URL that cannot be read)"


def _file_identity(path: str) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def _sqlite_open_existing(path: str, _dialect, record, cargs: list, cparams: dict) -> None:
    # SQLite's URI form with mode=rw: a missing file is "unable to open database file", not a new database
    cargs[:] = [f"file:{quote(path)}?mode=rw"]
    cparams["uri"] = True
    record.info["file"] = _file_identity(path)


def _sqlite_same_file(path: str, _dbapi_connection, record, _proxy) -> None:
    """A pooled connection still reads the file it opened: once the file at the path is deleted or replaced,
    every pooled connection is dropped, and a new one finds what is there now, or nothing."""
    if record.info.get("file") != _file_identity(path):
        raise InvalidatePoolError("the database file was deleted or replaced")


def writer(engine: Engine) -> Engine:
    """The same engine for a transaction that will write: on SQLite it takes the write lock at BEGIN, so two
    workers importing at once queue up instead of failing half-way with 'database is locked'."""
    return engine.execution_options(write=True)


def _sqlite_begin(connection: Connection) -> None:
    mode = "IMMEDIATE" if connection.get_execution_options().get("write") else "DEFERRED"
    connection.exec_driver_sql(f"BEGIN {mode}")


def _postgres_settings(dbapi_connection, _record) -> None:
    with dbapi_connection.cursor() as cursor:
        cursor.execute(f"SET statement_timeout = {POSTGRES_STATEMENT_TIMEOUT_MS}")
    dbapi_connection.commit()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL is a property of the file, set when it is created or migrated (use_wal): a connection that only
    # reads must not write to a file that may not be ours (an empty or foreign file put in its place).
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL, and much faster for imports
    cursor.close()


def alembic_config(engine: Engine | None = None) -> Config:
    """Alembic's configuration for our migrations, without an ini file."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine) -> None:
    """Bring the schema up to the newest migration (creating it on an empty database)."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            use_wal(connection.connection.driver_connection)
    command.upgrade(alembic_config(engine), "head")


def use_wal(dbapi_connection) -> None:
    """SQLite's write-ahead log: readers never wait for a writer (kept in the file once set)."""
    dbapi_connection.execute("PRAGMA journal_mode=WAL")


def head_revision() -> str | None:
    """The newest migration: the schema this version of the code needs."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def schema_revision(engine: Engine) -> str | None:
    """The migration the database is at; None when it has none of our tables."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def bulk_insert(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert many rows fast: COPY on PostgreSQL; elsewhere one executemany of plain tuples, each distinct
    value bound once (SQLAlchemy's per-row parameter processing costs more than SQLite's own insert)."""
    if not rows:
        return
    columns = list(rows[0])
    if connection.dialect.name == "postgresql" and connection.dialect.driver == "psycopg":
        _copy(connection, table, columns, rows)
        return
    mark = {"qmark": "?", "format": "%s", "pyformat": "%s"}.get(connection.dialect.paramstyle)
    if mark is None:  # a driver with named parameters: the ordinary way
        connection.execute(insert(table), rows)
        return
    _convert_for_the_driver(connection, table, columns, rows)
    tuples = list(map(itemgetter(*columns), rows)) if len(columns) > 1 else [(row[columns[0]],) for row in rows]
    quote = connection.dialect.identifier_preparer
    connection.exec_driver_sql(
        f"INSERT INTO {quote.format_table(table)} ({', '.join(quote.quote(c) for c in columns)}) "
        f"VALUES ({', '.join([mark] * len(columns))})", tuples)


def _copy(connection: Connection, table: Table, columns: list[str], rows: list[dict[str, Any]]) -> None:
    """The rows through PostgreSQL's COPY, by psycopg."""
    quote = connection.dialect.identifier_preparer
    names = ", ".join(quote.quote(c) for c in columns)
    driver = connection.connection.driver_connection
    assert driver is not None  # a connection in use is open: it has its driver's connection
    with driver.cursor() as cursor, \
            cursor.copy(f"COPY {quote.format_table(table)} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([row[c] for c in columns])


def _convert_for_the_driver(connection: Connection, table: Table, columns: list[str],
                            rows: list[dict[str, Any]]) -> None:
    """Convert, in place, the values of the few column types the driver cannot take as they are (dates, times,
    booleans), as SQLAlchemy would."""
    for name in columns:
        process = table.c[name].type._cached_bind_processor(connection.dialect)
        if process is not None:
            converted: dict[Any, Any] = {}  # a batch repeats the same dates: convert each once
            for row in rows:
                value = row[name]
                if value is not None:
                    if value not in converted:
                        converted[value] = process(value)
                    row[name] = converted[value]

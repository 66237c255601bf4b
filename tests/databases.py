"""Where tests keep a store: a SQLite file in the test's folder by default or, when the
environment's ``TEST_DATABASE_URL`` names a PostgreSQL database, a fresh database created
beside it (its role needs CREATEDB). Dropped when the run ends."""

from __future__ import annotations

import hashlib
import os
import shutil
import threading
from pathlib import Path

from sqlalchemy import Engine, create_engine
from sqlalchemy.pool import NullPool

from bot.store.store import _with_driver, make_url

__all__ = [
    "TEST_DATABASE_URL",
    "create_database",
    "database_url",
    "drop_database",
    "drop_databases",
    "remove_database",
    "server_engine",
]

#: The server to test against; empty for SQLite.
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")

_lock = threading.Lock()
_created: set[str] = set()
_admin: Engine | None = None


def server_engine(url: str) -> Engine:
    """An engine on the PostgreSQL server ``url`` names, for creating and dropping databases
    (its role needs CREATEDB)."""
    return create_engine(
        _with_driver(make_url(url)), poolclass=NullPool, isolation_level="AUTOCOMMIT"
    )


def create_database(server: Engine, name: str) -> str:
    """A new empty database ``name`` on ``server`` (one left by an earlier run is dropped);
    its URL."""
    with server.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    return server.url.set(database=name).render_as_string(hide_password=False)


def drop_database(server: Engine, name: str) -> None:
    """Drop ``name`` on ``server``, closing its connections."""
    with server.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _server() -> Engine:
    global _admin
    if _admin is None:
        _admin = server_engine(TEST_DATABASE_URL)
    return _admin


def _name(folder: Path, filename: str) -> str:
    return "test_" + hashlib.sha1(f"{folder}/{filename}".encode()).hexdigest()[:16]


def database_url(folder: Path, filename: str) -> str:
    """The URL of an empty database for ``filename`` in ``folder`` (the same one when asked
    again, so two stores of a test can share it)."""
    if not TEST_DATABASE_URL:
        return f"sqlite:///{folder / filename}"
    name = _name(folder, filename)
    with _lock:
        if name not in _created:
            create_database(_server(), name)
            _created.add(name)
    url = _with_driver(make_url(TEST_DATABASE_URL)).set(database=name)
    return url.render_as_string(hide_password=False)


def drop_databases() -> None:
    """Drop the databases this run created."""
    with _lock:
        if not _created:
            return
        for name in sorted(_created):
            drop_database(_server(), name)
        _created.clear()


def remove_database(folder: Path, filename: str) -> None:
    """Make :func:`database_url`'s database unreachable: remove ``folder`` (SQLite would
    create a missing file again) or drop the database."""
    if not TEST_DATABASE_URL:
        shutil.rmtree(folder)
        return
    name = _name(folder, filename)
    with _lock:
        drop_database(_server(), name)
        _created.discard(name)

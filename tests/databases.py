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

__all__ = ["TEST_DATABASE_URL", "database_url", "drop_databases", "remove_database"]

#: The server to test against; empty for SQLite.
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")

_lock = threading.Lock()
_created: set[str] = set()
_admin: Engine | None = None


def _server() -> Engine:
    global _admin
    if _admin is None:
        url = _with_driver(make_url(TEST_DATABASE_URL))
        _admin = create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
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
            with _server().connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
            _created.add(name)
    url = _with_driver(make_url(TEST_DATABASE_URL)).set(database=name)
    return url.render_as_string(hide_password=False)


def drop_databases() -> None:
    """Drop the databases this run created."""
    with _lock:
        if not _created:
            return
        with _server().connect() as connection:
            for name in sorted(_created):
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _created.clear()


def remove_database(folder: Path, filename: str) -> None:
    """Make :func:`database_url`'s database unreachable: remove ``folder`` (SQLite would
    create a missing file again) or drop the database."""
    if not TEST_DATABASE_URL:
        shutil.rmtree(folder)
        return
    name = _name(folder, filename)
    with _lock, _server().connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
        _created.discard(name)

"""Schema migrations (Alembic), run by the store when it opens.

Several instances may start at once on a fresh database, so the upgrade runs under a lock:
on PostgreSQL a transaction-level advisory lock (``pg_advisory_xact_lock``), on SQLite a
``BEGIN IMMEDIATE`` transaction; both hold until the upgrade commits, and the second instance
then finds the schema current (within one process a thread lock serializes them too, as
Alembic's state is global). A database that ``create_all`` made before migrations (its tables,
no ``alembic_version``) is stamped as the initial revision, then upgraded.
"""

from __future__ import annotations

import threading
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, Engine, inspect, text

__all__ = [
    "INITIAL_REVISION",
    "INITIAL_TABLES",
    "SchemaError",
    "alembic_config",
    "head",
    "upgrade",
]

#: The revision equal to the tables ``create_all`` made before migrations.
INITIAL_REVISION = "0001"
#: Those tables.
INITIAL_TABLES = frozenset(
    {"seen_events", "watched_channels", "triage_threads", "feedback", "unmatched", "escalations"}
)
#: Any fixed 64-bit number, the same in every instance: the start-up lock's key.
_LOCK_KEY = 0x6F61757468_7472
#: Alembic's ``context`` is global to the process: one upgrade at a time in it.
_process_lock = threading.Lock()


class SchemaError(Exception):
    """The database's schema is not one the migrations can bring up to date."""


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration for our migrations, running on ``connection``."""
    config = Config()
    config.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    config.attributes["connection"] = connection
    return config


def head() -> str:
    """The newest revision."""
    revision = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert revision is not None
    return revision


def _migrate(connection: Connection) -> None:
    """Stamp a pre-migration database, then upgrade to the newest revision."""
    config = alembic_config(connection)
    current = MigrationContext.configure(connection).get_current_revision()
    if current is None:
        existing = INITIAL_TABLES & set(inspect(connection).get_table_names())
        if existing == INITIAL_TABLES:
            command.stamp(config, INITIAL_REVISION)
        elif existing:
            missing = ", ".join(sorted(INITIAL_TABLES - existing))
            raise SchemaError(f"the database has some of the bot's tables but not {missing}")
    try:
        command.upgrade(config, "head")
    except CommandError as err:
        raise SchemaError(str(err)) from None


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest revision, one instance at a time.

    Raises :class:`SchemaError` when it cannot (a partial schema, or a revision these
    migrations do not know, as a newer release leaves), or SQLAlchemy's error.
    """
    with _process_lock:
        _upgrade(engine)


def _upgrade(engine: Engine) -> None:
    backend = engine.dialect.name
    if backend == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
            _migrate(connection)
    elif backend == "sqlite":
        # pysqlite's own transaction handling is off, so the whole upgrade runs inside ours.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            try:
                _migrate(connection)
            except BaseException:
                connection.exec_driver_sql("ROLLBACK")
                raise
            connection.exec_driver_sql("COMMIT")
    else:
        with engine.begin() as connection:
            _migrate(connection)

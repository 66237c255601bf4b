"""Schema migrations: a fresh database gets today's tables, a database ``create_all`` made is
stamped and kept, and instances starting together on a fresh database all succeed."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from bot.store import Store, StoreError, open_engine
from bot.store.migrate import INITIAL_TABLES, head
from bot.store.models import Base
from tests.databases import database_url


def revision(url: str) -> str | None:
    engine = open_engine(url)
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    engine.dispose()
    return current


def test_a_fresh_database_gets_the_models_tables_at_the_newest_revision(tmp_path: Path):
    url = database_url(tmp_path, "fresh.db")
    store = Store(url)
    assert revision(url) == head()
    with store.engine.connect() as connection:
        assert set(inspect(connection).get_table_names()) == set(Base.metadata.tables) | {
            "alembic_version"
        }
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_a_database_made_by_create_all_is_stamped_and_keeps_its_rows(tmp_path: Path):
    url = database_url(tmp_path, "legacy.db")
    engine = open_engine(url)  # the tables create_all made before migrations
    Base.metadata.create_all(engine, tables=[Base.metadata.tables[n] for n in INITIAL_TABLES])
    engine.dispose()
    assert Store(url).claim("event:Ev1")
    assert revision(url) == head()
    assert not Store(url).claim("event:Ev1")


def test_a_database_with_only_some_tables_is_refused(tmp_path: Path):
    url = database_url(tmp_path, "partial.db")
    engine = open_engine(url)
    Base.metadata.tables["seen_events"].create(engine)
    engine.dispose()
    with pytest.raises(StoreError, match=r"cannot migrate the tables: .* not escalations"):
        Store(url)


def test_a_revision_from_a_newer_release_is_refused(tmp_path: Path):
    url = database_url(tmp_path, "newer.db")
    store = Store(url)
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'f00d'"))
    with pytest.raises(StoreError, match=r"cannot migrate the tables: .*f00d"):
        Store(url)


def test_opening_twice_changes_nothing(tmp_path: Path):
    url = database_url(tmp_path, "twice.db")
    Store(url).watch("C1", "U1")
    assert Store(url).is_watched("C1")
    assert revision(url) == head()


def start_together(url: str, starters: int) -> list[BaseException]:
    """Open ``starters`` stores on ``url`` at the same moment (one thread each, each with its
    own engine); what they raised."""
    barrier = threading.Barrier(starters)
    failures: list[BaseException] = []

    def start() -> None:
        barrier.wait()
        try:
            Store(url).engine.dispose()
        except BaseException as err:
            failures.append(err)

    threads = [threading.Thread(target=start) for _ in range(starters)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


#: One instance's start-up, at the Unix time given (so that all begin at the same moment).
_START = (
    "import sys, time; from bot.store import Store; "
    "time.sleep(max(0.0, float(sys.argv[2]) - time.time())); Store(sys.argv[1])"
)


def start_processes_together(url: str, starters: int) -> list[str]:
    """Open ``starters`` stores on ``url`` at the same moment, one process each (so only the
    database's lock keeps them apart); the errors of those that failed."""
    at = str(time.time() + 1.5)
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", _START, url, at],
            cwd=Path(__file__).parents[2],
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(starters)
    ]
    failed = [(process.wait(60), process.stderr.read()) for process in processes]
    return [stderr for code, stderr in failed if code != 0]


def assert_migrated_once(url: str) -> None:
    assert revision(url) == head()
    engine = create_engine(url)
    with engine.connect() as connection:
        versions = connection.execute(text("SELECT count(*) FROM alembic_version")).scalar()
        tables = set(inspect(connection).get_table_names())
    engine.dispose()
    assert versions == 1
    assert tables == set(Base.metadata.tables) | {"alembic_version"}


@pytest.mark.parametrize("starters", [2, 4])
def test_threads_starting_together_on_a_fresh_database_all_succeed(tmp_path, starters):
    for attempt in range(10):
        url = database_url(tmp_path, f"race-{attempt}.db")
        assert start_together(url, starters) == [], f"attempt {attempt}"
        assert_migrated_once(url)


def test_processes_starting_together_on_a_fresh_database_all_succeed(tmp_path):
    for attempt in range(10):
        url = database_url(tmp_path, f"race-{attempt}.db")
        assert start_processes_together(url, 4) == [], f"attempt {attempt}"
        assert_migrated_once(url)

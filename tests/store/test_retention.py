"""Retention: pastes (threads and unmatched texts) are purged after RETENTION_DAYS; opening
a database that cannot be used says why."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.store import PURGE_INTERVAL_SECONDS, Store, StoreError, open_engine
from bot.store.models import Escalation, Feedback, TriageThread, Unmatched
from bot.store.state import StoredAnswer
from tests.databases import database_url
from tests.store.test_store import Clock

DAY = 86400.0


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> Store:
    return Store(database_url(tmp_path, "store.db"), clock=clock, retention_days=30)


def answer(store: Store, paste: str = "AADSTS50011 redacted") -> int:
    shown = StoredAnswer("azure-aadsts50011", "azure:aadsts50011", 100.0, "code")
    thread = store.open_thread(
        channel="C1",
        thread_ts="1.1",
        user="U1",
        private=False,
        paste=paste,
        answers=[shown],
        check_count=2,
    )
    return thread.id


def count(store: Store, table: type) -> int:
    with store.engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(table)) or 0


def test_pastes_older_than_the_retention_are_purged_with_their_feedback(store, clock):
    old = answer(store, "old paste")
    store.record_feedback(old, "U2", helpful=True)
    assert store.claim_escalation(old, "U2", "https://x.slack.com/archives/C1/p1")
    store.record_unmatched("C1", "U1", "old unmatched text")
    clock.now += 29 * DAY
    recent = answer(store, "recent paste")
    store.record_unmatched("C1", "U1", "recent unmatched text")
    clock.now += 2 * DAY
    purged = store.purge()
    assert (purged.threads, purged.unmatched) == (1, 1)
    assert store.thread(old) is None
    kept = store.thread(recent)
    assert kept is not None and kept.paste == "recent paste"
    assert (count(store, Feedback), count(store, Escalation)) == (0, 0)
    with store.engine.connect() as connection:
        texts = connection.scalars(select(Unmatched.text)).all()
    assert texts == ["recent unmatched text"]


def test_the_retention_is_configurable(tmp_path, clock):
    store = Store(database_url(tmp_path, "short.db"), clock=clock, retention_days=1)
    answer(store)
    clock.now += 0.5 * DAY
    assert store.purge().threads == 0
    clock.now += 0.6 * DAY
    assert store.purge().threads == 1


def test_new_events_and_pastes_purge_at_most_once_an_hour(store, clock):
    answer(store)  # the first write since the store opened purges (nothing old yet)
    clock.now += 30 * DAY - PURGE_INTERVAL_SECONDS / 2
    store.claim("event:Ev1")  # purges again: the last purge is days old; the answer is not
    assert count(store, TriageThread) == 1
    clock.now += PURGE_INTERVAL_SECONDS * 0.9  # the answer is now past the retention ...
    store.record_unmatched("C1", "U1", "text")
    assert count(store, TriageThread) == 1  # ... but the last purge is not an hour old
    clock.now += PURGE_INTERVAL_SECONDS * 0.2
    answer(store)
    assert count(store, TriageThread) == 1  # the old one went, the new one stays
    assert count(store, Unmatched) == 1


def test_a_failed_purge_is_logged_and_the_write_still_happens(store, clock, monkeypatch, caplog):
    from sqlalchemy.exc import OperationalError

    def broken() -> None:
        raise OperationalError("DELETE", {}, Exception("database is locked"))

    monkeypatch.setattr(store, "purge", broken)
    assert store.claim("event:Ev1")
    assert "purging old rows failed: database is locked" in caplog.text


def test_an_unparsable_url_says_so():
    with pytest.raises(StoreError, match="not a database URL"):
        open_engine("not a url")


def test_an_unknown_database_kind_says_so():
    with pytest.raises(StoreError, match="cannot use nosuchdb://"):
        open_engine("nosuchdb://host/db")


def test_an_unreachable_database_says_so(tmp_path):
    missing = tmp_path / "no" / "such" / "folder" / "x.db"
    with pytest.raises(StoreError, match=r"cannot connect to sqlite:///.*unable to open"):
        Store(f"sqlite:///{missing}")


def test_postgres_without_a_driver_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)
    monkeypatch.setitem(sys.modules, "psycopg2", None)
    with pytest.raises(StoreError) as raised:
        open_engine("postgres://bot:s3cret@db.example.com/triage")
    message = str(raised.value)
    assert "driver for postgresql" in message
    assert "'postgres' extra" in message
    assert "s3cret" not in message


@pytest.mark.parametrize("scheme", ["postgres", "postgresql"])
@pytest.mark.parametrize("psycopg2", [None, types.ModuleType("psycopg2")])
def test_postgres_uses_psycopg_3_when_installed(monkeypatch, scheme, psycopg2):
    from bot.store import store as module

    monkeypatch.setitem(sys.modules, "psycopg", types.ModuleType("psycopg"))
    monkeypatch.setitem(sys.modules, "psycopg2", psycopg2)
    url = module._with_driver(module.make_url(f"{scheme}://bot:pw@db/triage"))
    assert url.drivername == "postgresql+psycopg"
    assert module._with_driver(module.make_url("postgres+psycopg2://x@db/t")).drivername == (
        "postgresql+psycopg2"
    )
    explicit = module._with_driver(module.make_url("postgresql+psycopg2://bot:pw@db/triage"))
    assert explicit.drivername == "postgresql+psycopg2"

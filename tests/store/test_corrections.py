"""Corrections in the store: what a wording was corrected to, the 7-day count, the samples
a curator sees, and the retention purge (what they taught goes with them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.store import Store
from bot.store.clusters import cluster
from bot.store.corrections import Corrections
from bot.store.models import TriageThread
from bot.store.state import StoredAnswer
from tests.databases import database_url
from tests.store.test_store import Clock

DAY = 86400.0
PASTE = "Portal error ERR-PORTAL-7 at https://portal.example/cb for bob@example.com"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> Store:
    return Store(database_url(tmp_path, "store.db"), clock=clock, retention_days=30)


def answered(store: Store, paste: str = PASTE) -> TriageThread:
    return store.open_thread(
        channel="C1",
        thread_ts="1.1",
        user="U1",
        private=False,
        paste=paste,
        answers=[StoredAnswer("oauth-invalid_grant", "oauth:invalid_grant", 70, "r")],
        check_count=1,
    )


def test_the_same_wording_finds_the_latest_pick(store, clock):
    corrections = Corrections(store.engine, clock=clock)
    corrections.record(answered(store), user="U1", entry_id="a", key="x:a", description=None)
    clock.now += 10
    corrections.record(answered(store), user="U2", entry_id="b", key="x:b", description=None)
    clock.now += 10
    corrections.record(answered(store), user="U3", entry_id=None, key=None, description="hm")
    other_user = PASTE.replace("bob@example.com", "eve@example.org").replace("/cb", "/callback")
    assert corrections.learnt(other_user) == "b"
    assert corrections.learnt(PASTE.replace("ERR-PORTAL-7", "ERR-PORTAL-X")) is None
    assert corrections.corrected(days=7) == 3


def test_corrections_are_purged_with_their_answers(store, clock):
    corrections = Corrections(store.engine, clock=clock)
    corrections.record(answered(store), user="U1", entry_id="a", key="x:a", description=None)
    clock.now += 31 * DAY
    store.purge()
    assert corrections.learnt(PASTE) is None
    assert corrections.corrected(days=365) == 0
    assert corrections.samples() == []


def test_samples_cluster_unmatched_and_corrected_pastes(store, clock):
    corrections = Corrections(store.engine, clock=clock)
    store.record_unmatched("C1", "U1", PASTE)
    clock.now += 1
    store.record_unmatched("C1", "U2", "Fabrikam badge sync stale, sign-in refused")
    clock.now += 1
    corrections.record(answered(store), user="U3", entry_id="a", key="x:a", description="d")
    found = cluster(corrections.samples())
    assert [(c.size, c.entry_id) for c in found] == [(2, "a"), (1, None)]
    assert found[0].descriptions == ("d",)

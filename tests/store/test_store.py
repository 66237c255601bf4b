"""The store: dedupe that expires, watched channels, check state, feedback, stats."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.store import EVENT_TTL_SECONDS, Store


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> Store:
    return Store(f"sqlite:///{tmp_path / 'store.db'}", clock=clock)


def open_thread(store: Store, *, checks: int = 3, key: str = "azure:aadsts50011"):
    answer = {"id": "azure-aadsts50011", "key": key, "score": 100.0, "reason": "code"}
    return store.open_thread(
        channel="C1",
        thread_ts="1.1",
        user="U1",
        private=False,
        paste="redacted paste",
        answers=[answer],
        check_count=checks,
    )


def test_claims_are_granted_once_and_expire(store, clock):
    assert store.claim("event:Ev1")
    assert not store.claim("event:Ev1")
    assert store.claim("event:Ev2")
    clock.now += EVENT_TTL_SECONDS + 1
    assert store.claim("event:Ev1")


def test_claims_survive_a_second_store_on_the_same_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    assert Store(url).claim("event:Ev1")
    assert not Store(url).claim("event:Ev1")


def test_watch_and_unwatch(store):
    assert not store.is_watched("C1")
    assert store.watch("C1", "U1")
    assert not store.watch("C1", "U2")
    assert store.is_watched("C1")
    assert store.unwatch("C1")
    assert not store.unwatch("C1")
    assert not store.is_watched("C1")


def test_checks_advance_in_order_and_stale_answers_are_refused(store):
    thread = open_thread(store, checks=2)
    assert thread.entry_id == "azure-aadsts50011"
    moved = store.answer_check(thread.id, 0, confirmed=False)
    assert (moved.check_index, moved.status) == (1, "open")
    assert store.answer_check(thread.id, 0, confirmed=False) is None
    last = store.answer_check(thread.id, 1, confirmed=False)
    assert (last.check_index, last.status) == (2, "exhausted")
    assert store.answer_check(thread.id, 2, confirmed=True) is None


def test_confirming_a_check_closes_the_flow(store):
    thread = open_thread(store)
    done = store.answer_check(thread.id, 0, confirmed=True)
    assert (done.check_index, done.status) == (0, "confirmed")
    assert store.answer_check(thread.id, 0, confirmed=False) is None
    assert store.answer_check(999, 0, confirmed=True) is None


def test_moving_a_thread_in_public_and_restarting_its_checks(store):
    thread = store.open_thread(
        channel="C1",
        thread_ts=None,
        user="U1",
        private=True,
        paste="p",
        answers=[],
        check_count=0,
    )
    assert thread.key is None and thread.entry_id is None
    thread = open_thread(store)
    store.answer_check(thread.id, 0, confirmed=False)
    store.move_thread(thread.id, "C2", "2.2", restart=True)
    moved = store.thread(thread.id)
    assert (moved.channel, moved.thread_ts, moved.private) == ("C2", "2.2", False)
    assert (moved.check_index, moved.status) == (0, "open")


def test_escalation_is_claimed_once_and_can_be_released(store):
    thread = open_thread(store)
    assert store.claim_escalation(thread.id, "U1", "https://x/p1")
    assert not store.claim_escalation(thread.id, "U2", None)
    store.release_escalation(thread.id)
    assert store.claim_escalation(thread.id, "U2", None)


def test_feedback_keeps_the_latest_vote_per_person(store):
    thread = open_thread(store)
    store.record_feedback(thread.id, "U1", True)
    store.record_feedback(thread.id, "U1", False)
    store.record_feedback(thread.id, "U2", True)
    stats = store.stats()
    assert (stats.helpful, stats.not_helpful) == (1, 1)


def test_stats_cover_the_last_seven_days(store, clock):
    open_thread(store, key="oauth:invalid_grant")
    store.record_unmatched("C1", "U1", "old paste")
    clock.now += 8 * 86400
    for _ in range(2):
        open_thread(store)
    open_thread(store, key="oauth:invalid_grant")
    thread = open_thread(store, key="google:redirect_uri_mismatch")
    store.claim_escalation(thread.id, "U1", None)
    store.record_unmatched("C1", "U1", "new paste")
    stats = store.stats(days=7)
    assert stats.answers == 4
    assert stats.top[0] == ("azure:aadsts50011", 2)
    assert set(stats.top[1:]) == {("oauth:invalid_grant", 1), ("google:redirect_uri_mismatch", 1)}
    assert (stats.unmatched, stats.escalations) == (1, 1)

"""The store: dedupe that expires, watched channels, check state, feedback, stats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import make_url, text

from bot.store import EVENT_TTL_SECONDS, Store
from bot.store.state import StoredAnswer, ThreadStatus
from tests.databases import TEST_DATABASE_URL, database_url


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
    return Store(database_url(tmp_path, "store.db"), clock=clock)


def open_thread(store: Store, *, checks: int = 3, key: str = "azure:aadsts50011"):
    answer = StoredAnswer("azure-aadsts50011", key, 100.0, "code")
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
    assert store.claim("event:Ev1")  # an expired claim is taken over, once
    assert not store.claim("event:Ev1")


def test_claims_survive_a_second_store_on_the_same_database(tmp_path):
    url = database_url(tmp_path, "shared.db")
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
    assert thread.stored_answers[0].entry_id == "azure-aadsts50011"
    moved = store.answer_check(thread.id, 0, confirmed=False)
    assert (moved.check_index, moved.status) == (1, ThreadStatus.OPEN)
    assert store.answer_check(thread.id, 0, confirmed=False) is None
    last = store.answer_check(thread.id, 1, confirmed=False)
    assert (last.check_index, last.status) == (2, ThreadStatus.EXHAUSTED)
    assert store.answer_check(thread.id, 2, confirmed=True) is None


def test_confirming_a_check_closes_the_flow(store):
    thread = open_thread(store)
    done = store.answer_check(thread.id, 0, confirmed=True)
    assert (done.check_index, done.status) == (0, ThreadStatus.CONFIRMED)
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
    assert thread.key is None and thread.stored_answers == ()
    thread = open_thread(store)
    store.answer_check(thread.id, 0, confirmed=False)
    store.move_thread(thread.id, "C2", "2.2", restart=True)
    moved = store.thread(thread.id)
    assert (moved.channel, moved.thread_ts, moved.private) == ("C2", "2.2", False)
    assert (moved.check_index, moved.status) == (0, ThreadStatus.OPEN)


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


def test_an_entry_kept_with_its_answer_loads_in_a_later_store(tmp_path):
    from bot.triage import Triager

    paste = "AADSTS5999999: The widget is not registered for the application."
    (match,) = Triager([]).triage(paste).matches
    url = database_url(tmp_path, "kept.db")
    kept = StoredAnswer(match.entry.id, match.key, match.score, match.reason, match.entry)
    thread = Store(url).open_thread(
        channel="C1",
        thread_ts="1.1",
        user="U1",
        private=False,
        paste=paste,
        answers=[kept],
        check_count=3,
    )
    (loaded,) = Store(url).thread(thread.id).stored_answers
    assert loaded == kept
    assert loaded.lookup({}) == match.entry


def test_rows_written_before_entries_were_kept_still_load(store):
    old = {"id": "azure-aadsts50011", "key": "azure:aadsts50011", "score": 100.0, "reason": "code"}
    broken = {**old, "id": "acme-x-unlisted", "entry": {"id": "acme-x-unlisted", "extra": 1}}
    with store.engine.begin() as connection:
        connection.execute(
            text(
                'INSERT INTO triage_threads (id, created, channel, thread_ts, "user", private,'
                " key, answers, paste, check_count, check_index, status)"
                " VALUES (5, 1, 'C1', '1.1', 'U1', false, 'azure:aadsts50011', :answers, 'p', 3,"
                " 0, 'open')"
            ),
            {"answers": json.dumps([old, broken])},
        )
    thread = store.thread(5)
    assert thread.status is ThreadStatus.OPEN
    assert thread.stored_answers == (
        StoredAnswer("azure-aadsts50011", "azure:aadsts50011", 100.0, "code"),
        StoredAnswer("acme-x-unlisted", "azure:aadsts50011", 100.0, "code"),
    )
    moved = store.answer_check(5, 0, confirmed=True)
    assert (moved.check_index, moved.status) == (0, ThreadStatus.CONFIRMED)


@pytest.mark.skipif(not TEST_DATABASE_URL, reason="needs a PostgreSQL TEST_DATABASE_URL")
@pytest.mark.parametrize("scheme", ["postgres", "postgresql"])
def test_both_postgres_spellings_reach_the_server_with_psycopg_3(tmp_path, scheme):
    url = make_url(database_url(tmp_path, "spelled.db")).set(drivername=scheme)
    store = Store(url.render_as_string(hide_password=False))
    assert (store.engine.dialect.name, store.engine.dialect.driver) == ("postgresql", "psycopg")
    assert store.claim("event:Ev1")
    store.engine.dispose()

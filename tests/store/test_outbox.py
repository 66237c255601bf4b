"""The outbox's rows: due ones are claimed oldest first, by one worker at a time, and an
expired claim may be taken again."""

from __future__ import annotations

from pathlib import Path

from bot.store import Store
from bot.store.outbox import Outbox
from tests.store.test_store import Clock


def _outbox(tmp_path: Path, clock: Clock) -> Outbox:
    return Outbox(Store(f"sqlite:///{tmp_path / 'store.db'}", clock=clock), clock=clock)


def test_only_due_calls_are_claimed_oldest_first(tmp_path):
    clock = Clock()
    outbox = _outbox(tmp_path, clock)
    later = outbox.add("chat.postMessage", {"channel": "C1", "text": "b"}, due_at=clock() + 5)
    first = outbox.add("chat.postMessage", {"channel": "C1", "text": "a"}, due_at=clock())
    assert [r.id for r in outbox.claim_due("w1", lease=30, limit=10)] == [first]
    clock.now += 5
    assert [r.id for r in outbox.claim_due("w1", lease=30, limit=10)] == [later]
    assert outbox.pending("C1") == 2 and outbox.pending("C2") == 0


def test_a_claimed_call_is_not_claimed_twice_until_its_claim_expires(tmp_path):
    clock = Clock()
    outbox = _outbox(tmp_path, clock)
    other = _outbox(tmp_path, clock)
    row = outbox.add("chat.postMessage", {"channel": "C1", "text": "a"}, due_at=clock())
    (claimed,) = outbox.claim_due("w1", lease=30, limit=10)
    assert claimed.claimed_by == "w1"
    assert other.claim_due("w2", lease=30, limit=10) == []
    clock.now += 31
    (again,) = other.claim_due("w2", lease=30, limit=10)
    assert again.id == row and again.claimed_by == "w2"
    outbox.later(row, "w1", due_at=clock(), attempts=1, error="internal_error")  # not w1's
    assert other.claim_due("w3", lease=30, limit=10) == []


def test_later_releases_the_claim_and_done_forgets_the_call(tmp_path):
    clock = Clock()
    outbox = _outbox(tmp_path, clock)
    row = outbox.add("chat.postMessage", {"channel": "C1", "text": "a"}, due_at=clock())
    outbox.claim_due("w1", lease=30, limit=10)
    outbox.later(row, "w1", due_at=clock() + 2, attempts=1, error="ratelimited")
    assert outbox.claim_due("w1", lease=30, limit=10) == []
    clock.now += 2
    (again,) = outbox.claim_due("w2", lease=30, limit=10)
    assert (again.attempts, again.last_error) == (1, "ratelimited")
    outbox.done(row)
    assert outbox.pending() == 0

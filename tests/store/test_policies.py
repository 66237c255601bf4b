"""Channel policies (kept in step with watched channels) and drafted replies (decided once,
purged with their answer)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.store import Store
from bot.store.policies import Drafts, DraftStatus, Mode, Policies, Policy
from bot.store.state import StoredAnswer
from tests.databases import database_url


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(database_url(tmp_path, "store.db"))


def test_a_saved_policy_is_read_back_and_switches_auto_triage(store):
    policies = Policies(store)
    assert policies.stored("C1") is None
    chosen = Policy(Mode.DRAFTS, threshold=90.0, in_thread=False, responders=("U7", "U8"))
    policies.save("C1", chosen, by="UADMIN")
    assert policies.stored("C1") == chosen
    assert store.is_watched("C1"), "drafts mode triages plain messages"
    policies.save("C1", Policy(Mode.MENTION), by="UADMIN")
    assert policies.stored("C1") == Policy(Mode.MENTION)
    assert not store.is_watched("C1")


def test_a_draft_is_posted_or_dismissed_once(store):
    answer = StoredAnswer("azure-aadsts50011", "azure:aadsts50011", 100.0, "code")
    thread = store.open_thread(
        channel="C1",
        thread_ts="1.1",
        user="U1",
        private=True,
        paste="p",
        answers=[answer],
        check_count=0,
    )
    drafts = Drafts(store)
    drafts.add(thread.id, {"text": "t", "blocks": []}, ["U7", "U8"])
    assert drafts.decide(thread.id, DraftStatus.POSTED, "U7")
    assert not drafts.decide(thread.id, DraftStatus.POSTED, "U8")
    assert not drafts.decide(thread.id, DraftStatus.DISMISSED, "U8")
    draft = drafts.get(thread.id)
    assert draft is not None
    assert (draft.status, draft.decided_by, draft.responders) == (
        DraftStatus.POSTED,
        "U7",
        ("U7", "U8"),
    )
    drafts.reopen(thread.id)
    assert drafts.decide(thread.id, DraftStatus.DISMISSED, "U8")


def test_drafts_are_purged_with_their_answer(tmp_path):
    now = [1_700_000_000.0]
    store = Store(database_url(tmp_path, "purge.db"), clock=lambda: now[0], retention_days=1)
    thread = store.open_thread(
        channel="C1",
        thread_ts="1.1",
        user="U1",
        private=True,
        paste="p",
        answers=[],
        check_count=0,
    )
    Drafts(store).add(thread.id, {"text": "t", "blocks": []}, ["U7"])
    now[0] += 2 * 86400
    assert store.purge().threads == 1
    assert Drafts(store).get(thread.id) is None

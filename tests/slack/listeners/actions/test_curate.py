"""The curator's view in the App Home: admins turn unmatched and corrected pastes into
knowledge (an alias, a symptom or a new entry) written to the organisation's folder once it
validates; everyone else sees only the count of corrected answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from bot.kb import KnowledgeSource, load_knowledge
from bot.kb.loader import builtin_knowledge_dir
from bot.triage import Triager
from tests.databases import database_url
from tests.slack.curation_requests import cluster_actions, home_click, home_of, submit
from tests.slack.slack_harness import RunningBot
from tests.slack.slack_standin import SlackStandIn

MISSED = "Contoso portal: sign-in blocked (ERR-PORTAL-7), the return address is not on our list"
ADMIN = "UADMIN"


def dm(text: str, ts: str, user: str = "U1") -> dict:
    return {
        "type": "message",
        "user": user,
        "text": text,
        "ts": ts,
        "channel": "D1",
        "channel_type": "im",
        "event_ts": ts,
    }


def org_bot(slack: SlackStandIn, tmp_path: Path, org: Path, name: str) -> RunningBot:
    """A bot serving the shipped knowledge plus the organisation's folder ``org`` (reloaded
    at every request), on a store of its own."""
    source = KnowledgeSource(Triager.of, folders=[builtin_knowledge_dir(), org], interval=0)
    return RunningBot(
        slack,
        tmp_path,
        triager=source,  # type: ignore[arg-type]
        database_url=database_url(tmp_path, f"{name}.db"),
        triage_admins=frozenset({ADMIN}),
    )


@pytest.fixture
def org(tmp_path: Path) -> Path:
    folder = tmp_path / "org-knowledge"
    folder.mkdir()
    return folder


@pytest.fixture
def curated(slack: SlackStandIn, tmp_path: Path, org: Path):
    running = org_bot(slack, tmp_path, org, "curated")
    yield running
    running.close()


def open_home(bot: RunningBot, slack: SlackStandIn, user: str) -> dict:
    bot.event({"type": "app_home_opened", "user": user, "channel": "D9", "tab": "home"})
    bot.settle()
    return home_of(slack, user)


def last_reply(slack: SlackStandIn, ts: str) -> str:
    (reply,) = [p for p in slack.posts() if p.params.get("thread_ts") == ts]
    return reply.params["text"]


def test_an_admins_alias_click_writes_valid_yaml_that_answers_the_missed_paste_on_a_fresh_bot(
    curated, slack, tmp_path, org
):
    curated.event(dm(MISSED, "1700000001.000100"))
    curated.event(dm(MISSED.replace("7", "9"), "1700000002.000100", user="U2"))
    curated.settle()
    assert "couldn't match this" in last_reply(slack, "1700000001.000100")

    home = open_home(curated, slack, ADMIN)
    (row,) = cluster_actions(home)
    assert "*2×* (2 unmatched)" in json.dumps(home, ensure_ascii=False), (
        "both pastes in one cluster"
    )
    select = row["elements"][0]
    home_click(
        curated, home, select, block_id=row["block_id"], selected="azure-aadsts50011", user=ADMIN
    )
    curated.settle()
    home = home_of(slack, ADMIN)
    (row,) = cluster_actions(home)
    alias = next(e for e in row["elements"] if e["action_id"] == "curate_alias")
    assert alias["text"]["text"] == "Add as alias to azure:AADSTS50011"
    assert not (org / "curated.yaml").exists(), "nothing written before the click"

    home_click(curated, home, alias, block_id=row["block_id"], user=ADMIN)
    curated.settle()
    assert "Written to" in json.dumps(home_of(slack, ADMIN), ensure_ascii=False)
    assert cluster_actions(home_of(slack, ADMIN)) == [], "answered now: no longer to review"
    written = yaml.safe_load((org / "curated.yaml").read_text())
    assert written[0]["extends"] == "azure-aadsts50011"
    assert written[0]["aliases"][0].startswith("Contoso portal: sign-in blocked (ERR-PORTAL-")
    knowledge = load_knowledge([builtin_knowledge_dir(), org])  # what kb validate loads
    (entry,) = [e for e in knowledge.entries if e.id == "azure-aadsts50011"]
    assert written[0]["aliases"][0] in entry.aliases

    curated.event(dm(MISSED, "1700000003.000100"))
    curated.settle()
    assert last_reply(slack, "1700000003.000100").startswith("azure:AADSTS50011")

    fresh = org_bot(slack, tmp_path, org, "fresh")
    try:
        fresh.event(dm(MISSED, "1700000004.000100"))
        fresh.settle()
        assert last_reply(slack, "1700000004.000100").startswith("azure:AADSTS50011")
    finally:
        fresh.close()


def test_add_as_symptom_writes_the_wording_as_a_symptom(curated, slack, org):
    curated.event(dm(MISSED, "1700000011.000100"))
    curated.settle()
    home = open_home(curated, slack, ADMIN)
    (row,) = cluster_actions(home)
    home_click(
        curated,
        home,
        row["elements"][0],
        block_id=row["block_id"],
        selected="oauth-invalid_grant",
        user=ADMIN,
    )
    curated.settle()
    (row,) = cluster_actions(home_of(slack, ADMIN))
    symptom = next(e for e in row["elements"] if e["action_id"] == "curate_symptom")
    home_click(curated, home_of(slack, ADMIN), symptom, block_id=row["block_id"], user=ADMIN)
    curated.settle()
    (written,) = yaml.safe_load((org / "curated.yaml").read_text())
    assert written["extends"] == "oauth-invalid_grant" and len(written["symptoms"]) == 1


def test_non_admins_see_only_the_count_and_their_clicks_write_nothing(curated, slack, org):
    curated.event(dm(MISSED, "1700000021.000100"))
    curated.settle()
    home = open_home(curated, slack, "U1")
    text = json.dumps(home, ensure_ascii=False)
    assert "*Answers corrected* (last 7 days): 0" in text
    assert "Curator" not in text and cluster_actions(home) == []
    assert MISSED[:20] not in text, "no one else's paste on a member's Home"

    admin_home = open_home(curated, slack, ADMIN)
    (row,) = cluster_actions(admin_home)
    forged = {"type": "button", "action_id": "curate_alias", "value": "u1:azure-aadsts50011"}
    home_click(curated, home, forged, block_id=row["block_id"], user="U1")
    curated.settle()
    assert not (org / "curated.yaml").exists()


def test_a_draft_that_fails_validation_is_not_written_and_the_admin_sees_why(curated, slack, org):
    curated.event(dm(MISSED, "1700000031.000100"))
    curated.settle()
    home = open_home(curated, slack, ADMIN)
    (row,) = cluster_actions(home)
    draft = next(e for e in row["elements"] if e["action_id"] == "curate_draft")
    home_click(curated, home, draft, block_id=row["block_id"], user=ADMIN)
    (opened,) = slack.wait_for("views.open")
    modal = opened.params["view"]
    modal = json.loads(modal) if isinstance(modal, str) else modal
    title = next(b for b in modal["blocks"] if b.get("block_id") == "draft_title")
    assert title["element"]["initial_value"].startswith("Contoso portal: sign-in blocked")
    fields = {
        "draft_id": "contoso-portal-7",
        "draft_provider": "azure",
        "draft_code": "PORTAL7",
        "draft_title": MISSED,
        "draft_cause": "The portal's app registration lacks the return address.",
        "draft_fix": "Ask the identity team to register the address.\nRetry after an hour.",
        "draft_checks": "Is it a new deployment slot?",
    }
    refused = submit(curated, modal, fields, user=ADMIN)
    assert refused["response_action"] == "errors"
    assert "does not look like a azure code" in refused["errors"]["draft_title"]
    assert not (org / "curated.yaml").exists()

    missing = submit(curated, modal, fields | {"draft_checks": ""}, user=ADMIN)
    assert "draft_checks" in missing["errors"]

    written = submit(curated, modal, fields | {"draft_provider": "contoso"}, user=ADMIN)
    assert written["response_action"] == "update"
    (entry,) = yaml.safe_load((org / "curated.yaml").read_text())
    assert entry["id"] == "contoso-portal-7" and entry["fix"][1] == "Retry after an hour."
    curated.event(dm(MISSED, "1700000032.000100"))
    curated.settle()
    assert last_reply(slack, "1700000032.000100").startswith("contoso:PORTAL7")


def test_without_an_organisation_folder_nothing_is_written(bot, slack):
    bot.store.record_unmatched("D1", "U2", MISSED)
    slack.users["U1"] = {"is_admin": True}
    home = open_home(bot, slack, "U1")
    (row,) = cluster_actions(home)
    home_click(
        bot, home, row["elements"][0], block_id=row["block_id"], selected="oauth-invalid_grant"
    )
    bot.settle()
    (row,) = cluster_actions(home_of(slack))
    alias = next(e for e in row["elements"] if e["action_id"] == "curate_alias")
    home_click(bot, home_of(slack), alias, block_id=row["block_id"])
    bot.settle()
    assert "there is no organisation knowledge folder" in json.dumps(
        home_of(slack), ensure_ascii=False
    )

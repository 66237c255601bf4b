"""The slash command: private answers with a Share button, help, watch / unwatch."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from bot.store.policies import Mode, Policies, Policy
from tests.slack.slack_harness import AADSTS50011, RunningBot, message
from tests.slack.slack_standin import CHANNEL_CREATOR

SECRET = "s3cr3t-Value_123"


def test_command_answers_privately_with_a_share_button(bot, slack):
    status, body = bot.command(AADSTS50011)
    assert (status, body) == (200, b"")
    (reply,) = slack.wait_for("respond")
    assert reply.params["response_type"] == "ephemeral"
    assert reply.params["text"].startswith("azure:AADSTS50011")
    assert "share_answer" in reply.buttons()
    bot.settle()
    assert slack.posts() == []


def test_share_posts_the_answer_in_the_channel(bot, slack):
    bot.command(AADSTS50011, channel="C7")
    (reply,) = slack.wait_for("respond")
    bot.click(reply.buttons()["share_answer"], channel="C7")
    (post,) = slack.wait_for("chat.postMessage")
    assert post.params["channel"] == "C7"
    assert "thread_ts" not in post.params
    assert post.params["text"].startswith("azure:AADSTS50011")
    assert "share_answer" not in post.buttons()
    done = slack.wait_for("respond", count=2)[1]
    assert done.params["replace_original"] is True
    assert "Shared" in done.params["text"]


def test_share_where_the_bot_is_not_a_member_explains_privately(bot, slack):
    bot.command(AADSTS50011)
    (reply,) = slack.wait_for("respond")
    slack.fail("chat.postMessage", "not_in_channel")
    bot.click(reply.buttons()["share_answer"])
    note = slack.wait_for("respond", count=2)[1]
    assert "/invite" in note.params["text"]
    assert note.params["response_type"] == "ephemeral"


def test_no_text_gives_usage_and_help_says_what_the_bot_knows(bot, slack):
    bot.command("")
    bot.command("help")
    usage, known = slack.wait_for("respond", count=2)
    texts = sorted([usage.all_text(), known.all_text()])
    assert any("azure (1)" in t and "google (1)" in t and "oauth (1)" in t for t in texts)
    assert all("/oauthhelp" in t for t in texts)


def test_watch_and_unwatch_switch_auto_triage_for_the_channel(bot, slack):
    slack.users["U1"] = {"is_admin": True}
    bot.command("watch", channel="CW")
    (on,) = slack.wait_for("respond")
    assert "Auto-triage is on" in on.params["text"]
    assert bot.store.is_watched("CW")
    bot.event(message(AADSTS50011, channel="CW", ts="1700000020.000100"))
    slack.wait_for("chat.postMessage")
    bot.command("unwatch", channel="CW")
    off = slack.wait_for("respond", count=2)[1]
    assert "off" in off.params["text"]
    assert not bot.store.is_watched("CW")
    bot.event(message(AADSTS50011, channel="CW", ts="1700000021.000100"))
    bot.settle()
    assert len(slack.posts()) == 1


def test_oversized_command_text_gets_a_polite_answer(bot, slack):
    text = "log line " * 5_000
    bot.command(text)
    (reply,) = slack.wait_for("respond")
    assert f"{len(text.strip()):,} characters" in reply.params["text"]


def test_a_shared_answer_says_who_shared_it_and_quotes_the_first_line(bot, slack):
    paste = f"@channel <!here> client_secret={SECRET} sign-in broke: {AADSTS50011}\nmore logs"
    bot.command(paste, channel="C7", user="U5")
    (reply,) = slack.wait_for("respond")
    bot.click(reply.buttons()["share_answer"], user="U5", channel="C7", on=reply)
    (post,) = slack.wait_for("chat.postMessage")
    lead = post.blocks[0]["text"]
    assert lead["verbatim"] is True
    head, quote = lead["text"].split("\n>")
    assert head == "Shared by <@U5>, about:"
    assert quote.startswith("@\u2060channel client_secret=[redacted")
    assert "sign-in broke: AADSTS50011: The redirect URI" in quote
    assert len(quote) <= 150 and quote.endswith("…")
    assert "<!" not in quote and "more logs" not in quote
    assert post.params["text"].startswith("azure:AADSTS50011: The redirect URI 'https://app.")
    assert SECRET not in json.dumps([call.params for call in slack.calls])


def refusal(slack, count: int = 1) -> str:
    reply = slack.wait_for("respond", count=count)[count - 1]
    assert reply.params["response_type"] == "ephemeral"
    return reply.params["text"]


@pytest.mark.parametrize("flag", ["is_admin", "is_owner", "is_primary_owner"])
def test_workspace_admins_and_owners_may_watch(bot, slack, flag):
    slack.users["UADMIN"] = {flag: True}
    bot.command("watch", channel="CW", user="UADMIN")
    assert "Auto-triage is on" in refusal(slack)
    assert bot.store.is_watched("CW")
    (asked,) = slack.calls_to("users.info")
    assert asked.params["user"] == "UADMIN"


def test_the_channels_creator_may_watch_and_unwatch(bot, slack):
    bot.command("watch", channel="CW", user=CHANNEL_CREATOR)
    assert "Auto-triage is on" in refusal(slack)
    (looked_up,) = slack.calls_to("conversations.info")
    assert looked_up.params["channel"] == "CW"
    bot.command("unwatch", channel="CW", user=CHANNEL_CREATOR)
    assert "Auto-triage is off" in refusal(slack, 2)
    assert not bot.store.is_watched("CW")


def test_users_in_triage_admins_may_watch_without_a_lookup(slack, tmp_path):
    bot = RunningBot(slack, tmp_path, triage_admins=frozenset({"UOPS"}))
    try:
        bot.command("watch", channel="CW", user="UOPS")
        assert "Auto-triage is on" in refusal(slack)
        assert bot.store.is_watched("CW")
        assert slack.calls_to("users.info") == slack.calls_to("conversations.info") == []
    finally:
        bot.close()


def test_anyone_else_gets_a_polite_no_and_nothing_changes(bot, slack):
    slack.users["UADMIN"] = {"is_admin": True}
    bot.command("watch", channel="CW", user="U2")
    no = refusal(slack)
    assert no.startswith("Sorry, only workspace admins, the person who created <#CW>")
    assert "TRIAGE_ADMINS" in no
    assert not bot.store.is_watched("CW")
    bot.command("watch", channel="CW", user="UADMIN")
    refusal(slack, 2)
    bot.command("unwatch", channel="CW", user="U2")
    assert refusal(slack, 3).startswith("Sorry")
    assert bot.store.is_watched("CW")
    bot.settle()
    assert slack.posts() == []


def test_a_private_channel_the_bot_cannot_see_is_not_the_users(bot, slack):
    slack.fail("conversations.info", "channel_not_found")
    bot.command("watch", channel="GPRIVATE", user="U2")
    assert refusal(slack).startswith("Sorry")
    assert not bot.store.is_watched("GPRIVATE")


def test_an_install_without_the_scopes_says_auto_triage_needs_the_full_manifest(bot, slack):
    slack.fail("users.info", "missing_scope")
    bot.command("watch", channel="CW", user="U2")
    assert "manifest.yml" in refusal(slack)
    assert not bot.store.is_watched("CW")


def test_a_failed_lookup_asks_to_try_again(bot, slack):
    slack.fail("users.info", "fatal_error")
    bot.command("watch", channel="CW", user="U2")
    assert "try again" in refusal(slack)
    assert not bot.store.is_watched("CW")


def test_in_a_dm_watch_explains_without_a_lookup(bot, slack):
    bot.command("watch", channel="DU2", user="U2")
    assert "in a DM I answer every message" in refusal(slack)
    assert slack.calls_to("users.info") == []


def test_watch_and_unwatch_set_the_channels_policy_mode_and_keep_its_other_settings(bot, slack):
    slack.users["U1"] = {"is_admin": True}
    chosen = Policy(Mode.DRAFTS, threshold=90.0, in_thread=False, responders=("U7",))
    Policies(bot.store).save("CW", chosen, by="U1")
    bot.command("watch", channel="CW")
    assert "Auto-triage is on" in refusal(slack)
    assert Policies(bot.store).stored("CW") == replace(chosen, mode=Mode.AUTO)
    bot.command("unwatch", channel="CW")
    assert "Auto-triage is off" in refusal(slack, 2)
    assert Policies(bot.store).stored("CW") == replace(chosen, mode=Mode.MENTION)
    bot.command("unwatch", channel="CW")
    assert "was not on" in refusal(slack, 3)


def test_unwatch_stops_auto_triage_in_a_triage_channels_channel(bot, slack):
    slack.users["U1"] = {"is_admin": True}
    bot.command("watch", channel="CAUTO")
    assert "already on" in refusal(slack), "TRIAGE_CHANNELS is auto until a policy is set"
    bot.command("unwatch", channel="CAUTO")
    assert "Auto-triage is off" in refusal(slack, 2)
    assert Policies(bot.store).stored("CAUTO") == Policy(Mode.MENTION)
    bot.event(message(AADSTS50011, channel="CAUTO"))
    bot.settle()
    assert slack.posts() == []

"""Saving a channel's settings modal: admins change the stored policy (and the bot follows
it at once); anyone else is told why in the modal and nothing changes."""

from __future__ import annotations

import json

from bot.store.policies import Mode, Policies, Policy
from tests.slack.curation_requests import home_of
from tests.slack.policy_payloads import submit_settings
from tests.slack.slack_harness import AADSTS50011, RunningBot, message
from tests.slack.slack_standin import CHANNEL_CREATOR


def test_an_admin_sets_a_channels_policy_and_the_bot_follows_it(bot, slack):
    slack.users["UADMIN"] = {"is_admin": True}
    status, answer = submit_settings(
        bot, "CAUTO", user="UADMIN", mode="mention", threshold="90", place="channel"
    )
    assert (status, answer) == (200, None), "the modal closes"
    assert Policies(bot.store).stored("CAUTO") == Policy(Mode.MENTION, 90.0, in_thread=False)
    bot.event(message(AADSTS50011, channel="CAUTO"))
    bot.settle()
    assert slack.posts() == [], "a TRIAGE_CHANNELS channel set to mention mode stays quiet"


def test_the_channels_creator_may_set_drafts_with_responders(bot, slack):
    status, _ = submit_settings(bot, "CW", user=CHANNEL_CREATOR, mode="drafts", responders=("U7",))
    assert status == 200
    assert Policies(bot.store).stored("CW") == Policy(Mode.DRAFTS, responders=("U7",))
    assert bot.store.is_watched("CW")


def test_anyone_else_is_told_in_the_modal_and_nothing_changes(bot, slack):
    status, answer = submit_settings(bot, "CW", user="U2", mode="auto")
    assert status == 200
    assert answer is not None and answer["response_action"] == "errors"
    (why,) = answer["errors"].values()
    assert why.startswith("Sorry, only workspace admins, the person who created this channel")
    assert Policies(bot.store).stored("CW") is None
    bot.event(message(AADSTS50011, channel="CW"))
    bot.settle()
    assert slack.posts() == []


def test_drafts_need_someone_to_send_them_to(bot, slack):
    slack.users["UADMIN"] = {"is_admin": True}
    _, answer = submit_settings(bot, "CW", user="UADMIN", mode="drafts")
    assert answer is not None
    assert answer["errors"] == {"policy_responders": "Pick at least one responder."}
    assert Policies(bot.store).stored("CW") is None


def test_with_triage_admins_drafts_need_no_responders(slack, tmp_path):
    bot = RunningBot(slack, tmp_path, triage_admins=frozenset({"UOPS"}))
    try:
        status, answer = submit_settings(bot, "CW", user="UOPS", mode="drafts")
        assert (status, answer) == (200, None)
        assert Policies(bot.store).stored("CW") == Policy(Mode.DRAFTS)
    finally:
        bot.close()


def test_the_home_lists_the_channels_with_settings_of_their_own(bot, slack):
    bot.event({"type": "app_home_opened", "user": "U5", "channel": "D9", "tab": "home"})
    bot.settle()
    assert "None yet: every channel follows" in json.dumps(home_of(slack, "U5"))

    slack.users["UADMIN"] = {"is_admin": True}
    submit_settings(bot, "CAUTO", user="UADMIN", mode="auto", threshold="85", place="channel")
    submit_settings(bot, "CW", user=CHANNEL_CREATOR, mode="drafts", responders=("U7",))
    bot.event({"type": "app_home_opened", "user": "U5", "channel": "D9", "tab": "home"})
    bot.settle()
    shown = json.dumps(home_of(slack, "U5"))
    assert "<#CW>: Drafts, replies in the thread, drafts to <@U7>" in shown
    assert "<#CAUTO>: Auto-triage, score 85 or more unasked, replies in the channel" in shown
    assert shown.index("<#CW>") < shown.index("<#CAUTO>"), "the last changed first"

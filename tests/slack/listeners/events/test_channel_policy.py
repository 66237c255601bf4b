"""Each channel's policy, as admins set it, decides what the bot does with its messages:
answer only mentions, auto-triage plain messages, how sure it must be to answer unasked,
and whether replies go in the thread or in the channel."""

from __future__ import annotations

from bot.store.policies import Mode, Policies, Policy
from tests.slack.slack_harness import AADSTS50011, mention, message

#: Read unasked, this scores 85 (by meaning): answered by default, not at a threshold of 90.
BORDERLINE = "The provided authorization grant is invalid, expired, or revoked"


def set_policy(bot, channel: str, policy: Policy) -> None:
    Policies(bot.store).save(channel, policy, by="UADMIN")


def test_in_mention_mode_a_paste_gets_no_reply_but_a_mention_does(bot, slack):
    set_policy(bot, "C1", Policy(Mode.MENTION))
    bot.event(message(AADSTS50011, channel="C1", ts="1700000101.000100"))
    bot.settle()
    assert slack.posts() == []
    bot.event(mention(AADSTS50011, ts="1700000102.000100"))
    (post,) = slack.wait_for("chat.postMessage")
    assert (post.params["channel"], post.params["thread_ts"]) == ("C1", "1700000102.000100")
    assert post.params["text"].startswith("azure:AADSTS50011")


def test_in_auto_mode_a_paste_is_answered_in_its_thread(bot, slack):
    set_policy(bot, "C1", Policy(Mode.AUTO))
    bot.event(message(AADSTS50011, channel="C1", ts="1700000103.000100"))
    (post,) = slack.wait_for("chat.postMessage")
    assert (post.params["channel"], post.params["thread_ts"]) == ("C1", "1700000103.000100")
    assert post.params["text"].startswith("azure:AADSTS50011")


def test_a_high_threshold_leaves_a_borderline_match_unanswered_unless_asked(bot, slack):
    set_policy(bot, "C1", Policy(Mode.AUTO))
    bot.event(message(BORDERLINE, channel="C1", ts="1700000104.000100"))
    (post,) = slack.wait_for("chat.postMessage")
    assert post.params["text"].startswith("oauth:invalid_grant"), "answered by default"
    set_policy(bot, "C2", Policy(Mode.AUTO, threshold=90.0))
    bot.event(message(BORDERLINE, channel="C2", ts="1700000105.000100"))
    bot.event(message(AADSTS50011, channel="C2", ts="1700000106.000100"))
    bot.settle()
    (_, sure) = slack.posts()
    assert sure.params["thread_ts"] == "1700000106.000100", "a stated code still scores 100"
    assert sure.params["text"].startswith("azure:AADSTS50011")
    bot.event(mention(BORDERLINE, ts="1700000107.000100", channel="C2"))
    asked = slack.wait_for("chat.postMessage", count=3)[2]
    assert asked.params["thread_ts"] == "1700000107.000100"
    assert "oauth:invalid_grant" in asked.params["text"], "the threshold is for unasked answers"


def test_with_replies_in_thread_off_the_reply_is_a_channel_message(bot, slack):
    set_policy(bot, "C1", Policy(Mode.AUTO, in_thread=False))
    bot.event(message(AADSTS50011, channel="C1", ts="1700000108.000100"))
    (post,) = slack.wait_for("chat.postMessage")
    assert post.params["channel"] == "C1"
    assert not post.params.get("thread_ts")
    assert post.params["text"].startswith("azure:AADSTS50011")
    thread = bot.store.thread(1)
    assert thread is not None and not thread.private
    bot.event(mention(AADSTS50011, ts="1700000109.000100"))
    bot.event(mention(AADSTS50011, ts="1700000110.000200", thread_ts="1700000110.000100"))
    bot.settle()
    places = sorted(str(p.params.get("thread_ts")) for p in slack.posts()[1:])
    # a top-level mention is answered in the channel; a mention in a thread, in its thread
    assert places == ["1700000110.000100", "None"]


def test_a_pasted_secret_is_still_redacted_and_warned_about_when_nothing_is_answered(bot, slack):
    set_policy(bot, "C1", Policy(Mode.AUTO, threshold=95.0))
    token = "abcdefghijklmnopqrstuvwxyz0123456789"
    bot.event(message(f"Authorization: Bearer {token}\n{BORDERLINE}", channel="C1"))
    bot.settle()
    assert slack.posts() == []
    (warning,) = slack.calls_to("chat.postEphemeral")
    assert warning.params["user"] == "U1"
    assert token not in str([call.params for call in slack.calls])

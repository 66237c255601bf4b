"""Interactive follow-up checks, escalation, feedback and suggestions, end to end."""

from __future__ import annotations

from pathlib import Path

from tests.slack.slack_harness import AADSTS50011, RunningBot, mention
from tests.slack.slack_standin import SlackStandIn


def answer(bot, slack):
    bot.event(mention(AADSTS50011, ts="1700000040.000100"))
    (post,) = slack.wait_for("chat.postMessage")
    return post


def test_next_check_walks_every_check_then_escalates(bot, slack):
    post = answer(bot, slack)
    for number in (2, 3):
        bot.click(post.buttons()["check_next"])
        post = slack.wait_for("chat.postMessage", count=number)[-1]
        assert post.params["thread_ts"] == "1700000040.000100"
        assert f"Check {number} of 3" in post.params["text"]
    bot.click(post.buttons()["check_next"])
    last = slack.wait_for("chat.postMessage", count=4)[-1]
    assert "None of the 3 checks" in last.params["text"]
    assert "escalate" in last.buttons()
    bot.click(last.buttons()["escalate"], user="U9")
    posts = slack.wait_for("chat.postMessage", count=6)
    summary = next(p for p in posts if p.params["channel"] == "CESC")
    (link,) = slack.calls_to("chat.getPermalink")
    assert (link.params["channel"], link.params["message_ts"]) == ("C1", "1700000040.000100")
    text = summary.all_text()
    assert "azure:AADSTS50011" in text and "<@U9>" in text
    assert "https://test.slack.com/archives/C1/p1700000040000100" in text
    assert "0f4211a6-4d87-4d2d-99f2-76101fca1191" in text
    assert "trailing slash" in text and "platform type" in text and "registration" in text
    told = next(p for p in posts[4:] if p.params["channel"] == "C1")
    assert "Escalated to <#CESC>" in told.params["text"]


def test_that_is_it_posts_the_fix_and_later_clicks_are_stale(bot, slack):
    post = answer(bot, slack)
    bot.click(post.buttons()["check_confirm"])
    found = slack.wait_for("chat.postMessage", count=2)[-1]
    assert found.params["thread_ts"] == "1700000040.000100"
    assert "Found it" in found.params["text"]
    assert "Register it on the app." in found.all_text()
    bot.click(post.buttons()["check_next"])
    (stale,) = slack.wait_for("respond")
    assert "already answered" in stale.params["text"]
    assert len(slack.posts()) == 2


def test_escalating_twice_posts_once(bot, slack):
    post = answer(bot, slack)
    for count in (2, 3, 4):
        bot.click(post.buttons()["check_next"])
        post = slack.wait_for("chat.postMessage", count=count)[-1]
    bot.click(post.buttons()["escalate"])
    bot.settle()
    bot.click(post.buttons()["escalate"])
    (again,) = slack.wait_for("respond")
    assert "already escalated" in again.params["text"]
    assert len([p for p in slack.posts() if p.params["channel"] == "CESC"]) == 1


def test_without_an_escalation_channel_no_escalate_button(slack: SlackStandIn, tmp_path: Path):
    bot = RunningBot(slack, tmp_path, escalation_channel=None)
    try:
        post = answer(bot, slack)
        for count in (2, 3, 4):
            bot.click(post.buttons()["check_next"])
            post = slack.wait_for("chat.postMessage", count=count)[-1]
        assert "escalate" not in post.buttons()
        assert "feedback_helpful" in post.buttons()
    finally:
        bot.close()


def test_feedback_is_one_vote_per_person(bot, slack):
    post = answer(bot, slack)
    bot.click(post.buttons()["feedback_helpful"], user="U1")
    bot.settle()
    bot.click(post.buttons()["feedback_unhelpful"], user="U1")
    bot.click(post.buttons()["feedback_helpful"], user="U2")
    thanks = slack.wait_for("respond", count=3)
    assert all(t.params["response_type"] == "ephemeral" for t in thanks)
    stats = bot.store.stats()
    assert (stats.helpful, stats.not_helpful) == (1, 1)


def test_private_answers_continue_privately(bot, slack):
    bot.command(AADSTS50011)
    (reply,) = slack.wait_for("respond")
    bot.click(reply.buttons()["check_next"])
    nxt = slack.wait_for("respond", count=2)[-1]
    assert "Check 2 of 3" in nxt.params["text"]
    assert nxt.params["response_type"] == "ephemeral"
    bot.settle()
    assert slack.posts() == []


def test_a_suggestion_button_explains_the_picked_candidate(full_bot, slack):
    bot = full_bot
    bot.event(mention("provided authorization grant is invalid", ts="1700000041.000100"))
    (offer,) = slack.wait_for("chat.postMessage")
    bot.click(offer.buttons()["suggestion_0"])
    picked = slack.wait_for("chat.postMessage", count=2)[-1]
    assert picked.params["thread_ts"] == "1700000041.000100"
    assert picked.params["text"].startswith("oauth:unsupported_grant_type")
    assert "picked from the closest candidates" in picked.all_text()
    assert "check_next" in picked.buttons()

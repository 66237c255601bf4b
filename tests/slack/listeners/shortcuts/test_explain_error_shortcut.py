"""The "Explain this error" message shortcut: private, shareable into the message's thread."""

from __future__ import annotations

from tests.slack.slack_harness import AADSTS50011


def test_shortcut_answers_privately_and_shares_into_the_message_thread(bot, slack):
    target = {"type": "message", "user": "U2", "ts": "1700000030.000100", "text": AADSTS50011}
    assert bot.shortcut(target, user="U1", channel="C3") == 200
    (reply,) = slack.wait_for("respond")
    assert reply.params["response_type"] == "ephemeral"
    assert reply.params["text"].startswith("azure:AADSTS50011")
    bot.click(reply.buttons()["share_answer"], channel="C3")
    (post,) = slack.wait_for("chat.postMessage")
    assert post.params["channel"] == "C3"
    assert post.params["thread_ts"] == "1700000030.000100"


def test_shortcut_on_a_message_without_an_error_offers_help(bot, slack):
    bot.shortcut({"type": "message", "user": "U2", "ts": "1700000031.000100", "text": "lunch?"})
    (reply,) = slack.wait_for("respond")
    assert "couldn't match this to a known error" in reply.params["text"]
    assert slack.posts() == []


def test_a_shared_answer_names_who_shared_it_and_quotes_the_message(bot, slack):
    text = f"Login fails for everyone since the deploy\n{AADSTS50011}"
    target = {"type": "message", "user": "U2", "ts": "1700000032.000100", "text": text}
    bot.shortcut(target, user="U1", channel="C3")
    (reply,) = slack.wait_for("respond")
    bot.click(reply.buttons()["share_answer"], channel="C3", on=reply)
    (post,) = slack.wait_for("chat.postMessage")
    lead = post.blocks[0]["text"]["text"]
    assert lead == "Shared by <@U1>, about:\n>Login fails for everyone since the deploy"

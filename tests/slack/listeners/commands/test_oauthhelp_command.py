"""The slash command: private answers with a Share button, help, watch / unwatch."""

from __future__ import annotations

import json

from tests.slack.slack_harness import AADSTS50011, message

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

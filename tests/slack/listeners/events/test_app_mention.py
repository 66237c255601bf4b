"""@mentions: answered in the thread, the thread's parent when the mention is empty, once."""

from __future__ import annotations

import json

from tests.slack.slack_harness import AADSTS50011, mention


def test_mention_is_answered_in_its_thread_with_one_answer_that_fits(bot, slack):
    assert bot.event(mention(AADSTS50011, ts="1700000001.000100")) == 200
    (post,) = slack.wait_for("chat.postMessage")
    params = post.params
    assert params["channel"] == "C1"
    assert params["thread_ts"] == "1700000001.000100"
    assert params["unfurl_links"] is False and params["unfurl_media"] is False
    assert params["text"].startswith("azure:AADSTS50011: The redirect URI 'https://app.example")
    kinds = [b["type"] for b in post.blocks]
    assert kinds[0] == "header" and "actions" in kinds
    assert kinds.count("header") == 1 and len(kinds) <= 12
    header = post.blocks[0]["text"]["text"]
    assert "'https://app.example.com/cb'" in header and "'abc'" in header
    text = post.all_text()
    shows = text.index("What your paste shows")
    assert shows < text.index("What it means") < text.index("What to do")
    assert "0f4211a6-4d87-4d2d-99f2-76101fca1191" in text  # trace ID among what the paste shows
    assert "URI: https://app.example.com/cb" in text
    assert "login.microsoftonline.com/error?code=50011" in text
    assert "{uri}" not in json.dumps(post.blocks) and "{app}" not in params["text"]
    assert {"check_confirm", "check_next", "more_details", "feedback_helpful"} <= set(
        post.buttons()
    )


def test_more_posts_every_step_check_and_the_support_bundle_in_the_thread(bot, slack):
    bot.event(mention(AADSTS50011, ts="1700000002.000100"))
    (post,) = slack.wait_for("chat.postMessage")
    bot.click(post.buttons()["more_details"])
    details = slack.wait_for("chat.postMessage", count=2)[-1]
    assert details.params["thread_ts"] == "1700000002.000100"
    text = details.all_text()
    for part in ("What to do", "Checks that narrow it down", "Support bundle"):
        assert part in text
    assert "Error: azure:AADSTS50011 (The redirect URI 'https://app.example.com/cb'" in text
    assert "968cca79-936b-4330-81c2-c1d4799d741b" in text


def test_empty_mention_in_a_thread_explains_the_parent_message(bot, slack):
    parent = "1700000000.000001"
    slack.threads[("C1", parent)] = [{"ts": parent, "user": "U2", "text": AADSTS50011}]
    bot.event(mention("", ts="1700000003.000100", thread_ts=parent))
    (post,) = slack.wait_for("chat.postMessage")
    (replies,) = slack.calls_to("conversations.replies")
    assert replies.params["ts"] == parent
    assert post.params["thread_ts"] == parent
    assert post.params["text"].startswith("azure:AADSTS50011")


def test_mention_asking_about_the_thread_in_words_also_reads_the_parent(bot, slack):
    parent = "1700000000.000002"
    slack.threads[("C1", parent)] = [{"ts": parent, "user": "U2", "text": AADSTS50011}]
    bot.event(mention("what does this mean?", ts="1700000003.000200", thread_ts=parent))
    (post,) = slack.wait_for("chat.postMessage")
    assert post.params["text"].startswith("azure:AADSTS50011")


def test_empty_top_level_mention_gets_usage_help(bot, slack):
    bot.event(mention(""))
    (post,) = slack.wait_for("chat.postMessage")
    assert "/oauthhelp" in post.all_text()
    assert not slack.calls_to("conversations.replies")


def test_slack_retries_of_one_event_are_answered_once(bot, slack):
    event = mention(AADSTS50011)
    statuses = [bot.event(event, event_id="EvSAME")]
    statuses += [bot.event(event, event_id="EvSAME", retry_num=n) for n in (1, 2, 3)]
    bot.settle()
    assert statuses == [200, 200, 200, 200]
    assert len(slack.posts()) == 1


def test_a_retry_is_answered_when_the_first_delivery_never_arrived(bot, slack):
    bot.event(mention(AADSTS50011), event_id="EvLOST", retry_num=1)
    bot.settle()
    assert len(slack.posts()) == 1


def test_mention_and_message_events_for_one_message_answer_once(bot, slack):
    ts = "1700000004.000100"
    text = f"<@UBOT> {AADSTS50011}"
    bot.event({**mention(AADSTS50011, ts=ts, channel="CAUTO"), "type": "message", "text": text})
    bot.event(mention(AADSTS50011, ts=ts, channel="CAUTO"))
    bot.settle()
    assert len(slack.posts()) == 1
    assert slack.posts()[0].params["thread_ts"] == ts


def test_mentions_by_bots_are_ignored(bot, slack):
    bot.event(mention(AADSTS50011, bot_id="BOTHER"))
    bot.settle()
    assert slack.posts() == []


def test_not_in_channel_sends_the_answer_by_direct_message(bot, slack):
    slack.fail("chat.postMessage", "not_in_channel")
    bot.event(mention(AADSTS50011))
    posts = slack.wait_for("chat.postMessage", count=3)
    (opened,) = slack.calls_to("conversations.open")
    assert opened.params["users"] == "U1"
    assert [p.params["channel"] for p in posts] == ["C1", "DU1", "DU1"]
    assert "couldn't reply" in posts[1].params["text"]
    assert posts[2].params["text"].startswith("azure:AADSTS50011")


def test_rate_limited_reply_is_retried_after_retry_after(bot, slack):
    slack.rate_limit_once("chat.postMessage")
    bot.event(mention(AADSTS50011))
    bot.settle()
    first, second = slack.posts()
    assert first.params == second.params
    assert not slack.calls_to("conversations.open")


def test_server_errors_are_retried(bot, slack):
    slack.fail("chat.postMessage", "internal_error", status=503)
    bot.event(mention(AADSTS50011))
    bot.settle()
    assert len(slack.posts()) == 2
    assert not slack.calls_to("conversations.open")


def test_pasted_mentions_are_escaped_so_nobody_is_pinged(bot, slack):
    paste = AADSTS50011.replace("app.example.com/cb", "app.example.com/cb&lt;!channel&gt;")
    bot.event(mention(paste))
    (post,) = slack.wait_for("chat.postMessage")
    text = post.all_text()
    assert "&lt;!channel&gt;" in text
    assert "<!channel>" not in text


def test_events_are_acknowledged_before_the_reply_is_posted(bot, slack):
    gate = slack.hold("chat.postMessage")
    try:
        assert bot.event(mention(AADSTS50011)) == 200
        slack.wait_for("chat.postMessage")  # the reply is still waiting on the stand-in
        assert not gate.is_set()
    finally:
        gate.set()
    bot.settle()

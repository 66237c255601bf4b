"""Message metadata on every answer the bot posts (``oauth_triage_answer``), kept up to date
as the checks move on, and kept through the outbox: what other apps and workflows read."""

from __future__ import annotations

from typing import Any

from tests.slack.slack_harness import AADSTS50011, mention, message
from tests.slack.slack_standin import Call

CHECK_COUNT = 3


def payload(call: Call) -> dict[str, Any]:
    """The answer's metadata payload, after checking its type and its values' types."""
    metadata = call.params["metadata"]
    assert metadata["event_type"] == "oauth_triage_answer"
    found = metadata["event_payload"]
    assert set(found) == {"key", "provider", "confidence", "state", "thread_id"}
    assert all(isinstance(v, str | int | float | bool) for v in found.values())
    return found


def thread_of(call: Call) -> int:
    """The store's thread of a posted answer, as its buttons carry it."""
    return int(call.buttons()["feedback_helpful"]["value"])


def test_an_answer_says_what_the_bot_decided(bot, slack):
    bot.event(mention(AADSTS50011, ts="1700000500.000100"))
    (post,) = slack.wait_for("chat.postMessage")
    assert payload(post) == {
        "key": "azure:AADSTS50011",
        "provider": "azure",
        "confidence": 100.0,
        "state": "open",
        "thread_id": thread_of(post),
    }


def test_an_unmatched_reply_says_so(bot, slack):
    bot.event(mention("the thing on the login page looks weird today", ts="1700000501.000100"))
    (post,) = slack.wait_for("chat.postMessage")
    assert "couldn't match" in post.params["text"]
    found = payload(post)
    assert (found["key"], found["provider"], found["state"]) == ("", "", "unmatched")
    assert found["confidence"] == 0 and found["thread_id"] > 0


def test_notices_are_not_answers(bot, slack):
    bot.event(mention("", ts="1700000502.000100"))
    (usage,) = slack.wait_for("chat.postMessage")
    assert "metadata" not in usage.params


def test_the_state_follows_the_checks_confirmed(bot, slack):
    bot.event(mention(AADSTS50011, ts="1700000503.000100"))
    (post,) = slack.wait_for("chat.postMessage")
    bot.click(post.buttons()["check_next"], on=post)
    second = slack.wait_for("chat.update")[-1]
    assert payload(second) == payload(post), "still open: the next check is asked"
    bot.click(second.buttons()["check_confirm"], on=second)
    found = slack.wait_for("chat.update", count=2)[-1]
    assert payload(found) == payload(post) | {"state": "confirmed"}
    bot.settle()
    shown = slack.messages[("C1", post.ts)]["metadata"]["event_payload"]
    assert shown["state"] == "confirmed"


def test_the_state_follows_the_checks_exhausted(bot, slack):
    bot.event(mention(AADSTS50011, ts="1700000504.000100"))
    (post,) = slack.wait_for("chat.postMessage")
    shown = post
    for count in range(1, CHECK_COUNT + 1):
        bot.click(shown.buttons()["check_next"], on=shown)
        shown = slack.wait_for("chat.update", count=count)[-1]
    assert payload(shown) == payload(post) | {"state": "exhausted"}


def test_a_step_posted_because_the_answer_was_deleted_carries_the_state(bot, slack):
    bot.event(mention(AADSTS50011, ts="1700000505.000100"))
    (post,) = slack.wait_for("chat.postMessage")
    slack.messages.clear()  # deleted: chat.update answers message_not_found
    bot.click(post.buttons()["check_confirm"], on=post)
    step = slack.wait_for("chat.postMessage", count=2)[-1]
    assert "Found it" in step.params["text"]
    assert payload(step) == payload(post) | {"state": "confirmed"}


def test_an_outage_pointer_reply_says_which_error_it_points_to(bot, slack):
    bot.event(message(AADSTS50011, ts="1700000506.000100", user="U1"))
    (first,) = slack.wait_for("chat.postMessage")
    bot.event(message(AADSTS50011, ts="1700000507.000100", user="U2"))
    pointer = slack.wait_for("chat.postMessage", count=2)[-1]
    assert "Same error as in" in pointer.all_text()
    found = payload(pointer)
    assert (found["key"], found["state"]) == ("azure:AADSTS50011", "open")
    assert found["thread_id"] != payload(first)["thread_id"], "the pointer's own thread"


def test_metadata_survives_a_reply_that_waits_in_the_outbox(bot, slack):
    slack.rate_limit_once("chat.postMessage")
    bot.event(mention(AADSTS50011, ts="1700000508.000100"))
    refused, delivered = slack.wait_for("chat.postMessage", count=2)
    assert payload(delivered) == payload(refused)
    assert payload(delivered)["key"] == "azure:AADSTS50011"
    slack.rate_limit_once("chat.update")
    bot.click(delivered.buttons()["check_confirm"], on=delivered)
    slack.wait_for("chat.update", count=2)
    bot.settle()
    shown = slack.messages[("C1", delivered.ts)]["metadata"]["event_payload"]
    assert shown["state"] == "confirmed"


def test_a_shared_answer_and_a_picked_suggestion_carry_metadata(full_bot, slack):
    bot = full_bot
    bot.command(AADSTS50011, channel="C7")
    (reply,) = slack.wait_for("respond")
    bot.click(reply.buttons()["share_answer"], channel="C7")
    (shared,) = slack.wait_for("chat.postMessage")
    assert payload(shared)["key"] == "azure:AADSTS50011"
    assert payload(shared)["state"] == "open"
    bot.event(mention("provided authorization grant is invalid", ts="1700000509.000100"))
    offer = slack.wait_for("chat.postMessage", count=2)[-1]
    assert payload(offer)["key"] == "oauth:invalid_grant"
    bot.click(offer.buttons()["suggestion_0"])
    picked = slack.wait_for("chat.postMessage", count=3)[-1]
    assert payload(picked)["key"] == "oauth:unsupported_grant_type"
    assert payload(picked)["thread_id"] == thread_of(picked) != payload(offer)["thread_id"]

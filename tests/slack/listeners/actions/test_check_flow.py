"""Interactive follow-up checks, escalation, feedback and suggestions, end to end.

The checks are asked as questions with "This is it" / "Not this", and each answer updates
the message that asked it (``chat.update``, or ``replace_original`` for private answers).
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from tests.slack.slack_harness import AADSTS50011, ENTRIES, RunningBot, mention
from tests.slack.slack_standin import Call, SlackStandIn

CHECKS = ENTRIES[0].checks
CHECK_BUTTONS = {"check_confirm", "check_next"}


def answer(bot, slack):
    bot.event(mention(AADSTS50011, ts="1700000040.000100"))
    (post,) = slack.wait_for("chat.postMessage")
    return post


def labels(call: Call) -> dict[str, str]:
    return {action: button["text"]["text"] for action, button in call.buttons().items()}


def rest(call: Call) -> list[dict]:
    """The message's blocks other than the checks'."""
    return [b for b in call.blocks if not b.get("block_id", "").startswith("oauth_check_")]


def walk_to_the_end(bot, slack, post: Call) -> Call:
    """Answer "Not this" to every check; the last update."""
    shown = post
    for count in range(1, len(CHECKS) + 1):
        bot.click(shown.buttons()["check_next"], on=shown)
        shown = slack.wait_for("chat.update", count=count)[-1]
    return shown


def test_checks_are_questions_with_buttons_that_fit_them(bot, slack):
    post = answer(bot, slack)
    assert labels(post)["check_confirm"] == "This is it"
    assert labels(post)["check_next"] == "Not this"
    assert post.buttons()["check_confirm"]["style"] == "primary"
    assert f">{CHECKS[0]}" in post.all_text()  # quoted as the question asked


def test_not_this_updates_the_answer_in_place_then_offers_escalation(bot, slack):
    post = answer(bot, slack)
    shown = post
    for number in (2, 3):
        bot.click(shown.buttons()["check_next"], on=shown)
        shown = slack.wait_for("chat.update", count=number - 1)[-1]
        assert (shown.params["channel"], shown.params["ts"]) == ("C1", post.ts)
        text = shown.all_text()
        assert f"Check {number} of 3" in text and CHECKS[number - 1] in text
        assert all(f"{c} _Not this._" in text for c in CHECKS[: number - 1])
        assert rest(shown) == rest(post)  # the rest of the answer is left as it was
        assert shown.params["text"] == post.params["text"]
        assert {"check_confirm", "check_next", "feedback_helpful"} <= set(shown.buttons())
    bot.click(shown.buttons()["check_next"], on=shown)
    last = slack.wait_for("chat.update", count=3)[-1]
    text = last.all_text()
    assert "None of the 3 checks" in text
    assert all(f"{c} _Not this._" in text for c in CHECKS)
    assert "escalate" in last.buttons() and not CHECK_BUTTONS & set(last.buttons())
    assert len(slack.posts()) == 1
    bot.click(last.buttons()["escalate"], user="U9", on=last)
    posts = slack.wait_for("chat.postMessage", count=3)
    summary = next(p for p in posts if p.params["channel"] == "CESC")
    (link,) = slack.calls_to("chat.getPermalink")
    assert (link.params["channel"], link.params["message_ts"]) == ("C1", "1700000040.000100")
    text = summary.all_text()
    assert "azure:AADSTS50011" in text and "<@U9>" in text
    assert "https://test.slack.com/archives/C1/p1700000040000100" in text
    assert "0f4211a6-4d87-4d2d-99f2-76101fca1191" in text
    assert "'https://app.example.com/cb'" in text, "the title is filled from the paste"
    assert "{uri}" not in text and "{uri}" not in summary.params["text"]
    assert all(check in text for check in CHECKS)
    told = next(p for p in posts[1:] if p.params["channel"] == "C1")
    assert "Escalated to <#CESC>" in told.params["text"]


def test_this_is_it_shows_the_fix_in_place_and_stale_clicks_are_answered_kindly(bot, slack):
    post = answer(bot, slack)
    bot.click(post.buttons()["check_next"], on=post)
    second = slack.wait_for("chat.update")[-1]
    bot.click(second.buttons()["check_confirm"], on=second)
    found = slack.wait_for("chat.update", count=2)[-1]
    assert found.params["ts"] == post.ts
    text = found.all_text()
    assert "Found it" in text and CHECKS[1] in text
    assert "1. Copy the redirect_uri from the failing request." in text
    assert not CHECK_BUTTONS & set(found.buttons())
    assert {"feedback_helpful", "feedback_unhelpful"} <= set(found.buttons())
    for stale, on in ((post, "check_next"), (second, "check_next"), (second, "check_confirm")):
        bot.click(stale.buttons()[on], on=stale)
    told = slack.wait_for("respond", count=3)
    assert all("already answered" in t.params["text"] for t in told)
    assert all(t.params["response_type"] == "ephemeral" for t in told)
    bot.settle()
    assert len(slack.updates()) == 2 and len(slack.posts()) == 1


def test_two_fast_clicks_update_once(bot, slack):
    post = answer(bot, slack)
    bot.settle()
    clicks = [
        threading.Thread(target=bot.click, args=(post.buttons()[action],), kwargs={"on": post})
        for action in ("check_next", "check_confirm", "check_next")
    ]
    for click in clicks:
        click.start()
    for click in clicks:
        click.join()
    bot.settle()
    assert len(slack.updates()) == 1
    assert len(slack.calls_to("respond")) == 2
    assert all("already answered" in t.params["text"] for t in slack.calls_to("respond"))
    assert len(slack.posts()) == 1


def test_a_message_that_cannot_be_updated_gets_the_step_posted_in_its_thread(bot, slack):
    post = answer(bot, slack)
    slack.messages.clear()  # deleted meanwhile: chat.update answers message_not_found
    bot.click(post.buttons()["check_next"], on=post)
    step = slack.wait_for("chat.postMessage", count=2)[-1]
    assert (step.params["channel"], step.params["thread_ts"]) == ("C1", "1700000040.000100")
    assert "Check 2 of 3" in step.params["text"]
    assert labels(step) == {"check_confirm": "This is it", "check_next": "Not this"}
    (failed,) = slack.updates()
    assert failed.params["ts"] == post.ts
    bot.click(step.buttons()["check_confirm"], on=step)
    found = slack.wait_for("chat.update", count=2)[-1]
    assert found.params["ts"] == step.ts and "Found it" in found.all_text()
    assert len(slack.posts()) == 2


def test_a_rate_limited_update_is_retried(bot, slack):
    post = answer(bot, slack)
    slack.rate_limit_once("chat.update")
    bot.click(post.buttons()["check_next"], on=post)
    first, retried = slack.wait_for("chat.update", count=2)
    assert retried.params["ts"] == first.params["ts"] == post.ts
    bot.settle()
    assert len(slack.posts()) == 1
    assert "Check 2 of 3" in json.dumps(slack.messages[("C1", post.ts)]["blocks"])


def test_an_answer_sent_before_the_checks_had_block_ids_is_updated_too(bot, slack):
    post = answer(bot, slack)
    blocks = [{k: v for k, v in b.items() if k != "block_id"} for b in post.blocks]
    old = Call("chat.postMessage", post.params | {"blocks": blocks}, ts=post.ts)
    bot.click(old.buttons()["check_next"], on=old)
    (updated,) = slack.wait_for("chat.update")
    assert len(updated.blocks) == len(post.blocks)
    text = updated.all_text()
    assert "Check 2 of 3" in text and "Check 1 of 3" not in text
    assert rest(updated) == rest(post)


def test_escalating_twice_posts_once(bot, slack):
    last = walk_to_the_end(bot, slack, answer(bot, slack))
    bot.click(last.buttons()["escalate"], on=last)
    bot.settle()
    bot.click(last.buttons()["escalate"], on=last)
    (again,) = slack.wait_for("respond")
    assert "already escalated" in again.params["text"]
    assert len([p for p in slack.posts() if p.params["channel"] == "CESC"]) == 1


def test_without_an_escalation_channel_no_escalate_button(slack: SlackStandIn, tmp_path: Path):
    bot = RunningBot(slack, tmp_path, escalation_channel=None)
    try:
        last = walk_to_the_end(bot, slack, answer(bot, slack))
        assert "escalate" not in last.buttons()
        assert "feedback_helpful" in last.buttons()
        assert "include the support bundle (*More* shows it)" in last.all_text()
        assert "more_details" in last.buttons()
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


def test_private_answers_continue_privately_in_place(bot, slack):
    bot.command(AADSTS50011)
    (reply,) = slack.wait_for("respond")
    bot.click(reply.buttons()["check_next"], on=reply)
    nxt = slack.wait_for("respond", count=2)[-1]
    assert nxt.params["replace_original"] is True
    assert nxt.params["response_type"] == "ephemeral"
    text = nxt.all_text()
    assert "Check 2 of 3" in text and f"{CHECKS[0]} _Not this._" in text
    assert "What it means" in text and "share_answer" in nxt.buttons()
    assert rest(nxt) == rest(reply)
    assert [b["type"] for b in nxt.blocks] == [b["type"] for b in reply.blocks]
    bot.click(nxt.buttons()["check_confirm"], on=nxt)
    found = slack.wait_for("respond", count=3)[-1]
    assert found.params["replace_original"] is True
    assert "Found it" in found.all_text() and not CHECK_BUTTONS & set(found.buttons())
    bot.settle()
    assert slack.posts() == [] and slack.updates() == []


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

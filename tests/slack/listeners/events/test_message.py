"""Direct messages and auto-triage: answers in threads, silence on chatter and bots."""

from __future__ import annotations

from bot.safety import redact
from tests.slack.slack_harness import AADSTS50011, message
from tests.slack.slack_standin import BOT_ID, BOT_USER


def dm(text: str, ts: str = "1700000010.000100", **extra):
    return message(text, channel="D1", ts=ts, channel_type="im", **extra)


def test_direct_message_is_answered_in_its_thread(bot, slack):
    bot.event(dm(AADSTS50011))
    (post,) = slack.wait_for("chat.postMessage")
    assert post.params["channel"] == "D1"
    assert post.params["thread_ts"] == "1700000010.000100"
    assert post.params["text"].startswith("azure:AADSTS50011")


def test_unsure_direct_message_gives_the_most_likely_reading_and_offers_the_others(full_bot, slack):
    bot = full_bot
    bot.event(dm("provided authorization grant is invalid"))
    (post,) = slack.wait_for("chat.postMessage")
    assert post.params["text"].startswith("Most likely oauth:invalid_grant")
    assert "I'm not sure" in post.all_text()
    assert "Or was it one of these?" in post.all_text()
    assert post.buttons()["suggestion_0"]["value"].endswith(":oauth-unsupported_grant_type")
    assert bot.store.stats().unmatched == 1, "unsure readings are kept for knowledge authors"


def test_unclear_direct_message_says_so(bot, slack):
    bot.event(dm("the thing on the login page looks weird today"))
    (post,) = slack.wait_for("chat.postMessage")
    assert "couldn't match this to a known error" in post.params["text"]
    assert bot.store.stats().unmatched == 1


def test_an_error_string_several_providers_use_asks_which_one(full_bot, slack):
    full_bot.event(dm("redirect_uri_mismatch"))
    (post,) = slack.wait_for("chat.postMessage")
    assert post.params["text"].startswith("Most likely google:redirect_uri_mismatch")
    assert "`redirect_uri_mismatch` is used by several providers" in post.all_text()
    assert "Which provider answered?" in post.all_text()
    labels = [
        b["text"]["text"]
        for b in post.buttons().values()
        if b["action_id"].startswith("suggestion_")
    ]
    assert [label.split()[0] for label in labels] == [
        "github:redirect_uri_mismatch",
        "salesforce:redirect_uri_mismatch",
    ]


def test_auto_triage_stays_silent_on_an_unsure_reading(bot, slack):
    bot.event(message("provided authorization grant is invalid", ts="1700000012.000100"))
    bot.settle()
    assert slack.posts() == []


def test_auto_triage_replies_in_a_thread_to_a_confident_match(bot, slack):
    bot.event(message(AADSTS50011, ts="1700000011.000100"))
    (post,) = slack.wait_for("chat.postMessage")
    assert post.params["channel"] == "CAUTO"
    assert post.params["thread_ts"] == "1700000011.000100"


def test_chatter_and_unwatched_channels_get_nothing(bot, slack):
    bot.event(message("thanks, lunch at noon?"))
    bot.event(message("provided authorization grant is invalid", ts="1700000012.000100"))
    bot.event(message(AADSTS50011, channel="COTHER"))
    bot.settle()
    assert slack.posts() == []
    assert bot.store.stats().unmatched == 0


def test_messages_from_bots_are_never_answered(bot, slack):
    bot.event(message(AADSTS50011, bot_id="BOTHER"))
    bot.event(message(AADSTS50011, subtype="bot_message", ts="1700000013.000100"))
    bot.event(dm(AADSTS50011, user=BOT_USER, bot_id=BOT_ID))
    bot.settle()
    assert slack.posts() == []


def test_thread_replies_and_edits_are_not_auto_triaged(bot, slack):
    bot.event(message(AADSTS50011, ts="1700000014.000200", thread_ts="1700000014.000100"))
    bot.event(message(AADSTS50011, ts="1700000015.000100", subtype="message_changed"))
    bot.settle()
    assert slack.posts() == []


def test_channels_watched_through_the_store_are_auto_triaged(bot, slack):
    bot.store.watch("CWATCH", "U1")
    bot.event(message(AADSTS50011, channel="CWATCH"))
    (post,) = slack.wait_for("chat.postMessage")
    assert post.params["channel"] == "CWATCH"


def test_pasted_secrets_are_redacted_and_the_poster_warned(bot, slack):
    token = "abcdefghijklmnopqrstuvwxyz0123456789"
    paste = f"Authorization: Bearer {token}\n{AADSTS50011}"
    bot.event(dm(paste))
    bot.settle()
    (warning,) = slack.calls_to("chat.postEphemeral")
    assert warning.params["user"] == "U1"
    kinds = redact(paste).kinds
    assert kinds and all(kind in warning.params["text"] for kind in kinds)
    (post,) = slack.posts()
    assert token not in post.all_text()
    assert token not in bot.store.thread(1).paste


def test_oversized_and_binary_pastes_get_a_polite_answer(bot, slack):
    long_paste = "log line " * 5_600
    bot.event(dm(long_paste, ts="1700000016.000100"))
    bot.event(dm("\x00\x01\x02\x03 binary \x04\x05", ts="1700000017.000100"))
    bot.settle()
    long, binary = sorted(slack.posts(), key=lambda p: p.params["thread_ts"])
    assert f"{len(long_paste.strip()):,} characters" in long.params["text"]
    assert "binary data" in binary.params["text"]


def test_a_long_paste_is_answered_from_its_first_part_with_a_note(bot, slack):
    bot.event(dm(AADSTS50011 + "\nnoise" * 9_000))
    (post,) = slack.wait_for("chat.postMessage")
    assert post.params["text"].startswith("azure:AADSTS50011")
    assert "I read the first 40,000" in post.all_text()

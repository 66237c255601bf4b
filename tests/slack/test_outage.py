"""Outage mode: the same error pasted again and again in one channel is one incident."""

from __future__ import annotations

from bot.slack import outage
from tests.slack.slack_harness import AADSTS50011, message


def test_later_pastes_of_the_same_error_point_to_the_first_thread(bot, slack):
    bot.event(message(AADSTS50011, ts="1700000100.000100", user="U1"))
    (first,) = slack.wait_for("chat.postMessage")
    assert first.params["thread_ts"] == "1700000100.000100"
    assert "What it means" in first.all_text()

    bot.event(message(AADSTS50011, ts="1700000101.000100", user="U2"))
    second = slack.wait_for("chat.postMessage", count=2)[-1]
    assert second.params["thread_ts"] == "1700000101.000100"
    text = second.all_text()
    assert "Same error as in" in text and "2 people hit it here" in text
    assert "What it means" not in text, "a short pointer, not the full answer again"
    (link,) = slack.calls_to("chat.getPermalink")
    assert link.params["message_ts"] == "1700000100.000100"


def test_the_escalation_channel_hears_once_when_many_hit_the_same_error(bot, slack):
    for n in range(outage.ALERT_AT + 2):
        bot.event(message(AADSTS50011, ts=f"17000002{n:02d}.000100", user=f"U{n}"))
        slack.wait_for("chat.postMessage", count=n + 1 + (n + 1 > outage.ALERT_AT))
    bot.settle()
    alerts = [p for p in slack.posts() if p.params["channel"] == "CESC"]
    assert len(alerts) == 1
    assert f"{outage.ALERT_AT} people hit `azure:AADSTS50011`" in alerts[0].all_text()


def test_a_different_error_or_a_direct_message_gets_its_own_answer(bot, slack):
    bot.event(message(AADSTS50011, ts="1700000300.000100", user="U1"))
    slack.wait_for("chat.postMessage")
    dm = message(AADSTS50011, channel="D1", ts="1700000301.000100", user="U2", channel_type="im")
    bot.event(dm)
    answer = slack.wait_for("chat.postMessage", count=2)[-1]
    assert "What it means" in answer.all_text()

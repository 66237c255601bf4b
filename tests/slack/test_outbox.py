"""Nothing lost: replies Slack cannot take now wait in the outbox and are delivered once,
paced per channel, by this instance or the next one."""

from __future__ import annotations

import itertools
import logging
import threading
import time

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from bot.slack.app import services_of
from bot.slack.outbox import Courier, OutboxPolicy, Queued, is_retryable, retry_after
from bot.store import Store
from bot.store.outbox import Outbox
from tests.slack.slack_harness import AADSTS50011, RunningBot, mention
from tests.slack.slack_standin import Call, SlackStandIn
from tests.store.test_store import Clock


def _ask(bot: RunningBot, count: int, *, first: int = 1, channel: str | None = None) -> list[str]:
    """Mention the bot ``count`` times, each in a channel of its own (the same error in one
    channel would be one incident, see bot.slack.outage); the threads the replies belong in."""
    threads = []
    for n in range(first, first + count):
        ts = f"1700000100.{n:06d}"
        where = channel or f"C{n:03d}"
        assert bot.event(mention(AADSTS50011, ts=ts, channel=where)) == 200
        threads.append(ts)
    return threads


def _outbox(bot: RunningBot) -> Outbox:
    courier = services_of(bot.app).courier
    assert courier is not None
    return courier.outbox


def _delivered(slack: SlackStandIn, count: int, timeout: float = 15.0) -> list[Call]:
    deadline = time.monotonic() + timeout
    while len(slack.delivered) < count:
        assert time.monotonic() < deadline, f"{len(slack.delivered)} of {count} delivered"
        time.sleep(0.02)
    return list(slack.delivered)


def _once_each(delivered: list[Call], threads: list[str], channel: str = "C0") -> None:
    replies = sorted(
        c.params["thread_ts"] for c in delivered if c.params["channel"].startswith(channel)
    )
    assert replies == sorted(threads)


@pytest.mark.parametrize("mode", ["500", "429", "drop"])
def test_replies_during_an_outage_are_delivered_once_after_it(bot, slack, mode):
    slack.outage(mode, 1.5)
    threads = _ask(bot, 5)
    bot.executor.wait_idle()
    assert slack.delivered == []
    assert _outbox(bot).pending() == 5
    _once_each(_delivered(slack, 5), threads)
    bot.settle()
    _once_each(slack.delivered, threads)
    assert not slack.calls_to("conversations.open")  # kept, not sent by DM instead


def test_replies_while_the_web_api_refuses_connections_are_delivered_after(bot, slack):
    slack.refuse(1.5)
    threads = _ask(bot, 3)
    bot.executor.wait_idle()
    assert _outbox(bot).pending() == 3
    _once_each(_delivered(slack, 3), threads)
    bot.settle()
    _once_each(slack.delivered, threads)


def test_a_burst_in_one_channel_is_paced_and_delivered_once(slack, tmp_path):
    slack.limit_channels(0.15)
    policy = OutboxPolicy(
        poll_interval=0.05, base_delay=0.1, max_delay=0.5, lease=10.0, channel_interval=0.2
    )
    bot = RunningBot(slack, tmp_path, outbox_policy=policy)
    try:
        threads = _ask(bot, 20, channel="C1")  # one incident: a full answer, then pointers
        bot.settle(timeout=20)
    finally:
        bot.close()
    _once_each(slack.delivered, threads, "C1")
    assert slack.limited == []
    times = [c.at for c in slack.delivered if c.params["channel"] == "C1"]
    assert min(b - a for a, b in itertools.pairwise(times)) >= 0.15


def test_a_restart_delivers_what_the_last_instance_left(slack, tmp_path):
    slack.outage("500", 60)
    first = RunningBot(slack, tmp_path)
    try:
        threads = _ask(first, 3)
        first.executor.wait_idle()
        assert _outbox(first).pending() == 3
    finally:
        first.close()
    slack.end_outage()
    assert slack.delivered == []
    second = RunningBot(slack, tmp_path)
    try:
        _once_each(_delivered(slack, 3), threads)
        second.settle()
    finally:
        second.close()
    _once_each(slack.delivered, threads)


def test_an_undeliverable_reply_is_dropped_with_a_log_line_without_the_paste(bot, slack, caplog):
    slack.fail("chat.postMessage", "internal_error", status=500)
    slack.fail("chat.postMessage", "channel_not_found")
    with caplog.at_level(logging.INFO):
        _ask(bot, 1)
        bot.settle()
    assert slack.delivered == []
    dropped = [r.getMessage() for r in caplog.records if "dropped" in r.getMessage()]
    assert dropped == ["dropped a chat.postMessage to C001 after 2 attempts: channel_not_found"]
    assert "redirect URI" not in caplog.text and "AADSTS50011" not in caplog.text


def test_a_failed_update_is_kept_and_made_later(bot, slack):
    _ask(bot, 1)
    bot.settle()
    (post,) = slack.posts()
    slack.outage("500", 0.5, methods=("chat.update",))
    bot.click(post.buttons()["check_next"], on=post)
    bot.settle()
    updates = slack.updates()
    assert len(updates) >= 2 and "Check 2 of 3" in str(
        slack.messages[(post.params["channel"], post.ts)]
    )
    assert len(slack.posts()) == 1


def test_two_workers_never_send_the_same_reply(slack, tmp_path):
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    policy = OutboxPolicy(channel_interval=0.0, lease=30.0)
    client = WebClient(token="xoxb-test", base_url=slack.api_url)
    couriers = [Courier(Outbox(Store(url)), client, policy=policy) for _ in range(2)]
    for n in range(30):
        couriers[0].outbox.add(
            "chat.postMessage", {"channel": f"C{n}", "text": str(n)}, due_at=time.time()
        )

    def work(courier: Courier) -> None:
        while courier.outbox.pending():
            courier.drain()

    workers = [threading.Thread(target=work, args=(c,)) for c in couriers]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    assert sorted(int(c.params["text"]) for c in slack.delivered) == list(range(30))


def test_retry_waits_double_up_to_the_cap():
    policy = OutboxPolicy(base_delay=2, max_delay=10)
    assert [policy.backoff(n) for n in range(1, 6)] == [2, 4, 8, 10, 10]


def _slack_error(status: int, error: str, headers: dict[str, str] | None = None) -> SlackApiError:
    response = SlackResponse(
        client=None,
        http_verb="POST",
        api_url="https://slack.com/api/chat.postMessage",
        req_args={},
        data={"ok": False, "error": error},
        headers=headers or {},
        status_code=status,
    )
    return SlackApiError(error, response)


def test_what_is_worth_retrying():
    assert is_retryable(_slack_error(429, "ratelimited"))
    assert is_retryable(_slack_error(502, "bad_gateway"))
    assert is_retryable(ConnectionRefusedError()) and is_retryable(TimeoutError())
    for error in ("channel_not_found", "not_in_channel", "is_archived", "invalid_auth"):
        assert not is_retryable(_slack_error(200, error))
    assert retry_after(_slack_error(429, "ratelimited", {"Retry-After": "7"})) == 7.0
    assert retry_after(_slack_error(500, "internal_error")) is None


class FakeClient:
    """Answers chat.postMessage with the queued errors, then ok."""

    def __init__(self, *errors: Exception) -> None:
        self.errors = list(errors)
        self.retry_handlers: list[object] = []
        self.default_params: dict[str, str] = {}
        self.token = "xoxb-fake"
        self.posted: list[dict[str, object]] = []

    def chat_postMessage(self, **arguments: object) -> dict[str, object]:
        if self.errors:
            raise self.errors.pop(0)
        self.posted.append(arguments)
        return {"ok": True, "ts": "1.1"}


def test_a_failing_reply_is_retried_with_backoff_then_after_retry_after(tmp_path):
    clock = Clock()
    client = FakeClient(
        _slack_error(500, "internal_error"),
        _slack_error(503, "service_unavailable"),
        _slack_error(429, "ratelimited", {"Retry-After": "30"}),
    )
    policy = OutboxPolicy(base_delay=2, max_delay=60, channel_interval=1)
    store = Store(f"sqlite:///{tmp_path / 'store.db'}", clock=clock)
    courier = Courier(Outbox(store, clock=clock), client, policy=policy, clock=clock)
    queued = courier.call(client, "chat.postMessage", {"channel": "C1", "text": "hi"})
    assert isinstance(queued, Queued)
    assert courier.outbox.next_due() == clock.now + 2
    clock.now += 2
    assert courier.drain() == 0
    assert courier.outbox.next_due() == clock.now + 4  # doubled
    clock.now += 4
    assert courier.drain() == 0
    assert courier.outbox.next_due() == clock.now + 30  # as Slack asked
    clock.now += 29
    assert courier.drain() == 0 and client.posted == []
    clock.now += 1
    assert courier.drain() == 1
    assert client.posted == [{"channel": "C1", "text": "hi"}]
    assert courier.outbox.pending() == 0


def test_posts_to_one_channel_faster_than_the_limit_wait_their_turn(tmp_path):
    clock = Clock()
    client = FakeClient()
    policy = OutboxPolicy(channel_interval=1)
    store = Store(f"sqlite:///{tmp_path / 'store.db'}", clock=clock)
    courier = Courier(Outbox(store, clock=clock), client, policy=policy, clock=clock)
    sent = [
        courier.call(client, "chat.postMessage", {"channel": "C1", "text": str(n)})
        for n in range(3)
    ]
    assert sent[0] == {"ok": True, "ts": "1.1"} and all(isinstance(s, Queued) for s in sent[1:])
    other = courier.call(client, "chat.postMessage", {"channel": "C2", "text": "x"})
    assert not isinstance(other, Queued)  # another channel is not held up
    for _ in range(2):
        assert courier.drain() == 0
        clock.now += 1
        assert courier.drain() == 1
    assert [p["text"] for p in client.posted] == ["0", "x", "1", "2"]


def test_a_reply_waits_behind_those_kept_for_its_channel(tmp_path):
    clock = Clock()
    client = FakeClient(_slack_error(500, "internal_error"))
    policy = OutboxPolicy(base_delay=2, channel_interval=1)
    store = Store(f"sqlite:///{tmp_path / 'store.db'}", clock=clock)
    courier = Courier(Outbox(store, clock=clock), client, policy=policy, clock=clock)
    clock.now += 10  # the channel is free again
    first = courier.call(client, "chat.postMessage", {"channel": "C1", "text": "first"})
    second = courier.call(client, "chat.postMessage", {"channel": "C1", "text": "second"})
    assert isinstance(first, Queued) and isinstance(second, Queued) and client.posted == []
    clock.now += 2
    assert courier.drain() == 1
    clock.now += 1
    assert courier.drain() == 1
    assert [p["text"] for p in client.posted] == ["first", "second"]


def test_once_slack_answers_again_the_replies_waiting_out_their_backoff_go_at_once(tmp_path):
    clock = Clock()
    client = FakeClient(
        _slack_error(500, "internal_error"),
        _slack_error(503, "service_unavailable"),
        _slack_error(429, "ratelimited", {"Retry-After": "30"}),
    )
    policy = OutboxPolicy(base_delay=60, max_delay=600, channel_interval=1)
    store = Store(f"sqlite:///{tmp_path / 'store.db'}", clock=clock)
    courier = Courier(Outbox(store, clock=clock), client, policy=policy, clock=clock)
    for channel in ("C1", "C2", "C3"):  # two fail on a 5xx, one is told to wait 30 s
        queued = courier.call(client, "chat.postMessage", {"channel": channel, "text": channel})
        assert isinstance(queued, Queued)
    clock.now += 5
    assert courier.drain() == 0  # nothing due: 60 s of backoff, 30 s asked
    courier.call(client, "chat.postMessage", {"channel": "C4", "text": "C4"})  # Slack is back
    assert courier.drain() == 2
    assert [p["text"] for p in client.posted] == ["C4", "C1", "C2"]
    assert courier.outbox.next_due() == clock.now + 25  # Retry-After still holds


def test_two_instances_pace_one_channel_together(tmp_path):
    clock = Clock()
    url = f"sqlite:///{tmp_path / 'store.db'}"
    policy = OutboxPolicy(channel_interval=1)
    first, second = FakeClient(), FakeClient()
    couriers = [
        Courier(Outbox(Store(url, clock=clock), clock=clock), client, policy=policy, clock=clock)
        for client in (first, second)
    ]
    assert couriers[0].call(first, "chat.postMessage", {"channel": "C1", "text": "a"}) == {
        "ok": True,
        "ts": "1.1",
    }
    later = couriers[1].call(second, "chat.postMessage", {"channel": "C1", "text": "b"})
    assert isinstance(later, Queued), "the other instance waits for the channel's next slot"
    other = couriers[1].call(second, "chat.postMessage", {"channel": "C2", "text": "c"})
    assert not isinstance(other, Queued)
    clock.now += 1
    assert couriers[1].drain() == 1
    assert [p["text"] for p in first.posted] == ["a"]
    assert [p["text"] for p in second.posted] == ["c", "b"]

"""``python -m bot serve`` under gunicorn: several workers, and a SIGTERM (Heroku's deploy or
restart) that lets the answer being written finish before the process exits 0."""

from __future__ import annotations

import time

import pytest

from tests.slack.slack_harness import AADSTS50011, ServeProcess, mention

PARENT_TS = "1700000060.000100"


@pytest.fixture
def served(slack, tmp_path):
    process = ServeProcess(slack, tmp_path, WEB_CONCURRENCY="2", THREADS="4", GRACEFUL_TIMEOUT="20")
    yield process
    process.kill()


def test_two_workers_answer_every_mention(served, slack):
    for n in range(6):
        ts = f"17000001{n:02d}.000100"
        assert served.event(mention(AADSTS50011, ts=ts)) == 200
    posts = slack.wait_for("chat.postMessage", 6)
    assert sorted(p.params["thread_ts"] for p in posts) == [
        f"17000001{n:02d}.000100" for n in range(6)
    ]
    assert all("AADSTS50011" in p.all_text() for p in posts)


def test_sigterm_lets_the_answer_in_progress_be_posted(served, slack):
    # A mention under an error: the bot reads the thread's parent (held here), then answers.
    slack.threads[("C1", PARENT_TS)] = [{"ts": PARENT_TS, "user": "U2", "text": AADSTS50011}]
    reading = slack.hold("conversations.replies")
    mentioned = mention("", ts="1700000061.000100", thread_ts=PARENT_TS)
    assert served.event(mentioned) == 200  # acknowledged; the answer is still being worked on
    slack.wait_for("conversations.replies")

    served.terminate()
    time.sleep(1.5)
    assert served.process.poll() is None, "exited with an answer still in progress"
    assert slack.posts() == []

    reading.set()
    (post,) = slack.wait_for("chat.postMessage")
    assert post.params["thread_ts"] == PARENT_TS
    assert "AADSTS50011" in post.all_text()
    assert served.process.wait(timeout=20) == 0, served.output()[-2000:]


def test_sigterm_when_idle_exits_0_at_once(served):
    started = time.monotonic()
    served.terminate()
    assert served.process.wait(timeout=20) == 0, served.output()[-2000:]
    assert time.monotonic() - started < 10


def test_an_answer_stuck_past_graceful_timeout_does_not_hold_the_exit(slack, tmp_path):
    served = ServeProcess(slack, tmp_path, GRACEFUL_TIMEOUT="2")
    try:
        slack.threads[("C1", PARENT_TS)] = [{"ts": PARENT_TS, "user": "U2", "text": AADSTS50011}]
        slack.hold("conversations.replies")  # never released here
        assert served.event(mention("", ts="1700000062.000100", thread_ts=PARENT_TS)) == 200
        slack.wait_for("conversations.replies")
        started = time.monotonic()
        served.terminate()
        served.process.wait(timeout=8)
        assert time.monotonic() - started < 6
        assert slack.posts() == []
    finally:
        served.kill()

"""The HTTP endpoint: health, signatures, URL verification, and `python -m bot serve` itself."""

from __future__ import annotations

import http.client
import json
import time
import urllib.error
import urllib.request

import pytest

from bot.cli import main
from bot.triage import Triager
from tests.databases import remove_database
from tests.slack.slack_harness import RunningBot, ServeProcess, SignedRequests, mention


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as err:
        return err.code


def health(url: str) -> tuple[int, dict]:
    """``GET /healthz``: the status and the JSON report."""
    try:
        with urllib.request.urlopen(url + "/healthz", timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def test_health_check_answers_200_when_ready(bot):
    assert health(bot.url) == (200, {"store": "ok", "knowledge": "ok", "entries": 3})
    assert get(bot.url + "/nowhere") == 404


def test_health_check_answers_503_when_the_database_is_gone(slack, tmp_path):
    folder = tmp_path / "db"
    folder.mkdir()
    running = RunningBot(slack, folder)
    try:
        remove_database(folder, "bot.db")
        running.store.engine.dispose()  # the pooled connection went with the database
        status, report = health(running.url)
    finally:
        running.close()
    assert status == 503
    assert report["store"] == "unavailable"
    assert report["knowledge"] == "ok"


def test_health_check_answers_503_without_knowledge(slack, tmp_path):
    running = RunningBot(slack, tmp_path, triager=Triager([], embedder=None))
    try:
        assert health(running.url) == (503, {"store": "ok", "knowledge": "empty", "entries": 0})
    finally:
        running.close()


def test_bad_or_stale_signatures_get_401_and_no_reply(bot, slack):
    body = json.dumps({"type": "event_callback", "event_id": "Ev1", "event": mention("hi")})
    assert bot.request(body.encode(), "application/json", secret="wrong")[0] == 401
    stale = int(time.time()) - 600
    assert bot.request(body.encode(), "application/json", timestamp=stale)[0] == 401
    bot.settle()
    assert slack.posts() == []


def test_url_verification_returns_the_challenge(bot):
    body = json.dumps({"type": "url_verification", "token": "t", "challenge": "abc123"})
    status, answer = bot.request(body.encode(), "application/json")
    assert status == 200
    assert json.loads(answer) == {"challenge": "abc123"}


def test_oversized_requests_are_refused_unread(bot):
    connection = http.client.HTTPConnection("127.0.0.1", bot.server.server_port, timeout=5)
    connection.putrequest("POST", "/slack/events")
    connection.putheader("Content-Length", "50000000")
    connection.endheaders()
    assert connection.getresponse().status == 413
    connection.close()


def test_serve_refuses_to_start_without_a_token(monkeypatch, capsys):
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    assert main(["serve"]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("error: SLACK_BOT_TOKEN is not set")


@pytest.fixture
def served(slack, tmp_path):
    """``python -m bot serve`` in a subprocess, configured only through the environment."""
    process = ServeProcess(slack, tmp_path)
    yield process.url
    process.terminate()
    assert process.process.wait(timeout=40) == 0
    process.kill()


def test_python_m_bot_serve_answers_signed_events(served, slack):
    requests = SignedRequests(served, slack)
    assert requests.request(b"{}", "application/json", secret="wrong")[0] == 401
    assert requests.event(mention("", ts="1700000050.000100")) == 200
    (post,) = slack.wait_for("chat.postMessage")
    assert post.params["thread_ts"] == "1700000050.000100"
    assert "/oauthhelp" in post.all_text()
    assert post.headers["authorization"] == "Bearer xoxb-test"

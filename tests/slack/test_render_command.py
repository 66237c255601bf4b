"""`python -m bot render`: the exact Block Kit reply for a paste, as JSON."""

from __future__ import annotations

import json

import pytest

from bot.cli import main
from bot.triage import Triager
from tests.slack.slack_harness import AADSTS50011, ENTRIES


@pytest.fixture(autouse=True)
def knowledge(monkeypatch):
    monkeypatch.setattr("bot.cli.render.load_triager_or_exit", lambda: Triager(ENTRIES))


def rendered(capsys, *argv: str) -> dict:
    assert main(["render", *argv]) == 0
    return json.loads(capsys.readouterr().out)


def test_render_prints_the_threaded_reply(capsys):
    reply = rendered(capsys, AADSTS50011)
    assert reply["text"].startswith("azure:AADSTS50011")
    assert reply["blocks"][0]["type"] == "header"
    assert "share_answer" not in json.dumps(reply["blocks"])


def test_render_private_adds_the_share_button(capsys):
    reply = rendered(capsys, "--private", AADSTS50011)
    assert "share_answer" in json.dumps(reply["blocks"])


def test_render_unknown_text_shows_the_unmatched_reply(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("hello there"))
    reply = rendered(capsys)
    assert "couldn't match" in reply["text"]

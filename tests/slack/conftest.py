"""Fixtures: the Web API stand-in and the real HTTP server on a free port."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.triage import Triager
from tests.slack.slack_harness import RunningBot
from tests.slack.slack_standin import SlackStandIn


@pytest.fixture
def slack():
    standin = SlackStandIn()
    yield standin
    standin.close()


@pytest.fixture
def bot(slack: SlackStandIn, tmp_path: Path):
    running = RunningBot(slack, tmp_path)
    yield running
    running.close()


@pytest.fixture(scope="session")
def builtin_triager() -> Triager:
    """The engine over the shipped knowledge base, built once."""
    return Triager.load()


@pytest.fixture
def full_bot(slack: SlackStandIn, tmp_path: Path, builtin_triager: Triager):
    """The bot with the whole shipped knowledge base rather than the harness's few entries."""
    running = RunningBot(slack, tmp_path, triager=builtin_triager)
    yield running
    running.close()

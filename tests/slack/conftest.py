"""Fixtures: the Web API stand-in and the real HTTP server on a free port."""

from __future__ import annotations

from pathlib import Path

import pytest

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

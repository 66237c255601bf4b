"""`python -m bot render` on exact-error pastes: one answer, within the limits, no placeholder."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

#: Exact-error pastes as people paste them (AADSTS70008 JSON, AADSTS50011 with a URI, ...).
CASES: dict[str, str] = json.loads(
    (Path(__file__).resolve().parents[1] / "data" / "render_cases.json").read_text("utf-8")
)


def _visible(node: object) -> list[str]:
    """Every text Slack shows: plain_text and mrkdwn objects."""
    if isinstance(node, dict):
        if node.get("type") in ("mrkdwn", "plain_text") and "text" in node:
            return [node["text"]]
        return [t for value in node.values() for t in _visible(value)]
    if isinstance(node, list):
        return [t for value in node for t in _visible(value)]
    return []


@pytest.mark.parametrize("name", list(CASES))
def test_an_exact_error_gets_one_answer_that_fits_a_thread(run, name):
    ran = run("render", CASES[name])
    assert ran.returncode == 0, ran.stderr
    message = json.loads(ran.stdout)
    kinds = [block["type"] for block in message["blocks"]]
    assert kinds.count("header") == 1
    assert len(kinds) <= 12
    assert sum(len(text) for text in _visible(message["blocks"])) <= 2_000
    assert not re.search(r"\{[a-z_]+\}", json.dumps(message))
    assert len(message["text"]) <= 150

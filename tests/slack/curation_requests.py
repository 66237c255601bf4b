"""Requests Slack sends around modals and the App Home, signed like Slack's: an entry search
(``block_suggestion``), a modal sent (``view_submission``) and a click in a published Home
view (``block_actions`` with the view and its state)."""

from __future__ import annotations

import json
from typing import Any

from tests.slack.slack_harness import SignedRequests
from tests.slack.slack_standin import SlackStandIn


def search(bot: SignedRequests, action_id: str, query: str, *, user: str = "U1") -> list[str]:
    """Type ``query`` in the entry search ``action_id``; the values of the options offered."""
    status, body = bot.interaction(
        {
            "type": "block_suggestion",
            "team": {"id": "T1"},
            "user": {"id": user},
            "api_app_id": "A1",
            "action_id": action_id,
            "block_id": action_id,
            "value": query,
            "container": {"type": "view", "view_id": "V1"},
        },
    )
    assert status == 200, body
    return [option["value"] for option in json.loads(body)["options"]]


def submit(
    bot: SignedRequests, view: dict[str, Any], values: dict[str, Any], *, user: str = "U1"
) -> dict[str, Any]:
    """Send the modal ``view`` (as ``views.open`` got it) with ``values`` by block id (an
    option value for a select, text for an input); the bot's answer (``{}`` when it closes)."""
    state: dict[str, Any] = {}
    for block in view["blocks"]:
        block_id = block.get("block_id")
        if block.get("type") != "input" or block_id not in values:
            continue
        element = block["element"]
        value = values[block_id]
        if element["type"] == "external_select":
            shown = {"type": "external_select", "selected_option": {"value": value}}
        else:
            shown = {"type": element["type"], "value": value}
        state[block_id] = {element["action_id"]: shown}
    status, body = bot.interaction(
        {
            "type": "view_submission",
            "team": {"id": "T1"},
            "user": {"id": user},
            "api_app_id": "A1",
            "trigger_id": "1.2.3",
            "view": {
                "id": "VMODAL",
                "type": "modal",
                "callback_id": view["callback_id"],
                "private_metadata": view.get("private_metadata", ""),
                "blocks": view["blocks"],
                "state": {"values": state},
            },
        },
    )
    assert status == 200, body
    return json.loads(body) if body.strip() else {}


def home_of(slack: SlackStandIn, user: str = "U1") -> dict[str, Any]:
    """The Home view last published or updated for ``user`` (``views.update`` keeps its user)."""
    for call in reversed(slack.calls):
        if call.method == "views.publish" and call.params.get("user_id") != user:
            continue
        if call.method in ("views.publish", "views.update"):
            view = call.params["view"]
            return json.loads(view) if isinstance(view, str) else view
    raise AssertionError("no Home view published")


def home_click(
    bot: SignedRequests,
    home: dict[str, Any],
    element: dict[str, Any],
    *,
    block_id: str,
    selected: str | None = None,
    user: str = "U1",
) -> None:
    """Click ``element`` of the Home view ``home`` (a button, or a select with ``selected``)."""
    action: dict[str, Any] = {
        "type": element["type"],
        "action_id": element["action_id"],
        "block_id": block_id,
        "action_ts": "1.2",
    }
    if selected is not None:
        action["selected_option"] = {"value": selected}
    else:
        action["value"] = element["value"]
    status, _ = bot.interaction(
        {
            "type": "block_actions",
            "team": {"id": "T1"},
            "user": {"id": user},
            "api_app_id": "A1",
            "trigger_id": "1.2.3",
            "container": {"type": "view", "view_id": "VHOME"},
            "view": {"id": "VHOME", "type": "home", "blocks": home["blocks"], "state": {}},
            "actions": [action],
        },
    )
    assert status == 200


def cluster_actions(home: dict[str, Any]) -> list[dict[str, Any]]:
    """The curator view's action rows, one per cluster, most frequent first."""
    return [
        b for b in home["blocks"] if str(b.get("block_id", "")).startswith("corrections_curate_")
    ]

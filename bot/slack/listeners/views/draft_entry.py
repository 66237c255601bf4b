"""A drafted entry sent: checked as an entry, then with the whole knowledge as
``kb validate`` does, and written to the organisation's folder only when both pass; problems
are shown in the modal."""

from __future__ import annotations

import logging
from typing import Any

from pydantic import ValidationError
from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.kb import Entry
from bot.slack.admins import is_curator
from bot.slack.blocks import clip
from bot.slack.correction_blocks import DRAFT_FIELDS, draft_written
from bot.slack.curation import write
from bot.slack.services import services

__all__ = ["handle_draft_entry"]

log = logging.getLogger(__name__)

_LISTS = frozenset({"fix", "checks"})


def _fields(view: dict[str, Any]) -> dict[str, Any]:
    """The modal's inputs as an entry's fields (multi-line lists one item a line)."""
    values = view.get("state", {}).get("values", {})
    item: dict[str, Any] = {}
    for field, _, _ in DRAFT_FIELDS:
        text = ((values.get(f"draft_{field}") or {}).get(f"draft_{field}") or {}).get("value")
        text = (text or "").strip()
        if field in _LISTS:
            item[field] = [line.strip() for line in text.splitlines() if line.strip()]
        else:
            item[field] = text
    return item


def handle_draft_entry(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """Write the drafted entry, or keep the modal open with what is wrong."""
    found, user = services(context), body["user"]["id"]
    if not is_curator(found, client, user):
        ack(response_action="errors", errors={"draft_id": "Only curators may add knowledge."})
        return
    item = _fields(view)
    try:
        Entry.model_validate(item)
    except ValidationError as err:
        errors: dict[str, str] = {}
        for error in err.errors():
            field = str(error["loc"][0]) if error["loc"] else "id"
            errors.setdefault(f"draft_{field}", clip(str(error["msg"]), 150))
        ack(response_action="errors", errors=errors)
        return
    written = write(found, item)
    if written.path is None:
        problems = "; ".join(written.problems[:3])
        ack(response_action="errors", errors={"draft_title": clip(f"Not written: {problems}", 300)})
        return
    log.info("%s added the entry %s in %s", user, item["id"], written.path)
    ack(response_action="update", view=draft_written(written.status()))

"""The curator's clicks in the App Home: pick a cluster's entry, add its wording to that entry
as an alias or a symptom (written to the organisation's knowledge folder once it validates),
or draft a new entry from it. Only curators' clicks count."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.kb.curated import extension
from bot.slack import ids
from bot.slack.admins import is_curator
from bot.slack.blocks import escape
from bot.slack.correction_blocks import SECTION_PREFIX, draft_modal
from bot.slack.curation import (
    corrections_section,
    find_cluster,
    refresh_section,
    write,
)
from bot.slack.services import services
from bot.store.wording import template

__all__ = ["handle_curate_draft", "handle_curate_entry", "handle_curate_wording"]

log = logging.getLogger(__name__)

_CLUSTER_BLOCK = f"{SECTION_PREFIX}curate_"


def handle_curate_entry(
    ack: Ack, action: dict[str, Any], body: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """An entry picked for a cluster: show the section again with the buttons naming it."""
    ack()
    found, user = services(context), body["user"]["id"]
    if not is_curator(found, client, user):
        return
    ref = str(action.get("block_id", "")).removeprefix(_CLUSTER_BLOCK)
    entry_id = (action.get("selected_option") or {}).get("value", "")
    section = corrections_section(found, client, user, chosen={ref: entry_id})
    refresh_section(client, body.get("view") or {}, section)


def handle_curate_wording(
    ack: Ack, action: dict[str, Any], body: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """ "Add as alias" / "Add as symptom": write the cluster's wording to the picked entry."""
    ack()
    found, user = services(context), body["user"]["id"]
    if not is_curator(found, client, user):
        return
    ref, _, entry_id = str(action.get("value", "")).partition(":")
    entry = found.triager.index.by_id.get(entry_id)
    cluster = find_cluster(found, ref)
    field = "aliases" if action["action_id"] == ids.CURATE_ALIAS else "symptoms"
    chosen = {ref: entry_id} if entry else None
    if entry is None:
        status = "Pick the entry first (search by its code or words), then click again."
    elif cluster is None:
        status = "Those pastes are no longer kept; nothing was written."
    else:
        wording = template(cluster.text)
        written = write(found, extension(entry.id, **{field: [wording]}))
        status = written.status()
        what = "an alias" if field == "aliases" else "a symptom"
        if written.path is not None:
            status = f"Added {what} of `{escape(entry.key)}`: _{escape(wording)}_\n{status}"
            log.info("%s added %s to %s in %s", user, what, entry.id, written.path)
    section = corrections_section(found, client, user, chosen=chosen, status=status)
    refresh_section(client, body.get("view") or {}, section)


def handle_curate_draft(
    ack: Ack, action: dict[str, Any], body: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """ "Draft a new entry": open the draft modal filled from the cluster."""
    ack()
    found, user = services(context), body["user"]["id"]
    if not is_curator(found, client, user):
        return
    cluster = find_cluster(found, str(action.get("value", "")))
    if cluster is None:
        return
    try:
        client.views_open(trigger_id=body["trigger_id"], view=draft_modal(cluster))
    except (SlackApiError, OSError) as err:
        log.warning("views.open failed: %s", err)

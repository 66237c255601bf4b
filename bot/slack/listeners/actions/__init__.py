"""Button listeners: follow-up checks, escalation, feedback, sharing, suggestions,
corrections, the curator's clicks, drafts; the App Home's channel picker."""

import re

from slack_bolt import App

from bot.slack import ids
from bot.slack.listeners.actions.channel_settings import handle_channel_pick
from bot.slack.listeners.actions.check_answer import handle_check_answer
from bot.slack.listeners.actions.curate import (
    handle_curate_draft,
    handle_curate_entry,
    handle_curate_wording,
)
from bot.slack.listeners.actions.draft import handle_draft
from bot.slack.listeners.actions.escalate import handle_escalate
from bot.slack.listeners.actions.feedback import handle_feedback
from bot.slack.listeners.actions.more import handle_more
from bot.slack.listeners.actions.share import handle_share
from bot.slack.listeners.actions.suggestion import handle_suggestion
from bot.slack.listeners.actions.wrong_error import handle_wrong_error
from bot.slack.policy_blocks import CHANNEL_PICK, DRAFT_DISMISS, DRAFT_POST

__all__ = ["register"]


def register(app: App) -> None:
    """Register the button listeners."""
    app.action(re.compile(f"^(?:{ids.CHECK_CONFIRM}|{ids.CHECK_NEXT})$"))(handle_check_answer)
    app.action(ids.ESCALATE)(handle_escalate)
    app.action(re.compile(f"^(?:{ids.FEEDBACK_HELPFUL}|{ids.FEEDBACK_UNHELPFUL})$"))(
        handle_feedback
    )
    app.action(ids.SHARE)(handle_share)
    app.action(ids.MORE)(handle_more)
    app.action(re.compile(rf"^{ids.SUGGESTION}_\d+$"))(handle_suggestion)
    app.action(ids.WRONG_ERROR)(handle_wrong_error)
    app.action(ids.CURATE_ENTRY)(handle_curate_entry)
    app.action(re.compile(f"^(?:{ids.CURATE_ALIAS}|{ids.CURATE_SYMPTOM})$"))(handle_curate_wording)
    app.action(ids.CURATE_DRAFT)(handle_curate_draft)
    app.action(CHANNEL_PICK)(handle_channel_pick)
    app.action(re.compile(f"^(?:{DRAFT_POST}|{DRAFT_DISMISS})$"))(handle_draft)

"""Modal submissions: a correction, a drafted entry, a channel's settings."""

from slack_bolt import App

from bot.slack import ids
from bot.slack.listeners.views.channel_settings import handle_channel_settings
from bot.slack.listeners.views.correction import handle_correction
from bot.slack.listeners.views.draft_entry import handle_draft_entry
from bot.slack.policy_blocks import SETTINGS_VIEW

__all__ = ["register"]


def register(app: App) -> None:
    """Register the modal submission listeners."""
    app.view(ids.CORRECTION_MODAL)(handle_correction)
    app.view(ids.DRAFT_MODAL)(handle_draft_entry)
    app.view(SETTINGS_VIEW)(handle_channel_settings)

"""Modal submissions: a correction, a drafted entry."""

from slack_bolt import App

from bot.slack import ids
from bot.slack.listeners.views.correction import handle_correction
from bot.slack.listeners.views.draft_entry import handle_draft_entry

__all__ = ["register"]


def register(app: App) -> None:
    """Register the modal submission listeners."""
    app.view(ids.CORRECTION_MODAL)(handle_correction)
    app.view(ids.DRAFT_MODAL)(handle_draft_entry)

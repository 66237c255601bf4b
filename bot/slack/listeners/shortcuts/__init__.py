"""Shortcut listeners."""

from slack_bolt import App

from bot.slack import ids
from bot.slack.listeners.shortcuts.explain_error import handle_explain_error

__all__ = ["register"]


def register(app: App) -> None:
    """Register the message shortcut."""
    app.shortcut(ids.EXPLAIN_SHORTCUT)(handle_explain_error)

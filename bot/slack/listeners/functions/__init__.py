"""Workflow Builder custom step listeners."""

from slack_bolt import App

from bot.slack import ids
from bot.slack.listeners.functions.diagnose_sign_in_error import handle_diagnose_sign_in_error

__all__ = ["register"]


def register(app: App) -> None:
    """Register the custom step."""
    app.function(ids.DIAGNOSE_FUNCTION)(handle_diagnose_sign_in_error)

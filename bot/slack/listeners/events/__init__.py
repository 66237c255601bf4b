"""Event listeners: mentions, messages (DMs and auto-triage), App Home."""

from slack_bolt import App

from bot.slack.listeners.events.app_home_opened import handle_app_home_opened
from bot.slack.listeners.events.app_mention import handle_app_mention
from bot.slack.listeners.events.message import handle_message

__all__ = ["register"]


def register(app: App) -> None:
    """Register the event listeners."""
    app.event("app_mention")(handle_app_mention)
    app.event("message")(handle_message)
    app.event("app_home_opened")(handle_app_home_opened)

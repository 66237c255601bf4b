"""Slash command listeners."""

from slack_bolt import App

from bot.slack import ids
from bot.slack.listeners.commands.oauthhelp import handle_oauthhelp

__all__ = ["register"]


def register(app: App) -> None:
    """Register the slash command."""
    app.command(ids.COMMAND)(handle_oauthhelp)

"""Modal submissions: a channel's settings."""

from slack_bolt import App

from bot.slack.listeners.views.channel_settings import handle_channel_settings
from bot.slack.policy_blocks import SETTINGS_VIEW

__all__ = ["register"]


def register(app: App) -> None:
    """Register the view listeners."""
    app.view(SETTINGS_VIEW)(handle_channel_settings)

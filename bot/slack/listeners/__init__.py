"""Bolt listeners, one module per callback; each kind registers its own."""

from slack_bolt import App

from bot.slack.listeners import actions, commands, events, functions, shortcuts, views

__all__ = ["register_listeners"]


def register_listeners(app: App) -> None:
    """Register every listener on ``app``."""
    for kind in (events, commands, shortcuts, actions, functions, views):
        kind.register(app)

"""Options listeners: the entry search of the correction modal and of the curator's view."""

import re

from slack_bolt import App

from bot.slack import ids
from bot.slack.listeners.options.entry_search import handle_entry_search

__all__ = ["register"]


def register(app: App) -> None:
    """Register the options listeners."""
    app.options(re.compile(f"^(?:{ids.CORRECTION_ENTRY}|{ids.CURATE_ENTRY})$"))(handle_entry_search)

"""The store: SQLAlchemy tables and the few queries the Slack app needs."""

from bot.store.store import EVENT_TTL_SECONDS, Stats, Store

__all__ = ["EVENT_TTL_SECONDS", "Stats", "Store"]

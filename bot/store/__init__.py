"""The store: SQLAlchemy tables and the few queries the Slack app needs."""

from bot.store.store import (
    EVENT_TTL_SECONDS,
    POSTGRES_HINT,
    PURGE_INTERVAL_SECONDS,
    Purged,
    Stats,
    Store,
    StoreError,
    open_engine,
)

__all__ = [
    "EVENT_TTL_SECONDS",
    "POSTGRES_HINT",
    "PURGE_INTERVAL_SECONDS",
    "Purged",
    "Stats",
    "Store",
    "StoreError",
    "open_engine",
]

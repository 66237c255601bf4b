"""What every listener needs, handed to them through Bolt's ``context``."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from slack_bolt import BoltContext, BoltResponse
from sqlalchemy.exc import SQLAlchemyError

from bot.config import Settings
from bot.kb import KnowledgeSource
from bot.slack.outbox import Courier
from bot.store import Store
from bot.triage import Triager

__all__ = ["Services", "attach", "services"]

_KEY = "oauth_triage"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Services:
    """The settings, the triage engine (fixed, or reloaded as knowledge changes), the store,
    and the courier that keeps replies Slack cannot take yet in the store's outbox."""

    settings: Settings
    engine: Triager | KnowledgeSource[Triager]
    store: Store
    courier: Courier | None = None

    @property
    def triager(self) -> Triager:
        """The engine over the current knowledge."""
        engine = self.engine
        return engine.current() if isinstance(engine, KnowledgeSource) else engine

    def readiness(self) -> tuple[bool, dict[str, Any]]:
        """Whether the store answers a trivial query and knowledge is loaded, and a report."""
        try:
            self.store.ping()
            store = "ok"
        except SQLAlchemyError as err:
            log.warning("health check: the store does not answer (%s)", type(err).__name__)
            store = "unavailable"
        entries = len(self.triager.index.entries)
        knowledge = "ok" if entries else "empty"
        report = {"store": store, "knowledge": knowledge, "entries": entries}
        return store == knowledge == "ok", report


def attach(found: Services) -> Callable[[BoltContext, Callable[[], BoltResponse]], BoltResponse]:
    """A global middleware putting ``found`` into every request's context."""

    def attach_services(context: BoltContext, next: Callable[[], BoltResponse]) -> BoltResponse:
        context[_KEY] = found
        return next()

    return attach_services


def services(context: Mapping[str, Any]) -> Services:
    """The services attached to this request."""
    return context[_KEY]

"""What every listener needs, handed to them through Bolt's ``context``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from slack_bolt import BoltContext, BoltResponse

from bot.config import Settings
from bot.kb import KnowledgeSource
from bot.store import Store
from bot.triage import Triager

__all__ = ["Services", "attach", "services"]

_KEY = "oauth_triage"


@dataclass(frozen=True)
class Services:
    """The settings, the triage engine (fixed, or reloaded as knowledge changes) and the store."""

    settings: Settings
    engine: Triager | KnowledgeSource[Triager]
    store: Store

    @property
    def triager(self) -> Triager:
        """The engine over the current knowledge."""
        engine = self.engine
        return engine.current() if isinstance(engine, KnowledgeSource) else engine


def attach(found: Services) -> Callable[[BoltContext, Callable[[], BoltResponse]], BoltResponse]:
    """A global middleware putting ``found`` into every request's context."""

    def attach_services(context: BoltContext, next: Callable[[], BoltResponse]) -> BoltResponse:
        context[_KEY] = found
        return next()

    return attach_services


def services(context: Mapping[str, Any]) -> Services:
    """The services attached to this request."""
    return context[_KEY]

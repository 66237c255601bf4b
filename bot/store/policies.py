"""Per-channel policy and drafted replies: what admins set for a channel, and the answers
waiting for a responder to post or dismiss them (each at most once)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.store.models import ChannelPolicy, DraftReply, WatchedChannel
from bot.store.store import Store, _rowcount

__all__ = ["Draft", "DraftStatus", "Drafts", "Mode", "Policies", "Policy"]


class Mode(StrEnum):
    """When the bot answers in a channel."""

    #: Only when mentioned (or asked by command or shortcut).
    MENTION = "mention"
    #: Plain messages are triaged too; confident matches are answered.
    AUTO = "auto"
    #: Plain messages are triaged; the answer goes privately to the responders first.
    DRAFTS = "drafts"


@dataclass(frozen=True)
class Policy:
    """A channel's policy."""

    mode: Mode = Mode.MENTION
    #: The score an unasked match needs; None: the matcher's own.
    threshold: float | None = None
    #: Replies go in the message's thread; else in the channel as a new message.
    in_thread: bool = True
    #: Who gets drafts (``drafts`` mode); none: the fallback the Slack app chooses.
    responders: tuple[str, ...] = ()


class DraftStatus(StrEnum):
    """Where a draft stands."""

    PENDING = "pending"
    POSTED = "posted"
    DISMISSED = "dismissed"


@dataclass(frozen=True)
class Draft:
    """A drafted reply to the message of thread ``thread_id``."""

    thread_id: int
    message: dict[str, Any]
    responders: tuple[str, ...]
    status: DraftStatus
    decided_by: str | None


def _sync_watched(session: Session, channel: str, policy: Policy, user: str | None, now: float):
    """Keep ``watched_channels`` (auto-triage on) in step: on in ``auto`` and ``drafts``."""
    watched = session.get(WatchedChannel, channel)
    if policy.mode is Mode.MENTION and watched is not None:
        session.delete(watched)
    elif policy.mode is not Mode.MENTION and watched is None:
        session.add(WatchedChannel(channel=channel, watched_by=user, since=now))


class Policies:
    """Channel policies in ``store``'s database; times come from ``clock``."""

    def __init__(self, store: Store, *, clock: Callable[[], float] = time.time) -> None:
        self._engine = store.engine
        self._session = sessionmaker(store.engine, expire_on_commit=False)
        self._clock = clock

    def stored(self, channel: str) -> Policy | None:
        """The policy set for ``channel``, or None when none was."""
        columns = (
            ChannelPolicy.mode,
            ChannelPolicy.threshold,
            ChannelPolicy.in_thread,
            ChannelPolicy.responders,
        )
        query = select(*columns).where(ChannelPolicy.channel == channel)
        with self._engine.connect() as connection:  # read for every message: no ORM session
            row = connection.execute(query).first()
        if row is None:
            return None
        return Policy(Mode(row.mode), row.threshold, row.in_thread, tuple(row.responders))

    def every(self, *, limit: int = 50) -> list[tuple[str, Policy]]:
        """The channels with a policy set, most recently changed first (at most ``limit``)."""
        query = select(ChannelPolicy).order_by(ChannelPolicy.updated_at.desc()).limit(limit)
        with self._session() as session:
            return [
                (
                    row.channel,
                    Policy(Mode(row.mode), row.threshold, row.in_thread, tuple(row.responders)),
                )
                for row in session.scalars(query)
            ]

    def save(self, channel: str, policy: Policy, *, by: str | None) -> None:
        """Set ``channel``'s policy (``by``: who did); auto-triage is on unless ``mention``."""
        for attempt in range(2):  # another instance may insert the row in between: update it
            try:
                self._save(channel, policy, by)
                return
            except IntegrityError:
                if attempt:
                    raise

    def _save(self, channel: str, policy: Policy, by: str | None) -> None:
        now = self._clock()
        values = {
            "mode": policy.mode.value,
            "threshold": policy.threshold,
            "in_thread": policy.in_thread,
            "responders": list(policy.responders),
            "updated_by": by,
            "updated_at": now,
        }
        with self._session.begin() as session:
            row = session.get(ChannelPolicy, channel)
            if row is None:
                session.add(ChannelPolicy(channel=channel, **values))
            else:
                for name, value in values.items():
                    setattr(row, name, value)
            _sync_watched(session, channel, policy, by, now)


class Drafts:
    """Drafted replies in ``store``'s database (purged with their answer)."""

    def __init__(self, store: Store, *, clock: Callable[[], float] = time.time) -> None:
        self._session = sessionmaker(store.engine, expire_on_commit=False)
        self._clock = clock

    def add(self, thread_id: int, message: dict[str, Any], responders: Sequence[str]) -> None:
        """Keep the reply drafted for thread ``thread_id``, for ``responders``."""
        with self._session.begin() as session:
            session.add(
                DraftReply(
                    thread_id=thread_id,
                    created=self._clock(),
                    message=message,
                    responders=list(responders),
                    status=DraftStatus.PENDING.value,
                )
            )

    def get(self, thread_id: int) -> Draft | None:
        """The draft of thread ``thread_id``, if any."""
        with self._session() as session:
            row = session.get(DraftReply, thread_id)
            if row is None:
                return None
            return Draft(
                row.thread_id,
                row.message,
                tuple(row.responders),
                DraftStatus(row.status),
                row.decided_by,
            )

    def decide(self, thread_id: int, status: DraftStatus, user: str) -> bool:
        """Mark a pending draft posted or dismissed by ``user``; False when it no longer was
        pending (someone decided first)."""
        with self._session.begin() as session:
            changed = session.execute(
                update(DraftReply)
                .where(
                    DraftReply.thread_id == thread_id,
                    DraftReply.status == DraftStatus.PENDING.value,
                )
                .values(status=status.value, decided_by=user, decided_at=self._clock())
            )
        return _rowcount(changed) == 1

    def reopen(self, thread_id: int) -> None:
        """Make a draft pending again (posting it failed)."""
        with self._session.begin() as session:
            session.execute(
                update(DraftReply)
                .where(DraftReply.thread_id == thread_id)
                .values(status=DraftStatus.PENDING.value, decided_by=None, decided_at=None)
            )

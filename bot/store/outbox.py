"""The outbox's queries: replies kept until they are delivered, claimed atomically so two
instances never send the same one; and each channel's pace, shared by every instance."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker

from bot.store.models import ChannelPace, OutboxMessage
from bot.store.store import Store, _rowcount

__all__ = ["Outbox"]


class Outbox:
    """Replies waiting in ``store``'s database; times come from ``clock``."""

    def __init__(self, store: Store, *, clock: Callable[[], float] = time.time) -> None:
        self._engine = store.engine
        self._session = sessionmaker(store.engine, expire_on_commit=False)
        self._clock = clock

    def add(
        self,
        method: str,
        arguments: dict[str, Any],
        *,
        due_at: float,
        attempts: int = 0,
        error: str | None = None,
    ) -> int:
        """Keep a call to make at ``due_at``; its id."""
        row = OutboxMessage(
            created=self._clock(),
            method=method,
            channel=str(arguments.get("channel", ""))[:64],
            arguments=arguments,
            attempts=attempts,
            due_at=due_at,
            last_error=error[:64] if error else None,
        )
        with self._session.begin() as session:
            session.add(row)
        return row.id

    def pending(self, channel: str | None = None) -> int:
        """How many calls wait (for ``channel`` only, when given)."""
        query = select(func.count()).select_from(OutboxMessage)
        if channel is not None:
            query = query.where(OutboxMessage.channel == channel)
        with self._session() as session:
            return session.scalar(query) or 0

    def last_due(self, channel: str) -> float | None:
        """When the last call waiting for ``channel`` is due; None when none waits."""
        query = select(func.max(OutboxMessage.due_at)).where(OutboxMessage.channel == channel)
        with self._session() as session:
            return session.scalar(query)

    def next_due(self) -> float | None:
        """When the next unclaimed call is due (claimed ones: when their claim expires)."""
        now = self._clock()
        free = or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now)
        with self._session() as session:
            due = session.scalar(select(func.min(OutboxMessage.due_at)).where(free))
            expiry = session.scalar(select(func.min(OutboxMessage.claimed_until)))
        times = [t for t in (due, expiry) if t is not None]
        return min(times) if times else None

    def claim_due(self, owner: str, *, lease: float, limit: int) -> Sequence[OutboxMessage]:
        """Claim up to ``limit`` due calls for ``owner`` for ``lease`` seconds, oldest first.

        Each row is claimed by its own conditional UPDATE; a row another worker claimed in
        the meantime changes no row here and is left to it.
        """
        now = self._clock()
        free = or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now)
        with self._session() as session:
            ids = session.scalars(
                select(OutboxMessage.id)
                .where(OutboxMessage.due_at <= now, free)
                .order_by(OutboxMessage.due_at, OutboxMessage.id)
                .limit(limit)
            ).all()
        claimed = []
        for row_id in ids:
            with self._session.begin() as session:
                changed = session.execute(
                    update(OutboxMessage)
                    .where(OutboxMessage.id == row_id, free)
                    .values(claimed_by=owner, claimed_until=now + lease)
                )
            if _rowcount(changed) == 1:
                claimed.append(row_id)
        if not claimed:
            return []
        with self._session() as session:
            rows = session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.id.in_(claimed), OutboxMessage.claimed_by == owner)
                .order_by(OutboxMessage.due_at, OutboxMessage.id)
            ).all()
        return rows

    def hurry(self, *, keep: str = "ratelimited") -> int:
        """Make every unclaimed call waiting to retry after a failure due now, except those
        whose last error was ``keep`` (Slack named a time for those); how many."""
        now = self._clock()
        with self._session.begin() as session:
            changed = session.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.due_at > now,
                    OutboxMessage.attempts > 0,
                    OutboxMessage.claimed_by.is_(None),
                    or_(OutboxMessage.last_error.is_(None), OutboxMessage.last_error != keep),
                )
                .values(due_at=now)
            )
        return _rowcount(changed)

    def take_slot(self, channel: str, *, now: float, interval: float) -> bool:
        """Book ``now`` for a post to ``channel`` (the next one may follow ``interval`` later);
        False, booking nothing, when another post (by any instance) holds the channel.

        One conditional UPDATE when the channel was posted to before (the usual case); its
        first post inserts the row, and an insert that finds the row there means it is held.
        """
        channel, until = channel[:64], now + interval
        with self._engine.begin() as connection:
            booked = connection.execute(
                update(ChannelPace)
                .where(ChannelPace.channel == channel, ChannelPace.next_at <= now)
                .values(next_at=until)
            )
        if _rowcount(booked) == 1:
            return True
        try:
            with self._engine.begin() as connection:
                connection.execute(insert(ChannelPace).values(channel=channel, next_at=until))
        except IntegrityError:
            return False
        return True

    def next_slot(self, channel: str) -> float | None:
        """The earliest time ``channel`` may take a post (None: no post booked yet)."""
        with self._session() as session:
            return session.scalar(
                select(ChannelPace.next_at).where(ChannelPace.channel == channel[:64])
            )

    def hold_slot(self, channel: str, until: float) -> None:
        """Let ``channel`` take no post before ``until`` (Slack said so)."""
        channel = channel[:64]
        with self._session.begin() as session:
            row = session.get(ChannelPace, channel, with_for_update=True)
            if row is None:
                session.add(ChannelPace(channel=channel, next_at=until))
            elif row.next_at < until:
                row.next_at = until

    def done(self, row_id: int) -> None:
        """Forget a call: delivered, or undeliverable."""
        with self._session.begin() as session:
            session.execute(delete(OutboxMessage).where(OutboxMessage.id == row_id))

    def later(
        self, row_id: int, owner: str, *, due_at: float, attempts: int, error: str | None
    ) -> None:
        """Release ``owner``'s claim on a call and make it due again at ``due_at``."""
        with self._session.begin() as session:
            session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == row_id, OutboxMessage.claimed_by == owner)
                .values(
                    due_at=due_at,
                    attempts=attempts,
                    last_error=error[:64] if error else None,
                    claimed_by=None,
                    claimed_until=None,
                )
            )

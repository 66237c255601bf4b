"""The corrections' queries: record a "Wrong error?", find what a wording was corrected to,
count corrected answers, and list the texts a knowledge curator should look at.

Corrections are purged with their answers after ``RETENTION_DAYS``
(:meth:`bot.store.Store.purge`), and
what they taught goes with them.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import sessionmaker

from bot.store.clusters import Sample
from bot.store.models import Correction, TriageThread, Unmatched
from bot.store.wording import fingerprint
from bot.text import MAX_PASTE_CHARS

__all__ = ["Corrections"]

#: What a person writes the error is: kept to this many characters.
MAX_DESCRIPTION = 2000


class Corrections:
    """Corrections in the store's database (``engine``, migrated by :class:`Store`); times
    come from ``clock``."""

    def __init__(self, engine: Engine, *, clock: Callable[[], float] = time.time) -> None:
        self._engine = engine
        self._session = sessionmaker(engine, expire_on_commit=False)
        self._clock = clock

    def record(
        self,
        thread: TriageThread,
        *,
        user: str | None,
        entry_id: str | None,
        key: str | None,
        description: str | None,
    ) -> Correction:
        """Keep a correction of ``thread``'s answer: the entry picked instead (None: "none of
        these") and what ``user`` wrote (redacted by the caller)."""
        row = Correction(
            at=self._clock(),
            thread_id=thread.id,
            user=user,
            wrong_key=thread.key,
            entry_id=entry_id,
            key=key,
            description=description[:MAX_DESCRIPTION] if description else None,
            paste=thread.paste[:MAX_PASTE_CHARS],
            wording=fingerprint(thread.paste),
        )
        with self._session.begin() as session:
            session.add(row)
        return row

    def learnt(self, paste: str) -> str | None:
        """The entry id the latest correction of a paste worded like ``paste`` (redacted)
        picked; None when no kept correction picked one."""
        query = (
            select(Correction.entry_id)
            .where(Correction.wording == fingerprint(paste), Correction.entry_id.is_not(None))
            .order_by(Correction.at.desc(), Correction.id.desc())
            .limit(1)
        )
        with self._engine.connect() as connection:  # asked for every paste: no ORM session
            return connection.execute(query).scalar()

    def corrected(self, days: float = 7) -> int:
        """How many answers were corrected in the last ``days``."""
        since = self._clock() - days * 86400
        query = select(func.count(func.distinct(Correction.thread_id))).where(
            Correction.at >= since
        )
        with self._session() as session:
            return session.scalar(query) or 0

    def samples(self, *, limit: int = 500) -> list[Sample]:
        """The latest unmatched pastes and corrections (at most ``limit`` of each), newest
        first, redacted: what :func:`bot.store.clusters.cluster` groups."""
        with self._session() as session:
            unmatched = session.execute(
                select(Unmatched.id, Unmatched.at, Unmatched.text)
                .order_by(Unmatched.at.desc())
                .limit(limit)
            ).all()
            corrections = session.execute(
                select(
                    Correction.id,
                    Correction.at,
                    Correction.paste,
                    Correction.entry_id,
                    Correction.description,
                )
                .order_by(Correction.at.desc())
                .limit(limit)
            ).all()
        found = [(at, Sample(f"u{id_}", text)) for id_, at, text in unmatched]
        found += [
            (at, Sample(f"c{id_}", paste, entry_id, description))
            for id_, at, paste, entry_id, description in corrections
        ]
        found.sort(key=lambda pair: -pair[0])
        return [sample for _, sample in found]

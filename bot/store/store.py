"""The few queries the Slack app needs, over any SQLAlchemy database."""

from __future__ import annotations

import importlib
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import (
    URL,
    Engine,
    create_engine,
    delete,
    event,
    func,
    insert,
    make_url,
    select,
    update,
)
from sqlalchemy.engine import CursorResult, Result
from sqlalchemy.exc import ArgumentError, IntegrityError, SQLAlchemyError
from sqlalchemy.orm import sessionmaker

from bot.store import migrate
from bot.store.models import (
    Correction,
    DraftReply,
    Escalation,
    Feedback,
    SeenEvent,
    TriageThread,
    Unmatched,
    WatchedChannel,
)
from bot.store.state import StoredAnswer, ThreadStatus
from bot.text import MAX_PASTE_CHARS

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

log = logging.getLogger(__name__)

#: How long a handled event is remembered; Slack retries within minutes.
EVENT_TTL_SECONDS = 3 * 3600.0
#: Old rows are purged at most this often (and whenever :meth:`Store.purge` is called).
PURGE_INTERVAL_SECONDS = 3600.0
#: How to install the PostgreSQL driver.
POSTGRES_HINT = "install the 'postgres' extra: pip install '.[postgres]' (psycopg)"
_DAY = 86400.0


class StoreError(Exception):
    """The store cannot be opened; the message says why, without the URL's password."""


@dataclass(frozen=True)
class Purged:
    """What one purge deleted."""

    threads: int
    unmatched: int


@dataclass(frozen=True)
class Stats:
    """What the App Home shows for a period."""

    answers: int
    top: tuple[tuple[str, int], ...]
    unmatched: int
    helpful: int
    not_helpful: int
    escalations: int


def _rowcount(result: Result[Any]) -> int:
    """The rows an UPDATE or DELETE changed (its result is a ``CursorResult``)."""
    return cast(CursorResult[Any], result).rowcount


def _installed(module: str) -> bool:
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


def _with_driver(url: URL) -> URL:
    """Heroku's ``postgres://`` means ``postgresql://``; a driverless one uses psycopg (3)
    when installed, as the ``postgres`` extra provides (SQLAlchemy would look for psycopg2)."""
    if url.drivername == "postgres" or url.drivername.startswith("postgres+"):
        url = url.set(drivername="postgresql" + url.drivername.removeprefix("postgres"))
    if url.drivername == "postgresql" and _installed("psycopg"):
        return url.set(drivername="postgresql+psycopg")
    return url


def _first_line(err: BaseException, password: str | None) -> str:
    """The error's first line, without the password if it shows."""
    text = str(getattr(err, "orig", None) or err).strip().splitlines()
    line = text[0] if text else type(err).__name__
    return line.replace(password, "***") if password else line


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    """SQLite for many threads and processes: wait for a lock (10 s) instead of failing at
    once, and write ahead (WAL): readers never block the writer and a commit appends to the
    log instead of syncing the database file (NORMAL: a commit survives a crash of the
    process, the last ones may not survive a power cut). A database in memory stays so."""
    cursor = connection.cursor()
    try:
        cursor.execute("PRAGMA busy_timeout = 10000")
        _write_ahead(cursor)
        cursor.execute("PRAGMA synchronous = NORMAL")
    finally:
        cursor.close()


def _write_ahead(cursor: Any, *, wait: float = 10.0) -> None:
    """``PRAGMA journal_mode = WAL``, retried for up to ``wait`` seconds: while another
    connection writes to a database not switched yet (instances starting together on a new
    file), SQLite answers "database is locked" at once instead of waiting."""
    deadline = time.monotonic() + wait
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def open_engine(url: str, *, connections: int = 5) -> Engine:
    """An engine for ``url`` keeping up to ``connections`` connections open (PostgreSQL:
    a new one costs a server process, so a pool smaller than the threads using it makes
    every busy moment open and close connections), connected once to be sure it works.

    Raises :class:`StoreError` saying what is wrong: the URL does not parse, names an
    unknown database, its driver is not installed, or the database cannot be reached.
    """
    try:
        parsed = _with_driver(make_url(url))
    except ArgumentError:
        raise StoreError("not a database URL (e.g. sqlite:///file.db, postgresql://...)") from None
    shown = parsed.render_as_string(hide_password=True)
    connect_args: dict[str, Any] = {}
    pool: dict[str, Any] = {}
    if parsed.get_backend_name() == "postgresql":
        pool = {"pool_size": connections, "max_overflow": 10, "pool_pre_ping": True}
        if "connect_timeout" not in parsed.query:
            connect_args["connect_timeout"] = 10
    try:
        engine = create_engine(parsed, connect_args=connect_args, **pool)
    except ImportError as err:
        hint = f"; {POSTGRES_HINT}" if parsed.get_backend_name() == "postgresql" else ""
        raise StoreError(
            f"the driver for {parsed.drivername} is not installed ({err}){hint}"
        ) from None
    except ArgumentError as err:
        raise StoreError(f"cannot use {shown}: {_first_line(err, parsed.password)}") from None
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        with engine.connect():
            pass
    except (SQLAlchemyError, OSError) as err:
        engine.dispose()
        reason = _first_line(err, parsed.password)
        raise StoreError(f"cannot connect to {shown}: {reason}") from None
    return engine


class Store:
    """Events seen, watched channels, triage threads, feedback, unmatched pastes, escalations.

    Threads (with their feedback and escalation) and unmatched texts older than
    ``retention_days`` are purged: by :meth:`purge`, and at most once every
    :data:`PURGE_INTERVAL_SECONDS` as events, answers and unmatched texts arrive.
    """

    def __init__(
        self,
        url: str,
        *,
        clock: Callable[[], float] = time.time,
        retention_days: float = 30,
        connections: int = 5,
    ) -> None:
        self.engine = open_engine(url, connections=connections)
        try:
            migrate.upgrade(self.engine)
        except (SQLAlchemyError, migrate.SchemaError) as err:
            self.engine.dispose()
            raise StoreError(f"cannot migrate the tables: {_first_line(err, None)}") from None
        self._session = sessionmaker(self.engine, expire_on_commit=False)
        self._clock = clock
        self.retention_days = retention_days
        self._purge_lock = threading.Lock()
        self._next_purge = float("-inf")

    def ping(self) -> None:
        """Run a trivial query; raises :class:`~sqlalchemy.exc.SQLAlchemyError` when the
        database does not answer."""
        with self.engine.connect() as connection:
            connection.execute(select(1))

    def purge(self) -> Purged:
        """Delete threads (with their feedback, escalations and corrections), corrections and
        unmatched texts older than the retention period, and handled events older than
        :data:`EVENT_TTL_SECONDS`."""
        now = self._clock()
        cutoff = now - self.retention_days * _DAY
        old = select(TriageThread.id).where(TriageThread.created < cutoff)
        with self._session.begin() as session:
            session.execute(delete(Feedback).where(Feedback.thread_id.in_(old)))
            session.execute(delete(Escalation).where(Escalation.thread_id.in_(old)))
            session.execute(
                delete(Correction).where((Correction.at < cutoff) | Correction.thread_id.in_(old))
            )
            session.execute(delete(DraftReply).where(DraftReply.thread_id.in_(old)))
            threads = session.execute(delete(TriageThread).where(TriageThread.created < cutoff))
            unmatched = session.execute(delete(Unmatched).where(Unmatched.at < cutoff))
            session.execute(delete(SeenEvent).where(SeenEvent.seen_at < now - EVENT_TTL_SECONDS))
        with self._purge_lock:
            self._next_purge = now + PURGE_INTERVAL_SECONDS
        return Purged(_rowcount(threads), _rowcount(unmatched))

    def _purge_if_due(self) -> None:
        """:meth:`purge` when the last one is :data:`PURGE_INTERVAL_SECONDS` old; a failure is
        logged, never raised, and retried at the next interval."""
        now = self._clock()
        with self._purge_lock:
            if now < self._next_purge:
                return
            self._next_purge = now + PURGE_INTERVAL_SECONDS
        try:
            purged = self.purge()
        except SQLAlchemyError as err:
            log.warning("purging old rows failed: %s", _first_line(err, None))
            return
        if purged.threads or purged.unmatched:
            log.info("purged %d answers and %d unmatched texts", purged.threads, purged.unmatched)

    def claim(self, key: str) -> bool:
        """Record ``key`` as handled; False when it already was (within the TTL)."""
        self._purge_if_due()
        now, key = self._clock(), key[:255]
        try:  # on every event, in the ack: Core statements, no ORM session
            with self.engine.begin() as connection:
                connection.execute(insert(SeenEvent).values(key=key, seen_at=now))
        except IntegrityError:
            # Seen before: still handled when that was within the TTL; an expired row (the
            # hourly purge deletes them) is taken over by whichever claim updates it first.
            expired = SeenEvent.seen_at < now - EVENT_TTL_SECONDS
            with self.engine.begin() as connection:
                taken = connection.execute(
                    update(SeenEvent).where(SeenEvent.key == key, expired).values(seen_at=now)
                )
            return _rowcount(taken) == 1
        return True

    def watch(self, channel: str, user: str | None) -> bool:
        """Switch auto-triage on for ``channel``; False when it already was."""
        try:
            with self._session.begin() as session:
                session.add(WatchedChannel(channel=channel, watched_by=user, since=self._clock()))
        except IntegrityError:
            return False
        return True

    def unwatch(self, channel: str) -> bool:
        """Switch auto-triage off for ``channel``; False when it was not on."""
        with self._session.begin() as session:
            gone = session.execute(delete(WatchedChannel).where(WatchedChannel.channel == channel))
        return _rowcount(gone) > 0

    def is_watched(self, channel: str) -> bool:
        """Whether auto-triage was switched on for ``channel``."""
        query = select(WatchedChannel.channel).where(WatchedChannel.channel == channel)
        with self.engine.connect() as connection:
            return connection.execute(query).first() is not None

    def open_thread(
        self,
        *,
        channel: str,
        thread_ts: str | None,
        user: str | None,
        private: bool,
        paste: str,
        answers: Sequence[StoredAnswer],
        check_count: int,
    ) -> TriageThread:
        """Record an answer (or an unmatched reply, with no answers) and return it."""
        self._purge_if_due()
        thread = TriageThread(
            created=self._clock(),
            channel=channel,
            thread_ts=thread_ts,
            user=user,
            private=private,
            key=answers[0].key if answers else None,
            answers=[answer.encode() for answer in answers],
            paste=paste[:MAX_PASTE_CHARS],
            check_count=check_count,
            check_index=0,
            status=ThreadStatus.OPEN,
        )
        with self._session.begin() as session:
            session.add(thread)
        return thread

    def same_error(
        self, channel: str, key: str, *, within: float
    ) -> tuple[TriageThread | None, int]:
        """The first public thread answering ``key`` in ``channel`` in the last ``within``
        seconds, and how many threads answered it there in that time (an incident)."""
        since = self._clock() - within
        where = (
            TriageThread.channel == channel,
            TriageThread.key == key,
            TriageThread.private.is_(False),
            TriageThread.created >= since,
        )
        with self._session() as session:
            first = session.scalars(
                select(TriageThread).where(*where).order_by(TriageThread.id).limit(1)
            ).first()
            count = session.scalar(select(func.count()).select_from(TriageThread).where(*where))
        return first, int(count or 0)

    def thread(self, thread_id: int) -> TriageThread | None:
        """The thread with this id, if any."""
        with self._session() as session:
            return session.get(TriageThread, thread_id)

    def move_thread(
        self, thread_id: int, channel: str, thread_ts: str | None, *, restart: bool = False
    ) -> None:
        """The thread now lives in public at ``channel``/``thread_ts`` (sent by DM, or shared).

        ``restart`` asks the follow-up checks again from the first, for a new audience.
        """
        values: dict[str, Any] = {"channel": channel, "thread_ts": thread_ts, "private": False}
        if restart:
            values |= {"check_index": 0, "status": ThreadStatus.OPEN}
        with self._session.begin() as session:
            session.execute(update(TriageThread).where(TriageThread.id == thread_id).values(values))

    def answer_check(self, thread_id: int, index: int, *, confirmed: bool) -> TriageThread | None:
        """Record the answer to check ``index``; None when that check is no longer asked."""
        with self._session.begin() as session:
            thread = session.get(TriageThread, thread_id)
            if thread is None or (thread.status, thread.check_index) != (ThreadStatus.OPEN, index):
                return None
            if confirmed:
                values: dict[str, Any] = {"status": ThreadStatus.CONFIRMED}
            else:
                last = index + 1 >= thread.check_count
                status = ThreadStatus.EXHAUSTED if last else ThreadStatus.OPEN
                values = {"check_index": index + 1, "status": status}
            changed = session.execute(
                update(TriageThread)
                .where(
                    TriageThread.id == thread_id,
                    TriageThread.check_index == index,
                    TriageThread.status == ThreadStatus.OPEN,
                )
                .values(**values)
            )
            if _rowcount(changed) != 1:
                return None
        return self.thread(thread_id)

    def claim_escalation(self, thread_id: int, user: str | None, permalink: str | None) -> bool:
        """Record that ``thread_id`` is escalated; False when it already was."""
        try:
            with self._session.begin() as session:
                session.add(
                    Escalation(
                        thread_id=thread_id, at=self._clock(), user=user, permalink=permalink
                    )
                )
        except IntegrityError:
            return False
        return True

    def release_escalation(self, thread_id: int) -> None:
        """Forget an escalation that could not be posted, so it can be tried again."""
        with self._session.begin() as session:
            session.execute(delete(Escalation).where(Escalation.thread_id == thread_id))

    def record_feedback(self, thread_id: int, user: str, helpful: bool) -> None:
        """Record a vote; a second vote by the same person replaces the first."""
        with self._session.begin() as session:
            session.execute(
                delete(Feedback).where(Feedback.thread_id == thread_id, Feedback.user == user)
            )
            session.add(Feedback(thread_id=thread_id, user=user, helpful=helpful, at=self._clock()))

    def record_unmatched(self, channel: str, user: str | None, text: str) -> None:
        """Keep a (redacted) paste that matched nothing, for knowledge authors."""
        self._purge_if_due()
        with self._session.begin() as session:
            kept = text[:MAX_PASTE_CHARS]
            session.add(Unmatched(at=self._clock(), channel=channel, user=user, text=kept))

    def stats(self, days: float = 7, *, top: int = 5) -> Stats:
        """Answers, most frequent errors, unmatched pastes, feedback and escalations lately."""
        since = self._clock() - days * 86400
        with self._session() as session:
            answered = select(TriageThread.key, func.count().label("n")).where(
                TriageThread.created >= since, TriageThread.key.is_not(None)
            )
            ranked = answered.group_by(TriageThread.key).order_by(
                func.count().desc(), TriageThread.key
            )
            # No NULL key: unanswered threads are left out above.
            rows = cast(Sequence[tuple[str, int]], session.execute(ranked).all())
            votes = dict(
                session.execute(
                    select(Feedback.helpful, func.count())
                    .where(Feedback.at >= since)
                    .group_by(Feedback.helpful)
                ).all()
            )
            return Stats(
                answers=sum(n for _, n in rows),
                top=tuple((key, n) for key, n in rows[:top]),
                unmatched=session.scalar(
                    select(func.count()).select_from(Unmatched).where(Unmatched.at >= since)
                )
                or 0,
                helpful=votes.get(True, 0),
                not_helpful=votes.get(False, 0),
                escalations=session.scalar(
                    select(func.count()).select_from(Escalation).where(Escalation.at >= since)
                )
                or 0,
            )

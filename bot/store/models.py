"""The store's tables. Times are Unix seconds (floats), the same in every database."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.store.state import StoredAnswer, ThreadStatus

__all__ = [
    "Base",
    "ChannelPace",
    "ChannelPolicy",
    "Correction",
    "DraftReply",
    "Escalation",
    "Feedback",
    "OutboxMessage",
    "SeenEvent",
    "TriageThread",
    "Unmatched",
    "WatchedChannel",
]


class Base(DeclarativeBase):
    """Declarative base of every table."""


class SeenEvent(Base):
    """An event (or message) already handled, kept for a while to drop repeats."""

    __tablename__ = "seen_events"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    seen_at: Mapped[float] = mapped_column(index=True)


class WatchedChannel(Base):
    """A channel switched to auto-triage with the slash command."""

    __tablename__ = "watched_channels"

    channel: Mapped[str] = mapped_column(String(64), primary_key=True)
    watched_by: Mapped[str | None] = mapped_column(String(64))
    since: Mapped[float]


class TriageThread(Base):
    """One answer and where it lives, with the state of its follow-up checks."""

    __tablename__ = "triage_threads"

    id: Mapped[int] = mapped_column(primary_key=True)
    created: Mapped[float] = mapped_column(index=True)
    channel: Mapped[str] = mapped_column(String(64))
    thread_ts: Mapped[str | None] = mapped_column(String(32))
    user: Mapped[str | None] = mapped_column(String(64))
    private: Mapped[bool]
    #: The first answer's ``provider:code``; None when nothing matched.
    key: Mapped[str | None] = mapped_column(String(255), index=True)
    #: The answers shown, best first, as :meth:`StoredAnswer.encode` writes them.
    answers: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    #: The paste, redacted.
    paste: Mapped[str] = mapped_column(Text)
    check_count: Mapped[int]
    #: The check being asked; when confirmed, the check that found the cause.
    check_index: Mapped[int] = mapped_column(default=0)
    #: Open while checks are asked, then confirmed or exhausted (stored as its value).
    status: Mapped[ThreadStatus] = mapped_column(
        Enum(
            ThreadStatus,
            native_enum=False,
            length=16,
            values_callable=lambda statuses: [s.value for s in statuses],
        ),
        default=ThreadStatus.OPEN,
    )

    @property
    def stored_answers(self) -> tuple[StoredAnswer, ...]:
        """The answers shown, best first."""
        return tuple(StoredAnswer.decode(answer) for answer in self.answers)


class Feedback(Base):
    """Helpful or not, one vote per person per answer."""

    __tablename__ = "feedback"
    __table_args__ = (UniqueConstraint("thread_id", "user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("triage_threads.id"))
    user: Mapped[str] = mapped_column(String(64))
    helpful: Mapped[bool]
    at: Mapped[float] = mapped_column(index=True)


class Unmatched(Base):
    """A paste someone asked about that matched nothing confidently (redacted)."""

    __tablename__ = "unmatched"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[float] = mapped_column(index=True)
    channel: Mapped[str] = mapped_column(String(64))
    user: Mapped[str | None] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)


class Escalation(Base):
    """An answer escalated to the escalation channel (at most once)."""

    __tablename__ = "escalations"

    thread_id: Mapped[int] = mapped_column(ForeignKey("triage_threads.id"), primary_key=True)
    at: Mapped[float] = mapped_column(index=True)
    user: Mapped[str | None] = mapped_column(String(64))
    permalink: Mapped[str | None] = mapped_column(Text)


class ChannelPace(Base):
    """The next moment a channel may take a post, shared by every instance (Slack allows
    about one a second per channel, whichever process sends it)."""

    __tablename__ = "channel_pace"

    channel: Mapped[str] = mapped_column(String(64), primary_key=True)
    next_at: Mapped[float]


class OutboxMessage(Base):
    """A reply Slack could not take yet (5xx, no connection, rate limited, or paced), kept
    until a worker delivers it or it proves undeliverable. A worker claims a row by setting
    ``claimed_by``/``claimed_until`` while it sends; an expired claim may be taken again."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    created: Mapped[float]
    #: ``chat.postMessage`` or ``chat.update``.
    method: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(64), index=True)
    #: The call's keyword arguments (``channel``, ``text``, ``blocks``...).
    arguments: Mapped[dict[str, Any]] = mapped_column(JSON)
    attempts: Mapped[int] = mapped_column(default=0)
    #: When it may be sent (Unix seconds).
    due_at: Mapped[float] = mapped_column(index=True)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[float | None]
    #: Why the last attempt failed (a Slack error code or an exception's name).
    last_error: Mapped[str | None] = mapped_column(String(64))


class Correction(Base):
    """Someone's "Wrong error?" on an answer: the entry they picked (none: "none of these")
    or what they described, with the thread's redacted paste and its wording's fingerprint.

    A correction that picked an entry teaches the bot: the same wording is answered with
    that entry from then on (:mod:`bot.store.corrections`), while the correction is kept.
    """

    __tablename__ = "corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[float] = mapped_column(index=True)
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("triage_threads.id"))
    user: Mapped[str | None] = mapped_column(String(64))
    #: The answer's first key, as shown; None when the reply matched nothing.
    wrong_key: Mapped[str | None] = mapped_column(String(255))
    #: The entry picked instead (its id and key); None for "none of these" or a description.
    entry_id: Mapped[str | None] = mapped_column(String(255))
    key: Mapped[str | None] = mapped_column(String(255))
    #: What the person wrote the error is, redacted.
    description: Mapped[str | None] = mapped_column(Text)
    #: The thread's paste, redacted.
    paste: Mapped[str] = mapped_column(Text)
    #: The fingerprint of the paste's normalised wording (:func:`bot.store.wording.fingerprint`).
    wording: Mapped[str] = mapped_column(String(64), index=True)


class ChannelPolicy(Base):
    """How the bot behaves in one channel, as its admins set it (bot.store.policies)."""

    __tablename__ = "channel_policies"

    channel: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: ``mention``, ``auto`` or ``drafts`` (:class:`bot.store.policies.Mode`).
    mode: Mapped[str] = mapped_column(String(16))
    #: The score an unasked match needs; None: the matcher's own threshold.
    threshold: Mapped[float | None]
    #: Replies go in the message's thread (else in the channel as a new message).
    in_thread: Mapped[bool]
    #: User IDs who get the drafts (``drafts`` mode).
    responders: Mapped[list[str]] = mapped_column(JSON)
    updated_by: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[float]


class DraftReply(Base):
    """An answer drafted for a channel's responders, posted or dismissed at most once."""

    __tablename__ = "draft_replies"

    thread_id: Mapped[int] = mapped_column(ForeignKey("triage_threads.id"), primary_key=True)
    created: Mapped[float]
    #: The reply as it will be posted (``text``, ``blocks``, ``metadata``; it quotes the
    #: redacted paste).
    message: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: User IDs the draft was sent to; only they may post or dismiss it.
    responders: Mapped[list[str]] = mapped_column(JSON)
    #: ``pending``, ``posted`` or ``dismissed``.
    status: Mapped[str] = mapped_column(String(16))
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[float | None]

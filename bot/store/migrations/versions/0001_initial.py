"""The tables as ``create_all`` made them before migrations: events seen, watched channels,
triage threads, feedback, unmatched pastes, escalations.

Revision ID: 0001
Revises:
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "seen_events",
        sa.Column("key", sa.String(255), primary_key=True),
        sa.Column("seen_at", sa.Double(), nullable=False),
    )
    op.create_index("ix_seen_events_seen_at", "seen_events", ["seen_at"])
    op.create_table(
        "watched_channels",
        sa.Column("channel", sa.String(64), primary_key=True),
        sa.Column("watched_by", sa.String(64), nullable=True),
        sa.Column("since", sa.Double(), nullable=False),
    )
    op.create_table(
        "triage_threads",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("created", sa.Double(), nullable=False),
        sa.Column("channel", sa.String(64), nullable=False),
        sa.Column("thread_ts", sa.String(32), nullable=True),
        sa.Column("user", sa.String(64), nullable=True),
        sa.Column("private", sa.Boolean(), nullable=False),
        sa.Column("key", sa.String(255), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("paste", sa.Text(), nullable=False),
        sa.Column("check_count", sa.Integer(), nullable=False),
        sa.Column("check_index", sa.Integer(), nullable=False),
        # ThreadStatus's values, as a plain string (no native enum, no CHECK).
        sa.Column("status", sa.String(16), nullable=False),
    )
    op.create_index("ix_triage_threads_created", "triage_threads", ["created"])
    op.create_index("ix_triage_threads_key", "triage_threads", ["key"])
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("thread_id", sa.Integer(), sa.ForeignKey("triage_threads.id"), nullable=False),
        sa.Column("user", sa.String(64), nullable=False),
        sa.Column("helpful", sa.Boolean(), nullable=False),
        sa.Column("at", sa.Double(), nullable=False),
        sa.UniqueConstraint("thread_id", "user"),
    )
    op.create_index("ix_feedback_at", "feedback", ["at"])
    op.create_table(
        "unmatched",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.Double(), nullable=False),
        sa.Column("channel", sa.String(64), nullable=False),
        sa.Column("user", sa.String(64), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
    )
    op.create_index("ix_unmatched_at", "unmatched", ["at"])
    op.create_table(
        "escalations",
        sa.Column("thread_id", sa.Integer(), sa.ForeignKey("triage_threads.id"), primary_key=True),
        sa.Column("at", sa.Double(), nullable=False),
        sa.Column("user", sa.String(64), nullable=True),
        sa.Column("permalink", sa.Text(), nullable=True),
    )
    op.create_index("ix_escalations_at", "escalations", ["at"])


def downgrade() -> None:
    for table in (
        "escalations",
        "unmatched",
        "feedback",
        "triage_threads",
        "watched_channels",
        "seen_events",
    ):
        op.drop_table(table)

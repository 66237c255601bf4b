"""Per-channel policy (mode, threshold, replies in thread, responders) and drafted replies.

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "channel_policies",
        sa.Column("channel", sa.String(64), primary_key=True),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("threshold", sa.Double(), nullable=True),
        sa.Column("in_thread", sa.Boolean(), nullable=False),
        sa.Column("responders", sa.JSON(), nullable=False),
        sa.Column("updated_by", sa.String(64), nullable=True),
        sa.Column("updated_at", sa.Double(), nullable=False),
    )
    op.create_table(
        "draft_replies",
        sa.Column("thread_id", sa.Integer(), sa.ForeignKey("triage_threads.id"), primary_key=True),
        sa.Column("created", sa.Double(), nullable=False),
        sa.Column("message", sa.JSON(), nullable=False),
        sa.Column("responders", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("decided_by", sa.String(64), nullable=True),
        sa.Column("decided_at", sa.Double(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("draft_replies")
    op.drop_table("channel_policies")

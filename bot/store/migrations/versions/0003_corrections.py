"""Corrections: "Wrong error?" answers, and the wording they teach.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.Double(), nullable=False),
        sa.Column("thread_id", sa.Integer(), sa.ForeignKey("triage_threads.id"), nullable=True),
        sa.Column("user", sa.String(64), nullable=True),
        sa.Column("wrong_key", sa.String(255), nullable=True),
        sa.Column("entry_id", sa.String(255), nullable=True),
        sa.Column("key", sa.String(255), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("paste", sa.Text(), nullable=False),
        sa.Column("wording", sa.String(64), nullable=False),
    )
    op.create_index("ix_corrections_at", "corrections", ["at"])
    op.create_index("ix_corrections_wording", "corrections", ["wording"])


def downgrade() -> None:
    op.drop_index("ix_corrections_wording", table_name="corrections")
    op.drop_index("ix_corrections_at", table_name="corrections")
    op.drop_table("corrections")

"""The next moment each channel may take a post, shared by every instance.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "channel_pace",
        sa.Column("channel", sa.String(64), primary_key=True),
        sa.Column("next_at", sa.Double(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("channel_pace")

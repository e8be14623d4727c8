"""conversation state per chat; voice references on inbound messages and interactions

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 23:59:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import crm_core.db

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "conversations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("chat_id", sa.String(length=128), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("expires_at", crm_core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("updated_at", crm_core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
            name=op.f("fk_conversations_staff_id_staff"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversations")),
        sa.UniqueConstraint("channel", "chat_id", name=op.f("uq_conversations_channel_chat_id")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("inbound_messages") as batch_op:
        batch_op.add_column(sa.Column("voice_ref", sa.String(length=256), nullable=True))
    with op.batch_alter_table("interactions") as batch_op:
        batch_op.add_column(sa.Column("voice_ref", sa.String(length=256), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("interactions") as batch_op:
        batch_op.drop_column("voice_ref")
    with op.batch_alter_table("inbound_messages") as batch_op:
        batch_op.drop_column("voice_ref")
    op.drop_table("conversations")

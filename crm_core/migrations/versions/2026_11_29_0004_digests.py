"""daily digests: staff digest preferences and the per-day digest runs

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 00:25:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import crm_core.db

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("staff") as batch_op:
        batch_op.add_column(
            sa.Column("digest_time", sa.String(length=5), nullable=False, server_default="08:30")
        )
        batch_op.add_column(sa.Column("digest_channel", sa.String(length=20), nullable=True))
    op.create_table(
        "digest_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("due_at", crm_core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "claimed",
                "sent",
                "retry",
                "failed",
                "skipped",
                name="digest_status",
                native_enum=False,
                create_constraint=True,
                length=7,
            ),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", crm_core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("claimed_by", sa.String(length=64), nullable=True),
        sa.Column("claimed_at", crm_core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("sent_at", crm_core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("channel", sa.String(length=20), nullable=True),
        sa.Column("content", sa.JSON(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", crm_core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
            name=op.f("fk_digest_runs_staff_id_staff"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_digest_runs")),
        sa.UniqueConstraint(
            "staff_id", "local_date", name=op.f("uq_digest_runs_staff_id_local_date")
        ),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_digest_runs_status_next_attempt_at",
        "digest_runs",
        ["status", "next_attempt_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_digest_runs_status_next_attempt_at", table_name="digest_runs")
    op.drop_table("digest_runs")
    with op.batch_alter_table("staff") as batch_op:
        batch_op.drop_column("digest_channel")
        batch_op.drop_column("digest_time")

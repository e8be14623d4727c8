"""a covering index for the loyalty histories: won deals by customer and currency

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 06:00:00

The company-wide loyalty figures read every won deal's customer, currency, day and amount in
customer order. With all of them in one index, both engines answer from the index alone
(PostgreSQL: an index-only scan once vacuumed), with no sort and no table lookups.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_deals_stage_customer_currency_closed",
        "deals",
        ["stage", "customer_id", "currency", "closed_on", "amount", "id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_deals_stage_customer_currency_closed", table_name="deals")

"""Deals through the pipeline. Won deals are the revenue the loyalty figures use."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from crm_core.db import Base, Money, UTCDateTime, str_enum
from crm_core.timeutil import utcnow


class DealStage(enum.StrEnum):
    LEAD = "lead"
    QUALIFIED = "qualified"
    PROPOSAL = "proposal"
    WON = "won"
    LOST = "lost"


CLOSED_STAGES = frozenset({DealStage.WON, DealStage.LOST})


class Deal(Base):
    __tablename__ = "deals"
    __table_args__ = (
        CheckConstraint("amount >= 0", name="amount_not_negative"),
        Index("ix_deals_customer_stage_closed", "customer_id", "stage", "closed_on"),
        # covering for the loyalty histories (crm_core.loyalty.facts.purchase_table)
        Index(
            "ix_deals_stage_customer_currency_closed",
            "stage",
            "customer_id",
            "currency",
            "closed_on",
            "amount",
            "id",
        ),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    amount: Mapped[Decimal] = mapped_column(Money())
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    stage: Mapped[DealStage] = mapped_column(str_enum(DealStage, "deal_stage"))
    product: Mapped[str | None] = mapped_column(String(200))
    expected_close_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    owner_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

"""Logged interactions: a visit, call, meeting, message or note about a customer."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crm_core.db import Base, UTCDateTime, str_enum
from crm_core.timeutil import utcnow


class InteractionKind(enum.StrEnum):
    VISIT = "visit"
    CALL = "call"
    MEETING = "meeting"
    MESSAGE = "message"
    NOTE = "note"


class Interaction(Base):
    __tablename__ = "interactions"
    __table_args__ = (
        Index("ix_interactions_customer_occurred", "customer_id", "occurred_at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[InteractionKind] = mapped_column(str_enum(InteractionKind, "interaction_kind"))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime())
    summary: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )
    source_channel: Mapped[str | None] = mapped_column(String(20))
    source_message_id: Mapped[str | None] = mapped_column(String(128))
    original_text: Mapped[str | None] = mapped_column(Text)
    voice_ref: Mapped[str | None] = mapped_column(String(256))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

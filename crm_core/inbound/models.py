"""Every inbound chat message, recorded once: a redelivery hits the unique key, changes nothing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crm_core.db import Base, UTCDateTime
from crm_core.timeutil import utcnow


class InboundMessage(Base):
    __tablename__ = "inbound_messages"
    __table_args__ = (UniqueConstraint("channel", "external_id"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str] = mapped_column(String(128))
    sender_id: Mapped[str | None] = mapped_column(String(128))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # A voice note's platform reference, kept even when no transcriber could read it.
    voice_ref: Mapped[str | None] = mapped_column(String(256))

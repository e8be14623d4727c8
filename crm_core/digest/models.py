"""A row per staff member and local date: the digest's schedule, claim and delivery record."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crm_core.db import Base, UTCDateTime, str_enum
from crm_core.timeutil import utcnow


class DigestStatus(enum.StrEnum):
    PENDING = "pending"  # due (or soon due), waiting for a worker
    CLAIMED = "claimed"  # a worker is composing and sending it
    SENT = "sent"
    RETRY = "retry"  # delivery failed; tried again at next_attempt_at
    FAILED = "failed"  # gave up after the last attempt
    SKIPPED = "skipped"  # missed by too long (downtime), or nowhere to send it


class DigestRun(Base):
    """The (staff, local date) unique key is what makes a digest go out once per day however
    many workers run: rows are created with ON CONFLICT DO NOTHING and claimed with
    FOR UPDATE SKIP LOCKED."""

    __tablename__ = "digest_runs"
    __table_args__ = (
        UniqueConstraint("staff_id", "local_date"),
        Index("ix_digest_runs_status_next_attempt_at", "status", "next_attempt_at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"))
    local_date: Mapped[date] = mapped_column(Date)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[DigestStatus] = mapped_column(
        str_enum(DigestStatus, "digest_status"), default=DigestStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    channel: Mapped[str | None] = mapped_column(String(20))
    content: Mapped[dict[str, object] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

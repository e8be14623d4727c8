"""The audit log: one row per write, with the state before and after, so it can be undone."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from crm_core.db import Base, UTCDateTime, str_enum


class AuditAction(enum.StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_entity", "entity_type", "entity_id"),
        Index("ix_audit_log_actor_at", "actor_id", "at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    action: Mapped[AuditAction] = mapped_column(str_enum(AuditAction, "audit_action"))
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int] = mapped_column(Integer)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    channel: Mapped[str] = mapped_column(String(20))
    source_message_id: Mapped[str | None] = mapped_column(String(128))
    # All writes of one use case (one chat message, one import) share a change set;
    # undo works on a whole change set.
    change_set: Mapped[str] = mapped_column(String(32), index=True)
    # Set on the entries an undo wrote, pointing at the change set they reverse.
    undo_of: Mapped[str | None] = mapped_column(String(32))
    # Set on the original entries once their change set has been undone.
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

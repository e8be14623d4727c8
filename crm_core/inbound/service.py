"""Recognising redelivered chat messages."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from crm_core.inbound.models import InboundMessage


def record_once(
    *,
    session: Session,
    channel: str,
    external_id: str,
    received_at: datetime,
    sender_id: str | None = None,
    staff_id: int | None = None,
    voice_ref: str | None = None,
) -> bool:
    """Record a message; False if (channel, external_id) was seen before.

    Uses INSERT ... ON CONFLICT DO NOTHING so a duplicate neither raises nor aborts the
    surrounding transaction; a concurrent duplicate on PostgreSQL waits for the first to commit.
    """
    values = {
        "channel": channel,
        "external_id": external_id,
        "sender_id": sender_id,
        "staff_id": staff_id,
        "received_at": received_at,
        "voice_ref": voice_ref,
    }
    dialect = session.get_bind().dialect.name
    insert_for_dialect = postgresql.insert if dialect == "postgresql" else sqlite.insert
    result = session.execute(
        insert_for_dialect(InboundMessage)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["channel", "external_id"])
        .returning(InboundMessage.id)
    )
    return result.first() is not None

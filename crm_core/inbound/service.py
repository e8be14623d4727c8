"""Recognising redelivered chat messages."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import Insert, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from crm_core.inbound.models import InboundMessage

_TABLE = cast(Table, InboundMessage.__table__)
_KEY = ["channel", "external_id"]
# Built once per dialect and executed as Core: this runs for every chat message, and building
# the statement or going through the ORM's bulk path cost more than the insert itself.
_INSERT_ONCE: dict[str, Insert] = {
    "postgresql": postgresql.insert(_TABLE)
    .on_conflict_do_nothing(index_elements=_KEY)
    .returning(_TABLE.c.id),
    "sqlite": sqlite.insert(_TABLE)
    .on_conflict_do_nothing(index_elements=_KEY)
    .returning(_TABLE.c.id),
}


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
    connection = session.connection()
    statement = _INSERT_ONCE["postgresql" if connection.dialect.name == "postgresql" else "sqlite"]
    return connection.execute(statement, values).first() is not None

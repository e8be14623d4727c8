"""Loading, locking and saving a chat's conversation state.

The row is created on first use with INSERT ... ON CONFLICT DO NOTHING and then read with
SELECT ... FOR UPDATE (PostgreSQL), so two workers handling messages of the same chat take
turns instead of overwriting each other; SQLite's BEGIN IMMEDIATE already serialises writers.
Not audited: this is the assistant's scratch state, not a CRM record.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from crm_core.conversations.models import Conversation


def lock(*, session: Session, channel: str, chat_id: str, now: datetime) -> Conversation:
    """The chat's row, locked for this transaction; an expired state reads as empty."""
    query = (
        select(Conversation)
        .where(Conversation.channel == channel, Conversation.chat_id == chat_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    conversation = session.scalars(query).one_or_none()
    if conversation is None:  # the chat's first message: create the row, race-free
        dialect = session.get_bind().dialect.name
        insert_for_dialect = postgresql.insert if dialect == "postgresql" else sqlite.insert
        session.execute(
            insert_for_dialect(Conversation)
            .values(channel=channel, chat_id=chat_id, state={}, updated_at=now)
            .on_conflict_do_nothing(index_elements=["channel", "chat_id"])
        )
        conversation = session.scalars(query).one()
    if conversation.expires_at is not None and conversation.expires_at <= now:
        conversation.state = {}
        conversation.expires_at = None
    return conversation


def save(
    *,
    conversation: Conversation,
    staff_id: int | None,
    state: dict[str, Any],
    expires_at: datetime | None,
    now: datetime,
) -> None:
    conversation.staff_id = staff_id
    conversation.state = state
    conversation.expires_at = expires_at if state else None
    conversation.updated_at = now

"""Loading, locking and saving a chat's conversation state.

The row is created on first use with INSERT ... ON CONFLICT DO NOTHING and then read with
SELECT ... FOR UPDATE (PostgreSQL), so two workers handling messages of the same chat take
turns instead of overwriting each other; SQLite's BEGIN IMMEDIATE already serialises writers.
Not audited: this is the assistant's scratch state, not a CRM record.

Core statements built once: this runs twice for every chat message, and an ORM object for a
row that is read once and written once only added cost.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Insert, Table, bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from crm_core.conversations.models import Conversation

_TABLE = cast(Table, Conversation.__table__)
_KEY = ["channel", "chat_id"]
_LOCK = (
    select(_TABLE.c.id, _TABLE.c.state, _TABLE.c.expires_at)
    .where(_TABLE.c.channel == bindparam("channel"), _TABLE.c.chat_id == bindparam("chat"))
    .with_for_update()
)
_CREATE: dict[str, Insert] = {
    "postgresql": postgresql.insert(_TABLE).on_conflict_do_nothing(index_elements=_KEY),
    "sqlite": sqlite.insert(_TABLE).on_conflict_do_nothing(index_elements=_KEY),
}
_SAVE = (
    update(_TABLE)
    .where(_TABLE.c.id == bindparam("row_id"))
    .values(
        staff_id=bindparam("staff_id"),
        state=bindparam("state"),
        expires_at=bindparam("expires_at"),
        updated_at=bindparam("now"),
    )
)


@dataclass(frozen=True)
class LockedChat:
    """A chat's row, locked until the transaction ends; `state` is {} once it has expired."""

    id: int
    state: dict[str, Any]


def lock(*, session: Session, channel: str, chat_id: str, now: datetime) -> LockedChat:
    """The chat's row, locked for this transaction; an expired state reads as empty."""
    connection = session.connection()
    key = {"channel": channel, "chat": chat_id}
    row = connection.execute(_LOCK, key).first()
    if row is None:  # the chat's first message: create the row, race-free
        dialect = "postgresql" if connection.dialect.name == "postgresql" else "sqlite"
        connection.execute(
            _CREATE[dialect],
            {"channel": channel, "chat_id": chat_id, "state": {}, "updated_at": now},
        )
        row = connection.execute(_LOCK, key).one()
    expired = row.expires_at is not None and row.expires_at <= now
    return LockedChat(id=row.id, state={} if expired else dict(row.state or {}))


def save(
    *,
    session: Session,
    chat: LockedChat,
    staff_id: int | None,
    state: dict[str, Any],
    expires_at: datetime | None,
    now: datetime,
) -> None:
    session.connection().execute(
        _SAVE,
        {
            "row_id": chat.id,
            "staff_id": staff_id,
            "state": state,
            "expires_at": expires_at if state else None,
            "now": now,
        },
    )

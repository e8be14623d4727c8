"""Named monotonic counters (ticket numbers). A number handed out is never handed out again,
even when the write that took it is undone or rolled back by a later undo."""

from __future__ import annotations

from typing import cast

from sqlalchemy import Integer, String, Table, bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from crm_core.db import Base


class Counter(Base):
    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


_COUNTERS = cast(Table, Counter.__table__)
# Built once and run as Core: every ticket opened from a chat message takes a number.
_INCREMENT = (
    update(_COUNTERS)
    .where(_COUNTERS.c.name == bindparam("counter"))
    .values(value=_COUNTERS.c.value + 1)
    .returning(_COUNTERS.c.value)
)


def next_value(*, session: Session, name: str, start: int) -> int:
    """Take the next value. The UPDATE's row lock serialises concurrent writers on PostgreSQL;
    the first use creates the row with ON CONFLICT DO NOTHING, so two first users cannot clash."""
    taken = _increment(session, name)
    if taken is None:
        dialect = session.get_bind().dialect.name
        insert_for_dialect = postgresql.insert if dialect == "postgresql" else sqlite.insert
        session.execute(
            insert_for_dialect(Counter)
            .values(name=name, value=start - 1)
            .on_conflict_do_nothing(index_elements=["name"])
        )
        taken = _increment(session, name)
    assert taken is not None
    return taken


def _increment(session: Session, name: str) -> int | None:
    value = session.connection().execute(_INCREMENT, {"counter": name}).scalar_one_or_none()
    return None if value is None else int(value)


def peek(*, session: Session, name: str) -> int | None:
    return session.scalar(select(Counter.value).where(Counter.name == name))

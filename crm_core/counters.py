"""Named monotonic counters (ticket numbers). A number handed out is never handed out again,
even when the write that took it is undone or rolled back by a later undo."""

from __future__ import annotations

from sqlalchemy import Integer, String, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from crm_core.db import Base


class Counter(Base):
    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


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
    value = session.execute(
        update(Counter)
        .where(Counter.name == name)
        .values(value=Counter.value + 1)
        .returning(Counter.value)
    ).scalar_one_or_none()
    return None if value is None else int(value)


def peek(*, session: Session, name: str) -> int | None:
    return session.scalar(select(Counter.value).where(Counter.name == name))

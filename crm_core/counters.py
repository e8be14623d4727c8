"""Named monotonic counters (ticket numbers). A number handed out is never handed out again,
even when the write that took it is undone or rolled back by a later undo."""

from __future__ import annotations

from sqlalchemy import Integer, String, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from crm_core.db import Base


class Counter(Base):
    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


def next_value(*, session: Session, name: str, start: int) -> int:
    """Take the next value; the row lock (UPDATE) serialises concurrent writers on PostgreSQL."""
    taken = session.execute(
        update(Counter)
        .where(Counter.name == name)
        .values(value=Counter.value + 1)
        .returning(Counter.value)
    ).scalar_one_or_none()
    if taken is not None:
        return int(taken)
    session.add(Counter(name=name, value=start))
    session.flush()
    return start


def peek(*, session: Session, name: str) -> int | None:
    return session.scalar(select(Counter.value).where(Counter.name == name))

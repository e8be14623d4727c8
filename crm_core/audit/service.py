"""Recording writes and undoing them.

Snapshots are column values made JSON-safe; undo restores the `before` snapshot of every entry in
a change set, newest first, and records the reversal as a new change set pointing back (`undo_of`).
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol, cast

from sqlalchemy import Date, Enum, Table, and_, case, delete, func, insert, inspect, select, update
from sqlalchemy.orm import Mapper, Session, aliased

from crm_core import permissions
from crm_core.audit.models import AuditAction, AuditEntry
from crm_core.context import Origin, new_change_set
from crm_core.db import Base, Money, UTCDateTime
from crm_core.errors import UndoError
from crm_core.listing import Page, paginate
from crm_core.settings import get_settings
from crm_core.staff.models import Channel, Staff
from crm_core.timeutil import utcnow

_ENTRIES = cast(Table, AuditEntry.__table__)
_INSERT_ENTRY = insert(_ENTRIES)


class _Reversible(Protocol):
    """What an undo reads of an audit entry."""

    entity_type: str
    entity_id: int
    action: AuditAction
    before: dict[str, Any] | None
    after: dict[str, Any] | None


_UNDO_PAGE = 5_000  # audit entries reversed per step of an undo
_CHUNK = 900  # ids per IN list: under SQLite's oldest variable limit (999)
# Columns whose changes are bookkeeping, not a user's edit.
_IGNORED_IN_DIFF = frozenset({"updated_at"})


def snapshot(entity: Base) -> dict[str, Any]:
    """The entity's column values, JSON-safe."""
    mapper = inspect(entity).mapper
    return {attr.key: _to_json(getattr(entity, attr.key)) for attr in mapper.column_attrs}


def record(
    *,
    session: Session,
    actor: Staff,
    origin: Origin,
    action: AuditAction,
    entity: Base,
    before: dict[str, Any] | None,
) -> bool:
    """Audit one write. Call after the change (and a flush, for new rows needing an id).

    Returns False when an update changed nothing, so no-op edits leave no trace to undo.
    """
    if action is AuditAction.CREATE:
        session.flush()
    after = None if action is AuditAction.DELETE else snapshot(entity)
    if action is AuditAction.UPDATE and before is not None and after is not None:
        changed = {k for k in after if k not in _IGNORED_IN_DIFF and after[k] != before.get(k)}
        if not changed:
            return False
    state = before if action is AuditAction.DELETE else after
    assert state is not None
    # A Core insert, at once: nothing reads the entry back as an object, and every chat message
    # writes one, so the ORM's unit of work would only add cost.
    session.execute(
        _INSERT_ENTRY,
        {
            "at": origin.at,
            "actor_id": actor.id,
            "action": action,
            "entity_type": entity.__tablename__,
            "entity_id": int(state["id"]),
            "before": before,
            "after": after,
            "channel": str(origin.channel),
            "source_message_id": origin.message_id,
            "change_set": origin.change_set,
        },
    )
    return True


def add_created(*, session: Session, actor: Staff, origin: Origin, entity: Base) -> None:
    """Add a new row and audit its creation."""
    session.add(entity)
    record(
        session=session,
        actor=actor,
        origin=origin,
        action=AuditAction.CREATE,
        entity=entity,
        before=None,
    )


@contextmanager
def tracking_update(
    *, session: Session, actor: Staff, origin: Origin, entity: Base
) -> Iterator[None]:
    """Audit the changes made to `entity` inside the block (nothing if nothing changed)."""
    before = snapshot(entity)
    yield
    session.flush()
    record(
        session=session,
        actor=actor,
        origin=origin,
        action=AuditAction.UPDATE,
        entity=entity,
        before=before,
    )


def record_bulk_creates(
    *, session: Session, actor: Staff, origin: Origin, table: str, rows: Sequence[dict[str, Any]]
) -> None:
    """Audit many inserted rows at once (imports); each row must carry its id."""
    if not rows:
        return
    session.execute(
        insert(AuditEntry),
        [
            {
                "at": origin.at,
                "actor_id": actor.id,
                "action": AuditAction.CREATE,
                "entity_type": table,
                "entity_id": int(row["id"]),
                "before": None,
                "after": {key: _to_json(value) for key, value in row.items()},
                "channel": str(origin.channel),
                "source_message_id": origin.message_id,
                "change_set": origin.change_set,
            }
            for row in rows
        ],
    )


@dataclass(frozen=True, slots=True)
class UndoResult:
    change_set: str
    undo_change_set: str
    entries: tuple[tuple[str, int, AuditAction], ...]


def last_undoable_change_set(*, session: Session, actor: Staff, now: datetime | None = None) -> str:
    """The actor's most recent change set that may still be undone."""
    now = now or utcnow()
    window_start = now - get_settings().undo_window
    latest = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.actor_id == actor.id, AuditEntry.undo_of.is_(None))
        .order_by(AuditEntry.id.desc())
        .limit(1)
    ).first()
    if latest is None:
        raise UndoError("undo.nothing_to_undo")
    if latest.undone_at is not None:
        raise UndoError("undo.already_undone", change_set=latest.change_set)
    if latest.at < window_start:
        raise UndoError("undo.expired", change_set=latest.change_set)
    return latest.change_set


def undo_change_set(
    *, session: Session, actor: Staff, change_set: str, origin: Origin | None = None
) -> UndoResult:
    """Restore the state before `change_set`. Only its author, only within the undo window.

    Streams the change set in pages, newest first, so undoing an import of a million rows
    holds one page of snapshots at a time rather than all of them.
    """
    origin = origin or Origin(channel=Channel.CLI, change_set=new_change_set())
    total = _check_undoable(session=session, actor=actor, change_set=change_set, now=origin.at)
    # Claim the change set first: the UPDATE's row locks make a concurrent undo of the same
    # set wait, then find nothing left to claim.
    claimed = session.connection().execute(
        update(_ENTRIES)
        .where(_ENTRIES.c.change_set == change_set, _ENTRIES.c.undone_at.is_(None))
        .values(undone_at=origin.at)
    )
    if claimed.rowcount != total:
        raise UndoError("undo.already_undone", change_set=change_set)
    ids = list(
        session.scalars(
            select(AuditEntry.id)
            .where(AuditEntry.change_set == change_set)
            .order_by(AuditEntry.id.desc())
        )
    )
    reversed_entries: list[tuple[str, int, AuditAction]] = []
    for start in range(0, len(ids), _UNDO_PAGE):
        page_ids = ids[start : start + _UNDO_PAGE]
        page = session.execute(
            select(
                AuditEntry.entity_type,
                AuditEntry.entity_id,
                AuditEntry.action,
                AuditEntry.before,
                AuditEntry.after,
            )
            .where(
                AuditEntry.change_set == change_set,
                AuditEntry.id <= page_ids[0],
                AuditEntry.id >= page_ids[-1],
            )
            .order_by(AuditEntry.id.desc())
        ).all()
        undo_rows: list[dict[str, Any]] = []
        for run in _runs(page):
            action = _reverse_run(session=session, run=run)
            for entry in run:
                reversed_entries.append((entry.entity_type, entry.entity_id, action))
                undo_rows.append(
                    {
                        "at": origin.at,
                        "actor_id": actor.id,
                        "action": action,
                        "entity_type": entry.entity_type,
                        "entity_id": entry.entity_id,
                        "before": entry.after,
                        "after": entry.before,
                        "channel": str(origin.channel),
                        "source_message_id": origin.message_id,
                        "change_set": origin.change_set,
                        "undo_of": change_set,
                    }
                )
        session.execute(insert(_ENTRIES), undo_rows)
    session.expire_all()
    return UndoResult(
        change_set=change_set,
        undo_change_set=origin.change_set,
        entries=tuple(reversed_entries),
    )


def undo_last(*, session: Session, actor: Staff, origin: Origin | None = None) -> UndoResult:
    origin = origin or Origin(channel=Channel.CLI)
    change_set = last_undoable_change_set(session=session, actor=actor, now=origin.at)
    return undo_change_set(session=session, actor=actor, change_set=change_set, origin=origin)


def history(*, session: Session, entity_type: str, entity_id: int) -> list[AuditEntry]:
    return list(
        session.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity_type == entity_type, AuditEntry.entity_id == entity_id)
            .order_by(AuditEntry.id)
        )
    )


def _check_undoable(*, session: Session, actor: Staff, change_set: str, now: datetime) -> int:
    """Refuse what may not be undone; the number of entries otherwise. Aggregates in SQL: a
    change set may hold a million entries."""
    entries = AuditEntry
    totals = session.execute(
        select(
            func.count(),
            func.sum(case((entries.actor_id != actor.id, 1), else_=0)),
            func.sum(case((entries.undo_of.is_not(None), 1), else_=0)),
            func.sum(case((entries.undone_at.is_not(None), 1), else_=0)),
            func.min(entries.at),
            func.max(entries.id),
        ).where(entries.change_set == change_set)
    ).one()
    total, by_others, undos, undone, oldest, newest_id = totals
    if not total:
        raise UndoError("undo.not_found", change_set=change_set)
    if by_others:
        raise UndoError("undo.not_author", change_set=change_set)
    if undos:
        raise UndoError("undo.is_undo", change_set=change_set)
    if undone:
        raise UndoError("undo.already_undone", change_set=change_set)
    if now - oldest > get_settings().undo_window:
        raise UndoError("undo.expired", change_set=change_set)
    # Overtaken: a later, live write to any row this change set touched.
    mine, later = aliased(AuditEntry), aliased(AuditEntry)
    overtaken = session.scalar(
        select(later.id)
        .join(
            mine,
            and_(mine.entity_type == later.entity_type, mine.entity_id == later.entity_id),
        )
        .where(
            mine.change_set == change_set,
            later.id > newest_id,
            later.change_set != change_set,
            later.undone_at.is_(None),
            later.undo_of.is_(None),
        )
        .limit(1)
    )
    if overtaken is not None:
        raise UndoError("undo.overtaken", change_set=change_set)
    return int(total)


def _runs(entries: Sequence[_Reversible]) -> list[list[_Reversible]]:
    """Consecutive entries (newest first) of the same table and action, reversed together."""
    runs: list[list[_Reversible]] = []
    for entry in entries:
        if runs and (runs[-1][0].entity_type, runs[-1][0].action) == (
            entry.entity_type,
            entry.action,
        ):
            runs[-1].append(entry)
        else:
            runs.append([entry])
    return runs


def _reverse_run(*, session: Session, run: list[_Reversible]) -> AuditAction:
    """Undo a run: one DELETE per chunk of created rows, one INSERT for deleted rows, updates row
    by row (they are few); an import of 100,000 rows is undone in a handful of statements."""
    first = run[0]
    mapper = _mapper_for(first.entity_type)
    table = cast(Table, mapper.local_table)
    if first.action is AuditAction.CREATE:
        ids = [entry.entity_id for entry in run]
        for start in range(0, len(ids), _CHUNK):
            session.execute(delete(table).where(table.c.id.in_(ids[start : start + _CHUNK])))
        return AuditAction.DELETE
    if first.action is AuditAction.DELETE:
        session.execute(insert(table), [_from_json(mapper, entry.before or {}) for entry in run])
        return AuditAction.CREATE
    for entry in run:
        values = _from_json(mapper, entry.before or {})
        values.pop("id", None)
        session.execute(update(table).where(table.c.id == entry.entity_id).values(**values))
    return AuditAction.UPDATE


def _mapper_for(table_name: str) -> Mapper[Any]:
    for mapper in Base.registry.mappers:
        if mapper.local_table.name == table_name:  # type: ignore[attr-defined]
            return mapper
    raise UndoError("undo.unknown_entity", entity_type=table_name)


def _to_json(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _from_json(mapper: Mapper[Any], data: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for attr in mapper.column_attrs:
        if attr.key not in data:
            continue
        column = attr.columns[0]
        raw = data[attr.key]
        values[column.key] = _column_value(column.type, raw)
    return values


def _column_value(column_type: Any, raw: Any) -> Any:
    if raw is None:
        return None
    if isinstance(column_type, UTCDateTime):
        return datetime.fromisoformat(raw)
    if isinstance(column_type, Money):
        return Decimal(raw)
    if isinstance(column_type, Date):
        return date.fromisoformat(raw)
    if isinstance(column_type, Enum) and column_type.enum_class is not None:
        return column_type.enum_class(raw)
    return raw


# --- read side for the API ---------------------------------------------------------------------

AUDIT_SORTS = {"id": AuditEntry.id, "at": AuditEntry.at}


def list_page(
    *,
    session: Session,
    actor: Staff,
    entity_type: str | None = None,
    entity_id: int | None = None,
    actor_id: int | None = None,
    change_set: str | None = None,
    sort: str = "-id",
    limit: int = 50,
    offset: int = 0,
) -> Page[AuditEntry]:
    """The audit log, for admins only: it holds before/after states of every team's records."""
    permissions.require_admin(actor, "audit.read")
    statement = select(AuditEntry)
    if entity_type is not None:
        statement = statement.where(AuditEntry.entity_type == entity_type)
    if entity_id is not None:
        statement = statement.where(AuditEntry.entity_id == entity_id)
    if actor_id is not None:
        statement = statement.where(AuditEntry.actor_id == actor_id)
    if change_set is not None:
        statement = statement.where(AuditEntry.change_set == change_set)
    return paginate(
        session=session,
        statement=statement,
        sort=sort,
        allowed=AUDIT_SORTS,
        tiebreak=AuditEntry.id,
        limit=limit,
        offset=offset,
    )

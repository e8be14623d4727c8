"""Offset pagination and whitelisted sorting for list queries, shared by the read services.

Sort keys are names (`name`, `-created_at`), never SQL: each service lists the columns it
allows, and the id is always the last key so equal values page in a stable order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import QueryableAttribute, Session

from crm_core.errors import InvalidInputError

T = TypeVar("T")
Sortable = ColumnElement[Any] | QueryableAttribute[Any]

MAX_LIMIT = 500


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


def paginate(
    *,
    session: Session,
    statement: Select[T],
    sort: str,
    allowed: Mapping[str, Sortable],
    tiebreak: Sortable,
    limit: int,
    offset: int,
) -> Page[T]:
    """One page of `statement` in the order `sort` names, with the total count of matches."""
    descending = sort.startswith("-")
    column = allowed.get(sort.removeprefix("-"))
    if column is None:
        raise InvalidInputError("list.bad_sort", sort=sort, allowed=sorted(allowed))
    if not 1 <= limit <= MAX_LIMIT or offset < 0:
        raise InvalidInputError("list.bad_page", limit=limit, offset=offset)
    total = session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    order = [column.desc(), tiebreak.desc()] if descending else [column.asc(), tiebreak.asc()]
    items = list(session.scalars(statement.order_by(*order).limit(limit).offset(offset)))
    return Page(items=items, total=int(total or 0), limit=limit, offset=offset)

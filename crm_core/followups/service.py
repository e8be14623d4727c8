"""Follow-ups: schedule, complete, cancel, and the agenda of what is due."""

from __future__ import annotations

from datetime import datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_core import permissions
from crm_core.audit import service as audit
from crm_core.context import Origin
from crm_core.customers import service as customers
from crm_core.customers.models import Customer
from crm_core.errors import ForbiddenError, InvalidTransitionError, NotFoundError
from crm_core.followups.models import FollowUp, FollowUpStatus
from crm_core.listing import Page, paginate
from crm_core.staff.models import Role, Staff


class FollowUpCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    customer_id: int
    due_at: AwareDatetime
    note: str | None = Field(default=None, max_length=10_000)
    assignee_id: int | None = None


def schedule(*, session: Session, actor: Staff, data: FollowUpCreate, origin: Origin) -> FollowUp:
    customer = customers.get(session=session, actor=actor, customer_id=data.customer_id)
    assignee_id = data.assignee_id or actor.id
    if assignee_id != actor.id:
        assignee = session.get(Staff, assignee_id)
        if assignee is None or not assignee.active:
            raise NotFoundError("staff.not_found", staff_id=assignee_id)
        if not permissions.can_assign_to(actor, assignee):
            raise ForbiddenError("followup.forbidden_assignee", assignee_id=assignee_id)
    followup = FollowUp(
        due_at=data.due_at,
        status=FollowUpStatus.OPEN,
        customer_id=customer.id,
        assignee_id=assignee_id,
        note=data.note,
        created_at=origin.at,
    )
    audit.add_created(session=session, actor=actor, origin=origin, entity=followup)
    return followup


def complete(*, session: Session, actor: Staff, followup_id: int, origin: Origin) -> FollowUp:
    return _close(
        session=session,
        actor=actor,
        followup_id=followup_id,
        origin=origin,
        status=FollowUpStatus.DONE,
    )


def cancel(*, session: Session, actor: Staff, followup_id: int, origin: Origin) -> FollowUp:
    return _close(
        session=session,
        actor=actor,
        followup_id=followup_id,
        origin=origin,
        status=FollowUpStatus.CANCELLED,
    )


def agenda(
    *, session: Session, actor: Staff, start: datetime, end: datetime, include_overdue: bool = True
) -> list[FollowUp]:
    """The actor's open follow-ups due in [start, end), plus overdue ones before start."""
    permissions.require_active(actor)
    query = select(FollowUp).where(
        FollowUp.assignee_id == actor.id,
        FollowUp.status == FollowUpStatus.OPEN,
        FollowUp.due_at < end,
    )
    if not include_overdue:
        query = query.where(FollowUp.due_at >= start)
    return list(session.scalars(query.order_by(FollowUp.due_at, FollowUp.id)))


def open_for_customer(*, session: Session, actor: Staff, customer_id: int) -> list[FollowUp]:
    customer = customers.get(session=session, actor=actor, customer_id=customer_id)
    return list(
        session.scalars(
            select(FollowUp)
            .where(FollowUp.customer_id == customer.id, FollowUp.status == FollowUpStatus.OPEN)
            .order_by(FollowUp.due_at)
        )
    )


def _close(
    *, session: Session, actor: Staff, followup_id: int, origin: Origin, status: FollowUpStatus
) -> FollowUp:
    permissions.require_active(actor)
    followup = session.get(FollowUp, followup_id)
    if followup is None:
        raise NotFoundError("followup.not_found", followup_id=followup_id)
    if followup.assignee_id != actor.id and actor.role not in (Role.MANAGER, Role.ADMIN):
        raise ForbiddenError("followup.forbidden", followup_id=followup_id)
    customers.get(session=session, actor=actor, customer_id=followup.customer_id)
    if followup.status is not FollowUpStatus.OPEN:
        raise InvalidTransitionError(
            "followup.not_open", followup_id=followup_id, status=followup.status.value
        )
    with audit.tracking_update(session=session, actor=actor, origin=origin, entity=followup):
        followup.status = status
        followup.completed_at = origin.at
    return followup


# --- read side for the API ---------------------------------------------------------------------

FOLLOWUP_SORTS = {
    "id": FollowUp.id,
    "due_at": FollowUp.due_at,
    "created_at": FollowUp.created_at,
}


def list_page(
    *,
    session: Session,
    actor: Staff,
    status: FollowUpStatus | None = None,
    customer_id: int | None = None,
    assignee_id: int | None = None,
    due_from: datetime | None = None,
    due_before: datetime | None = None,
    sort: str = "due_at",
    limit: int = 50,
    offset: int = 0,
) -> Page[FollowUp]:
    """Follow-ups on customers the actor may see, filtered in SQL, sorted and paged."""
    permissions.require_active(actor)
    statement = (
        select(FollowUp)
        .join(Customer, Customer.id == FollowUp.customer_id)
        .where(permissions.visible_customers(actor))
    )
    if status is not None:
        statement = statement.where(FollowUp.status == status)
    if customer_id is not None:
        statement = statement.where(FollowUp.customer_id == customer_id)
    if assignee_id is not None:
        statement = statement.where(FollowUp.assignee_id == assignee_id)
    if due_from is not None:
        statement = statement.where(FollowUp.due_at >= due_from)
    if due_before is not None:
        statement = statement.where(FollowUp.due_at < due_before)
    return paginate(
        session=session,
        statement=statement,
        sort=sort,
        allowed=FOLLOWUP_SORTS,
        tiebreak=FollowUp.id,
        limit=limit,
        offset=offset,
    )


def get(*, session: Session, actor: Staff, followup_id: int) -> FollowUp:
    """A follow-up on a customer the actor may see."""
    permissions.require_active(actor)
    followup = session.get(FollowUp, followup_id)
    if followup is None:
        raise NotFoundError("followup.not_found", followup_id=followup_id)
    customers.get(session=session, actor=actor, customer_id=followup.customer_id)
    return followup

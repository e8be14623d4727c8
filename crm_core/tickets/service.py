"""Service tickets: open with an SLA clock, move through the allowed statuses, rate."""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_core import counters, permissions
from crm_core.audit import service as audit
from crm_core.context import Origin
from crm_core.customers import service as customers
from crm_core.customers.models import Customer
from crm_core.errors import ForbiddenError, InvalidInputError, InvalidTransitionError, NotFoundError
from crm_core.listing import Page, paginate
from crm_core.settings import get_settings
from crm_core.staff.models import Role, Staff
from crm_core.tickets.models import (
    ALLOWED_TRANSITIONS,
    OPEN_STATUSES,
    Priority,
    Ticket,
    TicketStatus,
)

TICKET_COUNTER = "ticket_number"
FIRST_TICKET_NUMBER = 1001


class TicketCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    customer_id: int
    title: str = Field(min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=20_000)
    priority: Priority = Priority.NORMAL
    assignee_id: int | None = None


def sla_for(priority: Priority) -> timedelta:
    settings = get_settings()
    hours = {
        Priority.URGENT: settings.sla_hours_urgent,
        Priority.HIGH: settings.sla_hours_high,
        Priority.NORMAL: settings.sla_hours_normal,
        Priority.LOW: settings.sla_hours_low,
    }[priority]
    return timedelta(hours=hours)


def open_ticket(*, session: Session, actor: Staff, data: TicketCreate, origin: Origin) -> Ticket:
    customer = customers.get(session=session, actor=actor, customer_id=data.customer_id)
    if data.assignee_id is not None:
        _require_staff(session=session, staff_id=data.assignee_id)
    number = counters.next_value(session=session, name=TICKET_COUNTER, start=FIRST_TICKET_NUMBER)
    ticket = Ticket(
        number=f"T-{number}",
        title=data.title,
        description=data.description,
        priority=data.priority,
        status=TicketStatus.NEW,
        opened_at=origin.at,
        sla_due_at=origin.at + sla_for(data.priority),
        assignee_id=data.assignee_id,
        reporter_id=actor.id,
        customer_id=customer.id,
        updated_at=origin.at,
    )
    audit.add_created(session=session, actor=actor, origin=origin, entity=ticket)
    return ticket


def get_by_number(*, session: Session, actor: Staff, number: str) -> Ticket:
    """Accepts T-2001, t2001 or 2001."""
    digits = number.strip().upper().removeprefix("T").lstrip("-").strip()
    if not digits.isdigit():
        raise InvalidInputError("ticket.bad_number", number=number)
    ticket = session.scalar(select(Ticket).where(Ticket.number == f"T-{int(digits)}"))
    if ticket is None:
        raise NotFoundError("ticket.not_found", number=number)
    customers.get(session=session, actor=actor, customer_id=ticket.customer_id)
    return ticket


def transition(
    *, session: Session, actor: Staff, ticket: Ticket, status: TicketStatus, origin: Origin
) -> Ticket:
    """Move a ticket to `status` if the status machine allows it."""
    _require_ticket_worker(actor, ticket)
    if status not in ALLOWED_TRANSITIONS[ticket.status]:
        raise InvalidTransitionError(
            "ticket.invalid_transition",
            number=ticket.number,
            current=ticket.status.value,
            target=status.value,
        )
    with audit.tracking_update(session=session, actor=actor, origin=origin, entity=ticket):
        ticket.status = status
        if status is TicketStatus.RESOLVED:
            ticket.resolved_at = origin.at
        elif status is TicketStatus.CLOSED:
            ticket.closed_at = origin.at
            ticket.resolved_at = ticket.resolved_at or origin.at
        elif status is TicketStatus.REOPENED:
            ticket.resolved_at = None
            ticket.closed_at = None
        ticket.updated_at = origin.at
    return ticket


def change_priority(
    *, session: Session, actor: Staff, ticket: Ticket, priority: Priority, origin: Origin
) -> Ticket:
    """A new priority restarts nothing: the SLA is measured from when the ticket was opened."""
    _require_ticket_worker(actor, ticket)
    with audit.tracking_update(session=session, actor=actor, origin=origin, entity=ticket):
        ticket.priority = priority
        ticket.sla_due_at = ticket.opened_at + sla_for(priority)
        ticket.updated_at = origin.at
    return ticket


def assign(
    *, session: Session, actor: Staff, ticket: Ticket, assignee_id: int, origin: Origin
) -> Ticket:
    _require_ticket_worker(actor, ticket)
    _require_staff(session=session, staff_id=assignee_id)
    with audit.tracking_update(session=session, actor=actor, origin=origin, entity=ticket):
        ticket.assignee_id = assignee_id
        ticket.updated_at = origin.at
    return ticket


def rate(
    *, session: Session, actor: Staff, ticket: Ticket, satisfaction: int, origin: Origin
) -> Ticket:
    """Customer satisfaction (1-5), recorded once the ticket is resolved or closed."""
    permissions.require_active(actor)
    if not 1 <= satisfaction <= 5:
        raise InvalidInputError("ticket.bad_satisfaction", satisfaction=satisfaction)
    if ticket.status not in (TicketStatus.RESOLVED, TicketStatus.CLOSED):
        raise InvalidTransitionError("ticket.not_resolved", number=ticket.number)
    with audit.tracking_update(session=session, actor=actor, origin=origin, entity=ticket):
        ticket.satisfaction = satisfaction
        ticket.updated_at = origin.at
    return ticket


def open_tickets(*, session: Session, actor: Staff, customer_id: int | None = None) -> list[Ticket]:
    query = select(Ticket).where(Ticket.status.in_(OPEN_STATUSES))
    if customer_id is not None:
        customer = customers.get(session=session, actor=actor, customer_id=customer_id)
        query = query.where(Ticket.customer_id == customer.id)
    elif actor.role not in (Role.ADMIN, Role.SERVICE, Role.MANAGER):
        query = query.where((Ticket.assignee_id == actor.id) | (Ticket.reporter_id == actor.id))
    return list(session.scalars(query.order_by(Ticket.sla_due_at)))


def breaching(*, session: Session, now: datetime) -> list[Ticket]:
    return list(
        session.scalars(
            select(Ticket)
            .where(Ticket.status.in_(OPEN_STATUSES), Ticket.sla_due_at <= now)
            .order_by(Ticket.sla_due_at)
        )
    )


def _require_ticket_worker(actor: Staff, ticket: Ticket) -> None:
    permissions.require_active(actor)
    if actor.role in permissions.TICKET_ROLES or actor.id in (
        ticket.assignee_id,
        ticket.reporter_id,
    ):
        return
    raise ForbiddenError("ticket.forbidden", number=ticket.number)


def _require_staff(*, session: Session, staff_id: int) -> Staff:
    staff = session.get(Staff, staff_id)
    if staff is None or not staff.active:
        raise NotFoundError("staff.not_found", staff_id=staff_id)
    return staff


# --- read side for the API ---------------------------------------------------------------------

TICKET_SORTS = {
    "id": Ticket.id,
    "opened_at": Ticket.opened_at,
    "sla_due_at": Ticket.sla_due_at,
    "updated_at": Ticket.updated_at,
}


def list_page(
    *,
    session: Session,
    actor: Staff,
    status: TicketStatus | None = None,
    priority: Priority | None = None,
    customer_id: int | None = None,
    assignee_id: int | None = None,
    sort: str = "sla_due_at",
    limit: int = 50,
    offset: int = 0,
) -> Page[Ticket]:
    """Tickets of customers the actor may see, filtered in SQL, sorted and paged."""
    permissions.require_active(actor)
    statement = (
        select(Ticket)
        .join(Customer, Customer.id == Ticket.customer_id)
        .where(permissions.visible_customers(actor))
    )
    if status is not None:
        statement = statement.where(Ticket.status == status)
    if priority is not None:
        statement = statement.where(Ticket.priority == priority)
    if customer_id is not None:
        statement = statement.where(Ticket.customer_id == customer_id)
    if assignee_id is not None:
        statement = statement.where(Ticket.assignee_id == assignee_id)
    return paginate(
        session=session,
        statement=statement,
        sort=sort,
        allowed=TICKET_SORTS,
        tiebreak=Ticket.id,
        limit=limit,
        offset=offset,
    )

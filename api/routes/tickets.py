"""Tickets: open, list, read; status moves, priority, assignee and rating are actions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.deps import ActorDep, OriginDep, SessionDep
from api.errors import COMMON_ERRORS, error_responses
from api.routes import API_V1
from api.schemas.activities import (
    TicketAssigneeUpdate,
    TicketCreate,
    TicketPriorityUpdate,
    TicketRatingCreate,
    TicketRead,
    TicketSort,
    TicketTransitionCreate,
)
from api.schemas.common import MAX_ID, Id, Page, page_of
from crm_core.tickets import service as ticket_service
from crm_core.tickets.models import Priority, TicketStatus

router = APIRouter(
    prefix=f"{API_V1}/tickets", tags=["tickets"], responses=error_responses(*COMMON_ERRORS)
)

TicketNumber = Annotated[
    str,
    Path(
        pattern=r"^[Tt]?-?[0-9]{1,9}$",
        description="The ticket number: `T-1001`, `t1001` or `1001`.",
        examples=["T-1001"],
    ),
]


@router.get("", summary="List tickets", response_model=Page[TicketRead])
def list_tickets(
    *,
    session: SessionDep,
    actor: ActorDep,
    status: TicketStatus | None = None,
    priority: Priority | None = None,
    customer_id: Annotated[Id | None, Query()] = None,
    assignee_id: Annotated[Id | None, Query()] = None,
    sort: TicketSort = TicketSort.SLA_DUE_AT,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
) -> Page[TicketRead]:
    """Tickets of the customers you may see, the most urgent SLA first by default."""
    page = ticket_service.list_page(
        session=session,
        actor=actor,
        status=status,
        priority=priority,
        customer_id=customer_id,
        assignee_id=assignee_id,
        sort=sort.value,
        limit=limit,
        offset=offset,
    )
    return page_of(page, TicketRead)


@router.post(
    "",
    summary="Open a ticket",
    status_code=201,
    response_model=TicketRead,
    responses=error_responses(404),
)
def create_ticket(
    *, session: SessionDep, actor: ActorDep, origin: OriginDep, body: TicketCreate
) -> TicketRead:
    """The SLA clock starts now; its length depends on the priority."""
    ticket = ticket_service.open_ticket(session=session, actor=actor, data=body, origin=origin)
    return TicketRead.model_validate(ticket)


@router.get(
    "/{number}", summary="Read a ticket", response_model=TicketRead, responses=error_responses(404)
)
def get_ticket(*, session: SessionDep, actor: ActorDep, number: TicketNumber) -> TicketRead:
    return TicketRead.model_validate(
        ticket_service.get_by_number(session=session, actor=actor, number=number)
    )


@router.post(
    "/{number}/transitions",
    summary="Move a ticket to another status",
    response_model=TicketRead,
    responses=error_responses(404, 409),
)
def transition_ticket(
    *,
    session: SessionDep,
    actor: ActorDep,
    origin: OriginDep,
    number: TicketNumber,
    body: TicketTransitionCreate,
) -> TicketRead:
    """new → in_progress | resolved | closed; in_progress → resolved | closed; resolved →
    closed | reopened; closed → reopened; reopened → in_progress | resolved | closed. Any other
    move is 409 `ticket.invalid_transition`."""
    ticket = ticket_service.get_by_number(session=session, actor=actor, number=number)
    ticket = ticket_service.transition(
        session=session, actor=actor, ticket=ticket, status=body.status, origin=origin
    )
    return TicketRead.model_validate(ticket)


@router.put(
    "/{number}/priority",
    summary="Change a ticket's priority",
    response_model=TicketRead,
    responses=error_responses(404),
)
def set_ticket_priority(
    *,
    session: SessionDep,
    actor: ActorDep,
    origin: OriginDep,
    number: TicketNumber,
    body: TicketPriorityUpdate,
) -> TicketRead:
    """The SLA deadline is recomputed from when the ticket was opened."""
    ticket = ticket_service.get_by_number(session=session, actor=actor, number=number)
    ticket = ticket_service.change_priority(
        session=session, actor=actor, ticket=ticket, priority=body.priority, origin=origin
    )
    return TicketRead.model_validate(ticket)


@router.put(
    "/{number}/assignee",
    summary="Assign a ticket",
    response_model=TicketRead,
    responses=error_responses(404),
)
def assign_ticket(
    *,
    session: SessionDep,
    actor: ActorDep,
    origin: OriginDep,
    number: TicketNumber,
    body: TicketAssigneeUpdate,
) -> TicketRead:
    ticket = ticket_service.get_by_number(session=session, actor=actor, number=number)
    ticket = ticket_service.assign(
        session=session, actor=actor, ticket=ticket, assignee_id=body.assignee_id, origin=origin
    )
    return TicketRead.model_validate(ticket)


@router.post(
    "/{number}/rating",
    summary="Record customer satisfaction",
    response_model=TicketRead,
    responses=error_responses(404, 409),
)
def rate_ticket(
    *,
    session: SessionDep,
    actor: ActorDep,
    origin: OriginDep,
    number: TicketNumber,
    body: TicketRatingCreate,
) -> TicketRead:
    """Only once the ticket is resolved or closed (409 `ticket.not_resolved` otherwise)."""
    ticket = ticket_service.get_by_number(session=session, actor=actor, number=number)
    ticket = ticket_service.rate(
        session=session,
        actor=actor,
        ticket=ticket,
        satisfaction=body.satisfaction,
        origin=origin,
    )
    return TicketRead.model_validate(ticket)

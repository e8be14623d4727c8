from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from crm_core.audit import service as audit
from crm_core.context import Origin
from crm_core.customers import service as customers
from crm_core.customers.models import Customer
from crm_core.customers.schemas import CustomerCreate
from crm_core.errors import ForbiddenError, InvalidInputError, InvalidTransitionError, NotFoundError
from crm_core.staff.models import Role, Staff
from crm_core.tickets import service as tickets
from crm_core.tickets.models import ALLOWED_TRANSITIONS, Priority, Ticket, TicketStatus
from tests.conftest import NOW, StaffFactory


@pytest.fixture
def customer(session: Session, make_staff: StaffFactory) -> Customer:
    return customers.create(
        session=session,
        actor=make_staff(Role.REP),
        data=CustomerCreate(name="蓝湾医疗"),
        origin=Origin(at=NOW),
    )


def _open(
    session: Session,
    actor: Staff,
    customer: Customer,
    priority: Priority = Priority.NORMAL,
    at: Origin | None = None,
) -> Ticket:
    return tickets.open_ticket(
        session=session,
        actor=actor,
        data=tickets.TicketCreate(customer_id=customer.id, title="监护仪报错", priority=priority),
        origin=at or Origin(at=NOW),
    )


def test_numbers_are_sequential_and_never_reused(
    session: Session, make_staff: StaffFactory, customer: Customer
) -> None:
    agent = make_staff(Role.SERVICE, "Service")
    first = _open(session, agent, customer)
    undone = Origin(at=NOW)
    second = _open(session, agent, customer, at=undone)
    assert (first.number, second.number) == ("T-1001", "T-1002")
    audit.undo_change_set(
        session=session, actor=agent, change_set=undone.change_set, origin=Origin(at=NOW)
    )
    third = _open(session, agent, customer)
    assert third.number == "T-1003"


@pytest.mark.parametrize(
    ("priority", "hours"),
    [(Priority.URGENT, 4), (Priority.HIGH, 8), (Priority.NORMAL, 24), (Priority.LOW, 72)],
)
def test_sla_follows_the_priority_policy(
    session: Session, make_staff: StaffFactory, customer: Customer, priority: Priority, hours: int
) -> None:
    ticket = _open(session, make_staff(Role.SERVICE, "Service"), customer, priority)
    assert ticket.sla_due_at == NOW + timedelta(hours=hours)


def test_priority_change_recomputes_sla_from_opening(
    session: Session, make_staff: StaffFactory, customer: Customer
) -> None:
    agent = make_staff(Role.SERVICE, "Service")
    ticket = _open(session, agent, customer, Priority.LOW)
    tickets.change_priority(
        session=session,
        actor=agent,
        ticket=ticket,
        priority=Priority.URGENT,
        origin=Origin(at=NOW + timedelta(hours=1)),
    )
    assert ticket.sla_due_at == NOW + timedelta(hours=4)


ALL_PAIRS = [(a, b) for a in TicketStatus for b in TicketStatus if a != b]


@pytest.mark.parametrize(("current", "target"), ALL_PAIRS)
def test_only_allowed_transitions_pass(
    session: Session,
    make_staff: StaffFactory,
    customer: Customer,
    current: TicketStatus,
    target: TicketStatus,
) -> None:
    agent = make_staff(Role.SERVICE, "Service")
    ticket = _open(session, agent, customer)
    ticket.status = current
    session.flush()
    if target in ALLOWED_TRANSITIONS[current]:
        tickets.transition(
            session=session, actor=agent, ticket=ticket, status=target, origin=Origin(at=NOW)
        )
        assert ticket.status is target
    else:
        with pytest.raises(InvalidTransitionError) as caught:
            tickets.transition(
                session=session, actor=agent, ticket=ticket, status=target, origin=Origin(at=NOW)
            )
        assert caught.value.params == {
            "number": ticket.number,
            "current": current.value,
            "target": target.value,
        }
        assert ticket.status is current


def test_resolve_close_reopen_stamps_times(
    session: Session, make_staff: StaffFactory, customer: Customer
) -> None:
    agent = make_staff(Role.SERVICE, "Service")
    ticket = _open(session, agent, customer)
    later = NOW + timedelta(hours=2)
    tickets.transition(
        session=session,
        actor=agent,
        ticket=ticket,
        status=TicketStatus.RESOLVED,
        origin=Origin(at=later),
    )
    assert ticket.resolved_at == later
    tickets.rate(
        session=session, actor=agent, ticket=ticket, satisfaction=5, origin=Origin(at=later)
    )
    assert ticket.satisfaction == 5
    tickets.transition(
        session=session,
        actor=agent,
        ticket=ticket,
        status=TicketStatus.REOPENED,
        origin=Origin(at=later),
    )
    assert ticket.resolved_at is None
    with pytest.raises(InvalidTransitionError):
        tickets.rate(
            session=session, actor=agent, ticket=ticket, satisfaction=4, origin=Origin(at=later)
        )


def test_satisfaction_outside_one_to_five_is_refused(
    session: Session, make_staff: StaffFactory, customer: Customer
) -> None:
    agent = make_staff(Role.SERVICE, "Service")
    ticket = _open(session, agent, customer)
    tickets.transition(
        session=session,
        actor=agent,
        ticket=ticket,
        status=TicketStatus.RESOLVED,
        origin=Origin(at=NOW),
    )
    with pytest.raises(InvalidInputError):
        tickets.rate(
            session=session, actor=agent, ticket=ticket, satisfaction=6, origin=Origin(at=NOW)
        )


def test_lookup_by_number_in_several_spellings(
    session: Session, make_staff: StaffFactory, customer: Customer
) -> None:
    agent = make_staff(Role.SERVICE, "Service")
    ticket = _open(session, agent, customer)
    for spelling in ("T-1001", "t1001", "1001", " T-1001 "):
        assert tickets.get_by_number(session=session, actor=agent, number=spelling).id == ticket.id
    with pytest.raises(NotFoundError):
        tickets.get_by_number(session=session, actor=agent, number="T-9999")
    with pytest.raises(InvalidInputError):
        tickets.get_by_number(session=session, actor=agent, number="T-abc")


def test_reps_cannot_move_other_peoples_tickets(
    session: Session, make_staff: StaffFactory, customer: Customer
) -> None:
    agent = make_staff(Role.SERVICE, "Service")
    bystander = make_staff(Role.REP, "East")
    ticket = _open(session, agent, customer)
    with pytest.raises(ForbiddenError):
        tickets.transition(
            session=session,
            actor=bystander,
            ticket=ticket,
            status=TicketStatus.CLOSED,
            origin=Origin(at=NOW),
        )


def test_breaching_lists_open_tickets_past_sla(
    session: Session, make_staff: StaffFactory, customer: Customer
) -> None:
    agent = make_staff(Role.SERVICE, "Service")
    urgent = _open(session, agent, customer, Priority.URGENT)
    low = _open(session, agent, customer, Priority.LOW)
    resolved = _open(session, agent, customer, Priority.URGENT)
    tickets.transition(
        session=session,
        actor=agent,
        ticket=resolved,
        status=TicketStatus.RESOLVED,
        origin=Origin(at=NOW),
    )
    breaching = tickets.breaching(session=session, now=NOW + timedelta(hours=5))
    assert urgent in breaching
    assert low not in breaching
    assert resolved not in breaching

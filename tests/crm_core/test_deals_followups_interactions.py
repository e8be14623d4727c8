from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm_core.context import Origin
from crm_core.customers import service as customers
from crm_core.customers.models import Customer
from crm_core.customers.schemas import ContactCreate, CustomerCreate
from crm_core.deals import service as deals
from crm_core.deals.models import Deal, DealStage
from crm_core.errors import ForbiddenError, InvalidInputError, InvalidTransitionError
from crm_core.followups import service as followups
from crm_core.followups.models import FollowUpStatus
from crm_core.interactions import service as interactions
from crm_core.interactions.models import InteractionKind
from crm_core.staff.models import Channel, Role, Staff
from tests.conftest import NOW, StaffFactory


@pytest.fixture
def rep(make_staff: StaffFactory) -> Staff:
    return make_staff(Role.REP, "East")


@pytest.fixture
def customer(session: Session, rep: Staff) -> Customer:
    return customers.create(
        session=session,
        actor=rep,
        data=CustomerCreate(name="Pemberton Foods Ltd"),
        origin=Origin(at=NOW),
    )


def test_money_is_exact_on_both_engines(session: Session, rep: Staff, customer: Customer) -> None:
    amounts = [Decimal("0.10"), Decimal("0.20"), Decimal("35000.00"), Decimal("9999999999.99")]
    for amount in amounts:
        deals.record(
            session=session,
            actor=rep,
            data=deals.DealCreate(
                customer_id=customer.id, title="seats", amount=amount, stage=DealStage.WON
            ),
            origin=Origin(at=NOW),
        )
    session.expire_all()
    stored = session.scalars(select(Deal.amount).where(Deal.customer_id == customer.id)).all()
    assert sorted(stored) == sorted(amounts)
    total = session.scalar(select(func.sum(Deal.amount)).where(Deal.customer_id == customer.id))
    assert total == sum(amounts)


def test_amount_validation(customer: Customer) -> None:
    with pytest.raises(ValidationError):
        deals.DealCreate(customer_id=customer.id, title="x", amount=Decimal("1.005"))
    with pytest.raises(ValidationError):
        deals.DealCreate(customer_id=customer.id, title="x", amount=Decimal(-1))
    with pytest.raises(ValidationError):
        deals.DealCreate(customer_id=customer.id, title="x", amount=Decimal(1), currency="yuan")
    assert (
        deals.DealCreate(
            customer_id=customer.id, title="x", amount=Decimal(1), currency="usd"
        ).currency
        == "USD"
    )


def test_won_deal_is_closed_on_the_reps_local_day(
    session: Session, make_staff: StaffFactory
) -> None:
    london = make_staff(Role.REP, "Intl", timezone="Europe/London")
    customer = customers.create(
        session=session, actor=london, data=CustomerCreate(name="Northwind"), origin=Origin(at=NOW)
    )
    late_evening_utc = datetime(2026, 11, 25, 23, 30, tzinfo=ZoneInfo("UTC"))
    deal = deals.record(
        session=session,
        actor=london,
        data=deals.DealCreate(
            customer_id=customer.id, title="renewal", amount=Decimal(100), stage=DealStage.LEAD
        ),
        origin=Origin(at=late_evening_utc),
    )
    assert deal.closed_on is None
    deals.move_stage(
        session=session,
        actor=london,
        deal_id=deal.id,
        stage=DealStage.WON,
        origin=Origin(at=late_evening_utc),
    )
    assert deal.closed_on == date(2026, 11, 25)
    with pytest.raises(InvalidTransitionError):
        deals.move_stage(
            session=session,
            actor=london,
            deal_id=deal.id,
            stage=DealStage.LOST,
            origin=Origin(at=NOW),
        )


def test_service_staff_cannot_record_deals(
    session: Session, make_staff: StaffFactory, customer: Customer
) -> None:
    with pytest.raises(ForbiddenError):
        deals.record(
            session=session,
            actor=make_staff(Role.SERVICE, "Service"),
            data=deals.DealCreate(customer_id=customer.id, title="x", amount=Decimal(1)),
            origin=Origin(at=NOW),
        )


def test_interaction_keeps_its_source_and_defaults_to_message_time(
    session: Session, rep: Staff, customer: Customer
) -> None:
    contact = customers.add_contact(
        session=session,
        actor=rep,
        customer_id=customer.id,
        data=ContactCreate(name="Priya"),
        origin=Origin(at=NOW),
    )
    origin = Origin(channel=Channel.TELEGRAM, message_id="chat1:42", at=NOW)
    interaction = interactions.log(
        session=session,
        actor=rep,
        data=interactions.InteractionCreate(
            customer_id=customer.id,
            kind=InteractionKind.VISIT,
            summary="they want a quote for 200 seats",
            contact_id=contact.id,
            original_text="Met Priya at Pemberton Foods, they want a quote for 200 seats",
        ),
        origin=origin,
    )
    assert interaction.occurred_at == NOW
    assert (interaction.source_channel, interaction.source_message_id) == ("telegram", "chat1:42")
    assert interactions.recent(session=session, actor=rep, customer_id=customer.id) == [interaction]


def test_interaction_contact_must_belong_to_the_customer(
    session: Session, rep: Staff, customer: Customer
) -> None:
    other = customers.create(
        session=session, actor=rep, data=CustomerCreate(name="Other Co"), origin=Origin(at=NOW)
    )
    contact = customers.add_contact(
        session=session,
        actor=rep,
        customer_id=other.id,
        data=ContactCreate(name="X"),
        origin=Origin(at=NOW),
    )
    with pytest.raises(InvalidInputError):
        interactions.log(
            session=session,
            actor=rep,
            data=interactions.InteractionCreate(
                customer_id=customer.id,
                kind=InteractionKind.CALL,
                summary="call",
                contact_id=contact.id,
            ),
            origin=Origin(at=NOW),
        )


def test_followup_agenda_complete_and_cancel(
    session: Session, rep: Staff, customer: Customer
) -> None:
    def schedule(hours: int) -> int:
        return followups.schedule(
            session=session,
            actor=rep,
            data=followups.FollowUpCreate(
                customer_id=customer.id, due_at=NOW + timedelta(hours=hours), note="call back"
            ),
            origin=Origin(at=NOW),
        ).id

    overdue, today, next_week = schedule(-30), schedule(3), schedule(24 * 7)
    day_end = NOW + timedelta(hours=12)
    assert [f.id for f in followups.agenda(session=session, actor=rep, start=NOW, end=day_end)] == [
        overdue,
        today,
    ]
    assert [
        f.id
        for f in followups.agenda(
            session=session, actor=rep, start=NOW, end=day_end, include_overdue=False
        )
    ] == [today]
    done = followups.complete(session=session, actor=rep, followup_id=today, origin=Origin(at=NOW))
    assert done.status is FollowUpStatus.DONE and done.completed_at == NOW
    with pytest.raises(InvalidTransitionError):
        followups.cancel(session=session, actor=rep, followup_id=today, origin=Origin(at=NOW))
    followups.cancel(session=session, actor=rep, followup_id=next_week, origin=Origin(at=NOW))
    assert [
        f.id
        for f in followups.open_for_customer(session=session, actor=rep, customer_id=customer.id)
    ] == [overdue]


def test_followups_for_others_need_a_manager(
    session: Session, make_staff: StaffFactory, rep: Staff, customer: Customer
) -> None:
    teammate = make_staff(Role.REP, "East")
    manager = make_staff(Role.MANAGER, "East")
    data = followups.FollowUpCreate(customer_id=customer.id, due_at=NOW, assignee_id=teammate.id)
    with pytest.raises(ForbiddenError):
        followups.schedule(session=session, actor=rep, data=data, origin=Origin(at=NOW))
    assert (
        followups.schedule(
            session=session, actor=manager, data=data, origin=Origin(at=NOW)
        ).assignee_id
        == teammate.id
    )


def test_naive_datetimes_are_refused(customer: Customer) -> None:
    with pytest.raises(ValidationError):
        followups.FollowUpCreate(customer_id=customer.id, due_at=datetime(2026, 12, 1, 9, 0))  # noqa: DTZ001

"""The loyalty figures computed in SQL, checked by hand on both engines."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from crm_core.context import Origin
from crm_core.customers import service as customers
from crm_core.customers.schemas import CustomerCreate
from crm_core.deals import service as deals
from crm_core.deals.models import DealStage
from crm_core.interactions import service as interactions
from crm_core.interactions.models import InteractionKind
from crm_core.loyalty import facts
from crm_core.staff.models import Role, Staff
from crm_core.tickets import service as tickets
from tests.conftest import NOW, StaffFactory

AS_OF = date(2026, 11, 25)


def _won(
    session: Session,
    actor: Staff,
    customer_id: int,
    day: date,
    amount: str,
    *,
    currency: str = "CNY",
) -> None:
    deals.record(
        session=session,
        actor=actor,
        data=deals.DealCreate(
            customer_id=customer_id,
            title="order",
            amount=Decimal(amount),
            currency=currency,
            stage=DealStage.WON,
            closed_on=day,
        ),
        origin=Origin(at=datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=9)),
    )


def test_purchases_merge_days_and_keep_to_one_currency(
    session: Session, make_staff: StaffFactory, system: Staff
) -> None:
    rep = make_staff(Role.REP, "East")
    customer = customers.create(
        session=session,
        actor=system,
        data=CustomerCreate(name="厦门蓝湾医疗科技有限公司", owner_id=rep.id),
        origin=Origin(at=NOW - timedelta(days=400)),
    )
    session.flush()
    for day, amount in (
        (date(2026, 1, 10), "100.00"),
        (date(2026, 1, 10), "50.50"),  # same day: one purchase of 150.50
        (date(2026, 3, 1), "200.00"),  # gap 50 days
        (date(2026, 9, 28), "300.00"),  # gap 211 days
        (date(2026, 11, 1), "400.00"),  # gap 34 days
        (date(2026, 12, 1), "999.00"),  # after the as-of date: ignored
    ):
        _won(session, rep, customer.id, day, amount)
    _won(session, rep, customer.id, date(2026, 5, 5), "70.00", currency="USD")  # minority
    session.flush()
    got = facts.purchases(session=session, as_of=AS_OF, customer_ids=[customer.id])[customer.id]
    assert got.currency == "CNY"
    assert (got.first_purchase, got.last_purchase) == (date(2026, 1, 10), date(2026, 11, 1))
    assert (got.orders, got.purchase_days) == (5, 4)
    assert got.revenue == Decimal("1050.50")
    assert got.repeat_day_mean == Decimal("300.00")  # (200 + 300 + 400) / 3
    assert got.median_gap_days == 50.0  # gaps 50, 211, 34
    assert got.revenue_recent == Decimal("700.00")  # after 2026-08-27
    assert got.revenue_before == Decimal("0.00")


def test_engagement_takes_the_latest_contact_of_any_kind(
    session: Session, make_staff: StaffFactory, system: Staff
) -> None:
    rep = make_staff(Role.REP, "East")
    customer = customers.create(
        session=session,
        actor=system,
        data=CustomerCreate(name="杭州青禾食品股份有限公司", owner_id=rep.id),
        origin=Origin(at=NOW - timedelta(days=200)),
    )
    session.flush()
    interactions.log(
        session=session,
        actor=rep,
        data=interactions.InteractionCreate(
            customer_id=customer.id,
            kind=InteractionKind.VISIT,
            occurred_at=NOW - timedelta(days=40),
            summary="visit",
        ),
        origin=Origin(at=NOW - timedelta(days=40)),
    )
    tickets.open_ticket(
        session=session,
        actor=rep,
        data=tickets.TicketCreate(customer_id=customer.id, title="冷库报警"),
        origin=Origin(at=NOW - timedelta(days=3)),
    )
    session.flush()
    got = facts.engagement(session=session, as_of=AS_OF, customer_ids=[customer.id])[customer.id]
    assert got.last_contact == NOW - timedelta(days=3)
    assert (got.interactions_recent, got.open_tickets, got.tickets_recent) == (1, 1, 1)
    assert got.satisfaction is None
    earlier = facts.engagement(
        session=session, as_of=AS_OF - timedelta(days=10), customer_ids=[customer.id]
    )
    assert earlier[customer.id].last_contact == NOW - timedelta(days=40)
    assert earlier[customer.id].open_tickets == 0

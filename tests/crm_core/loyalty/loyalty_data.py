"""Loyalty test companies: a small hand-built one whose figures are worked out by hand, and a
synthetic one large enough for the models (bulk-inserted: its figures are checked as
properties, not by hand)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import numpy as np
from sqlalchemy import insert
from sqlalchemy.orm import Session

from crm_core.context import Origin
from crm_core.customers import service as customers
from crm_core.customers.models import Customer
from crm_core.customers.schemas import CustomerCreate
from crm_core.deals import service as deals
from crm_core.deals.models import Deal, DealStage
from crm_core.interactions import service as interactions
from crm_core.interactions.models import InteractionKind
from crm_core.normalize import normalize_name
from crm_core.staff import service as staff_service
from crm_core.staff.models import Role, Staff
from crm_core.staff.schemas import StaffCreate
from crm_core.tickets import service as tickets

AS_OF = date(2026, 11, 25)


def at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), UTC)


@dataclass(frozen=True, slots=True)
class SmallCompany:
    """Two teams. Rep A (East) owns X, Y and the prospect P; rep B (West) owns Z.

    X: won 2026-01-10 (100.00 + 50.50, one purchase day), 03-01 200.00, 09-28 300.00,
       11-01 400.00, and 12-01 999.00 after the date; a visit on 11-20 (and one after the date).
    Y: won 2025-06-01, 07-01, 08-01, 500.00 each; a ticket opened 2026-10-10.
    Z: won 2026-11-20 80.00.
    P: created 2026-10-01, nothing else.
    """

    admin: Staff
    rep_a: Staff
    rep_b: Staff
    x: int
    y: int
    z: int
    p: int


def won(session: Session, actor: Staff, customer_id: int, day: date, amount: str) -> None:
    deals.record(
        session=session,
        actor=actor,
        data=deals.DealCreate(
            customer_id=customer_id,
            title="order",
            amount=Decimal(amount),
            stage=DealStage.WON,
            closed_on=day,
        ),
        origin=Origin(at=at(day)),
    )


def small_company(session: Session, admin: Staff) -> SmallCompany:
    def staff(email: str, team: str) -> Staff:
        return staff_service.add(
            session=session,
            actor=admin,
            data=StaffCreate(email=email, name=email, role=Role.REP, team=team),
            origin=Origin(at=at(date(2024, 1, 1))),
        )

    rep_a, rep_b = staff("a@loyalty.example.com", "East"), staff("b@loyalty.example.com", "West")

    def customer(name: str, owner: Staff, created: date) -> int:
        made = customers.create(
            session=session,
            actor=admin,
            data=CustomerCreate(name=name, owner_id=owner.id),
            origin=Origin(at=at(created)),
        )
        session.flush()
        return made.id

    x = customer("Xiamen Lanwan Medical", rep_a, date(2025, 12, 1))
    y = customer("Yellowstone Foods", rep_a, date(2025, 5, 1))
    z = customer("Zephyr Logistics", rep_b, date(2026, 11, 1))
    p = customer("Pemberton Prospects", rep_a, date(2026, 10, 1))
    for day, amount in (
        (date(2026, 1, 10), "100.00"),
        (date(2026, 1, 10), "50.50"),
        (date(2026, 3, 1), "200.00"),
        (date(2026, 9, 28), "300.00"),
        (date(2026, 11, 1), "400.00"),
        (date(2026, 12, 1), "999.00"),
    ):
        won(session, rep_a, x, day, amount)
    for month in (6, 7, 8):
        won(session, rep_a, y, date(2025, month, 1), "500.00")
    won(session, rep_b, z, date(2026, 11, 20), "80.00")
    for day in (date(2026, 11, 20), date(2026, 11, 28)):
        interactions.log(
            session=session,
            actor=rep_a,
            data=interactions.InteractionCreate(
                customer_id=x, kind=InteractionKind.VISIT, occurred_at=at(day), summary="visit"
            ),
            origin=Origin(at=at(day)),
        )
    tickets.open_ticket(
        session=session,
        actor=admin,
        data=tickets.TicketCreate(customer_id=y, title="cold chain alarm"),
        origin=Origin(at=at(date(2026, 10, 10))),
    )
    session.flush()
    return SmallCompany(admin=admin, rep_a=rep_a, rep_b=rep_b, x=x, y=y, z=z, p=p)


def synthetic_company(
    session: Session, owner: Staff, customers_count: int = 600, seed: int = 7
) -> list[int]:
    """Buy-till-you-die histories for many customers over two years, bulk-inserted."""
    rng = np.random.default_rng(seed)
    created = at(AS_OF - timedelta(days=800))
    rows = session.execute(
        insert(Customer).returning(Customer.id),
        [
            {
                "name": f"Synthetic {seed}-{number}",
                "normalized_name": normalize_name(f"Synthetic {seed}-{number}"),
                "owner_id": owner.id,
                "created_at": created,
                "updated_at": created,
            }
            for number in range(customers_count)
        ],
    )
    ids = [row[0] for row in rows]
    deal_rows = []
    for customer_id in ids:
        first = int(rng.integers(0, 700))
        lifetime = float(rng.exponential(400.0))
        rate = float(rng.gamma(1.0, 1 / 60))
        day = float(first)
        while day <= min(first + lifetime, 730.0):
            closed = AS_OF - timedelta(days=730 - int(day))
            deal_rows.append(
                {
                    "title": "order",
                    "amount": Decimal(int(rng.gamma(3.0, 400.0) * 100)) / 100,
                    "currency": "CNY",
                    "stage": DealStage.WON,
                    "closed_on": closed,
                    "customer_id": customer_id,
                    "owner_id": owner.id,
                    "created_at": at(closed),
                    "updated_at": at(closed),
                }
            )
            day += float(rng.exponential(1 / rate)) + 1.0
    session.execute(insert(Deal), deal_rows)
    session.flush()
    return ids

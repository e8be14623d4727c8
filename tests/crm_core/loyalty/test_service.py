"""The loyalty service on both engines: figures worked out by hand on a small company, the
model path on a synthetic one, permissions, the as-of date, and the cache's freshness."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np
import pytest
from sqlalchemy.orm import Session

from crm_core.errors import ForbiddenError, InvalidInputError, NotFoundError
from crm_core.loyalty import facts, rfm, service
from crm_core.loyalty.schemas import CustomerLoyalty, ModelKind, Unavailable
from crm_core.staff.models import Role, Staff
from tests.conftest import StaffFactory
from tests.crm_core.loyalty.loyalty_data import (
    AS_OF,
    SmallCompany,
    small_company,
    synthetic_company,
    won,
)

CUSTOMER_FIELDS = {
    "customer_id",
    "name",
    "as_of",
    "currency",
    "p_alive",
    "expected_purchases_30d",
    "expected_purchases_90d",
    "expected_order_value",
    "clv_12m",
    "rfm",
    "last_contact",
    "overdue_ratio",
    "lifecycle",
    "health",
    "seven_p",
    "next_action",
    "models",
}


@pytest.fixture
def company(session: Session, system: Staff) -> SmallCompany:
    return small_company(session, system)


def summary(session: Session, actor: Staff, customer_id: int, **kwargs: object) -> CustomerLoyalty:
    return service.customer_summary(
        session=session,
        actor=actor,
        customer_id=customer_id,
        as_of=kwargs.pop("as_of", AS_OF),  # type: ignore[arg-type]
        **kwargs,  # type: ignore[arg-type]
    )


def test_customer_figures_by_hand(session: Session, company: SmallCompany) -> None:
    x = summary(session, company.rep_a, company.x)
    document = x.model_dump(mode="json")
    assert set(document) == CUSTOMER_FIELDS
    assert set(document["rfm"]) == {
        "recency_days",
        "frequency",
        "monetary",
        "r",
        "f",
        "m",
        "segment",
    }
    assert set(document["health"]) == {"score", "band", "factors"}
    assert set(document["seven_p"]) == {
        "profiling",
        "persistency",
        "profitability",
        "performance",
        "prospecting",
        "product",
        "promotion",
    }
    assert (x.name, x.as_of, x.currency) == ("Xiamen Lanwan Medical", AS_OF, "CNY")
    # 5 orders on 4 purchase days by the date; the 999.00 of December is later
    assert document["rfm"] == {
        "recency_days": 24,
        "frequency": 5,
        "monetary": "1050.50",
        # company-wide among X (24 days, 5, 1050.50), Y (481, 3, 1500), Z (5, 1, 80):
        # score = 1 + (number strictly worse · 5) div 3
        "r": 2,
        "f": 4,
        "m": 2,
        "segment": "at_risk",
    }
    assert x.last_contact == date(2026, 11, 20)  # the visit; the one on 11-28 is later
    assert x.overdue_ratio == pytest.approx(24 / 50)  # gaps 50, 211, 34: median 50
    assert x.lifecycle is rfm.Lifecycle.ACTIVE
    assert x.next_action is rfm.NextAction.PERSONAL_OUTREACH
    assert x.seven_p.persistency.purchase_days == 4
    assert x.seven_p.profitability.revenue_recent == Decimal("700.00")
    assert x.health.band.value in {"green", "yellow", "red"}
    assert len(x.health.factors) == 3

    y = summary(session, company.admin, company.y)
    assert (y.rfm.recency_days, y.rfm.frequency, y.rfm.monetary) == (481, 3, Decimal("1500.00"))
    assert (y.rfm.r, y.rfm.f, y.rfm.m, y.rfm.segment) == (1, 2, 4, rfm.Segment.HIBERNATING)
    assert y.overdue_ratio == pytest.approx(481 / 30.5)  # gaps 30 and 31
    assert y.lifecycle is rfm.Lifecycle.LOST
    assert y.last_contact == date(2026, 10, 10)  # the ticket, later than the last order

    z = summary(session, company.admin, company.z)
    assert (z.rfm.r, z.rfm.f, z.rfm.m, z.rfm.segment) == (4, 1, 1, rfm.Segment.PROMISING)
    assert z.overdue_ratio is None  # one purchase day: no rhythm yet
    assert z.lifecycle is rfm.Lifecycle.NEW

    p = summary(session, company.rep_a, company.p)
    assert p.currency is None and p.lifecycle is rfm.Lifecycle.PROSPECT
    assert p.rfm.model_dump() == {
        "recency_days": None,
        "frequency": 0,
        "monetary": Decimal("0.00"),
        "r": None,
        "f": None,
        "m": None,
        "segment": None,
    }
    assert p.last_contact is None and p.next_action is None


def test_too_little_data_leaves_the_model_figures_null(
    session: Session, company: SmallCompany
) -> None:
    x = summary(session, company.rep_a, company.x)
    assert x.models.purchase_model is None and x.models.spend_model is None
    assert x.models.reason is Unavailable.INSUFFICIENT_DATA
    assert (x.models.customers, x.models.repeat_buyers) == (3, 2)
    assert (x.models.min_customers, x.models.min_repeat_buyers) == (500, 100)
    assert x.models.params is None
    model_fields = (
        x.p_alive,
        x.expected_purchases_30d,
        x.expected_purchases_90d,
        x.expected_order_value,
        x.clv_12m,
    )
    assert model_fields == (None,) * 5
    assert x.seven_p.prospecting.clv_12m is None
    portfolio = service.portfolio_summary(session=session, actor=company.admin, as_of=AS_OF)
    assert portfolio.forecast.model_dump() == {
        "expected_orders_90d": None,
        "expected_revenue_90d": None,
        "clv_12m": None,
    }


def test_an_earlier_date_ignores_later_deals_and_contacts(
    session: Session, company: SmallCompany
) -> None:
    x = summary(session, company.rep_a, company.x, as_of=date(2026, 3, 15))
    assert (x.rfm.frequency, x.rfm.monetary, x.rfm.recency_days) == (3, Decimal("350.50"), 14)
    assert x.seven_p.persistency.purchase_days == 2
    assert x.last_contact == date(2026, 3, 1)  # the order: the visits came later
    assert x.overdue_ratio is None
    before = summary(session, company.admin, company.z, as_of=date(2026, 11, 19))
    assert before.rfm.frequency == 0 and before.lifecycle is rfm.Lifecycle.PROSPECT


def test_portfolio_figures_by_hand(session: Session, company: SmallCompany) -> None:
    portfolio = service.portfolio_summary(session=session, actor=company.admin, as_of=AS_OF)
    assert portfolio.currency == "CNY" and portfolio.other_currency_customers == 0
    assert portfolio.customers.model_dump() == {
        "total": 4,
        "buyers": 3,
        "prospects": 1,
        "active_90d": 2,  # X and Z
        "lapsed_365d": 1,  # Y
        "repeat_buyers": 2,
        "repeat_rate": pytest.approx(2 / 3),
    }
    segments = {one.segment: (one.customers, one.revenue) for one in portfolio.segments}
    assert segments[rfm.Segment.AT_RISK] == (1, Decimal("1050.50"))
    assert segments[rfm.Segment.HIBERNATING] == (1, Decimal("1500.00"))
    assert segments[rfm.Segment.PROMISING] == (1, Decimal("80.00"))
    assert sum(count for count, _ in segments.values()) == 3
    stages = {one.lifecycle: one.customers for one in portfolio.lifecycle}
    assert stages == {"prospect": 1, "new": 1, "active": 1, "lapsing": 0, "lost": 1}
    # bought in the year before the last (Y), not again since: churned
    assert portfolio.retention.model_dump() == {
        "previous_buyers": 1,
        "retained": 0,
        "churned": 1,
        "rate": 0.0,
    }
    revenue = portfolio.revenue
    assert (revenue.total, revenue.last_12m, revenue.previous_12m) == (
        Decimal("2630.50"),
        Decimal("1130.50"),
        Decimal("1500.00"),
    )
    assert revenue.growth_pct == pytest.approx(100 * (1130.50 / 1500 - 1))
    assert revenue.top_20pct_share == pytest.approx(1050.50 / 1130.50)  # 1 of 2 buyers
    assert revenue.largest_share == pytest.approx(1050.50 / 1130.50)
    # Y: overdue ratio 15.8 > 2; X on time, Z a single purchase day
    assert portfolio.at_risk.total == 1 and portfolio.at_risk.revenue == Decimal("1500.00")
    assert [one.customer_id for one in portfolio.at_risk.items] == [company.y]
    assert portfolio.at_risk.items[0].name == "Yellowstone Foods"
    # last contact: X 11-20, Y 10-10 (46 days), Z 11-20, P never
    assert (portfolio.not_contacted.days_30, portfolio.not_contacted.days_90) == (2, 1)
    assert [one.customer_id for one in portfolio.not_contacted.items] == [company.p]
    assert portfolio.service.open_tickets == 1
    assert portfolio.service.customers_with_4_tickets_90d == 0
    bands = portfolio.health
    assert bands.green + bands.yellow + bands.red + bands.unknown == 4


def test_portfolio_pages_the_at_risk_list(session: Session, company: SmallCompany) -> None:
    page = service.portfolio_summary(
        session=session, actor=company.admin, as_of=AS_OF, limit=1, offset=1
    )
    assert page.at_risk.total == 1 and page.at_risk.items == []
    with pytest.raises(InvalidInputError):
        service.portfolio_summary(session=session, actor=company.admin, as_of=AS_OF, limit=0)


def test_permissions(session: Session, company: SmallCompany) -> None:
    with pytest.raises(ForbiddenError):  # West's customer
        summary(session, company.rep_a, company.z)
    with pytest.raises(NotFoundError):
        summary(session, company.rep_a, 10**9)
    own = service.portfolio_summary(session=session, actor=company.rep_a, as_of=AS_OF)
    assert own.customers.total == 3  # X, Y, P: not West's Z
    by_owner = service.portfolio_summary(
        session=session, actor=company.admin, as_of=AS_OF, owner_id=company.rep_b.id
    )
    assert (by_owner.customers.total, by_owner.revenue.total) == (1, Decimal("80.00"))
    # scores stay company-wide: Z is still "promising" within its owner's book of one
    assert {one.segment: one.customers for one in by_owner.segments if one.customers} == {
        rfm.Segment.PROMISING: 1
    }
    with pytest.raises(ForbiddenError):
        service.portfolio_summary(
            session=session, actor=company.rep_a, as_of=AS_OF, owner_id=company.rep_b.id
        )
    assert company.rep_b.team_id is not None
    with pytest.raises(ForbiddenError):
        service.portfolio_summary(
            session=session, actor=company.rep_a, as_of=AS_OF, team_id=company.rep_b.team_id
        )
    team = service.portfolio_summary(
        session=session, actor=company.rep_a, as_of=AS_OF, team_id=company.rep_a.team_id
    )
    assert team.customers.total == 3
    with pytest.raises(NotFoundError):
        service.portfolio_summary(session=session, actor=company.admin, as_of=AS_OF, owner_id=10**9)
    assert service.find_owner(session=session, key="A@Loyalty.example.com").id == company.rep_a.id
    assert service.find_team(session=session, key="West").id == company.rep_b.team_id
    with pytest.raises(NotFoundError):
        service.find_team(session=session, key="Nowhere")


def test_an_empty_portfolio(
    session: Session, company: SmallCompany, make_staff: StaffFactory
) -> None:
    newcomer = make_staff(Role.REP, "North")
    empty = service.portfolio_summary(
        session=session, actor=company.admin, as_of=AS_OF, owner_id=newcomer.id
    )
    assert (empty.customers.total, empty.currency, empty.revenue.total) == (0, None, Decimal(0))
    assert empty.customers.repeat_rate is None and empty.retention.rate is None
    assert empty.at_risk.items == [] and empty.not_contacted.items == []
    assert empty.revenue.top_20pct_share is None


def test_the_date_must_be_sensible(session: Session, company: SmallCompany) -> None:
    with pytest.raises(InvalidInputError):
        summary(session, company.admin, company.x, as_of=date(1, 1, 1))
    with pytest.raises(InvalidInputError):
        service.portfolio_summary(session=session, actor=company.admin, as_of=date(9999, 12, 31))


def test_a_new_order_shows_at_once(session: Session, company: SmallCompany) -> None:
    before = service.portfolio_summary(session=session, actor=company.admin, as_of=AS_OF)
    won(session, company.rep_b, company.z, date(2026, 11, 24), "20.00")
    session.flush()
    after = service.portfolio_summary(session=session, actor=company.admin, as_of=AS_OF)
    assert after.revenue.total - before.revenue.total == Decimal("20.00")
    z = summary(session, company.admin, company.z)
    assert (z.rfm.frequency, z.rfm.recency_days) == (2, 1)


def test_the_bulk_table_agrees_with_the_per_customer_facts(
    session: Session, company: SmallCompany
) -> None:
    ids = [company.x, company.y, company.z]
    table = facts.purchase_table(session=session, as_of=AS_OF)
    rows, found = table.positions(np.array(sorted(ids)))
    assert found.all()
    expected = facts.purchases(session=session, as_of=AS_OF, customer_ids=ids)
    for row, customer_id in zip(rows.tolist(), sorted(ids), strict=True):
        one = expected[customer_id]
        gap = table.median_gap[row]
        assert (
            str(table.currency[row]),
            facts.day_of(table.first_day[row]),
            facts.day_of(table.last_day[row]),
            int(table.orders[row]),
            int(table.purchase_days[row]),
            Decimal(int(table.revenue[row])) / 100,
            Decimal(int(table.revenue_recent[row])) / 100,
            Decimal(int(table.revenue_before[row])) / 100,
            None if np.isnan(gap) else float(gap),
        ) == (
            one.currency,
            one.first_purchase,
            one.last_purchase,
            one.orders,
            one.purchase_days,
            one.revenue,
            one.revenue_recent,
            one.revenue_before,
            one.median_gap_days,
        )
    assert expected[company.y].median_gap_days == 30.5  # two gaps: their mean


def test_vectorised_lifecycle_matches_the_rule() -> None:
    cases = [
        (since, recency, overdue)
        for since in (10, 89, 90, 400)
        for recency in (0, 50, 90, 91, 365, 366)
        for overdue in (None, 1.0, 2.0, 2.5)
        if recency <= since
    ]
    codes = service._lifecycles(
        np.array([since for since, _, _ in cases]),
        np.array([recency for _, recency, _ in cases], dtype=np.float64),
        np.array([np.nan if ratio is None else ratio for _, _, ratio in cases]),
        np.ones(len(cases), dtype=bool),
    )
    expected = [
        rfm.lifecycle(days_since_first_purchase=since, recency_days=recency, overdue_ratio=ratio)
        for since, recency, ratio in cases
    ]
    assert [tuple(rfm.Lifecycle)[code] for code in codes.tolist()] == expected


def test_the_models_on_a_company_large_enough(
    session: Session, system: Staff, make_staff: StaffFactory
) -> None:
    rep = make_staff(Role.REP, "North")
    other = make_staff(Role.REP, "South")
    ids = synthetic_company(session, rep, 400, seed=1) + synthetic_company(
        session, other, 200, seed=2
    )
    portfolio = service.portfolio_summary(session=session, actor=system, as_of=AS_OF)
    info = portfolio.models
    assert info.purchase_model is ModelKind.MBG_NBD and info.reason is None
    assert info.customers >= 500 and info.repeat_buyers >= 100
    assert info.params is not None and info.params.alpha > 0
    assert portfolio.forecast.expected_orders_90d is not None
    assert portfolio.forecast.expected_orders_90d > 0
    for customer_id in ids[::60]:
        one = summary(session, system, customer_id)
        if one.rfm.frequency == 0:
            continue
        assert one.p_alive is not None and 0 < one.p_alive <= 1
        assert one.expected_purchases_30d is not None and one.expected_purchases_90d is not None
        assert 0 <= one.expected_purchases_30d <= one.expected_purchases_90d
        if info.spend_model is not None:
            assert one.clv_12m is not None and one.clv_12m >= 0
            assert one.expected_order_value is not None and one.expected_order_value > 0
    bg = summary(session, system, ids[0], model=ModelKind.BG_NBD)
    assert bg.models.purchase_model is ModelKind.BG_NBD
    assert bg.models.params != info.params
    # one rep's portfolio reuses the company-wide fit and scores: nothing refitted per rep
    own = service.portfolio_summary(session=session, actor=system, as_of=AS_OF, owner_id=other.id)
    assert own.models == info
    assert own.customers.total == 200
    listed = {one.customer_id: one for one in portfolio.at_risk.items}
    for customer_id, item in list(listed.items())[:5]:
        alone = summary(session, system, customer_id)
        assert alone.p_alive == pytest.approx(item.p_alive)
        assert alone.rfm.segment == item.segment

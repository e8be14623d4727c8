"""CDNOW end to end through the product: the transactions imported as won deals (the CSV deal
import), then fitted and summarised by the loyalty service, on both engines.

The service works in days; the literature set-up is in weeks (reference loyalty.md,
"Published CDNOW figures"). The service fits both: with `period_days=7` it must reproduce the
published parameters; in days, the same model is only rescaled in time (r, a, b unchanged,
α × 7), so the 30- and 90-day expectations match the weekly literature's sums. Tolerances: the
reference's suggested 1e-3 relative for parameters, printed precision for the sums.
"""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_core.context import Origin
from crm_core.customers.models import Customer
from crm_core.deals.importer import import_deals
from crm_core.loyalty import service
from crm_core.loyalty.schemas import ModelKind
from crm_core.staff.models import Staff
from tests.crm_core.loyalty.cdnow import CALIBRATION_END, CDNOW_CSV
from tests.nlu.corpora import require_corpus

LITERATURE_BG = {"r": 0.242595, "alpha": 4.413603, "a": 0.792922, "b": 2.425906}
LITERATURE_MBG = {"r": 0.524843, "alpha": 6.183082, "a": 0.891360, "b": 1.614003}
LITERATURE_GG = {"p": 6.249572, "q": 3.744225, "v": 15.443521}
PARAMETERS = 1e-3  # relative


@pytest.fixture
def cdnow(session: Session, system: Staff) -> Staff:
    """The sample's 6,919 transactions as won deals of 2,357 customers (created on import)."""
    require_corpus(CDNOW_CSV)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["customer", "amount", "currency", "closed_at", "title"])
    with CDNOW_CSV.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            writer.writerow(
                [f"CDNOW {int(row['customer_id']):05d}", row["amount"], "USD", row["date"], "CDs"]
            )
    data = out.getvalue().encode("utf-8")
    result = import_deals(
        session,
        system,
        data,
        origin=Origin(),
        create_customers=True,
        allow_duplicates=True,  # same-customer same-day orders are real here
        max_bytes=len(data),
    )
    assert (result.count, result.created_customers) == (6919, 2357)
    session.flush()
    return system


def test_the_literature_fits_through_the_service(session: Session, cdnow: Staff) -> None:
    snap = service.snapshot(session=session, as_of=CALIBRATION_END)
    assert len(snap.table) == 2357
    assert int((snap.table.purchase_days > 1).sum()) == 946  # repeat buyers
    assert int((snap.table.purchase_days - 1).sum()) == 2457  # repeat purchase days
    weekly_bg = service.company_models(snap=snap, kind=ModelKind.BG_NBD, period_days=7)
    assert weekly_bg.purchase is not None
    bg = weekly_bg.purchase
    assert (round(bg.r, 4), round(bg.alpha, 4), round(bg.a, 4), round(bg.b, 4)) == (
        0.2426,
        4.4136,
        0.7929,
        2.4259,
    )
    for name, value in LITERATURE_BG.items():
        assert getattr(bg, name) == pytest.approx(value, rel=PARAMETERS), name
    spend = weekly_bg.spend
    assert spend is not None
    assert (round(spend.p, 2), round(spend.q, 2)) == (6.25, 3.74)
    for name, value in LITERATURE_GG.items():
        assert getattr(spend, name) == pytest.approx(value, rel=PARAMETERS), name
    weekly_mbg = service.company_models(snap=snap, kind=ModelKind.MBG_NBD, period_days=7)
    assert weekly_mbg.purchase is not None
    for name, value in LITERATURE_MBG.items():
        assert getattr(weekly_mbg.purchase, name) == pytest.approx(value, rel=PARAMETERS), name


def test_the_product_in_days_is_the_same_model(session: Session, cdnow: Staff) -> None:
    portfolio = service.portfolio_summary(
        session=session, actor=cdnow, as_of=CALIBRATION_END, model=ModelKind.BG_NBD
    )
    info = portfolio.models
    assert (info.customers, info.repeat_buyers) == (2357, 946)
    assert info.purchase_model is ModelKind.BG_NBD and info.spend_model == "gamma_gamma"
    assert info.params is not None and info.spend_params is not None
    assert info.params.r == pytest.approx(LITERATURE_BG["r"], rel=PARAMETERS)
    assert info.params.alpha / 7 == pytest.approx(LITERATURE_BG["alpha"], rel=PARAMETERS)
    assert info.params.a == pytest.approx(LITERATURE_BG["a"], rel=PARAMETERS)
    assert info.params.b == pytest.approx(LITERATURE_BG["b"], rel=PARAMETERS)
    assert info.spend_params.v == pytest.approx(LITERATURE_GG["v"], rel=PARAMETERS)
    # Σ expected purchases over the next 90 days (literature: 621.6 with weeks and 90/7)
    assert portfolio.forecast.expected_orders_90d == pytest.approx(621.6, abs=0.06)
    assert portfolio.customers.buyers == 2357
    assert portfolio.currency == "USD"
    # customer 1 of the reference table: x 2, t_x 30.43 w, T 38.86 w, P(alive) BG 0.7266
    one = _customer_named(session, "CDNOW 00001")
    summary = service.customer_summary(
        session=session,
        actor=cdnow,
        customer_id=one,
        as_of=CALIBRATION_END,
        model=ModelKind.BG_NBD,
    )
    assert summary.p_alive == pytest.approx(0.7266, abs=6e-5)
    assert summary.expected_purchases_30d == pytest.approx(0.1576, abs=6e-5)
    assert summary.expected_purchases_90d == pytest.approx(0.4525, abs=6e-5)
    assert summary.expected_order_value == pytest.approx(24.65, abs=6e-3)
    default = service.customer_summary(
        session=session, actor=cdnow, customer_id=one, as_of=CALIBRATION_END
    )
    assert default.models.purchase_model is ModelKind.MBG_NBD
    assert default.p_alive == pytest.approx(0.7061, abs=6e-5)


def _customer_named(session: Session, name: str) -> int:
    customer_id = session.scalar(select(Customer.id).where(Customer.name == name))
    assert customer_id is not None
    return customer_id


def test_a_later_date_sees_the_holdout(session: Session, cdnow: Staff) -> None:
    later = service.snapshot(session=session, as_of=date(1998, 6, 30))
    assert int(later.table.orders.sum()) == 6919
    assert (later.table.purchase_days - 1).sum() > 2457  # the holdout's repeat days count now

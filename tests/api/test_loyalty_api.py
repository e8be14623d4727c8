"""The loyalty routes over HTTP on both engines: shapes, parameters, permissions, errors."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session

from crm_core.staff.models import Staff
from tests.api.conftest import ApiClient, TokenFactory
from tests.crm_core.loyalty.loyalty_data import AS_OF, SmallCompany, small_company
from tests.crm_core.loyalty.test_service import CUSTOMER_FIELDS

PORTFOLIO_FIELDS = {
    "as_of",
    "scope",
    "currency",
    "other_currency_customers",
    "customers",
    "segments",
    "lifecycle",
    "retention",
    "revenue",
    "forecast",
    "at_risk",
    "not_contacted",
    "service",
    "health",
    "models",
}


@pytest.fixture
def company(session: Session, system: Staff) -> SmallCompany:
    return small_company(session, system)


def ok(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_a_customer_summary(client: ApiClient, bearer: TokenFactory, company: SmallCompany) -> None:
    headers = bearer(company.rep_a)
    url = f"/api/v1/loyalty/customers/{company.x}"
    body = ok(client.get(url, headers=headers, params={"as_of": AS_OF.isoformat()}))
    assert set(body) == CUSTOMER_FIELDS
    assert body["as_of"] == "2026-11-25" and body["currency"] == "CNY"
    assert body["rfm"] == {
        "recency_days": 24,
        "frequency": 5,
        "monetary": "1050.50",
        "r": 2,
        "f": 4,
        "m": 2,
        "segment": "at_risk",
    }
    assert body["last_contact"] == "2026-11-20"
    assert body["overdue_ratio"] == pytest.approx(0.48)
    assert (body["p_alive"], body["clv_12m"]) == (None, None)
    assert body["models"]["reason"] == "insufficient_data"
    assert body["models"]["requested"] == "mbg_nbd"
    chosen = ok(client.get(url, headers=headers, params={"as_of": "2026-11-25", "model": "bg_nbd"}))
    assert chosen["models"]["requested"] == "bg_nbd"
    assert ok(client.get(url, headers=headers))["as_of"]  # today by default
    earlier = ok(client.get(url, headers=headers, params={"as_of": "2026-03-15"}))
    assert earlier["rfm"]["frequency"] == 3


def test_customer_errors(client: ApiClient, bearer: TokenFactory, company: SmallCompany) -> None:
    headers = bearer(company.rep_a)
    forbidden = client.get(f"/api/v1/loyalty/customers/{company.z}", headers=headers)
    assert forbidden.status_code == 403
    assert forbidden.json()["error"]["code"] == "customer.forbidden"
    missing = client.get("/api/v1/loyalty/customers/999999", headers=headers)
    assert missing.status_code == 404
    url = f"/api/v1/loyalty/customers/{company.x}"
    for params in ({"model": "pareto"}, {"as_of": "yesterday"}, {"as_of": "0001-01-01"}):
        refused = client.get(url, headers=headers, params=params)
        assert refused.status_code == 422, params
        assert refused.json()["error"]["code"] in {"invalid_input", "loyalty.as_of_out_of_range"}
    assert client.get(url).status_code == 401


def test_portfolios(client: ApiClient, bearer: TokenFactory, company: SmallCompany) -> None:
    admin = bearer(company.admin)
    url = "/api/v1/loyalty/portfolio"
    everything = ok(client.get(url, headers=admin, params={"as_of": "2026-11-25"}))
    assert set(everything) == PORTFOLIO_FIELDS
    assert everything["customers"]["total"] == 4
    assert everything["revenue"]["total"] == "2630.50"
    assert everything["at_risk"]["total"] == 1
    assert [one["customer_id"] for one in everything["at_risk"]["items"]] == [company.y]
    by_email = ok(
        client.get(
            url, headers=admin, params={"as_of": "2026-11-25", "owner": "b@loyalty.example.com"}
        )
    )
    assert by_email["customers"]["total"] == 1
    assert by_email["scope"] == {"owner_id": company.rep_b.id, "team_id": None}
    by_id = ok(client.get(url, headers=admin, params={"owner": str(company.rep_b.id)}))
    assert by_id["scope"]["owner_id"] == company.rep_b.id
    by_team = ok(client.get(url, headers=admin, params={"as_of": "2026-11-25", "team": "East"}))
    assert by_team["customers"]["total"] == 3
    paged = ok(client.get(url, headers=admin, params={"limit": 1, "offset": 5}))
    assert paged["at_risk"]["items"] == [] and paged["at_risk"]["limit"] == 1
    rep = bearer(company.rep_a)
    assert (
        ok(client.get(url, headers=rep, params={"as_of": "2026-11-25"}))["customers"]["total"] == 3
    )
    refused = client.get(url, headers=rep, params={"team": "West"})
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "loyalty.portfolio_forbidden"
    unknown = client.get(url, headers=admin, params={"owner": "nobody@example.com"})
    assert unknown.status_code == 404
    assert client.get(url, headers=admin, params={"team": "99999999999"}).status_code == 404
    assert client.get(url, headers=admin, params={"limit": 0}).status_code == 422
    assert client.get(url, headers=admin, params={"stauts": "x"}).status_code == 422

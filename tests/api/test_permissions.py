"""The API passes the authenticated staff member to the services, which apply the same rules
as in chat: reps see their own, their team's and unowned customers."""

from __future__ import annotations

from sqlalchemy.orm import Session

from crm_core.context import Origin
from crm_core.customers import service as customer_service
from crm_core.customers.schemas import CustomerCreate
from crm_core.staff.models import Role
from tests.api.conftest import ApiClient, TokenFactory
from tests.conftest import NOW, StaffFactory


def test_a_rep_cannot_reach_another_teams_customer(
    client: ApiClient, session: Session, make_staff: StaffFactory, bearer: TokenFactory
) -> None:
    east, west, east_mate = (
        make_staff(Role.REP, team="East"),
        make_staff(Role.REP, team="West"),
        make_staff(Role.REP, team="East"),
    )
    theirs = customer_service.create(
        session=session,
        actor=east,
        data=CustomerCreate(name="East Only Ltd"),
        origin=Origin(at=NOW),
    )
    west_headers = bearer(west)
    refused = client.get(f"/api/v1/customers/{theirs.id}", headers=west_headers)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "customer.forbidden"
    assert client.get("/api/v1/customers", headers=west_headers).json()["total"] == 0
    for method, path, body in (
        ("PATCH", f"/api/v1/customers/{theirs.id}", {"tier": "A"}),
        ("POST", f"/api/v1/customers/{theirs.id}/contacts", {"name": "Spy"}),
        (
            "POST",
            "/api/v1/interactions",
            {"customer_id": theirs.id, "kind": "call", "summary": "x"},
        ),
        ("POST", "/api/v1/tickets", {"customer_id": theirs.id, "title": "x"}),
    ):
        response = client.request(method, path, headers=west_headers, json=body)
        assert response.status_code == 403, (method, path)
    # A teammate sees it but, as a rep, may not edit a colleague's customer.
    mate_headers = bearer(east_mate)
    assert client.get(f"/api/v1/customers/{theirs.id}", headers=mate_headers).status_code == 200
    edit = client.patch(f"/api/v1/customers/{theirs.id}", headers=mate_headers, json={"tier": "A"})
    assert edit.status_code == 403
    assert edit.json()["error"]["code"] == "customer.forbidden_edit"


def test_service_staff_cannot_record_deals(
    client: ApiClient, make_staff: StaffFactory, bearer: TokenFactory
) -> None:
    customer = client.post(
        "/api/v1/customers", headers=bearer(make_staff(Role.REP)), json={"name": "Acme"}
    ).json()
    response = client.post(
        "/api/v1/deals",
        headers=bearer(make_staff(Role.SERVICE, team=None)),
        json={"customer_id": customer["id"], "title": "x", "amount": "1"},
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden.role"

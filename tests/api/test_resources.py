"""Each resource's happy path through HTTP, on both engines."""

from __future__ import annotations

from typing import Any

import pytest

from crm_core.staff.models import Role
from tests.api.conftest import ApiClient, TokenFactory
from tests.conftest import StaffFactory


@pytest.fixture
def rep_headers(make_staff: StaffFactory, bearer: TokenFactory) -> dict[str, str]:
    return bearer(make_staff(Role.REP, team="East"))


@pytest.fixture
def admin_headers(make_staff: StaffFactory, bearer: TokenFactory) -> dict[str, str]:
    return bearer(make_staff(Role.ADMIN, team=None))


def created(response: Any) -> dict[str, Any]:
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def ok(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_customers_create_search_filter_sort_page_update(
    client: ApiClient, rep_headers: dict[str, str]
) -> None:
    h = rep_headers
    lanwan = created(
        client.post(
            "/api/v1/customers",
            headers=h,
            json={"name": "厦门蓝湾医疗科技有限公司", "aliases": ["蓝湾"], "phone": "0592-5550101"},
        )
    )
    assert lanwan["aliases"] == ["蓝湾"] and lanwan["owner_id"] is not None
    created(client.post("/api/v1/customers", headers=h, json={"name": "Pemberton Foods"}))
    created(
        client.post(
            "/api/v1/customers", headers=h, json={"name": "Acme Robotics", "status": "dormant"}
        )
    )
    assert ok(client.get(f"/api/v1/customers/{lanwan['id']}", headers=h))["name"].startswith("厦门")
    by_alias = ok(client.get("/api/v1/customers", headers=h, params={"q": "蓝湾"}))
    assert [c["id"] for c in by_alias["items"]] == [lanwan["id"]]
    by_phone = ok(client.get("/api/v1/customers", headers=h, params={"q": "5550101"}))
    assert by_phone["total"] == 1
    dormant = ok(client.get("/api/v1/customers", headers=h, params={"status": "dormant"}))
    assert [c["name"] for c in dormant["items"]] == ["Acme Robotics"]
    page = ok(
        client.get(
            "/api/v1/customers", headers=h, params={"sort": "-name", "limit": 2, "offset": 1}
        )
    )
    assert page["total"] == 3 and page["limit"] == 2 and page["offset"] == 1
    assert [c["name"] for c in page["items"]] == ["Pemberton Foods", "Acme Robotics"]
    updated = ok(
        client.patch(
            f"/api/v1/customers/{lanwan['id']}",
            headers=h,
            json={"tier": "A", "aliases": ["蓝湾", "Lanwan"]},
        )
    )
    assert updated["tier"] == "A" and updated["aliases"] == ["蓝湾", "Lanwan"]


def test_duplicate_customer_is_409_unless_forced(
    client: ApiClient, rep_headers: dict[str, str]
) -> None:
    first = created(
        client.post("/api/v1/customers", headers=rep_headers, json={"name": "Pemberton Foods"})
    )
    response = client.post(
        "/api/v1/customers", headers=rep_headers, json={"name": "PEMBERTON foods"}
    )
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "customer.duplicate"
    assert error["params"] == {"match_id": first["id"], "match_name": "Pemberton Foods"}
    forced = client.post(
        "/api/v1/customers",
        headers=rep_headers,
        params={"force": "true"},
        json={"name": "Pemberton Foods"},
    )
    assert forced.status_code == 201


def test_contacts(client: ApiClient, rep_headers: dict[str, str]) -> None:
    h = rep_headers
    customer = created(client.post("/api/v1/customers", headers=h, json={"name": "Pemberton"}))
    contact = created(
        client.post(
            f"/api/v1/customers/{customer['id']}/contacts",
            headers=h,
            json={"name": "Priya Shah", "title": "Buyer"},
        )
    )
    listed = client.get(f"/api/v1/customers/{customer['id']}/contacts", headers=h).json()
    assert [c["name"] for c in listed] == ["Priya Shah"]
    edited = ok(
        client.patch(
            f"/api/v1/contacts/{contact['id']}",
            headers=h,
            json={"title": None, "phone": "+44 20 7946 0000"},
        )
    )
    assert edited["title"] is None and edited["phone"] == "+44 20 7946 0000"
    assert ok(client.get(f"/api/v1/contacts/{contact['id']}", headers=h))["name"] == "Priya Shah"
    refused = client.patch(f"/api/v1/contacts/{contact['id']}", headers=h, json={"name": None})
    assert refused.status_code == 422


def test_interactions_and_followups(client: ApiClient, rep_headers: dict[str, str]) -> None:
    h = rep_headers
    customer = created(client.post("/api/v1/customers", headers=h, json={"name": "Pemberton"}))
    interaction = created(
        client.post(
            "/api/v1/interactions",
            headers=h,
            json={
                "customer_id": customer["id"],
                "kind": "visit",
                "summary": "Quote for 200 seats",
                "occurred_at": "2026-11-25T15:00:00+08:00",
            },
        )
    )
    assert interaction["occurred_at"] == "2026-11-25T07:00:00Z"
    listed = ok(
        client.get("/api/v1/interactions", headers=h, params={"customer_id": customer["id"]})
    )
    assert [i["id"] for i in listed["items"]] == [interaction["id"]]
    assert ok(client.get(f"/api/v1/interactions/{interaction['id']}", headers=h))["kind"] == "visit"

    followup = created(
        client.post(
            "/api/v1/followups",
            headers=h,
            json={"customer_id": customer["id"], "due_at": "2026-12-04T15:00:00+08:00"},
        )
    )
    assert followup["status"] == "open"
    assert ok(client.get("/api/v1/followups", headers=h, params={"status": "open"}))["total"] == 1
    done = ok(client.post(f"/api/v1/followups/{followup['id']}/complete", headers=h))
    assert done["status"] == "done" and done["completed_at"] is not None
    again = client.post(f"/api/v1/followups/{followup['id']}/cancel", headers=h)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "followup.not_open"


def test_tickets_move_through_their_status_machine(
    client: ApiClient, make_staff: StaffFactory, bearer: TokenFactory
) -> None:
    service = make_staff(Role.SERVICE, team=None)
    h = bearer(service)
    customer = created(
        client.post(
            "/api/v1/customers", headers=bearer(make_staff(Role.REP)), json={"name": "蓝湾医疗"}
        )
    )
    ticket = created(
        client.post(
            "/api/v1/tickets",
            headers=h,
            json={"customer_id": customer["id"], "title": "监护仪报错", "priority": "urgent"},
        )
    )
    number = ticket["number"]
    assert number.startswith("T-") and ticket["status"] == "new"
    path = f"/api/v1/tickets/{number}"
    assert ok(client.get(path.replace("T-", "t"), headers=h))["id"] == ticket["id"]
    moved = ok(client.post(f"{path}/transitions", headers=h, json={"status": "in_progress"}))
    assert moved["status"] == "in_progress"
    assert ok(client.put(f"{path}/priority", headers=h, json={"priority": "low"}))["priority"] == (
        "low"
    )
    assigned = ok(client.put(f"{path}/assignee", headers=h, json={"assignee_id": service.id}))
    assert assigned["assignee_id"] == service.id
    early = client.post(f"{path}/rating", headers=h, json={"satisfaction": 5})
    assert early.status_code == 409
    resolved = ok(client.post(f"{path}/transitions", headers=h, json={"status": "resolved"}))
    assert resolved["resolved_at"] is not None
    invalid = client.post(f"{path}/transitions", headers=h, json={"status": "in_progress"})
    assert invalid.status_code == 409
    assert invalid.json()["error"] == {
        "code": "ticket.invalid_transition",
        "message": f"Ticket {number} is resolved; it cannot become in_progress.",
        "params": {"number": number, "current": "resolved", "target": "in_progress"},
    }
    assert (
        ok(client.post(f"{path}/rating", headers=h, json={"satisfaction": 5}))["satisfaction"] == 5
    )
    listed = ok(client.get("/api/v1/tickets", headers=h, params={"status": "resolved"}))
    assert [t["number"] for t in listed["items"]] == [number]


def test_deals(client: ApiClient, rep_headers: dict[str, str]) -> None:
    h = rep_headers
    customer = created(client.post("/api/v1/customers", headers=h, json={"name": "Pemberton"}))
    deal = created(
        client.post(
            "/api/v1/deals",
            headers=h,
            json={
                "customer_id": customer["id"],
                "title": "200 seats",
                "amount": "35000.50",
                "currency": "usd",
                "stage": "won",
            },
        )
    )
    assert deal["amount"] == "35000.50" and deal["currency"] == "USD"
    assert deal["closed_on"] is not None
    assert ok(client.get("/api/v1/deals", headers=h, params={"stage": "won"}))["total"] == 1
    assert ok(client.get(f"/api/v1/deals/{deal['id']}", headers=h))["title"] == "200 seats"
    reopened = client.post(f"/api/v1/deals/{deal['id']}/stage", headers=h, json={"stage": "lead"})
    assert reopened.status_code == 409
    assert reopened.json()["error"]["code"] == "deal.closed"


def test_staff_and_teams_are_for_admins(
    client: ApiClient, admin_headers: dict[str, str], rep_headers: dict[str, str]
) -> None:
    h = admin_headers
    team = created(client.post("/api/v1/teams", headers=h, json={"name": "华南"}))
    assert client.post("/api/v1/teams", headers=h, json={"name": "华南"}).status_code == 409
    assert any(t["id"] == team["id"] for t in client.get("/api/v1/teams", headers=h).json())
    staff = created(
        client.post(
            "/api/v1/staff",
            headers=h,
            json={"email": "Li@Example.com", "name": "李娜", "role": "rep", "team": "华南"},
        )
    )
    assert staff["email"] == "li@example.com" and staff["team_id"] == team["id"]
    listed = ok(client.get("/api/v1/staff", headers=h, params={"team_id": team["id"]}))
    assert [s["id"] for s in listed["items"]] == [staff["id"]]
    off = ok(client.patch(f"/api/v1/staff/{staff['id']}", headers=h, json={"active": False}))
    assert off["active"] is False
    assert ok(client.get(f"/api/v1/staff/{staff['id']}", headers=h))["active"] is False
    me = ok(client.get("/api/v1/me", headers=h))
    lockout = client.patch(f"/api/v1/staff/{me['id']}", headers=h, json={"role": "rep"})
    assert lockout.status_code == 403
    assert lockout.json()["error"]["code"] == "staff.self_lockout"
    for path in ("/api/v1/staff", "/api/v1/teams", "/api/v1/audit"):
        refused = client.get(path, headers=rep_headers)
        assert refused.status_code == 403, path
        assert refused.json()["error"]["code"] == "forbidden.role"


def test_audit_log_shows_api_writes(
    client: ApiClient, admin_headers: dict[str, str], rep_headers: dict[str, str]
) -> None:
    customer = created(
        client.post("/api/v1/customers", headers=rep_headers, json={"name": "Pemberton"})
    )
    entries = ok(
        client.get(
            "/api/v1/audit",
            headers=admin_headers,
            params={"entity_type": "customers", "entity_id": customer["id"]},
        )
    )
    assert entries["total"] == 1
    entry = entries["items"][0]
    assert entry["action"] == "create" and entry["channel"] == "api"
    assert entry["after"]["name"] == "Pemberton"

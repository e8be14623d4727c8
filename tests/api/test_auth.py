"""Bearer tokens: only /healthz answers without one; unknown, revoked and deactivated fail."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_core.auth import service as auth_service
from crm_core.auth.models import ApiToken
from crm_core.context import Origin
from crm_core.errors import ForbiddenError
from crm_core.staff import service as staff_service
from crm_core.staff.models import Role, Staff
from tests.api.conftest import ApiClient, TokenFactory
from tests.conftest import NOW, StaffFactory


def test_health_needs_no_token(client: ApiClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_no_token_is_401_with_a_challenge(client: ApiClient) -> None:
    response = client.get("/api/v1/customers")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["error"]["code"] == "auth.missing_token"
    assert client.get("/metrics").status_code == 401


def test_unknown_token_is_401(client: ApiClient) -> None:
    for value in ("Bearer crm_nope", "Bearer " + "x" * 5000, "Basic dXNlcjpwYXNz"):
        response = client.get("/api/v1/me", headers={"Authorization": value})
        assert response.status_code == 401, value
        assert response.json()["error"]["code"] in {"auth.invalid_token", "auth.missing_token"}


def test_a_token_authenticates_its_staff_member_and_is_stored_hashed(
    client: ApiClient, session: Session, make_staff: StaffFactory, system: Staff
) -> None:
    rep = make_staff(Role.REP)
    issued = auth_service.issue_token(session=session, actor=system, staff=rep, origin=Origin())
    assert issued.token.startswith("crm_") and len(issued.token) > 40
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {issued.token}"})
    assert response.status_code == 200
    assert response.json()["email"] == rep.email
    row = session.scalars(select(ApiToken).where(ApiToken.staff_id == rep.id)).one()
    assert row.token_hash == hashlib.sha256(issued.token.encode()).hexdigest()
    assert row.prefix == issued.token[:12]
    assert row.last_used_at is not None


def test_revoked_token_is_401(
    client: ApiClient, session: Session, make_staff: StaffFactory, system: Staff
) -> None:
    rep = make_staff(Role.REP)
    issued = auth_service.issue_token(session=session, actor=system, staff=rep, origin=Origin())
    auth_service.revoke(
        session=session, actor=rep, token_id=issued.api_token.id, origin=Origin(at=NOW)
    )
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {issued.token}"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "auth.revoked_token"


def test_deactivated_staff_is_403(
    client: ApiClient,
    session: Session,
    make_staff: StaffFactory,
    bearer: TokenFactory,
    system: Staff,
) -> None:
    rep = make_staff(Role.REP)
    headers = bearer(rep)
    staff_service.set_active(
        session=session, actor=system, staff=rep, active=False, origin=Origin()
    )
    response = client.get("/api/v1/customers", headers=headers)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "staff.inactive"


def test_only_admins_and_the_holder_manage_tokens(
    session: Session, make_staff: StaffFactory
) -> None:
    rep, other = make_staff(Role.REP), make_staff(Role.REP)
    own = auth_service.issue_token(session=session, actor=rep, staff=rep, origin=Origin())
    assert auth_service.tokens_of(session=session, actor=rep, staff=rep) == [own.api_token]
    with pytest.raises(ForbiddenError):
        auth_service.issue_token(session=session, actor=other, staff=rep, origin=Origin())
    with pytest.raises(ForbiddenError):
        auth_service.revoke(
            session=session, actor=other, token_id=own.api_token.id, origin=Origin()
        )


def test_metrics_count_requests_by_route_template(
    client: ApiClient, make_staff: StaffFactory, bearer: TokenFactory
) -> None:
    headers = bearer(make_staff(Role.ADMIN, team=None))
    client.get("/api/v1/customers/12345", headers=headers)
    client.get("/no/such/page")
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert (
        'crm_api_requests_total{method="GET",route="/api/v1/customers/{customer_id}",status="404"}'
        in text
    )
    assert 'route="<unmatched>",status="404"' in text
    assert "crm_api_request_duration_seconds_bucket" in text

"""Bad input, refused with a clear 4xx in one shape, localised, never a 500 or a partial write."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm_core.customers.models import Customer
from crm_core.staff.models import Role
from tests.api.conftest import BODY_LIMIT, ApiClient, TokenFactory
from tests.conftest import StaffFactory


@pytest.fixture
def headers(make_staff: StaffFactory, bearer: TokenFactory) -> dict[str, str]:
    return bearer(make_staff(Role.REP))


def error_of(response: object, status: int) -> dict[str, object]:
    assert getattr(response, "status_code", None) == status, getattr(response, "text", "")
    body = response.json()  # type: ignore[attr-defined]
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "params"}
    error: dict[str, object] = body["error"]
    return error


@pytest.mark.parametrize(
    "body",
    [
        {"name": 12},
        {"name": ""},
        {"name": "ok", "aliases": "not a list"},
        {"name": "ok", "owner_id": "abc"},
        {"name": "ok", "owner_id": 2**40},
        {"name": "ok", "email": "not-an-email"},
        {"name": "ok", "unknown_field": 1},
        {},
        [],
    ],
)
def test_invalid_bodies_are_422(client: ApiClient, headers: dict[str, str], body: object) -> None:
    error = error_of(client.post("/api/v1/customers", headers=headers, json=body), 422)
    assert error["code"] == "invalid_input"


def test_validation_errors_list_the_fields(client: ApiClient, headers: dict[str, str]) -> None:
    response = client.post("/api/v1/customers", headers=headers, json={"name": "x", "bogus": 1})
    error = error_of(response, 422)
    assert error["params"] == {
        "detail": "body.bogus: Extra inputs are not permitted",
        "errors": [
            {
                "loc": ["body", "bogus"],
                "msg": "Extra inputs are not permitted",
                "type": "extra_forbidden",
            }
        ],
    }


def test_wrong_query_and_path_types_are_422(client: ApiClient, headers: dict[str, str]) -> None:
    for path in (
        "/api/v1/customers/abc",
        "/api/v1/customers/99999999999999999999",
        "/api/v1/customers?limit=0",
        "/api/v1/customers?limit=many",
        "/api/v1/customers?sort=password",
        "/api/v1/customers?stauts=open",
        "/api/v1/tickets/DROP%20TABLE",
        "/api/v1/interactions?occurred_from=yesterday",
    ):
        assert error_of(client.get(path, headers=headers), 422)["code"] == "invalid_input", path


def test_malformed_json_is_400(client: ApiClient, headers: dict[str, str]) -> None:
    response = client.post(
        "/api/v1/customers",
        headers={**headers, "Content-Type": "application/json"},
        content=b"\xff\xfe{",
    )
    assert error_of(response, 400)["code"] == "bad_request"


def test_huge_bodies_are_413_before_parsing(client: ApiClient, headers: dict[str, str]) -> None:
    huge = b'{"name": "' + b"x" * BODY_LIMIT + b'"}'
    declared = client.post(
        "/api/v1/customers", headers={**headers, "Content-Type": "application/json"}, content=huge
    )
    assert error_of(declared, 413)["params"] == {"status": 413, "limit": BODY_LIMIT}

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: sent chunked
        for start in range(0, len(huge), 4096):
            yield huge[start : start + 4096]

    streamed = client.post(
        "/api/v1/customers",
        headers={**headers, "Content-Type": "application/json"},
        content=chunks(),
    )
    assert error_of(streamed, 413)["code"] == "payload_too_large"


def test_unknown_routes_and_methods_answer_in_the_same_shape(
    client: ApiClient, headers: dict[str, str]
) -> None:
    assert error_of(client.get("/api/v1/nothing", headers=headers), 404)["code"] == "not_found"
    response = client.request("DELETE", "/api/v1/customers", headers=headers)
    assert error_of(response, 405)["code"] == "method_not_allowed"
    assert "GET" in response.headers["allow"]


def test_messages_follow_accept_language(client: ApiClient, headers: dict[str, str]) -> None:
    path = "/api/v1/customers/424"
    english = error_of(client.get(path, headers=headers), 404)
    chinese = error_of(
        client.get(path, headers={**headers, "Accept-Language": "zh-CN,en;q=0.5"}), 404
    )
    preferred = error_of(
        client.get(path, headers={**headers, "Accept-Language": "en;q=0.4, zh;q=0.9"}), 404
    )
    assert english["code"] == chinese["code"] == "customer.not_found"
    assert english["message"] == "No customer matches 424."
    assert chinese["message"] != english["message"] and "424" in str(chinese["message"])
    assert preferred["message"] == chinese["message"]
    fallback = error_of(client.get(path, headers={**headers, "Accept-Language": "fr"}), 404)
    assert fallback["message"] == english["message"]


def test_a_refused_write_leaves_nothing_behind(
    client: ApiClient, headers: dict[str, str], session: Session
) -> None:
    """The customer row is flushed before its aliases; when an alias is refused by the database
    (a NUL character on PostgreSQL) the whole request rolls back."""
    before = session.scalar(select(func.count()).select_from(Customer))
    response = client.post(
        "/api/v1/customers", headers=headers, json={"name": "Half Written", "aliases": ["a\x00b"]}
    )
    assert response.status_code in {201, 422}  # SQLite stores NUL; PostgreSQL refuses it
    after = session.scalar(select(func.count()).select_from(Customer))
    if response.status_code == 422:
        assert response.json()["error"]["code"] == "invalid_input"
        assert after == before
    else:
        assert after == (before or 0) + 1
    assert client.get("/api/v1/me", headers=headers).status_code == 200


def test_unassigned_owner_and_another_teams_staff(
    client: ApiClient, headers: dict[str, str], make_staff: StaffFactory
) -> None:
    stranger = make_staff(Role.REP, team="West")
    response = client.post(
        "/api/v1/customers", headers=headers, json={"name": "Acme", "owner_id": stranger.id}
    )
    assert error_of(response, 403)["code"] == "customer.forbidden_owner"
    missing = client.post(
        "/api/v1/customers", headers=headers, json={"name": "Acme", "owner_id": 999_999}
    )
    assert error_of(missing, 404)["code"] == "staff.not_found"

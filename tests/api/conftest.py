"""The API on both engines: the app's session dependency is the test's rolled-back session, so
each request commits or rolls back a savepoint exactly as it would a real transaction."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from api.app import create_app
from api.deps import get_session
from api.settings import ApiSettings
from crm_core.auth import service as auth_service
from crm_core.context import Origin
from crm_core.staff.models import Staff
from tests.conftest import NOW

BODY_LIMIT = 64 * 1024

TokenFactory = Callable[[Staff], dict[str, str]]


@pytest.fixture
def app(engine: Engine, session: Session) -> FastAPI:
    application = create_app(settings=ApiSettings(api_max_body_bytes=BODY_LIMIT), engine=engine)

    def test_session() -> Iterator[Session]:
        # What the test set up counts as committed: a failing request undoes only its own work.
        session.commit()
        try:
            yield session
        except BaseException:
            session.rollback()
            raise
        else:
            session.commit()

    application.dependency_overrides[get_session] = test_session
    return application


class ApiClient:
    """A synchronous client over httpx's ASGI transport (Starlette's TestClient now warns
    about httpx, and the suite turns warnings into errors). One event loop per request."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        async def send() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app, raise_app_exceptions=False)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://testserver"
            ) as client:
                return await client.request(method, url, **kwargs)

        return asyncio.run(send())

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def patch(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("PATCH", url, **kwargs)

    def put(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("PUT", url, **kwargs)


@pytest.fixture
def client(app: FastAPI) -> ApiClient:
    return ApiClient(app)


@pytest.fixture
def bearer(session: Session, system: Staff) -> TokenFactory:
    """Authorization headers with a fresh token for `staff`."""

    def _headers(staff: Staff) -> dict[str, str]:
        issued = auth_service.issue_token(
            session=session, actor=system, staff=staff, origin=Origin(at=NOW)
        )
        return {"Authorization": f"Bearer {issued.token}"}

    return _headers

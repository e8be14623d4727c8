"""Request-scoped dependencies: the transaction, the authenticated staff member, the origin.

The session dependency is the API's transaction boundary (services never commit): commit when
the route returned, roll back when anything raised. It runs with `scope="function"`, so the
commit happens before the response is sent: a client never sees a success that did not stick.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session, sessionmaker

from crm_core.auth import service as auth_service
from crm_core.context import Origin
from crm_core.staff.models import Channel, Staff
from crm_core.timeutil import utcnow


def get_session(request: Request) -> Iterator[Session]:
    factory: sessionmaker[Session] = request.app.state.session_factory
    session = factory()
    try:
        yield session
    except BaseException:
        session.rollback()
        raise
    else:
        session.commit()
    finally:
        session.close()


SessionDep = Annotated[Session, Depends(get_session, scope="function")]

bearer_scheme = HTTPBearer(
    auto_error=False,
    scheme_name="ApiToken",
    description="A per-staff API token from `crm staff token EMAIL`, sent as `Bearer crm_...`.",
)


def current_staff(
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> Staff:
    """The active staff member the bearer token belongs to; 401/403 otherwise."""
    if credentials is None:
        raise auth_service.AuthenticationError("auth.missing_token")
    return auth_service.authenticate(session=session, token=credentials.credentials, now=utcnow())


ActorDep = Annotated[Staff, Depends(current_staff)]


def api_origin() -> Origin:
    """Each request is one change set, so an API write can be undone as a whole."""
    return Origin(channel=Channel.API)


OriginDep = Annotated[Origin, Depends(api_origin)]


def _declared_query_names(route: APIRoute) -> frozenset[str]:
    names: set[str] = set()
    pending = [route.dependant]
    while pending:
        dependant = pending.pop()
        names.update(param.alias for param in dependant.query_params)
        pending.extend(dependant.dependencies)
    return frozenset(names)


def reject_unknown_query_params(request: Request) -> None:
    """Unknown query parameters are refused like unknown body fields: a misspelt filter
    (`?stauts=open`) must not silently return everything."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    unknown = sorted(set(request.query_params) - _declared_query_names(route))
    if unknown:
        raise RequestValidationError(
            [
                {
                    "loc": ("query", name),
                    "msg": "Unknown query parameter",
                    "type": "extra_forbidden",
                }
                for name in unknown
            ]
        )

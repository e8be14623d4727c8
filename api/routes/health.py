"""Liveness without a token; Prometheus metrics with one."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from api.deps import ActorDep
from api.errors import COMMON_ERRORS, error_responses
from api.schemas.admin import HealthRead

router = APIRouter(tags=["operations"])


@router.get(
    "/healthz",
    summary="Health check",
    response_model=HealthRead,
    responses={503: {"model": HealthRead, "description": "The database does not answer."}},
)
def healthz(*, request: Request) -> HealthRead | JSONResponse:
    """Answers without a token: `ok` when the database answers a trivial query."""
    engine: Engine = request.app.state.engine
    try:
        with engine.connect() as connection:
            # A read needs no write lock on SQLite (the engine begins IMMEDIATE by default).
            connection.execution_options(sqlite_begin="DEFERRED").execute(text("SELECT 1"))
    except SQLAlchemyError:
        return JSONResponse(status_code=503, content={"status": "unavailable"})
    return HealthRead(status="ok")


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    response_class=Response,
    responses={
        200: {"content": {"text/plain": {"schema": {"type": "string"}}}},
        **error_responses(*COMMON_ERRORS),
    },
)
def metrics(*, request: Request, _actor: ActorDep) -> Response:
    """Request counts and latency by route template, in the Prometheus text format.

    Needs a token like every other route but /healthz; any active staff member's will do
    (the figures hold no customer data), so a scraper can use a dedicated low-privilege account.
    """
    registry: CollectorRegistry = request.app.state.metrics_registry
    return Response(content=generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

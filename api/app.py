"""The application factory. Nothing is built at import time: `create_app` takes its settings
and engine (or makes them), so tests and `crm serve` each get their own."""

from __future__ import annotations

from fastapi import Depends, FastAPI
from prometheus_client import CollectorRegistry
from sqlalchemy.engine import Engine

from api.deps import reject_unknown_query_params
from api.errors import install_error_handlers
from api.middleware import BodySizeLimitMiddleware, MetricsMiddleware
from api.routes import (
    audit,
    contacts,
    customers,
    deals,
    followups,
    health,
    interactions,
    loyalty,
    staff,
    tickets,
)
from api.settings import ApiSettings, get_api_settings
from crm_core.db import make_engine, make_session_factory

# Every router, in the order they appear in the OpenAPI document.
ROUTERS = tuple(
    module.router
    for module in (
        customers,
        contacts,
        interactions,
        followups,
        tickets,
        deals,
        loyalty,
        staff,
        audit,
        health,
    )
)

_DESCRIPTION = """
The conversational CRM's REST API.

* **Auth**: every route but `/healthz` needs `Authorization: Bearer <token>`, a per-staff token
  from `crm staff token EMAIL`. The same permission rules as the chat apply: reps see their own,
  their team's and unowned customers; managers their team's; service staff all customers and
  tickets; admins everything.
* **Errors** always look like `{"error": {"code", "message", "params"}}`; `message` follows
  `Accept-Language` (zh or en, English by default), `code` is stable.
* **Lists** page with `limit` (1-500, default 50) and `offset`, and return `total`; `sort` takes
  a field name, `-field` for descending, with the id as a tie-breaker.
"""


def create_app(settings: ApiSettings | None = None, engine: Engine | None = None) -> FastAPI:
    settings = settings or get_api_settings()
    engine = engine or make_engine(settings.database_url)
    app = FastAPI(
        dependencies=[Depends(reject_unknown_query_params)],
        title="CRM assistant API",
        version="1.0.0",
        description=_DESCRIPTION,
        openapi_tags=[
            {"name": "customers", "description": "Companies you sell to and serve."},
            {"name": "contacts", "description": "People at a customer."},
            {"name": "interactions", "description": "Visits, calls, meetings, messages, notes."},
            {"name": "follow-ups", "description": "Things to do for a customer by a time."},
            {"name": "tickets", "description": "Service tickets with an SLA clock."},
            {"name": "deals", "description": "The sales pipeline; won deals are revenue."},
            {
                "name": "loyalty",
                "description": "Loyalty summaries: RFM, purchase and spend models, health, 7P.",
            },
            {"name": "staff", "description": "Accounts and teams (administrators)."},
            {"name": "audit", "description": "Who changed what (administrators)."},
            {"name": "operations", "description": "Health and metrics."},
        ],
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = make_session_factory(engine)
    app.state.metrics_registry = CollectorRegistry()
    install_error_handlers(app)
    for router in ROUTERS:
        # Each router carries its full path (`/api/v1/...`), so a route's `path` is the
        # template the metrics label with.
        app.include_router(router)
    # Added last = outermost: metrics see every answer, the 413 guard included.
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.api_max_body_bytes)
    app.add_middleware(MetricsMiddleware, registry=app.state.metrics_registry)
    return app

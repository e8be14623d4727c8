"""Loyalty summaries: one customer's (RFM, models, health, 7P) and a portfolio's."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.deps import ActorDep, SessionDep
from api.errors import COMMON_ERRORS, error_responses
from api.routes import API_V1
from api.schemas.common import MAX_ID
from api.schemas.loyalty import CustomerLoyalty, ModelKind, Portfolio
from crm_core.loyalty import service as loyalty

router = APIRouter(
    prefix=f"{API_V1}/loyalty", tags=["loyalty"], responses=error_responses(*COMMON_ERRORS)
)

CustomerId = Annotated[int, Path(ge=1, le=MAX_ID, description="The customer's id.")]
AsOf = Annotated[
    date | None,
    Query(description="The figures as of this date (default: today in your time zone)."),
]
Model = Annotated[
    ModelKind,
    Query(
        description="Purchase model: `mbg_nbd` (default; one-time buyers can lapse) or `bg_nbd`."
    ),
]


@router.get(
    "/customers/{customer_id}",
    summary="A customer's loyalty summary",
    response_model=CustomerLoyalty,
    responses=error_responses(404),
)
def customer_loyalty(
    *,
    session: SessionDep,
    actor: ActorDep,
    customer_id: CustomerId,
    as_of: AsOf = None,
    model: Model = ModelKind.MBG_NBD,
) -> CustomerLoyalty:
    """RFM scores and segment (company-wide), P(alive), expected orders, expected order value
    and 12-month CLV (null, with the reason in `models`, when the company has too little data),
    last contact, overdue ratio, lifecycle, health with its weakest factors, the 7P brief and
    the suggested next action. Later deals and contacts than `as_of` are ignored."""
    return loyalty.customer_summary(
        session=session,
        actor=actor,
        customer_id=customer_id,
        as_of=as_of or loyalty.local_today(actor),
        model=model,
    )


@router.get(
    "/portfolio",
    summary="A portfolio's loyalty summary",
    response_model=Portfolio,
    responses=error_responses(404),
)
def portfolio(
    *,
    session: SessionDep,
    actor: ActorDep,
    owner: Annotated[
        str | None, Query(max_length=254, description="One owner: a staff id or e-mail.")
    ] = None,
    team: Annotated[
        str | None, Query(max_length=120, description="One team: a team id or name.")
    ] = None,
    as_of: AsOf = None,
    model: Model = ModelKind.MBG_NBD,
    limit: Annotated[int, Query(ge=1, le=500, description="At-risk customers per page.")] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
) -> Portfolio:
    """The customers you may see, narrowed to one owner's or one team's (reps and managers:
    themselves, a teammate, their team). Scores and models are fitted company-wide, then
    aggregated: segments, lifecycle, activity, retention, revenue and its concentration, the
    90-day forecast and CLV, the at-risk list (paged), customers not contacted, service load
    and health bands."""
    return loyalty.portfolio_summary(
        session=session,
        actor=actor,
        as_of=as_of or loyalty.local_today(actor),
        owner_id=loyalty.find_owner(session=session, key=owner).id if owner else None,
        team_id=loyalty.find_team(session=session, key=team).id if team else None,
        model=model,
        limit=limit,
        offset=offset,
    )

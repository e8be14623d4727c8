"""Deals: record, list, read; moving along the pipeline is an action."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.deps import ActorDep, OriginDep, SessionDep
from api.errors import COMMON_ERRORS, error_responses
from api.routes import API_V1
from api.schemas.activities import DealCreate, DealRead, DealSort, DealStageUpdate
from api.schemas.common import MAX_ID, Id, Page, page_of
from crm_core.deals import service as deal_service
from crm_core.deals.models import DealStage

router = APIRouter(
    prefix=f"{API_V1}/deals", tags=["deals"], responses=error_responses(*COMMON_ERRORS)
)

DealId = Annotated[int, Path(ge=1, le=MAX_ID, description="The deal's id.")]


@router.get("", summary="List deals", response_model=Page[DealRead])
def list_deals(
    *,
    session: SessionDep,
    actor: ActorDep,
    stage: DealStage | None = None,
    customer_id: Annotated[Id | None, Query()] = None,
    owner_id: Annotated[Id | None, Query()] = None,
    sort: DealSort = DealSort.CREATED_AT_DESC,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
) -> Page[DealRead]:
    """Deals of the customers you may see, newest first by default."""
    page = deal_service.list_page(
        session=session,
        actor=actor,
        stage=stage,
        customer_id=customer_id,
        owner_id=owner_id,
        sort=sort.value,
        limit=limit,
        offset=offset,
    )
    return page_of(page, DealRead)


@router.post(
    "",
    summary="Record a deal",
    status_code=201,
    response_model=DealRead,
    responses=error_responses(404),
)
def create_deal(
    *, session: SessionDep, actor: ActorDep, origin: OriginDep, body: DealCreate
) -> DealRead:
    """A deal recorded as won or lost is closed today (in your time zone) unless `closed_on`
    says otherwise."""
    deal = deal_service.record(session=session, actor=actor, data=body, origin=origin)
    return DealRead.model_validate(deal)


@router.get(
    "/{deal_id}", summary="Read a deal", response_model=DealRead, responses=error_responses(404)
)
def get_deal(*, session: SessionDep, actor: ActorDep, deal_id: DealId) -> DealRead:
    return DealRead.model_validate(deal_service.get(session=session, actor=actor, deal_id=deal_id))


@router.post(
    "/{deal_id}/stage",
    summary="Move a deal to another stage",
    response_model=DealRead,
    responses=error_responses(404, 409),
)
def move_deal(
    *,
    session: SessionDep,
    actor: ActorDep,
    origin: OriginDep,
    deal_id: DealId,
    body: DealStageUpdate,
) -> DealRead:
    """Won and lost are final (409 `deal.closed`)."""
    deal = deal_service.move_stage(
        session=session, actor=actor, deal_id=deal_id, stage=body.stage, origin=origin
    )
    return DealRead.model_validate(deal)

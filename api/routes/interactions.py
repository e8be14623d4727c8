"""Interactions: log a visit, call, meeting, message or note; list and read them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.deps import ActorDep, OriginDep, SessionDep
from api.errors import COMMON_ERRORS, error_responses
from api.routes import API_V1
from api.schemas.activities import InteractionCreate, InteractionRead, InteractionSort
from api.schemas.common import MAX_ID, Id, Page, UtcInstant, page_of
from crm_core.interactions import service as interaction_service
from crm_core.interactions.models import InteractionKind

router = APIRouter(
    prefix=f"{API_V1}/interactions",
    tags=["interactions"],
    responses=error_responses(*COMMON_ERRORS),
)


@router.get("", summary="List interactions", response_model=Page[InteractionRead])
def list_interactions(
    *,
    session: SessionDep,
    actor: ActorDep,
    customer_id: Annotated[Id | None, Query()] = None,
    kind: InteractionKind | None = None,
    author_id: Annotated[Id | None, Query()] = None,
    occurred_from: Annotated[UtcInstant | None, Query(description="Inclusive.")] = None,
    occurred_before: Annotated[UtcInstant | None, Query(description="Exclusive.")] = None,
    sort: InteractionSort = InteractionSort.OCCURRED_AT_DESC,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
) -> Page[InteractionRead]:
    """Interactions on the customers you may see, newest first by default."""
    page = interaction_service.list_page(
        session=session,
        actor=actor,
        customer_id=customer_id,
        kind=kind,
        author_id=author_id,
        occurred_from=occurred_from,
        occurred_before=occurred_before,
        sort=sort.value,
        limit=limit,
        offset=offset,
    )
    return page_of(page, InteractionRead)


@router.post(
    "",
    summary="Log an interaction",
    status_code=201,
    response_model=InteractionRead,
    responses=error_responses(404),
)
def create_interaction(
    *, session: SessionDep, actor: ActorDep, origin: OriginDep, body: InteractionCreate
) -> InteractionRead:
    """`occurred_at` defaults to now; a contact must belong to the customer."""
    interaction = interaction_service.log(session=session, actor=actor, data=body, origin=origin)
    return InteractionRead.model_validate(interaction)


@router.get(
    "/{interaction_id}",
    summary="Read an interaction",
    response_model=InteractionRead,
    responses=error_responses(404),
)
def get_interaction(
    *,
    session: SessionDep,
    actor: ActorDep,
    interaction_id: Annotated[int, Path(ge=1, le=MAX_ID)],
) -> InteractionRead:
    return InteractionRead.model_validate(
        interaction_service.get(session=session, actor=actor, interaction_id=interaction_id)
    )

"""Follow-ups: schedule, list, read; complete and cancel are actions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.deps import ActorDep, OriginDep, SessionDep
from api.errors import COMMON_ERRORS, error_responses
from api.routes import API_V1
from api.schemas.activities import FollowUpCreate, FollowUpRead, FollowUpSort
from api.schemas.common import MAX_ID, Id, Page, UtcInstant, page_of
from crm_core.followups import service as followup_service
from crm_core.followups.models import FollowUpStatus

router = APIRouter(
    prefix=f"{API_V1}/followups", tags=["follow-ups"], responses=error_responses(*COMMON_ERRORS)
)

FollowUpId = Annotated[int, Path(ge=1, le=MAX_ID, description="The follow-up's id.")]


@router.get("", summary="List follow-ups", response_model=Page[FollowUpRead])
def list_followups(
    *,
    session: SessionDep,
    actor: ActorDep,
    status: FollowUpStatus | None = None,
    customer_id: Annotated[Id | None, Query()] = None,
    assignee_id: Annotated[Id | None, Query()] = None,
    due_from: Annotated[UtcInstant | None, Query(description="Inclusive.")] = None,
    due_before: Annotated[UtcInstant | None, Query(description="Exclusive.")] = None,
    sort: FollowUpSort = FollowUpSort.DUE_AT,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
) -> Page[FollowUpRead]:
    """Follow-ups on the customers you may see, soonest due first by default."""
    page = followup_service.list_page(
        session=session,
        actor=actor,
        status=status,
        customer_id=customer_id,
        assignee_id=assignee_id,
        due_from=due_from,
        due_before=due_before,
        sort=sort.value,
        limit=limit,
        offset=offset,
    )
    return page_of(page, FollowUpRead)


@router.post(
    "",
    summary="Schedule a follow-up",
    status_code=201,
    response_model=FollowUpRead,
    responses=error_responses(404),
)
def create_followup(
    *, session: SessionDep, actor: ActorDep, origin: OriginDep, body: FollowUpCreate
) -> FollowUpRead:
    """Assigned to you unless `assignee_id` names someone you may assign work to."""
    followup = followup_service.schedule(session=session, actor=actor, data=body, origin=origin)
    return FollowUpRead.model_validate(followup)


@router.get(
    "/{followup_id}",
    summary="Read a follow-up",
    response_model=FollowUpRead,
    responses=error_responses(404),
)
def get_followup(*, session: SessionDep, actor: ActorDep, followup_id: FollowUpId) -> FollowUpRead:
    return FollowUpRead.model_validate(
        followup_service.get(session=session, actor=actor, followup_id=followup_id)
    )


@router.post(
    "/{followup_id}/complete",
    summary="Mark a follow-up done",
    response_model=FollowUpRead,
    responses=error_responses(404, 409),
)
def complete_followup(
    *, session: SessionDep, actor: ActorDep, origin: OriginDep, followup_id: FollowUpId
) -> FollowUpRead:
    """Only an open follow-up can be completed (409 `followup.not_open` otherwise)."""
    followup = followup_service.complete(
        session=session, actor=actor, followup_id=followup_id, origin=origin
    )
    return FollowUpRead.model_validate(followup)


@router.post(
    "/{followup_id}/cancel",
    summary="Cancel a follow-up",
    response_model=FollowUpRead,
    responses=error_responses(404, 409),
)
def cancel_followup(
    *, session: SessionDep, actor: ActorDep, origin: OriginDep, followup_id: FollowUpId
) -> FollowUpRead:
    """Only an open follow-up can be cancelled (409 `followup.not_open` otherwise)."""
    followup = followup_service.cancel(
        session=session, actor=actor, followup_id=followup_id, origin=origin
    )
    return FollowUpRead.model_validate(followup)

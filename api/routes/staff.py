"""Staff accounts and teams: administrators only (the services refuse everyone else)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.deps import ActorDep, OriginDep, SessionDep
from api.errors import COMMON_ERRORS, error_responses
from api.routes import API_V1
from api.schemas.admin import StaffCreate, StaffRead, StaffSort, StaffUpdate, TeamCreate, TeamRead
from api.schemas.common import MAX_ID, Id, Page, page_of
from crm_core.staff import service as staff_service
from crm_core.staff.models import Role

router = APIRouter(prefix=API_V1, tags=["staff"], responses=error_responses(*COMMON_ERRORS))

StaffId = Annotated[int, Path(ge=1, le=MAX_ID, description="The staff member's id.")]


@router.get("/me", summary="Who am I", response_model=StaffRead)
def read_me(*, actor: ActorDep) -> StaffRead:
    """The staff account the token belongs to (any role)."""
    return StaffRead.model_validate(actor)


@router.get("/staff", summary="List staff", response_model=Page[StaffRead])
def list_staff(
    *,
    session: SessionDep,
    actor: ActorDep,
    role: Role | None = None,
    team_id: Annotated[Id | None, Query()] = None,
    active: bool | None = None,
    sort: StaffSort = StaffSort.ID,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
) -> Page[StaffRead]:
    page = staff_service.list_page(
        session=session,
        actor=actor,
        role=role,
        team_id=team_id,
        active=active,
        sort=sort.value,
        limit=limit,
        offset=offset,
    )
    return page_of(page, StaffRead)


@router.post(
    "/staff",
    summary="Create a staff account",
    status_code=201,
    response_model=StaffRead,
    responses=error_responses(409),
)
def create_staff(
    *, session: SessionDep, actor: ActorDep, origin: OriginDep, body: StaffCreate
) -> StaffRead:
    """The team is created when it does not exist yet; a taken e-mail is 409."""
    staff = staff_service.add(session=session, actor=actor, data=body, origin=origin)
    return StaffRead.model_validate(staff)


@router.get(
    "/staff/{staff_id}",
    summary="Read a staff account",
    response_model=StaffRead,
    responses=error_responses(404),
)
def get_staff(*, session: SessionDep, actor: ActorDep, staff_id: StaffId) -> StaffRead:
    return StaffRead.model_validate(
        staff_service.get(session=session, actor=actor, staff_id=staff_id)
    )


@router.patch(
    "/staff/{staff_id}",
    summary="Update a staff account",
    response_model=StaffRead,
    responses=error_responses(404),
)
def update_staff(
    *,
    session: SessionDep,
    actor: ActorDep,
    origin: OriginDep,
    staff_id: StaffId,
    body: StaffUpdate,
) -> StaffRead:
    """`active: false` deactivates the account: its chats and API tokens stop working."""
    staff = staff_service.update(
        session=session, actor=actor, staff_id=staff_id, changes=body, origin=origin
    )
    return StaffRead.model_validate(staff)


@router.get("/teams", summary="List teams", response_model=list[TeamRead])
def list_teams(*, session: SessionDep, actor: ActorDep) -> list[TeamRead]:
    return [
        TeamRead.model_validate(team)
        for team in staff_service.list_teams(session=session, actor=actor)
    ]


@router.post(
    "/teams",
    summary="Create a team",
    status_code=201,
    response_model=TeamRead,
    responses=error_responses(409),
)
def create_team(
    *, session: SessionDep, actor: ActorDep, origin: OriginDep, body: TeamCreate
) -> TeamRead:
    team = staff_service.create_team(session=session, actor=actor, name=body.name, origin=origin)
    return TeamRead.model_validate(team)

"""The audit log, read-only, for administrators."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import ActorDep, SessionDep
from api.errors import COMMON_ERRORS, error_responses
from api.routes import API_V1
from api.schemas.admin import AuditEntryRead, AuditSort
from api.schemas.common import MAX_ID, Page, page_of
from crm_core.audit import service as audit_service

router = APIRouter(
    prefix=f"{API_V1}/audit", tags=["audit"], responses=error_responses(*COMMON_ERRORS)
)


@router.get("", summary="Read the audit log", response_model=Page[AuditEntryRead])
def list_audit_entries(
    *,
    session: SessionDep,
    actor: ActorDep,
    entity_type: Annotated[str | None, Query(max_length=40, examples=["customers"])] = None,
    entity_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    actor_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    change_set: Annotated[str | None, Query(max_length=32)] = None,
    sort: AuditSort = AuditSort.ID_DESC,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
) -> Page[AuditEntryRead]:
    """Every write with who, when, channel and source message, newest first by default."""
    page = audit_service.list_page(
        session=session,
        actor=actor,
        entity_type=entity_type,
        entity_id=entity_id,
        actor_id=actor_id,
        change_set=change_set,
        sort=sort.value,
        limit=limit,
        offset=offset,
    )
    return page_of(page, AuditEntryRead)

"""Contacts by id (listing and creating them happens under their customer)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from api.deps import ActorDep, OriginDep, SessionDep
from api.errors import COMMON_ERRORS, error_responses
from api.routes import API_V1
from api.schemas.common import MAX_ID
from api.schemas.customers import ContactRead, ContactUpdate
from crm_core.customers import service as customer_service

router = APIRouter(
    prefix=f"{API_V1}/contacts", tags=["contacts"], responses=error_responses(*COMMON_ERRORS)
)

ContactId = Annotated[int, Path(ge=1, le=MAX_ID, description="The contact's id.")]


@router.get(
    "/{contact_id}",
    summary="Read a contact",
    response_model=ContactRead,
    responses=error_responses(404),
)
def get_contact(*, session: SessionDep, actor: ActorDep, contact_id: ContactId) -> ContactRead:
    return ContactRead.model_validate(
        customer_service.get_contact(session=session, actor=actor, contact_id=contact_id)
    )


@router.patch(
    "/{contact_id}",
    summary="Update a contact",
    response_model=ContactRead,
    responses=error_responses(404),
)
def update_contact(
    *,
    session: SessionDep,
    actor: ActorDep,
    origin: OriginDep,
    contact_id: ContactId,
    body: ContactUpdate,
) -> ContactRead:
    """Only the fields sent change; null clears an optional field."""
    contact = customer_service.update_contact(
        session=session, actor=actor, contact_id=contact_id, changes=body, origin=origin
    )
    return ContactRead.model_validate(contact)

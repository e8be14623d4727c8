"""Customers: search, create (duplicates refused), read, update; their contacts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.deps import ActorDep, OriginDep, SessionDep
from api.errors import COMMON_ERRORS, error_responses
from api.routes import API_V1
from api.schemas.common import MAX_ID, Id, Page
from api.schemas.customers import (
    ContactCreate,
    ContactRead,
    CustomerCreate,
    CustomerRead,
    CustomerSort,
    CustomerUpdate,
)
from crm_core.customers import service as customer_service
from crm_core.customers.models import CustomerStatus

router = APIRouter(
    prefix=f"{API_V1}/customers", tags=["customers"], responses=error_responses(*COMMON_ERRORS)
)

CustomerId = Annotated[int, Path(ge=1, le=MAX_ID, description="The customer's id.")]
Force = Annotated[
    bool, Query(description="Accept a name that duplicates another customer (a true homonym).")
]


@router.get("", summary="List and search customers", response_model=Page[CustomerRead])
def list_customers(
    *,
    session: SessionDep,
    actor: ActorDep,
    q: Annotated[
        str | None, Query(max_length=200, description="Part of a name, an alias or a phone.")
    ] = None,
    status: CustomerStatus | None = None,
    owner_id: Annotated[Id | None, Query()] = None,
    industry: Annotated[str | None, Query(max_length=100)] = None,
    region: Annotated[str | None, Query(max_length=100)] = None,
    tier: Annotated[str | None, Query(max_length=20)] = None,
    sort: CustomerSort = CustomerSort.ID,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
) -> Page[CustomerRead]:
    """Customers you may see: admins and service staff all; reps and managers their own,
    their team's and unowned ones. Offset pagination; `total` counts every match."""
    page = customer_service.list_page(
        session=session,
        actor=actor,
        query=q,
        status=status,
        owner_id=owner_id,
        industry=industry,
        region=region,
        tier=tier,
        sort=sort.value,
        limit=limit,
        offset=offset,
    )
    return Page[CustomerRead](
        items=[CustomerRead.from_model(customer) for customer in page.items],
        total=page.total,
        limit=page.limit,
        offset=page.offset,
    )


@router.post(
    "",
    summary="Create a customer",
    status_code=201,
    response_model=CustomerRead,
    responses=error_responses(404, 409),
)
def create_customer(
    *,
    session: SessionDep,
    actor: ActorDep,
    origin: OriginDep,
    body: CustomerCreate,
    force: Force = False,
) -> CustomerRead:
    """A name or alias that normalises like an existing customer's is refused with 409
    `customer.duplicate` (the match is in `params`), unless `force=true`."""
    customer = customer_service.create(
        session=session, actor=actor, data=body, origin=origin, force=force
    )
    return CustomerRead.from_model(customer)


@router.get(
    "/{customer_id}",
    summary="Read a customer",
    response_model=CustomerRead,
    responses=error_responses(404),
)
def get_customer(*, session: SessionDep, actor: ActorDep, customer_id: CustomerId) -> CustomerRead:
    return CustomerRead.from_model(
        customer_service.get(session=session, actor=actor, customer_id=customer_id)
    )


@router.patch(
    "/{customer_id}",
    summary="Update a customer",
    response_model=CustomerRead,
    responses=error_responses(404, 409),
)
def update_customer(
    *,
    session: SessionDep,
    actor: ActorDep,
    origin: OriginDep,
    customer_id: CustomerId,
    body: CustomerUpdate,
    force: Force = False,
) -> CustomerRead:
    """Only the fields sent change; `aliases` replaces the whole list."""
    customer = customer_service.update(
        session=session,
        actor=actor,
        customer_id=customer_id,
        changes=body,
        origin=origin,
        force=force,
    )
    return CustomerRead.from_model(customer)


@router.get(
    "/{customer_id}/contacts",
    summary="List a customer's contacts",
    response_model=list[ContactRead],
    responses=error_responses(404),
)
def list_contacts(
    *, session: SessionDep, actor: ActorDep, customer_id: CustomerId
) -> list[ContactRead]:
    contacts = customer_service.contacts(session=session, actor=actor, customer_id=customer_id)
    return [ContactRead.model_validate(contact) for contact in contacts]


@router.post(
    "/{customer_id}/contacts",
    summary="Add a contact to a customer",
    status_code=201,
    response_model=ContactRead,
    responses=error_responses(404),
)
def create_contact(
    *,
    session: SessionDep,
    actor: ActorDep,
    origin: OriginDep,
    customer_id: CustomerId,
    body: ContactCreate,
) -> ContactRead:
    contact = customer_service.add_contact(
        session=session, actor=actor, customer_id=customer_id, data=body, origin=origin
    )
    return ContactRead.model_validate(contact)

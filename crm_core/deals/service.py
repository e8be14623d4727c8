"""Deals: record them, move them through the pipeline. Closing as won or lost stamps the date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_core import permissions
from crm_core.audit import service as audit
from crm_core.context import Origin
from crm_core.customers import service as customers
from crm_core.customers.models import Customer
from crm_core.deals.models import CLOSED_STAGES, Deal, DealStage
from crm_core.errors import ForbiddenError, InvalidTransitionError, NotFoundError
from crm_core.listing import Page, paginate
from crm_core.staff.models import Role, Staff
from crm_core.timeutil import zone


class DealCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    customer_id: int
    title: str = Field(min_length=1, max_length=200)
    amount: Decimal = Field(ge=0, max_digits=16, decimal_places=2)
    currency: str = Field(default="CNY", pattern=r"^[A-Z]{3}$")
    stage: DealStage = DealStage.LEAD
    product: str | None = Field(default=None, max_length=200)
    expected_close_on: date | None = None
    closed_on: date | None = None

    @field_validator("currency", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value


def record(*, session: Session, actor: Staff, data: DealCreate, origin: Origin) -> Deal:
    permissions.require_role(actor, permissions.SALES_ROLES, "deal.create")
    customer = customers.get(session=session, actor=actor, customer_id=data.customer_id)
    closed_on = data.closed_on
    if data.stage in CLOSED_STAGES and closed_on is None:
        closed_on = _local_date(actor, origin)
    deal = Deal(
        title=data.title,
        amount=data.amount,
        currency=data.currency,
        stage=data.stage,
        product=data.product,
        expected_close_on=data.expected_close_on,
        closed_on=closed_on if data.stage in CLOSED_STAGES else None,
        customer_id=customer.id,
        owner_id=actor.id,
        created_at=origin.at,
        updated_at=origin.at,
    )
    audit.add_created(session=session, actor=actor, origin=origin, entity=deal)
    return deal


def move_stage(
    *, session: Session, actor: Staff, deal_id: int, stage: DealStage, origin: Origin
) -> Deal:
    """Move a deal along the pipeline; a closed deal (won or lost) stays closed."""
    permissions.require_role(actor, permissions.SALES_ROLES, "deal.update")
    deal = session.get(Deal, deal_id)
    if deal is None:
        raise NotFoundError("deal.not_found", deal_id=deal_id)
    customers.get(session=session, actor=actor, customer_id=deal.customer_id)
    if deal.owner_id != actor.id and actor.role is Role.REP:
        raise ForbiddenError("deal.forbidden", deal_id=deal_id)
    if deal.stage in CLOSED_STAGES and stage != deal.stage:
        raise InvalidTransitionError(
            "deal.closed", deal_id=deal_id, current=deal.stage.value, target=stage.value
        )
    with audit.tracking_update(session=session, actor=actor, origin=origin, entity=deal):
        deal.stage = stage
        if stage in CLOSED_STAGES and deal.closed_on is None:
            deal.closed_on = _local_date(actor, origin)
        deal.updated_at = origin.at
    return deal


def for_customer(*, session: Session, actor: Staff, customer_id: int) -> list[Deal]:
    customer = customers.get(session=session, actor=actor, customer_id=customer_id)
    return list(
        session.scalars(
            select(Deal).where(Deal.customer_id == customer.id).order_by(Deal.created_at.desc())
        )
    )


def _local_date(actor: Staff, origin: Origin) -> date:
    """The closing day as the rep sees it, in their time zone."""
    return origin.at.astimezone(zone(actor.timezone)).date()


# --- read side for the API ---------------------------------------------------------------------

DEAL_SORTS = {
    "id": Deal.id,
    "amount": Deal.amount,
    "created_at": Deal.created_at,
    "closed_on": Deal.closed_on,
}


def list_page(
    *,
    session: Session,
    actor: Staff,
    stage: DealStage | None = None,
    customer_id: int | None = None,
    owner_id: int | None = None,
    sort: str = "-created_at",
    limit: int = 50,
    offset: int = 0,
) -> Page[Deal]:
    """Deals of customers the actor may see, filtered in SQL, sorted and paged."""
    permissions.require_active(actor)
    statement = (
        select(Deal)
        .join(Customer, Customer.id == Deal.customer_id)
        .where(permissions.visible_customers(actor))
    )
    if stage is not None:
        statement = statement.where(Deal.stage == stage)
    if customer_id is not None:
        statement = statement.where(Deal.customer_id == customer_id)
    if owner_id is not None:
        statement = statement.where(Deal.owner_id == owner_id)
    return paginate(
        session=session,
        statement=statement,
        sort=sort,
        allowed=DEAL_SORTS,
        tiebreak=Deal.id,
        limit=limit,
        offset=offset,
    )


def get(*, session: Session, actor: Staff, deal_id: int) -> Deal:
    """A deal of a customer the actor may see."""
    permissions.require_active(actor)
    deal = session.get(Deal, deal_id)
    if deal is None:
        raise NotFoundError("deal.not_found", deal_id=deal_id)
    customers.get(session=session, actor=actor, customer_id=deal.customer_id)
    return deal

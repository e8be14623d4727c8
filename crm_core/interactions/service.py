"""Logging what happened with a customer."""

from __future__ import annotations

from datetime import datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_core import permissions
from crm_core.audit import service as audit
from crm_core.context import Origin
from crm_core.customers import service as customers
from crm_core.customers.models import Contact, Customer
from crm_core.errors import InvalidInputError, NotFoundError
from crm_core.interactions.models import Interaction, InteractionKind
from crm_core.listing import Page, paginate
from crm_core.staff.models import Staff


class InteractionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    customer_id: int
    kind: InteractionKind
    occurred_at: AwareDatetime | None = None
    summary: str = Field(min_length=1, max_length=10_000)
    outcome: str | None = Field(default=None, max_length=10_000)
    contact_id: int | None = None
    original_text: str | None = Field(default=None, max_length=20_000)
    voice_ref: str | None = Field(default=None, max_length=256)


def log(*, session: Session, actor: Staff, data: InteractionCreate, origin: Origin) -> Interaction:
    """Record an interaction on a customer the actor may see (default time: when it was said)."""
    customer = customers.get(session=session, actor=actor, customer_id=data.customer_id)
    if data.contact_id is not None:
        contact = session.get(Contact, data.contact_id)
        if contact is None or contact.customer_id != customer.id:
            raise InvalidInputError("interaction.contact_mismatch", contact_id=data.contact_id)
    interaction = Interaction(
        kind=data.kind,
        occurred_at=data.occurred_at or origin.at,
        summary=data.summary,
        outcome=data.outcome,
        author_id=actor.id,
        customer_id=customer.id,
        contact_id=data.contact_id,
        source_channel=str(origin.channel),
        source_message_id=origin.message_id,
        original_text=data.original_text,
        voice_ref=data.voice_ref,
        created_at=origin.at,
    )
    audit.add_created(session=session, actor=actor, origin=origin, entity=interaction)
    return interaction


def recent(
    *,
    session: Session,
    actor: Staff,
    customer_id: int,
    limit: int = 10,
    before: datetime | None = None,
) -> list[Interaction]:
    customer = customers.get(session=session, actor=actor, customer_id=customer_id)
    query = select(Interaction).where(Interaction.customer_id == customer.id)
    if before is not None:
        query = query.where(Interaction.occurred_at < before)
    return list(
        session.scalars(
            query.order_by(Interaction.occurred_at.desc(), Interaction.id.desc()).limit(limit)
        )
    )


# --- read side for the API ---------------------------------------------------------------------

INTERACTION_SORTS = {
    "id": Interaction.id,
    "occurred_at": Interaction.occurred_at,
    "created_at": Interaction.created_at,
}


def list_page(
    *,
    session: Session,
    actor: Staff,
    customer_id: int | None = None,
    kind: InteractionKind | None = None,
    author_id: int | None = None,
    occurred_from: datetime | None = None,
    occurred_before: datetime | None = None,
    sort: str = "-occurred_at",
    limit: int = 50,
    offset: int = 0,
) -> Page[Interaction]:
    """Interactions on customers the actor may see, filtered in SQL, sorted and paged."""
    permissions.require_active(actor)
    statement = (
        select(Interaction)
        .join(Customer, Customer.id == Interaction.customer_id)
        .where(permissions.visible_customers(actor))
    )
    if customer_id is not None:
        statement = statement.where(Interaction.customer_id == customer_id)
    if kind is not None:
        statement = statement.where(Interaction.kind == kind)
    if author_id is not None:
        statement = statement.where(Interaction.author_id == author_id)
    if occurred_from is not None:
        statement = statement.where(Interaction.occurred_at >= occurred_from)
    if occurred_before is not None:
        statement = statement.where(Interaction.occurred_at < occurred_before)
    return paginate(
        session=session,
        statement=statement,
        sort=sort,
        allowed=INTERACTION_SORTS,
        tiebreak=Interaction.id,
        limit=limit,
        offset=offset,
    )


def get(*, session: Session, actor: Staff, interaction_id: int) -> Interaction:
    """An interaction on a customer the actor may see."""
    permissions.require_active(actor)
    interaction = session.get(Interaction, interaction_id)
    if interaction is None:
        raise NotFoundError("interaction.not_found", interaction_id=interaction_id)
    customers.get(session=session, actor=actor, customer_id=interaction.customer_id)
    return interaction

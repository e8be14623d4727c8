"""Interactions, follow-ups, tickets and deals."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.common import Id, ReadModel, UtcInstant
from crm_core.deals import service as deal_service
from crm_core.deals.models import DealStage
from crm_core.followups import service as followup_service
from crm_core.followups.models import FollowUpStatus
from crm_core.interactions import service as interaction_service
from crm_core.interactions.models import InteractionKind
from crm_core.tickets import service as ticket_service
from crm_core.tickets.models import Priority, TicketStatus

_STRICT = ConfigDict(extra="forbid")


class InteractionCreate(interaction_service.InteractionCreate):
    customer_id: Id
    contact_id: Id | None = None
    occurred_at: UtcInstant | None = None


class InteractionSort(StrEnum):
    OCCURRED_AT = "occurred_at"
    OCCURRED_AT_DESC = "-occurred_at"
    CREATED_AT = "created_at"
    CREATED_AT_DESC = "-created_at"
    ID = "id"
    ID_DESC = "-id"


class InteractionRead(ReadModel):
    id: int
    kind: InteractionKind
    occurred_at: datetime
    summary: str
    outcome: str | None
    author_id: int
    customer_id: int
    contact_id: int | None
    source_channel: str | None
    original_text: str | None
    voice_ref: str | None
    created_at: datetime


class FollowUpCreate(followup_service.FollowUpCreate):
    customer_id: Id
    due_at: UtcInstant
    assignee_id: Id | None = None


class FollowUpSort(StrEnum):
    DUE_AT = "due_at"
    DUE_AT_DESC = "-due_at"
    CREATED_AT = "created_at"
    CREATED_AT_DESC = "-created_at"
    ID = "id"
    ID_DESC = "-id"


class FollowUpRead(ReadModel):
    id: int
    due_at: datetime
    status: FollowUpStatus
    customer_id: int
    assignee_id: int
    note: str | None
    completed_at: datetime | None
    created_at: datetime


class TicketCreate(ticket_service.TicketCreate):
    customer_id: Id
    assignee_id: Id | None = None


class TicketTransitionCreate(BaseModel):
    """Move the ticket to `status`; only the moves of the status machine are allowed."""

    model_config = _STRICT
    status: TicketStatus


class TicketPriorityUpdate(BaseModel):
    model_config = _STRICT
    priority: Priority


class TicketAssigneeUpdate(BaseModel):
    model_config = _STRICT
    assignee_id: Id


class TicketRatingCreate(BaseModel):
    model_config = _STRICT
    satisfaction: int = Field(ge=1, le=5, description="Customer satisfaction, 1 to 5.")


class TicketSort(StrEnum):
    SLA_DUE_AT = "sla_due_at"
    SLA_DUE_AT_DESC = "-sla_due_at"
    OPENED_AT = "opened_at"
    OPENED_AT_DESC = "-opened_at"
    UPDATED_AT = "updated_at"
    UPDATED_AT_DESC = "-updated_at"
    ID = "id"
    ID_DESC = "-id"


class TicketRead(ReadModel):
    id: int
    number: str
    title: str
    description: str | None
    priority: Priority
    status: TicketStatus
    opened_at: datetime
    sla_due_at: datetime
    resolved_at: datetime | None
    closed_at: datetime | None
    assignee_id: int | None
    reporter_id: int
    customer_id: int
    satisfaction: int | None
    updated_at: datetime


class DealCreate(deal_service.DealCreate):
    customer_id: Id


class DealStageUpdate(BaseModel):
    """Move the deal along the pipeline; won and lost are final."""

    model_config = _STRICT
    stage: DealStage


class DealSort(StrEnum):
    CREATED_AT = "created_at"
    CREATED_AT_DESC = "-created_at"
    AMOUNT = "amount"
    AMOUNT_DESC = "-amount"
    CLOSED_ON = "closed_on"
    CLOSED_ON_DESC = "-closed_on"
    ID = "id"
    ID_DESC = "-id"


class DealRead(ReadModel):
    id: int
    title: str
    amount: Decimal = Field(description="Exact amount with two decimals, as a string.")
    currency: str
    stage: DealStage
    product: str | None
    expected_close_on: date | None
    closed_on: date | None
    customer_id: int
    owner_id: int
    created_at: datetime
    updated_at: datetime

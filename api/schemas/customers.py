"""Customers and their contacts."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator
from pydantic.json_schema import SkipJsonSchema

from api.schemas.common import Id, ReadModel
from crm_core.customers import schemas as core
from crm_core.customers import service as customer_service
from crm_core.customers.models import Customer, CustomerStatus


class CustomerCreate(core.CustomerCreate):
    owner_id: Id | None = None


class CustomerUpdate(core.CustomerUpdate):
    """Only the fields sent change. `name`, `aliases` and `status` may be left out but not
    sent as null (the schema says so: they are not nullable); `owner_id: null` unassigns."""

    name: Annotated[str, Field(min_length=1, max_length=200)] | SkipJsonSchema[None] = None
    aliases: Annotated[list[str], Field(max_length=50)] | SkipJsonSchema[None] = None
    status: CustomerStatus | SkipJsonSchema[None] = None
    owner_id: Id | None = None

    @model_validator(mode="after")
    def _no_null_for_required_columns(self) -> CustomerUpdate:
        for name in ("name", "aliases", "status"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null")
        return self


class CustomerSort(StrEnum):
    ID = "id"
    ID_DESC = "-id"
    NAME = "name"
    NAME_DESC = "-name"
    CREATED_AT = "created_at"
    CREATED_AT_DESC = "-created_at"
    UPDATED_AT = "updated_at"
    UPDATED_AT_DESC = "-updated_at"


class CustomerRead(ReadModel):
    id: int
    name: str
    aliases: list[str]
    industry: str | None
    region: str | None
    tier: str | None
    status: CustomerStatus
    owner_id: int | None
    phone: str | None
    email: str | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_model(cls, customer: Customer) -> CustomerRead:
        return cls(
            id=customer.id,
            name=customer.name,
            aliases=customer.alias_names,
            industry=customer.industry,
            region=customer.region,
            tier=customer.tier,
            status=customer.status,
            owner_id=customer.owner_id,
            phone=customer.phone,
            email=customer.email,
            created_at=customer.created_at,
            updated_at=customer.updated_at,
        )


ContactCreate = core.ContactCreate
ContactUpdate = customer_service.ContactUpdate


class ContactRead(ReadModel):
    id: int
    customer_id: int
    name: str
    title: str | None
    phone: str | None
    email: str | None
    wechat_id: str | None
    notes: str | None
    created_at: datetime

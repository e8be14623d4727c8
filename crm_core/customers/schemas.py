"""Validated inputs for customers and contacts (shared by the CLI, the importer and the API)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator

from crm_core.customers.models import CustomerStatus

_NAME = Field(min_length=1, max_length=200)


def _clean_aliases(values: list[str]) -> list[str]:
    seen: set[str] = set()
    cleaned: list[str] = []
    for value in values:
        alias = value.strip()
        if alias and alias not in seen:
            seen.add(alias)
            cleaned.append(alias)
    return cleaned


class CustomerCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = _NAME
    aliases: list[str] = Field(default_factory=list, max_length=50)
    industry: str | None = Field(default=None, max_length=100)
    region: str | None = Field(default=None, max_length=100)
    tier: str | None = Field(default=None, max_length=20)
    status: CustomerStatus = CustomerStatus.ACTIVE
    owner_id: int | None = None
    phone: str | None = Field(default=None, max_length=40)
    email: EmailStr | None = None

    @field_validator("aliases")
    @classmethod
    def _aliases(cls, values: list[str]) -> list[str]:
        cleaned = _clean_aliases(values)
        if any(len(alias) > 200 for alias in cleaned):
            raise ValueError("an alias is longer than 200 characters")
        return cleaned


class CustomerUpdate(BaseModel):
    """Only the fields given are changed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str | None = Field(default=None, min_length=1, max_length=200)
    aliases: list[str] | None = Field(default=None, max_length=50)
    industry: str | None = Field(default=None, max_length=100)
    region: str | None = Field(default=None, max_length=100)
    tier: str | None = Field(default=None, max_length=20)
    status: CustomerStatus | None = None
    owner_id: int | None = None
    phone: str | None = Field(default=None, max_length=40)
    email: EmailStr | None = None

    @field_validator("aliases")
    @classmethod
    def _aliases(cls, values: list[str] | None) -> list[str] | None:
        return None if values is None else _clean_aliases(values)


class ContactCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=120)
    title: str | None = Field(default=None, max_length=120)
    phone: str | None = Field(default=None, max_length=40)
    email: EmailStr | None = None
    wechat_id: str | None = Field(default=None, max_length=64)
    notes: str | None = Field(default=None, max_length=4000)

"""Validated inputs for staff and teams."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator

from crm_core.staff.models import Locale, Role
from crm_core.timeutil import is_valid_timezone


class StaffCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    email: EmailStr
    name: str = Field(min_length=1, max_length=120)
    role: Role
    team: str | None = Field(default=None, min_length=1, max_length=120)
    locale: Locale = Locale.ZH_CN
    timezone: str = "Asia/Shanghai"

    @field_validator("email")
    @classmethod
    def _lower_email(cls, value: str) -> str:
        return value.lower()

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        if not is_valid_timezone(value):
            raise ValueError(f"unknown IANA time zone: {value}")
        return value

"""Staff, teams, API tokens and the audit log."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.common import ReadModel
from crm_core.audit.models import AuditAction
from crm_core.staff import schemas as staff_schemas
from crm_core.staff import service as staff_service
from crm_core.staff.models import Locale, Role

StaffCreate = staff_schemas.StaffCreate
StaffUpdate = staff_service.StaffUpdate


class StaffSort(StrEnum):
    ID = "id"
    ID_DESC = "-id"
    NAME = "name"
    NAME_DESC = "-name"
    EMAIL = "email"
    EMAIL_DESC = "-email"


class StaffRead(ReadModel):
    id: int
    name: str
    email: str
    role: Role
    team_id: int | None
    locale: Locale
    timezone: str
    active: bool
    created_at: datetime


class TeamCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    name: str = Field(min_length=1, max_length=120)


class TeamRead(ReadModel):
    id: int
    name: str
    created_at: datetime


class AuditSort(StrEnum):
    ID = "id"
    ID_DESC = "-id"
    AT = "at"
    AT_DESC = "-at"


class AuditEntryRead(ReadModel):
    id: int
    at: datetime
    actor_id: int
    action: AuditAction
    entity_type: str
    entity_id: int
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    channel: str
    source_message_id: str | None
    change_set: str
    undo_of: str | None
    undone_at: datetime | None


class HealthRead(BaseModel):
    status: str = Field(description="`ok` when the database answers.")

"""Staff accounts, teams, and binding chat accounts to staff through one-time codes."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic.json_schema import SkipJsonSchema
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, joinedload

from crm_core import permissions
from crm_core.audit import service as audit
from crm_core.audit.models import AuditAction
from crm_core.context import Origin
from crm_core.errors import DuplicateError, ForbiddenError, InvalidInputError, NotFoundError
from crm_core.listing import Page, paginate
from crm_core.settings import get_settings
from crm_core.staff.models import BindCode, Channel, ChannelIdentity, Locale, Role, Staff, Team
from crm_core.staff.schemas import StaffCreate
from crm_core.timeutil import is_valid_timezone

SYSTEM_EMAIL = "system@crm.local"
# Unambiguous characters only: a code is read aloud and typed on a phone.
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_CODE_LENGTH = 8


def system_actor(*, session: Session) -> Staff:
    """The account the command line and seeders act as; created on first use."""
    staff = session.scalar(select(Staff).where(Staff.email == SYSTEM_EMAIL))
    if staff is None:
        staff = Staff(name="System", email=SYSTEM_EMAIL, role=Role.ADMIN, active=True)
        session.add(staff)
        session.flush()
    return staff


def get_team_by_name(*, session: Session, name: str) -> Team | None:
    return session.scalar(select(Team).where(Team.name == name))


def ensure_team(*, session: Session, actor: Staff, name: str, origin: Origin) -> Team:
    team = get_team_by_name(session=session, name=name)
    if team is not None:
        return team
    permissions.require_admin(actor, "team.create")
    team = Team(name=name, created_at=origin.at)
    audit.add_created(session=session, actor=actor, origin=origin, entity=team)
    return team


def add(*, session: Session, actor: Staff, data: StaffCreate, origin: Origin) -> Staff:
    """Create a staff account; the team is created when it does not exist yet."""
    permissions.require_admin(actor, "staff.create")
    if get_by_email(session=session, email=data.email) is not None:
        raise DuplicateError("staff.duplicate_email", email=data.email)
    team = (
        ensure_team(session=session, actor=actor, name=data.team, origin=origin)
        if data.team
        else None
    )
    staff = Staff(
        name=data.name,
        email=data.email,
        role=data.role,
        team_id=team.id if team else None,
        locale=data.locale,
        timezone=data.timezone,
        active=True,
        created_at=origin.at,
    )
    audit.add_created(session=session, actor=actor, origin=origin, entity=staff)
    return staff


def get_by_email(*, session: Session, email: str) -> Staff | None:
    return session.scalar(select(Staff).where(Staff.email == email.strip().lower()))


def require_by_email(*, session: Session, email: str) -> Staff:
    staff = get_by_email(session=session, email=email)
    if staff is None:
        raise NotFoundError("staff.not_found", email=email)
    return staff


def list_staff(*, session: Session, include_system: bool = False) -> list[Staff]:
    query = select(Staff).options(joinedload(Staff.team)).order_by(Staff.id)
    if not include_system:
        query = query.where(Staff.email != SYSTEM_EMAIL)
    return list(session.scalars(query))


def set_active(
    *, session: Session, actor: Staff, staff: Staff, active: bool, origin: Origin
) -> Staff:
    permissions.require_admin(actor, "staff.update")
    with audit.tracking_update(session=session, actor=actor, origin=origin, entity=staff):
        staff.active = active
    return staff


@dataclass(frozen=True, slots=True)
class IssuedCode:
    code: str
    expires_at: datetime


def issue_bind_code(
    *, session: Session, actor: Staff, staff: Staff, origin: Origin, ttl: timedelta | None = None
) -> IssuedCode:
    """A one-time code for `staff` to send to the bot. Only its hash is stored."""
    permissions.require_admin(actor, "staff.bind_code")
    if not staff.active:
        raise ForbiddenError("staff.inactive", staff_id=staff.id)
    ttl = ttl or timedelta(minutes=get_settings().bind_code_ttl_minutes)
    code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH))
    expires_at = origin.at + ttl
    session.add(
        BindCode(
            staff_id=staff.id,
            code_hash=_hash_code(code),
            expires_at=expires_at,
            created_at=origin.at,
        )
    )
    session.flush()
    return IssuedCode(code=code, expires_at=expires_at)


def redeem_bind_code(
    *, session: Session, code: str, channel: Channel, external_user_id: str, now: datetime
) -> Staff:
    """Bind a chat account with a code. Errors: bind.invalid_code, bind.expired, bind.used."""
    cleaned = code.strip().upper().replace("-", "").replace(" ", "")
    if not cleaned or len(cleaned) > 32:
        raise InvalidInputError("bind.invalid_code")
    bind = session.scalar(
        select(BindCode).where(BindCode.code_hash == _hash_code(cleaned)).with_for_update()
    )
    if bind is None:
        raise NotFoundError("bind.invalid_code")
    if bind.used_at is not None:
        raise ForbiddenError("bind.used")
    if bind.expires_at <= now:
        raise ForbiddenError("bind.expired")
    staff = session.get_one(Staff, bind.staff_id)
    if not staff.active:
        raise ForbiddenError("staff.inactive", staff_id=staff.id)
    identity = session.scalar(
        select(ChannelIdentity).where(
            ChannelIdentity.channel == channel,
            ChannelIdentity.external_user_id == external_user_id,
        )
    )
    if identity is None:
        session.add(
            ChannelIdentity(
                staff_id=staff.id, channel=channel, external_user_id=external_user_id, bound_at=now
            )
        )
    else:
        identity.staff_id = staff.id
        identity.bound_at = now
    bind.used_at = now
    session.flush()
    audit.record(
        session=session,
        actor=staff,
        origin=Origin(channel=channel, at=now),
        action=AuditAction.UPDATE,
        entity=bind,
        before={**audit.snapshot(bind), "used_at": None},
    )
    return staff


def staff_for_identity(
    *, session: Session, channel: Channel, external_user_id: str
) -> Staff | None:
    """The active staff member bound to a chat account, or None (unknown users get nothing)."""
    return session.scalar(
        select(Staff)
        .join(ChannelIdentity, ChannelIdentity.staff_id == Staff.id)
        .where(
            ChannelIdentity.channel == channel,
            ChannelIdentity.external_user_id == external_user_id,
            Staff.active.is_(True),
        )
    )


def _hash_code(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


# Built once: statement construction costs more than the lookup itself, and this one runs for
# every chat message.
_IDENTITY_OWNER = (
    select(Staff)
    .join(ChannelIdentity, ChannelIdentity.staff_id == Staff.id)
    .where(
        ChannelIdentity.channel == bindparam("channel"),
        ChannelIdentity.external_user_id == bindparam("external_user_id"),
    )
)


def identity_owner(*, session: Session, channel: Channel, external_user_id: str) -> Staff | None:
    """The staff member a chat account is bound to, active or not (so a deactivated member can
    be told so, instead of being treated as a stranger)."""
    return session.scalar(
        _IDENTITY_OWNER, {"channel": channel, "external_user_id": external_user_id}
    )


def set_locale(*, session: Session, actor: Staff, locale: Locale, origin: Origin) -> Staff:
    """Staff choose their own reply language (`/lang`)."""
    permissions.require_active(actor)
    with audit.tracking_update(session=session, actor=actor, origin=origin, entity=actor):
        actor.locale = locale
    return actor


def bind_identity(
    *,
    session: Session,
    actor: Staff,
    staff: Staff,
    channel: Channel,
    external_user_id: str,
    origin: Origin,
) -> ChannelIdentity:
    """Bind a chat account without a code: for the console, whose user already holds the
    database. Idempotent; audited when it creates or moves the binding."""
    permissions.require_active(staff)
    identity = session.scalar(
        select(ChannelIdentity).where(
            ChannelIdentity.channel == channel,
            ChannelIdentity.external_user_id == external_user_id,
        )
    )
    if identity is None:
        identity = ChannelIdentity(
            staff_id=staff.id,
            channel=channel,
            external_user_id=external_user_id,
            bound_at=origin.at,
        )
        audit.add_created(session=session, actor=actor, origin=origin, entity=identity)
    elif identity.staff_id != staff.id:
        with audit.tracking_update(session=session, actor=actor, origin=origin, entity=identity):
            identity.staff_id = staff.id
            identity.bound_at = origin.at
    return identity


# --- admin read side and edits for the API -----------------------------------------------------

STAFF_SORTS = {"id": Staff.id, "name": Staff.name, "email": Staff.email}


class StaffUpdate(BaseModel):
    """Only the fields given are changed; `team: null` takes the member out of any team."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    # Not nullable (left out = unchanged), except `team`.
    name: Annotated[str, Field(min_length=1, max_length=120)] | SkipJsonSchema[None] = None
    role: Role | SkipJsonSchema[None] = None
    team: str | None = Field(default=None, min_length=1, max_length=120)
    locale: Locale | SkipJsonSchema[None] = None
    timezone: str | SkipJsonSchema[None] = None
    active: bool | SkipJsonSchema[None] = None

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is not None and not is_valid_timezone(value):
            raise ValueError(f"unknown IANA time zone: {value}")
        return value


def list_page(
    *,
    session: Session,
    actor: Staff,
    role: Role | None = None,
    team_id: int | None = None,
    active: bool | None = None,
    sort: str = "id",
    limit: int = 50,
    offset: int = 0,
) -> Page[Staff]:
    """Staff accounts for an admin (the system account is not staff and never listed)."""
    permissions.require_admin(actor, "staff.list")
    statement = select(Staff).where(Staff.email != SYSTEM_EMAIL)
    if role is not None:
        statement = statement.where(Staff.role == role)
    if team_id is not None:
        statement = statement.where(Staff.team_id == team_id)
    if active is not None:
        statement = statement.where(Staff.active.is_(active))
    return paginate(
        session=session,
        statement=statement,
        sort=sort,
        allowed=STAFF_SORTS,
        tiebreak=Staff.id,
        limit=limit,
        offset=offset,
    )


def get(*, session: Session, actor: Staff, staff_id: int) -> Staff:
    permissions.require_admin(actor, "staff.read")
    staff = session.get(Staff, staff_id)
    if staff is None or staff.email == SYSTEM_EMAIL:
        raise NotFoundError("staff.not_found", staff_id=staff_id)
    return staff


def update(
    *, session: Session, actor: Staff, staff_id: int, changes: StaffUpdate, origin: Origin
) -> Staff:
    """Edit an account. Admins cannot demote or deactivate themselves (no lock-out by mistake)."""
    staff = get(session=session, actor=actor, staff_id=staff_id)
    fields = changes.model_dump(exclude_unset=True)
    if fields.get("name", "") is None:
        raise InvalidInputError("staff.name_required", staff_id=staff_id)
    for required in ("role", "locale", "timezone", "active"):
        if required in fields and fields[required] is None:
            raise InvalidInputError("staff.field_required", field=required)
    if staff.id == actor.id and (
        fields.get("active") is False or fields.get("role", Role.ADMIN) is not Role.ADMIN
    ):
        raise ForbiddenError("staff.self_lockout", staff_id=staff_id)
    team_id = staff.team_id
    if "team" in fields:
        team_name = fields.pop("team")
        team_id = (
            ensure_team(session=session, actor=actor, name=team_name, origin=origin).id
            if team_name
            else None
        )
    with audit.tracking_update(session=session, actor=actor, origin=origin, entity=staff):
        for key, value in fields.items():
            setattr(staff, key, value)
        staff.team_id = team_id
    session.refresh(staff, ["team"])
    return staff


def list_teams(*, session: Session, actor: Staff) -> list[Team]:
    permissions.require_admin(actor, "team.list")
    return list(session.scalars(select(Team).order_by(Team.name, Team.id)))


def create_team(*, session: Session, actor: Staff, name: str, origin: Origin) -> Team:
    """A new team; an existing name is refused (unlike `ensure_team`, which reuses it)."""
    permissions.require_admin(actor, "team.create")
    if get_team_by_name(session=session, name=name) is not None:
        raise DuplicateError("team.duplicate", name=name)
    return ensure_team(session=session, actor=actor, name=name, origin=origin)

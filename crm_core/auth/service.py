"""Issue, check and revoke per-staff API tokens.

A token is `crm_` followed by 32 random bytes (URL-safe base64). Only its SHA-256 is stored.
A fast unsalted hash is the right tool here, unlike for passwords: a 256-bit random secret
cannot be guessed or brute-forced from its hash, so a slow, salted hash (bcrypt, argon2) would
add latency to every request and buy nothing; and a deterministic hash lets `authenticate` find
the token with one indexed equality lookup instead of comparing against every stored hash.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_core import permissions
from crm_core.audit import service as audit
from crm_core.auth.models import ApiToken
from crm_core.context import Origin
from crm_core.errors import DomainError, ForbiddenError, NotFoundError
from crm_core.staff.models import Role, Staff

TOKEN_PREFIX = "crm_"  # noqa: S105 - a marker that makes leaked tokens greppable, no secret
_RANDOM_BYTES = 32
_DISPLAY_PREFIX_LENGTH = 12
_MAX_TOKEN_LENGTH = 256
# Recording every use would make each read a write; a minute's precision is plenty.
LAST_USED_PRECISION = timedelta(minutes=1)


class AuthenticationError(DomainError):
    """The credentials are missing, unknown or revoked (the edges answer 401)."""

    code = "auth.invalid_token"


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """The plaintext exists only here, once; the database keeps its hash."""

    token: str
    api_token: ApiToken


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(*, session: Session, actor: Staff, staff: Staff, origin: Origin) -> IssuedToken:
    """A new token for `staff`: admins issue for anyone, staff for themselves."""
    _require_admin_or_self(actor, staff, "api_token.create")
    if not staff.active:
        raise ForbiddenError("staff.inactive", staff_id=staff.id)
    token = TOKEN_PREFIX + secrets.token_urlsafe(_RANDOM_BYTES)
    api_token = ApiToken(
        staff_id=staff.id,
        token_hash=hash_token(token),
        prefix=token[:_DISPLAY_PREFIX_LENGTH],
        created_at=origin.at,
    )
    audit.add_created(session=session, actor=actor, origin=origin, entity=api_token)
    return IssuedToken(token=token, api_token=api_token)


def authenticate(*, session: Session, token: str, now: datetime) -> Staff:
    """The active staff member holding `token`.

    Unknown or revoked tokens raise AuthenticationError; a deactivated holder raises
    ForbiddenError("staff.inactive"), so the caller learns why and nothing else.
    """
    if not token or len(token) > _MAX_TOKEN_LENGTH:
        raise AuthenticationError("auth.invalid_token")
    row = session.execute(
        select(ApiToken, Staff)
        .join(Staff, Staff.id == ApiToken.staff_id)
        .where(ApiToken.token_hash == hash_token(token))
    ).first()
    if row is None:
        raise AuthenticationError("auth.invalid_token")
    api_token, staff = row
    if api_token.revoked_at is not None:
        raise AuthenticationError("auth.revoked_token", prefix=api_token.prefix)
    permissions.require_active(staff)
    if api_token.last_used_at is None or now - api_token.last_used_at >= LAST_USED_PRECISION:
        # Bookkeeping like `updated_at`, not a user's edit: not audited.
        api_token.last_used_at = now
    return staff


def revoke(*, session: Session, actor: Staff, token_id: int, origin: Origin) -> ApiToken:
    """Revoke a token for good (admins any, staff their own). Revoking twice changes nothing."""
    api_token = session.get(ApiToken, token_id)
    if api_token is None:
        raise NotFoundError("api_token.not_found", token_id=token_id)
    holder = session.get_one(Staff, api_token.staff_id)
    _require_admin_or_self(actor, holder, "api_token.revoke")
    if api_token.revoked_at is None:
        with audit.tracking_update(session=session, actor=actor, origin=origin, entity=api_token):
            api_token.revoked_at = origin.at
    return api_token


def tokens_of(*, session: Session, actor: Staff, staff: Staff) -> list[ApiToken]:
    """A staff member's tokens, newest first (hashes are never shown, only prefixes)."""
    _require_admin_or_self(actor, staff, "api_token.list")
    return list(
        session.scalars(
            select(ApiToken).where(ApiToken.staff_id == staff.id).order_by(ApiToken.id.desc())
        )
    )


def _require_admin_or_self(actor: Staff, staff: Staff, action: str) -> None:
    permissions.require_active(actor)
    if actor.role is not Role.ADMIN and actor.id != staff.id:
        raise ForbiddenError("forbidden.role", action=action, role=actor.role.value)

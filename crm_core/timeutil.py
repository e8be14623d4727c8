"""Time helpers: every stored instant is timezone-aware UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, available_timezones


def utcnow() -> datetime:
    return datetime.now(UTC)


def ensure_aware(value: datetime) -> datetime:
    """Refuse naive datetimes: a time without a zone is a bug waiting for a DST change."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("naive datetime; attach a time zone")
    return value.astimezone(UTC)


def is_valid_timezone(name: str) -> bool:
    return name in _zones()


def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


_ZONES: frozenset[str] | None = None


def _zones() -> frozenset[str]:
    global _ZONES  # noqa: PLW0603 - computed once, lazily
    if _ZONES is None:
        _ZONES = frozenset(available_timezones())
    return _ZONES

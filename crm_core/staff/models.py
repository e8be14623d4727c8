"""Staff, teams, and the chat identities bound to a staff account."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm_core.db import Base, UTCDateTime, str_enum
from crm_core.timeutil import utcnow


class Role(enum.StrEnum):
    REP = "rep"
    SERVICE = "service"
    MANAGER = "manager"
    ADMIN = "admin"


class Locale(enum.StrEnum):
    ZH_CN = "zh_CN"
    EN = "en"


class Channel(enum.StrEnum):
    """Where a write or a message came from."""

    TELEGRAM = "telegram"
    WECOM = "wecom"
    CONSOLE = "console"
    WEB = "web"
    API = "api"
    CLI = "cli"
    SYSTEM = "system"


class Team(Base):
    __tablename__ = "teams"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Staff(Base):
    __tablename__ = "staff"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    role: Mapped[Role] = mapped_column(str_enum(Role, "staff_role"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    locale: Mapped[Locale] = mapped_column(str_enum(Locale, "staff_locale"), default=Locale.ZH_CN)
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The daily digest: local time ("HH:MM" in `timezone`) and the channel it goes to (the
    # first bound channel when unset).
    digest_time: Mapped[str] = mapped_column(String(5), default="08:30")
    digest_channel: Mapped[str | None] = mapped_column(String(20))

    # Loaded when asked for (listings ask): every chat message loads its sender, and none of
    # them needs the team row.
    team: Mapped[Team | None] = relationship()

    def __repr__(self) -> str:
        return f"Staff(id={self.id!r}, email={self.email!r}, role={self.role!r})"


class ChannelIdentity(Base):
    """A chat account (Telegram user id, WeCom userid) bound to a staff member."""

    __tablename__ = "channel_identities"
    __table_args__ = (
        UniqueConstraint("channel", "external_user_id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    channel: Mapped[Channel] = mapped_column(str_enum(Channel, "identity_channel"))
    external_user_id: Mapped[str] = mapped_column(String(128))
    bound_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class BindCode(Base):
    """A one-time code an admin hands to a staff member to bind a chat account. Stored hashed."""

    __tablename__ = "bind_codes"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

"""Process settings, read from the environment once and cached (never at import time)."""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DB_PATH = Path("var") / "crm.db"


class Settings(BaseSettings):
    """Everything configurable, from `CRM_*` environment variables."""

    model_config = SettingsConfigDict(env_prefix="CRM_", extra="ignore")

    database_url: str = Field(default=f"sqlite:///{DEFAULT_DB_PATH}")
    undo_window_minutes: int = 10
    bind_code_ttl_minutes: int = 30
    import_max_bytes: int = 16 * 1024 * 1024
    default_timezone: str = "Asia/Shanghai"
    default_locale: str = "zh_CN"
    # SLA policy: hours until a ticket of each priority must be resolved.
    sla_hours_urgent: int = 4
    sla_hours_high: int = 8
    sla_hours_normal: int = 24
    sla_hours_low: int = 72
    # The conversation engine: how long a question waits for its answer, and how sure a parse
    # must be to be written at once (with Undo) rather than shown for confirmation first.
    conversation_ttl_minutes: int = 30
    auto_apply_confidence: float = 0.8
    # Below this a write is a guess (about chance among the intents): the message is answered as
    # not understood instead of asking for the slots of a record nobody meant.
    understanding_floor: float = 0.15

    @property
    def undo_window(self) -> timedelta:
        return timedelta(minutes=self.undo_window_minutes)

    @property
    def conversation_ttl(self) -> timedelta:
        return timedelta(minutes=self.conversation_ttl_minutes)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()

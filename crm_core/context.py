"""Where a write comes from: channel, source message, change set and the moment it happened.

Every service write takes an `Origin`; the audit log stores it, and undo works per change set
(all writes of one chat message or one import).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from crm_core.staff.models import Channel
from crm_core.timeutil import utcnow


def new_change_set() -> str:
    return uuid.uuid4().hex


@dataclass(frozen=True, slots=True)
class Origin:
    channel: Channel = Channel.CLI
    message_id: str | None = None
    change_set: str = field(default_factory=new_change_set)
    at: datetime = field(default_factory=utcnow)

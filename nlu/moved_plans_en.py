"""An English appointment moved in the message: the time it was moved to is the one to keep.

"cancel my four o'clock with Ashford tomorrow they've moved it to thursday same time", "the
demo's been pushed to friday", "moved our 2pm to Wednesday": the old time only says which
appointment; the follow-up is at the new one. "same time" after the new day keeps the clock of
the old time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from nlu.types import TimeMention

# Words right before the new time: "moved it to", "pushed (back) to", "rescheduled for",
# "changed to", "now on".
_MOVED_TO = re.compile(
    r"\b(?:moved|move|moving|pushed|push|rescheduled|reschedule|shifted|bumped|changed|"
    r"postponed|brought|pulled)(?:\s+(?:it|that|this|them|the\s+\w+|our\s+\w+|my\s+\w+))?"
    r"(?:\s+(?:back|forward|out))?\s+(?:to|till|until|for)\s+(?:the\s+)?$|\bnow\s+(?:on\s+)?$",
    re.IGNORECASE,
)
_SAME_TIME = re.compile(r"\s*,?\s*(?:at\s+)?(?:the\s+)?same\s+time\b", re.IGNORECASE)


def moved_to(text: str, inside: Sequence[TimeMention]) -> TimeMention | None:
    """The time an appointment is moved to, among a clause's times (None: nothing moved)."""
    for n, mention in enumerate(inside):
        if n == 0 or not _MOVED_TO.search(
            text, max(0, mention.start_char - 40), mention.start_char
        ):
            continue
        if (
            mention.grain == "day"
            and mention.end is None
            and _SAME_TIME.match(text, mention.end_char)
        ):
            clock = next((t for t in inside[:n] if t.grain in ("hour", "minute")), None)
            if clock is not None:
                return _at_the_clock_of(mention, clock)
        return mention
    return None


def _at_the_clock_of(day: TimeMention, clock: TimeMention) -> TimeMention:
    value: datetime = day.value.replace(
        hour=clock.value.hour, minute=clock.value.minute, second=0, microsecond=0
    )
    return replace(day, value=value, grain=clock.grain)

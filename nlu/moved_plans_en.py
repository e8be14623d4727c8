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
        if not _MOVED_TO.search(text, max(0, mention.start_char - 40), mention.start_char):
            continue
        if mention.grain != "day" or mention.end is not None:
            return mention
        if _SAME_TIME.match(text, mention.end_char):
            clock = next((t for t in inside[:n] if t.grain in ("hour", "minute")), None)
            if clock is not None:
                return _at_the_clock_of(mention, clock)
            # "cancel my ten thirty … moved it to wednesday same time"
            said = _MY_CLOCK.search(text, 0, mention.start_char)
            return _at(mention, said) if said is not None else mention
        # "move Tuesday's review to Thursday at two"
        said = _AT_CLOCK.match(text, mention.end_char)
        return _at(mention, said) if said is not None else mention
    return None


_HOURS = {
    w: n
    for n, w in enumerate(
        "one two three four five six seven eight nine ten eleven twelve".split(), start=1
    )
}
_HOUR = r"(?P<h>one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|1[0-2]|0?[1-9])"
_MINUTE = r"(?:[\s:.](?P<m>thirty|fifteen|forty[\s-]five|[0-5]\d))?(?:\s*o'?clock)?"
# "my ten thirty", "my four o'clock": the appointment named by its time
_MY_CLOCK = re.compile(r"\bmy\s+" + _HOUR + _MINUTE + r"\b", re.IGNORECASE)
# "to Thursday at two", "to Friday at 3.30" (a bare hour after the new day)
_AT_CLOCK = re.compile(r"\s+at\s+" + _HOUR + _MINUTE + r"\b(?!\s*[ap]\.?m)", re.IGNORECASE)
_MINUTES = {"thirty": 30, "fifteen": 15}


def _at(day: TimeMention, said: re.Match[str]) -> TimeMention:
    """The day at a bare clock said in words or figures, in working hours (1-7 is afternoon)."""
    hour_said = said["h"].casefold()
    hour = _HOURS.get(hour_said) or int(hour_said)
    minute_said = (said["m"] or "").casefold()
    minute = _MINUTES.get(minute_said, 45 if minute_said.startswith("forty") else 0)
    if minute_said.isdigit():
        minute = int(minute_said)
    if 1 <= hour <= 7:
        hour += 12
    value = day.value.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return replace(day, value=value, grain="minute" if minute else "hour")


def _at_the_clock_of(day: TimeMention, clock: TimeMention) -> TimeMention:
    value: datetime = day.value.replace(
        hour=clock.value.hour, minute=clock.value.minute, second=0, microsecond=0
    )
    return replace(day, value=value, grain=clock.grain)

"""The rep's day listed in English: several appointments in one sentence, each a customer and a
clock time, sharing the day said once ("Tmr 10am Orchard w Melissa, 2pm Tanjong, 4.30 LCL",
"for tomorrow: call Pemberton at 9, then Greenfield at 11:30").

A plan's clause normally carries one follow-up; a list whose items each name a customer of its own
and a time of its own is one follow-up per item. The items are cut at the list's commas,
semicolons and "then"s; the day said in the first item dates the others (the parser's anchor for
the day named last). A bare request to be reminded after such a list ("Remind me pls") asks for
those follow-ups, not for one more.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Where one listed item ends and the next begins.
_ITEM_BREAK = re.compile(
    r"\s*(?:[,;]\s*(?:(?:and\s+)?then\s+|and\s+)?|\s+then\s+|\s+and\s+then\s+)"
)
# An item is short: an appointment, not a report.
_ITEM_CHARS = 70
# The reminder request that asks for the listed plans: nothing else in its clause.
_BARE_REMINDER = re.compile(
    r"^\W*(?:(?:pls|please|plz|can\s+you|could\s+you|pls\s+can\s+you)\s+)?remind\s+me"
    r"(?:\s+(?:pls|please|plz|of\s+(?:these|those|them|all)|about\s+(?:these|those|them)|"
    r"(?:in\s+the|tomorrow|tmr|tmrw)\s*(?:morning)?))*\W*$",
    re.IGNORECASE,
)


def listed_items(
    text: str,
    start: int,
    end: int,
    customers: Sequence[tuple[int, int]],
    times: Sequence[tuple[int, int]],
) -> list[int]:
    """Where each listed appointment after the first begins in text[start:end], or [] when the
    clause is not such a list (each item names a customer of its own and a time of its own)."""
    breaks = [
        m
        for m in _ITEM_BREAK.finditer(text, start, end)
        if not _inside(m.start(), customers) and not _inside(m.start(), times)
    ]
    if not breaks:
        return []
    bounds = [start, *(m.end() for m in breaks), end]
    cuts_at = [b.start() for b in breaks]
    items = [(bounds[0], cuts_at[0])]
    items += [
        (bounds[i], cuts_at[i] if i < len(cuts_at) else end) for i in range(1, len(bounds) - 1)
    ]
    # item boundaries where an item names a customer and a time of its own; the rest joins the
    # item before it ("…at 9, re pallet labels")
    starts: list[int] = []
    for n, (a, b) in enumerate(items):
        has_both = _has(customers, a, b) and _has(times, a, b)
        if n == 0:
            if not has_both:
                return []
            continue
        if has_both and b - a <= _ITEM_CHARS:
            starts.append(a)
        elif _has(customers, a, b) or _has(times, a, b):
            return []  # half an appointment: not a plain list
    return starts


def bare_reminder(segment: str) -> bool:
    """ "Remind me pls 😴": a request to be reminded naming nothing of its own."""
    return _BARE_REMINDER.match(segment.strip()) is not None


def _has(spans: Sequence[tuple[int, int]], a: int, b: int) -> bool:
    return any(a <= s < b for s, _ in spans)


def _inside(at: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s < at < e for s, e in spans)

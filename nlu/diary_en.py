"""The rep's next touchpoint put in the diary, said in English without a verb of contact.

"Next check-in in Q1 — put it down for Jan 15", "next catch-up pencilled for the 9th",
"QBR — diary it for March 3": the next meeting named as a noun, or an order to put it in the
diary, with a date in the same sentence, is a follow-up of ours. The customer's own next meeting
("their next board meeting is in March") is not: a possessive before it says whose it is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from nlu.intents import TriggerHit

_DIARY = re.compile(
    r"(?<!\btheir\s)(?<!\bhis\s)(?<!\bher\s)(?<!\bits\s)"
    r"\bnext\s+(?:check[\s-]?in|catch[\s-]?up|touch[\s-]?base|touchpoint|review|qbr|sync|"
    r"follow[\s-]?up|f/u)\b"
    r"|\b(?:put|pop|pencil|stick)\s+(?:it|that|this|them|him|her|one)\s+(?:down|in)\b"
    r"|\bpencil(?:led|ed)?\s+in\b|\b(?:diary|calendar)\s+(?:it|that|this)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?;\n](?:\s|$)")


def diary_hits(
    text: str, times: Sequence[tuple[int, int]], hits: Sequence[TriggerHit]
) -> list[TriggerHit]:
    """A `schedule_followup` hit on each such phrase with a time later in its sentence."""
    found = []
    for match in _DIARY.finditer(text):
        stop = _SENTENCE_END.search(text, match.end())
        end = stop.start() if stop else len(text)
        if not any(match.start() <= start < end for start, _ in times):
            continue
        if any(h.start < match.end() and match.start() < h.end for h in hits):
            continue
        found.append(TriggerHit("schedule_followup", match.start(), match.end(), "diary"))
    return found

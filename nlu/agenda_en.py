"""The rep's (or the team's) planned work asked for in English by what it is made of.

"kindly show me my team's follow ups for this week", "what all meetings i have on monday",
"list our visits for tomorrow", "read out my calls for today": a verb of showing or a question
word, then the plans named by their kind — follow-ups, meetings, visits, calls, appointments,
tasks — as someone's (my, our, the team's) or as "I have". The trigger phrases hold only some
fixed word orders ("my follow ups", "my meetings for"); this shape is added as `list_agenda`
evidence beside them. A customer's plans ("show me Pemberton's meetings") are not the agenda's:
the owner must be the rep or the team.
"""

from __future__ import annotations

import re

from nlu.intents import TriggerHit

_PLANS = (
    r"(?:follow[\s-]?ups?|followups|meetings?|mtgs?|visits?|calls?|appointments?|appts?|tasks?|"
    r"reminders?|to-?dos?|plans?)"
)
_OWNER = r"(?:my|our|(?:my|our|the)\s+team'?s|(?:my|our|the)\s+teams?'?|everyone'?s)"
_AGENDA = re.compile(
    r"\b(?:show|list|give|read|tell|send|pull\s+up|bring\s+up|get)\s+(?:out\s+)?(?:me\s+|us\s+)?"
    r"(?:all\s+)?(?:of\s+)?(?:the\s+)?" + _OWNER + r"\s+(?:[a-z]+\s+){0,2}?" + _PLANS + r"\b"
    # "what all meetings i have on monday", "which visits do we have tomorrow"
    r"|\b(?:what|which|how\s+many)\s+(?:all\s+)?(?:[a-z]+\s+)?"
    + _PLANS
    + r"\s+(?:do\s+|have\s+|did\s+)?(?:i|we|my\s+team|the\s+team)\s+(?:have|got|has)\b",
    re.IGNORECASE,
)


def agenda_hits(text: str, hits: list[TriggerHit]) -> list[TriggerHit]:
    """A `list_agenda` hit for each such request no agenda trigger already covers."""
    found = []
    for match in _AGENDA.finditer(text):
        if any(
            h.intent == "list_agenda" and h.start < match.end() and match.start() < h.end
            for h in hits
        ):
            continue
        found.append(TriggerHit("list_agenda", match.start(), match.end(), "agenda asked"))
    return found

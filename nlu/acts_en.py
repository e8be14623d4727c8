"""English dialogue acts said with why: "no wait cancel i said the wrong customer dont save it",
"scratch that last entry i put it under the wrong account".

A rep who takes back a record or a pending one often says what went wrong in the same breath.
The reason names no new action (only "the wrong customer / account / date"), so it is set aside
and the words left are read as the act they are. `intents.dialogue_act` calls `without_reason`
when the words as said are no act.
"""

from __future__ import annotations

import re

# What went wrong: "(i said|i put it under|it went to|that was) the wrong customer", "my bad",
# "by mistake". Only the wrong thing is said; a correct one named ("it's for Tanjong") is new
# content, not a reason, and is not matched.
_REASON = re.compile(
    r"(?:\b(?:i|we|you|it|that|this)(?:'s|s| was| is| went| got)?\s+(?:[a-z']+\s+){0,4}?)?"
    r"\b(?:the |a |an )?wrong\s+(?:customer|account|company|client|name|contact|person|date|"
    r"day|time|amount|number|one|ticket|deal|record|entry)\b"
    r"|\b(?:my (?:bad|mistake)|by mistake|by accident|(?:i )?made a mistake)\b"
)


def without_reason(words: str) -> str | None:
    """The act's words without the reason said with them, or None when there is no reason."""
    if not _REASON.search(words):
        return None
    rest = " ".join(_REASON.sub(" ", words).split())
    return rest or None

"""An English request asked again for another customer in a word: "Loyalty summary of Northwind,
please. Also Tanjong.", "how's Contoso doing? and Fairbank too".

The second customer comes with nothing but "also", "and", "plus" or "same for" (and "too",
"please"): it asks what the first asked. Only the questions are repeated so (a loyalty summary,
a look-up): a bare name after a logged visit or a ticket is more of that note.
"""

from __future__ import annotations

import re
from dataclasses import replace

from nlu.parsing.frames import Action

_ASKED_AGAIN = re.compile(
    r"^\W*(?:and\s+also|also|and|plus|same\s+for|same\s+with|ditto\s+for|what\s+about|"
    r"how\s+about)\s+(?:for\s+)?(?:the\s+)?[\w&'’ .-]{1,60}?\W*"
    r"(?:\b(?:too|as\s+well|please|pls|thanks)\W*)*$",
    re.IGNORECASE,
)
_REPEATED = frozenset({"loyalty_summary", "query_customer"})
_ITS_OWN = frozenset({"customer", "customer_candidates", "summary"})


def asks_again(before: Action, action: Action, text: str) -> bool:
    """The action is only another customer named for the question `before` asked."""
    return (
        before.intent in _REPEATED
        and action.intent != before.intent
        and "customer" in action.slots
        and set(action.slots) <= _ITS_OWN
        and _ASKED_AGAIN.match(text[before.end : action.end]) is not None
    )


def asked_again_for(actions: list[Action], text: str) -> list[Action]:
    """A bare "Also <customer>." after a question asks the same question of that customer."""
    settled: list[Action] = []
    for action in actions:
        before = settled[-1] if settled else None
        if before is not None and asks_again(before, action, text):
            slots = {k: v for k, v in action.slots.items() if k != "summary"}
            asked = before.intent, before.confidence
            settled.append(replace(action, intent=asked[0], confidence=asked[1], slots=slots))
            continue
        settled.append(action)
    return settled

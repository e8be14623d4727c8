"""English times that name a thing rather than date an action.

"chase the January standing order on Monday the 4th", "booked me in for their Christmas menu
tasting, 15th of this month at 10:30", "call them about the new years eve bread order": a month,
a holiday or a day said between a determiner and a noun says which order or tasting is meant, the
way an adjective would. When the clause says another time, that one is the action's; said alone,
the time is still the best there is and is kept (the caller decides).
"""

from __future__ import annotations

import re

from nlu.types import TimeMention

# A determiner right before the time: "the", "their", "our", "this year's"
_DETERMINER_BEFORE = re.compile(r"\b(?:the|their|our|his|her|its|your|my|year's)\s+$", re.I)

# Words after the time that do not make it an adjective: prepositions, conjunctions, pronouns,
# verbs and the time words that continue the same time.
_NOT_A_NOUN = frozenset(
    """at on in of by to for from till until through and or but so then with about before after
    is are was were be been will would can could should shall may might must do does did has have
    had i we you he she they it me us them him her this that these those there here if when as
    morning afternoon evening night noon midday am pm week weekend day month year period time
    eve break holidays holiday rush first last next too again also only already""".split()
)

_NEXT_WORD = re.compile(r"\s+(?P<word>[A-Za-z][A-Za-z'-]*)")


def names_a_thing(text: str, mention: TimeMention) -> bool:
    """The time is set before a noun after a determiner: "the January standing order"."""
    start = mention.start_char
    # "the 4th delivery": the mention may hold its own determiner
    own = text[start : mention.end_char][:4].casefold() == "the "
    if not own and _DETERMINER_BEFORE.search(text, max(0, start - 12), start) is None:
        return False
    after = _NEXT_WORD.match(text, mention.end_char)
    if after is None:
        return False
    word = after["word"].casefold()
    return word not in _NOT_A_NOUN and not word.endswith("day") and not word.isdigit()

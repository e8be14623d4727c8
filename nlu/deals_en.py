"""English deals noted tersely: the customer, a word or mark of winning, then the sum.

"fairbank done. 40k usd", "contoso 🤝 48,500 usd", "P&G closed at USD 210k": no trigger phrase
of `resources/intents.json` says a deal here (those need "closed the deal", "signed" and the
like), but a customer said won with a sum right after is a deal recorded. The evidence is added
as `record_deal` hits beside the trigger phrases; the sum must follow within the same sentence
or open the next one, so "kensington done, swapped the seal" records nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from nlu.intents import TriggerHit

# What may stand between the customer and the winning word: a dash, a colon, "have", "just".
_LEAD = re.compile(r"[ \t]*(?:[-–—:][ \t]*)?(?:(?:have|has|just|finally|officially)[ \t]+)*")
# The winning word or mark said of the customer.
_WON = re.compile(
    r"(?:done|closed|won|signed|landed|bagged|secured|confirmed|in\s+the\s+bag|over\s+the\s+line|"
    r"\U0001F91D|\u2705|\u2714\uFE0F?)(?![\w'’])",
    re.IGNORECASE,
)
# Between the winning word and the sum: a full stop or comma, "at", "for", "with", a dash.
_TO_SUM = re.compile(r"[ \t]*(?:[.!,:;\-–—][ \t!.]*)?(?:(?:at|for|with|@)[ \t]+)?")
# The phrase the hit carries: one the parser keeps as a deal done even with the sum apart.
DONE_PHRASE = "deal done"


def won_deal_hits(
    text: str,
    customers: Sequence[tuple[int, int]],
    money: Sequence[tuple[int, int]],
    hits: Sequence[TriggerHit],
) -> list[TriggerHit]:
    """A `record_deal` hit on the winning word after a customer when a sum follows it."""
    starts = {start for start, _ in money}
    found = []
    for _, end in customers:
        lead = _LEAD.match(text, end)
        won = _WON.match(text, lead.end() if lead else end)
        if won is None:
            continue
        gap = _TO_SUM.match(text, won.end())
        if gap is None or gap.end() not in starts:
            continue
        if any(h.start < won.end() and won.start() < h.end for h in hits):
            continue
        found.append(TriggerHit("record_deal", won.start(), won.end(), DONE_PHRASE))
    return found


# "Diwali gifting order from Bengal Sweets House confirmed — 3.5 lakh INR", "the PO for 40
# scanners is finalised, 12k": the order named first and said confirmed a few words later, with
# the sum in the same sentence; not when the confirmation is still to come or denied.
_ORDER_THEN_DONE = re.compile(
    r"\b(?:order|po|booking|purchase)\b(?P<gap>[^.;!?\n]{1,48}?)\b(?:got\s+|is\s+|was\s+|been\s+)?"
    r"(?P<won>confirmed|finali[sz]ed)\b"
    # "greenfield confirmed the christmas order twelve thousand pounds": the order said after
    r"|\b(?P<won2>confirmed|finali[sz]ed)\s+(?:the|their|an?|our)\s+(?P<gap2>(?:[\w'-]+\s+){0,2}?)"
    r"(?:order|po|booking|purchase)\b",
    re.IGNORECASE,
)
_NOT_YET = re.compile(
    r"\b(?:not|n't|yet|to\s+be|will|once|if|when|awaiting|pending|until|unless)\b|n't\b",
    re.IGNORECASE,
)


def confirmed_order_hits(
    text: str, money: Sequence[tuple[int, int]], hits: Sequence[TriggerHit]
) -> list[TriggerHit]:
    """A `record_deal` hit on "confirmed" when an order named before it in the sentence is
    priced in that sentence and no deal phrase is there already."""
    found = []
    for match in _ORDER_THEN_DONE.finditer(text):
        won = "won" if match.group("won") else "won2"
        if _NOT_YET.search(match.group("gap") or match.group("gap2") or ""):
            continue
        start = max(text.rfind(stop, 0, match.start()) for stop in ".;!?\n") + 1
        ends = [i for i in (text.find(stop, match.end()) for stop in ".;!?\n") if i >= 0]
        end = min(ends, default=len(text))
        if not any(start <= a < end for a, _ in money):
            continue
        if any(h.intent == "record_deal" and start <= h.start < end for h in hits):
            continue
        found.append(TriggerHit("record_deal", match.start(won), match.end(won), DONE_PHRASE))
    return found

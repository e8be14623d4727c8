"""Goods taken to the customer, said in English: the rep was there, a visit.

"just dropped the order at marlow and finch", "delivered the samples to Pemberton", "took the
new stock over to Greenfield": a past verb of carrying, the goods, then "at/to" and the
customer. No trigger phrase says a visit here ("dropped off samples at" in train is one only
by the phrase), so the shape is added as `log_interaction` evidence; the medium is a visit.
What the customer wants delivered ("they want it delivered by june") has no customer after
"to" and a past verb before it, so it is not matched.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from nlu.intents import TriggerHit

_GOODS = (
    r"(?:orders?|delivery|deliveries|stock|goods|samples?|parcels?|boxes|pallets?|cases|crates|"
    r"kits?|consignment|shipment|units|invoice|brochures?|paperwork|documents|quote|cheque|"
    r"supplies|milk|produce)"
)
_CARRIED = re.compile(
    r"\b(?:dropped|delivered|took|brought|left|ran|carried|shipped\s+and\s+dropped)\s+(?:off\s+)?"
    r"(?:(?:the|an?|their|our|my|his|her|today's|this\s+week's|some|all\s+the|\d+)\s+)?"
    r"(?:[\w'-]+\s+){0,2}?"
    + _GOODS
    + r"\s+(?:off\s+|over\s+|round\s+|across\s+)?(?:at|to|with|into)\s+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)


def delivery_hits(
    text: str, customers: Sequence[tuple[int, int]], hits: Sequence[TriggerHit]
) -> list[TriggerHit]:
    """A `log_interaction` hit on the verb of each delivery made to a named customer."""
    found = []
    for start, _ in customers:
        carried = _CARRIED.search(text, max(0, start - 70), start)
        if carried is None:
            continue
        if any(h.start < start and carried.start() < h.end for h in hits):
            continue
        found.append(TriggerHit("log_interaction", carried.start(), carried.end(), "visit"))
    return found

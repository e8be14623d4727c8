"""Customers taken back in English dictation: "dropped into thames valley engineering uh no
sorry marlow and finch", "call Contoso, I mean Fairbank".

The speaker names one customer, then a correction marker, then the customer meant. The name
taken back and the marker are blanked, offsets kept, so every rule after reads one customer.
Only a customer said right before the marker and one right after it count: "no sorry" alone
retakes nothing here (days, figures and given names said again are `voice_en`'s).
"""

from __future__ import annotations

import re
from itertools import pairwise

from nlu.types import CustomerFinder

_FILLERS = r"(?:[\s,.;-]|\b(?:uh+|um+|er+|erm)\b)*"
# What may stand between the name taken back and the one meant.
_BETWEEN = re.compile(
    _FILLERS + r"\b(?:no\s+sorry|sorry\s+no|no\s+wait|wait\s+no|no\s+no|i\s+mean|sorry|actually|"
    r"or\s+rather|not\s+that\s+one|no)\b" + _FILLERS + r"(?:it\s+was\s+|i\s+meant\s+)?",
    re.IGNORECASE,
)


_MARK = re.compile(r"\b(?:no|sorry|i\s+mean|actually|rather|not\s+that\s+one)\b", re.IGNORECASE)


def customers_said_again(text: str, customers: CustomerFinder | None) -> str:
    """`text` with each customer taken back, and its correction marker, blanked (same length)."""
    if customers is None or not text.isascii() or _MARK.search(text) is None:
        return text
    found = sorted(customers.find(text), key=lambda span: span.start)
    for wrong, right in pairwise(found):
        between = _BETWEEN.fullmatch(text, wrong.end, right.start)
        if between is None:
            continue
        text = text[: wrong.start] + " " * (right.start - wrong.start) + text[right.start :]
    return text

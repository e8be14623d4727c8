"""A company named in English as the customer's alternative supplier, not as the customer.

"if we can't do better than 6 weeks they'll look at Ashford for the next batch", "they might go
with Harrow instead", "they're also talking to Wyvern", "lost it to Selby": the company after
these words is a competitor in a note about someone else. The parser drops such a mention only
when the message names another customer (alone, it may be the customer the note is about).
"""

from __future__ import annotations

import re

# What stands right before a competitor's name.
_BEFORE_A_RIVAL = re.compile(
    r"\b(?:(?:they|he|she|client|customer)(?:'ll|’ll|'d|’d|\s+will|\s+would|\s+might|\s+may|"
    r"\s+could|\s+are|'re|’re|\s+is|'s|’s)?\s+(?:(?:also|probably|seriously|now|then)\s+)?"
    r"(?:look(?:ing)?\s+at|go(?:ing)?\s+(?:with|to)|switch(?:ing)?\s+to|mov(?:e|ing)\s+to|"
    r"talk(?:ing)?\s+to|buy(?:ing)?\s+from|consider(?:ing)?|tak(?:e|ing)\s+it\s+to|"
    r"get(?:ting)?\s+(?:a\s+)?quotes?\s+from)|"
    r"\b(?:lost\s+(?:it|the\s+\w+|out)\s+to|competitor|rival|competing\s+(?:quote|bid)\s+from|"
    r"quote\s+from|cheaper\s+than|undercut\s+by|instead\s+of))\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def named_as_rival(text: str, start: int) -> bool:
    """Whether the company named at `start` is put as the customer's alternative supplier."""
    return _BEFORE_A_RIVAL.search(text, max(0, start - 60), start) is not None

"""English questions said in more than one sentence: the message still asks one thing.

"How's Contoso looking these days? Any open tickets I should know about before my 10am?" is two
questions about one customer, and "TVE is asking for a loyalty discount. How loyal are they?"
gives the reason, then asks: neither reports anything to record. The parser asks this only of a
message it would otherwise cut at its sentence ends.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# A sentence that says what the customer is asking for now, the reason for the question after it.
_THEIR_ASK = re.compile(
    r"^[^.?!]{0,60}?\b(?:is|are|'s|'re)\s+(?:asking|pushing|angling|hoping)\s+(?:for|about)\b",
    re.IGNORECASE,
)


def asked_in_sentences(text: str, breaks: Sequence[tuple[int, int]]) -> bool:
    """Every sentence of `text` (cut at `breaks`) is a question, or the customer's present ask
    that the question closing the message is about."""
    if not text.isascii() or not text.rstrip().endswith("?"):
        return False
    sentences: list[str] = []
    start = 0
    for begin, end in [*breaks, (len(text), len(text))]:
        sentence = text[start:end].strip()
        if sentence:
            sentences.append(sentence)
        start = max(start, end if begin < len(text) else len(text))
    if len(sentences) < 2:
        return False
    return all(
        sentence.endswith("?") or (at == 0 and _THEIR_ASK.match(sentence) is not None)
        for at, sentence in enumerate(sentences)
    )

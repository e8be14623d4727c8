"""English questions said in more than one sentence: the message still asks one thing.

"How's Contoso looking these days? Any open tickets I should know about before my 10am?" is two
questions about one customer, and "TVE is asking for a loyalty discount. How loyal are they?"
gives the reason, then asks: neither reports anything to record. The parser asks this only of a
message it would otherwise cut at its sentence ends.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from nlu.text import sentences_between

# A sentence that says what the customer is asking for now, the reason for the question after it.
_THEIR_ASK = re.compile(
    r"^[^.?!]{0,60}?\b(?:is|are|'s|'re)\s+(?:asking|pushing|angling|hoping)\s+(?:for|about)\b",
    re.IGNORECASE,
)


def asked_in_sentences(text: str, breaks: Sequence[tuple[int, int]]) -> bool:
    """Every sentence of `text` (cut at `breaks`) is a question, or the customer's present ask
    that the question closing the message is about."""
    if not text.isascii():
        return False
    sentences = sentences_between(text, breaks)
    if len(sentences) < 2:
        return False
    if not sentences[-1].endswith("?"):
        return _why_after(sentences)
    return all(
        sentence.endswith("?") or (at == 0 and _THEIR_ASK.match(sentence) is not None)
        for at, sentence in enumerate(sentences)
    )


# "How loyal is Pemberton really? They've been ordering less since Sept.": the question, then
# what the customer has been doing that makes the rep ask; nothing of ours to record.
_THEY_HAVE_BEEN = re.compile(
    r"^(?:(?:coz|cause|because|since|as)\s+)?(?:they|they've|they're|theyve|theyre|he's|she's|"
    r"their\s+(?:orders?|spend|spending|volumes?|purchases?)|orders?|spend)\b"
    r"[^.?!]{0,60}?\b(?:been|have|has|keep|keeps|seem|seems|are|were|is|was|dropped|fell|went|"
    # "They've barely ordered anything since October"
    r"[a-z]+ed|bought|spent|cut|gone)\b",
    re.IGNORECASE,
)
# What the reason must not hold: something of ours that happened or is to be done.
_OURS = re.compile(
    r"\b(?:i|we|i'll|we'll|i've|we've|me|us|told\s+me|said|called|rang|visited|met|signed|"
    r"ordered\s+\d|tomorrow|tmrw|next|remind|follow|ticket)\b",
    re.IGNORECASE,
)


def _why_after(sentences: list[str]) -> bool:
    """One or more questions, then one sentence of what the customer has been doing."""
    *asked, why = sentences
    return (
        all(sentence.endswith("?") for sentence in asked)
        and _THEY_HAVE_BEEN.match(why) is not None
        and _OURS.search(why) is None
    )


def asked_until(text: str, breaks: Sequence[tuple[int, int]]) -> int:
    """Where the asking ends: before the sentence of why that follows the questions (its dates
    are the customer's past, not what is asked about), else the end of the text."""
    last = text.rstrip().rfind("?")
    if last < 0 or not text.isascii() or not asked_in_sentences(text, breaks):
        return len(text)
    why = text[last + 1 :]
    return last + 1 if _THEY_HAVE_BEEN.match(why.strip()) and "?" not in why else len(text)

"""A visit told in the present tense, as Chinese and Vietnamese reps write English: "today I
visit Tanjong Electronics factory, meet Mr. Tuan. They complain solder paste quality", "Today
meet with Contoso Pharma procurement Ms. Li, she mention they may change supplier".

"Today I visit X" alone may be a plan for later in the day. But told with what the people met
said, in the same bare present ("he say", "she mention", "they complain"), it is a report of
the day: the clause is a logged interaction, not a follow-up or a question.
"""

from __future__ import annotations

import re

from nlu.parsing.frames import Clause

_TODAY_BARE = re.compile(
    r"\b(?:today|this morning|this afternoon|just now)\s*,?\s*(?:(?:i|we)\s+)?"
    r"(?:visit|meet(?:\s+with)?|go\s+to|see)\b",
    re.IGNORECASE,
)
# what the person met said, in the bare present no native writer uses ("he say", "she mention")
_TOLD_BARE = re.compile(
    r"\b(?:he|she|they|customer)\s+(?:say|mention|complain|tell|feedback|agree|ask)\b",
    re.IGNORECASE,
)
_RETOLD = frozenset({"schedule_followup", "query_customer", "unknown"})


def present_tense_reports(
    text: str, decided: list[tuple[Clause, str, float]], language: str
) -> list[tuple[Clause, str, float]]:
    """The clauses that open with "today I visit …" in an English message that tells what was
    said in the bare present, read as logged interactions."""
    if language != "en" or not _TOLD_BARE.search(text):
        return decided
    settled = []
    for clause, intent, confidence in decided:
        opening = _TODAY_BARE.search(text, clause.start, clause.end)
        told = intent in _RETOLD and opening is not None and opening.start() - clause.start < 24
        settled.append((clause, "log_interaction" if told else intent, confidence))
    return settled

"""The rep's own English errands recognised by the shape of the clause, dated or not.

A note lists what is still to do in the imperative or as the rep's promise: "send contract",
"pls send paperwork", "kindly arrange delivery", "will chase the PO", "I'll email her the deck",
"do the needful for delivery". The trigger phrases of resources/intents.json know fixed
forms ("need to send", "gonna chase"); here an errand verb that opens a clause, after a
"pls"/"kindly"/"I'll"/"need to" or nothing at all, is `schedule_followup` evidence of its own.
Verbs that are also the nouns of a logged contact ("call w/ the QA lead", "email from Grace")
count only with a person after them ("call her", "email them").
"""

from __future__ import annotations

import re

from nlu.intents import TriggerHit
from nlu.own_plans_en import labelled_note

# Verbs whose base form opening a clause is an errand whatever follows.
_ERRAND_VERB = (
    r"send|chase|arrange|organi[sz]e|prepare|prep|draft|schedule|share|forward|fwd|book|"
    r"set\s+up|sort\s+out|get\s+(?:a\s+|the\s+)?(?:quote|pricing|proposal)|do\s+the\s+needful"
)
# Verbs that name a contact too: an errand only with the person to reach after them.
_CONTACT_VERB = r"(?:call|ring|phone|email|e-mail|text|whatsapp|ping|visit|see|meet)"
_PERSON_AFTER = r"\s+(?:him|her|them|the\s+(?:client|customer))\b"
_VERB = re.compile(
    rf"\b(?:(?P<errand>{_ERRAND_VERB})\b|{_CONTACT_VERB}(?={_PERSON_AFTER}))", re.IGNORECASE
)
# What may stand before the verb in the same clause: a request or the rep's own promise.
_LEAD = re.compile(
    r"(?:^|[.;:!?\n(,，；–—]|\s-|\b(?:and|then|also|so|pls|plz|please|kindly|todo|to\s*do|"
    r"need\s+to|needs\s+to|must|have\s+to|remember\s+to|(?:i|we)\s*(?:'ll|’ll|will|shall)|ill)\b)"
    r"(?:\s*(?:will|pls|plz|please|kindly|also|then|just|quickly|still|need\s+to|must))*\s*$",
    re.IGNORECASE,
)
# Objects that make the verb a ticket's request or a request of the assistant, not an errand.
_NOT_OURS_AFTER = re.compile(
    r"\s+(?:me|us|someone|somebody|anyone|an?\s+(?:engineer|tech|technician)|(?:a\s+)?help|"
    r"(?:up\s+)?(?:an?\s+)?new\s+(?:customer|account|client|contact))\b|"
    r"\s*\?",
    re.IGNORECASE,
)
_QUESTION_BEFORE = re.compile(
    r"\b(?:can|could|would|will|pls\s+can|can't|cannot)\s+(?:you|u|ya|someone|somebody|"
    r"(?:you|u)\s+guys|they|he|she)\s*$",
    re.IGNORECASE,
)


def errand_hits(text: str, hits: list[TriggerHit]) -> list[TriggerHit]:
    """`schedule_followup` hits for errands no trigger phrase near them already marks."""
    if re.search(r"[\u4e00-\u9fff]", text) or labelled_note(text):
        return []
    found = []
    planned = [(h.start, h.end) for h in hits if h.intent == "schedule_followup"]
    for match in _VERB.finditer(text):
        start, end = match.start(), match.end()
        before = text[max(0, start - 24) : start]
        if _LEAD.search(before) is None or _QUESTION_BEFORE.search(before) is not None:
            continue
        if _NOT_OURS_AFTER.match(text, end) or any(
            _same_sentence(text, start, end, low, high) for low, high in planned
        ):
            continue
        found.append(TriggerHit("schedule_followup", start, end, match.group()))
    return found


_SENTENCE_BREAK = re.compile(r"[.;!?\n。；！？]")


def _same_sentence(text: str, start: int, end: int, low: int, high: int) -> bool:
    """A follow-up trigger already within a few words of the verb, in the same sentence."""
    if high < start - 24 or low > end + 24:
        return False
    between = text[min(end, high) : max(start, low)]
    return _SENTENCE_BREAK.search(between) is None


def opens_errand(text: str, hit: TriggerHit) -> bool:
    """The hit is an errand verb found here: its clause starts at the verb, so a sum or a
    product said before it ("signed for 25 panels, £18k - send the plan …") stays with
    what came before."""
    return (
        hit.intent == "schedule_followup"
        and _VERB.match(text, hit.start) is not None
        and (
            hit.phrase.casefold() == text[hit.start : hit.end].casefold()
            and _VERB.fullmatch(hit.phrase) is not None
        )
    )

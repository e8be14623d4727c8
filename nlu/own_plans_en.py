"""The rep's own next step in English, recognised by the shape of the clause.

Reps state what they will do next in many ways: "will send him the Q1 pricing", "need to go back
friday", "must get it to her by thursday", "aim to have a proposal over next week", "going to put
together a proposal for Q1", "plan is to demo the dashboard there". The trigger vocabulary holds
only some verb-and-modal pairs ("need to send", "gonna call"), so a plan dictated with another verb
after a report ("LCL visit, Raj wants a quote, get that over to him tomorrow") went unseen and the
follow-up was lost. Here the clause shape is the evidence: at the start of a clause, an optional
first-person subject, then a word of future, obligation or intention from a complete list, then
the verb. The customer's own plans ("they'll confirm", "Pemberton will sign") have another subject
and never match; repair work ("need to order a new one", "will replace the board") is the
ticket's, not a follow-up.
"""

from __future__ import annotations

import re

from nlu.intents import TriggerHit
from nlu.regex_scout import scouted

# Where a clause starts: the text's start or a break, then fillers and connectives.
_FILLERS = r"\s*(?:(?:uh+|um+|er+|ok|okay|right|so|and|then|also|but|plus|anyway)[\s,]+)*"
_CLAUSE_START = (
    r"(?:^|[.,;:!?\n(]|\s[-–—]|[-–—]\s|\b(?:and|so|then|also|but|plus|after\s+that)\b)" + _FILLERS
)
# Without a subject the clause must start afresh: after "and" or "but" the subject carries over
# ("they loved it and want to expand", "Pemberton signed and will roll out in March").
_BARE_START = r"(?:^|[.,;:!?\n(]|\s[-–—]|[-–—]\s|\b(?:so|then|after\s+that)\b)" + _FILLERS
# Every English way of saying "I/we will, must, mean to": future, obligation, intention.
_MODAL_MINE = (
    r"(?:i|we)\b\s*(?:'ll|’ll|\s+will|\s+shall)|(?:i|we)\s+(?:still\s+)?(?:need|have|got|ought)"
    r"\s+to|(?:i|we)\s+(?:must|should)|(?:i|we)\s*(?:'ve|’ve|\s+have)\s+got\s+to|"
    r"(?:i'm|i’m|im|i\s+am|we're|we’re|we\s+are)\s+(?:going\s+to|gonna|planning\s+to|"
    r"aiming\s+to|hoping\s+to|meaning\s+to|due\s+to|trying\s+to|looking\s+to)|"
    r"(?:i|we)\b\s+(?:plan|aim|intend|want|hope|mean|try|wanna|gotta)(?:\s+to)?|"
    r"(?:i|we)(?:'d|’d|\s+would)\s+(?:like|love)\s+to"
)
# Said without the subject, as notes are: "will call tomorrow", "must chase the PO"; and the
# plan named as a plan: "plan is to demo", "next step is to", "let's".
_MODAL_BARE = (
    r"will|need\s+to|have\s+to|must|should|gotta|got\s+to|going\s+to|gonna|"
    r"plan\s+to|planning\s+to|aim\s+to|aiming\s+to|intend\s+to|"
    r"(?:the\s+)?(?:plan|idea|aim|next\s+step|next\s+thing)\s+is\s+to|let'?s|let’s"
)
# Not a step of ours: being somewhere other than with them, waiting or thinking, and repair
# work (the ticket's).
_NOT_A_STEP = (
    r"(?!(?:be\s+(?!there|back|on\s+site|over|round|down|in\s+touch)|wait|hear|know|think|"
    r"see\s+(?:if|whether|how)|keep\s+an\s+eye|leave|hold\s+off|order|replace|fix|repair|swap|"
    r"reset|reboot|need|have\s+to|look\s+into\s+it|monitor|watch|"
    # bookkeeping on the ticket itself: "all fixed, will close it once they confirm"
    r"close|reopen|resolve|mark|"
    # a subject after the modal asks a question: "will it rain today", "should we wait"
    r"it|they|he|she|you|we|i|that|this|there)\b)"
)
_STEP = r"\s+(?:also\s+|then\s+|just\s+|definitely\s+)?" + _NOT_A_STEP + r"(?P<verb>[a-z]+)\b"
_OWN_STEP = scouted(
    _CLAUSE_START
    + r"(?P<modal>"
    + _MODAL_MINE
    + r")"
    + _STEP
    + r"|"
    + _BARE_START
    + r"(?P<bare>"
    + _MODAL_BARE
    + r")"
    + _STEP.replace("verb", "verb2"),
    re.IGNORECASE,
)


# A call or a visit of ours said as an order to oneself, at the start of a clause: "call
# Fairbank in the morning", "ring kevin first thing" (not the talk named: "call with Tom", "call
# went well", "call from Raj").
_CONTACT_ORDER = re.compile(
    _BARE_START + r"(?P<order>(?:call|ring|phone|email|e-mail|text|whatsapp|visit|see|meet)\s+"
    r"(?!(?:with|from|to|went|done|today|this|yesterday|earlier|re|about|was|is|went|back|in|on|"
    r"for|at|notes?|log|summary|me|i|we|you|it|calls?|meeting|mtg|visit)\b)(?:the\s+)?"
    r"[a-z][\w&'’.-]*)(?!\s*:)",
    re.IGNORECASE,
)
# A note labelled as one records what it says ("Note: … need to re-introduce ourselves").
_NOTE = re.compile(r"^\s*(?:note|nb|fyi|for\s+the\s+record)\b", re.IGNORECASE)
# Going out to the site: right after a fault reported alone, the ticket's visit, not a
# follow-up ("forklift charger tripping. will go Thu am").
_TO_SITE = frozenset({"go", "come", "be", "head", "pop", "swing", "drop", "attend", "send"})


def labelled_note(text: str) -> bool:
    """The message is labelled a note ("Note:", "NB", "FYI"): it records, it plans nothing."""
    return _NOTE.match(text) is not None


def own_step_hits(text: str, hits: list[TriggerHit]) -> list[TriggerHit]:
    """A follow-up trigger where a clause states the rep's own next step by its shape, unless a
    follow-up trigger already covers that step."""
    if labelled_note(text):
        return []
    found = []
    for match in _OWN_STEP.finditer(text):
        modal = "modal" if match.group("modal") else "bare"
        verb = "verb" if match.group("modal") else "verb2"
        start, end = match.start(modal), match.end(verb)
        if any(
            h.intent == "schedule_followup" and start - 2 <= h.start <= end + 24 for h in hits
        ) or (match.group(verb).casefold() in _TO_SITE and _fault_alone_before(hits, start)):
            continue
        found.append(TriggerHit("schedule_followup", start, end, text[start:end]))
    for order in _CONTACT_ORDER.finditer(text):
        start, end = order.span("order")
        if not any(h.start < end and start < h.end for h in (*hits, *found)):
            found.append(TriggerHit("schedule_followup", start, end, order["order"]))
    return found


def _fault_alone_before(hits: list[TriggerHit], position: int) -> bool:
    """A fault was reported before `position` with no talk logged before it."""
    before = {h.intent for h in hits if h.start < position}
    return "open_ticket" in before and "log_interaction" not in before

"""English sentences that add nothing of their own to the action said before them.

New writers end a report with what the rep wants done with it — "pls record the deal",
"Kindly record.", "Please record before books close.", "PFA PO copy in mail" — or give the
details of the customer being created in a sentence of their own — "Contact no +60 12-338
4410, email ops@x.my". Neither is a second thing that happened or is to be done: the request
is to record the report itself (an attachment note is what came with it), and the details are
the new customer's. So the request is dropped and the details join the customer being created.
A label before a phone number or an e-mail ("contact no", "mob:", "email id") is also no call,
no message and no follow-up: `labels_a_detail` says so to the clause cutter.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from nlu.parsing.frames import Action

# "PFA", "please find attached", "attached the PO", "PO copy in mail", "sent on mail": what
# came with the report.
_ATTACHED = (
    r"(?:pfa|pfb|p\.f\.a\.?|(?:please\s+)?find\s+attached|attached|attaching|enclosed)\b[^,.;!?\n]*"
    r"|[\w ]{0,24}\b(?:copy|copies|scan|pdf|screenshot)\s+(?:in|on|by|via|over)\s+(?:the\s+)?"
    r"(?:mail|e-?mail|whatsapp|chat|drive)\b"
)
# "pls record the deal", "kindly record", "please log it before books close", "update in crm".
_RECORD = (
    r"(?:(?:and|so|also)\s+)?(?:(?:pls|plz|please|kindly|can\s+you|could\s+you|do)\s+)*"
    r"(?:record|log|save|note|enter|capture|update|book|put)(?:\s+(?:it|this|that|the\s+same|same|"
    r"them|the\s+(?:deal|order|sale|po|win|visit|call|details?|entry)))?"
    r"(?:\s+(?:in|into|on)\s+(?:the\s+)?(?:crm|system|books?))?"
    r"(?:\s+(?:before|by|asap|today|now|accordingly|pls|please|thanks?|thx)\b[^,.;!?\n]*)?"
)
_REQUEST_ONLY = re.compile(
    rf"^[\s,.;:!–—-]*(?:(?:{_ATTACHED})[\s,.;:!–—-]*)*(?:(?:{_RECORD})[\s,.;:!–—-]*)?"
    r"(?:thanks?|thx|ty|cheers|regards)?[\s,.;:!–—-]*$",
    re.IGNORECASE,
)


def only_asks_to_record(clause: str) -> bool:
    """The clause only asks to record what was said (or notes what came with it)."""
    return bool(clause.strip()) and _REQUEST_ONLY.match(clause) is not None


# "Contact no +60…", "contact number:", "mob.", "ph", "email id -", "whatsapp no": the word
# before a phone number or address names it.
_DETAIL_LABEL = re.compile(
    r"[\s:.#-]*(?:(?:no|nos|num|number|details?|info|id|is)\b[\s:.#-]*)*(?:is\b)?[\s:.#-]*$",
    re.IGNORECASE,
)


def labels_a_detail(text: str, end: int, detail_start: int) -> bool:
    """The words between a trigger's end and a phone number or e-mail are only a label."""
    return 0 <= detail_start - end <= 16 and _DETAIL_LABEL.match(text[end:detail_start]) is not None


# What the request's own words give: the medium of the attachment, the thing it names.
_REQUEST_SLOTS = frozenset(
    {"summary", "customer", "customer_candidates", "interaction_type", "product"}
)
_DETAILS = frozenset({"phone", "email", "contact", "summary", "customer", "customer_candidates"})


def told_with_the_action_before(actions: list[Action], text: str) -> list[Action]:
    """A request to record after a report is that report's; contact details said after a
    customer is created are that customer's."""
    kept: list[Action] = []
    for action in actions:
        before = kept[-1] if kept else None
        if before is None:
            kept.append(action)
            continue
        clause = text[action.start : action.end]
        if only_asks_to_record(clause) and set(action.slots) <= _REQUEST_SLOTS:
            kept[-1] = replace(before, end=max(before.end, action.end))
            continue
        if (
            before.intent == "create_customer"
            and action.intent in ("schedule_followup", "log_interaction", "unknown")
            and ("phone" in action.slots or "email" in action.slots)
            and set(action.slots) <= _DETAILS
            and not _DEED.search(clause)
        ):
            details: dict[str, Any] = {
                k: action.slots[k] for k in ("phone", "email") if k in action.slots
            }
            kept[-1] = replace(
                before, slots={**details, **before.slots}, end=max(before.end, action.end)
            )
            continue
        if (
            before.intent == "update_ticket"
            and action.intent == "open_ticket"
            and "ticket" not in action.slots
            and set(action.slots) <= _FAULT_SLOTS
            and not _ANOTHER.search(clause)
            and _REPRIORITISED.search(text, before.start, before.end)
        ):
            # "escalate T-3307 to urgent, client's billing line is down since morning": the
            # fault is why the ticket is hurried, not a ticket of its own
            kept[-1] = replace(before, end=max(before.end, action.end))
            continue
        kept.append(action)
    return kept


_FAULT_SLOTS = frozenset(
    {"summary", "priority", "when", "product", "customer", "customer_candidates"}
)
_ANOTHER = re.compile(
    r"\b(?:also|another|too|as\s+well|separate(?:ly)?|new|second|different|open|raise|log|create)\b",
    re.IGNORECASE,
)
_REPRIORITISED = re.compile(
    r"\b(?:escalat\w*|bump\w*|expedite\w*|prioriti[sz]\w*|reopen\w*|re-open\w*|"
    r"(?:raise|set|move|mark|make)\w*\s+(?:it|this|the\s+ticket|t-?\d+|\d+)?\s*(?:to|as)\s+"
    r"(?:high|urgent|critical|p1))",
    re.IGNORECASE,
)


# Something to do with the details: "call them on 98300 41276", "email the brochure to …".
_DEED = re.compile(
    r"\b(?:call|ring|phone|send|email\s+(?:him|her|them|the)|whatsapp\s+(?:him|her|them)|"
    r"remind|follow|visit|meet|book|schedule|tomorrow|next|on\s+(?:mon|tue|wed|thu|fri|sat|sun))",
    re.IGNORECASE,
)

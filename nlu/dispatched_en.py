"""Our engineer sent to the customer, said after a ticket's update: "T-6021 status change to in
progress. Engineer Sato dispatched to Tanjong.", "ticket 2210 in progress, tech on the way to
Fairbank".

The sentence names whose ticket it is and who went; it is no action of its own (no visit of the
rep's to log, no plan to book). The customer joins the ticket when it has none.
"""

from __future__ import annotations

import re
from dataclasses import replace

from nlu.parsing.frames import Action

_DISPATCHED = re.compile(
    r"\W*(?:(?:our|the|an?)\s+)?(?:engineer|technician|tech|team|crew|fitter|service\s+engineer)s?"
    r"\s+(?:[A-Za-z]+\s+)?(?:(?:has\s+been|have\s+been|was|were|is|are|now|already)\s+)*"
    r"(?:dispatched|sent|assigned|en\s+route|on\s+the\s+way|on\s+(?:his|her|their)\s+way|heading)"
    r"\s+(?:out\s+|over\s+|down\s+)?(?:to|for)\b",
    re.IGNORECASE,
)
_TICKETS = frozenset({"update_ticket", "open_ticket"})
_CUSTOMER = ("customer", "customer_candidates")


def dispatched_to_the_ticket(actions: list[Action], text: str) -> list[Action]:
    """An engineer sent to a customer right after a ticket's update: the ticket's customer."""
    settled: list[Action] = []
    for action in actions:
        ticket = settled[-1] if settled else None
        if (
            ticket is not None
            and ticket.intent in _TICKETS
            and "ticket" not in action.slots
            and "customer" in action.slots
            and _DISPATCHED.match(text, ticket.end, action.end)
        ):
            if "customer" not in ticket.slots:
                named = {k: action.slots[k] for k in _CUSTOMER if k in action.slots}
                settled[-1] = replace(ticket, slots={**ticket.slots, **named})
            continue
        settled.append(action)
    return settled

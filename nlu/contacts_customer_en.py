"""A person named again goes with the customer they were named with.

"Weekly summary: Thames Valley Engineering – video meeting with Mr. Clarke …; Ashford Precision
Tools – order signed …; call Mr. Clarke again on 25.11.": the last clause names no customer, so
it took the one named last (Ashford), but Mr. Clarke is Thames Valley's. A clause that names no
customer of its own and names a person met earlier in the message under another customer is
that customer's.
"""

from __future__ import annotations

from dataclasses import replace

from nlu.parsing.frames import Action

_CUSTOMER_KEYS = ("customer", "customer_candidates")


def _contact(action: Action) -> str | None:
    contact = action.slots.get("contact")
    text = contact.get("text") if isinstance(contact, dict) else contact
    return text.casefold() if isinstance(text, str) and text.strip() else None


def _named_in(action: Action, text: str) -> bool:
    customer = action.slots.get("customer")
    said = customer.get("text") if isinstance(customer, dict) else None
    return isinstance(said, str) and said.casefold() in text[action.start : action.end].casefold()


def contact_keeps_customer(actions: list[Action], text: str) -> list[Action]:
    """Each action whose customer was carried over from the clause before, given back the
    customer its contact was named with earlier in the message."""
    result: list[Action] = []
    for action in actions:
        result.append(_with_contacts_customer(action, result, text))
    return result


def _with_contacts_customer(action: Action, earlier_actions: list[Action], text: str) -> Action:
    person = _contact(action)
    if person is None or "customer" not in action.slots or _named_in(action, text):
        return action
    for earlier in reversed(earlier_actions):
        if _contact(earlier) == person and _named_in(earlier, text):
            carried = {k: earlier.slots[k] for k in _CUSTOMER_KEYS if k in earlier.slots}
            return replace(action, slots={**action.slots, **carried})
    return action

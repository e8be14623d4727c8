"""One English deal told in two sentences: the win, then its terms.

"closed the deal with X!! 185 thousand dollars for the cold room project, signed today",
"Deal done with X. $40k for the scanners": the first sentence says the deal was won, the next
gives its sum and what it is for. Both read as deals, but it is one deal: the terms join the
deal said just before, of the same customer, when that one has no sum of its own.
The other way round, "meeting with Mr Lim … they take the sensors 500 pieces for 31 thousand
euro contract is signed": the sum said in the talk before the signing is the deal's, when the
deal right after it has none.
"""

from __future__ import annotations

from dataclasses import replace

from nlu.parsing.frames import Action

_CUSTOMER_SLOTS = ("customer", "customer_candidates")


def _same_customer(first: Action, second: Action) -> bool:
    one, other = first.slots.get("customer"), second.slots.get("customer")
    if one is None or other is None:
        return True  # the terms often name no customer: they are the one just named
    return bool(one.get("id") is not None and one.get("id") == other.get("id"))


def deal_terms_join(actions: list[Action]) -> list[Action]:
    """A deal with a sum right after a deal without one, same customer: one deal."""
    kept: list[Action] = []
    for action in actions:
        before = kept[-1] if kept else None
        if (
            before is not None
            and before.intent == "record_deal"
            and action.intent == "record_deal"
            and "amount" not in before.slots
            and "amount" in action.slots
            and _same_customer(before, action)
        ):
            slots = {**action.slots, **{k: v for k, v in before.slots.items() if k != "summary"}}
            slots.update({k: action.slots[k] for k in ("amount", "product") if k in action.slots})
            for key in _CUSTOMER_SLOTS:
                if key not in slots and key in action.slots:
                    slots[key] = action.slots[key]
            kept[-1] = replace(before, slots=slots, end=max(before.end, action.end))
            continue
        kept.append(action)
    return kept


def deal_sum_from_the_talk(actions: list[Action]) -> list[Action]:
    """A sum on a logged talk followed by a deal of the same customer with none: the deal's."""
    out = list(actions)
    for index in range(len(out) - 1):
        talk, deal = out[index], out[index + 1]
        if (
            talk.intent == "log_interaction"
            and deal.intent == "record_deal"
            and "amount" in talk.slots
            and "amount" not in deal.slots
            and _same_customer(talk, deal)
        ):
            talk_slots = dict(talk.slots)
            deal_slots = {**deal.slots, "amount": talk_slots.pop("amount")}
            out[index] = replace(talk, slots=talk_slots)
            out[index + 1] = replace(deal, slots=deal_slots)
    return out

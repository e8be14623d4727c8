"""A Chinese chase said first, then when we do it: one follow-up, not two.

"寒假前得把X那笔尾款催回来 还有八万四 这周五我先打个电话问问": the rep names the task (chase
the money) and then the step and its day; both are the one follow-up with X, dated by the step.
A follow-up with no time, right before a dated follow-up of the same customer, joins it.
"""

from __future__ import annotations

from nlu.parsing.frames import Action

_OWN_SLOTS = frozenset({"customer", "customer_candidates", "summary", "amount"})


def _same_customer(first: Action, second: Action) -> bool:
    one, other = first.slots.get("customer"), second.slots.get("customer")
    if not isinstance(one, dict) or not isinstance(other, dict):
        return False
    return one.get("id") is not None and one.get("id") == other.get("id")


def chase_then_when_zh(actions: list[Action], language: str) -> list[Action]:
    """The follow-ups with each timeless one joined to the dated one of its customer after it."""
    if language != "zh":
        return actions
    actions = list(actions)
    result: list[Action] = []
    for index, action in enumerate(actions):
        after = actions[index + 1] if index + 1 < len(actions) else None
        if (
            after is not None
            and action.intent == after.intent == "schedule_followup"
            and "when" not in action.slots
            and "when" in after.slots
            and set(action.slots) <= _OWN_SLOTS
            and _same_customer(action, after)
        ):
            slots = {k: v for k, v in action.slots.items() if k not in after.slots}
            actions[index + 1] = Action(
                after.intent, after.confidence, {**after.slots, **slots}, action.start, after.end
            )
            continue
        result.append(action)
    return result

"""Two things asked in one Chinese message: the agenda, then a customer.

A rep asks for the day's plan and, in the same breath, about one customer: "帮我看看今天上午有什么
安排 嗯 还有 X那个续约 到底谈到哪一步了", "帮我看下这周的日程，再查一下X的联系人电话". The
agenda is asked for its time; the customer named after "还有 / 再 / 另外 / 顺便" is a look-up of
its own (`query_customer`), not the agenda's customer. A message that asks one thing is left as
`parsing.questions.question_action` read it.
"""

from __future__ import annotations

import re
from datetime import datetime

from nlu.parsing.frames import Action, Clause, Entities
from nlu.parsing.slot_filling import action_slots

# What the agenda is called: 安排, 日程, 行程, 计划, 日历.
_AGENDA_WORD = re.compile(r"安排|日程|行程|计划|日历|待办")
# The second ask begins: "还有", "再查一下", "另外", "顺便".
_THEN_ASKED = re.compile(r"(?:^|[\s，,。；;？?！!、])(?:嗯\s*)?(?:还有|再|另外|顺便|然后)")


def asked_twice_zh(
    text: str, question: Action, entities: Entities, now: datetime
) -> tuple[Action, ...]:
    """The agenda and the customer look-up asked after it, or the question alone."""
    if question.intent != "list_agenda" or not entities.customers:
        return (question,)
    then = next(
        (
            m
            for m in _THEN_ASKED.finditer(text)
            if _AGENDA_WORD.search(text, 0, m.start())
            and all(c.start >= m.end() for c in entities.customers)
        ),
        None,
    )
    if then is None:
        return (question,)
    agenda = {
        k: v for k, v in question.slots.items() if k not in ("customer", "customer_candidates")
    }
    asked = Clause(then.end(), len(text))
    slots = action_slots(text, asked, entities, "query_customer", now)
    slots.pop("when", None)
    return (
        Action("list_agenda", question.confidence, agenda, 0, then.start()),
        Action("query_customer", question.confidence, slots, then.end(), len(text)),
    )


# Customers listed in one breath: "X、Y这两家", "X和Y".
_LISTED = re.compile(r"\s*(?:、|和|跟|与|及|以及|，|,)\s*")
_ASKING = frozenset({"query_customer", "loyalty_summary"})


def listed_together_zh(
    actions: list[Action], text: str, entities: Entities, language: str
) -> list[Action]:
    """ "X、Y这两家最近下单少了很多，是不是有流失风险？帮我出个分析": customers listed together
    are asked the same thing — each gets the ask said after the list (one per customer)."""
    result = list(actions)
    if language != "zh":
        return result
    for index in range(len(result) - 2, -1, -1):
        first, second = result[index], result[index + 1]
        if first.intent not in _ASKING or second.intent not in _ASKING:
            continue
        if first.intent == second.intent:
            continue
        mine = [c for c in entities.customers if first.start <= c.start < first.end]
        theirs = [c for c in entities.customers if second.start <= c.start < second.end]
        if (
            len(mine) == 1
            and theirs
            and _LISTED.fullmatch(text, mine[0].end, theirs[0].start) is not None
            and set(first.slots) <= {"customer", "customer_candidates", "summary"}
        ):
            result[index] = Action(
                second.intent, second.confidence, first.slots, first.start, first.end
            )
    return result

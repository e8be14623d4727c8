"""A message that asks (a look-up, the agenda, a loyalty summary) is one question, whatever write
words it asks about."""

from __future__ import annotations

import re
from datetime import datetime

from nlu.language import detect_language
from nlu.parsing.clauses import SCHEDULED, customers_in, cut_into_clauses, their_question
from nlu.parsing.decide import PRECEDENCE, decide_clause
from nlu.parsing.entities import extract
from nlu.parsing.frames import Action, Clause, Entities, IntentClassifier, ParseContext
from nlu.parsing.intent_rules import asking_intent, go_and_see
from nlu.parsing.reading import read_message
from nlu.parsing.slot_filling import ASKING, action_slots
from nlu.regex_scout import scouted
from nlu.spaced_zh import as_read

QUESTION = re.compile(
    r"[?？]\s*$|(?:吗|呢|没有|有没有|哪些|哪几家|哪几个|哪家|哪个|几个|多少|什么时候|什么|怎么样|怎么|如何|谁|"
    r"是不是|了没|啥|啥时候|咋样|哪里|哪儿|几号|怎么(?:弄|办|操作))\s*$|"
    # 西南 questions end in a particle: "啥子情况嘛", "上回拜访是好久哦" (好久 = when)
    r"(?:啥子[\u4e00-\u9fff]{0,3}|是好久|没得)(?:嘛|哦|噻|哈|喃|嗦)\s*$|^\s*(?:(?:um|uh|so|ok|okay|hey)[\s,]+)*(?:who|what|what's|whats|when|"
    r"when's|which|how|where|do we|does|did|is there|are there|any|has|have we|can you show|"
    r"show me|list)\b",
    re.IGNORECASE,
)


# Look-ups said without a question mark: "华信电子上次拜访记录", "帮我看看今天的待办".
ASKS = scouted(
    r"查一下|查查|查下|帮我查|帮我看|给我看|^\s*看一(?:下|眼)|列一下|列个|(?<!记)记录(?!一下|仪|丢|没了|不见)|汇总|历史|"
    r"^\s*(?:嗯|呃|那个)*\s*看看(?!就行)|进度|到期(?!提醒)|有没有|哪些|(?<![有好])几个|还有几个|谁在|(?<!不)是不是|的(?:电话|手机号?|联系方式|邮箱)\s*$|"
    # "联系人电话发我一下", "上次拜访是哪天", "今年回款多少了"
    r"(?:电话|手机号?|邮箱|资料|名单|记录)发我|(?:电话|手机号?|邮箱)(?:号码?)?(?:是)?多少|哪天|哪一天|多少钱|多少单|回款多少|多少了\s*$|"
    # a bare noun phrase: "博瑞医疗的合同", "迅捷物流宋经理电话", "华信电子今年回款情况"
    r"^\s*[^\s，,。；;！!给回打约去发]{2,12}?的?(?:(?<![打通接完了个])电话|手机号?|合同|回款情况|情况|资料|联系方式)\s*$"
    # 帮我查 in Chinese reps' English: "help me check hua kang how many open ticket"
    r"|^\s*(?i:(?:(?:pls|please|can you)\s+)?help\s+me\s+(?:check|look\s+up|find\s+out)\b)"
)


# A Chinese sentence that opens as a question though it ends without a mark: "有没有没结的工单".
# Intents that ask about many records at once: the whole message is one request.
_WHOLE_MESSAGE = frozenset({"loyalty_summary", "list_agenda", "help"})


def classifier_clauses(text: str, context: ParseContext) -> list[tuple[str, list[tuple[int, int]]]]:
    """The clauses `parse` asks the classifier about in a message of actions, each with where it
    names customers (relative to the clause): the classifier learns from the same pieces."""
    _, analysed = read_message(as_read(text), context)
    if not analysed.strip():
        return []
    language = detect_language(analysed, default=context.language_hint or "zh")
    entities = extract(analysed, context, language)
    return [
        (analysed[clause.start : clause.end], customers_in(clause, entities))
        for clause in cut_into_clauses(analysed, entities, context.now)
    ]


def is_asking(text: str, entities: Entities, clauses: list[Clause]) -> bool:
    """The message asks the assistant something (a look-up, the agenda, loyalty figures)."""
    return (
        not their_question(text, entities)
        and not go_and_see(text, clauses)
        and (
            QUESTION.search(text) is not None
            or ASKS.search(text) is not None
            or any(
                h.intent in _WHOLE_MESSAGE and not SCHEDULED.search(text, 0, h.start)
                for c in clauses
                for h in c.hits
            )
        )
    )


def question_action(
    text: str,
    clauses: list[Clause],
    entities: Entities,
    language: str,
    classifier: IntentClassifier | None,
    *,
    now: datetime,
) -> Action:
    """The whole message as one question: what it asks, with the slots it names."""
    whole = Clause(0, len(text), [h for c in clauses for h in c.hits])
    intent, confidence = decide_clause(text, whole, entities, language, classifier)
    if intent not in ASKING:
        # "这个机器人怎么建新客户": the write word is what the question is about; a help, agenda
        # or loyalty trigger beside it says what is asked.
        named = {hit.intent for hit in whole.hits}
        asked = next((i for i in PRECEDENCE if i in _WHOLE_MESSAGE and i in named), None)
        if asked is not None:
            intent, confidence = asked, 0.75
        else:
            intent, confidence = asking_intent(text, whole, entities, language, classifier)
    slots = action_slots(text, whole, entities, intent, now)
    return Action(intent, confidence, slots, 0, len(text))

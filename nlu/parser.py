"""`parse(text, context) -> ParseResult`: one message in, the CRM actions it asks for out.

The deterministic layer runs first (as in Snips NLU): extractors find customers, times, money,
tickets, contacts and the like over the whole message; the message is cut into clauses where the
trigger phrases of different intents meet; each clause becomes an action whose intent is decided by
the triggers (and, where triggers are silent or split, the trained classifier), and whose slots are
the entities inside it, the customer carried over from earlier clauses when a clause names none.
Pure: no database, no network; the customer directory comes in the context.

The stages live in `nlu.parsing`, one module each, lowest first: frames, reading, products,
entities, slot_values, when, slot_filling, clauses, intent_rules, decide, questions,
action_passes. Each imports only the ones before it (an import-linter layers contract).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from typing import Any

from nlu.acts_zh import act_with_reasons
from nlu.also_for_en import asked_again_for, asks_again
from nlu.asks import calls_off_a_plan
from nlu.chases_zh import chase_then_when_zh
from nlu.chinglish_en import present_tense_reports
from nlu.contacts_customer_en import contact_keeps_customer
from nlu.dispatched_en import dispatched_to_the_ticket
from nlu.intents import dialogue_act
from nlu.language import detect_language
from nlu.parsing.action_passes import (
    anchor_for,
    asked_once,
    day_named,
    details_of_the_new_customer,
    english_actions_settled,
    heard_updates,
    met_goes_with_the_visit,
    next_stop_day,
    one_visit_per_customer,
    plan_after_the_news,
    report_first,
    share_ticket_slots,
    signing_later,
    stop_of_the_day,
    zh_counted_as_told,
    zh_one_thing_told_twice,
    zh_plans_inside,
)
from nlu.parsing.clauses import (
    SERVICE_ASKED,
    asked_alone,
    cut_into_clauses,
    one_talk_per_person,
    strong_breaks,
)
from nlu.parsing.decide import clause_decisions
from nlu.parsing.entities import extract
from nlu.parsing.frames import (
    Action,
    Clause,
    Entities,
    IntentClassifier,
    ParseContext,
    ParseResult,
)
from nlu.parsing.questions import is_asking, question_action
from nlu.parsing.reading import read_message, unknown_action
from nlu.parsing.slot_filling import NEEDS_CUSTOMER, action_slots
from nlu.parsing.when import day_named_first, names_a_day, pick_time
from nlu.questions_en import asked_in_sentences, asked_until
from nlu.questions_zh import asked_in_sentences_zh
from nlu.regex_scout import scouted
from nlu.script_zh import as_written, simplified
from nlu.spaced_zh import closed_up, span_as_written
from nlu.two_asks_zh import asked_twice_zh, listed_together_zh
from nlu.types import TimeMention

# A ticket updated after another action of the same message is that customer's ticket.
_TAKES_CUSTOMER = NEEDS_CUSTOMER | {"update_ticket"}

__all__ = ["Action", "IntentClassifier", "ParseContext", "ParseResult", "parse"]


# Not CRM work: bulk changes and exports, attempts to rewrite the rules, chat about the bot.
_OUT_OF_SCOPE = scouted(
    r"(?:忽略|忘记|忘掉).{0,8}(?:规则|指令)|系统提示词|"
    r"forget (?:your|all|the|previous) (?:rules|instructions)|system prompt|"
    # dictated to someone beside the rep, not to the assistant: "I can't hear you mike"
    r"\b(?:can'?t|cannot)\s+hear\s+you\b|\byou'?re\s+breaking\s+up\b|"
    r"(?:全部|所有)[^，,。]{0,12}导出|导出(?:全部|所有)|\bexport (?:all|every)|"
    # (a loyalty report over all customers reads, it changes nothing: "所有客户的忠诚度汇总")
    r"所有的?(?:客户(?![^，,。]{0,3}(?:忠诚|健康|流失|价值|复购|留存))|工单|合同|数据|手机号|电话)|"
    r"\b(?:every|all)\s+(?:the\s+)?(?:tickets?|customers?|deals?|contracts?|records?)\b|"
    # "这个机器人怎么记拜访" asks how to use it: help, not chat about the bot
    r"你是谁|你是(?:不是)?机器人|这个机器人(?!都?(?:怎么|能|可以|会|支持))|"
    r"who are you|are you a (?:bot|robot|human)|"
    # small talk about the weather ("how is the weather in saigon tomorrow"; "the weather
    # station" is a product)
    r"\b(?:how(?:'s| is| will)|what(?:'s| is| will)) the weather\b(?!\s+stations?)|"
    r"\bweather forecast\b|天气(?:怎么样|如何|好不好)",
    re.IGNORECASE,
)


def parse(
    text: str, context: ParseContext, *, classifier: IntentClassifier | None = None
) -> ParseResult:
    """Never raises on bad input: empty, huge, binary or emoji-only text gives `unknown`."""
    spaced = closed_up(text)
    if spaced is None:
        return _parse_closed_up(text, context, classifier)
    # a recogniser's spaces between Chinese words: read closed up, the actions still point
    # into the message as written
    read, where = spaced
    result = _parse_closed_up(read, context, classifier)
    actions = []
    for action in result.actions:
        start, end = span_as_written(where, action.start, action.end)
        actions.append(replace(action, start=start, end=end))
    return ParseResult(text, result.language, tuple(actions))


def _parse_closed_up(
    text: str, context: ParseContext, classifier: IntentClassifier | None
) -> ParseResult:
    shown, analysed = read_message(text, context)
    result = _parse_read(text, shown, analysed, context, classifier)
    if simplified(shown) == shown:  # nothing was folded: the slots are as written
        return result
    return replace(result, actions=tuple(_as_written(a, analysed, shown) for a in result.actions))


def _parse_read(
    text: str,
    shown: str,
    analysed: str,
    context: ParseContext,
    classifier: IntentClassifier | None,
) -> ParseResult:
    """`parse` of the text as read (`read_message`): slot text is cut from `analysed`."""
    language = detect_language(analysed, default=context.language_hint or "zh")
    if not analysed.strip():
        return ParseResult(text, language, (unknown_action(0, 0, 0.05),))
    act = dialogue_act(analysed)
    if act is not None:
        return ParseResult(text, language, (Action(act, 0.98, {}, 0, len(analysed)),))
    entities = replace(extract(analysed, context, language), shown=shown)
    act = act_with_reasons(analysed)  # "先别保存了 信息不全 取消吧", when no customer is named
    if act is not None and not entities.customers:
        return ParseResult(text, language, (Action(act, 0.98, {}, 0, len(analysed)),))
    if _OUT_OF_SCOPE.search(analysed) or calls_off_a_plan(analysed):
        # (calling off a planned visit is no intent of the contract: no follow-up to book)
        slots = action_slots(analysed, Clause(0, len(analysed)), entities, "unknown", context.now)
        return ParseResult(text, language, (Action("unknown", 0.3, slots, 0, len(analysed)),))
    clauses = cut_into_clauses(analysed, entities, context.now)
    if (
        is_asking(analysed, entities, clauses)
        and (
            not strong_breaks(asked_alone(analysed))
            or asked_in_sentences(analysed, strong_breaks(analysed))
            or asked_in_sentences_zh(analysed, strong_breaks(analysed))
        )
        and not SERVICE_ASKED.search(analysed)
    ):
        # A question asks; the write words inside it ("回款了没有", "any complaints?") are
        # what it asks about, not actions to record.
        asked = asked_until(analysed, strong_breaks(analysed))  # "…? They've been ordering less"
        question = question_action(
            analysed[:asked],
            [c for c in clauses if c.start < asked],
            entities,
            language,
            classifier,
            now=context.now,
        )
        return ParseResult(
            text, language, asked_twice_zh(analysed, question, entities, context.now)
        )
    decided = plan_after_the_news(
        analysed,
        clause_decisions(analysed, clauses, entities, language, classifier, now=context.now),
        entities,
    )
    decided = one_talk_per_person(decided, entities)
    decided = present_tense_reports(analysed, decided, language)
    actions: list[Action] = []
    last_customer: dict[str, Any] | None = None
    split_tickets: dict[int, list[dict[str, Any]]] = {}
    anchor: datetime | None = None  # the day named last: "明天一早…然后下午" is tomorrow afternoon
    visited: TimeMention | None = None  # the time of the visits logged so far
    for clause, intent, confidence in decided:
        when = pick_time(
            analysed,
            clause,
            entities,
            intent,
            now=context.now,
            anchor=anchor_for(anchor, actions, intent, language),
        )
        when = when or next_stop_day(analysed, clause, intent, actions, anchor)
        if when is not None and (names_a_day(when) or day_named_first(entities, clause, when)):
            anchor = day_named(when, context.now)
        if intent == "log_interaction" and language == "zh":
            when, visited = stop_of_the_day(
                analysed, clause, when, visited, actions, now=context.now
            )
        slots = action_slots(analysed, clause, entities, intent, context.now, when=when)
        if clause.shared is not None:
            split_tickets.setdefault(clause.shared, []).append(slots)
        if "customer" in slots:
            last_customer = {k: slots[k] for k in ("customer", "customer_candidates") if k in slots}
        elif intent in _TAKES_CUSTOMER and last_customer is not None:
            slots.update(last_customer)  # a ticket moved in a note about a customer is theirs
        action = Action(intent, confidence, slots, clause.start, clause.end)
        if intent == "unknown" and actions and not asks_again(actions[-1], action, analysed):
            continue  # trailing chatter after real actions adds nothing
        actions.append(action)
    actions = _settled(
        actions, analysed, entities, language, now=context.now, split_tickets=split_tickets
    )
    return ParseResult(text, language, tuple(actions))


def _settled(
    actions: list[Action],
    analysed: str,
    entities: Entities,
    language: str,
    *,
    now: datetime,
    split_tickets: dict[int, list[dict[str, Any]]],
) -> list[Action]:
    """The passes that look across a message's actions, in order."""
    actions = asked_again_for(actions, analysed)
    actions = [a for a in actions if a.intent != "unknown"] or actions[:1]
    actions = details_of_the_new_customer(actions, analysed)
    actions = asked_once(actions)
    actions = zh_one_thing_told_twice(actions, language, entities)
    share_ticket_slots(split_tickets)
    actions = signing_later(actions, analysed, language, now)
    actions = heard_updates(report_first(actions, analysed), analysed, now)
    actions = met_goes_with_the_visit(actions, analysed)
    actions = zh_counted_as_told(actions, analysed, entities, language, now)
    actions = one_visit_per_customer(actions, entities, analysed)
    actions = zh_plans_inside(actions, analysed, entities, now, language)
    actions = listed_together_zh(actions, analysed, entities, language)
    actions = chase_then_when_zh(actions, language)
    if language == "en":
        actions = contact_keeps_customer(
            english_actions_settled(actions, analysed, entities, now), analysed
        )
        actions = dispatched_to_the_ticket(actions, analysed)
    return actions


# slot keys whose text is the directory's, not the writer's
_DIRECTORY_KEYS = frozenset({"name", "customer_candidates", "id"})


def _as_written(action: Action, analysed: str, shown: str) -> Action:
    """The action's slot text in the characters the writer used ("陳協理", "監護儀"): the rules
    read the message folded to simplified characters (same offsets), the directory's names stay
    as the directory writes them."""

    def written(value: Any, key: str = "") -> Any:
        if key in _DIRECTORY_KEYS:
            return value
        if isinstance(value, str):
            return as_written(value, analysed, shown, action.start)
        if isinstance(value, dict):
            return {k: written(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [written(v, key) for v in value]
        return value

    return replace(action, slots=written(action.slots))

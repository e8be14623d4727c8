"""Deciding each clause's intent: the trigger rules first, the trained classifier where the
triggers are silent or split, and the confidence the engine acts on."""

from __future__ import annotations

import itertools
import re
from datetime import datetime

from nlu import slots as slot_finders
from nlu.asks import CHATTER
from nlu.intents import trigger_hits
from nlu.listed_plans_en import bare_reminder, listed_items
from nlu.news_en import reports_news
from nlu.parsing.clauses import customers_in, has_own_entities, joined_forward
from nlu.parsing.entities import PRIORITY_CHANGE
from nlu.parsing.frames import Clause, Entities, IntentClassifier
from nlu.parsing.intent_rules import (
    NAME_WORD,
    RAISE_TICKET_EN,
    TICKET_FAULT,
    approval_without_price_is_news,
    customers_agree,
    deal_only_wanted_or_theirs,
    fault_since_fixed_is_news,
    frozen_money_is_no_fault,
    merge_framing,
    one_per_ticket,
    service_requests,
    settle_tense,
    subject_before_the_deal,
    ticket_work_times,
    what_to_prepare,
)
from nlu.parsing.reading import HAN, latin_text, mask
from nlu.parsing.slot_filling import ASKING, FILLERS, PAST
from nlu.regex_scout import scouted
from nlu.text import is_cjk

# Intents in order of precedence when one clause triggers several.
PRECEDENCE = (
    "create_customer",
    "update_ticket",
    "loyalty_summary",
    "list_agenda",
    "help",
    "open_ticket",
    "record_deal",
    "schedule_followup",
    "log_interaction",
    "query_customer",
)


SAID = re.compile(r"说|反馈|\b(?:says|said|told|mentioned|confirmed)\b", re.IGNORECASE)


TICKET_WORD = re.compile(r"单子|工单|报修单|\bticket\b", re.IGNORECASE)


_NEW_TICKET = re.compile(
    r"\b(?:open|raise|log|create|start|put\s+in)\s+(?:a\s+|an\s+)?(?:new\s+)?(?:support\s+)?ticket\b"
    r"|\bnew\s+ticket\b"
    # "又报警了…开个紧急工单": a new ticket asked for in Chinese
    r"|(?:开|建|提|新建|创建)(?:个|一个|一张|张)?(?:新的?)?(?:紧急|加急)?工单",
    re.IGNORECASE,
)


# A ticket handed to someone: "T-2220 转给王工", "assign T-2231 to Wei Ming", "hand 2301 over".
_REASSIGNED = scouted(
    r"转给|转交|交给|派给|指派给|分给|移交|"
    r"\b(?:re)?assign(?:ed)?\b|\bhand(?:ed)?\b[^.,;]{0,25}\bover\b|\bgive\s+it\s+to\b",
    re.IGNORECASE,
)


def clause_decisions(
    text: str,
    clauses: list[Clause],
    entities: Entities,
    language: str,
    classifier: IntentClassifier | None,
    *,
    now: datetime,
) -> list[tuple[Clause, str, float]]:
    """Each clause's intent, then the corrections that look across clauses."""
    decided = [
        (
            clause,
            *decide_clause(text[clause.start : clause.end], clause, entities, language, classifier),
        )
        for clause in clauses
    ]
    decided = settle_tense(text, decided, entities, now, language)
    decided = what_to_prepare(decided, entities)
    decided = merge_framing(text, decided, entities)
    decided = one_per_ticket(ticket_work_times(text, decided, entities), entities)
    decided = approval_without_price_is_news(text, decided, entities)
    decided = deal_only_wanted_or_theirs(text, decided)
    decided = frozen_money_is_no_fault(text, decided)
    decided = fault_since_fixed_is_news(text, decided, entities)
    decided = subject_before_the_deal(text, decided, entities)
    decided = _heading_joins_the_note(text, decided, entities)
    decided = service_requests(text, decided, entities)
    return _listed_plans(text, decided, entities) if language == "en" else decided


def _listed_plans(
    text: str, decided: list[tuple[Clause, str, float]], entities: Entities
) -> list[tuple[Clause, str, float]]:
    """A day listed in one sentence ("Tmr 10am Orchard w Melissa, 2pm Tanjong, 4.30 LCL. Remind
    me pls") is one follow-up per appointment (`listed_plans_en`); the bare reminder asked after
    them adds none. Without a plan word the list is a plan only when a reminder is asked."""
    customers = [(c.start, c.end) for c in entities.customers]
    times = [(t.start_char, t.end_char) for t in entities.times if t.grain in ("hour", "minute")]
    reminders = [
        n
        for n, (clause, intent, _) in enumerate(decided)
        if intent == "schedule_followup" and bare_reminder(text[clause.start : clause.end])
    ]
    result: list[tuple[Clause, str, float]] = []
    listed = False
    for n, (clause, intent, confidence) in enumerate(decided):
        plan = intent == "schedule_followup" and n not in reminders
        asked = (
            intent in ("query_customer", "unknown")
            and not clause.hits
            and any(r > n for r in reminders)
            and any(clause.start <= s < clause.end for s, _ in customers)
            and any(clause.start <= s < clause.end for s, _ in times)
        )
        cuts = (
            listed_items(text, clause.start, clause.end, customers, times) if plan or asked else []
        )
        if not cuts and not asked:
            result.append((clause, intent, confidence))
            continue
        listed = True
        bounds = [clause.start, *cuts, clause.end]
        for a, b in itertools.pairwise(bounds):
            hits = [h for h in clause.hits if a <= h.start < b]
            result.append((Clause(a, b, hits, clause.shared), "schedule_followup", confidence))
    if listed:
        # the reminder asked for what was listed
        result = [
            item
            for item in result
            if not (
                item[1] == "schedule_followup" and bare_reminder(text[item[0].start : item[0].end])
            )
        ]
    return result


# Words a typed heading may carry beside the customer's name: "Ashford Tools.", "Kensington
# renewal", "Meridian Health quarterly review" (a topic, no verb, no sum, no day).
_HEADING_WORDS = 4


def _heading_joins_the_note(
    text: str, decided: list[tuple[Clause, str, float]], entities: Entities
) -> list[tuple[Clause, str, float]]:
    """A note opened by the customer's name alone ("Ashford Tools. Signed. £42k …", "Subject:
    Kensington renewal") is headed, not asking: a clause read as a look-up that only names the
    customer and a topic, with no trigger, before a clause that records something, joins it."""
    if not latin_text(text) or len(decided) < 2:
        return decided

    def heading(
        _: int, current: tuple[Clause, str, float], following: tuple[Clause, str, float]
    ) -> Clause | None:
        clause, intent, _confidence = current
        if (
            # a look-up, or the trained model's guess for a clause no trigger fired in
            (intent in ("query_customer", "unknown") or not clause.hits)
            and following[1] not in ASKING
            and _is_heading(text, clause, entities)
            and customers_agree(clause, following[0], entities)
        ):
            return Clause(clause.start, following[0].end, following[0].hits, following[0].shared)
        return None

    return joined_forward(decided, heading)


def _is_heading(text: str, clause: Clause, entities: Entities) -> bool:
    """The clause names a customer and at most a short topic: no trigger, sum, day, ticket,
    person or question."""
    inside = range(clause.start, clause.end)
    if clause.hits or "?" in text[clause.start : clause.end]:
        return False
    if not any(m.start in inside for m in entities.customers):
        return False
    if any(m.start in inside for m in entities.money) or any(
        t.start_char in inside for t in entities.times
    ):
        return False
    if any(t.start in inside for t in (*entities.tickets, *entities.contacts)):
        return False
    spans = [(m.start, m.end) for m in entities.customers if m.start in inside]
    rest = NAME_WORD.findall(mask(text[: clause.end], spans), clause.start)
    return len(rest) <= _HEADING_WORDS and not any(
        w.casefold() in _HEADING_VERBS or w.casefold().endswith("ed") for w in rest
    )


# Words that make a short clause a statement rather than a heading ("Pemberton signed").
_HEADING_VERBS = frozenset(
    "is are was were has have had signed called rang met said says wants want need needs "
    "asked emailed visited lost won ordered confirmed fixed done".split()
)


def decide_clause(
    segment: str,
    clause: Clause,
    entities: Entities,
    language: str,
    classifier: IntentClassifier | None,
) -> tuple[str, float]:
    """Rules where they are sure; the classifier where they are silent or disagree."""
    ruled = _rule_intent(segment, clause, entities)
    if classifier is None:
        return ruled
    rule, rule_confidence = ruled
    probabilities = classifier(segment, language, customers_in(clause, entities))
    learned, probability = max(probabilities.items(), key=lambda item: item[1])
    if learned == "loyalty_summary" and _loyalty_told(segment, clause):
        return ruled  # "百川鞋业说他们的老客户流失得厉害": the words are told, not asked
    if rule == "unknown" or (not clause.hits and rule in _UNTRIGGERED_RULES):
        # No trigger fired: a customer alone says little; the trained model decides.
        if learned == "query_customer" and language == "zh" and _states(segment, clause, entities):
            # "蓝湾那边的咖啡真难喝": a statement naming a customer asks nothing about it;
            # what else it is, only if the model says so with some weight
            learned, probability = _runner_up(probabilities)
        elif learned == "query_customer" and rule == "log_interaction":
            learned = rule  # English news the model took for a look-up ("Tanjong - PO approved")
        elif learned in ("query_customer", "log_interaction") and rule == "open_ticket":
            learned = rule  # a priority given says it is a fault's, whatever the words
        return _untriggered(segment, clause, entities, learned, probability)
    if learned == rule or _supported(rule, clause, entities):
        return rule, max(rule_confidence, probability if learned == rule else 0.0)
    return rule, min(rule_confidence, 0.75 if probability < 0.8 else 0.6)


def _loyalty_told(segment: str, clause: Clause) -> bool:
    """The clause says loyalty words, but as news or banter: their hits were dropped."""
    return not any(h.intent == "loyalty_summary" for h in clause.hits) and any(
        h.intent == "loyalty_summary" for h in trigger_hits(segment)
    )


# A short deal note with a winning verb and an amount: "closed Pemberton for 40k", "bagged KB
# Trading, 22k" (the trigger phrases need the verb beside "the deal" or "signed").
_WON = re.compile(
    r"\b(?:closed|won|landed|bagged|secured|clinched|nailed|converted)\b|\bis a yes\b|"
    # "the tracker deal is done", "the seats renewal went through", "blue harbour came through",
    # "northwind said yes to the renewal"
    r"\b(?:deal|renewal|order)\s+(?:is\s+|'s\s+)?done\b|\b(?:went|came)\s+through\b|"
    r"\bsaid\s+yes\b|"
    r"\bgot the (?:[\w&'-]+\s+){0,3}?(?:order|deal|business|contract|renewal|po)\b",
    re.IGNORECASE,
)


# A deal someone wants, weighs or will sign later, said with no deal trigger.
_PENDING_DEAL = re.compile(
    r"\b(?:want|wants|wanted|would like|looking for|interested in|thinking about|considering|"
    r"might|may|could|close to signing|about to sign|ready to sign|will sign|signing (?:next|on|by|"
    r"this|in|after))\b|想|打算|准备|考虑|可能|希望",
    re.IGNORECASE,
)


# The event a short English note names beside its time: "renewal mtg Thurs 2:30".
_EVENT_NOTE = re.compile(
    r"\b(?:mtg|meeting|call|visit|review|kick[ -]?off|workshop|training|presentation|"
    r"catch[ -]?up|appt|appointment)\b(?!')",
    re.IGNORECASE,
)


_GONE_BY = re.compile(r"\b(?:yesterday|last|ago|earlier|this morning)\b", re.IGNORECASE)


# Below this a guess of the trained model with no trigger behind it is chance, not a request.
_WEAK_GUESS = 0.35


ACTS = frozenset({"confirm", "cancel", "undo"})


def _untriggered(
    segment: str, clause: Clause, entities: Entities, learned: str, probability: float
) -> tuple[str, float]:
    """The trained model's intent for a clause no trigger fired in, kept only when it is sure
    enough: chat ("一起打球不", "中国首都是哪里") gets a weak spread over intents, and the engine
    acts on any read intent and on writes above its floor, so a weak guess is `unknown` unless the
    clause names what it is about; a guessed dialogue act is never kept weak."""
    if _WON.search(segment) and any(clause.start <= m.start < clause.end for m in entities.money):
        return "record_deal", max(0.8, probability if learned == "record_deal" else 0.0)
    if learned == "unknown":
        return learned, min(probability, 0.3)
    if learned in ACTS and (
        has_own_entities(clause, entities) or segment.strip() != entities.text.strip()
    ):
        # "然后是港联物流都挺好的", the "嗯嗯" before "然后今天上午还去了一趟彩云药业": a yes
        # or an undo is a whole message (dialogue_act), never one clause of several
        return "unknown", min(0.3, probability)
    inside = range(clause.start, clause.end)
    corrected = _corrected_guess(segment, entities, inside, learned, probability)
    if corrected is not None:
        return corrected
    # A named customer keeps a weak look-up; a weak record needs more (a person, a ticket, a
    # sum, their words: "宏图塑胶说胶带粘性不够"): "东辰旁边那家面馆不错" records nothing.
    own = (
        any(c.start in inside for c in entities.contacts)
        or any(t.start in inside for t in entities.tickets)
        or any(m.start in inside for m in entities.money)
        or (
            has_own_entities(clause, entities)
            and (learned in ASKING or SAID.search(segment) is not None)
        )
    )
    weak = probability < _WEAK_GUESS
    if CHATTER.search(segment) or (weak and (not own or learned in ACTS)):
        return "unknown", min(0.3, probability)
    return learned, probability * 0.9


def _corrected_guess(
    segment: str, entities: Entities, inside: range, learned: str, probability: float
) -> tuple[str, float] | None:
    """What the words around a weak guess say it is instead."""
    if (
        learned in ("update_ticket", "open_ticket")
        and any(m.start in inside for m in entities.money)
        and not any(t.start in inside for t in entities.tickets)
    ):
        # "Tanjong are close to signing, S$150k on the table": money and no ticket is news
        # about a deal, not a ticket guessed from the words
        return "log_interaction", probability * 0.9
    if learned == "record_deal" and _PENDING_DEAL.search(segment):
        # "CFO wants 40 seats, £36k, signing next week": a deal wanted or still to be signed
        return "log_interaction", probability * 0.9
    if (
        _EVENT_NOTE.search(segment)
        and not PAST.search(segment)
        and any(t.start_char in inside and not _GONE_BY.search(t.text) for t in entities.times)
    ):
        # "Fairbank renewal mtg Thurs 2:30": a meeting noted with its time is a plan, no look-up
        return "schedule_followup", max(0.7, probability if learned == "schedule_followup" else 0)
    return None


# What a look-up says: a question, or a record asked for.
_LOOKS_UP = re.compile(
    r"吗|呢|[?？]|什么|(?<![没不])啥|多少|怎么|(?<![没不])咋|哪|谁|几|查|看|有没有|是不是|情况|进展|记录|资料|电话|手机|联系|"
    r"历史|到期|多久|了没|没有|邮箱|合同|列表|工单|订单|发我|帮我|给我|分析|画像|"
    r"(?P<word>[\u4e00-\u9fff])不(?P=word)"  # "算不算", "值不值得": a question too
)


_STATEMENT_CHARS = 4


_RUNNER_UP = 0.2


def _runner_up(probabilities: dict[str, float]) -> tuple[str, float]:
    """The model's best intent other than a look-up, or `unknown` when it is a weak one."""
    learned, probability = max(
        ((i, p) for i, p in probabilities.items() if i != "query_customer"),
        key=lambda item: item[1],
    )
    return ("unknown", probability) if probability < _RUNNER_UP else (learned, probability)


def _states(segment: str, clause: Clause, entities: Entities) -> bool:
    """A Chinese statement about a customer, not a look-up: no question or record asked for,
    and more said than the customer's (and a contact's) name."""
    if _LOOKS_UP.search(segment):
        return False
    return _states_past_names(segment, clause, entities)


def _states_past_names(segment: str, clause: Clause, entities: Entities) -> bool:
    """More is said than the customer's (and a contact's) name and fillers."""
    return len(FILLERS.sub("", _said_past_names(segment, clause, entities))) > _STATEMENT_CHARS


def _said_past_names(segment: str, clause: Clause, entities: Entities) -> str:
    """The clause's Chinese words without the names in it ("飞鸿智能" holds no 能 of ability)."""
    spans = [(m.start, m.end) for m in entities.customers] + [
        (c.start, c.end) for c in entities.contacts
    ]
    return "".join(
        char
        for position, char in enumerate(segment, start=clause.start)
        if is_cjk(char) and not any(start <= position < end for start, end in spans)
    )


# What a Chinese request to the assistant says: a question, or a look-up asked for.
_ASKS_ZH = re.compile(
    r"吗|呢|[?？]|什么|(?<![没不])啥|多少|怎么|(?<![没不])咋|哪|谁|查|有没有|是不是|发我|帮我|给我|看看|看一下|看下|几个|几家|"
    r"(?P<word>[\u4e00-\u9fff])不(?P=word)"
)


# A Chinese statement says something happened or holds: a verb of speech, an aspect or modal
# word, a negation; "博瑞医疗的开票地址" names what to look up and states nothing.
_PREDICATES_ZH = re.compile(r"说|了|过|在|着|要|想|会|能|没|不|别|还|已经|挺|很|太|又|再")


def _tells_news(segment: str, clause: Clause, entities: Entities) -> bool:
    """ "润泽制药的钱主管说明年冷链要换新", "明远设计还是老样子，方案给了两个月没动静": a
    Chinese statement about a customer, what they said or how things stand, asks nothing; the
    README's convention logs it (a look-up is a question or a request)."""
    if not HAN.search(segment) or _ASKS_ZH.search(segment):
        return False
    if not _PREDICATES_ZH.search(_said_past_names(segment, clause, entities)) and not any(
        clause.start <= t.start_char < clause.end for t in entities.times
    ):
        return False  # (a dated note states its event: "下周一上午九点半 博瑞医疗 杨主任 验收")
    return _states_past_names(segment, clause, entities)


def _supported(rule: str, clause: Clause, entities: Entities) -> bool:
    """A trigger backed by the slot that intent is about (签了 + an amount, 再约 + a date) stays
    confident even when the bag-of-words model leans elsewhere."""
    if not clause.hits:
        return False

    def inside(start: int) -> bool:
        return clause.start <= start < clause.end

    match rule:
        case "record_deal":
            return any(inside(m.start) for m in entities.money)
        case "schedule_followup":
            return any(inside(t.start_char) for t in entities.times)
        case "update_ticket":
            return any(inside(t.start) for t in entities.tickets)
    return False


_HOW_TO = re.compile(r"怎么|如何|怎样|咋|how\b|what do i type\b", re.IGNORECASE)


_HOW_TO_LOOK = re.compile(
    r"^\s*(?:嗯|呃|那个|请问|我想问一下|想问一下|想问下)*\s*(?:怎么|如何|怎样|咋)(?:才能)?"
    r"(?:查|看|找|调出|打开|显示|导出)"
)


# What the rules make of a clause naming a customer and no trigger: the model may overrule it.
_UNTRIGGERED_RULES = frozenset({"query_customer", "log_interaction", "open_ticket", "record_deal"})


def _untriggered_about_customer(segment: str, *, priced: bool) -> tuple[str, float]:
    """A customer named with no trigger: a look-up, unless an English note passes on news
    ("Pemberton says the rollout is slipping", "Tanjong - budget approved"), which is logged,
    tells a fault's priority (a ticket) or a deal won with its sum ("nailed Fairbank, 75k")."""
    if latin_text(segment) and CHATTER.search(segment) and not priced:
        return "unknown", 0.3  # "lol my van just got a parking ticket outside northwind"
    if latin_text(segment) and priced and _WON.search(segment):
        return "record_deal", 0.7
    if latin_text(segment) and _ticket_priority_said(segment):
        return "open_ticket", 0.6
    if latin_text(segment) and reports_news(segment):
        return "log_interaction", 0.6
    return "query_customer", 0.6


def _ticket_priority_said(segment: str) -> bool:
    """ "orchard hotels the kitchen scales are off by like fifty grams not urgent", "…, P1": a
    priority given to what is told is a fault's, so the note is a ticket even with no fault word
    we know ("asap" may hurry a quote instead, "urgently" a request: neither counts)."""
    found = slot_finders.find_priority(segment)
    return (
        found is not None
        # ("nothing urgent" closes news: nothing in it is pressing, nothing broke)
        and found.text.casefold() not in ("asap", "nothing urgent")
        and not segment[found.end : found.end + 1].isalpha()
    )


def _rule_intent(segment: str, clause: Clause, entities: Entities) -> tuple[str, float]:
    intents = {hit.intent for hit in clause.hits}
    has_ticket = any(clause.start <= t.start < clause.end for t in entities.tickets)
    has_customer = any(clause.start <= m.start < clause.end for m in entities.customers)
    status = slot_finders.find_status(segment)
    rule = next((intent for intent in PRECEDENCE if intent in intents), None)
    if rule in ("list_agenda", "loyalty_summary") and (
        any(h.intent == "help" and _HOW_TO.match(h.phrase) for h in clause.hits)
        or _HOW_TO_LOOK.match(segment)
    ):
        rule = "help"  # "怎么查看今天的日程": how to ask for the agenda, not the agenda
    reprioritised = PRIORITY_CHANGE.search(segment) is not None
    moved = _REASSIGNED.search(segment) is not None
    if has_ticket and (
        status is not None or reprioritised or moved or rule in (None, "open_ticket")
    ):
        rule, confidence = "update_ticket", 0.95 if status is not None or reprioritised else 0.7
    elif (
        status is not None
        and not has_customer
        and status.value in ("resolved", "closed")
        # "year-end closing — PO signed for ₹48,50,000": the books close, a deal is recorded
        and rule != "record_deal"
        # "they want it fixed by monday", "wants the install done on the 11th": a wish, dated
        and not (rule == "schedule_followup" and _WANTED_DONE.search(segment))
    ):
        rule, confidence = "update_ticket", 0.6  # "已解决" about the ticket in the conversation
    elif (
        status is not None
        and TICKET_WORD.search(segment)
        and rule != "create_customer"
        and not RAISE_TICKET_EN.search(segment)  # "…spamming again. Raise ticket, high"
        # "offline again open a ticket": "again" says it recurs, the request is a new ticket
        and not _NEW_TICKET.search(segment)
        and not _order_done(segment, clause, entities)
    ):
        rule, confidence = "update_ticket", 0.8  # "蓝湾那个监护仪的单子修好了"
    elif rule is not None:
        confidence = 0.92 if len(intents) == 1 else 0.85
    elif has_customer and _tells_news(segment, clause, entities):
        rule, confidence = "log_interaction", 0.6
    elif has_customer:
        priced = any(clause.start <= m.start < clause.end for m in entities.money)
        rule, confidence = _untriggered_about_customer(segment, priced=priced)
    else:
        meaningful = any(c.isalpha() or is_cjk(c) for c in segment)
        rule, confidence = "unknown", 0.3 if meaningful else 0.05
    return rule, confidence


def _order_done(segment: str, clause: Clause, entities: Entities) -> bool:
    """ "东辰的单子搞定了十二万八": 单子 is an order as well as a ticket; done at a price, with no
    fault and no 工单 in the clause, it is a deal won, not a ticket resolved."""
    priced = any(clause.start <= m.start < clause.end for m in entities.money)
    return (
        priced
        and "单子" in segment
        and not TICKET_FAULT.search(segment)
        and re.search(r"工单|报修|维修|\bticket\b", segment) is None
    )


_WANTED_DONE = re.compile(
    r"\b(?:wants?|needs?|would\s+like|'d\s+like|asked\s+(?:for|to\s+have))\b[^.;!?]*"
    r"\b(?:done|fixed|sorted|resolved|finished|completed)\b",
    re.IGNORECASE,
)

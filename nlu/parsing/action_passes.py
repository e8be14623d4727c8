"""Passes over a message's decided actions: one visit per customer, the news that joins a talk,
a ticket's fault and priority, plans told after news, Chinese and English reports settled."""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from datetime import datetime
from typing import Any

from nlu import slots as slot_finders
from nlu.asks import details_to_come
from nlu.customer_index import CustomerMention
from nlu.faults_zh import left_to_watch
from nlu.intents import trigger_hits
from nlu.new_customers_en import only_contact_details
from nlu.one_deal_en import deal_sum_from_the_talk, deal_terms_join
from nlu.parsing.clauses import (
    DEAL_DONE,
    INTERACTION,
    NEWS_FROM,
    SERVICE_REQUEST,
    THEIR_REQUEST_IN,
    broken_between,
    then_en,
)
from nlu.parsing.decide import ACTS, SAID, TICKET_WORD
from nlu.parsing.entities import DATED
from nlu.parsing.frames import Action, Clause, Entities
from nlu.parsing.intent_rules import (
    CALL_IN_WORD,
    CALLED_IN,
    THEN_GO,
    TICKET_FAULT,
    VISIT,
    we_called_them,
)
from nlu.parsing.products import find_products
from nlu.parsing.questions import ASKS, QUESTION
from nlu.parsing.reading import SURE_NAME, latin_text, mask
from nlu.parsing.slot_filling import ASKING, action_slots, customer_slot, when_slot
from nlu.parsing.slot_values import for_crm, in_future, in_the_past
from nlu.parsing.when import TICKET_INTENTS, WIDE_GRAINS, later_today, on_day, pick_time
from nlu.plans_zh import going_not_done, own_plan_starts, told_as_done
from nlu.regex_scout import scouted
from nlu.tenders_zh import tender_won_unsigned
from nlu.text import is_cjk
from nlu.time import find_times
from nlu.told_with_it_en import told_with_the_action_before
from nlu.types import TimeMention

_REP_CALL = re.compile(
    r"\b(?:phoned|called them|rang them|call with|had a call|on a call|call\s*[-:–—]|"
    r"spoke (?:to|with)|talked (?:to|with))"
    # "给蓝湾周主任打了电话", "跟安康口腔胡总通了电话": a call the rep made
    r"|给[^，,。；;]{1,12}打了?个?电话|跟[^，,。；;]{1,12}(?:通|打)了?个?电话|打电话给|回了?个?电话",
    re.IGNORECASE,
)


# The rep went there (a Chinese visit said without a medium word).
_WENT_THERE = re.compile(r"去了|走访")


_ENGINEER_VISIT = re.compile(
    r"(?:工程师|售后|师傅|技术员|维修)[^，,。；;]{0,8}(?:上门|到现场|在现场|过去|去了)"
)


def details_of_the_new_customer(actions: list[Action], text: str) -> list[Action]:
    """ "new customer - Penrose Leisure, I'll add the details later": the details promised for
    the customer being created are part of creating it, no follow-up with them."""
    if not any(a.intent == "create_customer" for a in actions):
        return actions
    kept: list[Action] = []
    for a in actions:
        if a.intent == "schedule_followup" and details_to_come(text[a.start : a.end]):
            continue
        if (
            a.intent == "schedule_followup"
            and kept
            and kept[-1].intent == "create_customer"
            and "when" not in a.slots
            and only_contact_details(text[a.start : a.end])
        ):
            details: dict[str, Any] = {k: a.slots[k] for k in ("email", "phone") if k in a.slots}
            kept[-1] = replace(kept[-1], slots={**details, **kept[-1].slots}, end=a.end)
            continue  # "…, contact Ms. Linh, email linh@…, phone 0903 …": the form's fields
        kept.append(a)
    return kept


def zh_plans_inside(
    actions: list[Action], text: str, entities: Entities, now: datetime, language: str
) -> list[Action]:
    """A Chinese report that runs on into the rep's own next step ("…聊了聊框架协议…我想着等他们
    回复以后再跟进一下") is a log and a follow-up; a plan read whole over a contact already made
    ("跟林經理通過電話，…我們這邊下週三前會再寄") is the log, then the plan (`plans_zh`)."""
    if language != "zh":
        return actions
    result: list[Action] = []
    for n, action in enumerate(actions):
        end = actions[n + 1].start if n + 1 < len(actions) else len(text)
        end = max(end, action.end)
        segment = text[action.start : end]
        cuts = _dated_from(
            text, [action.start + s for s in own_plan_starts(segment)], action.start, entities
        )
        if action.intent == "log_interaction" and _still_to_come(action, segment, now, entities):
            result.append(replace(action, intent="schedule_followup"))
            continue
        if action.intent == "record_deal":  # "签了…下周一让实施的同事过去开通": the deal stays
            cuts = [c for c in cuts if c > action.start]
        if action.intent not in ("log_interaction", "schedule_followup", "record_deal") or not cuts:
            result.append(action)
            continue
        head_intent = "schedule_followup" if cuts[0] == action.start else action.intent
        if head_intent == "schedule_followup" and action.intent == head_intent:
            if not told_as_done(segment[: cuts[0] - action.start]):
                result.append(action)
                continue
            head_intent = "log_interaction"
        bounds = sorted({action.start, *cuts, end})
        inherited = {
            k: v for k, v in action.slots.items() if k in ("customer", "customer_candidates")
        }
        for i, (start, stop) in enumerate(itertools.pairwise(bounds)):
            intent = head_intent if i == 0 else "schedule_followup"
            clause = Clause(start, stop)
            when = pick_time(text, clause, entities, intent, now=now)
            slots = action_slots(text, clause, entities, intent, now, when=when)
            if "customer" not in slots:
                slots.update(inherited)
            result.append(Action(intent, action.confidence, slots, start, stop))
    return result


# Between a day and the plan it dates: blanks, commas, fillers, "不对" (taken back and said again).
_BEFORE_PLAN = re.compile(r"(?:[\s,，]|嗯|呃|额|那个|不对|[哦噢]不是)*")


def _dated_from(text: str, cuts: list[int], floor: int, entities: Entities) -> list[int]:
    """A plan opened by 我 takes the day said right before it ("下周三我带技术过去", "下周二 不对
    下周三我…"): each cut moves back over the times, and the corrections between them, that
    end where it begins."""
    moved: list[int] = []
    for said in cuts:
        low, cut = max([floor, *moved]), said
        while True:
            before = [
                t
                for t in entities.times
                if low < t.start_char
                and t.end_char <= cut
                and _BEFORE_PLAN.fullmatch(text, t.end_char, cut)
            ]
            if not before:
                break
            cut = before[-1].start_char
        moved.append(cut)
    return moved


def _still_to_come(action: Action, segment: str, now: datetime, entities: Entities) -> bool:
    """ "今天上午先去安康口腔" said at 08:20: a visit not marked done whose hours are mostly still
    ahead (past the middle of 下午, "下午去博瑞医疗杨主任不在" is the day's report); one with no
    time of its own whose clause names a later day and clock ("周四下午两点半带上样品去…")."""
    when = action.slots.get("when") or {}
    if not going_not_done(segment):
        return False
    if not when:
        return any(
            action.start <= t.start_char < action.end
            and t.value.date() > now.date()
            and t.grain in ("hour", "minute")
            for t in entities.times
        )
    if isinstance(when.get("start"), str) and isinstance(when.get("end"), str):
        start, end = datetime.fromisoformat(when["start"]), datetime.fromisoformat(when["end"])
        return start + (end - start) / 2 > now
    point = when.get("value")
    return (
        when.get("grain") in ("hour", "minute")
        and isinstance(point, str)
        and (datetime.fromisoformat(point) > now)
    )


def english_actions_settled(
    actions: list[Action], text: str, entities: Entities, now: datetime
) -> list[Action]:
    """The English passes over the whole message's actions: decisions and plans per customer,
    products and counts as the note says them, priority on the ticket."""
    actions = told_with_the_action_before(actions, text)
    actions = _deciding_later(_ticket_asked_for_the_fault(actions), entities, now)
    actions = deal_sum_from_the_talk(deal_terms_join(_deal_said_again(actions, text)))
    actions = _one_plan_per_customer(actions, entities, now)
    actions = _plans_beside_news_name_no_product(actions)
    actions = _no_more_actions_than_said(actions, text, entities)
    actions = _call_back_to_the_caller(actions, text)
    _priority_to_the_ticket(actions, text)
    _said_once_for_all(actions)
    return actions


# What a deal said again may carry: nothing of its own beyond the deal word and when it came.
_DEAL_AGAIN_ONLY = frozenset(
    {"summary", "customer", "customer_candidates", "when", "interaction_type", "product"}
)


_DEAL_ARRIVED = re.compile(r"\b(?:came|come|received|through|arrived|signed|closed|won)\b")


def _deal_said_again(actions: list[Action], text: str) -> list[Action]:
    """ "Closed P&G!! 240 seats, $186k ARR. PO came through 20 min ago": a deal word after the
    deal, with no sum or person of its own, tells the same deal again: no note beside it."""
    kept: list[Action] = []
    for action in actions:
        if (
            action.intent == "log_interaction"
            and set(action.slots) <= _DEAL_AGAIN_ONLY
            and any(
                a.intent == "record_deal" and _same_customer(a.slots, action.slots) for a in kept
            )
            and any(
                h.intent == "record_deal"
                and (h.phrase.strip() in DEAL_DONE or _DEAL_ARRIVED.search(h.phrase))
                for h in trigger_hits(text[action.start : action.end])
            )
        ):
            continue
        kept.append(action)
    return kept


# What a bare ticket request may carry of its own besides the customer it inherits.
_REQUEST_ONLY = frozenset({"summary", "customer", "customer_candidates", "priority", "when"})


def _ticket_asked_for_the_fault(actions: list[Action]) -> list[Action]:
    """ "the visualisers arrived broken. open a ticket": the request after the fault (a sentence
    of its own when dictated with "full stop") is for that fault's ticket, not a second one."""
    kept: list[Action] = []
    for action in actions:
        before = kept[-1] if kept else None
        if (
            before is not None
            and before.intent == action.intent == "open_ticket"
            and set(action.slots) <= _REQUEST_ONLY
            and _same_customer(before.slots, action.slots)
        ):
            extra = {k: v for k, v in action.slots.items() if k in ("priority", "when")}
            kept[-1] = replace(before, slots={**extra, **before.slots}, end=action.end)
            continue
        kept.append(action)
    return kept


# The rep's own errand dictated straight after a ticket's new status or a deal's amount:
# "ticket twenty one ten can be closed and email the qa manager the report tomorrow", "is
# resolved already i call mr tan", "signed the renewal ninety k send the invoice today".
_PLAN_AFTER_NEWS = re.compile(
    r"\s*(?:already|liao|lah|now|then|ok)?\s*(?:(?:and|then|so|also|um+|uh+)\s+)*"
    r"(?:(?:i|we)(?:'ll|\s+will|\s+need\s+to|\s+have\s+to|\s+gotta|\s+must)?\s+|need\s+to\s+|"
    r"gotta\s+|pls\s+|please\s+|remind\s+me\s+to\s+)?"
    r"(?P<verb>call|ring|phone|email|e-mail|send|chase|book|visit|text|whatsapp|message|"
    r"follow\s+up|check\s+in|set\s+up|arrange)\b",
    re.IGNORECASE,
)


def plan_after_the_news(
    text: str, decided: list[tuple[Clause, str, float]], entities: Entities
) -> list[tuple[Clause, str, float]]:
    """A dictated ticket update or deal runs on into the rep's own dated errand with no break:
    the errand after the status word or the amount is a follow-up of its own (English)."""
    result: list[tuple[Clause, str, float]] = []
    for clause, intent, confidence in decided:
        segment = text[clause.start : clause.end]
        news_end = _end_of_the_news(segment, clause, intent, entities)
        plan = _PLAN_AFTER_NEWS.match(segment, news_end) if news_end is not None else None
        cut = clause.start + plan.start("verb") if plan is not None else clause.end
        later = [h for h in clause.hits if h.start >= cut]
        dated = any(cut <= t.start_char < clause.end for t in entities.times)
        if (
            plan is None
            or not latin_text(segment)
            or not (dated or any(h.intent == "schedule_followup" for h in later))
        ):
            result.append((clause, intent, confidence))
            continue
        earlier = [h for h in clause.hits if h.start < cut]
        result.append((Clause(clause.start, cut, earlier, clause.shared), intent, confidence))
        result.append((Clause(cut, clause.end, later), "schedule_followup", confidence))
    return result


def _end_of_the_news(segment: str, clause: Clause, intent: str, entities: Entities) -> int | None:
    """Where a ticket's new status or a deal's amount ends in its clause (segment offsets)."""
    if intent == "update_ticket":
        status = slot_finders.find_status(segment)
        return status.end if status is not None else None
    if intent == "record_deal":
        amounts = [m.end for m in entities.money if clause.start <= m.start < clause.end]
        return amounts[0] - clause.start if amounts else None
    return None


def anchor_for(
    anchor: datetime | None, actions: list[Action], intent: str, language: str
) -> datetime | None:
    """ "mr tan called ask can or not prepone the training to monday i say will revert by
    evening": a day said in what was reported (English) is theirs; the rep's own plan after it
    with only a time of day is today's, not that day's."""
    dated = [a for a in actions if DATED.search(str(a.slots.get("when", {}).get("text", "")))]
    if (
        language == "en"
        and intent == "schedule_followup"
        and dated
        and dated[-1].intent == "log_interaction"
    ):
        return None
    return anchor


_CALL_BACK = re.compile(r"\b(?:call|ring|phone)\s*-?\s*back\b|\bcallback\b", re.IGNORECASE)


def _call_back_to_the_caller(actions: list[Action], text: str) -> list[Action]:
    """ "voicemail from Olivia at Brightwater, wants a call back": the call back asked for right
    after someone's call goes to that someone (train: "Voicemail from Mr Tan @ LCL - call back
    pls" follows up Mr Tan)."""
    result = list(actions)
    for index in range(1, len(result)):
        call, plan = result[index - 1], result[index]
        if (
            call.intent == "log_interaction"
            and call.slots.get("interaction_type") == "call"
            and "contact" in call.slots
            and plan.intent == "schedule_followup"
            and "contact" not in plan.slots
            and _CALL_BACK.search(text, plan.start, plan.end)
        ):
            result[index] = replace(plan, slots={**plan.slots, "contact": call.slots["contact"]})
    return result


def day_named(when: TimeMention, now: datetime) -> datetime:
    """The day a time names, for the times of day said after it: a deadline's day, not the
    moment it is counted from ("明儿上午九点前…然后下午去" is tomorrow afternoon)."""
    return for_crm(when, now).value


def _fault_then_its_ticket(actions: list[Action]) -> list[Action]:
    """ "空调机组又坏了上次那个单子T二三四七重新打开吧": a fault told first and then the ticket it
    belongs to, reopened by number, is that one ticket's update, not a new ticket beside it."""
    merged: list[Action] = []
    for action in actions:
        before = merged[-1] if merged else None
        if (
            before is not None
            and before.intent == "open_ticket"
            and action.intent == "update_ticket"
            and "ticket" in action.slots
            and action.slots.get("status") == "reopened"
            and "product" not in action.slots
            and _same_customer(before.slots, action.slots)
        ):
            slots = {**before.slots, **action.slots}
            if "priority" in before.slots:
                slots["priority"] = before.slots["priority"]
            merged[-1] = replace(action, slots=slots, start=before.start)
            continue
        merged.append(action)
    return merged


def zh_one_thing_told_twice(
    actions: list[Action], language: str, entities: Entities
) -> list[Action]:
    """Dictated Chinese tells one ticket or one talk in two breaths; English is left as it is."""
    if language != "zh":
        return actions
    talks = _same_talk_goes_on(_fault_then_its_ticket(actions), entities)
    return _their_news_joins_the_talk(talks, entities)


# "…传感器又报警了另外他们年底要上一条新产线": they go on speaking, no new contact made.
_THEY_GO_ON = re.compile(
    r"\s*(?:然后|另外|对了|还有|而且)?\s*(?:嗯|呃|那个|就是)*\s*(?:他们|她们|他|她|对方)"
)


def _their_news_joins_the_talk(actions: list[Action], entities: Entities) -> list[Action]:
    """News they go on to tell after a fault or a deal, in a visit or call already logged, with
    no customer or contact of its own, is more of that talk (its product or amount joins it)."""
    kept: list[Action] = []
    for action in actions:
        talk = next(
            (i for i in range(len(kept) - 1, -1, -1) if kept[i].intent == "log_interaction"), None
        )
        if (
            talk is not None
            and action.intent == "log_interaction"
            and all(a.intent in NEWS_FROM for a in kept[talk + 1 :])
            and kept[talk + 1 :]
            and _THEY_GO_ON.match(entities.text, action.start)
            and "contact" not in action.slots
            and not any(action.start <= c.start < action.end for c in entities.customers)
        ):
            extra = {k: v for k, v in action.slots.items() if k in ("product", "amount")}
            kept[talk] = replace(kept[talk], slots={**extra, **kept[talk].slots})
            continue
        kept.append(action)
    return kept


def _same_talk_goes_on(actions: list[Action], entities: Entities) -> list[Action]:
    """ "给百川老板打电话拜年顺便问了一下扫码枪的情况": a second report with no customer, contact
    or time of its own is more of the same conversation: its product or amount joins the first."""
    merged: list[Action] = []
    for action in actions:
        at = _talk_told_last(merged)
        before = merged[at] if at is not None else None
        if (
            at is not None
            and before is not None
            and before.intent == action.intent == "log_interaction"
            and "contact" not in action.slots
            and not any(action.start <= c.start < action.end for c in entities.customers)
            # "问了下明年的计划": a year or a month they plan for is no time of this talk
            and not any(
                action.start <= t.start_char < action.end and t.grain not in WIDE_GRAINS
                for t in entities.times
            )
        ):
            extra = {k: v for k, v in action.slots.items() if k in ("product", "amount")}
            slots = {**extra, **before.slots}
            merged[at] = replace(before, slots=slots, end=max(before.end, action.end))
            continue
        merged.append(action)
    return merged


def _talk_told_last(actions: list[Action]) -> int | None:
    """Where the talk a new report may continue is: the last action, or the one before the
    tickets it raised ("去了博远学校林主任说有十台平板开不了机另外他们想再订五十台": the order
    wished for is more of that visit, not a second one)."""
    for index in range(len(actions) - 1, -1, -1):
        if actions[index].intent not in TICKET_INTENTS:
            return index
    return None


def zh_counted_as_told(
    actions: list[Action], text: str, entities: Entities, language: str, now: datetime
) -> list[Action]:
    """Chinese notes give one action per thing done or to do: a deal still to be signed is news,
    what the customer will do is no plan of ours, and a day of several stops is one per stop."""
    if language != "zh":
        return actions
    actions = _zh_news_heard_in_the_talk(_zh_deal_still_to_sign(actions, text), entities)
    actions = _zh_fixed_heard_in_the_talk(actions, text)
    actions = _zh_fault_left_to_watch(actions, text)
    actions = _zh_fault_told_for_its_ticket(actions, entities)
    actions = _zh_next_stop_with_a_fault(actions, text, entities, now)
    actions = _zh_their_own_plans(actions, text, entities, now)
    actions = _zh_their_estimate(actions, text, entities, now)
    actions = _zh_round_of_calls(actions, text)
    actions = _zh_no_day_no_plan(actions, text)
    actions = _zh_news_before_the_ask(actions, text, entities, now)
    actions = _zh_wish_after_the_fault(actions, text, entities, now)
    actions = _zh_referred_by(actions, text, entities, now)
    return _zh_plan_for_all_of_them(_zh_one_per_customer(actions, text, entities, now), text)


# "明天统一出报价", "下周一起回访", "分别发过去": one plan for every customer just told of.
_FOR_ALL = re.compile(r"统一|一起|一并|分别|都")


def _zh_plan_for_all_of_them(actions: list[Action], text: str) -> list[Action]:
    """ "今天跑了博远学校、启明星教育两家…明天统一出报价": a plan said for all the customers
    logged before it, naming none, is one follow-up per customer (README)."""
    result: list[Action] = []
    for action in actions:
        logged: list[Action] = []
        for before in reversed(result):
            if before.intent != "log_interaction" or "customer" not in before.slots:
                break
            logged.insert(0, before)
        named = {str(a.slots["customer"]) for a in logged}
        if (
            action.intent != "schedule_followup"
            or len(named) < 2
            or len(named) != len(logged)
            or _FOR_ALL.search(text, action.start, action.end) is None
        ):
            result.append(action)
            continue
        for before in logged:
            slots = dict(action.slots)
            slots.update(
                {
                    k: before.slots[k]
                    for k in ("customer", "customer_candidates")
                    if k in before.slots
                }
            )
            result.append(replace(action, slots=slots))
    return result


# More wanted, said after a fault: "然后中秋前还想再追加一批", "另外下个月想加一台",
# "另外他们年底还有一笔预算", "杨主任说下个月再订十台".
_MORE_WANTED = re.compile(r"[还想再要]{1,3}(?:追加|加|订|买|采购)|还有一笔预算")


# Where the talk turns to it (a comma may still be the fault: "想加授权，但是系统报错加不上").
_TURN = re.compile(r"另外|然后|还有|而且|[；;。]")


def _zh_wish_after_the_fault(
    actions: list[Action], text: str, entities: Entities, now: datetime
) -> list[Action]:
    """ "华信电子的采购说贴片机的吸嘴老是堵不急另外下个月想加一台": more they want, told after a
    fault or a ticket's news with no talk logged, is news of its own to log beside the ticket."""
    if any(a.intent == "log_interaction" for a in actions):
        return actions
    result: list[Action] = []
    for action in actions:
        wish = _MORE_WANTED.search(text, action.start, action.end)
        if action.intent not in TICKET_INTENTS or wish is None:
            result.append(action)
            continue
        turns = [m.start() for m in _TURN.finditer(text, action.start, wish.start())]
        cut = turns[-1] if turns else action.start
        if cut <= action.start:
            result.append(action)
            continue
        clause = Clause(cut, action.end)
        news = action_slots(text, clause, entities, "log_interaction", now)
        for kept in ("customer", "customer_candidates"):
            if kept not in news and kept in action.slots:
                news[kept] = action.slots[kept]
        result.append(replace(action, end=cut))
        result.append(Action("log_interaction", action.confidence, news, cut, action.end))
    return result


# Who put a new customer our way: "绿源农业罗总介绍了一个朋友叫…", "罗总介绍的那家叫…".
_REFERRED = re.compile(r"介绍|推荐")


def _zh_referred_by(
    actions: list[Action], text: str, entities: Entities, now: datetime
) -> list[Action]:
    """ "绿源农业罗总介绍了一个朋友叫广西嘉禾农牧帮我建个客户": the customer who made the
    introduction was talked to, so that talk is logged before the new customer is created."""
    result: list[Action] = []
    for action in actions:
        referred = _REFERRED.search(text, action.start, action.end)
        known = [
            c
            for c in entities.customers
            if referred is not None and action.start <= c.start and c.end <= referred.start()
        ]
        if (
            action.intent != "create_customer"
            or not known
            or any(a.intent == "log_interaction" for a in result)
            or referred is None
        ):
            result.append(action)
            continue
        clause = Clause(known[0].start, referred.start())
        talk = action_slots(text, clause, entities, "log_interaction", now)
        result.append(Action("log_interaction", action.confidence, talk, clause.start, clause.end))
        result.append(action)
    return result


# Their request of us: "让我们派两个工程师过去", "催我们下周一前把样品寄过去".
_ASKS_US = re.compile(r"(?:让|要|叫|请|催|要求)(?:我们|咱们|我)")


# How the news came: a call or a message (logged as such), or just what they said.
_NEWS_CAME = re.compile(r"来电|打电话|打了电话|电话里|微信|短信|邮件|说")


# Words that carry no news of their own between "说" and the request.
_NO_NEWS = re.compile(r"[\s，,。；;：:]|然后|另外|就是|那个|嗯|呃|还|也")


def _zh_news_before_the_ask(
    actions: list[Action], text: str, entities: Entities, now: datetime
) -> list[Action]:
    """ "华信电子的周工说他们下周要搬厂…让我们派两个工程师过去", "椰风饮品陈经理来电，催我们
    下周一前把样品寄过去": a call, or news they told, before what they ask of us is logged, and
    the request is the follow-up (a bare "X说让我们…" is the request alone)."""
    first = actions[0] if actions else None
    if first is None or first.intent != "schedule_followup":
        return actions
    ask = _ASKS_US.search(text, first.start, first.end)
    came = _NEWS_CAME.search(text, first.start, ask.start()) if ask else None
    if ask is None or came is None:
        return actions
    if not any(first.start <= c.start < came.start() for c in entities.customers):
        return actions
    news = _NO_NEWS.sub("", text[came.end() : ask.start()])
    if came.group() == "说" and len(news) < 4:
        return actions
    clause = Clause(first.start, ask.start())
    when = pick_time(text, clause, entities, "log_interaction", now=now)
    if when is not None and when.value > now:
        when = None  # "他们下周要搬厂": their date, not the time of the talk
    log = action_slots(text, clause, entities, "log_interaction", now, when=when)
    if when is None:
        log.pop("when", None)
    plan = replace(first, start=ask.start())
    told = Action("log_interaction", first.confidence, log, first.start, ask.start())
    return [told, plan, *actions[1:]]


# A deal done: signed, won, ordered, paid ("订单确定了…下周一签" is agreed, still to sign).
_DEAL_CLOSED = scouted(
    r"签了|签下|签好|签完|签的|签约了|成交|拿下|中标|中了|下单|下了|定了|付了|到账|盖章|盖了章"
)


# A sum guessed or wished for, not agreed: "大概八十万上下", "要续费一年九万".
_DEAL_GUESSED = re.compile(r"大概|大约|预计|估计|左右|上下|预算|想|打算|可能|要续费|要加|要买")


# Signing still to come: "下周一签", "合同下午签" (not "签了", "签下来").
_SIGN_AHEAD = re.compile(r"签(?![了的好完过下约])")


def _zh_deal_still_to_sign(actions: list[Action], text: str) -> list[Action]:
    """ "订单确定了传感器两百个二十四万下周一签", "大概八十万上下": a deal whose signing is
    told as still to come, or whose sum is a guess or a wish, is news of the talk it was heard
    in (README: a deal not yet signed or only wanted is logged), the signing day a follow-up."""
    result: list[Action] = []
    for index, action in enumerate(actions):
        after = actions[index + 1] if index + 1 < len(actions) else None
        segment = text[action.start : action.end]
        signs_later = (
            after is not None
            and after.intent == "schedule_followup"
            and _SIGN_AHEAD.search(text, after.start, after.end) is not None
        )
        closed = _DEAL_CLOSED.search(segment)
        guessed = _DEAL_GUESSED.search(segment) is not None
        tender = tender_won_unsigned(segment, text)  # "中标了，一百八十万": news until signed
        if action.intent != "record_deal" or (
            not tender
            and ((closed is not None and closed.group() != "定了") or not (signs_later or guessed))
        ):
            result.append(action)
            continue
        # (the day a tender was won is the news's day: "已于昨日中标")
        kept_when = tender and not (
            after is not None and after.slots.get("when") == action.slots.get("when")
        )
        news = {k: v for k, v in action.slots.items() if k != "when" or kept_when}
        before = result[-1] if result else None
        if (
            before is not None
            and before.intent == "log_interaction"
            and _same_customer(before.slots, news)
        ):
            result[-1] = replace(before, slots={**news, **before.slots}, end=action.end)
        else:
            news.setdefault("interaction_type", "note")
            result.append(replace(action, intent="log_interaction", slots=news))
    return result


def _zh_news_heard_in_the_talk(actions: list[Action], entities: Entities) -> list[Action]:
    """ "去了嘉禾超市吴总说自助收银机有三台扫码很慢然后POS二期合同下周签五十五万": news with no
    customer, person or time of its own (the signing day went to its follow-up) was heard in the
    talk just logged, even past the ticket it raised."""
    merged: list[Action] = []
    for action in actions:
        at = _talk_told_last(merged)
        if (
            at is None
            or action.intent != "log_interaction"
            or merged[at].intent != "log_interaction"
            or action.slots.get("interaction_type") != "note"
            or any(k in action.slots for k in ("contact", "when"))
            or any(action.start <= c.start < action.end for c in entities.customers)
        ):
            merged.append(action)
            continue
        talk = merged[at]
        extra = {k: v for k, v in action.slots.items() if k in ("product", "amount")}
        merged[at] = replace(talk, slots={**extra, **talk.slots})
    return merged


def _zh_fault_told_for_its_ticket(actions: list[Action], entities: Entities) -> list[Action]:
    """ "明远设计王总说协同平台附件又传不上去了T二零三三那个": what they said, with nothing
    else in the note, is the fault of the ticket named after it: the update alone (a call or
    visit it came on stays logged, as the training lines do)."""
    if len(actions) != 2:
        return actions
    said, update = actions
    if (
        said.intent != "log_interaction"
        or update.intent != "update_ticket"
        or "ticket" not in update.slots
        or said.slots.get("interaction_type") != "note"
        or any(k in said.slots for k in ("amount", "when"))
        or not _same_customer(said.slots, update.slots)
        or any(said.start <= m.start < said.end for m in entities.money)
    ):
        return actions
    slots = {**{k: v for k, v in said.slots.items() if k in ("contact", "product")}, **update.slots}
    return [replace(update, slots=slots, start=said.start)]


# How the next stop of a day is named: "下午华康医院…", "然后去了青禾…".
_STOP_LEAD = re.compile(r"(?:[上中下]午|晚上|傍晚|然后|接着|之后|最后|又|再)(?:去了?|到了?)?\s*$")


def _zh_next_stop_with_a_fault(
    actions: list[Action], text: str, entities: Entities, now: datetime
) -> list[Action]:
    """ "今天去了两家上午仁爱医院谢院长说…下午华康医院输液泵有两台报警": the next stop of a day
    of visits, told by the fault found there, is a visit of its own beside its ticket; what was
    said before the stop is news of the visit before."""
    result: list[Action] = []
    for action in actions:
        before = result[-1] if result else None
        stop = _next_stop_in(action, before, text, entities)
        if before is None or stop is None:
            result.append(action)
            continue
        lead = _STOP_LEAD.search(text, max(action.start, stop.start - 6), stop.start)
        cut = lead.start() if lead else stop.start
        visit = action_slots(text, Clause(cut, stop.end), entities, "log_interaction", now)
        visit["interaction_type"] = "visit"
        ticket = action_slots(text, Clause(cut, action.end), entities, action.intent, now)
        for kept in ("ticket", "status", "priority"):
            if kept in action.slots:
                ticket.setdefault(kept, action.slots[kept])
        result[-1] = replace(before, end=cut)
        result.append(Action("log_interaction", action.confidence, visit, cut, stop.end))
        result.append(replace(action, slots=ticket, start=cut))
    return result


def _next_stop_in(
    action: Action, before: Action | None, text: str, entities: Entities
) -> CustomerMention | None:
    """A customer other than the one just visited, named as the day's next stop in a ticket."""
    if (
        before is None
        or action.intent not in TICKET_INTENTS
        or before.intent != "log_interaction"
        or before.slots.get("interaction_type") != "visit"
    ):
        return None
    visited = (before.slots.get("customer") or {}).get("id")
    for mention in entities.customers:
        if not action.start <= mention.start < action.end or mention.best.id == visited:
            continue
        if visited is not None and _STOP_LEAD.search(text, action.start, mention.start):
            return mention
    return None


# Said solved: "牙椅的事都解决了", "恢复正常".
_SOLVED = re.compile(r"解决了|好了|修好|恢复|没问题了")


def _zh_fixed_heard_in_the_talk(actions: list[Action], text: str) -> list[Action]:
    """ "昨天去安康口腔回访，牙椅的事都解决了，张院长挺满意": a problem said solved during a
    logged visit or call, with no ticket named, is news of that talk, not a ticket to update."""
    merged: list[Action] = []
    for action in actions:
        talk = merged[-1] if merged else None
        if (
            talk is None
            or talk.intent != "log_interaction"
            or action.intent != "update_ticket"
            or "ticket" in action.slots
            or action.slots.get("status") not in ("resolved", "closed")
            or TICKET_WORD.search(text, action.start, action.end) is not None
            or _SOLVED.search(text, action.start, action.end) is None
            or not _same_customer(talk.slots, action.slots)
        ):
            merged.append(action)
            continue
        extra = {k: v for k, v in action.slots.items() if k in ("product", "contact")}
        merged[-1] = replace(talk, slots={**extra, **talk.slots}, end=action.end)
    return merged


def _zh_fault_left_to_watch(actions: list[Action], text: str) -> list[Action]:
    """A fault still there, heard in a logged talk, that the customer will watch and nobody asks
    to repair ("…毛病偶尔还会出来 不过不影响生产 他们说先观察着") is news of that talk."""
    if not left_to_watch(text):
        return actions
    merged: list[Action] = []
    for action in actions:
        talk = merged[-1] if merged else None
        if (
            talk is None
            or talk.intent != "log_interaction"
            or talk.slots.get("interaction_type") not in ("visit", "call", "meeting", "note")
            or action.intent != "open_ticket"
            or not _same_customer(talk.slots, action.slots)
        ):
            merged.append(action)
            continue
        extra = {k: v for k, v in action.slots.items() if k == "product"}
        merged[-1] = replace(talk, slots={**extra, **talk.slots}, end=action.end)
    return merged


# Filler and links a clause may open with before its subject.
_OPENING = r"^(?:[嗯呃啊哦，,\s]|那个|然后|另外|而且|还有|就是|对了|说)*"


# The customer as the doer: "他们下个月要做年中盘点" (not "他说", which may ask us something).
_THEY_DO = re.compile(_OPENING + r"(?:他们|她们|对方|人家|厂里|客户|[^，,。；;\s]{0,4}那边)")


# The doer named after the day: "下周二她发需求", "下周一她给答复".
_THEY_THEN = re.compile(r"(?:他们|她们|他|她|对方)(?!说)")


# The doer after their words: "王主任说她们下周二开完会…".
_THEY_SAID = re.compile(r"说(?:他们|她们|对方)")


# What only the customer does: delivery taken, growth, audit, answer to us ("扩容的事下周二再聊"
# is ours all the same); "自己|内部" says it is theirs whatever the verb.
_THEIR_OWN = re.compile(
    r"到货|交付|扩|认证|盘点|考察|出差|调研|投产|开业|搬|(?:回复|答复|通知|告诉)我|再说|再订|要订|想订"
)


_BY_THEMSELVES = re.compile(r"自己|内部")


_WE_GO = re.compile(r"去|聊|谈|碰|约|见面|拜访|电话|派|安排")


# What we do with them, even when they are the subject: sign, start, train, meet, answer.
_JOINT = re.compile(
    r"签|开标|启动|实施|试用|试点|培训|评估|验收|开通|安装|上线|开会|开工|说法|报|约|碰|见|谈|聊|来|派"
)


# We (or I) act, or are asked to: "我说这周五…", "让我们派人"; not "回复我", "发给我们".
_WE_DO = re.compile(r"(?<![给复诉知系找])(?:我|咱)")


# "…然后他们下周三自己开会定预算我这边": a subject left at the end opens the next clause.
_TRAILING_SUBJECT = scouted(
    r"(?:(?:然后|那)(?:我们?|咱们?)(?:这边|这里)?|(?:我们?|咱们?)(?:这边|这里))[，,\s]*$"
)


def _zh_their_own_plans(
    actions: list[Action], text: str, entities: Entities, now: datetime
) -> list[Action]:
    """ "他们下周三自己内部先开会", "九月十号前要到货", "年底前要通过GSP认证": a date told in a
    report about what the customer will do is no follow-up of ours (README); a plan is kept when
    we act in it or are asked to, and a dated signing, start or meeting of both sides stays.
    Told alone ("王主任说她们下周二开完会再给我们答复"), what they said is news to log."""
    result: list[Action] = []
    for action in actions:
        reported = any(a.intent in _REPORTS for a in result)
        segment = _TRAILING_SUBJECT.sub("", text[action.start : action.end])
        # "邮件回复说明年Q1再看": their decision put off opens what they said
        said = (
            text[: action.start].rstrip().endswith(("说", "表示"))
            and _PUT_OFF.search(segment) is not None
            and not _WE_DO.search(segment)
        )
        if action.intent != "schedule_followup" or not (said or _customers_doing(action, segment)):
            result.append(action)
        elif not reported and not actions[len(result) + 1 :] and "说" in segment:
            clause = Clause(action.start, action.end)
            news = action_slots(text, clause, entities, "log_interaction", now, when=None)
            news.pop("when", None)
            result.append(replace(action, intent="log_interaction", slots=news))
        elif not reported:
            result.append(action)
    return result


_PUT_OFF = re.compile(r"再(?:看|定|说|考虑|决定)")


# A round of calls or visits said once for every customer after it: "今天下午打了一圈电话 A…
# B…", "上午跑了三家".
_ROUND = re.compile(
    r"打了(?:一圈|一轮|几个|[两三四五六七八九十]+个)电话|挨个(?:打了?电话|回访)|"
    r"跑了(?:一圈|一上午|一下午|[两三四五六七八九十]+家)|拜访了(?:一圈|[两三四五六七八九十]+家)"
)


def _zh_round_of_calls(actions: list[Action], text: str) -> list[Action]:
    """ "今天下午打了一圈电话 华康医院的设备科长说… 博瑞医疗那边孙总说…": each customer's news
    after a round said once is a call (or visit) of that round, at its time."""
    first = actions[0] if actions else None
    if (
        first is None
        or first.intent != "log_interaction"
        or _ROUND.search(text, first.start, first.end) is None
        or first.slots.get("interaction_type") in (None, "note")
    ):
        return actions
    result = [first]
    for action in actions[1:]:
        if action.intent != "log_interaction" or action.slots.get("interaction_type") != "note":
            result.append(action)
            continue
        slots = {**action.slots, "interaction_type": first.slots["interaction_type"]}
        when = first.slots.get("when")
        if when is not None and (action.slots.get("when") or {}).get("grain") in (None, "day"):
            slots["when"] = when
        result.append(replace(action, slots=slots))
    return result


# Their words, and a date they only guess at: "Dr. Wong話…要等董事會批先可以落單，估計一月尾".
_THEY_TOLD = re.compile(r"说|說|(?<![电電])[话話]|讲|講|表示|反馈|反饋")
_GUESSED_DATE = re.compile(r"(?:估计|估計|预计|預計|大概|大约|可能|应该|應該)\s*$")


def _zh_their_estimate(
    actions: list[Action], text: str, entities: Entities, now: datetime
) -> list[Action]:
    """What the customer said, dated by their own guess ("…但要等董事會批先可以落單，估計一月尾"),
    is news to log, not a follow-up of ours (README: their plan's date is none of ours)."""
    result: list[Action] = []
    for action in actions:
        when = action.slots.get("when") or {}
        said = str(when.get("text") or "")
        segment = text[action.start : action.end]
        at = segment.find(said) if said else -1
        if (
            action.intent != "schedule_followup"
            or at <= 0
            or _GUESSED_DATE.search(segment, 0, at) is None
            or _THEY_TOLD.search(segment, 0, at) is None
            or _WE_DO.search(segment) is not None
        ):
            result.append(action)
            continue
        clause = Clause(action.start, action.end)
        news = action_slots(text, clause, entities, "log_interaction", now, when=None)
        news.pop("when", None)
        result.append(replace(action, intent="log_interaction", slots=news))
    return result


# A plan of ours with no day yet: "回头约个时间", "改天过去", "找个时间去拜访".
_LATER_ON = re.compile(r"回头|改天|找个?时间|抽空|有空|过几天|过两天|再联系")


def _zh_no_day_no_plan(actions: list[Action], text: str) -> list[Action]:
    """ "谢院长说看完了再约", "设备运行正常，暂无新需求": in a report, a plan read with no day,
    no one of ours to do it and no "回头/改天" is their word or the talk's close, not a plan."""
    result: list[Action] = []
    for action in actions:
        segment = text[action.start : action.end]
        if (
            action.intent != "schedule_followup"
            or "when" in action.slots
            or not any(a.intent in _REPORTS for a in result)
            or _WE_DO.search(segment) is not None
            or _LATER_ON.search(text, max(0, action.start - 4), action.end) is not None
        ):
            result.append(action)
        elif not any(a.intent == "log_interaction" for a in result):
            # "平板有三台坏了然后第二批平板的事下学期再谈": after a ticket, news of its own
            news = {k: v for k, v in action.slots.items() if k not in ("interaction_type",)}
            news["interaction_type"] = "note"
            result.append(replace(action, intent="log_interaction", slots=news))
    return result


def _customers_doing(action: Action, segment: str) -> bool:
    """The plan's doer is the customer, not us (see `_zh_their_own_plans`)."""
    if _WE_DO.search(segment) is not None:
        return False
    when = str((action.slots.get("when") or {}).get("text") or "\0")
    plan = segment[segment.find(when) + len(when) :] if when in segment else segment
    they = (
        _THEY_DO.search(segment) is not None
        or _THEY_SAID.search(segment) is not None
        or _THEY_THEN.match(plan) is not None
    )
    return (
        _BY_THEMSELVES.search(segment) is not None
        or (_THEIR_OWN.search(plan) is not None and _WE_GO.search(plan) is None)
        or (they and _JOINT.search(segment) is None)
    )


_REPORTS = frozenset({"log_interaction", "record_deal", "open_ticket", "update_ticket"})


# "签了两单：山城汽配冲压模具56万，彩云药业冻干机88万": each customer's deal is its own.
_ONE_PER_CUSTOMER = frozenset({"log_interaction", "schedule_followup", "record_deal"})


# What leads to the next stop of a day: "然后去了鼎盛", "又给椰风…", "仁爱医院、华康医院和…".
_NEXT_STOP_LEAD = re.compile(r"然后|接着|之后|最后|又|再|还有|[、，,和跟与及]")


# Two customers told as one's referral, alias or rival are one stop.
_NOT_TWO_STOPS = re.compile(r"介绍|推荐|就是|也就是|也叫|竞品|对手|转给|^\s*的\s*$")


def _zh_one_per_customer(
    actions: list[Action], text: str, entities: Entities, now: datetime
) -> list[Action]:
    """ "今天跑了三家先去瑞丰…然后去了鼎盛物流最后又到天合纺织", "周二上午约了顺达家电的采购，
    周二下午约了海晟贸易的陈经理": a report or plan naming several customers in turn is one per
    customer (README), each with its own time or the one said before it."""
    result: list[Action] = []
    for action in _listed_next(actions, text, entities, now):
        stops = _stops_named(action, text, entities)
        if action.intent not in _ONE_PER_CUSTOMER or len(stops) < 2:
            result.append(action)
            continue
        split = _each_stop(action, stops, text, entities, now)
        if action.intent == "record_deal" and not all("amount" in a.slots for a in split):
            split = [action]  # "A和B一共签了五十万": one sum, one deal
        result.extend(split)
    return result


# What joins the next item of a list: "嘉禾超市南粤百货还有椰风饮品", "…王厂长还有金田马总".
_LIST_JOIN = re.compile(r"还有|以及|[和、]")


# Going on to the next stop: "然后又去隔壁山城汽配坐了一会儿", "最后到天合纺织".
_ON_TO = re.compile(r"(?:然后|接着|之后|最后|又|再)+[^，,。；;]{0,2}?(?:去|到|跑)")


def _next_in_line(text: str, before: Action, action: Action, entities: Entities) -> bool:
    """A customer said as the next item of a list, or as the next stop gone on to."""
    if _LIST_JOIN.search(text, before.end, min(action.end, action.start + 3)) is not None:
        return True
    named = next((c.start for c in entities.customers if action.start <= c.start), action.end)
    return _ON_TO.search(text, action.start, named) is not None


def _listed_next(
    actions: list[Action], text: str, entities: Entities, now: datetime
) -> list[Action]:
    """ "今天去了三家客户嘉禾超市南粤百货还有椰风饮品都是聊续约的事": a customer listed after the
    ones visited or planned for is one more of them, not a look-up of its own, nor a plan for
    the year or month it talked about ("…还有海川食品都是谈明年的合同")."""
    result: list[Action] = []
    for action in actions:
        before = result[-1] if result else None
        if (
            before is None
            or before.intent not in ("log_interaction", "schedule_followup")
            or not _one_more_listed(text, before, action, entities)
        ):
            result.append(action)
            continue
        when = before.slots.get("when")
        slots = action_slots(text, Clause(action.start, action.end), entities, before.intent, now)
        slots.pop("when", None)
        if when is not None:
            slots["when"] = when
        if slots.get("interaction_type") in (None, "note") and "interaction_type" in before.slots:
            slots["interaction_type"] = before.slots["interaction_type"]
        result.append(replace(action, intent=before.intent, slots=slots))
    return result


def _one_more_listed(text: str, before: Action, action: Action, entities: Entities) -> bool:
    """A look-up, or a report's wide-dated topic read as a plan, naming the next listed customer."""
    segment = text[action.start : action.end]
    topic = (
        action.intent == "schedule_followup"
        and before.intent == "log_interaction"
        and (action.slots.get("when") or {}).get("grain") in WIDE_GRAINS
        and _LIST_JOIN.search(text, before.end, min(action.end, action.start + 3)) is not None
    )
    looked_up = action.intent == "query_customer" and ASKS.search(segment) is None
    return (
        (looked_up or topic)
        and any(action.start <= c.start < action.end for c in entities.customers)
        and QUESTION.search(segment) is None
        and _next_in_line(text, before, action, entities)
    )


def _stops_named(action: Action, text: str, entities: Entities) -> list[CustomerMention]:
    """The different customers an action's words name, in order (none when two are linked)."""
    stops: list[CustomerMention] = []
    for mention in entities.customers:
        if not action.start <= mention.start < action.end:
            continue
        if any(mention.best.id == stop.best.id for stop in stops):
            continue
        if stops and mention.best.score < SURE_NAME and len(mention.text) < 3:
            continue  # "去华康医院找信息科": a two-character sound-alike is no second stop
        if stops and _NOT_TWO_STOPS.search(text[stops[-1].end : mention.start]):
            return []
        stops.append(mention)
    return stops


def _each_stop(
    action: Action,
    stops: list[CustomerMention],
    text: str,
    entities: Entities,
    now: datetime,
) -> list[Action]:
    """One action per stop, cut where the talk turns to the next one (after the people met)."""
    cuts = [action.start]
    for before, stop in itertools.pairwise(stops):
        floor = max(
            [before.end]
            + [c.end for c in entities.contacts if before.end <= c.start and c.end <= stop.start]
        )
        lead = _NEXT_STOP_LEAD.search(text, floor, stop.start)
        times = [t.start_char for t in entities.times if floor <= t.start_char < stop.start]
        cuts.append(min([stop.start] + times + ([lead.start()] if lead else [])))
    cuts.append(action.end)
    split: list[Action] = []
    for start, end in itertools.pairwise(cuts):
        clause = Clause(start, end)
        when = pick_time(
            text,
            clause,
            entities,
            action.intent,
            now=now,
            anchor=_day_said_by(start, entities, now),
        )
        slots = action_slots(text, clause, entities, action.intent, now, when=when)
        previous = split[-1].slots if split else action.slots
        if "when" not in slots and "when" in previous:
            slots["when"] = previous["when"]
        if slots.get("interaction_type") == "note" and "interaction_type" in previous:
            slots["interaction_type"] = previous["interaction_type"]
        split.append(replace(action, slots=slots, start=start, end=end))
    return split


def _day_said_by(position: int, entities: Entities, now: datetime) -> datetime | None:
    """The day named last before `position` ("明儿一早去A下午去B": B's afternoon is tomorrow's)."""
    dated = [t for t in entities.times if t.end_char <= position and DATED.search(t.text)]
    return day_named(dated[-1], now) if dated else None


def _same_customer(first: dict[str, Any], second: dict[str, Any]) -> bool:
    """Two slot sets name no different customers (either may name none)."""
    one, two = first.get("customer"), second.get("customer")
    if one is None or two is None:
        return True
    if one.get("id") is not None:
        return bool(one.get("id") == two.get("id"))
    return bool(one.get("text") == two.get("text"))


def _priority_to_the_ticket(actions: list[Action], text: str) -> None:
    """ "the checkweighers are rejecting good pots, can we get someone there by Thursday, it's
    pretty urgent": how urgent a line says it is belongs to its ticket, even when the words
    fall in the clause of another action (a visit or call asked for)."""
    for index, action in enumerate(actions):
        if action.intent in TICKET_INTENTS:
            continue
        found = slot_finders.find_priority(text[action.start : action.end])
        if found is None:
            continue
        before = [a for a in actions[:index] if a.intent in TICKET_INTENTS]
        after = [a for a in actions[index + 1 :] if a.intent in TICKET_INTENTS]
        ticket = before[-1] if before else after[0] if after else None
        if ticket is not None and "priority" not in ticket.slots:
            ticket.slots["priority"] = found.value


def _said_once_for_all(actions: list[Action]) -> None:
    """Dictated run-ons name the thing and the customer once, not in every action's clause."""
    _ticket_for_the_thing_before(actions)
    _customer_named_late(actions)


# Actions about a thing that a dictated run-on may name only in the report before them.
_THE_THING_BEFORE = TICKET_INTENTS | {"record_deal"}


def _ticket_for_the_thing_before(actions: list[Action]) -> None:
    """ "just left ashford the spindle monitor is still throwing errors | raise a ticket for that",
    "swapped the gateway on press three its working now | so close ticket twenty two eighty": a
    ticket asked for in a clause of its own is about the thing the report just before it
    named (dictated run-ons cut the fault from the request); so is a deal ("met mr sharma the
    weighing scales | order is confirmed fifteen lakh")."""
    for before, action in itertools.pairwise(actions):
        if (
            action.intent in _THE_THING_BEFORE
            and "product" not in action.slots
            and before.intent == "log_interaction"
            and isinstance(before.slots.get("product"), str)
            and _same_customer(before.slots, action.slots)
        ):
            action.slots["product"] = before.slots["product"]


def _customer_named_late(actions: list[Action]) -> None:
    """ "spoke to doctor lim this morning about the ventilator contract she wants the quote by
    tuesday this is for harbourview": when a message names one customer only, and only after
    its first action, the report that went before is theirs too."""
    named = [a.slots["customer"] for a in actions if isinstance(a.slots.get("customer"), dict)]
    ids = {c.get("id") for c in named}
    if len(ids) != 1 or None in ids:
        return
    carried: dict[str, Any] = next(
        {k: a.slots[k] for k in ("customer", "customer_candidates") if k in a.slots}
        for a in actions
        if "customer" in a.slots
    )
    for action in actions:
        if "customer" in action.slots:
            return
        if action.intent == "log_interaction":
            action.slots.update(carried)


def _plans_beside_news_name_no_product(actions: list[Action]) -> list[Action]:
    """ "the scanners are fixed, they want a quote for ten more seats, call them Monday": the
    product goes with the report, deal or ticket; a follow-up planned beside them is a date
    English notes only: train_zh's plans keep theirs more often (whole message 88.6 -> 88.1)."""
    if len(actions) < 2 or all(a.intent == "schedule_followup" for a in actions):
        return actions  # plans alone ("call Pemberton re labels at 9, then Greenfield") keep theirs
    return [
        replace(action, slots={k: v for k, v in action.slots.items() if k != "product"})
        if action.intent == "schedule_followup" and "product" in action.slots
        else action
        for action in actions
    ]


# What may stand beside the customer and the caller in "thames valley um kevin rang": fillers.
_CALL_IN_FILLER = frozenset(
    {"uh", "um", "er", "erm", "so", "ok", "okay", "right", "morning", "hi", "hey", "just", "the"}
    # "yeah pemberton have called": the plural verb British and Nigerian English give a firm
    | {"yeah", "yes", "have", "has", "'ve", "one"}  # "quick one, ashford rang"
    | {"'s", "’s"}
    # a dictated note's heading and Singapore/Hong Kong particles: "arvo update brightwater rang"
    | {"update", "quick", "fyi", "ah", "lah", "hello", "arvo", "afternoon", "evening"}
    # between the caller and the customer: "kevin from thames valley rang"
    | {"from", "at"}
    # "the customer Distribuidora X called": who they are, said before the name
    | {"customer", "client"}
)


# A part of the customer that calls in ("Pemberton's Leeds site rang", "the Blue Harbour lot
# called", "LCL's Tuas depot phoned"): the customer still, with the place named before it.
_CUSTOMER_PART = frozenset(
    "site sites plant depot store shop branch office warehouse factory campus mill yard ward "
    "hq team lot guys people folks end side".split()
)


# "email from Ms Chan at KB Trading, <fault>", "KB Trading texted, <fault>": a message that
# only brings the fault is the ticket alone, as their call is.
_MESSAGE_IN = frozenset(
    {"emailed", "messaged", "texted", "whatsapped", "email", "whatsapp", "msg", "text", "message"}
)


_MESSAGE_FROM = frozenset({"from", "at"})  # "email from Ms Chan at KB Trading"


_REQUEST_WORD = re.compile(
    r"\b(?:asked|asking|asks|wants?|needs?|would\s+like|'d\s+like|requested)\b", re.IGNORECASE
)


def _no_more_actions_than_said(
    actions: list[Action], text: str, entities: Entities
) -> list[Action]:
    """English notes cut into more actions than they hold: a call that only brings a fault, a
    request cut from its deadline, a ticket still as it was, more news of the same talk, a plan
    booked again by "that"."""
    actions = _call_only_brings_the_fault(actions, text, entities)
    actions = _request_dated_after_it(actions, text, entities)
    actions = _ticket_still_open_is_news(actions, text)
    actions = _more_of_the_same_talk(actions, entities)
    return _booked_as_said_before(actions, text)


def _request_dated_after_it(actions: list[Action], text: str, entities: Entities) -> list[Action]:
    """ "they also asked for the invoice copy | by end of day", "she needs a proposal | in ten
    days": a request cut from its own deadline is the follow-up that deadline dates."""
    kept: list[Action] = []
    for action in actions:
        request = kept[-1] if kept else None
        if (
            request is not None
            and request.intent == "log_interaction"
            and action.intent == "schedule_followup"
            and _nothing_of_its_own(request, entities)
            and _REQUEST_WORD.search(text, request.start, request.end)
            and any(
                t.start_char == action.start and text[t.end_char : action.end].strip(" ,.") == ""
                for t in entities.times
            )
            and _same_customer(request.slots, action.slots)
        ):
            kept[-1] = replace(action, start=request.start)
            continue
        kept.append(action)
    return kept


def _nothing_of_its_own(action: Action, entities: Entities) -> bool:
    """News with no customer named, contact, medium or time of its own."""
    return (
        not any(slot in action.slots for slot in ("contact", "when"))
        and action.slots.get("interaction_type", "note") == "note"
        and not any(action.start <= m.start < action.end for m in entities.customers)
    )


_STILL_OPEN = re.compile(r"\bstill\s+(?:open|pending|outstanding|unresolved)\b", re.IGNORECASE)


def _ticket_still_open_is_news(actions: list[Action], text: str) -> list[Action]:
    """ "visit went ok … ticket twelve hundred still open": a ticket said to be as it was, during
    a logged talk, changes nothing; it is news of the talk (README: a fault still there)."""
    talked = False
    kept: list[Action] = []
    for action in actions:
        if (
            talked
            and action.intent == "update_ticket"
            and set(action.slots) <= {"ticket", "customer", "customer_candidates", "summary"}
            and _STILL_OPEN.search(text, action.start, action.end)
        ):
            continue
        talked = talked or action.intent == "log_interaction"
        kept.append(action)
    return kept


def _more_of_the_same_talk(actions: list[Action], entities: Entities) -> list[Action]:
    """ "blue harbour called … are dead … and they also asked for the loyalty module pricing",
    "i was at contoso … and she needs a proposal | in ten days": news with no customer, contact,
    medium or time of its own, after a logged talk with the same customer, is more of that talk
    (what it names joins the talk only when said right after it)."""
    kept: list[Action] = []
    for action in actions:
        talk = next((a for a in reversed(kept) if a.intent == "log_interaction"), None)
        if talk is None or action.intent != "log_interaction":
            kept.append(action)
            continue
        adjacent = talk is kept[-1]
        # "Meridian Health visit, | the estates director signed off …": who was met
        met = adjacent and "contact" in action.slots and "contact" not in talk.slots
        unmet = replace(action, slots=_without_contact(action, met))
        if not _nothing_of_its_own(unmet, entities) or not _same_customer(talk.slots, action.slots):
            kept.append(action)
            continue
        if adjacent:
            extra = {k: v for k, v in action.slots.items() if k in ("product", "amount", "contact")}
            kept[-1] = replace(talk, slots={**extra, **talk.slots}, end=action.end)
    return kept


# "… want a demo first | lets book that for the twenty third at two": the plan said before, dated.
_BOOK_THAT = re.compile(
    r"\W*(?:(?:uh+|um+|so|and|ok|okay|then)\W+)*(?:(?:lets|let's|let’s|i'll|ill|we'll|can\s+you|"
    r"pls|please)\s+)?(?:book|schedule|arrange|set|pencil|put|make)\s+(?:it|that|this|one)\b",
    re.IGNORECASE,
)


def _without_contact(action: Action, drop: bool) -> dict[str, Any]:
    return {k: v for k, v in action.slots.items() if not (drop and k == "contact")}


def _booked_as_said_before(actions: list[Action], text: str) -> list[Action]:
    """A follow-up with no time, then "book that for …" pointing back at it: one follow-up, on
    the day the second names."""
    kept: list[Action] = []
    for action in actions:
        plan = kept[-1] if kept else None
        if (
            plan is not None
            and plan.intent == action.intent == "schedule_followup"
            and "when" not in plan.slots
            and "when" in action.slots
            and _BOOK_THAT.match(text, action.start)
            and _same_customer(plan.slots, action.slots)
        ):
            kept[-1] = replace(plan, slots={**action.slots, **plan.slots}, end=action.end)
            continue
        kept.append(action)
    return kept


def _call_only_brings_the_fault(
    actions: list[Action], text: str, entities: Entities
) -> list[Action]:
    """ "so thames valley um kevin rang the mes terminals are down on line two": the customer's
    call that brings a fault and nothing else is the ticket alone (README's conventions), with
    the caller as its contact; so is one that also asks for someone there ("…and they want
    somebody there monday nine am": the ticket's time). Anything more and the call is logged."""
    if not latin_text(text):
        return actions
    if len(actions) == 3:
        call, fault, plan = actions
        dated = _someone_there_dates(call, fault, plan, text)
        alone = _ticket_alone(call, dated, text, entities) if dated is not None else None
    elif len(actions) == 2:
        alone = _ticket_alone(actions[0], actions[1], text, entities)
    else:
        alone = None
    return actions if alone is None else [alone]


def _ticket_alone(call: Action, fault: Action, text: str, entities: Entities) -> Action | None:
    """The ticket with the caller's slots, when the call only brought it."""
    # "marlow and finch rang ticket twenty four fifteen … reopen it": a call that only carries
    # a ticket's update gives just the update (README's conventions)
    if call.intent != "log_interaction" or fault.intent not in ("open_ticket", "update_ticket"):
        return None
    if call.slots.get("interaction_type") not in ("call", "message") or not _only_their_call(
        text, call, entities
    ):
        return None
    carried = {k: v for k, v in call.slots.items() if k in _CALLER_SLOTS}
    return replace(fault, slots={**carried, **fault.slots}, start=call.start)


_CALLER_SLOTS = ("customer", "customer_candidates", "contact")


# "they want somebody there", "wants someone to look at it", "need a tech out", "want us in":
# who is to come, said after the fault (a few words on: "asked for a tech").
_SOMEONE_TO_COME = re.compile(
    r"(?:\s+(?:for|to\s+have|to\s+get|a\s+visit\s+from)){0,2}\s*"
    r"(?:someone|somebody|some1|an?\s+(?:engineer|tech|technician)|us|you\s+guys)\b"
    r"(?:\s+(?:to\s+)?(?:come|go|be|get|pop|look|check|have\s+a\s+look|fix|there|out|over|in|on\s*site|"
    r"onsite|down|round|around)|(?<=engineer)(?=\s+(?:on\s+)?(?:[a-z]+day|tomorrow|tmrw)\b)"
    r"|(?<=technician)(?=\s+(?:on\s+)?(?:[a-z]+day|tomorrow|tmrw)\b)"
    r"|(?<=tech)(?=\s+(?:on\s+)?(?:[a-z]+day|tomorrow|tmrw)\b))",
    re.IGNORECASE,
)


# "they want a engineer wednesday", "can we get someone out monday", "can someone get there":
# the customer's wish for someone to come, asked or put as a question.
_WISH_FOR_SOMEONE = re.compile(
    _REQUEST_WORD.pattern[:-3] + r"|(?:can|could)(?:\s+(?:we|you|u)\s+(?:get|send))?)\b",
    re.IGNORECASE,
)


def _someone_there_dates(call: Action, fault: Action, plan: Action, text: str) -> Action | None:
    """A fault, then the customer's wish for someone to come on a day: the ticket dated by the
    wish (README's conventions), or None when the plan is no such wish."""
    if (
        fault.intent != "open_ticket"
        or plan.intent != "schedule_followup"
        or "when" not in plan.slots
        or "when" in fault.slots
        or not _same_customer(plan.slots, fault.slots)
    ):
        return None
    wish = _WISH_FOR_SOMEONE.search(text, fault.start, plan.end)
    if wish is None or not _SOMEONE_TO_COME.match(text, wish.end(), plan.end):
        return None
    carried = {k: v for k, v in plan.slots.items() if k in ("when", "priority")}
    if "priority" in call.slots:
        carried.setdefault("priority", call.slots["priority"])
    return replace(fault, slots={**carried, **fault.slots}, end=plan.end)


# "I just got a call from Lion City (Mr. Rahman)": they called in, said the other way round.
_CALL_FROM = re.compile(
    r"\b(?:(?:i|we)\s+)?(?:just\s+)?(?:got|had|received|took)\s+a\s+(?:phone\s+)?call\s+from\b",
    re.IGNORECASE,
)


# A manner set off by commas says how they called, nothing more: "rang, slightly exasperated,",
# "called, somewhat apologetically,", "rang, rather worried, to say …".
_ASIDE = re.compile(
    r",\s*(?:(?:very|rather|slightly|somewhat|quite|a\s+bit|a\s+little|fairly|clearly|"
    r"understandably|not\s+very|all|most)\s+)?[a-z]+(?:ly|ed)\s*(?=,|$)",
    re.IGNORECASE,
)


def _only_their_call(text: str, call: Action, entities: Entities) -> bool:
    """The action's words are the customer (and who) calling in, with no more than fillers."""
    named = [m for m in entities.customers if call.start <= m.start < call.end]
    if not named:
        return False  # "called about the invoice, …": no customer calling in
    found = (*entities.contacts, *entities.phones)
    spans = [
        *((m.start, m.end) for m in named),
        *((f.start, f.end) for f in found if call.start <= f.start < call.end),
        *(
            (t.start_char, t.end_char)
            for t in entities.times
            if call.start <= t.start_char < call.end
        ),
    ]
    # "thames valley" found as "thames": the rest of the name is no news either
    name_words = {w.casefold() for m in named for w in CALL_IN_WORD.findall(m.best.name)}
    if any("&" in m.best.name for m in named):
        name_words.add("and")  # "marlow and finch rang": the ampersand as it is said
    spans += [(m.start(), m.end()) for m in _ASIDE.finditer(text, call.start, call.end)]
    called_from = [m.span() for m in _CALL_FROM.finditer(text, call.start, call.end)]
    words = [
        w.group().casefold()
        for w in CALL_IN_WORD.finditer(mask(text[: call.end], spans + called_from), call.start)
    ]
    verbs = [w for w in words if w in CALLED_IN or w in _MESSAGE_IN] + ["called"] * len(called_from)
    words = _without_customer_part(words)
    return (
        len(verbs) == 1
        and all(
            w in CALLED_IN
            or w in _MESSAGE_IN
            or w in _CALL_IN_FILLER
            or w in name_words
            or (w in _MESSAGE_FROM and bool(set(verbs) & _MESSAGE_IN))
            for w in words
        )
        and not we_called_them(text, call.start, call.end, entities)
    )


def _without_customer_part(words: list[str]) -> list[str]:
    """The words of a calling-in clause without a part of the customer and the one word that
    names it ("leeds site", "tuas depot"): who called is still the customer."""
    kept: list[str] = []
    for word in words:
        if word in _CUSTOMER_PART:
            if kept and kept[-1] not in CALLED_IN and kept[-1] not in _CALL_IN_FILLER:
                kept.pop()  # the place: "leeds" of "leeds site"
            continue
        kept.append(word)
    return kept


def next_stop_day(
    text: str, clause: Clause, intent: str, actions: list[Action], anchor: datetime | None
) -> TimeMention | None:
    """ "下周四上午去绿源农业然后顺便去一趟椰风饮品", "tomorrow touch base with fairbank and then
    get back to contoso": the next stop of a planned day with no time of its own is on that day."""
    if (
        intent != "schedule_followup"
        or anchor is None
        or not actions
        or actions[-1].intent != "schedule_followup"
        or (THEN_GO.match(text, clause.start) is None and not then_en(text, clause.start))
    ):
        return None
    day = anchor.replace(hour=0, minute=0, second=0, microsecond=0)
    return TimeMention(clause.start, clause.start, "", day, "day")


def _one_part_of_day(actions: list[Action], visited: TimeMention) -> bool:
    """No other part of the day was said for the stops so far ("上午去了恒通…下午在金田…最后去了
    东辰": each stop has its own, and the last one is on the day)."""
    return all(
        (a.slots.get("when") or {}).get("text", "") in ("", visited.text)
        for a in actions
        if a.intent == "log_interaction"
    )


def stop_of_the_day(
    text: str,
    clause: Clause,
    when: TimeMention | None,
    visited: TimeMention | None,
    actions: list[Action],
    *,
    now: datetime,
) -> tuple[TimeMention | None, TimeMention | None]:
    """ "今天跑了三家…然后去了青禾最后在东辰": each stop of a day of visits is on the day said
    first; "今天下午打了一圈电话 A… B…": on the part of the day said first, when one was.
    Returns the visit's time and the time of the visits so far."""
    if (
        when is None
        and visited is not None
        and (
            actions[-1].intent == "log_interaction"
            # "今天先去了嘉禾…签了POS二期…然后去南粤百货": the next stop after a deal or a fault
            or THEN_GO.match(text, clause.start) is not None
        )
    ):
        if (
            visited.end is not None
            and visited.grain == "hour"
            and _one_part_of_day(actions, visited)
        ):
            return replace(
                visited, start_char=clause.start, end_char=clause.start, text=""
            ), visited
        day = visited.value.replace(hour=0, minute=0, second=0, microsecond=0)
        return TimeMention(clause.start, clause.start, "", day, "day"), visited
    if when is not None and when.value.date() <= now.date():
        return when, when
    return when, visited


# What may stand between the customers of one listed plan: "pemberton at nine | then | tve at
# two and i need to call | meridian", "tanjong | lion city and | orchard hotels".
_PLAN_LIST_GLUE = re.compile(
    # the customer's people named after it: "Brightwater's asset team and the Harbour lot"
    r"(?:(?:['’]s)?(?:\s+[a-z]+)?\s+(?:team|lot|guys|people|folks|lads))?"
    r"[\s,;&+]*(?:(?:and|then|plus|also|after\s+that|uh+|um+)[\s,]+)*"
    r"(?:(?:i|we)\s+(?:need\s+to|have\s+to|'ve\s+got|have\s+got|will|'ll)\s+|i've\s+got\s+)?"
    r"(?:(?:call|visit|see|meet|email|ring|phone|lunch\s+with|coffee\s+with|drop\s+by)\s+)?"
    r"(?:the\s+)?",
    re.IGNORECASE,
)


def _day_said_before(times: list[TimeMention], mine: TimeMention) -> TimeMention | None:
    """The day a time of day in a listed plan falls on: the last one named before it ("sunday
    night prep tomorrow i've got pemberton at nine": tomorrow), else the first named at all."""
    dated = [t for t in times if DATED.search(t.text)]
    before = [t for t in dated if t.start_char <= mine.start_char]
    return before[-1] if before else next(iter(dated), None)


# Between one item of a typed plan and the next: "…re renewal, Wed 10:30 …", "…; then Thu …".
_ITEM_BREAK = re.compile(r"[,;]|\s(?:and|then|&)\s", re.IGNORECASE)


def _times_first(
    text: str, action: Action, mentions: list[CustomerMention], times: list[TimeMention]
) -> list[TimeMention] | None:
    """ "Plan: Mon ring LCL re renewal, Wed 10:30 Sunda Palm estate visit, Thu arvo KB Trading":
    a list whose items each say their time first, then their customer; None for another shape."""
    own: list[TimeMention] = []
    floor = action.start
    for index, mention in enumerate(mentions):
        before = [t for t in times if floor <= t.start_char and t.end_char <= mention.start]
        if index == 0:
            before = before[-1:]  # "sunday evening plan for the week monday morning lion city"
        if len(before) != 1:
            return None
        if index > 0 and _ITEM_BREAK.search(text, floor, before[0].start_char) is None:
            return None
        own.append(before[0])
        floor = mention.end
    if any(t.start_char >= floor for t in times):
        return None  # a time after the last customer: the list says its times after them
    return own


def _one_plan_per_customer(
    actions: list[Action], entities: Entities, now: datetime
) -> list[Action]:
    """ "next week i need to visit tanjong lion city and orchard hotels", "tomorrow i've got
    pemberton at nine then tve at two": a plan listing several customers is one follow-up for
    each, at the time said after that customer, else the time they share."""
    out: list[Action] = []
    for action in actions:
        if action.intent != "schedule_followup":
            out.append(action)
            continue
        mentions = [m for m in entities.customers if action.start <= m.start < action.end]
        if len({m.best.id for m in mentions}) < 2 or len(mentions) != len(
            {m.best.id for m in mentions}
        ):
            out.append(action)
            continue
        times = [t for t in entities.times if action.start <= t.start_char < action.end]
        own: list[TimeMention | None] = []
        listed = True
        for index, mention in enumerate(mentions):
            stop = mentions[index + 1].start if index + 1 < len(mentions) else action.end
            after = [t for t in times if mention.end <= t.start_char < stop]
            own.append(after[0] if after else None)
            if index + 1 < len(mentions):
                spans = [(t.start_char - mention.end, t.end_char - mention.end) for t in after]
                between = _rest_of_name(mask(entities.text[mention.end : stop], spans), mention)
                if _PLAN_LIST_GLUE.fullmatch(between) is None:
                    listed = False
        leading = _times_first(entities.text, action, mentions, times)
        if leading is not None:
            own, listed = list(leading), True
        if not listed:
            out.append(action)
            continue
        for mention, mine in zip(mentions, own, strict=True):
            slots = {
                k: v
                for k, v in action.slots.items()
                if k not in ("customer", "customer_candidates")
            }
            slots.update(customer_slot(mention))
            if mine is not None:
                said = mine
                dated = _day_said_before(times, mine)
                if dated is not None and mine is not dated and not DATED.search(mine.text):
                    said = on_day(mine, dated.value, mine.text)  # "tomorrow … tve at two"
                slots["when"] = when_slot(for_crm(said, now))
            out.append(replace(action, slots=slots))
    return out


def _rest_of_name(between: str, mention: CustomerMention) -> str:
    """ "visit tanjong lion city and orchard hotels" with only "lion" found: the words of the
    customer's name said after the part found belong to the name, not between two customers."""
    words = between.split(" ")
    name = set(mention.best.name.casefold().split())
    while words and (not words[0] or words[0].casefold() in name):
        words.pop(0)
    return " " + " ".join(words) if words else ""


# "走访了绿源农业和椰风饮品", "跑了两家先是海润冷链然后是港联物流", "去了三家客户嘉禾超市南粤百货
# 还有椰风饮品": a round of visits, its customers listed one after another.
_ROUND_ZH = re.compile(r"(?:走访了|拜访了|跑了|去了)(?:[一二两三四五六几\d]家)?(?:客户)?")


_ROUND_GLUE_ZH = re.compile(
    r"(?:\s|[，,、]|和|跟|与|及|以及|还有|先是|然后是|然后|再是|最后是|接着是|嗯|呃|那个"
    r"|(?i:and|&|also|as well as|plus|um|uh)(?![a-z]))*"
)
# "today I called sunda palm and kb trading", "visited Pemberton, Brightwater and TVE": the
# same round in English.
_ROUND_EN = re.compile(
    r"\b(?:called|visited|rang|phoned|met(?:\s+with)?|saw|emailed)\s+", re.IGNORECASE
)


def _listed_customers(text: str, entities: Entities, position: int) -> list[CustomerMention]:
    """The customers named one after another from `position`, with only list words between."""
    listed: list[CustomerMention] = []
    while True:
        glue = _ROUND_GLUE_ZH.match(text, position)
        at = glue.end() if glue else position
        mention = next((m for m in entities.customers if m.start == at), None)
        if mention is None or any(m.best.id == mention.best.id for m in listed):
            return listed
        listed.append(mention)
        position = mention.end


def one_visit_per_customer(actions: list[Action], entities: Entities, text: str) -> list[Action]:
    """A round of visits to several customers listed in a row is one visit logged for each (the
    README's one action per thing that happened), on the day and in the way said for the first;
    what the list was cut into (a look-up of "然后是港联物流都挺好的") goes."""
    out: list[Action] = []
    skip_before = -1
    for action in actions:
        if action.start < skip_before and action.intent in ASKING | ACTS | {"log_interaction"}:
            continue
        round_ = (
            _ROUND_ZH.search(text, action.start, action.end)
            or _ROUND_EN.search(text, action.start, action.end)
            if action.intent == "log_interaction"
            else None
        )
        listed = _listed_customers(text, entities, round_.end()) if round_ else []
        if len(listed) < 2:
            out.append(action)
            continue
        shared = {k: v for k, v in action.slots.items() if k in ("when", "interaction_type")}
        out.append(replace(action, slots={**action.slots, **customer_slot(listed[0])}))
        out.extend(
            replace(action, slots={**shared, **customer_slot(mention)}) for mention in listed[1:]
        )
        skip_before = listed[-1].end
    return out


def asked_once(actions: list[Action]) -> list[Action]:
    """ "Northwind at risk? orders dropped a lot": a question said again in other words, with
    nothing new in it, is one question."""
    kept: list[Action] = []
    for action in actions:
        previous = kept[-1] if kept else None
        if (
            previous is not None
            and action.intent in ("loyalty_summary", "query_customer", "list_agenda")
            and action.intent == previous.intent
            and all(previous.slots.get(k) == v for k, v in action.slots.items())
        ):
            continue
        kept.append(action)
    return kept


def share_ticket_slots(groups: dict[int, list[dict[str, Any]]]) -> None:
    """Tickets updated together share what is said once: "T-2151 和 T-2152 都已经关了"."""
    for group in groups.values():
        for key in ("status", "priority"):
            said = next((slots[key] for slots in reversed(group) if key in slots), None)
            for slots in group:
                if said is not None and key not in slots:
                    slots[key] = said


def met_goes_with_the_visit(actions: list[Action], text: str) -> list[Action]:
    """ "拜访闽江制药，QA经理反馈探头读数为零", "Visited Greenfield, ops director signed off the
    kits - £35k": the person who opens the news right after a visit or call is the one met,
    so the logged interaction names them, not the ticket or deal they brought up."""
    moved = list(actions)
    for index in range(len(moved) - 1):
        log, news = moved[index], moved[index + 1]
        if log.intent != "log_interaction" or "contact" in log.slots:
            continue
        if news.intent not in ("open_ticket", "record_deal") or "contact" not in news.slots:
            continue
        said = str(news.slots["contact"].get("text", ""))
        opening = text[news.start : news.end].lstrip(" ,，:：-—")
        if not said or not opening.startswith(said):
            continue
        news_slots = {k: v for k, v in news.slots.items() if k != "contact"}
        moved[index] = replace(log, slots={**log.slots, "contact": news.slots["contact"]})
        moved[index + 1] = replace(news, slots=news_slots)
    return moved


def _signed_later(deal: Action, text: str, now: datetime) -> bool:
    """A deal dated after today, or within a week or month still running, and not said done."""
    when = deal.slots.get("when") or {}
    day = str(when.get("value") or when.get("start") or "")[:10]
    later = day > now.date().isoformat() or when.get("grain") in ("week", "month")
    return later and _SIGNED.search(text, deal.start, deal.end) is None


def signing_later(actions: list[Action], text: str, language: str, now: datetime) -> list[Action]:
    """ "贴片机加两台60万下周签", "冷库监控三期明年签，约200万": a priced deal still to be
    signed is news to log (with the conversation it was heard in, when one was just logged),
    and the day of the signing a follow-up; a year is their timeline, no day of ours."""
    if language != "zh":
        return actions
    result: list[Action] = []
    for action in actions:
        slots = action.slots
        when = slots.get("when")
        said = text.find(str(when.get("text") or "\0"), action.start) if when else -1
        if (
            action.intent not in ("schedule_followup", "log_interaction", "record_deal")
            # "答应了…三十万这周内签": a deal agreed, not yet signed ("今天签约" is signed)
            or (action.intent == "record_deal" and not _signed_later(action, text, now))
            or "amount" not in slots
            or when is None
            or not action.start <= said < action.end
            or not _SIGN_LATER.match(text, said + len(when["text"]))
        ):
            result.append(action)
            continue
        log = {k: v for k, v in slots.items() if k != "when"}
        log.setdefault("interaction_type", "note")
        previous = result[-1] if result else None
        if (
            previous is not None
            and previous.intent == "log_interaction"
            and "amount" not in previous.slots
            and previous.slots.get("customer") == slots.get("customer")
        ):
            joined = {**log, **previous.slots, "amount": slots["amount"]}
            result[-1] = replace(previous, slots=joined, end=action.end)
        else:
            result.append(replace(action, intent="log_interaction", slots=log))
        if when.get("grain") != "year":
            plan = {k: v for k, v in slots.items() if k in ("customer", "customer_candidates")}
            plan["when"] = when
            result.append(replace(action, intent="schedule_followup", slots=plan))
    return result


_SIGN_LATER = re.compile(r"\s*(?:之?内|之?前)?(?:就|再|可以|能|去|来|过去)?签(?![了的好完过])")


_SIGNED = re.compile(r"签了|签好|签完|签的|已经|盖章|盖了章|到账|付了|成交|拿下")


# "CFO wants 40 collab seats, £36k, signing next week", "decision end of July": a priced deal
# still to be signed or decided is news to log, and the day it is due a follow-up of ours.
_DECIDED_LATER = re.compile(
    r"\b(?:signing|sign-?off|to\s+sign|decision|deciding|to\s+decide|go-?ahead)\s+"
    r"(?:(?:is|due|expected|on|by|in|at|for)\s+)*$",
    re.IGNORECASE,
)


def _deciding_later(actions: list[Action], entities: Entities, now: datetime) -> list[Action]:
    """English twin of `signing_later`: the signing or decision day of a priced deal heard as
    news is a follow-up, unless the rep names a plan of their own."""
    if any(a.intent == "schedule_followup" for a in actions):
        return actions
    out: list[Action] = []
    for action in actions:
        out.append(action)
        if action.intent != "log_interaction" or "amount" not in action.slots:
            continue
        due = next(
            (
                t
                for t in entities.times
                if action.start <= t.start_char < action.end
                and in_future(t, now)
                and _DECIDED_LATER.search(
                    entities.text, max(action.start, t.start_char - 24), t.start_char
                )
            ),
            None,
        )
        if due is None:
            continue
        plan = {k: v for k, v in action.slots.items() if k in ("customer", "customer_candidates")}
        plan["when"] = when_slot(for_crm(due, now))
        out.append(replace(action, intent="schedule_followup", slots=plan, start=due.start_char))
    return out


def report_first(actions: list[Action], text: str) -> list[Action]:
    """A ticket update heard on a call or visit is logged before it, as reps tell it: "来电：
    定位终端又漂了（T-2002），另外续约合同已寄出" logs the call, then updates the ticket."""
    ordered = list(actions)
    for index in range(len(ordered) - 1):
        update, log = ordered[index], ordered[index + 1]
        if update.intent != "update_ticket" or log.intent != "log_interaction":
            continue
        if broken_between(text, update.start, log.start):
            continue  # "T-2200 resolved. Imran wants 10 more scanners": news of its own, after
        slots = dict(log.slots)
        framing = text[update.start : update.end]
        kind = slot_finders.find_interaction_type(framing)
        if slots.get("interaction_type") == "note" and kind is not None:
            slots["interaction_type"] = kind.value
        if "contact" not in slots and "contact" in update.slots:
            slots["contact"] = update.slots["contact"]
        ordered[index], ordered[index + 1] = replace(log, slots=slots), update
    return ordered


def heard_updates(actions: list[Action], text: str, now: datetime) -> list[Action]:
    """ "so brightwater rang … ticket thirty four fifty reopen it", "kevin says the terminals are
    fixed so t twelve oh five can be resolved": the call or visit the update was heard on is
    logged before it, with who said it; the update keeps the ticket."""
    result: list[Action] = []
    for action in actions:
        segment = text[action.start : action.end]
        news = _trailing_news(segment)
        if action.intent == "open_ticket":
            # "青禾张经理打电话来说冷库温控又报警了…另外他们下个月还要加十套": a call that brought
            # a fault and more is logged first; a call about the fault alone is only the ticket.
            if any(a.intent == "log_interaction" for a in result) or not _called_in(segment):
                result.append(action)
                continue
            # (another ticket's state said after it is ticket work too: "…老是跑偏 然后 上周报的
            # T6028 已经好了" is the ticket and the update, no logged call)
            more: Any = (
                any(a.intent not in ("open_ticket", "update_ticket") for a in actions)
                or news is not None
            )
            if not more:
                result.append(action)
                continue
        elif action.intent != "update_ticket" or any(a.intent == "log_interaction" for a in result):
            result.append(action)
            continue
        medium = INTERACTION.search(segment)
        said = "contact" in action.slots and SAID.search(segment) is not None
        # Only a conversation with more in it than the ticket is logged: other actions in the
        # message, news after the ticket, a visit, or a call the rep made ("phoned ops",
        # "Ashford call -"). An engineer on site is work on the ticket, not the rep's visit.
        visit = VISIT.search(segment) and not _ENGINEER_VISIT.search(segment)
        more = (
            len(actions) > 1
            or news is not None
            or visit
            or _REP_CALL.search(segment)
            # "… t twelve oh five can be resolved and they want a quote for ten more seats"
            or THEIR_REQUEST_IN.search(segment)
        )
        went = visit and _WENT_THERE.search(segment) is not None  # "今天上午去了金田新材"
        if (medium is None and not said and not went) or not more:
            result.append(action)
            continue
        update = dict(action.slots)
        log: dict[str, Any] = {
            k: update[k] for k in ("customer", "customer_candidates") if k in update
        }
        if "contact" in update:
            log["contact"] = update.pop("contact")
        if visit and "product" in update and action.intent == "update_ticket" and segment.isascii():
            log["product"] = update.pop("product")  # "…replaced the thermostat on the combi oven"
        kind = slot_finders.find_interaction_type(segment)
        rep_call = "call" if _REP_CALL.search(segment) else "visit" if visit else "note"
        log["interaction_type"] = kind.value if kind is not None else rep_call
        when = update.get("when")
        if when is not None and "value" in when and when["value"][:10] <= now.date().isoformat():
            log["when"] = update.pop("when")
        elif when is None and (said_at := _time_of_the_visit(segment, now)) is not None:
            log["when"] = said_at  # "今天上午去了金田新材，T-2418 问题解决了"
        if news is not None:
            # what they went on to say names its own product ("…还想再买十台输液泵")
            products = find_products(segment[news:])
            if products:
                log["product"] = products[0][2]
        result.append(Action("log_interaction", action.confidence, log, action.start, action.end))
        result.append(replace(action, slots=update))
    return _news_joins_the_call(result, len(actions))


def _time_of_the_visit(segment: str, now: datetime) -> dict[str, Any] | None:
    """The time gone by said before the ticket, when the rep went there or called: when the
    logged visit or call was (the update itself keeps no time of the past)."""
    tickets = slot_finders.find_tickets(segment)
    framing = segment[: tickets[0].start] if tickets else ""
    if not framing.strip():
        return None
    language = "zh" if any(is_cjk(char) for char in framing) else "en"
    for mention in find_times(framing, now, language):
        settled = in_the_past(for_crm(mention, now), now)
        if settled.grain not in WIDE_GRAINS and (
            not in_future(settled, now) or later_today(settled, now)
        ):
            return when_slot(settled)
    return None


def _news_joins_the_call(actions: list[Action], before: int) -> list[Action]:
    """ "…打电话说麻醉机报警一直响然后顺便问了下明年的采购计划我下周去一趟": once the call is
    logged ahead of the ticket, the news said on it after the fault is part of that log."""
    if len(actions) == before:
        return actions
    joined = list(actions)
    for index in range(len(joined) - 2):
        call, ticket, news = joined[index], joined[index + 1], joined[index + 2]
        if (
            call.intent == "log_interaction"
            and ticket.intent in ("open_ticket", "update_ticket")
            and call.start == ticket.start
            and news.intent == "log_interaction"
            and "contact" not in news.slots
        ):
            slots = dict(call.slots)
            if "product" in news.slots and "product" not in slots:
                slots["product"] = news.slots["product"]
            joined[index] = replace(call, slots=slots, end=news.end)
            del joined[index + 2]
            break
    return joined


# News after a fault or an update in the same report: "另外他们下个月还要加十套",
# "顺便问了明年的招标", "然后他们还想再买十台输液泵", "想了解数据分析模块".
_NEWS_AFTER = scouted(r"另外|顺便|然后(?=他们|还|又|想)|还想|想了解|想再|想问")


_ZH_MEDIUM = re.compile(r"打电话|打了电话|来电|电话里|电话说|微信|短信|邮件|回复了")


def _trailing_news(segment: str) -> int | None:
    """Where the news after a ticket begins: a connective after the fault, with no fault, service
    request or ticket word of its own after it."""
    for found in reversed(list(_NEWS_AFTER.finditer(segment))):
        rest = segment[found.end() :]
        if not rest.strip() or not is_cjk(found.group()[0]):
            return None
        if TICKET_FAULT.search(rest) or SERVICE_REQUEST.search(rest):
            return None
        if any(hit.intent in ("open_ticket", "update_ticket") for hit in trigger_hits(rest)):
            return None
        before = segment[: found.start()]
        if any(hit.intent in ("open_ticket", "update_ticket") for hit in trigger_hits(before)) or (
            slot_finders.find_status(before) is not None
        ):
            return found.start()
        return None
    return None


def _called_in(segment: str) -> bool:
    """A Chinese report that came by phone or message, said before the fault."""
    medium = _ZH_MEDIUM.search(segment)
    if medium is None:
        return False
    faults = [h.start for h in trigger_hits(segment) if h.intent == "open_ticket"]
    return bool(faults) and medium.start() < faults[0]

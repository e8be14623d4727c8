"""An action's slots from the entities inside its clause: customer (or candidates, or unknown),
contact, interaction type, time, amount, priority, ticket, status, product, phone, e-mail and
summary."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any, TypeVar

from nlu import slots as slot_finders
from nlu.asked_about import asked_about
from nlu.customer_index import CustomerMention
from nlu.new_customers_zh import new_customer_name_zh
from nlu.parsing.frames import Clause, Entities
from nlu.parsing.products import GENERIC_PRODUCTS, HEAD_WORD, NOT_A_PRODUCT
from nlu.parsing.reading import latin_text, said_once, spans_overlap
from nlu.parsing.slot_values import for_crm, in_the_past
from nlu.parsing.when import CORRECTION, pick_time
from nlu.regex_scout import scouted
from nlu.rural_orgs_zh import names_a_firm_kind
from nlu.text import is_cjk
from nlu.types import MoneyMention, TimeMention

_T = TypeVar("_T")


# Candidates this close to the best are offered, not guessed between. Below the 3 points a
# derived short form loses to a registered alias, so an alias the user entered wins.
AMBIGUITY_MARGIN = 2.0


NEEDS_CUSTOMER = frozenset(
    {"log_interaction", "schedule_followup", "query_customer", "open_ticket", "record_deal"}
)


WITH_PRODUCT = frozenset(
    {"open_ticket", "record_deal", "log_interaction", "update_ticket", "schedule_followup"}
    | {"query_customer"}
)


_TOTAL_BEFORE = re.compile(
    r"(?:总共|一共|合计|总计|总额|总价|总金额|合同总额|共计|\b(?:total(?:ling)?|in total)\b)"
    r"[^,，。;；\d]{0,6}$",
    re.IGNORECASE,
)


_TOTAL_AFTER = re.compile(r"\s*(?:total|in total|overall|all in)\b", re.IGNORECASE)


FILLERS = scouted(
    r"(?:嗯+|呃+|额+|那个|就是说|就是|然后|啊|哦|噢)(?=[\u4e00-\u9fff\s]|$)"
    r"|\b(?:um+|uh+|erm|like|you know|i mean)\b[,]?\s*",
    re.IGNORECASE,
)


_ABSENT = re.compile(r"\s*(?:不在|没在|出差|请假|(?:was |is )?(?:out sick|out|away|off sick))")


ASKING = frozenset({"query_customer", "list_agenda", "loyalty_summary", "help", "unknown"})


PAST = re.compile(
    r"\b(?:met|had|visited|called|rang|phoned|spoke|talked|went|was|were|did|said|says|told|"
    r"asked|left|came|saw|signed|finished|dropped by|caught up|just|earlier|yesterday|last|"
    r"wants|want|is|are|keep|keeps|emailed|texted|messaged|confirmed|mentioned|reported|"
    r"popped|dropped|swung|stopped\s+by|got\s+back|back\s+from|out\s+of|"
    # "Contract sent to Fairbank", "PO received", "voicemail from Mr Tan": done already
    r"sent|received|heard|enquired|inquired|replied|voicemail|"
    # "Pemberton liked the demo": how it went, so it went
    r"liked|loved|enjoyed|agreed|approved|accepted|declined|rejected|done|"
    # "missed call from Raj", "tried Kevin": a call that came or was tried, so it is over
    r"missed|tried)\b",
    re.IGNORECASE,
)


# "pls add St Albans Grammar School as a customer"
# "please create Dunmore Bakeries as a customer"; "帮我把绍兴恒昌布业录进系统"
_ADD_AS_CUSTOMER = re.compile(
    r"\b(?:add|create|set\s+up|put|enter|register)\s+(?P<en>[A-Za-z0-9&.' -]+?)\s+as\s+(?:a\s+)?"
    r"(?:new\s+)?(?:customer|client|account)"
    r"|把(?P<zh>[^\s,，。；;]{2,20}?)(?:录进|录入|加进|加到|建进|录到)(?:系统|客户库|客户列表|CRM)"
    r"(?P<zh_en>(?!))?",
    re.IGNORECASE,
)


# Words before a new customer's name that are not part of it: "called X", "um X".
_NAME_LEAD = re.compile(
    r"^(?:(?:called|named|um+|uh+|er+|is|as|the)\s+|嗯|呃|那个|名字叫|名叫|叫做|叫|是)+",
    re.IGNORECASE,
)


# Where a dictated Chinese name ends: a filler, or the contact and phone that follow it.
_NAME_TAIL_ZH = re.compile(
    r"嗯|呃|那个|联系人|对接人|负责人|老板|帮我|电话|手机|邮箱|地址|做[^\s]{0,4}的|[，,。；;]"
    # dictated with no pause: the contact ("陈厂长", "设备科主任", "陈工139"), the phone, a filler
    # or what to do with the record ("先建个档") straight after the name
    r"|\d{3}|就是|然后|先建|(?<=[\u4e00-\u9fff]{4})(?:[\u4e00-\u9fff](?:厂长|经理|总监|院长|主任)"
    r"|[\u4e00-\u9fff]{2}[科部](?:主任|经理|长)|[\u4e00-\u9fff][工总](?=\s*\d))"
)


# A filler the speaker ended a new customer's name with: "lakeland hotels like", "… dental uh".
_NAME_TAIL_EN = re.compile(r"(?:\s+(?:um+|uh+|er+m?|like|so|you\s+know))+\s*$", re.IGNORECASE)


# "zenith cold rooms limited for lekki their number is …": the company's suffix ends its name.
_AFTER_COMPANY_SUFFIX = re.compile(
    r"^(.*?\b(?:limited|ltd\.?|llc|plc|inc\.?|gmbh|l\.l\.c\.?))\s+(?:for|in|at|of|from|their|"
    r"based|located|out)\b.*$",
    re.IGNORECASE,
)


_CREATE_NAME = re.compile(
    # "新客户加一下：…", "新客户录一下": the request after the words for a new customer
    r"(?:新客户(?:加|建|录|登记)(?:一下|个)|新建客户|建个新客户|新客户叫|新客户是|新客户|添加客户|加个客户|加客户|建个客户|建客户|录入客户|"
    r"创建客户|新增客户|加一个客户|建一个客户|帮我建档|建个档|建档|新客(?=\s*[:：])|"
    # "新增一个客户", "帮我建个客户档案：", "新开发的客户：", "录一个新客户"
    r"(?:新建|新增|添加|加|建|录入?|创建|新开发的?|新开了?的?)(?:一个|一家|个)?新?客户(?:档案)?(?:叫|是|名叫)?)"
    r"[:：，,\s]*"
    # an English name in a Chinese note: "新增客户 Nanyang Precision Pte Ltd，联系人…"
    r"(?:(?P<zh_en>[A-Za-z][A-Za-z0-9&.' -]*?[A-Za-z0-9.])(?=\s*[，,。;；]|\s+联系人|\s*$)"
    r"|(?P<zh>[^\s,，。;；:：]{2,}?)"
    r"(?=[\s,，。;；]|联系人|电话|地址|邮箱|行业|见了|他们|说|嗯|呃|对接人|负责人|老板|帮我|$))"
    r"|(?:new customer|add customer|create customer|add a customer|new account|create account|"
    r"create an account|create a customer|new client|add client|"
    r"new prospect(?:\s+at\s+[^:,]{1,40})?|"
    # "should I create them? Please create: Keppel Bay Dental Group, Dr. …": a form after a colon
    r"(?:please|pls|plz|kindly)\s+(?:create|add)(?:\s+(?:them|it|this|this one))?(?=\s*:))"
    # "new client please: Ferreteria Los Andes, …": the request word before the form's colon
    r"(?:\s+(?:please|pls|plz)(?=\s*:))?"
    r"[:,\s\-–—]+"
    # "a new account for Halden Vets", "create a customer for me medway valley foods"
    r"(?:(?:for|called|named)\s+)?(?:me\s+)?[\"“]?(?P<en>[A-Za-z0-9&.,' -]+?)[\"”]?"
    # "Sakura Kogyo Co., Ltd.": the comma before the company's suffix is the name's
    # "Hutnik Serwis sp. z o.o.", "… S.A. de C.V.": the full stops of a legal form are the name's
    r"(?=,(?!\s*(?:ltd|inc|llc|limited|plc)\b)|;|:|\.\s(?!z\s+o\.\s?o\.|de\s+c\.\s?v\.)|\s+-\s|"
    r"\s+(?:the\s+)?(?:contact|owner|buyer|phone|tel|email|in |"
    # "… vet hospital theyre on 07 5443 2100": the number and who has it end the name
    r"industry|they'?re|they\s+are|number|mobile|mob|ph)\b|\s+\+?\(?\d{2,}|$)",
    re.IGNORECASE,
)


def action_slots(
    text: str,
    clause: Clause,
    entities: Entities,
    intent: str,
    now: datetime,
    *,
    when: TimeMention | None = None,
) -> dict[str, Any]:
    slots: dict[str, Any] = {}
    segment = text[clause.start : clause.end]
    slots.update(_customer_slots(segment, clause, entities, intent))
    if when is None:
        when = pick_time(text, clause, entities, intent, now=now)
    slots.update(_entity_slots(clause, entities, intent, now, when))
    if intent == "log_interaction":
        kind = slot_finders.find_interaction_type(segment)
        went = any(h.phrase == "visit" for h in clause.hits)
        slots["interaction_type"] = kind.value if kind else "visit" if went else "note"
    if intent in ("open_ticket", "update_ticket"):
        priority = slot_finders.find_priority(segment)
        if priority is not None:
            slots["priority"] = priority.value
    if intent == "update_ticket":
        status = slot_finders.find_status(segment)
        if status is not None:
            slots["status"] = status.value
    summary = _summary((entities.shown or text)[clause.start : clause.end])
    if summary and intent not in ("help", "list_agenda", "loyalty_summary", "unknown"):
        slots["summary"] = summary
    return slots


def first_or_none(items: Sequence[_T], clause: Clause, start_of: Callable[[_T], int]) -> _T | None:
    return next((item for item in items if clause.start <= start_of(item) < clause.end), None)


def _customer_slots(
    segment: str, clause: Clause, entities: Entities, intent: str
) -> dict[str, Any]:
    customer = first_or_none(entities.customers, clause, lambda m: m.start)
    if customer is not None:
        return customer_slot(customer)
    if intent == "create_customer":
        name = _new_customer_name(segment)
        contact = first_or_none(entities.contacts, clause, lambda c: c.start)
        if contact is not None and (name is None or _names_within(contact.text, name)):
            # dictated with no pause: "new account hollins garden centre sarah patel +44 …"
            name = _new_customer_name(segment[: contact.start - clause.start]) or name
        if name is None:
            # "Lunch w/ Dr. Alvarez at Lakeshore Fertility Clinic … New account, pls add them":
            # the new company is the one named before the request
            before = [o for o in entities.unknown_orgs if o[1] <= clause.start and o[2].isascii()]
            # "新客户 周口的 鑫农农资经营部 负责人叫刘长海": a firm named by its kind (Chinese)
            inside = first_or_none(entities.unknown_orgs, clause, lambda o: o[0])
            name = (
                before[-1][2]
                if before
                else inside[2]
                if inside is not None and names_a_firm_kind(inside[2])
                else None
            )
        return {"customer": {"text": name, "id": None}} if name else {}
    org = first_or_none(entities.unknown_orgs, clause, lambda o: o[0])
    if org is not None and (
        intent in NEEDS_CUSTOMER or (intent == "update_ticket" and names_a_firm_kind(org[2]))
    ):
        return {"customer": {"text": org[2], "id": None}}
    asked = asked_about(segment) if intent == "query_customer" else None
    if asked is not None and not any(
        spans_overlap(clause.start + asked[0], clause.start + asked[1], [(c.start, c.end)])
        for c in entities.contacts
    ):
        return {"customer": {"text": asked[2], "id": None}}
    return {}


def _entity_slots(
    clause: Clause, entities: Entities, intent: str, now: datetime, when: TimeMention | None
) -> dict[str, Any]:
    slots: dict[str, Any] = {}
    contact = _contact(clause, entities, intent)
    if contact is not None:
        slots["contact"] = {"text": contact.text}
    if when is not None:
        settled = for_crm(when, now)
        if intent == "log_interaction" or (
            intent == "record_deal" and PAST.search(entities.text, clause.start, clause.end)
        ):
            settled = in_the_past(settled, now)  # "signed Friday!": the Friday gone
        elif intent == "loyalty_summary" or (
            intent in ASKING
            and _ASKED_ABOUT_THE_PAST.search(entities.text, clause.start, clause.end)
        ):
            # loyalty figures are of months gone: "retention numbers for May" in June
            settled = _month_gone(in_the_past(settled, now), now)
        elif intent == "schedule_followup":
            settled = _quarter_to_come(settled, now)
        slots["when"] = when_slot(settled)
    money = _amount(clause, entities)
    if money is not None:
        slots["amount"] = _amount_slot(money)
    ticket = first_or_none(entities.tickets, clause, lambda t: t.start)
    if ticket is not None:
        slots["ticket"] = {"number": ticket.value}
    product = product_slot(clause, entities, intent)
    if product is not None and intent in WITH_PRODUCT:
        slots["product"] = said_once(product[2])
    phone = first_or_none(entities.phones, clause, lambda p: p.start)
    if phone is not None:
        slots["phone"] = phone.value
    email = first_or_none(entities.emails, clause, lambda e: e.start)
    if email is not None:
        slots["email"] = email.value
    return slots


def _amount(clause: Clause, entities: Entities) -> MoneyMention | None:
    """The clause's amount: a total when one is given ("£900 each, £90k total", "每年九万，
    合同总额27万"), else the first."""
    inside = [m for m in entities.money if clause.start <= m.start < clause.end]
    totals = [
        m
        for m in inside
        if _TOTAL_BEFORE.search(entities.text, max(clause.start, m.start - 12), m.start)
        or _TOTAL_AFTER.match(entities.text, m.end)
    ]
    if totals:
        return totals[0]
    # "twenty k no sorry twenty five k": the amount said again after a correction stands
    for first, second in itertools.pairwise(inside):
        said = CORRECTION.search(entities.text, first.end, second.end)
        if said is not None and said.start() < second.start:
            return second
    return next(iter(inside), None)


def product_slot(clause: Clause, entities: Entities, intent: str) -> tuple[int, int, str] | None:
    """The clause's product: a named one ("MES", "监护仪") before a generic word (系统, 货,
    "equipment") that only says there is one. A fault is about the product named last before
    it ("中央站软件升级以后监护仪全部离线", "POS机扫码枪没反应")."""
    inside = [p for p in entities.products if clause.start <= p[0] < clause.end]
    named = _zh_owned_things(
        entities.text, [p for p in inside if p[2].casefold() not in GENERIC_PRODUCTS]
    )
    fault = next((h.start for h in clause.hits if h.intent == "open_ticket"), None)
    if intent == "open_ticket" and fault is not None and is_cjk(entities.text[fault]):
        before = [p for p in named if p[1] <= fault]
        if before:
            return before[-1]
    if intent == "open_ticket" and not named and latin_text(entities.text):
        # "their CRM sync is failing", "the outage alerts are spamming": no product word, the
        # thing said to fail is the product
        faults = (h.start for h in clause.hits if h.intent == "open_ticket")
        subject = next(
            (
                f
                for f in (
                    _failing_thing(entities.text, clause.start, at, entities) for at in faults
                )
                if f
            ),
            None,
        )
        if subject is not None:
            return subject
    # a bare "system", "units", 货, 账号 names no product; a Chinese ticket takes the thing said
    # to fail ("那批配件有质量问题") when no name is said
    fallback = [p for p in inside if intent == "open_ticket" and p[2] in _ZH_FAILING_KINDS]
    return next(iter(named or fallback), None)


# Kinds of thing that can be what failed when a ticket names nothing else; 系统, 账号, 货 and
# their like are not (the data leaves "系统导出报错", "两个账号登录不了" without a product).
_ZH_FAILING_KINDS = frozenset({"设备", "机器", "仪器", "配件", "电池", "样品", "耗材"})


# "冷库的温度探头", "叉车上那个扫码枪", "冷库那套温控系统": the first names where the second is.
_ZH_OWNER_OF = re.compile(r"(?:上|里|中|内|那边)?[的嘅]?(?:那|这)?(?:个|套|台|些|批|块)?")


# What belongs to a device without being the thing bought: its reagent, its licence, a sample.
_ZH_BELONGINGS = frozenset({"试剂", "耗材", "样品", "license", "授权", "许可证", "账号", "配件"})


def _zh_owned_things(text: str, named: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Chinese "X的Y": the thing is Y, X only says where or whose it is ("冷库的温度探头",
    "智慧教室的平板"); X stays when Y is what comes with it ("血气分析仪的试剂")."""
    owners = {
        id(first)
        for first, second in itertools.pairwise(named)
        if second[0] > first[1]  # "POS机扫码枪" said in one breath is the part itself
        and _ZH_OWNER_OF.fullmatch(text, first[1], second[0])
        and second[2].casefold() not in _ZH_BELONGINGS
    }
    return [p for p in named if id(p) not in owners]


# The thing said to fail, right before the fault: "their crm sync is | failing", "the wifi in
# the science block | is down", "3 of the herd collars | not reporting".
_THING = (
    r"(?:(?:a\s+)?batch\s+of\s+|(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+|some|"
    r"several|a\s+few)\s+)?(?:(?:old|new|existing|same)\s+)?"
    r"(?P<np>[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z][A-Za-z0-9-]*){0,3}?)"
    r"(?:\s+(?:in|on|at|for|from)\s+(?:the\s+|their\s+)?[A-Za-z0-9-]+(?:\s+[A-Za-z0-9-]+){0,2}?)?"
    r"\s+(?:(?:is|are|was|were|has|have|had|been|keeps?|kept|still|again|now|all|just|"
    r"constantly)\s+)*$"
)


_FAILING_THING = re.compile(
    r"\b(?:the|their|its|our|his|her|all\s+the|all\s+their)\s+" + _THING, re.IGNORECASE
)


# "Nurse call panel in ward B is faulty", after a customer named first: no determiner
_BARE_FAILING_THING = re.compile(r"(?:^|[,:;.]|\s[-–—])\s*" + _THING, re.IGNORECASE)


_NOT_A_THING = re.compile(
    r"\b(?:i|we|they|he|she|it|its|it's|that|this|there|um|uh|so|and|but|called|rang|phoned|"
    r"emailed|says|said|saying|one|ones|some|all|everything|something|someone|pls|plz|please|"
    r"kindly|abeg)\b",
    re.IGNORECASE,
)


def _ends_in_head(phrase: str) -> bool:
    """The phrase ends in a product noun, one word or two ("battery pack")."""
    return any(m.end() == len(phrase) for m in HEAD_WORD.finditer(phrase))


def _failing_thing(
    text: str, start: int, fault: int, entities: Entities
) -> tuple[int, int, str] | None:
    """The noun phrase a fault is said of (English), when no product word names it."""
    named = [m.end for m in entities.customers if start <= m.start < fault]
    floor = max([start, *named])
    match = _FAILING_THING.search(text, floor, fault) or _BARE_FAILING_THING.search(
        text, floor, fault
    )
    if (
        match is None
        or _NOT_A_THING.search(match["np"])
        or match["np"].casefold() in GENERIC_PRODUCTS  # "the system is down again"
        # "the logger alerts are spamming", "the pick list printing": no product's head
        or (
            match["np"].split()[-1].casefold() in NOT_A_PRODUCT
            and not _ends_in_head(match["np"])  # "the power pack" is no welcome pack
        )
        or match["np"].casefold().endswith("ing")
    ):
        return None
    return match.start("np"), match.end("np"), match["np"]


def _contact(clause: Clause, entities: Entities, intent: str) -> slot_finders.Found | None:
    """Who the clause is about: someone named before a role ("IT manager Grace"), and not
    someone said to be away ("林主任不在跟小刘聊了", "Priya out sick, saw Tom")."""
    present = [
        c
        for c in entities.contacts
        if clause.start <= c.start < clause.end and not _ABSENT.match(entities.text, c.end)
    ]
    named = [c for c in present if c.kind == "name"]
    # a new customer's contact is the one introduced as such ("…介绍了…联系人是蒋总")
    labelled = [
        c
        for c in present
        if intent == "create_customer" and slot_finders.labelled_contact(entities.text, c)
    ]
    return next(iter(labelled or named or present), None)


def customer_slot(mention: CustomerMention) -> dict[str, Any]:
    best = mention.best
    close = [c for c in mention.candidates if best.score - c.score <= AMBIGUITY_MARGIN]
    candidates = [{"id": c.id, "name": c.name, "score": c.score} for c in close]
    if len(close) > 1:
        return {"customer": {"text": mention.text}, "customer_candidates": candidates}
    return {
        "customer": {"text": mention.text, "id": best.id, "name": best.name, "score": best.score},
        "customer_candidates": candidates,
    }


# A question in the past tense asks about a time gone: "what did Northwind order in May?".
_ASKED_ABOUT_THE_PAST = re.compile(
    r"\b(?:did|didn't|was|were|went|had|lost|stopped|quoted|ordered|bought|spent|sold|kept|"
    r"signed|closed|won|churned|left|dropped|paid|invoiced|shipped|delivered)\b",
    re.IGNORECASE,
)


_NAMED_MONTH = re.compile(
    r"^(?:(?:in|during|for|of|back in)\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|"
    r"dec)[a-z]*\.?$",
    re.IGNORECASE,
)


def _month_gone(mention: TimeMention, now: datetime) -> TimeMention:
    """A named month that resolved forward, asked about in the past tense: the last one."""
    if mention.grain != "month" or not _NAMED_MONTH.match(mention.text.strip()):
        return mention
    value, end = mention.value, mention.end
    while value.date() > now.date():
        value = value.replace(year=value.year - 1)
        end = end.replace(year=end.year - 1) if end is not None else None
    return replace(mention, value=value, end=end)


def _quarter_to_come(mention: TimeMention, now: datetime) -> TimeMention:
    """ "check in again in Q1" said in November: a plan's quarter is the coming one, next year's
    when this year's is over (as "in January" is)."""
    if mention.grain != "quarter" or mention.end is not None:
        return mention
    value = mention.value
    while (value.year, value.month + 2) < (now.year, now.month):
        value = value.replace(year=value.year + 1)
    return replace(mention, value=value)


def when_slot(mention: TimeMention) -> dict[str, Any]:
    if mention.end is not None:
        return {
            "text": mention.text,
            "start": _iso(mention.value, mention.grain),
            "end": _iso(mention.end, mention.grain),
            "grain": mention.grain,
        }
    return {
        "text": mention.text,
        "value": _iso(mention.value, mention.grain),
        "grain": mention.grain,
    }


def _iso(moment: datetime, grain: str) -> str:
    if grain in ("year", "quarter", "month", "week", "day"):
        return moment.date().isoformat()
    return moment.isoformat()


def _amount_slot(mention: MoneyMention) -> dict[str, Any]:
    slot: dict[str, Any] = {"text": mention.text, "currency": mention.currency}
    if mention.value is not None:
        slot["value"] = _number(mention.value)
    if mention.minimum is not None:
        slot["min"] = _number(mention.minimum)
    if mention.maximum is not None:
        slot["max"] = _number(mention.maximum)
    if mention.approximate:
        slot["approximate"] = True
    return slot


def _number(value: Any) -> int | float:
    as_float = float(value)
    return int(as_float) if as_float.is_integer() else as_float


def _names_within(words: str, name: str) -> bool:
    """The contact's words inside a new customer's name: the name ran on into them."""
    if not words.isascii():
        return words in name
    return re.search(rf"(?<!\w){re.escape(words)}(?!\w)", name, re.IGNORECASE) is not None


def _new_customer_name(segment: str) -> str | None:
    # "add X as a new customer, contact Y": the name is what is added, not what follows
    match = _ADD_AS_CUSTOMER.search(segment) or _CREATE_NAME.search(segment)
    if match is None:
        return None
    name = (match.group("zh") or match.group("zh_en") or match.group("en") or "").strip(" :：'\"“”")
    name = _NAME_LEAD.sub("", name)
    name = re.split(r"\s+[-–—]\s+", name, maxsplit=1)[0].strip(" :：'\"“”")
    name = _NAME_TAIL_ZH.split(name, maxsplit=1)[0].strip()
    name = _NAME_TAIL_EN.sub("", name)
    name = new_customer_name_zh(name)
    name = _AFTER_COMPANY_SUFFIX.sub(r"\1", name)
    if name and all(word in _REQUEST_WORDS for word in name.casefold().split()):
        return None  # "New account, pls add them": the request, no name
    return name or None


# Words of a request to add the customer already named, never a name: "pls add them".
_REQUEST_WORDS = frozenset(
    "pls please plz can you could add them him her it this that one too as well thanks thx "
    "to the system crm".split()
)


def _summary(segment: str) -> str:
    without_fillers = FILLERS.sub("", segment)
    return re.sub(r"\s+", " ", without_fillers).strip(" ,，。.;；")

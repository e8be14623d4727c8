"""Chinese trade talk no trigger phrase holds, as intent evidence beside the phrase triggers.

New writers report goods that arrive wrong rather than machines that break ("铝箔破损要退换",
"批号和随货单不一致，已拒收", "贴片机老掉料"), ask for a ticket by its kind ("开个普通工单"),
ask how to open one ("怎么给客户开工单"), and close deals in northern speech ("那单整下来了") or
renew them with a sum ("年框续签 46.8万"). Each shape gives a hit of its intent, as
`faults_zh` does for faults; a complaint never comes from a word of business talk alone."""

from __future__ import annotations

import re

from nlu.intents import TriggerHit

# Goods that came wrong: damaged, mismatched, refused, to be exchanged; a machine that keeps
# dropping or stopping ("老掉料", "一直停机"); a production line stopped.
_COMPLAINT = re.compile(
    r"破损|破了|压坏|摔坏|裂瓶|碎瓶|漏瓶|胀袋|胀气|退换|换货|拒收|被拒|变质|发霉|过期了|漏发|少发|错发|发错了?货|"
    r"(?:批号|数量|型号|规格|单据|随货单|发票|标签|包装|效期)[^，,。；;！!？?\s]{0,8}?"
    r"(?:不一致|不符|对不上|有误)|"
    r"(?:老|总|老是|总是|一直|经常|频繁)(?:掉料|掉件|掉电|停机|卡料|卡壳|报警|跳闸|漏液|死机)|"
    r"(?:产线|生产线|线上)都?停了|趴窝了?"
)

# A ticket asked for by its kind or priority: "开个普通工单", "建一张售后工单".
_TICKET_NAMED = re.compile(
    r"(?:开|建|提|起)(?:个|一个|一张|张)?(?:普通|一般|紧急|加急|售后|维修|投诉|质量)的?(?:工单|单子)"
)

# Asking how to do it: "怎么给客户开工单", "怎么帮客户建档", "怎么给客户加联系人".
_HOW_TO = re.compile(
    r"(?:怎么|如何|咋)(?:样)?(?:给|帮|替|为)[^，,。；;！!？?\s]{1,8}?"
    r"(?:开工单|开单|建档|建客户|加联系人|加客户|加备注|改联系人|设提醒|记|录|登记)"
)

# A deal closed in northern speech, or renewed with a sum said right after; a contract stamped.
_DEAL = re.compile(
    r"(?:整|弄|搞)下来了|(?:已|已经)盖章|盖(?:好|完)?章了|(?:年框|框架|合同|协议)?续签(?=\s*[\d一二三四五六七八九两])"
)


# A reminder noted with its day: "授信到期提醒 下月15号前续作", "续保提醒".
_REMINDER = re.compile(
    r"(?<![请帮给])提醒(?![我你他她]|一下|大家)(?=[^，,。；;！!？?]{0,4}?[\s，,：:]|$)"
)

# Customs, approval or payment held up, not a machine: "清关卡住了", "审批卡在财务".
# (not the software that runs it: "报关系统又登不进去", "审批流卡住", "审批模块报错")
_PROCESS_HELD = re.compile(
    r"(?:清关|报关|海关|审批|手续|放行|付款|回款|提单)(?![系平模软流])[^，,。；;系统台块件]{0,3}$"
)


def trade_talk_hits_zh(text: str, hits: list[TriggerHit]) -> list[TriggerHit]:
    """Hits for the shapes above that no phrase trigger already covers."""
    found: list[TriggerHit] = []
    for pattern, intent in (
        (_COMPLAINT, "open_ticket"),
        (_TICKET_NAMED, "open_ticket"),
        (_HOW_TO, "help"),
        (_DEAL, "record_deal"),
        (_REMINDER, "schedule_followup"),
    ):
        covered = [(h.start, h.end) for h in hits if h.intent == intent]
        found.extend(
            TriggerHit(intent, m.start(), m.end(), m.group())
            for m in pattern.finditer(text)
            if not any(low < m.end() and m.start() < high for low, high in covered)
        )
    return found


_ASKED_FIRST = frozenset({"loyalty_summary", "query_customer"})


def asked_how_kept(text: str, hits: list[TriggerHit]) -> list[TriggerHit]:
    """Inside "怎么给客户开工单" the ticket word is what the question asks how to do: no ticket;
    customs or an approval held up ("清关卡住了") is news, no fault; "到期提醒" asks nothing;
    "请列一下" after a question asks for its answer as a list."""
    asked = [(m.start(), m.end()) for m in _HOW_TO.finditer(text)]
    return [
        h
        for h in hits
        if h.intent == "help"
        or not (
            any(low <= h.start < high for low, high in asked)
            or (
                h.intent == "open_ticket"
                and _PROCESS_HELD.search(text, max(0, h.start - 6), h.start) is not None
            )
            # "授信到期提醒": what falls due names the reminder, nothing is asked
            or (h.intent == "query_customer" and text.startswith("提醒", h.end))
            # "哪些有流失风险？请列一下": the answer asked for as a list, no agenda
            or (
                h.intent == "list_agenda"
                and h.phrase.startswith("列")
                and any(o.intent in _ASKED_FIRST and o.end <= h.start for o in hits)
            )
        )
    ]

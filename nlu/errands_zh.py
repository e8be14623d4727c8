"""Chinese reports read by the shapes fast typists and dictating reps use for what comes next.

- Errands on a day: a day still to come, then what the rep will do there, with no contact verb a
  trigger list knows ("15号之前安排一次交付会", "明年1月5号开票", "明天统一出报价") — a follow-up
  of ours, as `errands_en` reads "send the contract friday" in English. Goods moved on a day
  (发货, 到货, 交货) are the order's dates, not errands; what the customer will do (他们,
  对方 before the verb, or a reported 说) is theirs.
- A plan moved to a day ("改到下礼拜一上午了", "改期了 下周四下午两点") is a follow-up on the
  new day.
- "怎么把一个客户的联系人改掉": how to change a record, the object said between, asks for help;
  "帮他们开个单" asks for a ticket (not "开个单子", an order).
- Trigger words that mean something else in these shapes are dropped: the agenda word 的安排
  counts only after a day or the rep ("明天的安排", "我的安排"; "第一批货的安排" arranges goods),
  "拉个单子给我" asks for a list, "他们内部要开会" is the customer's own meeting, "来我们公司看看"
  their visit, and "本来说要去X的 改到…" the plan as it was.
The hits join the trigger phrases' in `parsing.clauses.cut_into_clauses`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from nlu.intents import TriggerHit
from nlu.plans_zh import own_plan_starts
from nlu.regex_scout import scouted
from nlu.types import TimeMention

# What the rep sets up, sends or prepares; no contact verb (those are trigger phrases already).
_ERRAND = re.compile(
    r"(?:我们?|咱们?)?(?:先|再|就|统一|一起|尽快)?"
    r"(?:安排|开票|开发票|出(?:个|一版|一份)?报价|报个价|出(?:个|一版|一份)?方案|准备|提交|"
    r"过一遍|核对|对一下|做(?:个|一版|一份)?(?:方案|报价))"
    r"(?![了过好完])"
)
# Between the day and the errand: blanks and a deadline word only ("15号之前", "周五前").
_GAP = re.compile(r"\s*(?:之前|以前|前)?\s*")
# The customer's own doing, or what someone reported: not an errand of ours.
_THEIRS_BEFORE = re.compile(r"(?:他们|他們|对方|對方|客户|客戶|说|說|讲|講)[^，,。；;\s]{0,6}$")
_BREAK = re.compile(r"[，,。；;！!？?\n]")


def errand_hits_zh(
    text: str, hits: Sequence[TriggerHit], times: Sequence[TimeMention], now: datetime
) -> list[TriggerHit]:
    """`schedule_followup` hits for errands said on a day still to come (see the module doc)."""
    found = []
    for time in times:
        if time.value.date() < now.date() and (time.end is None or time.end <= now):
            continue
        gap = _GAP.match(text, time.end_char)
        at = gap.end() if gap is not None else time.end_char
        errand = _ERRAND.match(text, at)
        if errand is None or errand.end() == at:
            continue
        if _THEIRS_BEFORE.search(text, max(0, time.start_char - 12), time.start_char):
            continue
        sentence_end = _BREAK.search(text, errand.end())
        limit = sentence_end.start() if sentence_end else len(text)
        if any(
            h.intent == "schedule_followup" and time.start_char <= h.start < limit for h in hits
        ):
            continue
        # "下周安排工程师一起上门": a contact verb in it makes it a plan `plans_zh` reads
        if own_plan_starts(text[time.start_char : limit]):
            continue
        found.append(TriggerHit("schedule_followup", errand.start(), errand.end(), errand.group()))
    return found


# A plan moved to another day: "本来说要去金田新材的 改到下礼拜一上午了".
_MOVED_TO = re.compile(r"(?:改到|改成|改在|挪到|换到|改期(?:了|到)?[，,\s]*)\s*$")
# Someone else's words: what they moved is theirs ("说冷链设备的标书改到九月中旬再发").
_REPORTED = re.compile(r"(?<!本来)(?<!原来)说|表示|讲")


def moved_plan_hits(
    text: str, hits: Sequence[TriggerHit], times: Sequence[TimeMention]
) -> list[TriggerHit]:
    """`schedule_followup` hits for a plan of ours moved to a day ("改到下礼拜一上午"), where no
    trigger in the same sentence already says what moved and nobody is quoted moving it."""
    found = []
    for time in times:
        moved = _MOVED_TO.search(text, max(0, time.start_char - 5), time.start_char)
        if moved is None:
            continue
        sentence_end = _BREAK.search(text, time.end_char)
        limit = sentence_end.start() if sentence_end else len(text)
        opened = [b.end() for b in _BREAK.finditer(text, 0, moved.start())]
        sentence = opened[-1] if opened else 0
        # a trigger in the sentence says what moved ("那个演示改到下周五") and is read as said
        if any(sentence <= h.start < limit for h in hits):
            continue
        if _REPORTED.search(text, sentence, moved.start()):
            continue
        # "这周末本来说要去金田新材的 改到下礼拜一": the plan moved is told before its new day
        before = _ORIGINALLY.search(text, sentence, moved.start())
        start = sentence if before is not None else moved.start()
        found.append(TriggerHit("schedule_followup", start, time.end_char, moved.group()))
    return found


# The words 的安排 follows when it asks for the agenda: a day, a part of it, or the rep.
_AGENDA_OWNER = re.compile(
    r"(?:天|日|号|號|末|(?:周|週|礼拜|禮拜|星期)[一二三四五六日天]?|午|晚|早|上|月|年|我|我们|咱们|节)$"
)


# "拉个单子给我", "列个单子": a list asked for, no deal.
_LIST_ASKED = re.compile(r"(?:拉|列|出|整理|做)(?:个|一个|一份|份)?\s*$")
# "他们内部要开会评估", "对方下周自己开会": the customer's own meeting (README: their event).
_THEIR_MEETING = re.compile(
    r"(?:他们|她们|对方|人家|客户)(?:那边)?(?:内部|自己)?(?:先|还)?(?:要|会|准备|打算)?\s*$"
)
# "想顺便来我们公司看看", "过来看看": they come to look, nothing to look up.
_COME_TO_SEE = re.compile(r"来[^，,。；;\s]{0,6}$")


_TICKET_BEFORE = re.compile(r"工单\s*(?:来|去)?$")


_ORIGINALLY = re.compile(r"本来|原来|原本|原计划|原定")
_MOVED_LATER = re.compile(r"改到|改成|改在|挪到|换到|改期")


def hits_settled_zh(text: str, hits: Sequence[TriggerHit]) -> list[TriggerHit]:
    """The hits without the ones these shapes show to mean something else: 的安排 naming the
    arranging of goods (see the doc), a list asked for (单子), the customer's own meeting, their
    coming to see us, a ticket's own following up ("开个工单跟进"), and a plan as it was before
    it moved."""
    kept = []
    for h in hits:
        before = text[max(0, h.start - 8) : h.start]
        if (
            (
                h.intent == "list_agenda"
                and h.phrase == "的安排"
                and _AGENDA_OWNER.search(text, max(0, h.start - 3), h.start) is None
            )
            or (h.intent == "record_deal" and h.phrase == "单子" and _LIST_ASKED.search(before))
            or (h.phrase in ("开会", "会议") and _THEIR_MEETING.search(before))
            or (h.intent == "query_customer" and h.phrase == "看看" and _COME_TO_SEE.search(before))
            # "开个工单跟进": the ticket follows the fault up, no follow-up of the rep's
            or (h.intent == "schedule_followup" and _TICKET_BEFORE.search(before))
            # "这周末本来说要去金田新材的 改到下礼拜一": the plan as it was, before it moved
            or (
                h.intent in ("schedule_followup", "log_interaction")
                and _ORIGINALLY.search(text, max(0, h.start - 12), h.start)
                and _MOVED_LATER.search(text, h.end)
            )
        ):
            continue
        kept.append(h)
    return kept


# "怎么把一个客户的联系人改掉", "怎么把刚才那条删了": how to change or undo a record.
_HOW_TO_CHANGE = re.compile(r"怎么(?:样)?(?:把|将)[^，,。；;！!？?\n]{1,14}?(?:改|删|撤|换|合并)")


def asked_how_hits(text: str) -> list[TriggerHit]:
    """`help` hits for a question how to change a record, its object said between."""
    return [
        TriggerHit("help", m.start(), m.end(), m.group()) for m in _HOW_TO_CHANGE.finditer(text)
    ]


# "帮他们开个单", "给绿源农业开个单", "…漏油了，开个单": a ticket asked for as a bill opened for
# someone, or alone closing the note; not 开个单子 or 开单据 (an order, a receipt).
_TICKET_ASKED = scouted(
    r"(?:帮|给|替)[^，,。；;！!？?\s]{0,8}?开(?:个|一个)单(?![子据])"
    r"|(?:^|(?<=[，,。；;\s]))开(?:个|一个)单(?![子据])(?=\s*[吧啊呗]?\s*[。！!]?\s*$)"
    # "…受潮结块了 恁给开个单子 急": 单子 too when it closes the note, a priority after it
    r"|(?:^|(?<=[，,。；;\s恁你您]))给开(?:个|一个)单子?"
    r"(?=\s*(?:急|加急|紧急|很急)?\s*[吧啊呗]?\s*[。！!]?\s*$)"
)


def ticket_asked_hits(text: str) -> list[TriggerHit]:
    """`open_ticket` hits for a ticket asked for as 开个单 (see above)."""
    return [
        TriggerHit("open_ticket", m.start(), m.end(), m.group())
        for m in _TICKET_ASKED.finditer(text)
    ]

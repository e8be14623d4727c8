"""What a message asks or commands, told from a report that only mentions the same words.

A loyalty word inside news ("Tom said they're loyal to us", "他们担心自己的客户流失") reports
what was said and asks for no loyalty figures; a laugh beside it with no customer named ("how
loyal is my dog lol", "我对象说我不够忠诚哈哈") is banter. Calling off a planned visit or call
("取消周五跟华康医院的拜访", "cancel my 3pm with Pemberton") is a command the contract has no
intent for: it is not a follow-up to book, so it stays `unknown` with its slots.
"""

from __future__ import annotations

import re

from nlu.regex_scout import scouted

from .intents import TriggerHit

# The message asks: a question mark, a Chinese question particle at the end, or an English
# question word or inverted verb opening it.
_QUESTION = re.compile(
    r"[?？]|(?:吗|呢|嘛|么|没有|不)\s*$|"
    r"^\s*(?:(?:um+|uh+|so|ok|okay|hey|and)[\s,]+)*(?:how|is|are|was|were|will|would|could|can|"
    r"do|does|did|has|have|who|which|what|what's|whats|when|why|any|should)\b",
    re.IGNORECASE,
)
# A report of what someone said or how a contact went, before the loyalty word.
_TOLD = re.compile(
    r"\b(?:said|says|told|tells|mentioned|mentions|reckons|claims|confirmed|explained|"
    r"admitted|complained|worried|worry|concerned|they're|they are|their own)\b|"
    r"说|表示|反馈|提到|讲|担心|抱怨|承认|他们自己|自己的",
    re.IGNORECASE,
)
# Laughter and chat markers: "lol Kensington is such a posh name" requests nothing.
CHATTER = re.compile(
    r"\b(?:lol|lmao|rofl|haha\w*|hehe\w*|jk)\b|哈哈|嘻嘻|呵呵|[\U0001F602\U0001F923\U0001F606\U0001F605]",
    re.IGNORECASE,
)


_SENTENCE_END = re.compile(r"[.!;。！；\n]")


def loyalty_told(text: str, hits: list[TriggerHit], *, customer_named: bool) -> list[TriggerHit]:
    """The hits without the loyalty words that are told, not asked: said in a report (after a
    logged contact or a verb of speech, in a message that is no question), or joked about with
    no customer named."""
    if not any(h.intent == "loyalty_summary" for h in hits):
        return hits
    if CHATTER.search(text) and not customer_named:
        return [h for h in hits if h.intent != "loyalty_summary"]
    if _QUESTION.search(text):
        return hits
    contact_before = [h.end for h in hits if h.intent == "log_interaction"]
    # a deal recorded in a sentence before it too: "Renewal signed … Health score back to green"
    # (not the order asked about in the same breath: "飞鸿的订单是不是越来越少了")
    contact_before += [
        h.end
        for h in hits
        if h.intent == "record_deal"
        and any(
            loyal.intent == "loyalty_summary"
            and _SENTENCE_END.search(text, h.end, max(h.end, loyal.start))
            for loyal in hits
        )
    ]

    def told(hit: TriggerHit) -> bool:
        if hit.intent != "loyalty_summary":
            return False
        if any(end <= hit.start for end in contact_before):
            return True
        return _TOLD.search(text, 0, hit.start) is not None

    return [h for h in hits if not told(h)]


# A planned contact called off: the cancel verb first, the visit, call or meeting after it,
# and no new time it moves to ("改到", "moved to", "instead").
_CALL_OFF = scouted(
    r"^\s*(?:(?:帮我|麻烦|请|把)\s*)*(?:取消|撤掉|不去了)[^，,。；;!?！？]{0,16}?"
    r"(?:拜访|见面|会议|开会|电话|回访|约|饭局|会|行程)"
    # "把下周三去博远学校的行程取消掉", "明天和蓝湾的会取消": the plan named first
    r"|^\s*(?:(?:帮我|麻烦|请)\s*)*把?[^，,。；;!?！？]{0,20}?"
    r"(?:拜访|见面|会议|电话|回访|饭局|会|行程)(?:先|就|也)?(?:取消|撤掉|不去了)(?:掉|了|吧|一下)*\s*$"
    r"|^\s*(?:(?:pls|please|can you|could you|kindly)\s+)*(?:cancel|call off|scrap)\s+"
    r"(?:my|the|our|tomorrow's|today's|friday's|monday's|tuesday's|wednesday's|thursday's)\s+"
    r"[^,.;!?]{0,30}?\b(?:visit|call|meeting|mtg|appointment|appt|demo|catch[ -]?up|lunch|"
    r"\d{1,2}\s*(?:am|pm|o'clock))\b",
    re.IGNORECASE,
)
_MOVED = re.compile(
    r"改到|改成|改在|推到|挪到|换到|延到|延期到|\b(?:moved?|pushed?|push|move|shift(?:ed)?|"
    r"reschedul\w*|instead|re-?book\w*|make it)\b",
    re.IGNORECASE,
)


def calls_off_a_plan(text: str) -> bool:
    """The message cancels a planned visit, call or meeting and books nothing in its place."""
    return _CALL_OFF.search(text) is not None and _MOVED.search(text) is None


# "I'll add the details later", "回头补资料": the rest of a new customer's record, to come.
_DETAILS_LATER = re.compile(
    r"\b(?:add|send|fill\s+in|complete|put\s+in|update)\s+(?:the\s+|their\s+|more\s+)?"
    r"(?:details|info|information|rest|contact\s+details)\b|"
    r"补(?:充)?(?:一下)?(?:资料|信息|详情|联系方式)|(?:资料|信息)(?:回头|后面|之后|晚点)补",
    re.IGNORECASE,
)


def details_to_come(segment: str) -> bool:
    """The clause promises the rest of a record's details, not a contact with the customer."""
    return _DETAILS_LATER.search(segment) is not None

"""The kind of a logged interaction said by shapes that the keyword table in `nlu.slots`
misses: what the verbs, nouns and places of a report say.

- visit: the rep was there ("i was at X", "just came out of X", "got back from", "dropped off
  samples", "plant tour", "site walk", "sat down with", 跑了一趟, 走访, 去过, 见完, 拜会, 当面);
- call: "call w/", "had a call", "Tanjong call -", "on the phone", "vm left", 打来, call完;
- meeting: "mtg", "on Teams", "demo … done", "presented", "quarterly review", "lunch went";
  the customer came to us (来公司, 来访, 来店试驾, 在店里泡茶), met over a meal or a drink
  (吃完饭, 喝了个咖啡, 饮茶),
  by video (视频了), at an event (展会上, 年会上), or a meeting held (开了启动会, 开完会);
- message: a document sent ("sent X the quote", "quote sent to", "proposal out to", 发给,
  发过去), "LinkedIn message", "reached out on LinkedIn".

Two shapes outrank a keyword found first: a meeting held or a meal at the customer's is a
meeting although the rep went there (去椰风饮品开了个试用总结会, "met Grace … for coffee",
"kick-off done, met the team"), and a meeting at their office or site is a visit, as the data
README's conventions have it ("meeting with P&G at their Weybridge office"). 发过去/发给 is a
message, not the rep going over (报价已经发过去了).
"""

from __future__ import annotations

import re

# Said when no keyword is: each kind's shapes, the leftmost wins.
_FALLBACK: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "visit",
        re.compile(
            r"\b(?:i|we)\s+(?:was|were)\s+(?:at|in|over\s+at|out\s+at)\b"
            r"|\b(?:just\s+)?(?:came|come|got|get|back)\s+(?:out\s+of|back\s+from)\b"
            r"|\bjust\s+(?:out\s+of|back\s+from)\b"
            r"|\bwent\s+(?:to|over\s+to)\b(?!\s+(?:voicemail|vm|voice\s*mail))"
            r"|\bvisted\b|(?:^|\bi\s+|:\s*)dropp?ed\s+off\b|"
            # "Friday at Greenfield:", "so yesterday afternoon at thames valley kevin said"
            r"^\W*(?:(?:um|uh|so|ok|okay)\W+)*(?:(?:yesterday|today|this|last|on)\s+)?"
            r"(?:morning|afternoon|evening|monday|tuesday|wednesday|thursday|friday|saturday|"
            r"sunday|yesterday|today)\s+at\s+(?![\d.])|\bplant\s+tour\b|\bsite\s+(?:walk|tour)\b"
            r"|\bsat\s+down\s+with\b|^\s*saw\s+(?=[A-Z])|\bdepot\s+visit\b"
            # Polish/Czech "I was by them in X", "so I was by Tanjong today"
            r"|\b(?:i|we)\s+(?:was|were)\s+by\s+(?=them\b|[A-Z])",
            re.IGNORECASE,
        ),
    ),
    (
        "call",
        re.compile(
            r"\bcall\s+(?:w/|with)|\b(?:had|have)\s+a\s+call\b"
            r"|\b(?:quick|intro|catch-?up|short|good|brief)\s+call\b"
            r"|\bcall\s+(?:went|done|was)\b|^[^.,;:]{2,40}?\s+call\s*[-:–—]"
            r"|\bon\s+the\s+phone\b|\bspoke\s+w/|\b(?:vm|voicemail)\s+left\b"
            # "I talk with Juliana from X by phone", "was calling to X … left message on mailbox"
            r"|\bby\s+phone\b|\b(?:was|were)\s+calling\b"
            r"|\bleft\s+(?:a\s+)?(?:message|msg)\s+on\s+(?:the\s+|his\s+|her\s+)?mailbox\b",
            re.IGNORECASE,
        ),
    ),
    (
        "meeting",
        re.compile(
            r"\bmtg\b|\bon\s+teams\b|\bpresented\b|\b(?:quarterly|annual)\s+review\b"
            r"|\bdemo\b[^.;]{0,50}\b(?:done|went)\b"
            r"|\blunch\s+(?:went|was)\b|\bjust\s+finished\s+with\b",
            re.IGNORECASE,
        ),
    ),
    (
        "message",
        re.compile(
            r"\bsent\s+(?:(?:the\s+|our\s+)?(?:revised\s+)?(?:quote|proposal|contract|pricing|"
            r"validation\s+pack|brochure|sow|invoice)\b|[A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*){0,3}"
            r"\s+(?:the|our|a)\b)"
            r"|\b(?:quote|proposal|contract|pricing)\s+(?:sent|out)\s+to\b"
            r"|\blinkedin\s+(?:message|msg|dm)\b|\bon\s+linkedin\b",
            re.IGNORECASE,
        ),
    ),
    (
        "meeting",
        re.compile(
            r"来(?:了)?(?:我们|我司)?(?:公司|展厅|办公室)|来访|来我们|"
            # the customer in our shop: "来店试驾", "在店里…泡茶聊了一下午"
            r"来(?:了)?(?:我们)?(?:店里|门店|店)|在(?:我们)?(?:店里|门店|展厅)|泡了?[个]?茶|"
            r"吃完饭|吃了?[顿个頓個]?(?:便|午|晚|早)?饭|食了?[個个]?(?:lunch|饭|飯)|"
            r"喝了?[个個点]?(?:咖啡|茶|酒)|喝咖啡|饮了?茶|飲了?茶|"
            r"视频了|視頻了|线上过了|在(?:咖啡馆|茶楼|茶樓)|"
            r"(?:展会|年会|学术会|论坛)上|见过一?面|見過面|陪[^，。,]{1,12}看了|约见"
        ),
    ),
    (
        "visit",
        re.compile(
            r"跑了(?:一趟)?|走访|去过|去了?一趟|见完|拜会|当面|见面|见到了|进去坐|刚到|"
            r"约我去|早上去|上午去|下午去|今天去|刚去(?![电])"
        ),
    ),
    ("call", re.compile(r"打[来來](?:问|說|说)?|call完")),
    ("message", re.compile(r"发给|發給|发过去|發過去")),
)

# Outrank a visit found first: a meeting held there, or a meal or a drink with them.
_HELD_MEETING = re.compile(
    r"开(?:了|完)[个個]?[^，。,\s]{0,6}?会(?![员員计計所])|開(?:了|完)[個个]?[^，。,\s]{0,6}?會(?![員計])"
    r"|来公司拜访|來公司拜訪|(?:展会|年会|学术会|论坛)上"
    r"|吃了?[顿个頓個]?(?:便|午|晚|早)?饭|吃完饭"
    r"|\b(?:for|over)\s+(?:a\s+)?(?:coffee|lunch|dinner|breakfast|drinks)\b|\bkick-?off\b",
    re.IGNORECASE,
)
# Their meeting still to come, not ours: "他们下周三要开年中会", "下周二开完会再给我们答复".
_THEIRS_TO_COME = re.compile(r"(?:要|说|準備|准备|等|下周.{0,2}|下个?月|明天|下礼拜.{0,2})$")


def _held_meeting(text: str) -> re.Match[str] | None:
    for held in _HELD_MEETING.finditer(text):
        if not _THEIRS_TO_COME.search(text, max(0, held.start() - 4), held.start()):
            return held
    return None


# A meeting at the customer's own premises is a visit.
_AT_THEIR_SITE = re.compile(
    r"\bat\s+their\s+(?:[\w-]+\s+){0,2}?(?:office|offices|site|warehouse|plant|factory|depot|"
    r"hq|premises|store|shop)\b|\bin-person\b",
    re.IGNORECASE,
)
# Rang them, not went over: "我打过去了没人接".
_RANG_OVER = re.compile(r"打过去|打過去")
# Sent over, not gone over: a document or a tracking number went to them.
_SENT_OVER = re.compile(r"发过去|發過去|发给|發給|寄出去")


# "I was by them in X, spoke with …" (Polish/Czech "byłem u nich"): the rep was there.
_WAS_BY = re.compile(r"\b(?:i|we)\s+(?:was|were)\s+by\s+(?=them\b|[A-Z])", re.IGNORECASE)


def said_kind(text: str) -> tuple[int, int, str] | None:
    """The leftmost shape of any kind in `text`: (start, end, kind); a meeting held
    (今天去天府云开了启动会) before all."""
    if (held := _held_meeting(text)) is not None:
        return held.start(), held.end(), "meeting"
    best: tuple[int, int, str] | None = None
    for kind, shape in _FALLBACK:
        found = shape.search(text)
        if found is not None and (best is None or found.start() < best[0]):
            best = (found.start(), found.end(), kind)
    return best


def outranking_kind(text: str, kind: str) -> tuple[int, int, str] | None:
    """A kind that replaces `kind` found by a keyword, or None to keep it."""
    if kind == "visit" and (held := _held_meeting(text)) is not None:
        return held.start(), held.end(), "meeting"
    if kind == "visit" and (sent := _SENT_OVER.search(text)) is not None:
        return sent.start(), sent.end(), "message"
    if kind == "visit" and (rang := _RANG_OVER.search(text)) is not None:
        return rang.start(), rang.end(), "call"
    if kind == "call" and (by := _WAS_BY.search(text)) is not None:
        return by.start(), by.end(), "visit"
    if kind == "meeting" and (there := _AT_THEIR_SITE.search(text)) is not None:
        return there.start(), there.end(), "visit"
    return None

"""Deterministic slot extractors: phone, e-mail, ticket number, priority, ticket status,
interaction type and contacts (张总, 李经理, Mr. Smith). Patterns first, as in Snips NLU:
they are exact where they fire, and the trained classifier never has to learn them."""

from __future__ import annotations

import re
from dataclasses import dataclass

PHONE = re.compile(
    r"(?<![0-9A-Za-z+])(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)"  # Chinese mobile
    r"|(?<![0-9A-Za-z+])(?:\+?86[\s-]?)?0\d{2,3}[\s-]?\d{7,8}(?!\d)"  # Chinese landline
    r"|(?<![0-9A-Za-z])\+\d{1,3}[\s-]?(?:\(?\d{1,4}\)?[\s-]?){2,4}\d{2,4}(?!\d)"  # international
)
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
TICKET = re.compile(
    r"(?<![A-Za-z0-9])[Tt][-\s]?(?P<a>\d{3,7})(?!\d)"
    r"|(?P<b>\d{3,7})\s*号?\s*(?:工单|单子|ticket)"
    r"|(?:工单|ticket\s*#?|#)\s*(?P<c>\d{3,7})(?!\d)",
    re.IGNORECASE,
)

_PRIORITY_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "urgent",
        (
            "非常紧急",
            "特别急",
            "十万火急",
            "很急",
            "紧急",
            "加急",
            "急急",
            "火急",
            "马上处理",
            "asap",
            "urgent",
            "urgently",
            "emergency",
            "critical",
            "right away",
            "immediately",
        ),
    ),
    ("high", ("比较急", "挺急", "尽快", "优先", "重要", "high priority", "important", "soon as")),
    (
        "low",
        ("不急", "不着急", "有空再", "低优先", "low priority", "no rush", "whenever", "not urgent"),
    ),
)

_STATUS_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("reopened", ("重新打开", "重开", "又出现", "又坏了", "reopen", "re-open", "reopened")),
    (
        "resolved",
        ("已解决", "解决了", "修好了", "搞定了", "处理好了", "resolved", "fixed", "solved"),
    ),
    (
        "closed",
        (
            "关闭",
            "关掉",
            "关了",
            "关单",
            "结单",
            "close it",
            "closed",
            "close ticket",
            "close the ticket",
        ),
    ),
    (
        "in_progress",
        ("处理中", "在处理", "正在处理", "跟进中", "in progress", "working on", "looking into"),
    ),
)

_INTERACTION_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "visit",
        (
            "拜访",
            "上门",
            "去了",
            "见了",
            "出来",
            "现场",
            "visited",
            "visit",
            "met ",
            "dropped by",
            "on site",
            "onsite",
        ),
    ),
    (
        "meeting",
        (
            "开会",
            "会议",
            "视频会",
            "线上会",
            "meeting",
            "met with",
            "video call",
            "zoom",
            "teams call",
        ),
    ),
    (
        "call",
        (
            "电话",
            "打给",
            "来电",
            "通话",
            "致电",
            "called",
            "phoned",
            "call with",
            "rang",
            "phone call",
        ),
    ),
    (
        "message",
        (
            "微信",
            "短信",
            "邮件",
            "发了",
            "留言",
            "wechat",
            "emailed",
            "texted",
            "messaged",
            "email",
        ),
    ),
)

# The common surnames (about 99% of people in China); a title after one of them is a contact.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
    "向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌"
    "毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦"
    "麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩"
    "明佘池查麻苑迟邝"
)
COMPOUND_SURNAMES = (
    "欧阳",
    "司马",
    "上官",
    "诸葛",
    "东方",
    "皇甫",
    "尉迟",
    "公孙",
    "慕容",
    "令狐",
    "长孙",
    "宇文",
)
TITLES = (
    "总经理|董事长|总监|经理|主任|总|工|老师|医生|大夫|院长|博士|教授|处长|科长|局长|部长|主管|助理|"
    "小姐|女士|先生|老板|律师|会计|秘书|组长|厂长|校长|行长"
)
CONTACT_ZH = re.compile(
    rf"(?P<name>(?:{'|'.join(COMPOUND_SURNAMES)}|[{SURNAMES}])[\u4e00-\u9fff]?)(?P<title>{TITLES})"
)
CONTACT_EN = re.compile(
    r"\b(?P<title>(?i:Mr|Mrs|Ms|Miss|Dr|Prof))\.?\s+(?P<name>[A-Za-z][a-z]+(?:\s+[A-Z][a-z]+)?)"
    r"|\b(?i:met|with|called|call|emailed|ask|told|spoke to|talked to|contact)\s+"
    r"(?P<first>[A-Z][a-z]{2,}(?:\s+[A-Z][a-z]{2,})?)\b"
)
# "Priya says", "Kevin in maintenance": a capitalised name right before a reporting verb.
CONTACT_EN_SAYS = re.compile(
    r"\b(?P<first>[A-Z][a-z]{2,}(?:\s+[A-Z][a-z]{1,})?)\s+"
    r"(?:says|said|wants|asked|told|mentioned|confirmed|called|emailed|in\s+(?:maintenance|"
    r"procurement|finance|it|ops|purchasing))\b"
)
# Roles named instead of people: "the ops director", "QA lead", "the procurement guy".
CONTACT_EN_ROLE = re.compile(
    r"\b(?:the\s+|their\s+|our\s+|his\s+|her\s+)?(?P<role>(?:(?!the\b|a\b|an\b|our\b|their\b|"
    r"with\b|and\b|to\b|met\b|new\b)[A-Za-z]{2,12}\s+)?(?:director|manager|lead|head|guy|officer|"
    r"teacher|engineer|buyer|owner|principal|coordinator|supervisor|administrator)|cto|ceo|cfo|"
    r"coo|cio)\b",
    re.IGNORECASE,
)
# Chinese roles without a surname: 院长, 副校长, 老板, QA经理, CTO.
CONTACT_ZH_ROLE = re.compile(
    r"(?P<role>[A-Za-z]{2,5}(?:经理|总监|主管|工程师)|副?(?:院长|校长|园长|所长|厂长|店长|董事长|"
    r"总经理)|老板娘|老板|CTO|CEO|CFO|COO|CIO)"
)
_EN_NOT_NAMES = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May "
    "June July August September October November December Today Tomorrow The They Them "
    "Visited Called Met Spoke Talked Emailed Sent Had Just Left Went Got Need Please Remind "
    "Follow Call Ping Check Ticket Urgent Deal Signed Quote Lunch Coffee Dinner Meeting He She "
    "We It This That Their Our His Her Who What When Where Why How Also And But So Um Uh Ok Okay "
    "Hi Hello Thanks Yes No Team Teams Zoom Site Sales Support Service Mon Tue Wed Thu Fri Sat "
    "Sun Next Last End Week Month Year Morning Afternoon Evening Tonight Yesterday Excel".split()
)


@dataclass(frozen=True, slots=True)
class Found:
    start: int
    end: int
    text: str
    value: str


def find_phones(text: str) -> list[Found]:
    return [
        Found(m.start(), m.end(), m.group(), re.sub(r"[\s()-]", "", m.group()))
        for m in PHONE.finditer(text)
    ]


def find_emails(text: str) -> list[Found]:
    return [Found(m.start(), m.end(), m.group(), m.group().lower()) for m in EMAIL.finditer(text)]


def find_tickets(text: str) -> list[Found]:
    found = []
    for match in TICKET.finditer(text):
        digits = match.group("a") or match.group("b") or match.group("c")
        found.append(Found(match.start(), match.end(), match.group(), f"T-{int(digits)}"))
    return found


def _first_keyword(
    text: str, table: tuple[tuple[str, tuple[str, ...]], ...], *, strongest_class: bool
) -> Found | None:
    """The leftmost keyword; with `strongest_class`, only within the first class that has one
    (the table is ordered by strength), otherwise across all classes."""
    lowered = text.casefold()
    best: Found | None = None
    for value, words in table:
        for word in words:
            position = lowered.find(word)
            if position >= 0 and (best is None or position < best.start):
                best = Found(
                    position, position + len(word), text[position : position + len(word)], value
                )
        if strongest_class and best is not None:
            return best
    return best


def find_priority(text: str) -> Found | None:
    return _first_keyword(text, _PRIORITY_WORDS, strongest_class=True)


def find_status(text: str) -> Found | None:
    return _first_keyword(text, _STATUS_WORDS, strongest_class=True)


def find_interaction_type(text: str) -> Found | None:
    return _first_keyword(text, _INTERACTION_WORDS, strongest_class=False)


def find_contacts(text: str) -> list[Found]:
    """People named with a title (周主任, 李总, Mr. Smith) or after a verb (met Priya)."""
    found: list[Found] = []
    for match in CONTACT_ZH.finditer(text):
        name = match.group("name")
        start = match.start()
        if len(name) == 2 and name[1] in SURNAMES and name not in COMPOUND_SURNAMES:
            start += 1  # 王李总: two surnames in a row, the title goes with the second
        found.append(
            Found(start, match.end(), text[start : match.end()], text[start : match.end()])
        )
    for match in CONTACT_EN.finditer(text):
        if match.group("first"):
            _add_name(found, text, match.start("first"), match.end("first"))
        else:
            found.append(Found(match.start(), match.end(), match.group(), match.group()))
    for match in CONTACT_EN_SAYS.finditer(text):
        _add_name(found, text, match.start("first"), match.end("first"))
    for pattern in (CONTACT_EN_ROLE, CONTACT_ZH_ROLE):
        for match in pattern.finditer(text):
            start, end = match.start("role"), match.end("role")
            if not any(f.start <= start < f.end or start <= f.start < end for f in found):
                found.append(Found(start, end, text[start:end], text[start:end]))
    return sorted(found, key=lambda item: item.start)


def _add_name(found: list[Found], text: str, start: int, end: int) -> None:
    words = text[start:end].split()
    while words and words[-1] in _EN_NOT_NAMES:
        words.pop()
    if not words or words[0] in _EN_NOT_NAMES:
        return
    end = start + len(" ".join(words))
    if any(f.start <= start < f.end for f in found):
        return
    found.append(Found(start, end, text[start:end], text[start:end]))

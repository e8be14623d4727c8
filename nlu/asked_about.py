"""The name a question about a customer asks after, when the directory does not hold it.

"what do we know about northgate traders", "look up harwood foods", "查一下华润万家的情况": the
words after "about" / "look up" / 查一下 name the company asked after. When no customer of the
directory is found there, that name comes back as an unknown customer (the engine answers "no
such customer"), rather than nothing, and never as the nearest customer's name.
"""

from __future__ import annotations

import re

_EN_ASKED = re.compile(
    r"\b(?:about|look\s+up|lookup|pull\s+up|history\s+(?:with|of|for)|anything\s+on|"
    r"info\s+on|details\s+(?:on|for)|customer\s+(?:called|named)|called|named)\s+"
    r"(?P<name>[A-Za-z][\w&'’.-]*(?:\s+[A-Za-z][\w&'’.-]*){0,3}?)"
    r"\s*(?:[?.!]+\s*)?$",
    re.IGNORECASE,
)
# Words that make the phrase something other than a company's name.
_EN_NOT_A_NAME = frozenset(
    """
    the a an our my your their this that these those them it him her us me who what which
    customers customer clients client accounts account deals deal pipeline risk churn agenda
    today tomorrow yesterday week month year quarter loyalty renewals renewal tickets ticket
    everyone everything anything something all any
    """.split()
)
_ZH_ASKED = re.compile(
    r"(?:查一下|查下|查查|查询|看一下|看看|问一下|了解一下)"
    r"(?P<name>[\u4e00-\u9fffA-Za-z]{2,10}?)"
    r"(?:的?(?:情况|近况|最近|怎么样|资料|信息|档案|记录|客户)|[?？。!！]?$"
    # "查下沈阳盛京医药有没有建档": whether it is on file at all
    r"|(?:有没有|是不是|在不在)(?:建档|建过档|录入|录过|在系统里?|这个客户))"
)
_ZH_NOT_A_NAME = re.compile(r"[我你他她它们这那哪谁什么今明昨本下上周月年客户]")


def asked_about(text: str) -> tuple[int, int, str] | None:
    """Start, end and text of the name a customer question asks after, if it is plainly one."""
    english = _EN_ASKED.search(text)
    if english is not None:
        name = english.group("name")
        words = name.casefold().split()
        if not any(word in _EN_NOT_A_NAME for word in words):
            return english.start("name"), english.end("name"), name
        return None
    chinese = _ZH_ASKED.search(text)
    if chinese is not None and not _ZH_NOT_A_NAME.search(chinese.group("name")):
        return chinese.start("name"), chinese.end("name"), chinese.group("name")
    return None

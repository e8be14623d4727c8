"""Chinese goods named by the deal they are sold in: "那单玉米淀粉签了", "校车那单黄了",
"面粉单子：20吨", "三期运维合同", and goods said before their count ("单丛 两百斤",
"铁观音 500 盒"), and the goods that arrived or came damaged ("白砂糖昨天到货了",
"青花瓷盘有十二个裂了").

Grain, tea and car traders name no machine: the product noun heads of `parsing.products` miss
面粉, 单丛, 校车. The goods stand where a deal is named — right after 那单/那笔, or right before
那单/单子/订单/合同 — or before a count of goods set off by a blank or a colon. The name is a
short run of Chinese characters with none of a sentence's small words, starting at a break (a
blank, punctuation, 的, a customer's name, a phase "三期"), so "把合同给他" and "开个单子" name
nothing. They are read only when no other product is (`parsing.entities`): a deal's kind
("维保合同", "首批订单") is no product beside the goods it is for.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_NUMERAL = r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千万几]+)"
# Characters no goods' name holds: small words, verbs of the deal, counts.
_STOP = set(
    "了的没不在是要说和跟给把被都也还又就吧呢吗啊呀们他她它我你这那有到过事个期开签下让款回"
    "一二两三四五六七八九十百千万几"
)
_LONGEST = 5
_AFTER_THE_DEAL = re.compile(
    r"那[单笔](?P<name>[\u4e00-\u9fff]{2,5}?)(?=签|定|黄|谈|的|[\s,，。:：;；]|$)"
)
_DEAL_WORD = re.compile(r"那单|那笔|单子|订单|合同")
# Goods that arrived, or came damaged: "的白砂糖昨天到货了", "青花瓷盘有十二个裂了".
_ARRIVED_OR_DAMAGED = re.compile(
    r"(?:昨天|今天|前天|上周|刚)?(?:到货了|送到了)"
    r"|有[\d一二两三四五六七八九十百几]+[来多]?[个袋桶箱件盒瓶包只块套]"
    r"(?:都)?(?:受潮|结块|发霉|变质|漏|破|碎|裂|坏|瘪|变形|过期)"
)
_COUNT_AFTER = re.compile(
    rf"[\s:：]+{_NUMERAL}(?:出头|多|来|余)?\s?(?:吨|斤|公斤|盒|箱|袋|套|台|件|桶|辆)"
)


def _name_before(text: str, end: int, floor: int) -> tuple[int, int] | None:
    """The goods' name ending at `end`, read back to a break; None when none is there."""
    start = end
    while (
        start > floor
        and end - start < _LONGEST
        and "\u4e00" <= text[start - 1] <= "\u9fff"
        and text[start - 1] not in _STOP
    ):
        start -= 1
    if end - start < 2:
        return None
    if start > floor and "\u4e00" <= text[start - 1] <= "\u9fff" and text[start - 1] not in _STOP:
        return None  # ran longer than a name: part of a clause
    return (start, end)


def deal_goods(text: str, blocked: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Spans of goods named by their deal or before their count."""
    spans = [m.span("name") for m in _AFTER_THE_DEAL.finditer(text)]
    ends = [m.start() for m in _DEAL_WORD.finditer(text)]
    ends += [m.start() for m in _COUNT_AFTER.finditer(text)]
    ends += [m.start() for m in _ARRIVED_OR_DAMAGED.finditer(text)]
    for end in ends:
        floor = max((high for _, high in blocked if high <= end), default=0)
        span = _name_before(text, end, floor)
        if span is not None:
            spans.append(span)
    return [
        (start, end)
        for start, end in spans
        if not any(low < end and start < high for low, high in blocked)
        and not any(ch in _STOP for ch in text[start:end])
        and not _DEAL_WORD.search(text, start, end)  # "面粉单子 20吨": the goods, not the order
    ]

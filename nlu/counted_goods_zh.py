"""Chinese goods named by their count: "300台落地扇", "五百箱咖啡豆", "两批校服".

Reps typing fast put the count and its measure word before goods the catalogue does not know, and
the noun after the measure word is the product (the README's "a counted unit names what follows
it"). Only measure words of goods count (台, 箱, 套, 颗 …, not 个, which also counts accounts and
people); the name is a short run of Chinese characters ending at a break — a space, punctuation,
an amount or the end — with none of a sentence's small words in it, so "三台没信号了" and
"两台 他们说" name nothing. The spans join the English cued products in
`parsing.products.find_products`.

New writers count the same way in more shapes, read here too:
- a rough count: "两百出头颗感测器", "二十多吨色母粒", "五百来箱";
- the goods of a deal or a talk, already known to both sides: "那批冲压件的交期", "这批铸件",
  "那20套治具" (那/这 with a measure word of batches and sets, or before the count);
- a name that runs on into what is said of it: "工控主板的单", "坐席的报价" (的 ends it), "治具今天
  寄出去了" (a day word ends it);
- a Latin name: "一套TMS", "两台NAS";
- seats, the one thing 个 counts that is sold: "多开了四十个坐席" (a system named in the same
  clause is still the product: `parsing.slot_filling` takes the first).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_NUMERAL = r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千万几]+)"
# "两百出头", "二十多", "五百来", "一千余": a count said roughly
_ROUGHLY = r"(?:出头|多|来|余)?"
_GOODS_MEASURE = r"[台箱套件张瓶袋包批盒支只桶罐吨架辆部颗双]"
# "那批", "这套", "那20套": goods both sides already know, counted or not
_KNOWN = r"(?:[那这](?=\d|[批套台箱]))"
# Day words a name runs into: "那20套治具今天寄出去了".
_DAY_AFTER = r"(?:今天|明天|昨天|后天|前天|上周|下周|这周|本周|月底|月初)"
_COUNTED = re.compile(
    rf"(?<![\d一二两三四五六七八九十百千万几]){_KNOWN}?(?:{_NUMERAL}{_ROUGHLY})?\s?{_GOODS_MEASURE}"
    r"(?:(?P<name>[\u4e00-\u9fff]{2,5})"
    # the name ends at a break: a blank, punctuation, an amount in digits, the end, 的 or a day
    rf"(?=[\s,，。.;；、!！?？)）:：]|\d|$|的|{_DAY_AFTER})"
    # or a Latin name: "一套TMS"
    r"|(?P<latin>[A-Z][A-Za-z0-9-]{1,11})(?![A-Za-z0-9]))"
)
# 个 counts people and accounts too; it counts goods only for the seats a system is sold by:
# "多开了四十个坐席", "50个席位的报价".
_SEATS = re.compile(
    rf"(?<![\d一二两三四五六七八九十百千万几]){_NUMERAL}{_ROUGHLY}\s?个(?P<name>坐席|席位)(?![\u4e00-\u9fff]{{0,2}}(?:系统|平台|模块))"
)
# A sentence's small words, and words that begin a clause rather than name goods.
_NOT_IN_NAME = re.compile(
    r"[了的没不在是要说和跟给把被都也还又就吧呢吗啊呀们他她它我你这那有到过事]"
)


def counted_goods(text: str, blocked: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Spans of the goods named right after a count and a measure word of goods."""
    spans = []
    for m in _COUNTED.finditer(text):
        counted = m.group(0)[: m.start("name" if m.group("name") else "latin") - m.start()]
        if not re.search(rf"{_NUMERAL}|[那这]", counted):
            continue  # a measure word alone is no count: "配件", "软件"
        group = "name" if m.group("name") else "latin"
        start, end = m.span(group)
        if group == "name" and _NOT_IN_NAME.search(m.group("name")):
            continue
        if any(low < end and start < high for low, high in blocked):
            continue
        spans.append((start, end))
    for m in _SEATS.finditer(text):
        start, end = m.span("name")
        if not any(low < end and start < high for low, high in blocked):
            spans.append((start, end))
    return spans

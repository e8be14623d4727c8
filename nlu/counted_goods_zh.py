"""Chinese goods named by their count: "300台落地扇", "五百箱咖啡豆", "两批校服".

Reps typing fast put the count and its measure word before goods the catalogue does not know, and
the noun after the measure word is the product (the README's "a counted unit names what follows
it"). Only measure words of goods count (台, 箱, 套 …, not 个, which also counts accounts and
people); the name is a short run of Chinese characters ending at a break — a space, punctuation,
an amount or the end — with none of a sentence's small words in it, so "三台没信号了" and
"两台 他们说" name nothing. The spans join the English cued
products in `parsing.products.find_products`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_NUMERAL = r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千万几]+)"
_GOODS_MEASURE = r"[台箱套件张瓶袋包批盒支只桶罐吨架辆部]"
_COUNTED = re.compile(
    rf"(?<![\d一二两三四五六七八九十百千万几]){_NUMERAL}\s?{_GOODS_MEASURE}"
    r"(?P<name>[\u4e00-\u9fff]{2,5})"
    # the name ends at a break: a blank, punctuation, an amount in digits, or the end
    r"(?=[\s,，。.;；、!！?？)）:：]|\d|$)"
)
# A sentence's small words, and words that begin a clause rather than name goods.
_NOT_IN_NAME = re.compile(r"[了的没不在是要说和跟给把被都也还又就吧呢吗啊呀们他她它我你这那有到过]")


def counted_goods(text: str, blocked: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Spans of the goods named right after a count and a measure word of goods."""
    spans = []
    for m in _COUNTED.finditer(text):
        start, end = m.span("name")
        if _NOT_IN_NAME.search(m.group("name")):
            continue
        if any(low < end and start < high for low, high in blocked):
            continue
        spans.append((start, end))
    return spans

"""What a Chinese customer replaces is no product of ours: "把多媒体教室全部换成交互式平板".

A rep tells what the customer has now and what it will have: the old thing before 换成 / 改成 /
换为 / 升级成 is what goes, the thing after it is what is sold. When both are read as products,
the old one is dropped.
"""

from __future__ import annotations

import re

_REPLACED_BY = re.compile(
    r"[\s，,]*(?:全部|都|统一|全)?\s*(?:换成|改成|换为|改为|升级成|升级为|替换成|更换为)"
)


def without_what_is_replaced(
    text: str, products: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """The products without each one that is said to be replaced by a product after it."""
    replaced = {
        p
        for p in products
        if (said := _REPLACED_BY.match(text, p[1])) is not None
        and any(q[0] >= said.end() and q[0] - said.end() <= 8 for q in products)
    }
    return [p for p in products if p not in replaced]

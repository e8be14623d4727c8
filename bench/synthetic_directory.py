"""A realistic synthetic customer directory of any size, shared by the benchmarks."""

from __future__ import annotations

import random
from collections.abc import Iterator

PLACES = "北京 上海 广州 深圳 杭州 南京 苏州 厦门 成都 武汉 西安 青岛 宁波 合肥 长沙 郑州".split()
CORE_CHARS = (
    "蓝湾青禾华光中信恒达鑫源瑞泰金桥东方新星宏远天成博雅嘉和永安盛世明辉启航"
    "德润海纳鼎盛卓越聚力同心安康万福祥云星河远景高科正泰"
)
INDUSTRIES = (
    "医疗科技 食品 电子 贸易 物流 制造 药业 化工 机械 软件 网络科技 教育 酒店 超市 汽车"
).split()
SUFFIXES = ["有限公司", "股份有限公司", "集团", "有限责任公司"]
EN_FIRST = (
    "Pemberton Northwind Contoso Fabrikam Adatum Litware Proseware Wingtip Tailspin Alpine "
    "Blue Harbor Redwood Silverline Brightstone Oakridge Maple Cedar Summit Horizon Keystone "
    "Ironbridge Clearwater Fairview Kingsley Ashford Westbrook Hawthorne Lakeside"
).split()
EN_SECOND = "Foods Traders Logistics Systems Medical Labs Industries Partners Retail Motors".split()
EN_SUFFIX = ["Ltd", "Inc", "LLC", "Corp", "GmbH", "Co."]


def names(count: int, seed: int = 42) -> Iterator[tuple[str, list[str]]]:
    """(name, aliases) pairs, unique names; about 70% Chinese, 30% English."""
    rng = random.Random(seed)
    seen: set[str] = set()
    serial = 0
    while len(seen) < count:
        serial += 1
        if rng.random() < 0.7:
            core = "".join(rng.sample(CORE_CHARS, 2))
            industry = rng.choice(INDUSTRIES)
            name = f"{rng.choice(PLACES)}{core}{industry}{rng.choice(SUFFIXES)}"
            aliases = [f"{core}{industry}"] if rng.random() < 0.5 else []
        else:
            first = rng.choice(EN_FIRST)
            tail = f"{first}{rng.randint(1, 99999)}" if serial > 200 else first
            name = f"{tail} {rng.choice(EN_SECOND)} {rng.choice(EN_SUFFIX)}"
            aliases = []
        if name in seen:
            continue
        seen.add(name)
        yield name, aliases

"""The rules-only parse most parser tests read: each action as (intent, slots), against a made-up
directory the parser never trained on (so the tests check rules, not memorised customers)."""

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any

from nlu.customer_index import CustomerIndex, DirectoryEntry
from nlu.parser import ParseContext, parse

MADE_UP_DIRECTORY: tuple[DirectoryEntry, ...] = (
    DirectoryEntry(1, "Aldgate Cold Storage Ltd", ("Aldgate",)),
    DirectoryEntry(2, "Wyvern Robotics Ltd", ("Wyvern",)),
    DirectoryEntry(3, "Harrow Print Works", ("Harrow",)),
    DirectoryEntry(4, "Selby Bakeries plc", ("Selby",)),
    DirectoryEntry(5, "Pennine Bakeries plc", ("Pennine",)),
    DirectoryEntry(6, "Contoso Pharmaceuticals", ("Contoso",)),
    DirectoryEntry(7, "Thames Valley Engineering Ltd", ("TVE",)),
    DirectoryEntry(8, "Corbridge Dental Group", ("Corbridge",)),
    DirectoryEntry(9, "Merlion Dental Pte Ltd", ("Merlion Dental",)),
    DirectoryEntry(20, "深圳市飞鸿智能设备有限公司", ("飞鸿智能",)),
    DirectoryEntry(21, "宁波安澜医院有限公司", ("安澜医院",)),
    DirectoryEntry(22, "南宁绿岭农业科技有限公司"),
    DirectoryEntry(23, "苏州顺和医疗器械有限公司", ("顺和医疗",)),
    DirectoryEntry(24, "武汉长江仓储有限公司", ("长江仓储",)),
    DirectoryEntry(25, "杭州明远包装有限公司", ("明远包装", "明远")),
    DirectoryEntry(26, "宁波海港冷链有限公司", ("海港冷链",)),
)


@cache
def _index(directory: tuple[DirectoryEntry, ...]) -> CustomerIndex:
    return CustomerIndex.build(directory)  # built once per test module's directory


def parsed(
    text: str, directory: Sequence[DirectoryEntry], now: datetime
) -> list[tuple[str, dict[str, Any]]]:
    context = ParseContext(now=now, customers=_index(tuple(directory)))
    return [(a["intent"], a["slots"]) for a in parse(text, context).to_json()["actions"]]

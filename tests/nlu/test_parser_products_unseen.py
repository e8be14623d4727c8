"""Products the catalogue has never seen, read by their shape (rules only, no classifier): a
model or a brand before the kind ("TC52 scanners", "M系列麻醉机"), a machine named alone where a
product is expected ("loves the new palletiser"), what a follow-up, a demo or training is on,
and Chinese names held together by words whose characters are otherwise small words (定位,
在线, 备件, 全自动) or headed by a Latin abbreviation (SaaS, PDA)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.nlu.parsing import MADE_UP_DIRECTORY, parsed

DIRECTORY = MADE_UP_DIRECTORY
NOW = datetime(2027, 3, 10, 9, 30, tzinfo=ZoneInfo("Europe/London"))


def _products(text: str) -> list[str | None]:
    return [slots.get("product") for _, slots in parsed(text, DIRECTORY, NOW)]


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("Wyvern signed a 2 year support contract, £9k", "support contract"),
        ("Aldgate want staff training on the new stretch wrapper", "stretch wrapper"),
        ("Wyvern loves the new palletiser", "palletiser"),
        ("follow up with Wyvern tomorrow on the vision inspection cell", "vision inspection cell"),
        ("checked in with Aldgate on the blast chiller retrofit", "blast chiller retrofit"),
        ("Aldgate ordered 8 TC52 scanners, £12k", "TC52 scanners"),
        ("demo the yard management system to Wyvern on Tuesday", "yard management system"),
        ("Aldgate: compressor 2 at the Tilbury site tripped again", "compressor"),
        # after a dash or colon: a deal's list, or a thing a fault is said of
        ("Aldgate closed - blast chillers for Tilbury, £80k", "blast chillers"),
        ("Wyvern: palletisers jam after an hour", "palletisers"),
        ("Aldgate signed the racking inspection agreement", "racking inspection"),
    ],
)
def test_english_products_by_shape(text: str, product: str) -> None:
    assert product in _products(text)


@pytest.mark.parametrize(
    "text",
    [
        "Wyvern loves the new operations manager",  # a person in -er is no machine
        "Aldgate likes the plan",  # one singular word that names no machine
        "Wyvern wants training for the night shift",  # training for people, not on a thing
        "Lunch w/ Wyvern's new MD - great chemistry",  # said after a dash, of no thing
        "Aldgate: budget sign-off end of May",
    ],
)
def test_english_no_product(text: str) -> None:
    assert _products(text) == [None]


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("顺和医疗想看看M系列麻醉机", "M系列麻醉机"),
        ("顺和医疗的在线巡检模块续费了，一万二", "在线巡检模块"),
        ("长江仓储说车上的北斗定位终端坏了两台", "北斗定位终端"),
        ("长江仓储签了门店管理SaaS，三年九万", "门店管理SaaS"),
        ("长江仓储要三十台仓库PDA", "仓库PDA"),
        ("顺和医疗续了云存储服务，一年两万", "云存储服务"),
        ("长江仓储想上三台人行闸机", "人行闸机"),
        ("周五去长江仓储演示备件管理系统", "备件管理系统"),
        ("长江仓储要两台全自动封箱机", "全自动封箱机"),  # 全自动; 封箱机 is a machine, not a box
        ("长江仓储要加二十个仓储席位", "仓储席位"),
        ("顺和医疗说库房温控老是报警", "库房温控"),
        ("长江仓储想换一批巡检平板", "巡检平板"),
        ("长江仓储的仓库温控设备又报警了", "仓库温控设备"),  # a kind word ends the name
        ("长江仓储AGV小车跑偏了", "AGV小车"),
        # X的Y: X says where the thing is
        ("明天去长江仓储看一下冷库的湿度探头", "湿度探头"),
        ("长江仓储说叉车上那个扫码枪老断连", "扫码枪"),
    ],
)
def test_chinese_products_by_shape(text: str, product: str) -> None:
    assert product in _products(text)


def test_chinese_reagent_goes_with_its_analyser() -> None:
    """血气分析仪的试剂: what comes with a device leaves the device the product."""
    assert _products("顺和医疗说血气分析仪的试剂快用完了")[0] == "血气分析仪"


def test_chinese_service_manner_is_no_product() -> None:
    """服务态度 is how they are served, not a service bought."""
    assert not any(p and "服务" in p for p in _products("顺和医疗对售后服务态度不满意"))

"""Chinese products as reps of equipment and software name them (rules only, no classifier):
the brand and model written against the kind ("鱼跃YE660血压计", dictated "M三"), the brand
before a catalogue word, no verb or place said before it ("采购|冷藏柜", "后厨|消毒柜"), parts
a supplier sells (轴承, 油缸), and no product from a word that only says there is one (货,
账号) except as the thing a ticket says failed."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from nlu.product_names_zh import after_verb_or_place, brand_and_model_start
from tests.nlu.parsing import MADE_UP_DIRECTORY, parsed

DIRECTORY = MADE_UP_DIRECTORY
NOW = datetime(2027, 3, 10, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
_NEVER = re.compile(r"(?!)")  # no cut words


def _products(text: str) -> list[str | None]:
    return [slots.get("product") for _, slots in parsed(text, DIRECTORY, NOW)]


@pytest.mark.parametrize(
    ("text", "product"),
    [
        # brand + model + kind: the rep's name for the thing
        ("顺和医疗签了十台鱼跃YE660血压计，四万八", "鱼跃YE660血压计"),
        ("长江仓储的宇视IPC2124摄像头掉线了", "宇视IPC2124摄像头"),
        ("嗯顺和医疗想看看飞利浦M三监护仪", "飞利浦M三监护仪"),
        # a brand before a catalogue word holding a small word (换)
        ("长江仓储想换一批思科交换机", "思科交换机"),
        # the verb buying it or the place it stands in is no part of the name
        ("长江仓储想采购冷藏柜", "冷藏柜"),
        ("顺和医疗说要升级排班系统", "排班系统"),
        ("顺和医疗后厨消毒柜坏了", "消毒柜"),
        # ... but a place or verb names what runs it
        ("长江仓储要上仓库管理系统", "仓库管理系统"),
        # parts a supplier sells, and words whose first character is a numeral
        ("长江仓储订了两百个NSK轴承", "NSK轴承"),
        ("长江仓储叉车的液压油缸漏油了", "液压油缸"),
        ("顺和医疗食堂要一台万能蒸烤箱", "万能蒸烤箱"),
    ],
)
def test_chinese_products_by_brand_model_and_kind(text: str, product: str) -> None:
    assert product in _products(text)


@pytest.mark.parametrize(
    "text",
    [
        "长江仓储说上次的货下周才能到",  # the goods, no product named
        "顺和医疗要再开十个账号",  # accounts of nothing named
        "顺和医疗超声科主任说下个月再谈",  # a department, not the 超声 sold
    ],
)
def test_no_product_from_a_word_that_names_none(text: str) -> None:
    assert _products(text) == [None] * len(_products(text))


def test_a_ticket_takes_the_machine_said_to_fail() -> None:
    frames = parsed("顺和医疗那台机器又坏了", DIRECTORY, NOW)
    assert [(intent, slots.get("product")) for intent, slots in frames] == [("open_ticket", "机器")]


def test_a_ticket_number_or_a_ward_is_no_model() -> None:
    assert brand_and_model_start("T-2090车载终端", 6, 0, lambda _: False, _NEVER) == 6
    assert "呼吸机" in _products("顺和医疗ICU呼吸机又报警了")


def test_a_count_is_no_model_and_a_model_without_digits_takes_no_brand() -> None:
    assert brand_and_model_start("三台监护仪", 2, 0, lambda _: False, _NEVER) == 2
    # "两个钟头HIS接口": HIS is the system's name, 钟头 no brand
    assert brand_and_model_start("钟头HIS接口", 5, 0, lambda _: False, _NEVER) == 2


def test_the_verb_may_start_on_the_small_word_the_name_stopped_at() -> None:
    text = "想了解数据分析模块"  # the name's walk stopped at 解, after the small word 了
    assert after_verb_or_place(text, 2, 7, 0) == 3

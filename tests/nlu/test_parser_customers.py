"""Customers named the ways people name them and the directory does not list: twice in one
message, shortened or typed short, a site or team of theirs calling in, unknown companies kept
unknown, and the people named beside them (rules only, no classifier)."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from nlu.customer_index import CustomerIndex, DirectoryEntry
from tests.nlu.parsing import parsed

DIRECTORY = [
    DirectoryEntry(1, "Wyvern Robotics Ltd", ("Wyvern",)),
    DirectoryEntry(2, "Aldgate Cold Storage Ltd", ("Aldgate",)),
    DirectoryEntry(3, "Bell & Hurst Ltd"),
    DirectoryEntry(4, "Calder Valley Plastics Ltd", ("CVP",)),
    DirectoryEntry(5, "深圳市飞鸿智能设备有限公司", ("飞鸿智能",)),
    DirectoryEntry(6, "宁波安澜医院有限公司", ("安澜医院",)),
    DirectoryEntry(7, "无锡澄江纺织有限公司", ("澄江纺织",)),
]
NAMES = {entry.id: entry.name for entry in DIRECTORY}
LONDON_NOW = datetime(2027, 3, 9, 10, 30, tzinfo=ZoneInfo("Europe/London"))  # a Tuesday
SHANGHAI_NOW = datetime(2027, 3, 9, 15, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _parse(text: str) -> list[tuple[str, dict[str, Any]]]:
    now = LONDON_NOW if text.isascii() else SHANGHAI_NOW
    return parsed(text, DIRECTORY, now)


def _customers(text: str) -> list[str | None]:
    return [slots.get("customer", {}).get("name") for _, slots in _parse(text)]


def _contacts(text: str) -> list[str | None]:
    return [slots.get("contact", {}).get("text") for _, slots in _parse(text)]


def test_a_customer_named_again_later_is_the_later_clause_customer() -> None:
    assert _customers("拜访了飞鸿智能和安澜医院，安澜医院的许院长下周要方案") == [
        NAMES[5],
        NAMES[6],
        NAMES[6],
    ]
    assert (
        _customers("visited Wyvern and Aldgate today, Aldgate want the quote by Friday")[-1]
        == (NAMES[2])
    )


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("calder valley plas called about the invoice", "calder valley plas"),
        ("Aldgate Cold Storages rang about the invoice", "Aldgate Cold Storages"),
        ("Calder Vly Plastics rang about the invoice", "Calder Vly Plastics"),
        ("Calder Valley's finance team rang about the invoice", "Calder Valley"),
    ],
)
def test_a_latin_mention_takes_the_rest_of_the_name_as_typed(text: str, said: str) -> None:
    [mention] = CustomerIndex.build(DIRECTORY).find(text)
    assert (mention.text, mention.best.id) == (said, 4 if "alder" in said else 2)
    assert _contacts(text) == [None]


def test_ampersand_names_typed_or_dictated_other_ways() -> None:
    for text in ("Bell+Hurst called about the invoice", "bell n hurst called about the invoice"):
        assert _customers(text) == [NAMES[3]]
        assert _contacts(text) == [None]


def test_a_site_of_the_customer_calling_in_a_fault_is_the_ticket_alone() -> None:
    assert [i for i, _ in _parse("Wyvern's Swindon plant rang, the palletiser keeps jamming")] == [
        "open_ticket"
    ]
    assert [i for i, _ in _parse("飞鸿智能公司的调度打电话说定位器掉线了好几台")] == ["open_ticket"]


@pytest.mark.parametrize(
    ("text", "unknown"),
    [
        ("Visited Hartwell Engineering, good chat with their MD", "Hartwell Engineering"),
        ("what do we know about bramley trading", "bramley trading"),
        ("查一下东海精密最近的情况", "东海精密"),
    ],
)
def test_companies_not_in_the_directory_come_back_unknown(text: str, unknown: str) -> None:
    [(_, slots)] = _parse(text)
    assert slots["customer"] == {"text": unknown, "id": None}


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        ("安澜医院那边护士长说输液泵一直报警", "护士长"),
        ("澄江纺织那边黄总说订单要加", "黄总"),
        ("拜访飞鸿智能，见了仓库主管小邓", "小邓"),
        ("后天给澄江纺织的老钱回个电话", "老钱"),
        ("rang Mrs de Luca at Wyvern about the invoice", "Mrs de Luca"),
        ("spoke to Mr. McIntyre at Aldgate about the invoice", "Mr. McIntyre"),
        ("met Faridah binti Osman at Wyvern about the rollout", "Faridah binti Osman"),
        ("Tom (their buyer) at Aldgate called about the invoice", "Tom"),
        ("had a call with Gemma Wyvern buyer about the invoice", "Gemma"),
        ("met the head chef at Aldgate about the freezers", "head chef"),
    ],
)
def test_the_person_beside_the_customer(text: str, contact: str) -> None:
    assert _contacts(text)[0] == contact


def test_the_customers_team_or_lot_in_a_listed_plan() -> None:
    assert _customers("the Wyvern lot and the Aldgate guys need a call tomorrow") == [
        NAMES[1],
        NAMES[2],
    ]


def test_going_on_to_the_next_customer_is_a_visit_of_its_own() -> None:
    actions = _parse("Visited Wyvern, then went on to Aldgate")
    assert [(intent, slots["customer"]["name"]) for intent, slots in actions] == [
        ("log_interaction", NAMES[1]),
        ("log_interaction", NAMES[2]),
    ]

"""The kind of a logged interaction said by what the verbs, nouns and places of a report say
(nlu/interaction_kinds.py), and contact details given after a new customer: new sentences on
the made-up directory (rules only)."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.nlu.parsing import MADE_UP_DIRECTORY, parsed

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Europe/London"))  # a Tuesday
NOW_ZH = datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _kind(text: str, now: datetime = NOW) -> str:
    (intent, slots), *_ = parsed(text, MADE_UP_DIRECTORY, now)
    assert intent == "log_interaction"
    return str(slots["interaction_type"])


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # the rep was there
        ("so i was at wyvern robotics this morning the ops lead wants ten more arms", "visit"),
        ("just got back from harrow print works, the press is running fine now", "visit"),
        ("Contoso plant tour with their QA head, all good", "visit"),
        ("Friday at TVE: ops director signed off the retrofit", "visit"),
        ("meeting with Harrow at their Leeds office, two from procurement", "visit"),
        # by phone
        ("Selby - call w/ the finance director, renewal looks fine", "call"),
        ("Pennine buyer on the phone, happy with the new ovens", "call"),
        # met, not at their site
        ("Quick mtg w/ Pennine this am, they want a second oven line", "meeting"),
        ("Met the Wyvern buyer for coffee, they're keen on the arms", "meeting"),
        ("Corbridge: demo of the imaging suite went well, clinical lead keen", "meeting"),
        # a document sent
        ("sent Corbridge the revised proposal yesterday", "message"),
        ("quote sent to Aldgate for the chiller sensors", "message"),
        # news, no contact
        ("Harrow's revenue dropped off a bit this quarter", "note"),
        ("Selby is interested in a demo of the scheduling module", "note"),
    ],
)
def test_english_kinds(text: str, kind: str) -> None:
    assert _kind(text) == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("今天跑了一趟长江仓储，赵经理说叉车终端都正常", "visit"),
        ("上周五走访了海港冷链，郑总说冷库都正常", "visit"),
        ("长江仓储那边我打过去了没人接", "call"),
        ("安澜医院王主任来公司看了新款监护仪的演示", "meeting"),
        ("刚跟明远包装的周总吃完饭，他们想加二十台封箱机", "meeting"),
        ("跟海港冷链郑总视频了一下，冷库监控先试点一个月", "meeting"),
        ("昨天在顺和医疗开了验收会，采购签了验收单", "meeting"),
        ("报价昨天已经发给顺和医疗的采购了", "message"),
        # their meeting still to come is news
        ("飞鸿智能说他们下周三要开年中会", "note"),
    ],
)
def test_chinese_kinds(text: str, kind: str) -> None:
    assert _kind(text, NOW_ZH) == kind


def _create(text: str) -> list[tuple[str, dict[str, Any]]]:
    return parsed(text, MADE_UP_DIRECTORY, NOW)


def test_a_spaced_phone_and_an_email_are_the_new_customers_details() -> None:
    actions = _create(
        "new customer Lakeside Farms, contact Bob Tan, phone 0903 112 456, email bob@acme.com"
    )
    assert [intent for intent, _ in actions] == ["create_customer"]
    slots = actions[0][1]
    assert slots["phone"] == "0903112456"
    assert slots["email"] == "bob@acme.com"


def test_an_international_number_with_spaces_and_a_labelled_address() -> None:
    actions = _create(
        "add customer Raffles Clinic, contact Dr Lee, mobile +65 9123 4567, email lee@raffles.sg"
    )
    assert [intent for intent, _ in actions] == ["create_customer"]
    assert actions[0][1]["phone"] == "+6591234567"
    assert actions[0][1]["email"] == "lee@raffles.sg"


def test_an_american_number_said_with_spaces() -> None:
    actions = _create("add a new customer uh harbour vets theyre on 415 555 0199 contact is dr kim")
    assert actions[0][0] == "create_customer"
    assert actions[0][1]["phone"] == "4155550199"


def test_a_singapore_mobile_after_the_contacts_name() -> None:
    actions = _create("New customer: Jurong Fresh Foods, contact Tan Li Ting, 8765 4321")
    assert actions[0][1]["phone"] == "87654321"


def test_a_chinese_mobile_dictated_digit_by_digit() -> None:
    (intent, slots), *_ = parsed(
        "帮我新建个客户叫无锡恒泰机械联系人是采购的钱经理电话幺五八六二三四七七零九",
        MADE_UP_DIRECTORY,
        NOW_ZH,
    )
    assert intent == "create_customer"
    assert slots["phone"] == "15862347709"

"""Who the rep dealt with: names with apostrophes, hyphens and initials, lower-case names the
lists do not know, Chinese titles and nicknames, one talk per person met, and the words that
look like people but are not (rules only, no classifier)."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.nlu.parsing import MADE_UP_DIRECTORY, parsed

DIRECTORY = MADE_UP_DIRECTORY
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2027, 2, 16, 11, 5, tzinfo=LONDON)  # a Tuesday
SHANGHAI_NOW = datetime(2027, 2, 16, 16, 40, tzinfo=ZoneInfo("Asia/Shanghai"))


def _parse(text: str, now: datetime = NOW) -> list[tuple[str, dict[str, Any]]]:
    return parsed(text, DIRECTORY, now)


def _contacts(text: str, now: datetime = NOW) -> list[str | None]:
    return [slots.get("contact", {}).get("text") for _, slots in _parse(text, now)]


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        ("Lunch with Declan O'Sullivan at Wyvern, all good", "Declan O'Sullivan"),
        ("Mr D'Souza from Aldgate rang, happy with the freezer sensors", "Mr D'Souza"),
        ("uh spoke to mister o'reilly at wyvern about the robot arms", "mister o'reilly"),
        ("Anne-Marie at Wyvern emailed the signed SOW", "Anne-Marie"),
        ("Met Mrs Khan-Ahmed at Aldgate about the freezer sensors", "Mrs Khan-Ahmed"),
        ("Called P. Okonjo at Aldgate re the renewal", "P. Okonjo"),
    ],
)
def test_apostrophes_hyphens_and_initials_stay_in_the_name(text: str, contact: str) -> None:
    assert _contacts(text)[0] == contact


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        ("um phoned bongani at aldgate the cold rooms are all fine now", "bongani"),
        ("so met with yusra and her boss at wyvern they like the pilot", "yusra"),
    ],
)
def test_a_lower_case_name_before_at_its_customer_is_a_person(text: str, contact: str) -> None:
    assert _contacts(text)[0] == contact


@pytest.mark.parametrize(
    "text",
    [
        "Grace period on the Wyvern renewal runs out Friday, chase them Thursday",
        "Will chase Aldgate for the PO on Friday",
        "Call with Wyvern, helped with Outlook on the shop floor PCs, all sorted",
        "call Thames Valley in the first week of March",
        "Wyvern ticket T-2231 engineer is on site now",
        "Aldgate phoned, ask them for the site contact tomorrow",
    ],
)
def test_words_that_look_like_people_are_no_contact(text: str) -> None:
    assert _contacts(text) == [None] * len(_contacts(text))


def test_a_capitalised_word_name_inside_a_sentence_is_a_person() -> None:
    assert _contacts("Wyvern: Grace approved the pilot, all good")[0] == "Grace"


def test_each_person_of_another_customer_is_a_talk_of_its_own() -> None:
    actions = _parse("Met Hannah at Wyvern this morning, then called Ben at Aldgate re the PO")
    assert [(intent, slots["contact"]["text"]) for intent, slots in actions] == [
        ("log_interaction", "Hannah"),
        ("log_interaction", "Ben"),
    ]


def test_each_person_of_another_customer_is_a_talk_of_its_own_zh() -> None:
    actions = _parse("上午去飞鸿智能见了冯总，下午给安澜医院的许主任打了电话", SHANGHAI_NOW)
    assert [(intent, slots["contact"]["text"]) for intent, slots in actions] == [
        ("log_interaction", "冯总"),
        ("log_interaction", "许主任"),
    ]


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        ("飞鸿智能的赵姐说这批货款月底到", "赵姐"),
        ("飞鸿智能的胡哥打电话说分拣机又卡了", "胡哥"),
        ("安澜医院孙护士长说监护仪报警太多", "孙护士长"),
        ("下周二去飞鸿智能找吴工程师调试一下", "吴工程师"),
        ("今天在飞鸿智能跟老郑聊了很久", "老郑"),
        ("安澜医院小赵说工单T二二一零可以关了", "小赵"),
        ("今天去安澜医院见了信息科主任，系统运行挺稳", "信息科主任"),
    ],
)
def test_chinese_titles_and_nicknames(text: str, contact: str) -> None:
    assert _contacts(text, SHANGHAI_NOW)[0] == contact


@pytest.mark.parametrize(
    "text",
    [
        "飞鸿智能说明天总部派人过来验收",
        "要向总部打个报告，周四再联系飞鸿智能",
        "周三总算把安澜医院的合同签了",
        "去了飞鸿智能，老板和经理都不在",
    ],
)
def test_chinese_words_before_a_title_are_no_person(text: str) -> None:
    contacts = _contacts(text, SHANGHAI_NOW)
    assert not any(c and c.endswith(("总", "经理")) for c in contacts)


def test_a_new_customers_contact_is_the_one_introduced_as_such() -> None:
    actions = _parse("飞鸿智能冯总介绍了一家新客户叫东莞万宏五金，联系人是邵经理", SHANGHAI_NOW)
    created = [slots for intent, slots in actions if intent == "create_customer"]
    assert created and created[0]["contact"]["text"] == "邵经理"


def test_an_english_role_inside_chinese_text() -> None:
    assert _contacts("跟Wyvern的plant manager开了个电话会", SHANGHAI_NOW)[0] == "plant manager"


@pytest.mark.parametrize(
    ("text", "now"),
    [
        ("give T-2650 to Priyanka, she knows the site", NOW),
        ("T-2650 reassigned to Owen", NOW),
        ("T二六五零分给售后小周处理", SHANGHAI_NOW),
        ("把T-2650交给赵工跟进", SHANGHAI_NOW),
    ],
)
def test_whoever_a_ticket_is_handed_to_is_ours(text: str, now: datetime) -> None:
    assert _contacts(text, now) == [None] * len(_contacts(text, now))


@pytest.mark.parametrize(
    ("text", "now"),
    [
        ("Wyvern rep asked about lead times on the grippers", NOW),
        ("飞鸿智能今年的订单汇总", SHANGHAI_NOW),
    ],
)
def test_words_around_a_role_or_title_are_no_person(text: str, now: datetime) -> None:
    assert _contacts(text, now) == [None] * len(_contacts(text, now))


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        ("Met Tan Wei Ming Jason at Aldgate about the blast freezer", "Tan Wei Ming Jason"),
        ("Met with Mr. and Mrs. Okafor at Wyvern, keen on the pilot", "Mrs. Okafor"),
        ("Called Ruth Adeyemi Re The PO at Aldgate", "Ruth Adeyemi"),
    ],
)
def test_where_a_capitalised_name_begins_and_ends(text: str, contact: str) -> None:
    assert _contacts(text)[0] == contact


def test_a_director_of_a_field_is_the_whole_role() -> None:
    assert _contacts("spoke to the director of nursing at Wyvern re the rota app")[0] == (
        "director of nursing"
    )


def test_a_common_surname_before_a_title_is_a_person() -> None:
    assert _contacts("飞鸿智能于总说合同下周签", SHANGHAI_NOW)[0] == "于总"


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        ("跟Wyvern那边的Hannah开了个视频会，机械臂试点没问题", "Hannah"),
        ("Aldgate那边Oscar说冷库温度又不稳了", "Oscar"),
        ("飞鸿智能王董说下个月签", "王董"),
        ("飞鸿智能的刘师傅说分拣线修好了", "刘师傅"),
    ],
)
def test_more_people_in_chinese_text(text: str, contact: str) -> None:
    assert _contacts(text, SHANGHAI_NOW)[0] == contact


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        ("Chiamaka from Wyvern rang about the gripper firmware", "Chiamaka"),
        ("Got an email from Sophie at Aldgate re the renewal", "Sophie"),
        ("uh bongani rang from aldgate the blast freezer is fine", "bongani"),
    ],
)
def test_a_name_with_its_company_before_the_call(text: str, contact: str) -> None:
    assert _contacts(text)[0] == contact


def test_head_office_is_no_head() -> None:
    assert _contacts("Reply from Wyvern head office re the pricing") == [None]


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        ("飞鸿智能他们老总说下个月签", "老总"),
        ("安澜医院的总工看了方案说没问题", "总工"),
    ],
)
def test_chinese_roles_without_a_surname(text: str, contact: str) -> None:
    assert _contacts(text, SHANGHAI_NOW)[0] == contact


@pytest.mark.parametrize(
    ("text", "now", "people"),
    [
        ("Met Hannah at Wyvern and Ben at Aldgate, both keen", NOW, ["Hannah", "Ben"]),
        ("今天在展会上见了飞鸿智能的冯总和安澜医院的许主任", SHANGHAI_NOW, ["冯总", "许主任"]),
    ],
)
def test_two_people_of_two_customers_met_in_one_breath(
    text: str, now: datetime, people: list[str]
) -> None:
    actions = _parse(text, now)
    assert [intent for intent, _ in actions] == ["log_interaction", "log_interaction"]
    assert [slots["contact"]["text"] for _, slots in actions] == people

"""Dictated Chinese run-ons: where one action ends and the next begins (a fault and the rep's
own visit, a visit and what was said there, a deal heard on a call), dialogue acts said loosely,
and the slot readings speech needs (corrected clock times, amounts before a weekday, department
heads, homophones through a character's other reading). Rules only, no classifier."""

from datetime import datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

import pytest

from nlu import slots
from nlu.customer_index import CustomerIndex, DirectoryEntry
from nlu.intents import dialogue_act
from nlu.money import find_money
from nlu.parser import ParseContext, parse
from tests.nlu.parsing import parsed

DIRECTORY = [
    DirectoryEntry(1, "深圳市飞鸿智能设备有限公司", ("飞鸿智能",)),
    DirectoryEntry(2, "南宁绿岭农业科技有限公司", ("绿岭农业",)),
    DirectoryEntry(3, "宁波安澜医院有限公司", ("安澜医院",)),
    DirectoryEntry(4, "广州市启航实验学校", ("启航学校",)),
]
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2027, 5, 12, 10, 0, tzinfo=SHANGHAI)  # a Wednesday


def _parse(text: str) -> list[tuple[str, dict[str, Any]]]:
    return parsed(text, DIRECTORY, NOW)


def _intents(text: str) -> list[str]:
    return [intent for intent, _ in _parse(text)]


def test_a_time_before_sending_someone_dates_the_ticket() -> None:
    frames = _parse("飞鸿智能李经理说分拣机又报警了让我们后天派人去看看")
    assert [intent for intent, _ in frames] == ["open_ticket"]
    assert frames[0][1]["when"]["value"] == "2027-05-14"


def test_the_rep_going_himself_after_a_fault_is_a_follow_up() -> None:
    frames = _parse("安澜医院监护仪老是掉线然后周五我过去看一下")
    assert [intent for intent, _ in frames] == ["open_ticket", "schedule_followup"]
    assert frames[1][1]["when"]["value"] == "2027-05-14"


def test_a_follow_up_already_done_is_logged() -> None:
    assert _intents("嗯上午去绿岭农业回访了一下罗总") == ["log_interaction"]


@pytest.mark.parametrize("text", ["怎么查看下周的日程", "嗯那个如何查看流失客户"])
def test_asking_how_to_see_the_agenda_or_loyalty_is_help(text: str) -> None:
    assert _intents(text) == ["help"]


@pytest.mark.parametrize(
    ("text", "act"),
    [
        ("刚才那条帮我撤回一下", "undo"),
        ("上一条记错了撤一下", "undo"),
        ("刚刚那个能撤销吗", "undo"),
        ("最后那条记录撤回吧", "undo"),
        ("麻烦撤回一下刚才那条", "undo"),
        ("哎呀记错了帮我撤回", "undo"),
        ("撤掉吧", "undo"),
        ("刚才签的单子客户撤了", None),  # the customer withdrew: news, not an undo
    ],
)
def test_undo_said_loosely(text: str, act: str | None) -> None:
    assert dialogue_act(text) == act


def test_a_homophone_through_a_characters_other_reading() -> None:
    # 行 reads xing and hang: 启行学校 is 启航学校 misheard
    frames = _parse("明天去启行学校送资料")
    assert frames[0][1]["customer"]["name"] == "广州市启航实验学校"


def test_what_was_said_on_a_visit_belongs_to_that_visit() -> None:
    frames = _parse("去了飞鸿智能，采购经理说新厂房下个月投产，月底前把方案发过去")
    assert [intent for intent, _ in frames] == ["log_interaction", "schedule_followup"]
    assert frames[0][1]["contact"]["text"] == "采购经理"
    assert frames[1][1]["when"]["value"] == "2027-05-31"


def test_a_talk_after_an_absent_contact_is_the_same_visit() -> None:
    frames = _parse("嗯今天去了飞鸿智能王总不在然后跟生产部的小周聊了一下分拣机的改造")
    assert [intent for intent, _ in frames] == ["log_interaction"]
    assert frames[0][1]["contact"]["text"] == "小周"


def test_a_contacts_words_before_other_actions_are_news_and_a_topic_is_no_action() -> None:
    frames = _parse("绿岭农业罗总说大棚监控用得挺好然后续费的事下周三再聊")
    assert [intent for intent, _ in frames] == ["log_interaction", "schedule_followup"]
    assert frames[1][1]["when"]["value"] == "2027-05-19"


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("飞鸿智能王总来电：AGV小车合同签了，四十二万", "AGV小车"),
        ("嗯安澜医院陈主任今天来电除颤仪两台签了十二万", "除颤仪"),
    ],
)
def test_a_deal_heard_on_a_call_takes_what_was_signed(text: str, product: str) -> None:
    frames = _parse(text)
    assert [intent for intent, _ in frames] == ["log_interaction", "record_deal"]
    assert frames[1][1]["product"] == product


def test_a_deal_agreed_for_later_is_news_and_a_plan() -> None:
    frames = _parse("绿岭农业罗总答应了滴灌系统二十万下周二签")
    assert [intent for intent, _ in frames] == ["log_interaction", "schedule_followup"]
    assert frames[0][1]["amount"]["value"] == 200000
    assert frames[1][1]["when"]["value"] == "2027-05-18"


def test_a_deal_signed_once_something_happens_is_not_signed() -> None:
    assert _intents("飞鸿智能那单六十万的合同等他们董事长回来就签") == ["log_interaction"]


def test_a_fault_put_off_is_the_tickets_time_not_a_plan() -> None:
    frames = _parse("安澜医院输液泵老堵不急下周再说")
    assert [intent for intent, _ in frames] == ["open_ticket"]
    assert frames[0][1]["priority"] == "low"
    assert frames[0][1]["when"] == {"text": "下周", "value": "2027-05-17", "grain": "week"}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("明天下午三点不对四点去飞鸿智能", "2027-05-13T16:00:00+08:00"),
        ("下周一上午九点不对十点跟安澜医院开会", "2027-05-17T10:00:00+08:00"),
        ("明天上午十点不对下午两点去绿岭农业", "2027-05-13T14:00:00+08:00"),
    ],
)
def test_a_corrected_clock_time_keeps_its_day(text: str, value: str) -> None:
    frames = _parse(text)
    assert frames[0][0] == "schedule_followup"
    assert frames[0][1]["when"]["value"] == value


def test_an_amount_before_a_weekday_is_an_amount() -> None:
    found = find_money("他们预算五十来万周四我再过去", "CNY")
    assert [int(m.value or 0) for m in found] == [500000]


@pytest.mark.parametrize(
    ("text", "contact"), [("那个生产部长说", "生产部长"), ("财务部经理回电话了", "财务部经理")]
)
def test_a_department_head_is_a_contact(text: str, contact: str) -> None:
    assert [c.text for c in slots.find_contacts(text)] == [contact]


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("嗯下午在安澜医院跟陈主任聊了一个多小时呼吸机的事", "呼吸机"),
        ("昨天在飞鸿智能开了个会分拣机的方案他们认可了", "分拣机"),
        ("中午跟绿岭农业罗总吃了个饭滴灌控制器他们很满意", "滴灌控制器"),
    ],
)
def test_durations_and_meetings_are_no_part_of_a_product(text: str, product: str) -> None:
    assert _parse(text)[0][1]["product"] == product


@pytest.mark.parametrize("text", ["明天要去哪几家客户", "嗯我下午约了谁来着"])
def test_asking_where_to_go_or_whom_to_see_is_the_agenda(text: str) -> None:
    assert _intents(text) == ["list_agenda"]


def test_a_few_pieces_counted_are_no_amount() -> None:
    frames = _parse("飞鸿智能的PLC模块烧了三块")
    assert frames[0][0] == "open_ticket"
    assert "amount" not in frames[0][1]


class _LeansToLookUp:
    """A model that reads every customer clause as a look-up, weakly."""

    def __call__(self, text: str, language: str, customers: object) -> dict[str, float]:
        return {"query_customer": 0.3, "open_ticket": 0.15, "unknown": 0.1, "loyalty_summary": 0.1}


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("哎安澜医院那边的停车场真难找", "unknown"),  # a statement asks nothing
        ("安澜医院", "query_customer"),  # a bare name is a look-up
        ("飞鸿智能王总的邮箱", "query_customer"),  # a record asked for
        ("绿岭农业算不算大客户", "query_customer"),  # an A-not-A question
    ],
)
def test_a_statement_naming_a_customer_is_no_look_up(text: str, intent: str) -> None:
    context = ParseContext(now=NOW, customers=CustomerIndex.build(DIRECTORY))
    result = parse(text, context, classifier=cast(Any, _LeansToLookUp()))
    assert [a["intent"] for a in result.to_json()["actions"]] == [intent]


def test_what_the_rep_saw_failing_and_the_service_sent_go_with_the_ticket() -> None:
    frames = _parse("嗯今天去安澜医院看了一下呼吸机确实有两台报警然后让售后明天过去")
    assert [intent for intent, _ in frames] == ["log_interaction", "open_ticket"]
    assert frames[1][1]["product"] == "呼吸机"
    assert frames[1][1]["when"]["value"] == "2027-05-13"


def test_how_often_a_customer_orders_is_loyalty() -> None:
    assert _intents("安澜医院的下单频率怎么样") == ["loyalty_summary"]


@pytest.mark.parametrize("text", ["嗯等会儿去趟绿岭农业", "准备去安澜医院送合同"])
def test_about_to_go_to_a_customer_is_a_plan(text: str) -> None:
    assert _intents(text) == ["schedule_followup"]


def test_a_time_of_day_then_what_they_said_is_a_report_of_today() -> None:
    context = ParseContext(
        now=datetime(2027, 5, 12, 15, 0, tzinfo=SHANGHAI), customers=CustomerIndex.build(DIRECTORY)
    )
    actions = parse("中午跟飞鸿智能王总吃饭他说分拣机二期下个月招标", context).to_json()["actions"]
    assert [a["intent"] for a in actions] == ["log_interaction"]
    assert actions[0]["slots"]["when"]["value"] == "2027-05-12T12:00:00+08:00"

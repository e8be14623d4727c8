"""Dictated Chinese, second batch: amounts taken back in the same breath, northern day words
(今儿, 明儿个), the rep's own going as a ticket's time, urgency said as sending someone at once,
the start of work on site as a plan, a fault and the ticket it reopens, and one call told in two
breaths. Rules only, no classifier."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from nlu.customer_index import CustomerIndex, DirectoryEntry
from nlu.parser import ParseContext, parse
from nlu.timeparse import find_times
from tests.nlu.parsing import MADE_UP_DIRECTORY, parsed

DIRECTORY = MADE_UP_DIRECTORY
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2027, 5, 12, 10, 0, tzinfo=SHANGHAI)  # a Wednesday


def _parse(text: str) -> list[tuple[str, dict[str, Any]]]:
    return parsed(text, DIRECTORY, NOW)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("飞鸿智能的分拣线签了十二万哦不对是十五万", 150000),
        ("安澜医院的监护仪签了嗯八十万哦不是九十万", 900000),
        ("绿岭农业大棚项目签了二十万说错了二十五万", 250000),
    ],
)
def test_an_amount_taken_back_gives_way_to_the_one_said_after(text: str, value: int) -> None:
    frames = _parse(text)
    assert frames[0][0] == "record_deal"
    assert frames[0][1]["amount"]["value"] == value


def test_an_amount_denied_without_a_correction_word_stays() -> None:
    frames = _parse("飞鸿智能的分拣线签了十二万不是二十万")
    assert frames[0][1]["amount"]["value"] == 120000


@pytest.mark.parametrize(
    ("text", "day"),
    [("今儿下午", "2027-05-12"), ("明儿个一早", "2027-05-13"), ("后儿上午", "2027-05-14")],
)
def test_northern_day_words_name_a_day(text: str, day: str) -> None:
    found = find_times(text, NOW, "zh")
    assert [t.text for t in found] == [text]
    assert found[0].value.date().isoformat() == day


def test_the_rep_going_then_dates_the_ticket() -> None:
    frames = _parse("安澜医院的呼吸机又报警了很急后天一早就得去")
    assert [intent for intent, _ in frames] == ["open_ticket"]
    assert frames[0][1]["when"]["start"].startswith("2027-05-14")


def test_sending_someone_at_once_is_urgent() -> None:
    frames = _parse("飞鸿智能的码垛机器人老是停机赶紧派个人过去")
    assert frames[0][0] == "open_ticket"
    assert frames[0][1]["priority"] == "urgent"


def test_a_scanner_that_cannot_read_is_a_fault() -> None:
    assert [i for i, _ in _parse("绿岭农业的采摘枪扫不出来了")] == ["open_ticket"]


def test_work_starting_on_site_on_a_day_is_a_plan() -> None:
    frames = _parse("绿岭农业的温室项目签了三十万然后下周一开始开工")
    assert [intent for intent, _ in frames] == ["record_deal", "schedule_followup"]
    assert frames[1][1]["when"]["value"] == "2027-05-17"


def test_a_fault_and_the_ticket_it_reopens_are_one_update() -> None:
    frames = _parse("飞鸿智能的分拣机又坏了上次那个单子T二四六八重新打开吧")
    assert [intent for intent, _ in frames] == ["update_ticket"]
    assert frames[0][1]["ticket"]["number"] == "T-2468"
    assert frames[0][1]["status"] == "reopened"
    assert frames[0][1]["product"] == "分拣机"


def test_a_question_asked_on_the_same_call_is_part_of_it() -> None:
    frames = _parse("上午给绿岭农业罗总打电话顺便问了一下滴灌控制器的情况说都正常")
    assert [intent for intent, _ in frames] == ["log_interaction"]
    assert frames[0][1]["product"] == "滴灌控制器"


def test_work_done_on_a_product_is_not_its_name() -> None:
    frames = _parse("明天上午去飞鸿智能调试分拣系统")
    assert frames[0][1]["product"] == "分拣系统"


def test_a_clock_time_denied_and_said_again_gives_way_to_the_one_after_shi() -> None:
    frames = _parse("下周二下午三点去安澜医院哦不是三点是四点半")
    assert frames[0][0] == "schedule_followup"
    assert frames[0][1]["when"]["value"] == "2027-05-18T16:30:00+08:00"


def test_an_opening_jiushishuo_reports_nobody() -> None:
    frames = _parse("就是说明天上午先去绿岭农业给罗总演示大棚监控")
    assert [intent for intent, _ in frames] == ["schedule_followup"]
    assert frames[0][1]["when"]["start"].startswith("2027-05-13")


def test_a_call_planned_to_ask_about_progress_is_a_plan() -> None:
    frames = _parse("明天下午给飞鸿智能李经理打个电话问问分拣线的进度")
    assert [intent for intent, _ in frames] == ["schedule_followup"]


def test_a_bare_look_at_a_customer_is_a_look_up() -> None:
    assert [i for i, _ in _parse("看看安澜医院最近的单子")] == ["query_customer"]


def test_a_machine_that_cannot_move_is_a_fault() -> None:
    assert [i for i, _ in _parse("飞鸿智能的码垛机动不了了")] == ["open_ticket"]


def test_asking_how_much_a_phone_number_is_a_look_up() -> None:
    frames = _parse("嗯安澜医院那个院长电话多少来着")
    assert [intent for intent, _ in frames] == ["query_customer"]


def test_finding_a_time_to_meet_next_month_is_a_plan() -> None:
    frames = _parse("绿岭农业罗总说大棚监控想先试一套下个月找时间开个视频会")
    assert [intent for intent, _ in frames] == ["log_interaction", "schedule_followup"]
    assert frames[1][1]["when"] == {"value": "2027-06-01", "grain": "month", "text": "下个月"}


def test_an_ampersand_heard_as_he_still_names_the_customer() -> None:
    context = ParseContext(
        now=NOW, customers=CustomerIndex.build([DirectoryEntry(9, "Procter & Gamble", ("P&G",))])
    )
    actions = parse("嗯P和G的采购说样品收到了", context).to_json()["actions"]
    assert actions[0]["slots"]["customer"]["name"] == "Procter & Gamble"


def test_a_ticket_number_dictated_after_dan_zi_is_the_ticket() -> None:
    frames = _parse("飞鸿智能分拣机那个单子三四五六修好了可以关了")
    assert frames[0][0] == "update_ticket"
    assert frames[0][1]["ticket"]["number"] == "T-3456"
    assert "amount" not in frames[0][1]


def test_an_older_contact_called_by_surname() -> None:
    frames = _parse("绿岭农业的老周说滴灌控制器又坏了")
    assert frames[0][1]["contact"]["text"] == "老周"
    assert "contact" not in _parse("绿岭农业的控制器老是坏")[0][1]


def test_first_thing_at_work_tomorrow_calling_to_ask_is_a_morning_plan() -> None:
    frames = _parse("明天一上班就给飞鸿智能打电话问分拣线到货没有")
    assert [intent for intent, _ in frames] == ["schedule_followup"]
    assert frames[0][1]["when"]["start"] == "2027-05-13T08:00:00+08:00"


def test_news_a_contact_tells_after_a_deal_is_logged_too() -> None:
    frames = _parse("飞鸿智能的分拣线签了二十万然后李经理说明年还要上一条包装线")
    assert [intent for intent, _ in frames] == ["record_deal", "log_interaction"]
    assert frames[1][1]["contact"]["text"] == "李经理"
    assert frames[0][1]["amount"]["value"] == 200000


@pytest.mark.parametrize(
    "text",
    ["嗯刚刚那个作废吧", "刚才那条记录不算", "回退一下", "把上一条跟进删一下", "取消刚才那条工单"],
)
def test_the_last_record_taken_back_in_other_words_is_undo(text: str) -> None:
    assert [i for i, _ in _parse(text)] == ["undo"]


@pytest.mark.parametrize("text", ["刚才罗总说不要了", "取消刚才那个客户选错了"])
def test_what_someone_said_or_a_wrong_pick_is_no_undo(text: str) -> None:
    assert [i for i, _ in _parse(text)] != ["undo"]


@pytest.mark.parametrize("text", ["嗯绿岭农业属于什么级别的客户", "那个安澜医院算哪个级别"])
def test_asking_a_customers_tier_is_loyalty(text: str) -> None:
    assert [i for i, _ in _parse(text)] == ["loyalty_summary"]

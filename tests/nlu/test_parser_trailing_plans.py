"""A plan said last in a multi-action line (after a ticket's news, a deal or a fault) comes out
as a follow-up of its own, with its own time (rules only, no classifier)."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.nlu.parsing import MADE_UP_DIRECTORY, parsed

DIRECTORY = MADE_UP_DIRECTORY
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 12, 7, 9, 15, tzinfo=LONDON)  # a Monday morning


def _parse(text: str, now: datetime = NOW) -> list[tuple[str, dict[str, Any]]]:
    return parsed(text, DIRECTORY, now)


@pytest.mark.parametrize(
    ("text", "contact", "day"),
    [
        (
            "Aldgate freezer alarm T-4410 fixed, will ring Jo wednesday to confirm",
            "Jo",
            "2026-12-09",
        ),
        (
            "Wyvern arm calibration T-4502 reopened; I'll update the ops mgr tomorrow",
            None,
            "2026-12-08",
        ),
        ("Harrow T-4613 closed, need to send Priya the report on friday", "Priya", "2026-12-11"),
    ],
)
def test_plan_after_a_ticket_move_after_a_comma(text: str, contact: str | None, day: str) -> None:
    actions = _parse(text)
    assert [intent for intent, _ in actions] == ["update_ticket", "schedule_followup"]
    ticket, plan = actions[0][1], actions[1][1]
    assert "when" not in ticket
    assert plan["when"]["value"] == day
    if contact is not None:
        assert plan["contact"]["text"] == contact


def test_comment_after_a_ticket_move_stays_with_it() -> None:
    actions = _parse("T-4700 put on hold, their site is shut for christmas")
    assert [intent for intent, _ in actions] == ["update_ticket"]


def test_plan_after_a_ticket_closed_by_command() -> None:
    actions = _parse(
        "so wyvern rang about the gripper update so close ticket forty two ten and they want a "
        "review call on thursday"
    )
    assert [intent for intent, _ in actions] == [
        "log_interaction",
        "update_ticket",
        "schedule_followup",
    ]
    assert actions[1][1]["status"] == "closed"
    assert "when" not in actions[1][1]
    assert actions[2][1]["when"]["value"] == "2026-12-10"


def test_own_errand_after_a_service_request_is_a_plan() -> None:
    actions = _parse(
        "quick call with aldgate the blast freezer door alarm is beeping again can someone look "
        "at it today and i'll send the service renewal quote on friday"
    )
    assert [intent for intent, _ in actions] == [
        "log_interaction",
        "open_ticket",
        "schedule_followup",
    ]
    assert actions[2][1]["when"]["value"] == "2026-12-11"


SHANGHAI = ZoneInfo("Asia/Shanghai")
ZH_NOW = datetime(2027, 3, 3, 10, 0, tzinfo=SHANGHAI)  # a Wednesday morning


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # a joint event named with how it is held, or "还要再碰一次"
        (
            "明远包装采购电话：扩产线的方案基本认可，周四下午两点视频过方案",
            "2027-03-04T14:00:00+08:00",
        ),
        ("今天去了海港冷链周总说冷库监控明年再扩然后下周一还要再碰一次", "2027-03-08"),
        # a quote to give on a day, even in their words
        ("跟明远包装李经理喝了个茶他说包装线想加两台检测仪下周五给报价", "2027-03-12"),
    ],
)
def test_zh_trailing_plan_after_news(text: str, value: str) -> None:
    actions = _parse(text, ZH_NOW)
    assert [intent for intent, _ in actions][-1] == "schedule_followup"
    assert actions[0][0] == "log_interaction"
    assert actions[-1][1]["when"]["value"] == value


def test_zh_work_in_a_month_after_a_deal_is_a_plan() -> None:
    actions = _parse("海港冷链：冷库监控合同签了，35万，下个月部署", ZH_NOW)
    assert [intent for intent, _ in actions] == ["record_deal", "schedule_followup"]
    assert actions[1][1]["when"]["value"] == "2027-04-01"


def test_zh_work_in_a_month_in_their_words_stays_news() -> None:
    actions = _parse("明远包装的厂长电话里说检测仪合同签了二十万然后五月份开始部署", ZH_NOW)
    assert "schedule_followup" not in [intent for intent, _ in actions]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("嗯明远包装的李经理发微信说验收想挪到下周四", "2027-03-11"),
        ("海港冷链周总刚打电话说培训要改到下周一", "2027-03-08"),
    ],
)
def test_zh_meeting_moved_in_their_message_is_news_and_a_plan(text: str, value: str) -> None:
    actions = _parse(text, ZH_NOW)
    assert [intent for intent, _ in actions] == ["log_interaction", "schedule_followup"]
    assert actions[1][1]["when"]["value"] == value


def test_zh_meeting_moved_by_the_rep_is_one_plan() -> None:
    actions = _parse("嗯海港冷链那个演示改到下周二吧", ZH_NOW)
    assert [intent for intent, _ in actions] == ["schedule_followup"]


def test_their_wish_this_week_after_their_call_with_a_fault_dates_the_ticket() -> None:
    actions = _parse(
        "harrow rang about the plate scanner being really slow and they want someone to look at "
        "it this week"
    )
    assert [intent for intent, _ in actions] == ["open_ticket"]
    assert actions[0][1]["when"] == {"text": "this week", "value": "2026-12-07", "grain": "week"}


def test_their_wish_this_week_in_a_fault_report_stays_the_tickets() -> None:
    actions = _parse(
        "harrow plate scanner is really slow, they want someone to look at it this week"
    )
    assert [intent for intent, _ in actions] == ["open_ticket"]

"""Chinese times as reps say them, attached to the action they date (rules only): deadlines
with their day (周四下班前, 劳动节前, 周末前, 两天内), holiday breaks (国庆以后第一个工作日),
vague times that name no day (过几天, 春节后), bare clock times as working hours on the day said
before them, and the time of our own act in a run-on report."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from nlu.customer_index import DirectoryEntry
from tests.nlu.parsing import parsed

DIRECTORY = [
    DirectoryEntry(1, "宁波海光仪器有限公司", ("海光仪器", "海光")),
    DirectoryEntry(2, "成都锦程物流有限公司", ("锦程物流",)),
]
SHANGHAI = ZoneInfo("Asia/Shanghai")
WEDNESDAY = datetime(2026, 3, 11, 10, 0, tzinfo=SHANGHAI)
WEDNESDAY_EVENING = datetime(2026, 3, 11, 18, 0, tzinfo=SHANGHAI)


def _when(text: str, now: datetime = WEDNESDAY) -> list[tuple[str, Any]]:
    """Each action's intent and its `when` without the quoted text."""
    found = []
    for intent, slots in parsed(text, DIRECTORY, now):
        when = slots.get("when")
        found.append((intent, {k: v for k, v in when.items() if k != "text"} if when else None))
    return found


def _day(value: str) -> dict[str, str]:
    return {"value": value, "grain": "day"}


@pytest.mark.parametrize(
    ("text", "now", "expected"),
    [
        # 下班前 is the close of the day said with it
        ("周四下班前把报价发给海光仪器孙经理", WEDNESDAY, _day("2026-03-12")),
        # before a holiday is the day before it, whatever the holiday is called
        ("劳动节前去一趟锦程物流", WEDNESDAY, _day("2026-04-30")),
        # before the weekend is its Friday
        ("周末前把合同寄给锦程物流", WEDNESDAY, _day("2026-03-13")),
        # within so many days: the last of them
        ("两天之内回复海光仪器孙经理", WEDNESDAY, _day("2026-03-13")),
        ("今天之内给海光仪器孙经理回个电话", WEDNESDAY, _day("2026-03-11")),
        ("过俩天去锦程物流", WEDNESDAY, _day("2026-03-13")),
        # after the Golden Week, not the day after 1 October
        (
            "国庆以后第一个工作日去海光仪器签合同",
            datetime(2026, 9, 14, 9, 0, tzinfo=SHANGHAI),
            _day("2026-10-08"),
        ),
        # a month part still running is still to come
        (
            "这个月中旬去一趟海光仪器",
            WEDNESDAY,
            {"start": "2026-03-11", "end": "2026-03-21", "grain": "day"},
        ),
        # a bare clock time in the evening is tomorrow's working hour, not the small hours
        (
            "两点半跟锦程物流罗总开电话会",
            WEDNESDAY_EVENING,
            {"value": "2026-03-12T14:30:00+08:00", "grain": "minute"},
        ),
    ],
)
def test_a_plans_time(text: str, now: datetime, expected: dict[str, str]) -> None:
    assert _when(text, now) == [("schedule_followup", expected)]


@pytest.mark.parametrize(
    "text", ["过几天去一趟锦程物流", "两三天后再去海光仪器", "春节后再去锦程物流谈续约"]
)
def test_a_vague_time_names_no_day_but_is_a_plan(text: str) -> None:
    assert _when(text) == [("schedule_followup", None)]


def test_a_ticket_within_this_week_is_the_week() -> None:
    assert _when("海光仪器孙经理说光谱仪打不开了这周内派人过去") == [
        ("open_ticket", {"value": "2026-03-09", "grain": "week"})
    ]


def test_a_bare_clock_time_takes_the_day_named_before_it() -> None:
    assert _when("明天下午三点去海光仪器然后四点半去锦程物流", WEDNESDAY_EVENING) == [
        ("schedule_followup", {"value": "2026-03-12T15:00:00+08:00", "grain": "hour"}),
        ("schedule_followup", {"value": "2026-03-12T16:30:00+08:00", "grain": "minute"}),
    ]


def test_a_part_of_the_day_after_a_deadline_takes_the_deadlines_day() -> None:
    found = _when("明天上午十点前把报价发给海光仪器孙经理然后下午去锦程物流", WEDNESDAY_EVENING)
    assert found == [
        ("schedule_followup", {"value": "2026-03-12T10:00:00+08:00", "grain": "hour"}),
        (
            "schedule_followup",
            {
                "start": "2026-03-12T12:00:00+08:00",
                "end": "2026-03-12T18:00:00+08:00",
                "grain": "hour",
            },
        ),
    ]


def test_the_time_before_our_own_act_is_the_follow_ups() -> None:
    found = _when("海光仪器孙经理说样机还行嗯下周二我再打电话问问")
    assert found == [("log_interaction", None), ("schedule_followup", _day("2026-03-17"))]


def test_a_weekday_with_its_part_of_the_day_in_a_report_is_the_one_gone() -> None:
    assert _when("周二下午拜访了海光仪器孙经理") == [
        (
            "log_interaction",
            {
                "start": "2026-03-10T12:00:00+08:00",
                "end": "2026-03-10T18:00:00+08:00",
                "grain": "hour",
            },
        )
    ]


def test_the_reps_own_working_day_does_not_date_the_visit() -> None:
    saturday = datetime(2026, 3, 14, 16, 0, tzinfo=SHANGHAI)
    assert _when("周六还在跑刚从锦程物流出来罗总说下个月要加两台车", saturday)[0] == (
        "log_interaction",
        None,
    )


def test_a_later_part_of_a_planned_day_is_planned_too() -> None:
    found = _when("后天上午去海光仪器孙经理那边然后晚上请他吃饭", WEDNESDAY_EVENING)
    assert found == [
        (
            "schedule_followup",
            {
                "start": "2026-03-13T08:00:00+08:00",
                "end": "2026-03-13T12:00:00+08:00",
                "grain": "hour",
            },
        ),
        (
            "schedule_followup",
            {
                "start": "2026-03-13T18:00:00+08:00",
                "end": "2026-03-13T22:00:00+08:00",
                "grain": "hour",
            },
        ),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # northern speech: so many minutes before the hour
        ("明天下午四点差一刻去海光仪器", "2026-03-12T15:45:00+08:00"),
        ("明天差五分十点到锦程物流开会", "2026-03-12T09:55:00+08:00"),
    ],
)
def test_minutes_before_the_hour(text: str, expected: str) -> None:
    assert _when(text) == [("schedule_followup", {"value": expected, "grain": "minute"})]


def test_of_two_days_offered_the_plan_takes_the_first() -> None:
    assert _when("下周四或者周五去一趟锦程物流") == [("schedule_followup", _day("2026-03-19"))]

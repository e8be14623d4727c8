"""Chinese times from writers the parser had not met: a Taiwanese rep's traditional characters
(下禮拜二 … 下午三點 is one moment, 禮拜四去了 a past day), Cantonese days and parts of the day
(聽晚, 聽朝, 下晝, 上晝), a manager's dotted month.day dates (11.20前, 3.6下午) and a deadline
said roughly (三五天内: the later count bounds it). Rules only."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from nlu.customer_index import DirectoryEntry
from nlu.timeparse import find_times
from tests.nlu.parsing import parsed

DIRECTORY = [
    DirectoryEntry(1, "宁波海光仪器有限公司", ("海光仪器", "海光")),
    DirectoryEntry(2, "成都锦程物流有限公司", ("锦程物流",)),
]
SHANGHAI = ZoneInfo("Asia/Shanghai")
TUESDAY = datetime(2026, 3, 10, 9, 30, tzinfo=SHANGHAI)


def _when(text: str, now: datetime = TUESDAY) -> list[dict[str, Any] | None]:
    """Each action's `when` without the quoted text."""
    found: list[dict[str, Any] | None] = []
    for _intent, slots in parsed(text, DIRECTORY, now):
        when = slots.get("when")
        found.append({k: v for k, v in when.items() if k != "text"} if when else None)
    return found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a day and a clock time said apart in traditional characters make one moment
        (
            "下禮拜二和海光儀器約好下午三點見面",
            {"value": "2026-03-17T15:00:00+08:00", "grain": "hour"},
        ),
        # Cantonese: tomorrow evening, an afternoon, a morning
        ("聽晚九點打畀錦程物流", {"value": "2026-03-11T21:00:00+08:00", "grain": "hour"}),
        (
            "後日下晝去錦程物流",
            {"start": "2026-03-12T12:00:00+08:00", "end": "2026-03-12T18:00:00+08:00"},
        ),
        (
            "星期五上晝去海光仪器",
            {"start": "2026-03-13T08:00:00+08:00", "end": "2026-03-13T12:00:00+08:00"},
        ),
        # dotted month.day before a deadline word or a part of the day
        ("3.20前把报价发给海光仪器", {"value": "2026-03-20", "grain": "day"}),
        (
            "3.16下午去锦程物流",
            {"start": "2026-03-16T12:00:00+08:00", "end": "2026-03-16T18:00:00+08:00"},
        ),
        # a deadline said roughly is due on the later count: 三五天内 on Tuesday is Sunday
        ("三五天内回访海光仪器", {"value": "2026-03-15", "grain": "day"}),
    ],
)
def test_follow_up_time_from_new_writers(text: str, expected: dict[str, Any]) -> None:
    when = _when(text)[-1]
    assert when is not None
    assert {k: v for k, v in when.items() if k in expected} == expected


def test_traditional_past_weekday_dates_the_visit() -> None:
    assert _when("禮拜一去了海光儀器，他們還在比價")[0] == {"value": "2026-03-09", "grain": "day"}


@pytest.mark.parametrize("text", ["单价12.5元", "涨了3.5%", "库存还有12.8吨", "版本3.6"])
def test_a_decimal_is_no_date(text: str) -> None:
    assert find_times(text, TUESDAY, "zh") == []

"""English times as reps write and dictate them in plans: British "friday week" and "w/c 26
April", deadlines inside an expression ("tmrw before 11", "before the weekend", "by close of
play"), dotted clock times, parts of parts of the day, and the time each action of a
multi-action line gets (rules only, no classifier)."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from nlu.timeparse import find_times
from tests.nlu.parsing import MADE_UP_DIRECTORY, parsed

DIRECTORY = MADE_UP_DIRECTORY
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2027, 4, 14, 10, 0, tzinfo=LONDON)  # a Wednesday morning


def _parse(text: str) -> list[tuple[str, dict[str, Any]]]:
    return parsed(text, DIRECTORY, NOW)


def _when(slots: dict[str, Any]) -> tuple[str, ...]:
    when = slots["when"]
    if "start" in when:
        return when["start"], when["end"], when["grain"]
    return when["value"], when["grain"]


@pytest.mark.parametrize(
    ("text", "value", "grain"),
    [
        ("the week of the 19th", "2027-04-19T00:00:00+01:00", "week"),
        ("w/c 26 April", "2027-04-26T00:00:00+01:00", "week"),
        # British: that weekday a week after its next one
        ("friday week", "2027-04-23T00:00:00+01:00", "day"),
        ("a week on monday", "2027-04-26T00:00:00+01:00", "day"),
        ("a fortnight tomorrow", "2027-04-29T00:00:00+01:00", "day"),
        # the one after the next thursday (tomorrow)
        ("thursday after next", "2027-04-22T00:00:00+01:00", "day"),
        ("9.45am", "2027-04-15T09:45:00+01:00", "minute"),
        ("Mon 3.15", "2027-04-19T15:15:00+01:00", "minute"),
        ("this time next week", "2027-04-21T10:00:00+01:00", "hour"),
    ],
)
def test_british_and_typed_times(text: str, value: str, grain: str) -> None:
    [mention] = find_times(text, NOW, "en")
    assert (mention.text, mention.value.isoformat(), mention.grain) == (text, value, grain)


def test_early_evening_is_not_the_early_morning() -> None:
    [mention] = find_times("early evening", NOW, "en")
    assert (mention.value.hour, mention.end and mention.end.hour) == (18, 21)


def test_a_number_after_before_is_no_time_when_a_count_follows() -> None:
    assert find_times("before 5 days", NOW, "en") == []
    assert find_times("before one of them", NOW, "en") == []


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("send Aldgate the SLA draft by close of play", ("2027-04-14", "day")),
        # a deadline to the weekend is due on its Friday
        ("chase Wyvern before the weekend", ("2027-04-16", "day")),
        ("ring Harrow tmrw before 11", ("2027-04-15T11:00:00+01:00", "hour")),
        # a bare deadline hour is a working hour
        ("email Aldgate before 4", ("2027-04-14T16:00:00+01:00", "hour")),
        ("follow up with Wyvern late next week", ("2027-04-23", "day")),
        ("chase Harrow for the PO by month end", ("2027-04-30", "day")),
        # day first in London: the 10th of May
        ("book Aldgate demo w/c 10/5", ("2027-05-10", "week")),
        ("ring Wyvern same time tomorrow", ("2027-04-15T10:00:00+01:00", "hour")),
        (
            "visit Harrow tomorrow between 3 and 4",
            ("2027-04-15T15:00:00+01:00", "2027-04-15T16:00:00+01:00", "hour"),
        ),
    ],
)
def test_a_follow_up_gets_the_time_said(text: str, when: tuple[str, ...]) -> None:
    [(intent, slots)] = _parse(text)
    assert intent == "schedule_followup"
    assert _when(slots) == when


def test_a_technician_on_site_after_a_fault_is_the_tickets_time() -> None:
    [(intent, slots)] = _parse("Harrow: folding machine broken, tech on site thurs 8am")
    assert intent == "open_ticket"
    assert _when(slots) == ("2027-04-15T08:00:00+01:00", "hour")


def test_a_typed_plan_that_says_each_time_first() -> None:
    actions = _parse("Plan: Thu 9.30 Aldgate visit, Fri 2pm ring Wyvern")
    got = [(slots["customer"]["name"], _when(slots)) for _, slots in actions]
    assert got == [
        ("Aldgate Cold Storage Ltd", ("2027-04-15T09:30:00+01:00", "minute")),
        ("Wyvern Robotics Ltd", ("2027-04-16T14:00:00+01:00", "hour")),
    ]


def test_an_ampersand_joins_a_second_dated_errand() -> None:
    actions = _parse("call Aldgate at 3 & send Harrow the invoice by Fri")
    got = [(slots["customer"]["name"], _when(slots)) for _, slots in actions]
    assert got == [
        ("Aldgate Cold Storage Ltd", ("2027-04-14T15:00:00+01:00", "hour")),
        ("Harrow Print Works", ("2027-04-16", "day")),
    ]


def test_a_visit_they_want_moved_after_a_call_is_a_follow_up() -> None:
    actions = _parse("Wyvern rang, they want the install moved to monday week")
    assert [intent for intent, _ in actions] == ["log_interaction", "schedule_followup"]
    assert _when(actions[1][1]) == ("2027-04-26", "day")

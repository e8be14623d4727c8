"""English follow-ups said beside a visit, call, ticket or deal: the next step is found however
it is phrased, one per plan, and what the customer will do is no plan of ours (rules only)."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from nlu.customer_index import DirectoryEntry
from tests.nlu.parsing import MADE_UP_DIRECTORY, parsed

DIRECTORY = MADE_UP_DIRECTORY
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2027, 4, 13, 11, 20, tzinfo=LONDON)  # a Tuesday late morning


def _parse(text: str, now: datetime = NOW) -> list[tuple[str, dict[str, Any]]]:
    return parsed(text, DIRECTORY, now)


def _intents(actions: list[tuple[str, dict[str, Any]]]) -> list[str]:
    return [intent for intent, _ in actions]


def _day(slots: dict[str, Any]) -> str:
    return str(slots["when"].get("value") or slots["when"].get("start"))[:10]


def test_gonna_said_by_the_rep_is_a_plan() -> None:
    actions = _parse("rang wyvern um gonna send sarah the revised quote thursday")
    assert _intents(actions) == ["log_interaction", "schedule_followup"]
    assert _day(actions[1][1]) == "2027-04-15"
    assert actions[1][1]["contact"]["text"] == "sarah"


def test_gonna_said_of_the_customer_is_theirs() -> None:
    actions = _parse("selby buyer called he's gonna send the signed quote over friday")
    assert _intents(actions) == ["log_interaction"]


def test_set_up_a_call_is_a_plan() -> None:
    actions = _parse("Harrow visit done, set up a call with their finance lead Mon")
    assert _intents(actions) == ["log_interaction", "schedule_followup"]
    assert _day(actions[1][1]) == "2027-04-19"


@pytest.mark.parametrize(
    ("text", "days"),
    [
        (
            "Met Aldgate's site mgr. Chase the PO Weds & book the install for Fri",
            ["2027-04-14", "2027-04-16"],
        ),
        (
            "Selby call done. Quote out Thurs, check in w/ the buyer on the 26th",
            ["2027-04-15", "2027-04-26"],
        ),
        (
            "rang wyvern, no answer, ring again friday morning and email them the spec today",
            ["2027-04-16", "2027-04-13"],
        ),
    ],
)
def test_two_plans_with_times_of_their_own_are_two_follow_ups(text: str, days: list[str]) -> None:
    actions = _parse(text)
    assert _intents(actions) == ["log_interaction", "schedule_followup", "schedule_followup"]
    assert [_day(slots) for _, slots in actions[1:]] == days


def test_a_plan_after_a_dated_note_is_one_follow_up() -> None:
    actions = _parse("Aldgate depot shut 14-18 Apr, follow up with them on the 21st")
    assert _intents(actions) == ["schedule_followup"]
    assert _day(actions[0][1]) == "2027-04-21"


def test_a_week_planned_day_by_day_is_one_follow_up_per_customer() -> None:
    actions = _parse(
        "monday night plan uh wednesday ring harrow about the renewal then thursday pop in "
        "to selby and friday lunch with jo at wyvern",
        datetime(2027, 4, 12, 21, 0, tzinfo=LONDON),
    )
    assert _intents(actions) == ["schedule_followup"] * 3
    customers = [slots["customer"]["name"] for _, slots in actions]
    assert customers == ["Harrow Print Works", "Selby Bakeries plc", "Wyvern Robotics Ltd"]
    assert [_day(slots) for _, slots in actions] == ["2027-04-14", "2027-04-15", "2027-04-16"]


def test_the_event_named_as_the_next_step_is_planned() -> None:
    actions = _parse("Mtg w/ Harrow re the presses. Next step is a demo Fri 2pm at their plant")
    assert _intents(actions) == ["log_interaction", "schedule_followup"]
    assert actions[1][1]["when"]["value"].startswith("2027-04-16T14:00")


def test_a_meeting_moved_after_a_call_is_a_follow_up() -> None:
    actions = _parse("wyvern rang, the review meeting got pushed back to the 22nd")
    assert _intents(actions) == ["log_interaction", "schedule_followup"]
    assert _day(actions[1][1]) == "2027-04-22"


def test_an_agenda_wanted_is_a_document_to_send() -> None:
    actions = _parse("harrow meeting moved to Weds 3pm and jo wants the agenda by monday")
    assert _intents(actions) == ["schedule_followup", "schedule_followup"]
    assert [_day(slots) for _, slots in actions] == ["2027-04-14", "2027-04-19"]


def test_asking_for_the_agenda_still_lists_it() -> None:
    assert _intents(_parse("what's on the agenda tomorrow")) == ["list_agenda"]


def test_the_signing_day_of_a_priced_deal_is_a_follow_up() -> None:
    actions = _parse(
        "Selby call - ops director wants 12 more ovens monitored, about £18k, decision end of May"
    )
    assert _intents(actions)[-1] == "schedule_followup"
    assert _day(actions[-1][1]) == "2027-05-31"


def test_a_plan_brought_in_by_then_keeps_the_day() -> None:
    actions = _parse("so tomorrow i'll ring aldgate about the probes and then get back to selby")
    assert _intents(actions) == ["schedule_followup", "schedule_followup"]
    assert [_day(slots) for _, slots in actions] == ["2027-04-14", "2027-04-14"]


def test_their_call_back_is_no_plan_of_ours() -> None:
    actions = _parse("wyvern ops lead said they're gonna get back to me next week")
    assert "schedule_followup" not in _intents(actions)


def test_back_in_some_weeks_is_a_return_visit() -> None:
    actions = _parse("Harrow visit went ok. Back in 3 wks to check the new press")
    assert _intents(actions) == ["log_interaction", "schedule_followup"]
    assert _day(actions[1][1]) == "2027-05-04"


def test_news_then_the_next_catch_up_is_a_visit_and_a_plan() -> None:
    actions = _parse("selby visit, buyer pleased, next catch up in june")
    assert _intents(actions) == ["log_interaction", "schedule_followup"]
    assert actions[1][1]["when"]["value"] == "2027-06-01"


def test_we_are_meeting_again_is_a_second_plan() -> None:
    actions = _parse(
        "was at aldgate today, i'll email the quote friday and we're meeting again on the 27th"
    )
    assert _intents(actions) == ["log_interaction", "schedule_followup", "schedule_followup"]
    assert [_day(slots) for _, slots in actions[1:]] == ["2027-04-16", "2027-04-27"]


def test_the_day_they_are_away_until_is_not_the_plan() -> None:
    actions = _parse("rang harrow, jo is away till thursday so i'll try her again on monday")
    assert _intents(actions) == ["log_interaction", "schedule_followup"]
    assert _day(actions[1][1]) == "2027-04-19"


def test_a_listed_customer_found_by_part_of_its_name_still_lists() -> None:
    directory = [*DIRECTORY, DirectoryEntry(5, "Lion City Logistics Pte Ltd", ("LCL",))]
    actions = parsed("next week i need to visit harrow lion city and selby", directory, NOW)
    assert _intents(actions) == ["schedule_followup"] * 3


def test_a_meeting_named_after_the_customer_then_its_news_is_logged() -> None:
    actions = _parse("Wyvern mtg: pilot agreed on cell 2, I'll send the plan by Thurs")
    assert _intents(actions) == ["log_interaction", "schedule_followup"]
    assert _day(actions[1][1]) == "2027-04-15"


def test_seeing_them_again_and_scheduling_are_plans() -> None:
    actions = _parse("selby buyer rang, all fine. I'm seeing her again on the 29th")
    assert _intents(actions) == ["log_interaction", "schedule_followup"]
    assert _day(actions[1][1]) == "2027-04-29"
    actions = _parse("Aldgate visit done, chillers serviced. Schedule the next service for July")
    assert _intents(actions) == ["log_interaction", "schedule_followup"]

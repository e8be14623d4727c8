"""English intent choice in reports that run on into the rep's next step (rules only, no
classifier): our own step stated by the shape of its clause, a talk named as a heading or a missed
call still logged before the plan, faults known by their shape, and the turn-of-the-year and
midweek times reps plan with."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.nlu.parsing import MADE_UP_DIRECTORY, parsed

DIRECTORY = MADE_UP_DIRECTORY
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 12, 15, 16, 10, tzinfo=LONDON)  # a Tuesday afternoon in December


def _parse(text: str, now: datetime = NOW) -> list[tuple[str, dict[str, Any]]]:
    return parsed(text, DIRECTORY, now)


def _intents(text: str, now: datetime = NOW) -> list[str]:
    return [intent for intent, _ in _parse(text, now)]


@pytest.mark.parametrize(
    "text",
    [
        "lunch with the Wyvern CTO, keen on the cobot cell, going to put a budget quote together",
        "Harrow press hall walk-round done, all fine, we should get the service plan to them soon",
        "spoke to Pennine's buyer, happy with the trial, plan is to demo the line scanner there",
        "Aldgate meeting went ok. I'd like to get their finance director in for the renewal",
    ],
)
def test_a_step_stated_by_its_shape_follows_the_report(text: str) -> None:
    assert _intents(text) == ["log_interaction", "schedule_followup"]


@pytest.mark.parametrize(
    "text",
    [
        "Pennine signed the order and will roll out the scanners in March",
        "Harrow called, they loved the samples and want to expand to the second site",
        "Note: Wyvern have a new MD, need to meet him at some point",
    ],
)
def test_their_plans_and_labelled_notes_are_no_step_of_ours(text: str) -> None:
    assert "schedule_followup" not in _intents(text)


def test_will_with_a_subject_after_it_asks_a_question() -> None:
    assert "schedule_followup" not in _intents("will it snow on thursday")


def test_a_talk_named_as_a_heading_is_logged_before_the_plan() -> None:
    text = "Wyvern call - the CTO likes the pilot results, touch base again on the 21st"
    actions = _parse(text)
    assert [intent for intent, _ in actions] == ["log_interaction", "schedule_followup"]
    assert actions[1][1]["when"]["value"] == "2026-12-21"


def test_a_missed_call_is_logged_and_calling_back_is_planned_only_when_said() -> None:
    assert _intents("missed call from Harrow, ring them back at 5") == [
        "log_interaction",
        "schedule_followup",
    ]
    assert _intents("missed call from the Aldgate warehouse manager") == ["log_interaction"]


def test_an_engineer_at_the_customer_earlier_today_made_a_visit() -> None:
    text = "at pennine bakeries this morning the proofer keeps tripping, back thursday with a relay"
    assert _intents(text) == ["log_interaction", "open_ticket", "schedule_followup"]


@pytest.mark.parametrize(
    "text",
    [
        "Aldgate: temperature alerts from the blast chiller not coming through since monday",
        "Harrow report they're having trouble with the plate setter on press 2",
        "Wyvern - the robot controllers time out when they upload a new path",
        "Pennine say the oven probes drop off every night",
    ],
)
def test_faults_known_by_their_shape_open_a_ticket(text: str) -> None:
    assert _intents(text) == ["open_ticket"]


def test_a_fault_found_by_its_shape_still_there_in_a_visit_is_news() -> None:
    text = "visited Harrow, guillotine still cutting crooked, otherwise all good"
    assert _intents(text) == ["log_interaction"]


def test_loyalty_words_naming_what_we_bring_ask_nothing_about_loyalty() -> None:
    text = "must take the Aldgate ops lead the loyalty proposal next week"
    assert _intents(text) == ["schedule_followup"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("chase Wyvern after the holidays about the cobot PO", "2027-01-04"),
        ("catch up with Harrow midweek about the ink contract", "2026-12-16"),
        ("call Aldgate in the morning about the chiller quote", "2026-12-16T08:00:00+00:00"),
    ],
)
def test_times_reps_plan_with(text: str, value: str) -> None:
    actions = _parse(text)
    assert [intent for intent, _ in actions] == ["schedule_followup"]
    when = actions[0][1]["when"]
    assert (when.get("value") or when.get("start")) == value


def test_in_the_new_year_is_that_january() -> None:
    actions = _parse("I'll get Pennine in for a roadmap session in the new year")
    assert actions[0][0] == "schedule_followup"
    assert actions[0][1]["when"] == {
        "text": "in the new year",
        "value": "2027-01-01",
        "grain": "month",
    }

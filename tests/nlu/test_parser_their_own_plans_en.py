"""English notes that hold fewer actions than their words suggest: the customer's own events,
plans and deadlines for the goods are news, a call that only brings a fault is the ticket, and
news or requests said inside a talk belong to it (rules only, no classifier). Each test beside
them keeps a real follow-up of ours, so the rules do not swallow plans."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.nlu.parsing import MADE_UP_DIRECTORY, parsed

DIRECTORY = MADE_UP_DIRECTORY
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2027, 3, 9, 14, 30, tzinfo=LONDON)  # a Tuesday afternoon


def _intents(text: str, now: datetime = NOW) -> list[str]:
    return [intent for intent, _ in _parse(text, now)]


def _parse(text: str, now: datetime = NOW) -> list[tuple[str, dict[str, Any]]]:
    return parsed(text, DIRECTORY, now)


@pytest.mark.parametrize(
    "text",
    [
        "Aldgate called, their fire safety inspection is on the 19th so it's all hands",
        "uh wyvern the plant manager rang theyve got the insurers in on thursday",
        "Harrow emailed - they're relocating the press hall in May",
        "spoke to pennine they close the bakery for refurbishment on the 22nd",
        "so aldgate called theyre not happy with the price and may go out to tender in june",
        "wyvern emailed they'll sign once the board meets next wednesday",
    ],
)
def test_the_customers_own_event_or_plan_is_news(text: str) -> None:
    assert _intents(text) == ["log_interaction"]


@pytest.mark.parametrize(
    "text",
    [
        "Met the buyer at Pennine, they want the ovens commissioned before Easter",
        "uh harrow called they'd like the new presses delivered by the end of april",
        "Visited Wyvern, they want installation over the summer shutdown in August",
    ],
)
def test_a_far_deadline_for_the_goods_is_news(text: str) -> None:
    assert _intents(text) == ["log_interaction"]


def test_the_goods_wanted_next_week_are_work_to_arrange() -> None:
    actions = _parse("Met the buyer at Pennine, they want the probes fitted next week")
    assert [intent for intent, _ in actions] == ["log_interaction", "schedule_followup"]
    assert actions[1][1]["when"]["value"] == "2027-03-15"


def test_an_errand_of_ours_beside_their_event_stays_a_follow_up() -> None:
    actions = _parse(
        "Aldgate called, their audit is on the 19th so i'll send the calibration certs friday"
    )
    assert [intent for intent, _ in actions] == ["log_interaction", "schedule_followup"]
    assert actions[1][1]["when"]["value"] == "2027-03-12"


def test_their_event_is_the_deadline_of_an_errand_due_before_then() -> None:
    actions = _parse("Harrow rang, the board meets on the 24th, send the proposal before then")
    assert [intent for intent, _ in actions] == ["log_interaction", "schedule_followup"]
    assert actions[1][1]["when"]["value"] == "2027-03-24"


def test_a_quote_wanted_by_a_day_is_ours() -> None:
    actions = _parse("Visited Wyvern, they want a quote for six more grippers by Monday")
    assert [intent for intent, _ in actions] == ["log_interaction", "schedule_followup"]


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        ("uh aldgate the night manager rang the blast freezer door alarm keeps going off", None),
        ("so wyvern um priya called the robot cell on line three is down", "priya"),
    ],
)
def test_a_call_that_only_brings_a_fault_is_the_ticket(text: str, contact: str | None) -> None:
    actions = _parse(text)
    assert [intent for intent, _ in actions] == ["open_ticket"]
    assert actions[0][1]["customer"]["name"] in {"Aldgate Cold Storage Ltd", "Wyvern Robotics Ltd"}
    if contact is not None:
        assert actions[0][1]["contact"]["text"] == contact


def test_a_call_with_a_fault_and_a_plan_is_logged_too() -> None:
    actions = _intents("so wyvern um priya called the robot cell is down and i'll visit tomorrow")
    assert actions == ["log_interaction", "open_ticket", "schedule_followup"]


def test_a_request_inside_a_call_is_part_of_it() -> None:
    actions = _intents(
        "harrow called the folder on press two is jammed again and they also asked for the "
        "service contract terms"
    )
    assert actions == ["log_interaction", "open_ticket"]


def test_a_request_cut_from_its_deadline_is_the_follow_up() -> None:
    actions = _parse(
        "so i was at pennine this morning the head baker wants to add two proofers and he needs "
        "a proposal in a fortnight"
    )
    assert [intent for intent, _ in actions] == ["log_interaction", "schedule_followup"]
    assert actions[1][1]["when"]["value"] == "2027-03-23"


def test_signing_off_without_an_amount_is_news_of_the_visit() -> None:
    actions = _parse("Aldgate visit, the site director signed off the racking layout")
    assert [intent for intent, _ in actions] == ["log_interaction"]
    assert actions[0][1]["contact"]["text"] == "site director"


def test_signing_off_with_an_amount_is_the_deal() -> None:
    actions = _intents("Visited Harrow, the MD signed off the folder upgrade - £18k")
    assert actions == ["log_interaction", "record_deal"]


@pytest.mark.parametrize(
    "text",
    [
        "uh pennine their budget is frozen till the autumn so chase them in august",
        (
            "so i was at aldgate they won a big retail contract and want more freezer sensors "
            "i'll send the quote thursday"
        ),
    ],
)
def test_their_budget_and_their_win_are_no_ticket_or_deal(text: str) -> None:
    assert _intents(text) == ["log_interaction", "schedule_followup"]


def test_book_that_dates_the_plan_said_before() -> None:
    actions = _parse(
        "met the ops lead at wyvern they like the cobots but want a demo first lets book that "
        "for thursday at ten"
    )
    assert [intent for intent, _ in actions] == ["log_interaction", "schedule_followup"]
    assert actions[1][1]["when"]["value"] == "2027-03-11T10:00:00+00:00"


@pytest.mark.parametrize(
    "text",
    [
        "Harrow emailed, their press hall move is now the 26th",
        "Pennine rang, they're auditing all their suppliers next week",
        "aldgate the site manager called she's presenting the racking plan to the board on friday",
    ],
)
def test_what_the_customer_is_doing_on_a_day_is_news(text: str) -> None:
    assert _intents(text) == ["log_interaction"]


@pytest.mark.parametrize(
    "text",
    [
        "Wyvern rang, they're expecting us on site Monday at 9",
        "Harrow called, they're rebuilding the folder line want a quote for new sensors by friday",
    ],
)
def test_what_they_wait_for_from_us_stays_a_follow_up(text: str) -> None:
    assert _intents(text)[-1] == "schedule_followup"


@pytest.mark.parametrize(
    "text",
    [
        "pennine the head baker called back at four all good with the new proofers",
        "wyvern ops lead rang after lunch they're happy with the cobots",
    ],
)
def test_a_time_right_after_a_call_made_is_when_it_was_made(text: str) -> None:
    assert _intents(text, datetime(2027, 3, 9, 10, 0, tzinfo=LONDON)) == ["log_interaction"]

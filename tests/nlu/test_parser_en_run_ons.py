"""English dictation, second round: faults told by their shape, a past-tense question about a
month, part-of-day deadlines, fault subjects cut from the visit before them, spoken figures in
a signed deal, several plans in one run-on, a ticket move followed by a plan (rules only, no
classifier)."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from nlu.faults_en import fault_hits
from tests.nlu.parsing import MADE_UP_DIRECTORY, parsed

DIRECTORY = MADE_UP_DIRECTORY
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 12, 7, 9, 15, tzinfo=LONDON)  # a Monday morning


def _parse(text: str, now: datetime = NOW) -> list[tuple[str, dict[str, Any]]]:
    return parsed(text, DIRECTORY, now)


@pytest.mark.parametrize(
    "text",
    [
        "the pallet scales are printing twice",
        "their kiosks keep logging people out",
        "the door sensors stopped reporting on friday",
        "the badge readers aren't working",
        "the hmi is showing E12 again",
        "the dashboard has been showing yesterday's data",
        "the humidity probes flatlined overnight",
        "the conveyor counters are double counting",
    ],
)
def test_faults_told_by_their_shape(text: str) -> None:
    assert [hit.intent for hit in fault_hits(text, [])] == ["open_ticket"]


@pytest.mark.parametrize(
    "text",
    [
        "they keep asking about the discount",
        "they're not renewing the licences",
        "ticket T-2041 is with the engineer",
        "she's showing us round the new site",
    ],
)
def test_no_fault_where_none_is_told(text: str) -> None:
    assert fault_hits(text, []) == []


def test_a_fault_said_in_other_words_opens_a_ticket() -> None:
    [(intent, slots)] = _parse("uh aldgate the blast chiller panel keeps throwing code nine")
    assert intent == "open_ticket"
    assert slots["customer"]["name"] == "Aldgate Cold Storage Ltd"


def test_a_fault_word_ends_the_product_name() -> None:
    [(_, slots)] = _parse("Harrow: guillotine controller resetting every hour")
    assert slots["product"] == "guillotine controller"


def test_a_past_tense_question_about_a_month_asks_about_the_one_gone() -> None:
    june = datetime(2027, 6, 14, 9, 5, tzinfo=LONDON)
    [(intent, slots)] = _parse("what did wyvern order in may?", june)
    assert intent == "query_customer"
    assert slots["when"]["value"] == "2027-05-01"


def test_a_loyalty_month_is_the_one_gone() -> None:
    june = datetime(2027, 6, 14, 9, 5, tzinfo=LONDON)
    [(intent, slots)] = _parse("churn figures for april", june)
    assert intent == "loyalty_summary"
    assert slots["when"]["value"] == "2027-04-01"


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("send wyvern the drawings by tomorrow evening", "2026-12-08T18:00", "2026-12-08T22:00"),
        ("chase aldgate by thursday morning", "2026-12-10T08:00", "2026-12-10T12:00"),
    ],
)
def test_a_deadline_keeps_its_part_of_the_day(text: str, start: str, end: str) -> None:
    when = _parse(text)[-1][1]["when"]
    assert (when["start"][:16], when["end"][:16], when["grain"]) == (start, end, "hour")


def test_a_deadline_without_a_part_of_the_day_is_its_day() -> None:
    when = _parse("send wyvern the drawings by wednesday")[-1][1]["when"]
    assert when == {"text": "by wednesday", "value": "2026-12-09", "grain": "day"}


def test_rang_logs_a_call_with_more_in_it() -> None:
    intents = [
        intent
        for intent, _ in _parse(
            "aldgate rang the dock sensors are freezing again and follow up on thursday"
        )
    ]
    assert intents == ["log_interaction", "open_ticket", "schedule_followup"]


def test_the_failing_thing_goes_with_the_ticket_not_the_visit() -> None:
    frames = _parse("wyvern visit done two of the handheld scanners are showing no power")
    assert [intent for intent, _ in frames] == ["log_interaction", "open_ticket"]
    assert "product" not in frames[0][1]
    assert frames[1][1]["product"] == "handheld scanners"


def test_a_spoken_figure_after_a_signed_deal_is_its_amount() -> None:
    [(intent, slots)] = _parse("harrow signed off on the binders forty two thousand")
    assert intent == "record_deal"
    assert slots["amount"] == {"text": "forty two thousand", "value": 42000, "currency": "GBP"}


def test_a_spoken_figure_without_a_deal_is_no_amount() -> None:
    frames = _parse("harrow have forty two thousand labels in stock")
    assert all("amount" not in slots for _, slots in frames)


def test_two_plans_with_times_of_their_own_in_one_run_on() -> None:
    frames = _parse(
        "aldgate wants the drawings so i'll send them by friday and uh can you book a call "
        "with their buyer next tuesday at ten"
    )
    assert [intent for intent, _ in frames][-2:] == ["schedule_followup", "schedule_followup"]
    assert frames[-2][1]["when"]["value"] == "2026-12-11"
    assert frames[-1][1]["when"]["value"].startswith("2026-12-15T10:00")


def test_a_ticket_move_then_someone_s_plan_are_two_actions() -> None:
    frames = _parse(
        "wyvern ticket twenty two fifty can be closed and uh olivia wants a review on the "
        "eleventh at two"
    )
    assert [intent for intent, _ in frames] == ["update_ticket", "schedule_followup"]
    assert frames[0][1]["status"] == "closed"
    assert frames[1][1]["contact"]["text"] == "olivia"


@pytest.mark.parametrize(
    "text",
    ["has wyvern's spend dropped off?", "which accounts are about to walk away"],
)
def test_more_ways_to_ask_about_loyalty(text: str) -> None:
    assert _parse(text)[0][0] == "loyalty_summary"


def test_a_question_said_twice_is_asked_once() -> None:
    assert [intent for intent, _ in _parse("Aldgate at risk? orders are down a lot")] == [
        "loyalty_summary"
    ]


def test_try_again_with_a_time_is_a_follow_up() -> None:
    frames = _parse("visited harrow nobody in except security um try the buyer again on friday")
    assert [intent for intent, _ in frames] == ["log_interaction", "schedule_followup"]


def test_a_bare_small_hour_is_a_working_hour() -> None:
    evening = datetime(2026, 12, 6, 19, 20, tzinfo=LONDON)
    frames = _parse("meeting with wyvern tomorrow at nine and then harrow at three", evening)
    assert [slots["when"]["value"][:16] for _, slots in frames] == [
        "2026-12-07T09:00",
        "2026-12-07T15:00",
    ]


def test_a_call_inside_a_fault_is_no_call() -> None:
    assert [intent for intent, _ in _parse("aldgate the door loggers haven't called home")] == [
        "open_ticket"
    ]


def test_until_a_month_is_no_follow_up() -> None:
    frames = _parse("met the buyer at wyvern on friday they want to hold the order until march")
    assert [intent for intent, _ in frames] == ["log_interaction"]


def test_a_plan_listing_customers_is_one_follow_up_each() -> None:
    frames = _parse("christmas cards for wyvern, harrow and aldgate before the 18th")
    assert [intent for intent, _ in frames] == ["schedule_followup"] * 3
    assert [slots["customer"]["name"] for _, slots in frames] == [
        "Wyvern Robotics Ltd",
        "Harrow Print Works",
        "Aldgate Cold Storage Ltd",
    ]
    assert {slots["when"]["value"] for _, slots in frames} == {"2026-12-18"}


def test_a_plan_about_one_customer_naming_another_stays_one() -> None:
    frames = _parse("call wyvern tomorrow about the harrow referral")
    assert [intent for intent, _ in frames] == ["schedule_followup"]


def test_at_nine_said_in_the_evening_is_the_next_morning() -> None:
    evening = datetime(2026, 12, 6, 20, 30, tzinfo=LONDON)
    [(_, slots)] = _parse("ring wyvern at nine", evening)
    assert slots["when"]["value"].startswith("2026-12-07T09:00")


@pytest.mark.parametrize(
    "text",
    [
        "visited wyvern their marketing head wants a quote for loyalty screens by friday",
        "aldgate visited the new depot two freezers faulty urgent the vaccine batch is at risk",
    ],
)
def test_loyalty_words_that_ask_nothing_about_loyalty(text: str) -> None:
    assert "loyalty_summary" not in [intent for intent, _ in _parse(text)]


def test_a_ticket_reopened_mid_dictation_by_its_spoken_number() -> None:
    frames = _parse("so harrow the binder line went down again reopen forty four oh one")
    assert frames[-1][0] == "update_ticket"
    assert frames[-1][1]["ticket"] == {"number": "T-4401"}
    assert frames[-1][1]["status"] == "reopened"


def test_no_product_from_someone_or_a_review() -> None:
    frames = _parse(
        "wyvern need someone out by tomorrow evening and olivia wants the annual review"
    )
    assert all("product" not in slots for _, slots in frames)

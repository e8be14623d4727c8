"""English multi-action run-ons: a visit or call, the fault found there and the plan after it
come out as their own actions, in text order; promises and requests are plans, not reports;
what the customer will do and a day already past are no plans of ours (rules only, no
classifier)."""

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


def _intents(text: str) -> list[str]:
    return [intent for intent, _ in _parse(text)]


@pytest.mark.parametrize(
    "text",
    [
        "so i popped into wyvern this morning the gripper sensors are offline again",
        "dropped in at wyvern the gripper sensors are offline again",
        "swung by wyvern on the way in the gripper sensors are offline again",
        "call from wyvern the gripper sensors are offline again and its urgent",
        "went out to wyvern first thing the gripper sensors are offline again",
    ],
)
def test_a_visit_or_call_said_in_other_words_is_logged_beside_the_fault(text: str) -> None:
    assert _intents(text) == ["log_interaction", "open_ticket"]


def test_someone_taking_the_word_after_a_fault_starts_the_plan() -> None:
    actions = _parse(
        "popped into aldgate the freezer loggers are offline again and the site manager "
        "wants a site visit on thursday"
    )
    assert [intent for intent, _ in actions] == [
        "log_interaction",
        "open_ticket",
        "schedule_followup",
    ]
    plan = actions[2][1]
    assert plan["contact"]["text"] == "site manager"
    assert plan["when"]["value"] == "2026-12-10"
    assert "contact" not in actions[1][1]


@pytest.mark.parametrize(
    "text",
    [
        "told the harrow buyer i'd send the samples on friday",
        "promised harrow we'd pop in on friday",
        "harrow asked for a call on friday",
    ],
)
def test_a_promise_or_a_request_is_the_plan_not_a_report(text: str) -> None:
    actions = _parse(text)
    assert [intent for intent, _ in actions] == ["schedule_followup"]
    assert actions[0][1]["when"]["value"] == "2026-12-11"


def test_the_reps_own_promise_after_a_fault_is_a_plan_of_its_own() -> None:
    actions = _parse(
        "harrow rang this morning the folding machine keeps jamming i said id visit thursday"
    )
    assert [intent for intent, _ in actions] == [
        "log_interaction",
        "open_ticket",
        "schedule_followup",
    ]
    assert actions[2][1]["when"]["value"] == "2026-12-10"


@pytest.mark.parametrize(
    "text",
    [
        "Emailed Aldgate the price list, they'll confirm by the 10th",
        "uh aldgate emailed theyll send the signed order form on friday",
    ],
)
def test_what_they_will_do_is_no_plan_of_ours(text: str) -> None:
    assert _intents(text) == ["log_interaction"]


def test_a_weekday_after_a_past_call_is_when_it_happened() -> None:
    actions = _parse(
        "wyvern called on friday the robot cell sensors are offline and they want a call on "
        "wednesday"
    )
    assert [intent for intent, _ in actions] == [
        "log_interaction",
        "open_ticket",
        "schedule_followup",
    ]
    assert actions[0][1]["when"]["value"] == "2026-12-04"
    assert actions[2][1]["when"]["value"] == "2026-12-09"


def test_a_past_visit_said_in_other_words_with_its_weekday_is_no_plan() -> None:
    actions = _parse("popped into harrow on friday all fine there")
    assert [intent for intent, _ in actions] == ["log_interaction"]
    assert actions[0][1]["when"]["value"] == "2026-12-04"


def test_a_signed_document_is_no_deal() -> None:
    assert _intents("remind me to chase harrow about the signed contract on wednesday") == [
        "schedule_followup"
    ]


def test_a_fault_during_a_meeting_is_no_second_meeting() -> None:
    assert _intents("wyvern their export tool crashed again during the demo") == ["open_ticket"]


def test_a_second_plan_naming_another_customer_is_its_own_plan() -> None:
    actions = _parse("i'll call aldgate tomorrow and i still need to email wyvern the price list")
    assert [intent for intent, _ in actions] == ["schedule_followup", "schedule_followup"]
    assert [slots["customer"]["name"] for _, slots in actions] == [
        "Aldgate Cold Storage Ltd",
        "Wyvern Robotics Ltd",
    ]


def test_our_own_obligation_after_a_deal_is_a_plan() -> None:
    actions = _parse(
        "wyvern signed the robot cells ninety k and i need to book the install for the tenth"
    )
    assert [intent for intent, _ in actions] == ["record_deal", "schedule_followup"]
    assert actions[1][1]["when"]["value"] == "2026-12-10"


def test_two_plans_in_a_line_with_a_pound_sign() -> None:
    actions = _parse(
        "Aldgate renewal signed - £20k. Send the invoice on 9 Dec and book a review call for "
        "14 Dec."
    )
    assert [intent for intent, _ in actions] == [
        "record_deal",
        "schedule_followup",
        "schedule_followup",
    ]
    assert [slots["when"]["value"] for _, slots in actions[1:]] == ["2026-12-09", "2026-12-14"]


def test_a_fault_still_there_during_a_logged_call_is_news() -> None:
    assert _intents("Aldgate - video call with the ops lead, two freezer doors still faulty") == [
        "log_interaction"
    ]


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("wyvern their calibration tool crashed again", "calibration tool"),
        ("aldgate 3 of the pallet tags not reporting", "pallet tags"),
        ("harrow the proof viewer keeps crashing", "proof viewer"),
    ],
)
def test_the_thing_said_to_fail_is_the_tickets_product(text: str, product: str) -> None:
    actions = _parse(text)
    assert [intent for intent, _ in actions] == ["open_ticket"]
    assert actions[0][1]["product"] == product


@pytest.mark.parametrize(
    ("text", "intents"),
    [
        (
            (
                "aldgate meeting this morning they want to pause the rollout and catch up on the "
                "fourteenth"
            ),
            ["log_interaction", "schedule_followup"],
        ),
        (
            (
                "so at wyvern today the robot arms are throwing errors and the plant manager "
                "wants a meeting on thursday"
            ),
            ["log_interaction", "open_ticket", "schedule_followup"],
        ),
        (
            "wyvern visit the robot arms keep dropping offline",
            ["log_interaction", "open_ticket"],
        ),
    ],
)
def test_a_meeting_or_visit_named_without_a_verb_is_logged(text: str, intents: list[str]) -> None:
    assert _intents(text) == intents


@pytest.mark.parametrize(
    "text",
    [
        (
            "aldgate the ops lead rang the door sensors stopped reporting and he wants a visit "
            "thursday afternoon"
        ),
        "harrow the press is down again and the gm asked for a callback on thursday",
    ],
)
def test_what_they_want_after_a_fault_is_its_own_plan(text: str) -> None:
    intents = _intents(text)
    assert intents[-2:] == ["open_ticket", "schedule_followup"]
    assert intents.count("log_interaction") <= 1


EVENING = datetime(2026, 12, 7, 19, 30, tzinfo=LONDON)


def test_a_call_named_after_the_customer_then_the_fault_and_the_plan() -> None:
    assert _intents("Harrow call - Dev reports 2 folders dead. Ticket pls + visit Thurs") == [
        "log_interaction",
        "open_ticket",
        "schedule_followup",
    ]


def test_a_no_show_today_is_logged_before_the_retry() -> None:
    actions = _parse("aldgate no show today ill try them again tomorrow at four")
    assert [intent for intent, _ in actions] == ["log_interaction", "schedule_followup"]
    assert actions[1][1]["when"]["value"] == "2026-12-08T16:00:00+00:00"


def test_they_will_get_back_to_us_is_no_plan() -> None:
    assert _intents("called aldgate this morning they said they'd get back to me by friday") == [
        "log_interaction"
    ]


def test_this_evening_is_still_to_come_for_a_plan_but_not_for_a_call() -> None:
    actions = _parse(
        "just finished with wyvern they want to meet on wednesday and send them the specs tonight",
        EVENING,
    )
    assert [intent for intent, _ in actions] == [
        "log_interaction",
        "schedule_followup",
        "schedule_followup",
    ]
    called = _parse("so wyvern called tonight the robot arms are offline again", EVENING)
    assert [intent for intent, _ in called][-1] == "open_ticket"
    assert "schedule_followup" not in [intent for intent, _ in called]


def test_a_deadline_then_and_uh_remind_me_are_two_plans() -> None:
    actions = _parse(
        "harrow visit on friday went ok the buyer wants a quote by the end of the month and uh "
        "remind me to call him wednesday"
    )
    assert [intent for intent, _ in actions] == [
        "log_interaction",
        "schedule_followup",
        "schedule_followup",
    ]


def test_ill_try_them_again_starts_the_plan_with_its_own_contact() -> None:
    actions = _parse("called harrow no answer so ill try marcus again tomorrow")
    assert [intent for intent, _ in actions] == ["log_interaction", "schedule_followup"]
    assert actions[1][1]["contact"]["text"] == "marcus"
    assert "contact" not in actions[0][1]


def test_a_visit_wanted_in_a_month_after_a_deadline_is_a_second_plan() -> None:
    assert _intents(
        "met with the buyers at wyvern they want a quote by the end of the month and a site "
        "visit in february"
    ) == ["log_interaction", "schedule_followup", "schedule_followup"]


@pytest.mark.parametrize(
    "text",
    [
        "harrow the it lead called the folders keep jamming and wants someone there on thursday",
        (
            "so harrow rang this morning the presses on line two are down and kevin wants someone "
            "there this afternoon"
        ),
    ],
)
def test_someone_wanted_there_by_the_customer_calling_in_dates_the_ticket(text: str) -> None:
    # README: their call bringing a fault and a wish for someone to come is the ticket alone
    actions = _parse(text)
    assert [intent for intent, _ in actions] == ["open_ticket"]
    assert "when" in actions[0][1]
    assert actions[0][1]["customer"]["name"] == "Harrow Print Works"


def test_someone_wanted_after_a_fault_reported_alone_stays_the_tickets() -> None:
    assert _intents("harrow the presses are down and kevin wants someone there tomorrow") == [
        "open_ticket"
    ]


def test_an_undated_second_thing_to_do_with_another_customer() -> None:
    actions = _parse("call aldgate on tuesday about the order and email wyvern the price list")
    assert [intent for intent, _ in actions] == ["schedule_followup", "schedule_followup"]
    assert actions[1][1]["customer"]["name"] == "Wyvern Robotics Ltd"


@pytest.mark.parametrize(
    "text",
    [
        "aldgate the freezer door sensor keeps alarming and they want it fixed by friday",
        "wyvern signed the robot cells ninety k and the md wants the install done on the tenth",
    ],
)
def test_a_wish_to_have_it_done_by_a_date_is_a_plan_not_a_ticket_update(text: str) -> None:
    intents = _intents(text)
    assert intents[-1] == "schedule_followup"
    assert "update_ticket" not in intents


def test_their_own_dated_step_after_a_report_is_no_plan() -> None:
    assert _intents("Emailed Harrow the proposal. They'll review it at their board on 30 Dec.") == [
        "log_interaction"
    ]


def test_raise_a_ticket_for_a_fault_back_again_opens_one() -> None:
    intents = _intents(
        "Aldgate ops lead emailed - door alarms spamming again. Raise ticket, high. Call him "
        "tomorrow."
    )
    assert "open_ticket" in intents
    assert "update_ticket" not in intents


@pytest.mark.parametrize(
    "text",
    [
        "Confirmed a site visit at Wyvern for the 22nd.",
        "harrow confirmed the meeting for wednesday at two",
        "the aldgate visit is confirmed for friday morning",
    ],
)
def test_a_meeting_confirmed_for_a_day_still_to_come_is_one_plan(text: str) -> None:
    assert _intents(text) == ["schedule_followup"]


@pytest.mark.parametrize(
    "text",
    [
        "Called Harrow - they're planning to order in March.",
        "wyvern emailed they expect to confirm the order by the 26th",
    ],
)
def test_what_they_plan_or_expect_to_do_is_no_plan_of_ours(text: str) -> None:
    assert _intents(text) == ["log_interaction"]

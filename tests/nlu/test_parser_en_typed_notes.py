"""Typed English notes: a request reported ("asked about", "enquired") is news to log, a request
for an interaction is the plan it names, a passive deed ("contract sent to", "PO received") is
done, a meeting noted beside its time is a plan, and a weekday written short after a deed is the
one gone by."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from nlu.customer_index import CustomerIndex
from nlu.parser import IntentClassifier, ParseContext, parse
from tests.nlu.parsing import MADE_UP_DIRECTORY

DIRECTORY = MADE_UP_DIRECTORY
NOW = datetime(2026, 12, 9, 10, 0, tzinfo=ZoneInfo("Europe/London"))  # a Wednesday


def _parse(
    text: str, classifier: IntentClassifier | None = None
) -> list[tuple[str, dict[str, Any]]]:
    context = ParseContext(now=NOW, customers=CustomerIndex.build(DIRECTORY))
    result = parse(text, context, classifier=classifier)
    return [(a["intent"], a["slots"]) for a in result.to_json()["actions"]]


def _guessing(probabilities: dict[str, float]) -> IntentClassifier:
    """A stand-in for the trained model that always leans the same way."""

    def classify(text: str, language: str, spans: Sequence[tuple[int, int]]) -> dict[str, float]:
        return probabilities

    return classify


@pytest.mark.parametrize(
    "text",
    [
        "Wyvern enquired about a second robot cell",
        "Aldgate asking about extended support hours",
        "Contoso asked for samples of the new probes",
        "quick catch-up w/ the Wyvern ops lead re: spares",
    ],
)
def test_a_request_reported_is_news(text: str) -> None:
    assert [intent for intent, _ in _parse(text)] == ["log_interaction"]


def test_a_request_for_an_interaction_is_the_plan() -> None:
    [(intent, slots)] = _parse("Aldgate: ops manager asked for a call back on Friday")
    assert intent == "schedule_followup"
    assert slots["when"]["value"] == "2026-12-11"


def test_a_passive_deed_is_done_before_the_plan() -> None:
    actions = _parse("Proposal sent to Wyvern, chase Mon if no reply")
    assert [intent for intent, _ in actions] == ["log_interaction", "schedule_followup"]
    assert actions[1][1]["when"]["value"] == "2026-12-14"


def test_a_voicemail_is_a_call_logged_before_the_call_back() -> None:
    actions = _parse("Voicemail from Priya @ Aldgate - ring back pls")
    assert actions[0][0] == "log_interaction"
    assert actions[0][1]["interaction_type"] == "call"


def test_a_meeting_noted_beside_its_time_is_a_plan() -> None:
    lookup = _guessing({"query_customer": 0.6, "schedule_followup": 0.2})
    [(intent, slots)] = _parse("Wyvern kick-off mtg Thurs 11:30", classifier=lookup)
    assert intent == "schedule_followup"
    assert slots["when"]["value"] == "2026-12-10T11:30:00+00:00"


def test_a_short_weekday_after_a_deed_is_the_one_gone_by() -> None:
    [(intent, slots)] = _parse("Visited Contoso Mon, QA team keen on the loggers")
    assert intent == "log_interaction"
    assert slots["when"]["value"] == "2026-12-07"


def test_asking_for_a_visit_is_the_visit_asked_for() -> None:
    [(intent, slots)] = _parse("Wyvern asking for a site survey visit next Tues")
    assert intent == "schedule_followup"
    assert slots["when"]["value"] == "2026-12-15"


def test_how_they_took_it_is_news_before_our_promise() -> None:
    actions = _parse("Wyvern loved the cell demo - I'll send the pricing Fri")
    assert [intent for intent, _ in actions] == ["log_interaction", "schedule_followup"]
    assert actions[1][1]["when"]["value"] == "2026-12-11"


@pytest.mark.parametrize(
    "text",
    ["Aldgate door sensors giving bad readings since Sunday", "Wyvern HMI erroring on startup"],
)
def test_faults_written_in_short(text: str) -> None:
    assert [intent for intent, _ in _parse(text)] == ["open_ticket"]


def test_an_offer_turned_down_is_news() -> None:
    assert [intent for intent, _ in _parse("Contoso turned down the 3-year support plan")] == [
        "log_interaction"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Aldgate freezer probes reading 3 degrees high since the defrost",
        "Wyvern cell controllers showing stale data on the dashboard",
        "Contoso handhelds won't wake up after the update",
    ],
)
def test_faults_said_by_what_the_device_does_wrong(text: str) -> None:
    assert [intent for intent, _ in _parse(text)] == ["open_ticket"]


def test_someone_asked_for_with_a_fault_is_the_ticket_service() -> None:
    actions = _parse("Aldgate chiller alarm stuck, they asked for someone today")
    assert [intent for intent, _ in actions] == ["open_ticket"]


def test_a_technician_booked_is_a_plan_not_an_agenda_question() -> None:
    intent, slots = _parse("Engineer visit done at Wyvern. Technician booked for Fri")[-1]
    assert intent == "schedule_followup"
    assert slots["when"]["value"] == "2026-12-11"


def test_back_there_with_a_day_is_the_plan() -> None:
    actions = _parse("Visited Aldgate, two door sensors won't pair. Back there Mon w/ spares")
    assert [intent for intent, _ in actions] == [
        "log_interaction",
        "open_ticket",
        "schedule_followup",
    ]
    assert actions[2][1]["when"]["value"] == "2026-12-14"


def test_how_pleased_they_are_is_news_before_the_plan() -> None:
    actions = _parse("Wyvern pleased w/ the trial; proposal for the full line by 18 Dec")
    assert [intent for intent, _ in actions] == ["log_interaction", "schedule_followup"]
    assert actions[1][1]["when"]["value"] == "2026-12-18"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Spoke to Wyvern's buyer re: spares; loop back w/ her next Thurs", "2026-12-17"),
        ("Met Contoso QA, validation plan agreed - reconvene on the 16th", "2026-12-16"),
        ("Aldgate happy w/ the trial - quote 12 more probes by Fri", "2026-12-11"),
    ],
)
def test_news_then_our_errand_in_a_word_of_its_own(text: str, day: str) -> None:
    actions = _parse(text)
    assert [intent for intent, _ in actions] == ["log_interaction", "schedule_followup"]
    assert actions[1][1]["when"]["value"] == day


def test_alarms_going_off_are_a_fault() -> None:
    assert [intent for intent, _ in _parse("Aldgate door alarms going off overnight")] == [
        "open_ticket"
    ]


def test_a_call_back_to_someone_named_is_a_plan() -> None:
    actions = _parse("Wyvern emailed re the cell PLC tripping again - Ring Ms Patel back Fri")
    assert [intent for intent, _ in actions] == [
        "log_interaction",
        "open_ticket",
        "schedule_followup",
    ]
    assert actions[2][1]["when"]["value"] == "2026-12-11"

"""English slots on one- and two-action lines: product noun phrases ("licences of the X",
catalogue words naming a head noun), "arvo", a priority said in another action's clause, and a
customer's wish before an errand of ours (rules only, no classifier)."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.nlu.parsing import MADE_UP_DIRECTORY, parsed

DIRECTORY = MADE_UP_DIRECTORY
NOW = datetime(2027, 2, 16, 11, 5, tzinfo=ZoneInfo("Europe/London"))  # a Tuesday


def _parse(text: str) -> list[tuple[str, dict[str, Any]]]:
    return parsed(text, DIRECTORY, NOW)


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("Wyvern signed 120 licences of the route planner app, £30k", "route planner app"),
        ("Aldgate wants pricing on 40 seats of the dock booking module", "dock booking module"),
    ],
)
def test_a_count_of_licences_or_seats_names_what_it_counts(text: str, product: str) -> None:
    assert _parse(text)[0][1].get("product") == product


def test_catalogue_words_before_a_product_noun_name_it() -> None:
    # "sensor" is in the catalogue; "sensor terminals" is the thing that broke
    slots = _parse("Aldgate - emailed, the sensor terminals are back online")[0][1]
    assert slots.get("product") == "sensor terminals"


def test_a_plan_is_not_the_product() -> None:
    slots = _parse("Wyvern wants the rollout plan for the pick robots by Friday")[0][1]
    assert slots.get("product") == "pick robots"


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("visit Aldgate this arvo", "2027-02-16T12:00:00+00:00", "2027-02-16T18:00:00+00:00"),
        ("call Wyvern thursday arvo", "2027-02-18T12:00:00+00:00", "2027-02-18T18:00:00+00:00"),
    ],
)
def test_arvo_is_the_afternoon(text: str, start: str, end: str) -> None:
    when = _parse(text)[0][1]["when"]
    assert (when["start"], when["end"]) == (start, end)


def test_a_priority_in_the_clause_of_a_requested_visit_goes_to_the_ticket() -> None:
    actions = _parse(
        "aldgate the blast chillers keep tripping can someone get out there by friday its urgent"
    )
    tickets = [slots for intent, slots in actions if intent == "open_ticket"]
    assert tickets
    assert tickets[0].get("priority") == "urgent"


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("Wyvern: Dana wants 3 more pick robots, ~£90k, call her back tomorrow 10am",
         "2027-02-17T10:00:00+00:00"),
        ("Aldgate want 12 more door sensors, £4k - call Mr. Pike back 4:15 tomorrow",
         "2027-02-17T16:15:00+00:00"),
        ("Wyvern wants a quote for the gripper kits, follow up in a fortnight", "2027-03-02"),
    ],
)  # fmt: skip
def test_a_wish_then_an_errand_is_news_and_a_plan(text: str, when: str) -> None:
    actions = _parse(text)
    assert [intent for intent, _ in actions] == ["log_interaction", "schedule_followup"]
    assert actions[1][1]["when"]["value"] == when
    assert "product" in actions[0][1]


def test_off_the_phone_with_is_a_call() -> None:
    actions = _parse("just off the phone with wyvern their cfo wants the renewal papers by friday")
    assert actions[0][0] == "log_interaction"


@pytest.mark.parametrize(
    "text",
    [
        "Wyvern want a demo of the pick robots this arvo at 3",
        "Aldgate - the ops lead wants a site visit next Tuesday at 10:30 about the door sensors",
    ],
)
def test_a_demo_or_visit_asked_for_at_a_time_to_come_is_one_plan(text: str) -> None:
    actions = _parse(text)
    assert [intent for intent, _ in actions] == ["schedule_followup"]
    assert "when" in actions[0][1]
    assert "product" in actions[0][1]


def test_an_engineer_booked_for_a_day_is_the_tickets_time() -> None:
    actions = _parse("Aldgate ticket 4410: parts ordered, engineer booked for Friday")
    assert [intent for intent, _ in actions] == ["update_ticket"]
    assert actions[0][1]["when"]["value"] == "2027-02-19"


def test_someone_asked_for_before_a_deadline_is_the_faults() -> None:
    actions = _parse(
        "wyvern the gripper arms are dropping parts since the update can we get someone there "
        "by thursday"
    )
    assert [intent for intent, _ in actions] == ["open_ticket"]
    assert actions[0][1]["when"]["value"] == "2027-02-18"


def test_what_a_faulty_thing_stopped_sending_is_no_errand() -> None:
    actions = _parse("uh aldgate the door sensors stopped sending alerts over the weekend")
    assert [intent for intent, _ in actions] == ["open_ticket"]


def test_a_cart_is_a_product_noun() -> None:
    assert _parse("Wyvern signed for 12 medication carts, £9k")[0][1]["product"] == (
        "medication carts"
    )


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("T-4420 pending customer response", "in_progress"),
        ("T-4421 on hold until the spares land", "in_progress"),
    ],
)
def test_a_ticket_waiting_is_in_progress(text: str, status: str) -> None:
    assert _parse(text)[0][1].get("status") == status


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("escalate T-4430 to high, the customer is chasing", "high"),
        ("drop T-4431 to low please", "low"),
        ("bump ticket 4432 up to medium", "normal"),
    ],
)
def test_a_level_a_ticket_is_set_to_by_its_bare_word(text: str, level: str) -> None:
    assert _parse(text)[0][1].get("priority") == level


def test_out_of_spec_is_a_fault_of_the_thing_the_clause_opens_on() -> None:
    actions = _parse("Aldgate - Dr. Moss called, the blast chillers are out of spec, critical")
    assert actions[0][0] == "open_ticket"
    assert actions[0][1].get("product") == "blast chillers"
    assert actions[0][1].get("priority") == "urgent"


def test_what_a_recall_or_certificate_is_for_is_the_product() -> None:
    slots = _parse("Wyvern: Sam wants calibration certs for the torque drivers by 9 April")[0][1]
    assert slots.get("product") == "torque drivers"
    slots = _parse("call Aldgate back tomorrow 3pm re the door sensor recall")[0][1]
    assert slots.get("product") == "door sensor"


def test_a_signed_thing_to_chase_is_no_deal() -> None:
    actions = _parse("remind me to chase wyvern for the signed maintenance contract on friday")
    assert [intent for intent, _ in actions] == ["schedule_followup"]


def test_news_after_a_ticket_update_in_its_own_sentence_stays_after_it() -> None:
    actions = _parse("Aldgate: T-4440 resolved. Jo wants 6 more door sensors, £3k - quote Friday")
    assert [intent for intent, _ in actions] == [
        "update_ticket",
        "log_interaction",
        "schedule_followup",
    ]


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Aldgate: the door sensors work again - resolve T-4450", "resolved"),
        ("ticket 4451 engineer's going out tomorrow morning", "in_progress"),
        ("Wyvern ticket 4452 the gripper arms are still not picking", "reopened"),
    ],
)
def test_ticket_statuses_said_in_other_words(text: str, status: str) -> None:
    updates = [slots for intent, slots in _parse(text) if intent == "update_ticket"]
    assert updates
    assert updates[0].get("status") == status


def test_a_role_asking_for_a_day_is_a_plan() -> None:
    actions = _parse(
        "wyvern signed the gripper service contract twelve thousand pounds and um the ops "
        "director wants the engineer in on the fifth"
    )
    assert [intent for intent, _ in actions] == ["record_deal", "schedule_followup"]
    assert actions[1][1]["when"]["value"] == "2027-03-05"


def test_moving_a_meeting_plans_the_day_it_moves_to() -> None:
    actions = _parse("aldgate the ops director wants to move our thursday meeting to friday")
    assert actions[-1][1]["when"]["value"] == "2027-02-19"


def test_so_then_an_errand_is_a_plan_apart_from_the_news() -> None:
    actions = _parse(
        "wyvern the plant manager wants the gripper kits delivered before easter so chase "
        "the warehouse on friday"
    )
    assert [intent for intent, _ in actions] == ["log_interaction", "schedule_followup"]


def test_speaking_to_them_about_a_fixed_ticket_is_logged_with_the_update() -> None:
    actions = _parse("Aldgate: spoke to Ms. Reid, the door sensors are fine - resolve T-4460")
    assert [intent for intent, _ in actions] == ["log_interaction", "update_ticket"]
    assert actions[0][1]["contact"]["text"] == "Ms. Reid"

"""English message structure new writers get wrong (session 9, read from exam4_en): how many
actions a message holds and which — a request to record what was just said, details of the
customer being created, the reason for an escalation, a question with the customer's doings
behind it, the next check-in put in the diary, goods delivered then a reminder, acts said with
why."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from nlu.intents import dialogue_act

from .parsing import MADE_UP_DIRECTORY, parsed

NOW = datetime(2026, 11, 18, 10, 0, tzinfo=ZoneInfo("Europe/London"))  # a Wednesday


def _intents(text: str) -> list[str]:
    return [intent for intent, _ in parsed(text, MADE_UP_DIRECTORY, NOW)]


@pytest.mark.parametrize(
    ("text", "act"),
    [
        ("no hold on cancel that i chose the wrong company", "cancel"),
        ("remove the last entry i saved it under the wrong customer", "undo"),
        ("scratch the last one i put the wrong date", "undo"),
        ("great log it like that", "confirm"),
    ],
)
def test_an_act_said_with_why_is_the_act(text: str, act: str) -> None:
    assert dialogue_act(text) == act


def test_a_request_to_record_after_a_deal_adds_nothing() -> None:
    text = "Wyvern confirmed the PO for 12 robot arms, £96,000. PFA copy on mail, kindly record it."
    assert _intents(text) == ["record_deal"]


def test_an_order_said_confirmed_words_later_with_its_sum_is_a_deal() -> None:
    assert _intents("New year order from Selby confirmed, £8,200 for the bread racks.") == [
        "record_deal"
    ]


def test_the_books_closing_closes_no_ticket() -> None:
    text = "Quarter-end closing: Harrow PO signed for £22,000. Please record before books close."
    assert _intents(text) == ["record_deal"]


def test_contact_details_join_the_customer_being_created() -> None:
    text = (
        "Please create customer Brookfield Joinery. Contact no 07700 900 412, email "
        "hello@brookfieldjoinery.co.uk."
    )
    ((intent, slots),) = parsed(text, MADE_UP_DIRECTORY, NOW)
    assert intent == "create_customer"
    assert slots["email"] == "hello@brookfieldjoinery.co.uk"


def test_a_fault_after_an_escalated_ticket_is_its_reason() -> None:
    text = "Kindly escalate T-4410 to urgent, the customer's whole dispatch system is down."
    ((intent, slots),) = parsed(text, MADE_UP_DIRECTORY, NOW)
    assert intent == "update_ticket"
    assert slots["priority"] == "urgent"


def test_a_callers_fault_and_the_ticket_asked_apart_are_one_ticket() -> None:
    text = (
        "Aldgate called, blast chiller throwing compressor errors. Raise ticket - they need an "
        "engineer there by 3pm."
    )
    assert _intents(text) == ["open_ticket"]


def test_a_call_heading_with_pushing_back_is_the_call() -> None:
    text = "Call w/ Jo at Corbridge: they're pushing back on the 5% increase. Circle back Friday."
    assert _intents(text) == ["log_interaction", "schedule_followup"]


@pytest.mark.parametrize(
    "text",
    ["kindly show me my team's calls for tomorrow", "what all visits i have on friday"],
)
def test_the_agenda_asked_by_its_kind(text: str) -> None:
    assert _intents(text) == ["list_agenda"]


def test_a_question_then_the_customers_doings_is_one_question() -> None:
    ((intent, slots),) = parsed(
        "Is Selby drifting away? They've been buying less since the summer.",
        MADE_UP_DIRECTORY,
        NOW,
    )
    assert intent == "loyalty_summary"
    assert "when" not in slots


def test_the_next_check_in_put_in_the_diary_after_a_deal() -> None:
    text = (
        "Renewal signed: Harrow, £40,000. Health score is green again. Next check-in in spring - "
        "put it down for Mar 3."
    )
    actions = parsed(text, MADE_UP_DIRECTORY, NOW)
    assert [intent for intent, _ in actions] == ["record_deal", "schedule_followup"]
    assert actions[1][1]["when"]["value"] == "2027-03-03"


def test_goods_delivered_then_a_reminder_in_dictation() -> None:
    text = (
        "just dropped the delivery at wyvern they want more grease cartridges remind me to ring "
        "Olu on friday"
    )
    assert _intents(text) == ["log_interaction", "schedule_followup"]


def test_two_plans_joined_by_and_fix_a_meeting() -> None:
    text = (
        "Met Priya at Contoso. Need to send her the pricing tomorrow and fix a demo next Wednesday."
    )
    assert _intents(text) == ["log_interaction", "schedule_followup", "schedule_followup"]

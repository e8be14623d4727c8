"""English notes that pass on what a customer said or what happened, with no visit or call
word: logged as news, not looked up (rules only, no classifier). Look-ups and loyalty questions
beside them stay questions, so the rule does not swallow them."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.nlu.parsing import MADE_UP_DIRECTORY, parsed

DIRECTORY = MADE_UP_DIRECTORY
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2027, 5, 12, 11, 20, tzinfo=LONDON)  # a Wednesday morning


def _parse(text: str) -> list[tuple[str, dict[str, Any]]]:
    return parsed(text, DIRECTORY, NOW)


def _intents(text: str) -> list[str]:
    return [intent for intent, _ in _parse(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Wyvern says the robot cell go-live has moved to July",
        "Harrow ops director: pleased to proceed with phase two",
        "Pennine - capex approved",
        "heard from Aldgate, their warehouse manager is retiring",
        "text from Sam at Harrow: the new presses are running smoothly",
        "per Joanne, Wyvern are reorganising their purchasing team",
        "according to the buyer, Pennine are reviewing every supplier contract",
        "got word that Aldgate's finance director has resigned",
        "heads up: Harrow have been taken over by a bigger group",
        "uh pennine um their plant manager reckons volumes will double next year",
        "Aldgate paid the overdue invoice",
    ],
)
def test_news_with_no_interaction_word_is_logged(text: str) -> None:
    assert _intents(text) == ["log_interaction"]


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Wyvern contact details", "query_customer"),
        ("Harrow - who's our main contact there", "query_customer"),
        ("uh aldgate how are they getting on", "query_customer"),
        ("what have we sold Pennine this year", "query_customer"),
        ("is Wyvern at risk of churning", "loyalty_summary"),
    ],
)
def test_look_ups_stay_questions(text: str, intent: str) -> None:
    assert _intents(text) == [intent]


@pytest.mark.parametrize(
    "text",
    [
        "Wyvern's buyer said they've set aside £80k for cobots but nothing signed yet",
        "Harrow signed with someone else in the end",
        "update from Pennine: board approved 12 more ovens, about £60k, contract to follow",
        "per Joanne, Aldgate's board signed off the racking budget, roughly 45k",
    ],
)
def test_money_that_is_no_deal_is_news(text: str) -> None:
    assert _intents(text) == ["log_interaction"]


def test_a_signed_deal_is_still_recorded() -> None:
    assert _intents("Harrow signed the press renewal, £38k") == ["record_deal"]


def test_their_doing_on_a_day_keeps_the_call_logged() -> None:
    result = _parse("Aldgate call with Joanne, she's circulating the tender pack on Thursday")
    assert [intent for intent, _ in result] == ["log_interaction"]
    assert "when" not in result[0][1]  # Thursday is when she circulates it, not the call


def test_a_call_we_made_is_logged_beside_the_fault() -> None:
    result = _parse("rang Pennine, the proofer display keeps freezing, no rush")
    assert [intent for intent, _ in result] == ["log_interaction", "open_ticket"]
    assert result[1][1]["priority"] == "low"


def test_their_call_with_a_fault_is_the_ticket_alone() -> None:
    assert _intents("Pennine rang, the proofer display keeps freezing") == ["open_ticket"]


def test_a_fault_told_as_over_is_news() -> None:
    text = "per Sam at Harrow, the folders that kept jamming have been fine since the service"
    assert _intents(text) == ["log_interaction"]


def test_a_fault_back_after_the_fix_is_a_ticket() -> None:
    text = "Harrow says the folders were fine for a week but now they keep jamming"
    assert _intents(text) == ["open_ticket"]


@pytest.mark.parametrize(
    "text",
    [
        "uh wyvern the cell two cobots are drifting by a few mm, high priority",
        "Aldgate - freezer door sensors out by three degrees, P2",
        "harrow the press counters are off by about fifty sheets not urgent",
    ],
)
def test_a_priority_given_makes_the_note_a_ticket(text: str) -> None:
    assert _intents(text) == ["open_ticket"]


def test_asap_on_a_request_is_no_ticket() -> None:
    assert _intents("Pennine buyer says they need the revised pricing asap") == ["log_interaction"]


@pytest.mark.parametrize(
    "text",
    [
        "pennine says the batch reports won't export since the patch",
        "so aldgate the blast chiller probes are reading like six degrees high",
        "Wyvern's vision system has been down since the weekend",
        "harrow says the firmware push bricked two of the folders",
        "Wyvern: the HMI login fails since the patch",
        "Aldgate - the stock portal throws 502 errors at night",
        "Harrow: the proof screens flicker then die after lunch",
        "Pennine: the oven probes drifting again since Monday",
        "Harrow - label printer producing blurred barcodes",
    ],
)
def test_faults_told_in_other_words_are_tickets(text: str) -> None:
    assert _intents(text) == ["open_ticket"]


@pytest.mark.parametrize(
    "text",
    [
        "how frequently does Aldgate reorder racking",
        "how's our relationship with Wyvern these days",
        "how engaged is Harrow at the moment",
    ],
)
def test_buying_habits_and_the_relationship_are_loyalty_questions(text: str) -> None:
    assert _intents(text) == ["loyalty_summary"]


@pytest.mark.parametrize(
    "text",
    [
        "Harrow wants pricing on two more folders, roughly £30k",
        "pennine might go for the full line upgrade next spring",
        "sent Aldgate the racking proposal, £41k",
        "Phone call: Wyvern keen to extend the cobot trial",
        "factory tour with Pennine's engineering lead",
    ],
)
def test_wishes_and_what_we_sent_are_news(text: str) -> None:
    assert _intents(text) == ["log_interaction"]


def test_the_board_that_decides_is_no_product_and_its_count_no_sum() -> None:
    result = _parse("heard from Harrow, the board approved 6 more folders, about £24k")
    assert [intent for intent, _ in result] == ["log_interaction"]
    assert result[0][1].get("product") != "board"
    assert result[0][1]["amount"]["value"] == 24000


def test_the_call_back_asked_for_goes_to_the_caller() -> None:
    result = _parse("voicemail from Joanne at Aldgate, she'd like a call back re the racking")
    assert [intent for intent, _ in result] == ["log_interaction", "schedule_followup"]
    assert result[1][1]["contact"]["text"] == "Joanne"


def test_their_call_with_a_fault_in_other_words_is_the_ticket() -> None:
    text = "Joanne from Aldgate called, door controllers showing wrong temps"
    assert _intents(text) == ["open_ticket"]


def test_a_customer_drifting_away_is_no_fault() -> None:
    assert "open_ticket" not in _intents("heard Harrow are drifting away from us")


@pytest.mark.parametrize(
    "text",
    [
        "customer value for Wyvern?",
        "uh are we going to lose pennine",
        "how likely is Aldgate to stay with us",
        "who hasn't placed an order since March",
        "list the high risk accounts in the north",
        "our champions this quarter",
    ],
)
def test_value_and_losing_them_are_loyalty_questions(text: str) -> None:
    assert _intents(text) == ["loyalty_summary"]


def test_a_message_that_only_brings_a_fault_is_the_ticket_alone() -> None:
    text = "text from Sam at Harrow, the guillotine sensor keeps tripping"
    assert _intents(text) == ["open_ticket"]


def test_news_heard_then_a_moved_meeting_is_both() -> None:
    text = "heard from Wyvern, they want to move the design review to next Thursday"
    assert _intents(text) == ["log_interaction", "schedule_followup"]


@pytest.mark.parametrize(
    "text",
    [
        "clinched Wyvern, 64k for the cobot cell",
        "the Pennine oven deal is done, £58,000",
        "Harrow came through - £22k for the folders",
        "aldgate said yes to the racking renewal thirty one k",
    ],
)
def test_a_deal_won_with_its_sum_is_recorded(text: str) -> None:
    assert _intents(text) == ["record_deal"]


def test_a_deal_won_without_a_sum_is_news() -> None:
    assert _intents("Harrow said yes in principle to phase two") == ["log_interaction"]


@pytest.mark.parametrize(
    "text",
    [
        "Harrow PO still not received, 45k outstanding",
        "Wyvern's PO hasn't come through yet, £20k",
        "Aldgate contract is not signed yet, 90k on the table",
    ],
)
def test_a_deal_word_whose_completion_is_denied_after_it_is_news(text: str) -> None:
    assert _intents(text) == ["log_interaction"]


def test_the_same_deal_word_completed_is_a_deal() -> None:
    assert _intents("Harrow PO received, 45k") == ["record_deal"]

"""Shapes of a new English writer (session 8, exam3): technicians dictating from the van, med-tech
reps in Australia, the US and Singapore, terse Telegram notes and managers' questions. A customer
"done" or 🤝 with a sum is a deal, "just left" / "finished up at" / "dropped into" a customer is a
visit, a customer taken back in dictation is dropped, a short day name before an hour is a day,
a question in two sentences is still one question, and so on."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from nlu.customer_index import DirectoryEntry
from nlu.intents import dialogue_act
from nlu.slots import find_interaction_type, find_phones
from tests.nlu.parsing import MADE_UP_DIRECTORY, parsed

DIRECTORY = [
    *MADE_UP_DIRECTORY,
    DirectoryEntry(91, "Kingfisher Bay Supplies Ltd", ("KF Supplies",)),
    DirectoryEntry(92, "Ravenscourt Clinics", ("Ravenscourt",)),
]
NOW = datetime(2027, 3, 3, 16, 0, tzinfo=ZoneInfo("Australia/Brisbane"))  # a Wednesday


def _parse(text: str) -> list[tuple[str, dict[str, Any]]]:
    return parsed(text, DIRECTORY, NOW)


def _intents(text: str) -> list[str]:
    return [intent for intent, _ in _parse(text)]


@pytest.mark.parametrize(
    "text",
    [
        "aldgate done. 12k aud. send invoice fri",
        "wyvern 🤝 9,800 usd for the 2 robot arms",
        "Harrow closed at USD 31k for the 4 fume hoods, chase delivery date mon",
    ],
)
def test_customer_won_with_a_sum_is_a_deal(text: str) -> None:
    actions = _parse(text)
    assert actions[0][0] == "record_deal"
    assert actions[0][1]["amount"]["value"] in (12000, 9800, 31000)


def test_done_without_a_sum_is_no_deal() -> None:
    assert "record_deal" not in _intents("aldgate done, swapped the door seal on the blast chiller")


def test_placed_the_order_with_the_sum_in_the_next_sentence() -> None:
    actions = _parse("Selby placed the order!! GBP 22k for 3 spiral mixers.")
    assert actions[0][0] == "record_deal"
    assert actions[0][1]["amount"]["value"] == 22000


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("just left selby, all good", "visit"),
        ("just left a voicemail for selby", "call"),
        ("finished up at harrow, new belts fitted", "visit"),
        ("dropped into pennine with the brochure", "visit"),
        ("Lunch w/ the head chef at Selby, went well", "meeting"),
        ("Met Priya from Harrow at the packaging expo", "meeting"),
    ],
)
def test_where_the_rep_was_says_the_kind(text: str, kind: str) -> None:
    found = find_interaction_type(text)
    assert found is not None
    assert found.value == kind


def test_customer_taken_back_in_dictation() -> None:
    actions = _parse(
        "okay dropped into harrow print works uh no sorry pennine bakeries um left them "
        "the brochure and need to call back in a fortnight"
    )
    assert {a[1]["customer"]["name"] for a in actions} == {"Pennine Bakeries plc"}


@pytest.mark.parametrize(
    ("text", "hour"),
    [
        ("selby tmrw arvo, then harrow wed 10", 10),
        ("@ Aldgate tmrw 9 w/ Mr Lee", 9),
    ],
)
def test_short_day_before_an_hour(text: str, hour: int) -> None:
    when = _parse(text)[-1][1]["when"]
    assert when["grain"] == "hour"
    assert datetime.fromisoformat(when["value"]).hour == hour


def test_two_questions_are_one_look_up() -> None:
    actions = _parse(
        "How's Contoso going? Anything open I should know about before my 2pm with their buyer?"
    )
    assert [a[0] for a in actions] == ["query_customer"]


def test_their_ask_then_a_loyalty_question() -> None:
    actions = _parse("TVE is pushing for a better price. How loyal are they really?")
    assert [a[0] for a in actions] == ["loyalty_summary"]


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("What can this bot actually do?", "help"),
        ("um can you tell me what ive got on tomorrow", "list_agenda"),
        ("the seven p summary for contoso please", "loyalty_summary"),
    ],
)
def test_requests_in_other_words(text: str, intent: str) -> None:
    assert _intents(text) == [intent]


def test_dictated_take_back_is_a_cancel() -> None:
    assert dialogue_act("no no wait cancel that") == "cancel"


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("theyre on 07 3210 5566", "0732105566"),
        ("mob 0412 345 678", "0412345678"),
        ("call (312) 555-0142", "3125550142"),
    ],
)
def test_national_phone_numbers(text: str, digits: str) -> None:
    assert [f.value for f in find_phones(text)] == [digits]


def test_phone_is_no_count() -> None:
    assert find_phones("we sold 2025 1000 units") == []


def test_new_customer_named_before_the_request() -> None:
    actions = _parse(
        "Coffee w/ Dr. Shah at Bayside Fertility Clinic, they want 3 incubators. "
        "New account, pls add them"
    )
    assert actions[-1][0] == "create_customer"
    assert actions[-1][1]["customer"]["text"] == "Bayside Fertility Clinic"


def test_new_customer_name_after_a_dash_and_before_their_number() -> None:
    first = _parse("new customer - Cairns Vet Hospital, email is info@cairnsvet.com")
    assert first[0][1]["customer"]["text"] == "Cairns Vet Hospital"
    second = _parse("add new customer uh cairns vet hospital theyre on 07 3210 5566")
    assert second[0][1]["customer"]["text"] == "cairns vet hospital"
    assert second[0][1]["phone"] == "0732105566"


def test_fault_of_holding_a_charge() -> None:
    actions = _parse("um quick one selby the um the defib in the office wont hold a charge")
    assert actions[0][0] == "open_ticket"


def test_the_repair_of_a_ticket_closed_is_no_new_ticket() -> None:
    assert _intents("t4410 can be closed now, they signed off on the repair") == ["update_ticket"]


def test_company_subject_after_and_starts_its_own_plan() -> None:
    actions = _parse(
        "aldgate wants their cold room sensors checked theyre reading high and uh "
        "pennine need a call back monday"
    )
    assert actions[-1][0] == "schedule_followup"
    assert actions[-1][1]["customer"]["name"] == "Pennine Bakeries plc"


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("called harrow about the label printers theyre keen on two more", "label printers"),
        ("contoso - vm left re: flow meter recal", "flow meter"),
        ("uh aldgate rang the the um cold room is alarming again open a ticket", "cold room"),
    ],
)
def test_product_names_end_where_dictation_goes_on(text: str, product: str) -> None:
    assert _parse(text)[0][1]["product"] == product


def test_fault_still_there_on_our_visit_is_news_and_the_day_a_plan() -> None:
    actions = _parse(
        "okay so just left selby the uh the proving oven on line two is still drifting high "
        "they want someone back out friday morning"
    )
    assert [a[0] for a in actions] == ["log_interaction", "schedule_followup"]
    assert actions[0][1]["interaction_type"] == "visit"


def test_technician_visit_then_ticket_resolved() -> None:
    actions = _parse(
        "um finished up at harrow replaced the thermostat on the combi oven uh please mark "
        "ticket t 6120 as resolved"
    )
    assert [a[0] for a in actions] == ["log_interaction", "update_ticket"]
    assert actions[0][1]["interaction_type"] == "visit"
    assert actions[0][1]["product"] == "combi oven"


def test_filler_before_the_name_spoken_to() -> None:
    actions = _parse("called aldgate spoke to uh mick in the control room about the chillers")
    assert actions[0][1]["contact"]["text"] == "mick"


def test_how_things_stand_is_news() -> None:
    actions = _parse("Wyvern still sitting on the gripper quote.")
    assert [a[0] for a in actions] == ["log_interaction"]


def test_repair_wanted_on_a_day_dates_the_ticket() -> None:
    actions = _parse(
        "um quick one selby the chart recorder wont hold its calibration they want it "
        "looked at tomorrow if possible"
    )
    assert [a[0] for a in actions] == ["open_ticket"]
    assert actions[0][1]["when"]["value"] == "2027-03-04"


def test_chatter_naming_a_customer_records_nothing() -> None:
    assert _intents("lol the coffee machine at harrow reception is better than ours") == ["unknown"]


def test_arvo_after_the_next_stop_is_that_days_afternoon() -> None:
    actions = _parse("selby tmrw 8, then harrow arvo")
    assert actions[1][1]["when"]["start"].startswith("2027-03-04T12:00")


def test_company_dictated_by_its_people_is_an_unknown_customer() -> None:
    actions = _parse("so the westfield imaging guys called theyre not in the crm yet")
    assert actions[0][1]["customer"] == {"text": "westfield imaging", "id": None}

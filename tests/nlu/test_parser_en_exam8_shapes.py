"""Shapes read from exam8_en's failures (Latin American and Central European reps, trade-show
voice notes): the kind of a logged interaction said by an event, a "was by", a phone."""

from datetime import datetime, timedelta, timezone

from tests.nlu.parsing import MADE_UP_DIRECTORY, parsed

NOW = datetime(2026, 5, 14, 15, 0, tzinfo=timezone(timedelta(hours=-5)))


def _kinds(text: str) -> list[str]:
    return [
        slots.get("interaction_type", "")
        for intent, slots in parsed(text, MADE_UP_DIRECTORY, NOW)
        if intent == "log_interaction"
    ]


def test_met_at_a_booth_or_trade_show_is_a_meeting() -> None:
    assert _kinds("ok so booth 7 met the buyer from Wyvern interested in the grippers") == [
        "meeting"
    ]
    assert _kinds("trade show Chicago met Laura from Selby, nice chat about the ovens") == [
        "meeting"
    ]


def test_at_the_show_they_said_is_a_meeting() -> None:
    assert _kinds("so Harrow at the show they said the other vendor is cheaper, just noting") == [
        "meeting"
    ]


def test_was_by_them_is_a_visit() -> None:
    assert _kinds("I was by them in Aldgate on Monday, spoke with engineer Kowal") == ["visit"]


def test_talk_by_phone_and_calling_to_is_a_call() -> None:
    assert _kinds("yesterday I was calling to Corbridge nobody answer") == ["call"]


def _intents(text: str) -> list[str]:
    return [intent for intent, _ in parsed(text, MADE_UP_DIRECTORY, NOW)]


def test_an_opening_interjection_is_no_note() -> None:
    text = "Oh no, Harrow rang - the guillotine has jammed. Could someone go Tuesday?"
    assert _intents(text) == ["open_ticket"]


def test_what_i_have_for_today_asks_the_agenda() -> None:
    assert _intents("hola buenos dias what I have for tomorrow") == ["list_agenda"]


def test_put_it_in_agenda_orders_no_agenda_look() -> None:
    assert _intents("We have a meeting with Selby next Monday at 11. Please put it in agenda") == [
        "schedule_followup"
    ]


def test_a_ticket_number_read_with_its_dash() -> None:
    [(intent, slots)] = parsed(
        "um Selby uh Dave called the mixer is leaking again ticket T dash 4410 please reopen it",
        MADE_UP_DIRECTORY,
        NOW,
    )
    assert (intent, slots["ticket"]["number"], slots["status"]) == (
        "update_ticket",
        "T-4410",
        "reopened",
    )


def test_the_customer_x_called_with_a_fault_and_a_technician_tomorrow() -> None:
    [(intent, slots)] = parsed(
        "the customer Harrow called they have a problem with the folder it does not start "
        "they need a technician tomorrow morning",
        MADE_UP_DIRECTORY,
        NOW,
    )
    assert intent == "open_ticket"
    assert slots["when"]["start"] == "2026-05-15T08:00:00-05:00"


def test_scales_reading_off_by_are_a_fault_with_its_visit_time() -> None:
    [(intent, slots)] = parsed(
        "at Aldgate the floor scales are reading off by like two kilos they want somebody there "
        "Monday afternoon",
        MADE_UP_DIRECTORY,
        NOW,
    )
    assert intent == "open_ticket"
    assert slots["when"]["start"] == "2026-05-18T12:00:00-05:00"


def test_a_deal_won_then_its_terms_is_one_deal() -> None:
    [(intent, slots)] = parsed(
        "closed the deal with Wyvern!! 64 thousand dollars for the palletiser line, signed today",
        MADE_UP_DIRECTORY,
        NOW,
    )
    assert intent == "record_deal"
    assert slots["customer"]["name"] == "Wyvern Robotics Ltd"
    assert slots["amount"]["value"] == 64000


def test_the_sum_said_in_the_talk_before_the_signing_is_the_deals() -> None:
    actions = parsed(
        "so I was by Selby today uh meeting with Mr Odhiambo they take the ovens 20 pieces "
        "for 45 thousand euro contract is signed",
        MADE_UP_DIRECTORY,
        NOW,
    )
    assert [intent for intent, _ in actions] == ["log_interaction", "record_deal"]
    assert "amount" not in actions[0][1]
    assert actions[1][1]["amount"]["value"] == 45000


def test_a_proper_proposal_names_no_product_and_er_is_a_pause() -> None:
    actions = parsed(
        "so er just left Selby lovely people um they want a proper proposal for the mixers "
        "before the end of the month and er I'll ring Joan there on Tuesday",
        MADE_UP_DIRECTORY,
        NOW,
    )
    assert [intent for intent, _ in actions] == [
        "log_interaction",
        "schedule_followup",
        "schedule_followup",
    ]
    assert actions[0][1].get("product") != "proper"
    assert actions[2][1]["contact"]["text"] == "Joan"


def _new_name(text: str) -> str:
    [(intent, slots)] = parsed(text, MADE_UP_DIRECTORY, NOW)
    assert intent == "create_customer"
    return str(slots["customer"]["text"])


def test_new_client_please_colon_and_legal_forms_with_full_stops() -> None:
    assert _new_name("new client please: Ferreteria San Jose, Lima, contact Ana Ruiz") == (
        "Ferreteria San Jose"
    )
    assert _new_name("new customer Kowal Serwis sp. z o.o., email biuro@kowal.pl") == (
        "Kowal Serwis sp. z o.o."
    )

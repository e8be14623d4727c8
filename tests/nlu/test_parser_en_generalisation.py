"""English notes phrased away from the training data: products read where a product is expected,
contacts beside their role, tickets moved by a verb, dialogue acts said politely, short written
forms (w/, mtg, Thurs, this am), clauses cut where a new action starts (rules only, no
classifier)."""

from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from nlu.customer_index import CustomerIndex
from nlu.intents import dialogue_act, trigger_hits
from nlu.money import find_money
from nlu.slots import find_contacts, find_status
from tests.nlu.parsing import MADE_UP_DIRECTORY, parsed

DIRECTORY = MADE_UP_DIRECTORY
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 12, 7, 9, 15, tzinfo=LONDON)  # a Monday morning


def _parse(text: str, now: datetime = NOW) -> list[tuple[str, dict[str, Any]]]:
    return parsed(text, DIRECTORY, now)


def _intents(text: str) -> list[str]:
    return [intent for intent, _ in _parse(text)]


@pytest.mark.parametrize(
    ("text", "product"),
    [
        # after words that ask for a product, whatever the catalogue knows
        ("Visited Aldgate, Rajesh wants a quote for 20 label printers", "label printers"),
        ("uh wyvern is interested in a demo of the call recording module", "call recording module"),
        ("Wyvern want a trial of the smart lockers", "smart lockers"),
        ("wyvern asked about docking stations for like five hundred desks", "docking stations"),
        # what a quote, proposal or deal is about
        ("Aldgate: send revised data logger pricing tomorrow", "data logger"),
        ("Wyvern signed the digital signage deal - £58k", "digital signage"),
        ("wyvern signed the wrapper service contract twelve k", "wrapper service contract"),
        # the subject of a fault right after the customer
        ("Aldgate - the label printers keep jamming on line 2", "label printers"),
        ("Wyvern: digital signage at the Leeds store showing a black screen", "digital signage"),
        ("Thames Valley gateway keeps rebooting after the update", "gateway"),
        # a part names its device
        ("Wyvern - one monitor screen flickering", "monitor"),
    ],
)
def test_products_where_a_product_is_expected(text: str, product: str) -> None:
    assert _parse(text)[0][1].get("product") == product


@pytest.mark.parametrize(
    "text",
    [
        "Aldgate: the new site visit done, all good",  # a visit is no product
        "Wyvern - had a call with the finance team, all fine",  # no product at all
    ],
)
def test_no_product_from_a_phrase_that_names_none(text: str) -> None:
    assert "product" not in _parse(text)[0][1]


def test_a_count_before_a_named_plural_is_not_money() -> None:
    found = find_money("signed for 20 label printers, £14.5k", "en", default_currency="GBP")
    assert [(m.text, m.value) for m in found] == [("£14.5k", Decimal(14500))]
    assert find_money("a quote for 20 label printers", "en", default_currency="GBP") == []


@pytest.mark.parametrize(
    ("text", "act"),
    [
        ("yes pls", "confirm"),
        ("ok 👍", "confirm"),
        ("nah cancel", "cancel"),
        ("no no don't", "cancel"),
        ("uh undo that last one please", "undo"),
        ("yes the printers are broken", None),
        ("no rush on the quote", None),
    ],
)
def test_dialogue_acts_said_with_courtesy_words(text: str, act: str | None) -> None:
    assert dialogue_act(text) == act


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        ("Aldgate - spoke w/ the CFO Anna about the pilot", "Anna"),
        ("their cfo anna is asking about uh forklift telematics", "anna"),
        ("so wyvern uh nadia the estate manager says they're short", "nadia"),
        ("Note - Wyvern's new head of IT is Wei Ming", "Wei Ming"),
        ("Call w/ Siobhan @ Wyvern", "Siobhan"),
        ("met mister okoro he likes the tablets", "mister okoro"),
        ("create a customer called Severn Valley Farms, contact Owen Price", "Owen Price"),
        ("Meet Siobhan at Wyvern Weds 9:30", "Siobhan"),
    ],
)
def test_contacts_beside_a_role_or_after_a_short_form(text: str, contact: str) -> None:
    assert [f.text for f in find_contacts(text) if f.kind == "name"][:1] == [contact]


@pytest.mark.parametrize(
    "text",
    [
        "T-2041 in progress, engineer on site this afternoon",  # our engineer
        "Wyvern: Priya's replacement is still not named",  # someone else's
    ],
)
def test_no_customer_contact_for_our_staff_or_a_possessor(text: str) -> None:
    assert "contact" not in _parse(text)[0][1]


@pytest.mark.parametrize(
    ("text", "ticket", "status"),
    [
        ("reopen 2180, customer says the kiosk froze again", "T-2180", "reopened"),
        ("close out 2041 please", "T-2041", "closed"),
        ("close twenty forty one", "T-2041", "closed"),
        ("T-2041 - customer happy, closing", "T-2041", "closed"),
        ("T-2041 is being worked on", "T-2041", "in_progress"),
        ("T-2041 engineer is on his way", "T-2041", "in_progress"),
    ],
)
def test_tickets_moved_by_their_verb(text: str, ticket: str, status: str) -> None:
    [(intent, slots)] = _parse(text)
    assert intent == "update_ticket"
    assert (slots["ticket"]["number"], slots["status"]) == (ticket, status)


def test_a_command_verb_alone_is_a_status() -> None:
    found = find_status("pls reopen ticket 2180")
    assert found is not None and found.value == "reopened"


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("f/u w/ Wyvern re label printers Thurs", {"value": "2026-12-10", "grain": "day"}),
        ("Meet at Wyvern Weds 9:30", {"value": "2026-12-09T09:30:00+00:00", "grain": "minute"}),
        ("chase Aldgate Tues", {"value": "2026-12-08", "grain": "day"}),
        ("call Wyvern early January", {"value": "2027-01-01", "grain": "day"}),
    ],
)
def test_short_written_dates(text: str, when: dict[str, str]) -> None:
    [(intent, slots)] = _parse(text)
    assert intent == "schedule_followup"
    assert {k: v for k, v in slots["when"].items() if k != "text"} == when


def test_this_am_is_the_morning_of_today() -> None:
    [(intent, slots)] = _parse("Quick mtg w/ Aldgate ops this am, all good")
    assert intent == "log_interaction"
    assert (slots["when"]["start"], slots["when"]["end"]) == (
        "2026-12-07T08:00:00+00:00",
        "2026-12-07T12:00:00+00:00",
    )


def test_short_forms_of_trigger_words() -> None:
    assert [h.intent for h in trigger_hits("lunch w/ Tom from Wyvern")] == ["log_interaction"]
    assert [h.intent for h in trigger_hits("f/u with Wyvern")] == ["schedule_followup"]


@pytest.mark.parametrize(
    ("text", "intents"),
    [
        # a full stop ends the report before the follow-up
        (
            "Call w/ Wyvern - Anna happy with the pilot. Follow up next Mon re rollout",
            ["log_interaction", "schedule_followup"],
        ),
        # "and uh review meeting on the seventh" starts the plan
        (
            (
                "okay wyvern visit done the meter gateway is offline its urgent and uh review "
                "meeting on the ninth"
            ),
            ["log_interaction", "open_ticket", "schedule_followup"],
        ),
        # a confirmed order is a deal
        (
            "Wyvern: met Nadia, inverter order confirmed £85k. Next visit end of month",
            ["log_interaction", "record_deal", "schedule_followup"],
        ),
        # their request with a date is ours to follow up
        (
            (
                "visited wyvern director zhou says phase three is approved and he wants the "
                "contract next week"
            ),
            ["log_interaction", "schedule_followup"],
        ),
        # news, then a follow-up in words of its own, dictated without a break
        (
            "so call with wyvern anna's happy with the pilot uh follow up next monday",
            ["log_interaction", "schedule_followup"],
        ),
        # a call that only brought a fault is the ticket; one with more in it is logged
        (
            (
                "uh wyvern's olivia called first thing the pump sensors have been offline "
                "since saturday it's critical"
            ),
            ["open_ticket"],
        ),
        (
            (
                "uh wyvern called the signage at the depot keeps crashing and they want us in "
                "on wednesday"
            ),
            ["open_ticket"],  # their call, the fault and who is to come: the ticket (README)
        ),
        # going back is a plan
        ("going back to Wyvern Thursday", ["schedule_followup"]),
        # a booking, not a question about the agenda
        ("Wyvern demo booked for the 14th at 2", ["schedule_followup"]),
    ],
)
def test_clauses_cut_where_a_new_action_starts(text: str, intents: list[str]) -> None:
    assert _intents(text) == intents


def test_a_ticket_moved_after_other_news_is_an_action_of_its_own() -> None:
    frames = _parse(
        "uh aldgate the ops director is happy with the wrappers and ticket twenty one fifty "
        "can be closed"
    )
    assert len(frames) == 2
    assert frames[1][0] == "update_ticket"
    assert (frames[1][1]["ticket"]["number"], frames[1][1]["status"]) == ("T-2150", "closed")


def test_what_the_rep_said_is_a_promise_not_a_report() -> None:
    frames = _parse("met Tom at Wyvern, he wants seats and i said id send a quote on friday")
    assert [intent for intent, _ in frames] == ["log_interaction", "schedule_followup"]
    assert frames[1][1]["when"]["value"] == "2026-12-11"


def test_a_ticket_moved_in_a_note_about_a_customer_is_theirs() -> None:
    frames = _parse("Aldgate: spoke to ops director, happy w/ wrappers. T-2150 can be closed")
    assert frames[-1][0] == "update_ticket"
    assert frames[-1][1]["customer"]["name"] == "Aldgate Cold Storage Ltd"


def test_a_bare_weekday_in_a_signed_deal_is_the_one_gone() -> None:
    [(intent, slots)] = _parse("Wyvern signed Friday! £20k for the arms")
    assert intent == "record_deal"
    assert slots["when"]["value"] == "2026-12-04"


def test_an_agenda_question_is_dated_by_what_it_asks_about() -> None:
    saturday = datetime(2027, 2, 27, 10, 0, tzinfo=LONDON)
    [(intent, slots)] = _parse(
        "prepping on a Saturday — show me everything booked for next week", saturday
    )
    assert intent == "list_agenda"
    assert slots["when"] == {"text": "next week", "value": "2027-03-01", "grain": "week"}


@pytest.mark.parametrize(("typo", "name"), [("contosso", "Contoso Pharmaceuticals")])
def test_a_typo_that_adds_a_letter_finds_the_customer(typo: str, name: str) -> None:
    index = CustomerIndex.build(DIRECTORY)
    found = index.find(f"um {typo} the qa head wants more data")
    assert [(m.text, m.best.name) for m in found] == [(typo, name)]

"""English product precision: no product read from what is asked, sent or planned about a
customer (tickets, invoices, a timeline, a schedule), from time words or question words, nor
from words of a company's name (rules only, no classifier)."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from nlu.parsing.products import cued_products
from tests.nlu.parsing import MADE_UP_DIRECTORY, parsed

DIRECTORY = MADE_UP_DIRECTORY
NOW = datetime(2026, 12, 7, 9, 15, tzinfo=ZoneInfo("Europe/London"))


def _parse(text: str) -> list[tuple[str, dict[str, Any]]]:
    return parsed(text, DIRECTORY, NOW)


@pytest.mark.parametrize(
    "text",
    [
        "Aldgate - any open tickets?",
        "Wyvern - any overdue invoices?",
        "Aldgate - anything overdue on their account?",
        "Wyvern - last order?",
        "call Wyvern Monday about the tender timeline",
        "emailed Aldgate re: the holiday schedule",
        "Aldgate emailed asking for a price list",
        "T-4413 waiting on spare parts",  # parts for a repair are no product sold
        "T-4413 parts arrived, fitting today",
        "Dropped off samples at Aldgate",
        "remind me end of next month to chase Wyvern's renewal",  # no "s" before "renewal"
    ],
)
def test_no_product_from_what_is_asked_about_a_customer(text: str) -> None:
    assert all("product" not in slots for _, slots in _parse(text))


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("Aldgate - the label printers keep jamming", "label printers"),
        ("Wyvern wants a quote for the docking stations", "docking stations"),
    ],
)
def test_products_still_read_where_expected(text: str, product: str) -> None:
    assert _parse(text)[0][1].get("product") == product


@pytest.mark.parametrize(
    "text", ["Aldgate - had a call, they'll order 40 POS terminals", "chase Wyvern's renewal"]
)
def test_a_clitic_before_an_order_names_no_product(text: str) -> None:
    assert cued_products(text, customers=[], blocked=[]) == []


@pytest.mark.parametrize(
    "text",
    [
        "qinghe foods signed three hundred fifty thousand yuan",
        "Borui Medical renewal: 3 years, ¥120,000, signed today",
        "met a new prospect at the expo - Jurong Foods, contact Kenneth Ng",
    ],
)
def test_no_product_from_a_company_name(text: str) -> None:
    assert all("product" not in slots for _, slots in _parse(text))


def test_a_plan_beside_a_report_carries_no_product() -> None:
    actions = _parse(
        "uh wyvern called the gateway is down and remind me to chase their monitors quote friday"
    )
    assert [(intent, slots.get("product")) for intent, slots in actions] == [
        ("log_interaction", None),
        ("open_ticket", "gateway"),
        ("schedule_followup", None),
    ]


def test_a_plan_on_its_own_keeps_its_product() -> None:
    text = "Wyvern wants a demo of the docking stations next Thursday"
    assert _parse(text)[0][1].get("product") == "docking stations"


@pytest.mark.parametrize(
    ("text", "product"),
    [
        # the words naming a catalogue noun are the product's name
        ("Aldgate: the bed monitors are not syncing with the nurse station", "bed monitors"),
        ("Wyvern renewed the collaboration platform, £90,000", "collaboration platform"),
        # but not a ward, a region, a count or a modal verb before it
        ("Aldgate - two ICU monitors show error E203 at boot", "monitors"),
        ("Wyvern signed for eighty tablets", "tablets"),
    ],
)
def test_a_named_catalogue_noun(text: str, product: str) -> None:
    assert _parse(text)[0][1].get("product") == product


@pytest.mark.parametrize(
    ("text", "product"),
    [
        # a product's name ends before what it does, where it is, or what is said about it
        (
            "Aldgate: the ultrasound workstation throws error 204 when exporting",
            "ultrasound workstation",
        ),
        (
            "Aldgate - patient wristband printer out of action on ward 4",
            "patient wristband printer",
        ),
        ("Wyvern wants to see the nursing seats roadmap", "nursing seats"),
        ("open a ticket for Aldgate - sensor data gaps overnight", "sensor"),
    ],
)
def test_a_product_name_trimmed(text: str, product: str) -> None:
    assert _parse(text)[0][1].get("product") == product


def test_no_product_from_a_time_word_after_a_question() -> None:
    assert "product" not in _parse("Wyvern - any open tickets right now?")[0][1]


@pytest.mark.parametrize(
    ("text", "product"),
    [
        # a channel the talk was on is no product ("Teams", "Zoom"), nor production lines
        (
            "Wyvern - Teams mtg w/ Tom, they asked about docking stations for 500 desks",
            "docking stations",
        ),
        ("Aldgate visit, they want to talk about adding two more lines", None),
    ],
)
def test_no_product_from_a_channel_or_a_line(text: str, product: str | None) -> None:
    assert _parse(text)[0][1].get("product") == product


@pytest.mark.parametrize(
    ("text", "product"),
    [
        # no verb, time of year or "old" before the name; what is said about it comes off
        ("Aldgate reports badge printer producing smudged cards", "badge printer"),
        ("Wyvern: end of term smart board check, book engineers for 20 July", "smart board"),
        ("Aldgate gateway ticket T-3405: vendor patch applied, monitoring", "gateway"),
        ("Wyvern says the sensor samples passed so they will order 500 units", "sensor"),
        ("Aldgate - the safety manager says the old alarms are failing", "alarms"),
    ],
)
def test_a_product_name_without_its_surroundings(text: str, product: str) -> None:
    assert _parse(text)[0][1].get("product") == product


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("Wyvern signed the barcode upgrade, £14k", "barcode upgrade"),  # what they buy
        ("Aldgate wants the forklift pricing by Friday", "forklift"),  # about the forklift
        ("Ring Aldgate on the 5th about the meter rollout", None),  # a rollout names none
    ],
)
def test_what_an_upgrade_pricing_or_rollout_is_of(text: str, product: str | None) -> None:
    assert _parse(text)[0][1].get("product") == product


@pytest.mark.parametrize(
    "text",
    [
        "uh close ticket 3102 the customer replaced the unit themselves",
        "Aldgate: the system is down again",
        "Wyvern wants another hundred units",
    ],
)
def test_a_bare_generic_word_names_no_product(text: str) -> None:
    assert all("product" not in slots for _, slots in _parse(text))


def test_a_named_product_beside_a_generic_word() -> None:
    assert _parse("Aldgate: the label printers are down again")[0][1].get("product") == (
        "label printers"
    )


def test_a_catalogue_word_after_a_modal_is_a_verb() -> None:
    text = "T-1170 customer says its back to normal, will monitor for 2 days then close"
    assert all("product" not in slots for _, slots in _parse(text))


@pytest.mark.parametrize(
    "text",
    [
        "Wyvern: timetable sync failing for two days",  # a feature's fault, no product named
        "Aldgate - logger alerts spamming the ops inbox, can someone look tmrw",
    ],
)
def test_no_product_from_a_sync_or_alerts(text: str) -> None:
    assert all("product" not in slots for _, slots in _parse(text))

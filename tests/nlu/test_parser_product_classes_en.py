"""English products from vocabularies nobody listed (rules only): the head nouns of equipment,
software and service classes, a brand and model before them (a number after a capitalised
name is the model, a number before is a count), where a name stops (a trade verb before it, a
remark, an adverb or a multiplier after it), a counted unit on or for a product, and nouns of the
calendar or of site works that are no product."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from nlu.products_en import is_company_plc
from tests.nlu.parsing import MADE_UP_DIRECTORY, parsed

DIRECTORY = MADE_UP_DIRECTORY
NOW = datetime(2027, 6, 9, 10, 30, tzinfo=ZoneInfo("Europe/London"))


def _first(text: str) -> tuple[str, dict[str, object]]:
    return parsed(text, DIRECTORY, NOW)[0]


@pytest.mark.parametrize(
    ("text", "product"),
    [
        # class heads nobody listed for this writer
        ("Aldgate ordered 6 Electrolux dishwashers for the canteen", "Electrolux dishwashers"),
        ("Wyvern want a quote for 3 Atlas Copco compressors", "Atlas Copco compressors"),
        ("Aldgate signed for a third palletising robot, £70k", "palletising robot"),
        # brand, model and kind; the count before them is no part of the name
        ("Aldgate PO for 40 HP EliteDesk 800 desktops, £30k", "HP EliteDesk 800 desktops"),
        ("Wyvern want to trial 12 handheld scanners", "handheld scanners"),
        # a trade verb before the name, a remark, an adverb or a multiplier after it
        ("Aldgate replacing Foster fridges in the staff canteen", "Foster fridges"),
        ("Wyvern want pricing on the fleet tracking add-on ideally", "fleet tracking add-on"),
        ("Aldgate keen on the cold store door heaters tbh", "cold store door heaters"),
        ("Aldgate signed - blast freezers x3, £60k", "blast freezers"),
        ("chase Wyvern Friday re the high speed labellers quote", "high speed labellers"),
        # a counted unit on or for a product names the product
        (
            "Wyvern want 30 more licences for the maintenance scheduling module",
            "maintenance scheduling module",
        ),
        ("Aldgate added 15 seats on the route planner app", "route planner app"),
        # a controller after a lowercase word; a machine alone said to fail after the customer
        ("Wyvern rang, the allen bradley plc on cell 3 keeps faulting", "allen bradley plc"),
        ("Aldgate: homogeniser down since 6am", "homogeniser"),
    ],
)
def test_product_named_by_its_class(text: str, product: str) -> None:
    assert _first(text)[1].get("product") == product


@pytest.mark.parametrize(
    "text",
    [
        "Wyvern want the install dates moved, call them Monday",
        "Aldgate: the warehouse refit has slipped to September, nothing to do yet",
    ],
)
def test_calendar_and_site_works_are_no_product(text: str) -> None:
    assert all("product" not in slots for _, slots in parsed(text, DIRECTORY, NOW))


def test_count_before_a_brand_and_model_is_no_amount() -> None:
    _, slots = _first("Wyvern want a quote for 20 Honeywell CT45 handhelds")
    assert "amount" not in slots
    assert slots.get("product") == "Honeywell CT45 handhelds"


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("Aldgate rang, the hydraulic unit on dock 2 is losing pressure", "hydraulic unit"),
        ("Wyvern - the incubator in the lab has drifted to 39C", "incubator"),
    ],
)
def test_device_losing_pressure_or_drifted_is_a_fault(text: str, product: str) -> None:
    intent, slots = _first(text)
    assert intent == "open_ticket"
    assert slots.get("product") == product


def test_plc_ends_a_company_name_only_after_a_capitalised_word() -> None:
    text = "Brightwater Utilities plc renewed; the siemens plc is fine"
    assert is_company_plc(text, text.index("plc"))
    assert not is_company_plc(text, text.rindex("plc"))

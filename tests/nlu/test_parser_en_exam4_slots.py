"""Slot shapes a fourth new English writer (Indian, Malaysian, UK and US reps) used that the
parser misread, as new sentences on the made-up directory (rules only): companies the directory
lacks named by their trade, Indian digit grouping and a dash before a sum, a ticket's leading
zero, times and sums corrected in dictation, "next to next week", "four <weekday>", a time that
names a thing, products after counts, sums and possessives, a contact introduced by full name."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from tests.nlu.parsing import MADE_UP_DIRECTORY, parsed

KOLKATA = ZoneInfo("Asia/Kolkata")
LONDON = ZoneInfo("Europe/London")
CHICAGO = ZoneInfo("America/Chicago")
NOW_IN = datetime(2026, 11, 10, 17, 0, tzinfo=KOLKATA)  # a Tuesday
NOW_UK = datetime(2026, 12, 9, 11, 0, tzinfo=LONDON)  # a Wednesday
NOW_US = datetime(2026, 11, 26, 15, 0, tzinfo=CHICAGO)  # a Thursday


def _parse(text: str, now: datetime) -> list[tuple[str, dict[str, Any]]]:
    return parsed(text, MADE_UP_DIRECTORY, now)


def _slots(text: str, now: datetime, index: int = 0) -> dict[str, Any]:
    return _parse(text, now)[index][1]


def test_a_company_the_directory_lacks_is_known_by_its_trade_word() -> None:
    slots = _slots("Spoke on the phone with Mr. Rao of Godavari Rice Mills today.", NOW_IN)
    assert slots["customer"] == {"text": "Godavari Rice Mills", "id": None}
    assert slots["contact"] == {"text": "Mr. Rao"}


def test_a_new_company_named_first_is_no_product() -> None:
    intent, slots = _parse("Kaveri Cement order finalised at ₹36,40,000, PO received.", NOW_IN)[0]
    assert intent == "record_deal"
    assert slots["customer"] == {"text": "Kaveri Cement", "id": None}
    assert slots["amount"]["value"] == 3640000
    assert "product" not in slots


def test_a_persons_surname_that_is_a_trade_word_is_still_a_person() -> None:
    slots = _slots("New customer: Ashby Dental Clinic, practice manager Laura Mills.", NOW_UK)
    assert slots["contact"] == {"text": "Laura Mills"}


def test_a_dictated_company_after_a_visit_is_read_in_lower_case() -> None:
    slots = _slots("visited tapti textiles vapi unit today met Mr Shah", NOW_IN)
    assert slots["customer"] == {"text": "tapti textiles", "id": None}


def test_indian_digit_grouping_and_a_dash_before_the_sum() -> None:
    slots = _slots("Wyvern PO signed for Rs. 2,45,000, please record.", NOW_IN)
    assert slots["amount"]["value"] == 245000
    slots = _slots("Order from Harrow confirmed — 4.5 lakh INR for 300 toner cartridges", NOW_IN)
    assert slots["amount"] == {"text": "4.5 lakh INR", "currency": "INR", "value": 450000}


def test_a_ticket_keeps_its_leading_zero() -> None:
    assert _slots("Pls close T-0371, engineer confirmed ok", NOW_IN)["ticket"] == {
        "number": "T-0371"
    }


def test_a_clock_time_corrected_in_dictation() -> None:
    slots = _slots("remind me to ring wyvern tomorrow at 9 am no wait make that ten", NOW_US)
    assert slots["when"]["value"] == "2026-11-27T10:00:00-06:00"


def test_a_sum_corrected_in_dictation() -> None:
    slots = _slots(
        "record a deal harrow signed the print fleet renewal for thirty thousand dollars "
        "no wait thirty two thousand",
        NOW_US,
    )
    assert slots["amount"]["value"] == 32000


def test_next_to_next_week_is_the_week_after_next() -> None:
    slots = _slots("plan a visit to wyvern next to next week about the service contract", NOW_IN)
    assert slots["when"] == {"text": "next to next week", "value": "2026-11-23", "grain": "week"}


def test_four_before_a_weekday_is_for() -> None:
    slots = _slots("reminder four friday ring selby about the new bread rolls", NOW_UK)
    assert slots["when"]["value"] == "2026-12-11"


def test_a_time_that_names_a_thing_gives_way_to_the_actions_time() -> None:
    slots = _slots("Chase the January price list with Selby on Monday the 14th.", NOW_UK)
    assert slots["when"]["value"] == "2026-12-14"
    slots = _slots(
        "Pennine have booked me in for their Christmas menu tasting, 17th at 14:30.", NOW_UK
    )
    assert slots["when"]["value"] == "2026-12-17T14:30:00+00:00"


def test_products_after_a_sum_and_a_possessive() -> None:
    slots = _slots("Aldgate PO received, £84k for blast chiller upgrades.", NOW_UK)
    assert slots["product"] == "blast chiller upgrades"
    slots = _slots("Please raise a ticket for Wyvern's torque tester, high priority.", NOW_UK)
    assert slots["product"] == "torque tester"
    slots = _slots("log a ticket, aldgate's walk in chiller isnt holding temperature", NOW_UK)
    assert slots["product"] == "walk in chiller"


def test_a_contact_introduced_by_full_name() -> None:
    slots = _slots("Selby - new contact for orders is Megan Price, note it pls", NOW_UK)
    assert slots["contact"] == {"text": "Megan Price"}


def test_a_quarter_over_is_next_years_for_a_plan_and_this_years_asked_in_the_past() -> None:
    slots = _slots("follow up with selby in Q1 about the bread contract", NOW_UK)
    assert slots["when"]["value"].startswith("2027-01-01")
    slots = _slots("how much did selby spend in Q1?", NOW_UK)
    assert slots["when"]["value"].startswith("2026-01-01")


def test_seats_on_a_plan_name_the_plan() -> None:
    slots = _slots("Harrow signed for 15 more seats on the fleet tracking plan, £9,000.", NOW_UK)
    assert slots["product"] == "fleet tracking plan"


def test_contact_no_is_a_number_not_a_person() -> None:
    intent, slots = _parse(
        "Please create customer Dunmore Catering, contact no 07700 900123", NOW_UK
    )[0]
    assert intent == "create_customer"
    assert "contact" not in slots

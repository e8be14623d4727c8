"""Typed Telegram shorthand from new writers: inline numbered lists, arrows, "+" between
customers, "@ 3", short day names after a plan word, "ticket pls", "since <time>" (rules only)."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from tests.nlu.parsing import MADE_UP_DIRECTORY, parsed

DIRECTORY = MADE_UP_DIRECTORY
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2027, 2, 16, 11, 5, tzinfo=LONDON)  # a Tuesday


def _parse(text: str) -> list[tuple[str, dict[str, Any]]]:
    return parsed(text, DIRECTORY, NOW)


def _intents(text: str) -> list[str]:
    return [intent for intent, _ in _parse(text)]


def _customer(slots: dict[str, Any]) -> str | None:
    name = slots.get("customer", {}).get("name")
    return str(name) if name is not None else None


def test_inline_numbered_items_are_actions_of_their_own() -> None:
    actions = _parse(
        "1) rang Wyvern re the arm controllers 2) f/u Aldgate on Fri 3) bump T-5120 to low"
    )
    assert [intent for intent, _ in actions] == [
        "log_interaction",
        "schedule_followup",
        "update_ticket",
    ]
    assert actions[1][1]["when"]["value"] == "2027-02-19"
    assert _customer(actions[1][1]) == "Aldgate Cold Storage Ltd"


def test_an_item_number_is_no_time_nor_amount() -> None:
    actions = _parse("Today: 1) Corbridge signed for 12 chairs, £30k 2) pull up Wyvern's tickets")
    assert [intent for intent, _ in actions] == ["record_deal", "query_customer"]
    assert actions[0][1]["amount"]["value"] == 30000
    assert "amount" not in actions[1][1]


def test_an_arrow_leads_to_the_next_action_but_not_a_ticket_state() -> None:
    assert _intents("saw Priya @ Corbridge, all sorted -> send the invoice Thurs") == [
        "log_interaction",
        "schedule_followup",
    ]
    actions = _parse("T-5001 -> closed, T-5002 -> in progress")
    assert [slots.get("status") for _, slots in actions] == ["closed", "in_progress"]


def test_a_plus_between_customers_is_one_plan_each() -> None:
    actions = _parse("Wyvern + Aldgate both want a call Thurs")
    assert [_customer(slots) for _, slots in actions] == [
        "Wyvern Robotics Ltd",
        "Aldgate Cold Storage Ltd",
    ]


def test_at_sign_before_an_hour_and_an_emoji_after_it() -> None:
    ((intent, slots),) = _parse("ring Sam @ Wyvern tmrw @ 4 🙏")
    assert intent == "schedule_followup"
    assert slots["when"]["value"] == "2027-02-17T16:00:00+00:00"


def test_a_short_day_after_a_plan_word_is_a_day() -> None:
    actions = _parse("Aldgate - freezer door seal torn, raise ticket + visit sat")
    assert [intent for intent, _ in actions] == ["open_ticket", "schedule_followup"]
    assert actions[1][1]["when"]["value"] == "2027-02-20"


def test_ticket_pls_asks_for_a_new_ticket_when_the_fault_is_back() -> None:
    assert _intents("Corbridge rang, x-ray sensor failing again, ticket pls") == ["open_ticket"]


def test_send_someone_dates_the_ticket_and_since_does_not() -> None:
    ((intent, slots),) = _parse("Aldgate - blast chiller offline since 5am, pls send someone Thurs")
    assert intent == "open_ticket"
    assert slots["when"]["value"] == "2027-02-18"


def test_a_fault_line_that_makes_a_noise_is_its_own_ticket() -> None:
    actions = _parse("Wyvern cell 1 - gripper arm jammed\nWyvern cell 4 - conveyor making a noise")
    assert [intent for intent, _ in actions] == ["open_ticket", "open_ticket"]


def test_a_forwarded_notes_sender_is_no_contact() -> None:
    ((intent, slots),) = _parse("Fwd from Ben: Corbridge signed for 6 dental chairs, £48k")
    assert intent == "record_deal"
    assert "contact" not in slots
    ((_, kept),) = _parse("Fwd from Wyvern: they want a call Fri")
    assert _customer(kept) == "Wyvern Robotics Ltd"


def test_a_device_down_at_the_end_of_a_typed_line_is_a_fault() -> None:
    ((intent, slots),) = _parse("Aldgate - blast freezer down, pls send someone Fri")
    assert intent == "open_ticket"
    assert slots["when"]["value"] == "2027-02-19"


def test_summaries_quote_the_note_as_written_not_as_the_rules_read_it() -> None:
    actions = _parse("Fwd from Raj: 1) call Wyvern tmrw @ 3 2) f/u Aldgate on Fri")
    summaries = [slots["summary"] for _, slots in actions]
    assert "@ 3" in summaries[0]
    assert all(";" not in summary for summary in summaries)

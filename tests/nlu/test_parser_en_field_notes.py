"""Field-service and account-manager notes in Commonwealth English: "revert" is a reply to
send, "arrange visit on 12th" and "next step:" name the plan, "back Thurs to fit" is a return
visit (its own plan even after a ticket), a fault with parts on the way is a ticket even when
"still" failing, "next wk" is a week, "keen on" / "ok with" report news, and a name written
right after the customer's is the contact."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from nlu.customer_index import DirectoryEntry
from tests.nlu.parsing import MADE_UP_DIRECTORY, parsed

DIRECTORY = [*MADE_UP_DIRECTORY, DirectoryEntry(90, "Merlion Freight Pte Ltd", ("Merlion",))]
NOW = datetime(2027, 3, 3, 11, 0, tzinfo=ZoneInfo("Asia/Singapore"))  # a Wednesday


def _parse(text: str) -> list[tuple[str, dict[str, Any]]]:
    return parsed(text, DIRECTORY, NOW)


def _intents(text: str) -> list[str]:
    return [intent for intent, _ in _parse(text)]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Merlion ops manager emailed re the invoice, will revert by Thurs", "2027-03-04"),
        ("Spoke to Wyvern about the spares list, need to revert to them Fri", "2027-03-05"),
    ],
)
def test_revert_is_a_reply_to_send(text: str, day: str) -> None:
    actions = _parse(text)
    assert [intent for intent, _ in actions] == ["log_interaction", "schedule_followup"]
    assert actions[1][1]["when"]["value"] == day


def test_arrange_a_visit_on_a_bare_ordinal_day() -> None:
    actions = _parse("Called Aldgate, chiller logs look odd, kindly arrange visit on 9th")
    assert actions[-1][0] == "schedule_followup"
    assert actions[-1][1]["when"]["value"] == "2027-03-09"


def test_next_step_names_the_plan() -> None:
    actions = _parse("Wyvern happy w/ the trial. Next step: pricing by EOM")
    assert [intent for intent, _ in actions] == ["log_interaction", "schedule_followup"]
    assert actions[1][1]["when"]["value"] == "2027-03-31"


@pytest.mark.parametrize(
    ("text", "intents", "day"),
    [
        (
            "Went to Merlion hub, 3 scanners throwing E12, parts on order, back Tues to fit",
            ["log_interaction", "open_ticket", "schedule_followup"],
            "2027-03-09",
        ),
        (
            "Aldgate T-3310 blast chiller still not cooling, spares coming, back on site Mon",
            ["update_ticket", "schedule_followup"],
            "2027-03-08",
        ),
    ],
)
def test_back_with_a_time_is_a_return_visit(text: str, intents: list[str], day: str) -> None:
    actions = _parse(text)
    assert [intent for intent, _ in actions] == intents
    assert actions[-1][1]["when"]["value"] == day


def test_a_return_already_made_is_no_plan() -> None:
    assert "schedule_followup" not in _intents("Wyvern called back on Monday about the robot arm")


def test_a_fault_still_there_with_parts_on_order_is_a_ticket() -> None:
    intents = _intents("Visit done at Merlion, label printers still jamming, parts on order")
    assert intents == ["log_interaction", "open_ticket"]


def test_a_known_fault_still_there_without_a_repair_is_news() -> None:
    assert _intents("Video call w/ the Wyvern ops lead, two arms still faulty") == [
        "log_interaction"
    ]


def test_next_wk_is_next_week() -> None:
    [(intent, slots)] = _parse("Aldgate - f/u next wk re the racking quote")
    assert intent == "schedule_followup"
    assert slots["when"] == {"text": "next wk", "value": "2027-03-08", "grain": "week"}


@pytest.mark.parametrize(
    "text",
    [
        "Wyvern MD keen on the second cell. Chase Fri",
        "Merlion CFO ok w/ the renewal terms. Chase Fri",
    ],
)
def test_keen_on_and_ok_with_are_news(text: str) -> None:
    assert _intents(text) == ["log_interaction", "schedule_followup"]


def test_a_name_right_after_the_customer_is_the_contact() -> None:
    [(intent, slots)] = _parse("Wyvern Priya emailed re the spares list")
    assert intent == "log_interaction"
    assert slots["contact"]["text"] == "Priya"


@pytest.mark.parametrize(
    "text",
    [
        "Merlion hub visit done, scanners all fine now, T-4120 can close. Chase Fri re renewal",
        "Wyvern ops lead on WhatsApp, arm back up, T-4121 resolved. Ping him next wk",
    ],
)
def test_a_visit_or_chat_reported_before_a_ticket_update_is_logged(text: str) -> None:
    assert _intents(text) == ["log_interaction", "update_ticket", "schedule_followup"]


def test_a_site_walk_done_is_news_and_back_with_parts_a_return() -> None:
    actions = _parse(
        "Aldgate site walk done w/ the FM, 2 chillers misreading, back with new probes Tues"
    )
    assert [intent for intent, _ in actions] == [
        "log_interaction",
        "open_ticket",
        "schedule_followup",
    ]
    assert actions[2][1]["when"]["value"] == "2027-03-09"

"""Faults told in English: British and Singapore shapes of a broken thing, a fault still there
during a logged talk that is a ticket once a repair is asked for, and fault words said of sales
figures, deals or splits that open no ticket (rules only, no classifier)."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.nlu.parsing import MADE_UP_DIRECTORY, parsed

DIRECTORY = MADE_UP_DIRECTORY
NOW = datetime(2027, 3, 9, 10, 20, tzinfo=ZoneInfo("Europe/London"))  # a Tuesday


def _intents(text: str) -> list[str]:
    return [intent for intent, _ in _parse(text)]


def _parse(text: str) -> list[tuple[str, dict[str, Any]]]:
    return parsed(text, DIRECTORY, NOW)


@pytest.mark.parametrize(
    "text",
    [
        "Aldgate rang, the blast freezer controller is knackered",
        "wyvern the pick station is out of order since this morning",
        "merlion dental the x-ray sensor spoilt already",
        "merlion dental say the intraoral camera cannot on",
        "Aldgate: the freezer probes are all over the place overnight",
        "aldgate the door sensors not working again",
        "Wyvern phoned, the palletiser is still down",
    ],
)
def test_fault_shapes_open_a_ticket(text: str) -> None:
    assert _intents(text) == ["open_ticket"]


@pytest.mark.parametrize(
    "text",
    [
        "visited Aldgate, the freezer alarm is still faulty, can we send an engineer",
        "call with Wyvern, the sorter is still jamming, they need someone out to look at it",
        "met the ops lead at Aldgate, the dock scanner is still offline and needs fixing",
    ],
)
def test_fault_still_there_with_a_repair_asked_is_a_ticket(text: str) -> None:
    assert _intents(text) == ["log_interaction", "open_ticket"]


@pytest.mark.parametrize(
    "text",
    [
        "call with Wyvern, sales are down this year so the robot order is on hold",
        "met the Aldgate buyer, the spend is broken down by depot now",
        "visited Merlion Dental, the deal is dead, they went with a rival",
    ],
)
def test_business_words_open_no_ticket(text: str) -> None:
    assert _intents(text) == ["log_interaction"]


def test_spoke_to_is_a_call() -> None:
    [(intent, slots)] = _parse("spoke to the finance lead at Wyvern about the renewal")
    assert (intent, slots["interaction_type"]) == ("log_interaction", "call")


def test_fault_told_as_over_after_a_talk_is_news() -> None:
    text = "talked to Wyvern, the conveyor that was failing has been fine since the new belt"
    assert _intents(text) == ["log_interaction"]

"""English as new, independent writers put it: a contact or day taken back by name in dictation
("met Priya sorry not Priya it was Tom Reeve"), a deal word read whole when its amount follows
after "!!" ("PO received!! MYR 310k"), … (rules only, against the shared made-up directory)."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from nlu.voice_en import heard_as_typed
from tests.nlu.parsing import MADE_UP_DIRECTORY, parsed

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 12, 7, 9, 15, tzinfo=LONDON)  # a Monday morning


def _parse(text: str, now: datetime = NOW) -> list[tuple[str, dict[str, Any]]]:
    return parsed(text, MADE_UP_DIRECTORY, now)


def test_a_contact_taken_back_by_name_is_replaced() -> None:
    actions = _parse("met Priya at Selby sorry not Priya it was Tom Reeve the new buyer")
    assert [intent for intent, _ in actions] == ["log_interaction"]
    slots = actions[0][1]
    assert slots["contact"]["text"] == "Tom Reeve"
    assert slots["customer"]["name"] == "Selby Bakeries plc"


def test_the_words_between_stay_when_a_name_is_taken_back() -> None:
    heard = heard_as_typed("met Priya at Selby sorry not Priya it was Tom")
    assert "Priya" not in heard and "at Selby" in heard and heard.endswith("Tom")
    assert len(heard) == len("met Priya at Selby sorry not Priya it was Tom")


def test_a_refusal_is_no_correction() -> None:
    assert heard_as_typed("they said no not yet") == "they said no not yet"


def test_a_deal_word_then_its_amount_after_exclamation_marks_is_the_deal() -> None:
    actions = _parse("Wyvern PO received!! £310k for the robot arms")
    assert [intent for intent, _ in actions] == ["record_deal"]
    assert actions[0][1]["amount"]["value"] == 310000

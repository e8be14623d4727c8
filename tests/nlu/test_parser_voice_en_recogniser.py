"""What a phone's speech recogniser writes when an English rep dictates while driving: spoken
punctuation, corrections left in, small numbers heard as "to" / "for", ticket numbers read digit
by digit, clock times half in digits, "their" for "they're", a full stop after the customer's
name alone, a run-on with no separator before the next command, and a misheard customer name
followed by a time (rules only)."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from nlu.customer_index import DirectoryEntry
from nlu.voice_en import heard_as_typed, spoken_punctuation, spoken_repairs
from tests.nlu.parsing import parsed

DIRECTORY = [
    DirectoryEntry(1, "Wexford Bakeries Ltd", ("Wexford",)),
    DirectoryEntry(2, "Coldharbour & Lyle Ltd", ()),
    DirectoryEntry(3, "Stanmore Clinics Group", ("Stanmore",)),
]
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2027, 3, 9, 8, 45, tzinfo=LONDON)  # a Tuesday morning


def _parse(text: str) -> list[tuple[str, dict[str, Any]]]:
    return parsed(text, DIRECTORY, NOW)


def _intents(text: str) -> list[str]:
    return [intent for intent, _ in _parse(text)]


def _when(slots: dict[str, Any]) -> str | None:
    when = slots.get("when")
    return None if when is None else when.get("value") or when.get("start")


def test_spoken_punctuation_becomes_the_mark_in_place() -> None:
    said = "saw the buyer comma all fine full stop ring them monday"
    typed = spoken_punctuation(said)
    assert len(typed) == len(said)
    assert typed.split() == ["saw", "the", "buyer,", "all", "fine.", "ring", "them", "monday"]
    # a noun keeps its word: a trial period, the new line in a factory
    assert spoken_punctuation("the trial period ends soon") == "the trial period ends soon"
    assert spoken_punctuation("ovens on the new line trip") == "ovens on the new line trip"
    assert spoken_punctuation("sign before period end") == "sign before period end"
    assert spoken_punctuation("add new line items") == "add new line items"


def test_a_full_stop_said_aloud_separates_two_actions() -> None:
    actions = _parse(
        "wexford bakeries renewed the oven service plan eighty k full stop send the invoice friday"
    )
    assert [intent for intent, _ in actions] == ["record_deal", "schedule_followup"]
    assert _when(actions[1][1]) == "2027-03-12"


def test_words_taken_back_are_dropped() -> None:
    assert spoken_repairs("email bob i mean rob at stanmore").split() == [
        "email",
        "rob",
        "at",
        "stanmore",
    ]
    assert spoken_repairs("the router no the firewall is down").split() == [
        "the",
        "firewall",
        "is",
        "down",
    ]
    # a "no" that is someone's answer takes nothing back
    said = "the buyer said no the price is too high"
    assert spoken_repairs(said) == said


def test_a_corrected_name_and_figure_are_the_second_ones() -> None:
    (_, plan), *_ = _parse("ring dan i mean daniel at stanmore on thursday")
    assert plan["contact"]["text"] == "daniel"
    (_, deal), *_ = _parse("coldharbour and lyle signed thirty k no sorry thirty two k")
    assert deal["amount"]["value"] == 32000


def test_numbers_heard_as_to_and_for() -> None:
    (_, plan), *_ = _parse("meet wexford on friday at for")
    assert _when(plan) == "2027-03-12T16:00:00+00:00"
    (_, plan), *_ = _parse("call stanmore tomorrow at to thirty")
    assert _when(plan) == "2027-03-10T14:30:00+00:00"
    assert heard_as_typed("a quote for to hundred units").split()[3:5] == ["2", "hundred"]


def test_a_ticket_number_read_digit_by_digit() -> None:
    (_, update), *_ = _parse("stanmore ticket for three to one the scanner works now close it")
    assert update["ticket"]["number"] == "T-4321"
    (_, update), *_ = _parse("t 5 0 7 7 can be resolved")
    assert update["ticket"]["number"] == "T-5077"


def test_their_for_theyre_before_a_doing() -> None:
    assert _intents("wexford their having trouble with the proving cabinets") == ["open_ticket"]
    assert heard_as_typed("went over there not long ago") == "went over there not long ago"


def test_a_full_stop_after_the_name_alone_heads_the_note() -> None:
    assert _intents("Stanmore Clinics. Called. They Want A Demo Next Week.") == [
        "log_interaction",
        "schedule_followup",
    ]


def test_a_pause_before_a_command_ends_the_sentence() -> None:
    assert _intents("wexford want pricing for six more ovens uh email them on thursday") == [
        "log_interaction",
        "schedule_followup",
    ]


def test_a_ticket_asked_for_after_the_fault_is_that_ticket() -> None:
    actions = _parse("stanmore the autoclave is leaking again. please raise a ticket")
    assert [intent for intent, _ in actions] == ["open_ticket"]


def test_a_misheard_name_leaves_the_time_after_it() -> None:
    (_, plan), *_ = _parse("visit coldharbor and lyle tomorrow at ten")
    assert plan["customer"]["id"] == 2
    assert _when(plan) == "2027-03-10T10:00:00+00:00"


def test_a_hundred_said_without_its_one() -> None:
    (_, deal), *_ = _parse("wexford signed the chiller contract hundred and forty k")
    assert deal["amount"]["value"] == 140000


def test_a_clock_time_with_a_space_for_its_colon() -> None:
    (_, plan), *_ = _parse("call wexford on thursday at 3 45 pm")
    assert _when(plan) == "2027-03-11T15:45:00+00:00"

"""English dictation, third round: self-corrections (the time or amount said last stands, the
rest kept from what it corrects), a spoken clock time after a correction word, "and um remind
me …" starting an errand of its own, "call grace back" as a call of ours, "asked for a call
back" being the plan itself, a demo pushed to a later day, "offline again open a ticket" being
a new ticket, titled names ending before "the …", spoken millions in a signed deal (rules only,
no classifier)."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from nlu.customer_index import CustomerIndex, DirectoryEntry
from nlu.numbers import find_numbers
from nlu.slots import find_contacts
from nlu.timeparse import find_times
from tests.nlu.parsing import MADE_UP_DIRECTORY, parsed

DIRECTORY = MADE_UP_DIRECTORY
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 12, 7, 9, 15, tzinfo=LONDON)  # a Monday morning


def _parse(text: str, now: datetime = NOW) -> list[tuple[str, dict[str, Any]]]:
    return parsed(text, DIRECTORY, now)


def _when(slots: dict[str, Any]) -> tuple[str, str]:
    return slots["when"]["value"], slots["when"]["grain"]


@pytest.mark.parametrize(
    ("text", "value", "grain"),
    [
        ("ring wyvern on wednesday no wait thursday", "2026-12-10", "day"),
        ("ring wyvern on wednesday or rather thursday", "2026-12-10", "day"),
        # the corrected day keeps the clock time said before it
        ("visit harrow at four on tuesday no wait friday", "2026-12-11T16:00:00+00:00", "hour"),
        # the corrected clock time keeps the day said before it
        (
            "call aldgate tomorrow at eight actually nine fifteen",
            "2026-12-08T09:15:00+00:00",
            "minute",
        ),
    ],
)
def test_a_dictated_correction_takes_the_last_said_time(text: str, value: str, grain: str) -> None:
    [(intent, slots)] = _parse(text)
    assert intent == "schedule_followup"
    assert _when(slots) == (value, grain)


def test_a_word_time_after_a_correction_is_a_time() -> None:
    texts = [m.text for m in find_times("call them at three no sorry four thirty", NOW, "en")]
    assert texts == ["at three", "four thirty"]


def test_a_dictated_correction_takes_the_last_said_amount() -> None:
    [(intent, slots)] = _parse("wyvern signed forty k no sorry forty eight k for the arms")
    assert intent == "record_deal"
    assert slots["amount"]["value"] == 48000


def test_and_remind_me_starts_an_errand_after_a_visit() -> None:
    actions = _parse(
        "so i saw priya at harrow the new presses are running well and uh remind me to ring "
        "her on friday"
    )
    assert [intent for intent, _ in actions] == ["log_interaction", "schedule_followup"]
    assert _when(actions[1][1]) == ("2026-12-11", "day")


def test_call_someone_back_is_a_call_of_ours_after_a_fault() -> None:
    actions = _parse(
        "aldgate the door alarms keep going off at night and can someone ring oliver back tomorrow"
    )
    assert [intent for intent, _ in actions] == ["open_ticket", "schedule_followup"]
    assert actions[1][1]["contact"]["text"] == "oliver"
    assert _when(actions[1][1]) == ("2026-12-08", "day")


def test_asking_for_a_call_back_is_the_plan_itself() -> None:
    [(intent, slots)] = _parse("harrow mister jones asked for a call back at two tomorrow")
    assert intent == "schedule_followup"
    assert slots["contact"]["text"] == "mister jones"
    assert _when(slots) == ("2026-12-08T14:00:00+00:00", "hour")


def test_a_demo_pushed_to_a_later_day_is_a_plan() -> None:
    [(intent, slots)] = _parse("wyvern want to move the demo to next thursday")
    assert intent == "schedule_followup"
    assert _when(slots) == ("2026-12-17", "day")


def test_open_a_ticket_for_a_recurring_fault_is_a_new_ticket() -> None:
    [(intent, _)] = _parse("aldgate the blast freezer alarms are down again raise a ticket")
    assert intent == "open_ticket"


def test_a_titled_name_ends_before_the_role_said_after_it() -> None:
    found = find_contacts("mister adeyemi the site manager wants a visit")
    assert found[0].text == "mister adeyemi"


def test_a_spoken_million_after_a_signed_deal_is_its_amount() -> None:
    [(intent, slots)] = _parse("harrow signed the press refit two point four million")
    assert intent == "record_deal"
    assert slots["amount"] == {
        "value": 2400000,
        "currency": "GBP",
        "text": "two point four million",
    }


def test_a_bare_no_takes_back_the_day_before_it() -> None:
    [(intent, slots)] = _parse("send harrow the proofs by tuesday no wednesday")
    assert intent == "schedule_followup"
    assert _when(slots) == ("2026-12-09", "day")


def test_a_bare_no_takes_back_a_spoken_figure() -> None:
    [(_, slots)] = _parse("aldgate signed sixty k no sixty five k for the chillers")
    assert slots["amount"]["value"] == 65000


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("visit wyvern on the the eighteenth", "2026-12-18"),
        ("ring harrow um on friday", "2026-12-11"),
    ],
)
def test_dictation_noise_inside_a_time_is_skipped(text: str, value: str) -> None:
    [(_, slots)] = _parse(text)
    assert slots["when"]["value"] == value


def test_a_go_live_slipping_is_news_not_a_loyalty_question() -> None:
    actions = _parse(
        "wyvern kevin says the go live is slipping to march and i must ring him friday"
    )
    assert [intent for intent, _ in actions] == ["log_interaction", "schedule_followup"]


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("tuesday week", "2026-12-15"),  # said on Monday 7 December
        ("a week on thursday", "2026-12-17"),
        ("monday week", "2026-12-14"),  # today is Monday: a week today
        ("three weeks today", "2026-12-28"),
        ("a week tomorrow", "2026-12-15"),
    ],
)
def test_british_week_readings(phrase: str, value: str) -> None:
    [(_, slots)] = _parse(f"visit harrow {phrase}")
    assert slots["when"] == {"value": value, "grain": "day", "text": slots["when"]["text"]}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("sophie jones at harrow says the presses are fine", "sophie jones"),
        ("chase derek for the signed po", "derek"),
        ("thank oliver for the tour", "oliver"),
    ],
)
def test_dictated_given_names(text: str, name: str) -> None:
    assert [f.text for f in find_contacts(text)] == [name]


def test_no_name_after_an_article() -> None:
    assert find_contacts("they'll pay the bill at the end of the month") == []


@pytest.mark.parametrize("prefix", ["t dash", "tee"])
def test_a_ticket_prefix_as_speech_writes_it(prefix: str) -> None:
    [(intent, slots)] = _parse(f"{prefix} two one five five is fixed")
    assert intent == "update_ticket"
    assert slots["ticket"]["number"] == "T-2155"


def test_a_wish_with_a_day_after_a_deal_is_a_plan_of_its_own() -> None:
    actions = _parse("wyvern signed the welding cells forty k and want the engineers in on friday")
    assert [intent for intent, _ in actions] == ["record_deal", "schedule_followup"]
    assert actions[0][1]["amount"]["value"] == 40000
    assert _when(actions[1][1]) == ("2026-12-11", "day")


@pytest.mark.parametrize(
    ("said", "name"),
    [("a c s", "Aldgate Cold Storage Ltd"), ("w r trading", "WR Trading Ltd")],
)
def test_an_acronym_spelled_letter_by_letter(said: str, name: str) -> None:
    index = CustomerIndex.build(
        [
            DirectoryEntry(1, "Aldgate Cold Storage Ltd", ("Aldgate", "ACS")),
            DirectoryEntry(2, "WR Trading Ltd", ("WR Trading",)),
        ]
    )
    [mention] = index.find(f"ring {said} tomorrow")
    assert mention.text == said
    assert mention.best.name == name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("their new buyer is daniel wong", "daniel wong"),
        ("met wei ming from aldgate", "wei ming"),
        ("chase james porter about the po", "james porter"),
    ],
)
def test_a_lower_case_second_name_is_kept(text: str, name: str) -> None:
    assert [f.text for f in find_contacts(text) if f.kind == "name"] == [name]


@pytest.mark.parametrize(
    ("text", "role"), [("the gm wants a visit", "gm"), ("their chief nurse rang", "chief nurse")]
)
def test_more_roles_named_instead_of_people(text: str, role: str) -> None:
    assert [f.text for f in find_contacts(text)] == [role]


@pytest.mark.parametrize(
    ("said", "value"),
    [("four twelve k", 412000), ("two oh eight k", 208000), ("one nineteen thousand", 119000)],
)
def test_hundreds_said_as_pairs_before_a_scale(said: str, value: int) -> None:
    [(intent, slots)] = _parse(f"harrow signed the press line {said}")
    assert intent == "record_deal"
    assert slots["amount"]["value"] == value


def test_a_pair_without_a_scale_stays_apart() -> None:
    assert [n.text for n in find_numbers("one fifteen", "en")] == ["one", "fifteen"]


def test_a_wish_before_a_demo_is_no_call_back() -> None:
    actions = _parse(
        "met kevin at wyvern he says the cells are great and he wants a demo of the new arm on "
        "friday"
    )
    assert [intent for intent, _ in actions] == ["log_interaction", "schedule_followup"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("book one for tuesday at ten", "2026-12-08T10:00:00+00:00"),
        ("meet the new one on thursday", "2026-12-10"),
    ],
)
def test_a_bare_one_is_a_thing_not_one_o_clock(text: str, value: str) -> None:
    assert [
        m.value.isoformat() if m.grain != "day" else m.value.date().isoformat()
        for m in find_times(text, NOW, "en")
    ] == [value]


def test_one_with_a_clock_word_is_still_a_time() -> None:
    assert [m.value.hour for m in find_times("monday at one", NOW, "en")] == [13]

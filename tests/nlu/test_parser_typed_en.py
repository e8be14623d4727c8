"""Typed English from writers the parser was not tuned to: Salesforce-style "Subject: / Notes: /
Next steps:" fields, a customer's name as a heading, errands in the imperative, smart
punctuation, a caller's manner in commas, a pasted chat line, Indian-English sums and courtesy
(rules only)."""

from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from nlu.intents import dialogue_act
from nlu.money import find_money
from nlu.typed_layout_en import blank_english_layout
from tests.nlu.parsing import MADE_UP_DIRECTORY, parsed

DIRECTORY = MADE_UP_DIRECTORY
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2027, 2, 16, 11, 5, tzinfo=LONDON)  # a Tuesday


def _parse(text: str) -> list[tuple[str, dict[str, Any]]]:
    return parsed(text, DIRECTORY, NOW)


def _intents(text: str) -> list[str]:
    return [intent for intent, _ in _parse(text)]


def _name(slots: dict[str, Any], slot: str) -> str | None:
    value = slots.get(slot)
    if isinstance(value, dict):
        return str(value.get("name") or value.get("text"))
    return None


def test_field_labels_keep_their_length_and_part_the_fields() -> None:
    text = "Subject: Aldgate review / Notes: saw the ops lead / Next steps: none"
    blanked = blank_english_layout(text)
    assert len(blanked) == len(text)
    assert "Subject" not in blanked and "Notes" not in blanked and "none" not in blanked
    assert ";" in blanked  # the slash before a field ends what came before it


def test_a_plan_field_keeps_its_cue() -> None:
    assert "Next steps:" in blank_english_layout("Subject: x\nNext steps: ring Aldgate Fri")


def test_notes_label_is_no_contact_and_an_empty_plan_no_follow_up() -> None:
    actions = _parse(
        "Subject: Call with Corbridge\nNotes: Helen says the pilot is fine\nNext steps: n/a"
    )
    assert [intent for intent, _ in actions] == ["log_interaction"]
    assert _name(actions[0][1], "contact") == "Helen"


def test_a_customer_heading_is_not_a_look_up() -> None:
    actions = _parse("Wyvern Robotics. Signed. £18k arm controllers. Kickoff 4/3 w/ their ops mgr")
    assert [intent for intent, _ in actions] == ["record_deal", "schedule_followup"]
    assert all(_name(slots, "customer") == "Wyvern Robotics Ltd" for _, slots in actions)


def test_a_subject_line_naming_the_customer_heads_the_note() -> None:
    assert _intents("Subject: Aldgate freezer project\nNotes: met the site manager, keen") == [
        "log_interaction"
    ]


def test_an_undated_errand_is_a_follow_up_of_its_own() -> None:
    actions = _parse(
        "Subject: Corbridge renewal\nNotes: rang the practice manager\n"
        "Next steps: 1) draft the renewal 2) book a review for 4/3"
    )
    assert [intent for intent, _ in actions] == [
        "log_interaction",
        "schedule_followup",
        "schedule_followup",
    ]
    assert "when" not in actions[1][1]
    assert actions[2][1]["when"]["value"] == "2027-03-04"


def test_an_errand_verb_that_is_also_a_contact_noun_needs_a_person() -> None:
    assert _intents("Aldgate - call w/ the ops lead, all fine") == ["log_interaction"]


def test_set_up_a_customer_is_no_errand() -> None:
    assert _intents("set up a new customer: Hexham Print Works") == ["create_customer"]


def test_smart_apostrophes_read_as_plain_ones() -> None:
    actions = _parse("Corbridge’s practice manager rang, the autoclaves aren’t heating")
    assert [intent for intent, _ in actions] == ["open_ticket"]


def test_a_callers_manner_in_commas_is_no_news_beside_the_fault() -> None:
    actions = _parse(
        "Aldgate's site manager rang, rather flustered, as the blast chillers stopped cooling"
    )
    assert [intent for intent, _ in actions] == ["open_ticket"]
    assert _name(actions[0][1], "contact") == "site manager"


def test_a_role_stops_before_what_they_did() -> None:
    actions = _parse("Wyvern's head of engineering phoned, the arm controllers keep rebooting")
    assert _name(actions[0][1], "contact") == "head of engineering"


def test_a_titled_name_stops_at_the_firm() -> None:
    actions = _parse("Had call with Mrs Kapoor of Corbridge, she needs pricing for 3 chairs")
    assert _name(actions[0][1], "contact") == "Mrs Kapoor"


def test_a_pasted_chat_line_asking_for_someone_is_a_ticket() -> None:
    actions = _parse("[09:12] Tom (Aldgate): could you send someone to look at the door seals?")
    assert [intent for intent, _ in actions] == ["open_ticket"]
    assert "when" not in actions[0][1]  # the chat's clock is not the ticket's time


def test_help_asked_beside_a_customer_is_for_the_fault() -> None:
    assert _intents("Wyvern: the welding cells are down again, pls help") == ["open_ticket"]


def test_checking_on_a_customer_stays_a_look_up() -> None:
    assert _intents("could you check on Aldgate for me") == ["query_customer"]


def test_lakhs_are_a_sum() -> None:
    found = find_money("order value 12.5 lakhs", "en", default_currency="INR")
    assert [(m.value, m.currency) for m in found] == [(Decimal("1250000.0"), "INR")]


def test_an_order_confirmed_without_the_article_is_a_deal() -> None:
    assert _intents("Corbridge has confirmed order for 4 chairs, value £9,600")[0] == "record_deal"


def test_kindly_and_the_same_in_a_dialogue_act() -> None:
    assert dialogue_act("kindly undo the same") == "undo"

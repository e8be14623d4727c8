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


def test_a_listed_day_is_one_follow_up_per_appointment_on_the_day_said_first() -> None:
    evening = datetime(2026, 12, 7, 21, 40, tzinfo=LONDON)
    actions = _parse("Tmr 10am Wyvern w Melissa, 2pm Harrow, 4.30 Selby. Remind me pls", evening)
    assert [intent for intent, _ in actions] == ["schedule_followup"] * 3
    assert [s["customer"]["name"] for _, s in actions] == [
        "Wyvern Robotics Ltd",
        "Harrow Print Works",
        "Selby Bakeries plc",
    ]
    assert [s["when"]["value"] for _, s in actions] == [
        "2026-12-08T10:00:00+00:00",
        "2026-12-08T14:00:00+00:00",
        "2026-12-08T16:30:00+00:00",
    ]


def test_then_another_customer_at_a_clock_time_is_a_second_plan() -> None:
    evening = datetime(2026, 12, 7, 20, 0, tzinfo=LONDON)
    actions = _parse(
        "For tomorrow: call Wyvern re pallet labels at 9, then Harrow at 11:30", evening
    )
    assert [s["customer"]["name"] for _, s in actions] == [
        "Wyvern Robotics Ltd",
        "Harrow Print Works",
    ]
    assert actions[0][1]["product"] == "pallet labels"
    assert actions[1][1]["when"]["value"] == "2026-12-08T11:30:00+00:00"


def test_customers_sharing_one_date_are_not_a_list_of_appointments() -> None:
    actions = _parse("hampers for Wyvern, Harrow and Selby before the 15th")
    assert all(s["when"]["value"] == "2026-12-15" for _, s in actions)


def test_a_po_still_to_come_after_a_verbal_go_ahead_is_news() -> None:
    actions = _parse(
        "met Mr. Venkatesh at Contoso today. They have given verbal go-ahead for 3 lakh of "
        "calibration but PO will come only after their audit."
    )
    assert [intent for intent, _ in actions] == ["log_interaction"]
    assert actions[0][1]["amount"]["value"] == 300000


def test_a_sum_guessed_at_beside_the_contract_is_no_deal() -> None:
    actions = _parse(
        "just got off the phone with Contoso they want to add cold storage monitoring to the "
        "existing contract it's about forty grand I'm gonna send a proposal over by friday"
    )
    assert "record_deal" not in [intent for intent, _ in actions]


def test_a_renewal_locked_with_its_sum_is_a_deal() -> None:
    actions = _parse("harrow renewal locked 🔒 £52k for 3 yrs. ez")
    assert [intent for intent, _ in actions] == ["record_deal"]
    assert actions[0][1]["amount"]["value"] == 52000


def test_the_po_said_again_after_the_deal_adds_no_note() -> None:
    actions = _parse("Closed Wyvern!! 240 seats, $186k ARR. PO came through 20 min ago")
    assert [intent for intent, _ in actions] == ["record_deal"]


def test_an_appointment_moved_to_a_day_same_time_keeps_the_clock() -> None:
    actions = _parse(
        "cancel my four o'clock with Wyvern tomorrow they've moved it to thursday same time"
    )
    assert [intent for intent, _ in actions] == ["schedule_followup"]
    assert actions[0][1]["when"]["value"] == "2026-12-10T16:00:00+00:00"


def test_and_get_a_proposal_to_someone_by_a_day_is_a_second_plan() -> None:
    actions = _parse(
        "I'm gonna do a site walk with Harrow on the tenth no sorry the eleventh and get a "
        "proposal to Martin by the eighteenth"
    )
    assert [s["when"]["value"] for _, s in actions] == ["2026-12-11", "2026-12-18"]
    assert "contact" not in actions[0][1]
    assert actions[1][1]["contact"]["text"] == "Martin"


def test_a_rival_named_beside_the_customer_is_not_the_customer() -> None:
    actions = _parse(
        "Sat down with Graham at TVE, if we can't do better than 6 weeks they'll look at "
        "Wyvern for the next batch. I'll send a revised plan by Thursday"
    )
    names = {s["customer"]["name"] for _, s in actions if "customer" in s}
    assert names == {"Thames Valley Engineering Ltd"}


def test_a_day_corrected_in_dictation_after_for_is_still_a_day() -> None:
    actions = _parse(
        "rang Harrow the bursar says it's paid and I need to book the training day for the "
        "twenty second no wait the twenty third"
    )
    assert actions[-1][0] == "schedule_followup"
    assert actions[-1][1]["when"]["value"] == "2026-12-23"


def test_a_typed_day_taken_back_with_no_wait() -> None:
    assert heard_as_typed("Tmr no wait Mon 9am Wyvern").strip() == "Mon 9am Wyvern"


def test_an_undo_said_with_its_reason_is_an_undo() -> None:
    assert _parse("oops wrong customer on that last one, undo pls") == [("undo", {})]


def test_can_someone_swing_by_is_a_service_request_not_a_question() -> None:
    actions = _parse("Harrow - 2 printers dead since opening, can someone swing by thurs or fri?")
    assert actions[0][0] == "open_ticket"


def test_po_in_with_its_sum_is_a_deal() -> None:
    actions = _parse("Selby PO in!! £64k for the chiller upgrade 🎉")
    assert [intent for intent, _ in actions] == ["record_deal"]


def test_spoken_answers_with_fillers_are_the_act() -> None:
    assert _parse("uh yeah no cancel that one") == [("cancel", {})]
    assert _parse("no wait don't log that") == [("cancel", {})]
    assert _parse("hmm lets not do that after all") == [("cancel", {})]
    assert _parse("yeah yeah go ahead and save it") == [("confirm", {})]
    assert _parse("ok yeah thats the right one go on") == [("confirm", {})]


def test_a_plan_with_wait_in_it_is_no_answer() -> None:
    assert _parse("wait for the PO from Harrow then call them")[0][0] != "cancel"


def test_my_appointment_named_by_its_time_moved_to_a_day_same_time() -> None:
    actions = _parse(
        "morning um cancel my ten thirty with Wyvern today they've pushed it to wednesday same time"
    )
    assert actions[0][1]["when"]["value"] == "2026-12-09T10:30:00+00:00"


def test_a_line_or_machine_down_is_a_fault() -> None:
    assert _parse("Harrow SMT line down!!! whole line stopped, they need someone NOW")[0][0] == (
        "open_ticket"
    )
    assert _parse("Selby: sales are down this quarter")[0][0] != "open_ticket"

"""Shapes a fifth new English writer (Chinese reps writing English, Philippine and Vietnamese
distributors, German and Dutch lab reps, a SaaS CSM, a driving director, an intern) used that
the parser misread, as new sentences on the made-up directory (rules only): 3w = 30,000 yuan and
"200 pcs" or "2 container of" before the goods, German amounts and dd.mm. dates, a transcript's
"18 thousand 500", the courtesy "po" and "sir"/"Ma'am" before a name, the rep's own manager, a
new customer typed as a form, a present-tense report of today's visit, a person named again with
their customer, one call logged per customer called, "got a call from X" with a fault as X
calling in, "nothing urgent", "help me check", weather small talk and "take back that last
entry"."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from tests.nlu.parsing import MADE_UP_DIRECTORY, parsed

SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")
MANILA = ZoneInfo("Asia/Manila")
NOW_CN = datetime(2026, 5, 20, 17, 30, tzinfo=SHANGHAI)  # a Wednesday afternoon
NOW_DE = datetime(2026, 10, 12, 9, 0, tzinfo=BERLIN)  # a Monday
NOW_PH = datetime(2026, 3, 4, 16, 0, tzinfo=MANILA)  # a Wednesday


def _parse(text: str, now: datetime) -> list[tuple[str, dict[str, Any]]]:
    return parsed(text, MADE_UP_DIRECTORY, now)


def test_w_after_a_figure_is_ten_thousand_yuan_and_pcs_counts_the_goods() -> None:
    intent, slots = _parse("Wyvern signed already!! 28w RMB, 150 pcs barcode printer", NOW_CN)[0]
    assert intent == "record_deal"
    assert slots["amount"]["value"] == 280000
    assert slots["amount"]["currency"] == "CNY"
    assert slots["product"] == "barcode printer"


def test_a_figure_in_watts_keeps_its_w() -> None:
    slots = _parse("Selby ordered 40 of the 60w floodlights", NOW_CN)[0][1]
    assert slots.get("amount") is None


def test_german_grouping_and_a_dotted_day_month() -> None:
    actions = _parse(
        "Order received from Aldgate Cold Storage: 2 blast chillers, total EUR 23.950,00. "
        "Next appointment: 20.10. at 13:30.",
        NOW_DE,
    )
    assert actions[0][0] == "record_deal"
    assert actions[0][1]["amount"]["value"] == 23950
    assert actions[-1][0] == "schedule_followup"
    assert actions[-1][1]["when"]["value"] == "2026-10-20T13:30:00+02:00"


def test_one_dotted_group_beside_a_euro_is_thousands() -> None:
    slots = _parse("Wyvern signed for 3 grippers, EUR 12.600", NOW_DE)[0][1]
    assert slots["amount"]["value"] == 12600


def test_a_figure_with_a_dot_is_no_date_without_a_cue() -> None:
    slots = _parse("Selby: yield went up 4.11. great", NOW_DE)[0][1]
    assert "when" not in slots


def test_a_transcript_writes_digits_around_a_spelt_scale() -> None:
    slots = _parse("harrow confirmed the order total 24 thousand 300 us dollars", NOW_PH)[0][1]
    assert slots["amount"] == {
        "text": "24 thousand 300 us dollars",
        "currency": "USD",
        "value": 24300,
    }


def test_courtesy_po_and_sir_before_a_name() -> None:
    actions = _parse(
        "call po with harrow print works earlier sir dela cruz said the folding machine is "
        "jamming again please open ticket po high priority",
        NOW_PH,
    )
    assert actions[0][1]["contact"] == {"text": "sir dela cruz"}
    ticket = next(slots for intent, slots in actions if intent == "open_ticket")
    assert ticket["priority"] == "high"


def test_maam_before_a_name_and_interested_po_in_is_no_deal() -> None:
    actions = _parse(
        "Good afternoon po. Visited Selby Bakeries today, met Ma'am Reyes of purchasing, "
        "they are interested po in our oven liners.",
        NOW_PH,
    )
    assert [intent for intent, _ in actions] == ["log_interaction"]
    assert actions[0][1]["contact"] == {"text": "Ma'am Reyes"}


def test_a_purchase_order_written_po_stays() -> None:
    intent, _ = _parse("harrow sent the po for 30 rollers 9k", NOW_PH)[0]
    assert intent == "record_deal"


def test_a_new_customer_typed_as_a_form_keeps_its_email_and_phone() -> None:
    actions = _parse(
        "Please create new customer: Hanoi Green Farm JSC, contact Ms. Lan, "
        "email thu.le@hanoigreen.vn, phone 0912 334 556",
        NOW_PH,
    )
    assert [intent for intent, _ in actions] == ["create_customer"]
    assert actions[0][1]["email"] == "thu.le@hanoigreen.vn"
    assert actions[0][1]["phone"] == "0912334556"


def test_please_create_with_a_colon_names_the_new_customer() -> None:
    slots = _parse(
        "New lead from the expo, should I create them? Please create: Marina Bay Optics, "
        "Dr. Wei Ling, weiling@mbo.sg, +65 8123 4455",
        NOW_PH,
    )[0][1]
    assert slots["customer"] == {"text": "Marina Bay Optics", "id": None}


def test_todays_visit_told_in_the_present_is_logged() -> None:
    actions = _parse(
        "today I visit Wyvern Robotics plant, meet Mr. Zhou. He say the gripper order need wait.",
        NOW_CN,
    )
    assert actions[0][0] == "log_interaction"
    assert actions[0][1]["when"] == {"text": "today", "value": "2026-05-20", "grain": "day"}


def test_a_person_named_again_goes_with_their_customer() -> None:
    actions = _parse(
        "Weekly: Harrow Print Works – meeting with Ms. Vogel on 06.10., new folder discussed; "
        "Selby Bakeries – order signed for 2 proofers, EUR 9.800; call Ms. Vogel again on 15.10.",
        NOW_DE,
    )
    assert actions[-1][0] == "schedule_followup"
    assert actions[-1][1]["customer"]["name"] == "Harrow Print Works"


def test_one_call_logged_per_customer_called() -> None:
    actions = _parse("today I called Selby and Pennine about the price increase", NOW_CN)
    assert [(intent, slots["customer"]["name"]) for intent, slots in actions] == [
        ("log_interaction", "Selby Bakeries plc"),
        ("log_interaction", "Pennine Bakeries plc"),
    ]


def test_nothing_urgent_closing_news_makes_no_ticket() -> None:
    intent, _ = _parse(
        "Today meet with Contoso buyer Ms. Wu, she mention they may move the tender to Q4. "
        "Nothing urgent",
        NOW_CN,
    )[0]
    assert intent == "log_interaction"


def test_help_me_check_asks() -> None:
    assert _parse("help me check wyvern how many open ticket", NOW_CN)[0][0] == "query_customer"


def test_weather_small_talk_is_no_look_up() -> None:
    intent, slots = _parse("hi how is the weather in manila tomorrow", NOW_PH)[0]
    assert intent == "unknown"
    assert slots["when"]["value"] == "2026-03-05"


def test_take_back_that_last_entry_with_a_reason() -> None:
    assert _parse("hey take back that last entry it went to the wrong customer", NOW_PH) == [
        ("undo", {})
    ]


def test_the_reps_own_manager_is_no_contact() -> None:
    actions = _parse(
        "pls remind me to call Wyvern on Friday at 10am about the grippers (my supervisor asked)",
        NOW_CN,
    )
    assert actions[0][0] == "schedule_followup"
    assert "contact" not in actions[0][1]


def test_a_call_from_the_customer_with_a_fault_and_a_wish_is_one_ticket() -> None:
    actions = _parse(
        "Hi, I just got a call from Harrow Print Works (Mr. Okafor). He said the folder "
        "is jamming on every run. Also he wants someone to come on Friday at 3pm.",
        NOW_PH,
    )
    assert [intent for intent, _ in actions] == ["open_ticket"]
    assert actions[0][1]["when"]["value"] == "2026-03-06T15:00:00+08:00"


def test_goods_counted_by_their_packing_are_the_product() -> None:
    slots = _parse(
        "pls note harrow print works order confirm 3 container of stretch film total "
        "9 thousand 200 us dollar",
        NOW_PH,
    )[0][1]
    assert slots["product"] == "stretch film"
    assert slots["amount"]["value"] == 9200

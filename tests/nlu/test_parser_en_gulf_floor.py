"""Shapes of Gulf, Nigerian, Australian and Japanese reps and of warehouse dictation (session 9):
a speaker introducing themself, stretches said again after "sorry say again", figures read digit
by digit, "Eng." titles, month-first dates in Tokyo, "after Friday prayer", the customer's own
wishes and waits, and calls that only bring a fault."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from nlu.noisy_dictation_en import read_on_the_floor
from tests.nlu.parsing import MADE_UP_DIRECTORY, parsed


def _parse(
    text: str, tz: str = "Asia/Dubai", when: str = "2026-11-18T10:00:00"
) -> list[tuple[str, dict[str, Any]]]:
    now = datetime.fromisoformat(when).replace(tzinfo=ZoneInfo(tz))
    return parsed(text, MADE_UP_DIRECTORY, now)


def test_speaker_introduction_and_said_again_are_blanked() -> None:
    text = "yeah this is sam at the dock uh wyvern sorry say again wyvern robotics took the pallets"
    read = read_on_the_floor(text)
    assert len(read) == len(text)
    assert "this is sam" not in read
    assert read.split()[-5:] == ["wyvern", "robotics", "took", "the", "pallets"]


def test_digits_read_one_by_one_are_a_number_but_not_a_ticket() -> None:
    assert read_on_the_floor("they got one three zero zero cartons").split()[2] == "1300"
    assert "oh" in read_on_the_floor("close ticket twenty one oh five")
    assert "oh" in read_on_the_floor("signed for two oh eight k")


def test_phone_read_digit_by_digit() -> None:
    [(intent, slots)] = _parse(
        "add new customer lagoon freight limited their number is zero eight zero two three "
        "four five six seven eight nine",
        tz="Africa/Lagos",
    )
    assert intent == "create_customer"
    assert slots["phone"] == "08023456789"


def test_engineer_title_is_part_of_the_contact() -> None:
    [(intent, slots)] = _parse("Met Eng. Tariq at Aldgate today re the blast freezers")
    assert intent == "log_interaction"
    assert slots["contact"]["text"] == "Eng. Tariq"


def test_tokyo_short_dates_are_month_first() -> None:
    actions = _parse(
        "Report. 6/4 meeting with Contoso (Dr. Ito). They request catalogue.",
        tz="Asia/Tokyo",
        when="2026-06-08T10:00:00",
    )
    assert actions[0][1]["when"]["value"] == "2026-06-04"


def test_after_friday_prayer_is_friday_afternoon() -> None:
    [(intent, slots)] = _parse("remind me after friday prayer to call Selby about the renewal")
    assert intent == "schedule_followup"
    assert slots["when"]["start"] == "2026-11-20T12:00:00+04:00"
    assert slots["when"]["end"] == "2026-11-20T18:00:00+04:00"


def test_call_that_only_brings_a_fault_said_on_the_floor() -> None:
    [(intent, slots)] = _parse(
        "right this is uh ben on the floor um harrow rang the guide rollers we sent are the "
        "wrong size they want a engineer thursday",
        tz="Europe/London",
    )
    assert intent == "open_ticket"
    assert slots["product"] == "guide rollers"
    assert slots["when"]["value"] == "2026-11-19"


def test_they_have_called_is_their_call() -> None:
    [(intent, slots)] = _parse(
        "hello selby have called the proving ovens are overheating please open ticket "
        "high priority",
        tz="Africa/Lagos",
    )
    assert intent == "open_ticket"
    assert slots["priority"] == "high"


def test_goods_wanted_for_a_day_weeks_off_and_waiting_to_hear_are_no_plans() -> None:
    actions = _parse(
        "Rang Aldgate re the racking, this one wants 60 more pallet jacks before Christmas. "
        "Reckon we'll hear back by end of month.",
        tz="Australia/Sydney",
    )
    assert [intent for intent, _ in actions] == ["log_interaction"]


def test_maybe_next_year_is_no_plan() -> None:
    actions = _parse("just finished call with Contoso they chose another brand maybe next year")
    assert [intent for intent, _ in actions] == ["log_interaction"]


def test_a_cuppa_with_is_a_meeting() -> None:
    [(intent, slots), *_] = _parse("just had a cuppa with the Corbridge practice manager")
    assert intent == "log_interaction"
    assert slots["interaction_type"] == "meeting"


def test_fault_then_site_visit_is_one_ticket() -> None:
    [(intent, slots)] = _parse(
        "Wyvern: FCU noisy in the server room. Open ticket high priority pls. "
        "Site visit after Friday prayer"
    )
    assert intent == "open_ticket"
    assert slots["priority"] == "high"
    assert slots["when"]["start"] == "2026-11-20T12:00:00+04:00"


def test_also_another_customer_asks_the_same_question() -> None:
    actions = _parse("Loyalty summary for Selby Bakeries please. Also Harrow.")
    assert [intent for intent, _ in actions] == ["loyalty_summary", "loyalty_summary"]
    assert actions[1][1]["customer"]["name"] == "Harrow Print Works"


def test_a_works_schedule_asked_for_is_no_agenda() -> None:
    actions = _parse(
        "Contoso sent email asking for the servicing schedule for next year I'll send it sunday"
    )
    assert [intent for intent, _ in actions] == ["log_interaction", "schedule_followup"]
    assert actions[1][1]["when"]["value"] == "2026-11-22"


def test_company_suffix_ends_a_new_customers_name() -> None:
    [(intent, slots)] = _parse("pls add new customer delta reefers limited for apapa port")
    assert intent == "create_customer"
    assert slots["customer"]["text"] == "delta reefers limited"


def test_engineer_dispatched_after_an_update_names_the_tickets_customer() -> None:
    [(intent, slots)] = _parse(
        "Kindly note: T-7310 status change to in progress. Engineer Mori dispatched to Wyvern.",
        tz="Asia/Tokyo",
    )
    assert intent == "update_ticket"
    assert slots["customer"]["name"] == "Wyvern Robotics Ltd"


def test_talking_to_someone_on_the_floor_is_no_note() -> None:
    [(intent, _)] = _parse("sorry say again the the reach truck's beeping I can't hear you")
    assert intent == "unknown"


def test_where_the_rep_is_dictating_from_is_no_news() -> None:
    [(intent, slots)] = _parse(
        "morning just at the servo getting a coffee um aldgate rang their cold room door seal's "
        "gone again can someone get out there friday",
        tz="Australia/Perth",
    )
    assert intent == "open_ticket"
    assert slots["customer"]["name"] == "Aldgate Cold Storage Ltd"
    assert slots["when"]["value"] == "2026-11-20"


def test_name_before_reckons_or_is_keen_is_the_contact() -> None:
    actions = _parse(
        "Dropped in on Corbridge this arvo, Megan reckons they'll need more autoclaves in March.",
        tz="Australia/Sydney",
        when="2026-11-18T16:30:00",
    )
    assert actions[0][1]["contact"]["text"] == "Megan"

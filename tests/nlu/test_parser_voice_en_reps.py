"""English dictation by field engineers and Singapore, Hong Kong, Indian and Australian reps:
names that stop before "say", "by", "email", "phone"; Malay and nursing titles; a priority read
out after the word; a time corrected without its day or half of the day; a call that only
carries a ticket's update; a ticket or deal naming its thing only in the report before it; the
customer named late; a deadline "by evening" after a day the customer asked for (rules only)."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from nlu.customer_index import DirectoryEntry
from tests.nlu.parsing import parsed

DIRECTORY = [
    DirectoryEntry(1, "Quayside Plastics Pte Ltd", ("Quayside",)),
    DirectoryEntry(2, "Hollins & Rowe Ltd", ()),
    DirectoryEntry(3, "Kestrel Bakeries Ltd", ("Kestrel",)),
]
SINGAPORE = ZoneInfo("Asia/Singapore")
NOW = datetime(2027, 3, 10, 9, 30, tzinfo=SINGAPORE)  # a Wednesday morning


def _parse(text: str) -> list[tuple[str, dict[str, Any]]]:
    return parsed(text, DIRECTORY, NOW)


def _intents(text: str) -> list[str]:
    return [intent for intent, _ in _parse(text)]


def _contact(slots: dict[str, Any]) -> str | None:
    contact = slots.get("contact")
    return contact["text"] if contact else None


def test_a_name_stops_before_what_is_dictated_after_it() -> None:
    (_, slots), *_ = _parse("quayside ms goh say the moulding robots ok already")
    assert _contact(slots) == "ms goh"
    *_, (_, plan) = _parse(
        "quayside resin dryer keeps tripping log ticket and revert to mr ong by friday"
    )
    assert _contact(plan) == "mr ong"


def test_a_new_customers_contact_stops_before_the_email_or_phone() -> None:
    (_, slots), *_ = _parse(
        "new customer straits marine supplies contact daniel koh "
        "email dan at the rate straitsmarine dot com"
    )
    assert _contact(slots) == "daniel koh"


def test_malay_and_nursing_titles_name_people() -> None:
    (_, slots), *_ = _parse("quayside encik hafiz called the granulator not running since morning")
    assert _contact(slots) == "encik hafiz"
    assert (
        _contact(_parse("kestrel nurse amelia rang about the hand dryers")[0][1]) == "nurse amelia"
    )
    # a nurse call system is a product, not a nurse
    assert _contact(_parse("kestrel signed the nurse call upgrade")[0][1]) != "nurse call"


def test_a_priority_read_out_after_the_word() -> None:
    intent, slots = _parse("open a ticket for kestrel the proving ovens wont heat priority low")[0]
    assert intent == "open_ticket" and slots["priority"] == "low"


def test_a_corrected_time_keeps_the_day_and_the_half_of_the_day() -> None:
    ((_, slots),) = _parse("meeting with kestrel friday at nine thirty no sorry ten thirty")
    assert slots["when"]["value"] == "2027-03-12T10:30:00+08:00"
    ((_, slots),) = _parse("ring quayside tomorrow at three no wait four")
    assert slots["when"]["value"] == "2027-03-11T16:00:00+08:00"


def test_a_call_that_only_carries_a_tickets_update_is_the_update() -> None:
    assert _intents(
        "hollins and rowe rang ticket thirty one twelve the scales are drifting again reopen it"
    ) == ["update_ticket"]


def test_someone_sent_without_the_article_is_the_tickets_time() -> None:
    ((intent, slots),) = _parse(
        "quayside mr lee called the chiller fans keep tripping can send engineer on friday or not"
    )
    assert intent == "open_ticket" and slots["when"]["value"] == "2027-03-12"


def test_a_ticket_asked_for_after_the_report_takes_its_thing() -> None:
    actions = _parse(
        "just left kestrel the dough mixer is still "
        "tripping raise ticket for that and call them friday"
    )
    assert [i for i, _ in actions] == ["log_interaction", "open_ticket", "schedule_followup"]
    assert actions[1][1]["product"] == "dough mixer"


def test_the_customer_named_late_is_the_reports_too() -> None:
    actions = _parse(
        "spoke to mr ong this morning about the resin "
        "dryers he wants pricing by monday this is for quayside"
    )
    assert [slots["customer"]["name"] for _, slots in actions] == ["Quayside Plastics Pte Ltd"] * 2


def test_by_evening_after_the_customers_day_is_today() -> None:
    actions = _parse(
        "quayside ms goh called ask can shift the audit to friday i say will revert by evening"
    )
    plan = actions[-1][1]
    assert actions[-1][0] == "schedule_followup"
    assert plan["when"]["start"] == "2027-03-10T18:00:00+08:00"


def test_the_reps_errand_after_a_tickets_status_is_a_plan_of_its_own() -> None:
    actions = _parse(
        "kestrel ticket forty one twelve can be closed "
        "and email the bakery manager the report friday"
    )
    assert [i for i, _ in actions] == ["update_ticket", "schedule_followup"]
    assert actions[1][1]["when"]["value"] == "2027-03-12"
    actions = _parse(
        "quayside ticket thirty three oh one is resolved already i call mr ong tomorrow"
    )
    assert [i for i, _ in actions] == ["update_ticket", "schedule_followup"]


def test_a_machine_that_still_hangs_is_a_fault() -> None:
    (intent, slots), *_ = _parse(
        "quayside the label printer still hang since morning pls log ticket"
    )
    assert intent == "open_ticket" and slots["product"] == "label printer"


def test_needing_a_ticket_for_a_fault_back_again_is_a_new_ticket() -> None:
    assert _intents("kestrel the oven probes are reading wrong again need a ticket") == [
        "open_ticket"
    ]


def test_short_forms_of_names_dictated_in_lower_case() -> None:
    *_, (_, plan) = _parse(
        "visited kestrel with pete today all fine remind me to call pete on friday"
    )
    assert _contact(plan) == "pete"


def test_a_login_that_fails_is_a_fault() -> None:
    intents = _intents("quayside ms goh say the mes portal cannot login since morning pls check")
    assert intents[0] == "open_ticket"


def test_how_the_person_is_ends_the_name() -> None:
    (_, slots), *_ = _parse("visited quayside this morning mr ong happy with the dryers")
    assert _contact(slots) == "mr ong"


def test_our_engineer_told_to_them_is_no_contact() -> None:
    (_, slots), *_ = _parse("kestrel ticket forty two ten reopen and tell them engineer tomorrow")
    assert _contact(slots) is None


def test_a_word_stumbled_on_is_said_once_in_the_product() -> None:
    (intent, slots), *_ = _parse("kestrel signed the the proving proving ovens forty k")
    assert intent == "record_deal" and slots["product"] == "proving ovens"


def test_asking_whether_ends_the_name() -> None:
    (_, slots), *_ = _parse("quayside mr ong ask whether can move the audit to friday")
    assert _contact(slots) == "mr ong"


def test_the_reps_errand_after_a_deals_amount_is_a_plan_of_its_own() -> None:
    actions = _parse("hollins and rowe signed the scale renewal twelve k send the invoice tomorrow")
    assert [i for i, _ in actions] == ["record_deal", "schedule_followup"]
    assert actions[1][1]["when"]["value"] == "2027-03-11"


def test_can_we_visit_is_a_second_plan_with_its_own_day() -> None:
    actions = _parse(
        "kestrel mr lee called wants a quote by friday and can we visit the bakery next tuesday"
    )
    assert [i for i, _ in actions] == ["log_interaction", "schedule_followup", "schedule_followup"]
    assert actions[2][1]["when"]["value"] == "2027-03-16"


def test_the_rep_going_there_after_a_ticket_is_a_plan() -> None:
    actions = _parse(
        "quayside ms goh called the dryers not heating ticket please and i go there monday"
    )
    assert [i for i, _ in actions] == ["log_interaction", "open_ticket", "schedule_followup"]


def test_a_dictated_pause_starts_a_second_dated_plan() -> None:
    actions = _parse("kestrel wants the ovens fitted by friday uh call the bakery manager tomorrow")
    assert [i for i, _ in actions] == ["schedule_followup", "schedule_followup"]
    assert actions[1][1]["when"]["value"] == "2027-03-11"


def test_a_caller_from_the_customer_who_only_brings_a_fault_is_the_ticket() -> None:
    ((intent, slots),) = _parse("pete from kestrel rang the proving ovens keep tripping")
    assert intent == "open_ticket" and _contact(slots) == "pete"


def test_a_machine_not_doing_its_job_is_a_fault() -> None:
    assert _intents("kestrel the blast chiller won't cool since last night") == ["open_ticket"]

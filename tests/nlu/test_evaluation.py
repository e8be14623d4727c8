from datetime import datetime
from typing import Any

from nlu.evaluation import evaluate_gold
from nlu.parser import Action, ParseResult

GOLD: list[dict[str, Any]] = [
    {
        "text": "a",
        "lang": "zh",
        "style": "typed",
        "now": "2026-11-25T10:00:00+08:00",
        "tz": "Asia/Shanghai",
        "actions": [
            {"intent": "open_ticket", "slots": {"customer": "蓝湾", "priority": "urgent"}},
            {
                "intent": "schedule_followup",
                "slots": {"when": {"value": "2026-12-03", "grain": "day"}},
            },
        ],
    },
    {
        "text": "b",
        "lang": "en",
        "style": "voice",
        "now": "2026-11-25T10:00:00+00:00",
        "tz": "Europe/London",
        "actions": [
            {"intent": "record_deal", "slots": {"amount": {"value": 5000, "currency": "USD"}}}
        ],
    },
]


def fake_parser(text: str, now: datetime) -> ParseResult:
    assert now.tzinfo is not None
    if text == "a":
        return ParseResult(
            text,
            "zh",
            (
                Action(
                    "open_ticket", 0.9, {"customer": {"text": "x", "id": 1, "name": "蓝湾"}}, 0, 1
                ),
                Action("log_interaction", 0.9, {"when": {"value": "2026-12-03"}}, 0, 1),
            ),
        )
    return ParseResult(
        text,
        "en",
        (Action("record_deal", 0.9, {"amount": {"value": 5000, "currency": "USD"}}, 0, 1),),
    )


def test_tallies_intents_frames_slots_and_confusions() -> None:
    report = evaluate_gold(GOLD, fake_parser, name="tiny")
    assert (report.intents.correct, report.intents.total) == (2, 3)
    # ticket: priority missed; follow-up: wrong intent; deal: all right.
    assert (report.frames.correct, report.frames.total) == (1, 3)
    assert (report.messages.correct, report.messages.total) == (1, 2)
    assert report.confusions[("schedule_followup", "log_interaction")] == 1
    assert report.recall("customer") == 1.0
    assert report.recall("priority") == 0.0
    assert report.precision("amount") == 1.0
    assert report.by_group["en/voice"].rate == 1.0
    assert report.by_group["zh/typed"].rate == 0.0
    assert report.action_counts == {"right": 2}


def test_says_how_slots_went_wrong_and_which_cost_frames_of_the_right_intent() -> None:
    def parser(text: str, now: datetime) -> ParseResult:
        slots: dict[str, Any] = {"product": "scanners", "contact": {"text": "Dr. Priya Shah"}}
        return ParseResult(text, "en", (Action("log_interaction", 0.9, slots, 0, 1),))

    gold = [
        {
            **GOLD[1],
            "actions": [
                {
                    "intent": "log_interaction",
                    "slots": {
                        "product": "X200 scanners",
                        "contact": "Priya Shah",
                        "priority": "urgent",
                        "when": {"value": "2026-12-03", "grain": "day"},
                    },
                }
            ],
        }
    ]
    report = evaluate_gold(gold, parser, name="tiny")
    assert report.slot_misses == {
        ("product", "shorter"): 1,
        ("contact", "longer"): 1,
        ("priority", "missing"): 1,
        ("when", "missing"): 1,
    }
    assert report.frames_lost_to == {"product": 1, "contact": 1, "priority": 1, "when": 1}


def test_counts_messages_given_too_few_or_too_many_actions() -> None:
    def parser(text: str, now: datetime) -> ParseResult:
        action = Action("log_interaction", 0.9, {}, 0, 1)
        return ParseResult(text, "en", (action,) * (1 if text == "a" else 2))

    report = evaluate_gold(GOLD, parser, name="tiny")
    # "a" holds a ticket and a follow-up (given one action), "b" one deal (given two)
    assert report.action_counts == {"too few": 1, "too many": 1}


def test_scores_confidence_the_way_the_engine_acts_on_it() -> None:
    def parser(text: str, now: datetime) -> ParseResult:
        if text == "a":  # both intents of "a" right but its ticket's slots wrong, asked about
            ticket = Action("open_ticket", 0.6, {}, 0, 1)
            return ParseResult(text, "zh", (ticket, Action("schedule_followup", 0.95, {}, 0, 1)))
        deal = Action("record_deal", 0.85, {"amount": {"value": 5000, "currency": "USD"}}, 0, 1)
        return ParseResult(text, "en", (deal,))

    typed_b = [GOLD[0], {**GOLD[1], "style": "typed"}]
    report = evaluate_gold(typed_b, parser, name="tiny", act_threshold=0.8)
    assert (report.sure_frames.correct, report.sure_frames.total) == (1, 2)
    assert (report.unsure_frames.correct, report.unsure_frames.total) == (0, 1)
    # "b" is sure and right; "a" is wrong and would have been asked about (one action unsure)
    assert (report.sure_messages.correct, report.sure_messages.total) == (1, 1)
    assert (report.wrong_messages_caught.correct, report.wrong_messages_caught.total) == (1, 1)
    assert report.intent_by_band["0.5-0.8"].total == 1
    assert report.intent_by_band[">=0.9"].rate == 1.0

    # dictated, the same sure deal is read back first: no message is written at once
    spoken = evaluate_gold(GOLD, parser, name="tiny", act_threshold=0.8)
    assert spoken.sure_messages.total == 0


def test_a_typed_message_is_written_at_once_when_its_writes_are_sure() -> None:
    # the engine answers a look-up at once whatever its confidence; only the writes must be sure
    def parser(text: str, now: datetime) -> ParseResult:
        deal = Action("record_deal", 0.85, {"amount": {"value": 5000, "currency": "USD"}}, 0, 1)
        if text == "a":
            return ParseResult(text, "zh", (Action("query_customer", 0.4, {}, 0, 1),))
        return ParseResult(text, "en", (deal, Action("query_customer", 0.4, {}, 0, 1)))

    typed = [{**record, "style": "typed"} for record in GOLD]
    report = evaluate_gold(typed, parser, name="tiny", act_threshold=0.8)
    # "b": a sure deal beside an unsure look-up is written at once; "a" writes nothing
    assert report.sure_messages.total == 1


def test_the_kind_of_a_logged_interaction_and_phones_are_scored() -> None:
    def record(text: str, intent: str, slots: dict[str, Any]) -> dict[str, Any]:
        return {**GOLD[1], "text": text, "actions": [{"intent": intent, "slots": slots}]}

    gold = [
        record("visit logged as a note", "log_interaction", {"interaction_type": "visit"}),
        record("news: none said is a note", "log_interaction", {}),
        record(
            "a follow-up's kind is not stored", "schedule_followup", {"interaction_type": "call"}
        ),
        record("phone", "create_customer", {"phone": "0903112456"}),
    ]

    def parser(text: str, now: datetime) -> ParseResult:
        intent = gold[[r["text"] for r in gold].index(text)]["actions"][0]["intent"]
        slots = {"interaction_type": "note"} if intent == "log_interaction" else {}
        return ParseResult(text, "en", (Action(intent, 0.9, slots, 0, 1),))

    report = evaluate_gold(gold, parser, name="kinds")
    assert (report.frames.correct, report.frames.total) == (2, 4)
    assert report.frames_lost_to == {"interaction_type": 1, "phone": 1}

"""Scoring the parser on golden data (nlu/data/*.jsonl format) and on the Duckling corpora.

Actions are aligned in order. Intent accuracy counts aligned actions whose intent matches;
"frame" accuracy needs the intent and every annotated slot to match (customer by canonical name,
`when` by value/start, amount by value and currency, the rest by their text value).

Confidence is scored the way the chat engine uses it: a typed message whose every action is at or
above the act threshold is written at once, anything less is shown for confirmation first. So the
report says how right the sure actions and messages are, and how many wrong messages a question
would have caught.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from nlu.duckling_eval import evaluate as evaluate_duckling
from nlu.intents import WRITE_INTENTS
from nlu.money import find_money
from nlu.numbers import find_numbers
from nlu.parser import ParseResult
from nlu.timeparse import find_times

Parser = Callable[[str, datetime], ParseResult]
SCORED_SLOTS = (
    "customer",
    "contact",
    "interaction_type",
    "when",
    "amount",
    "ticket",
    "status",
    "priority",
    "product",
    "phone",
    "email",
)
# The kind of a logged interaction is written to the record (none said is a note); a follow-up
# stores no kind, so its interaction_type is not scored.
KIND_SCORED_FOR = "log_interaction"
# The engine's default auto_apply_confidence; the CLI passes the configured one.
ACT_THRESHOLD = 0.8
CONFIDENCE_BANDS = (0.5, 0.8, 0.9)  # lower edges after 0: [0, .5), [.5, .8), [.8, .9), [.9, 1]


@dataclass
class Tally:
    correct: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.correct += ok

    @property
    def rate(self) -> float:
        return self.correct / self.total if self.total else 0.0


@dataclass
class GoldReport:
    name: str
    intents: Tally = field(default_factory=Tally)
    frames: Tally = field(default_factory=Tally)
    messages: Tally = field(default_factory=Tally)
    by_group: dict[str, Tally] = field(default_factory=dict)
    slot_found: Counter[str] = field(default_factory=Counter)
    slot_right: Counter[str] = field(default_factory=Counter)
    slot_expected: Counter[str] = field(default_factory=Counter)
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)
    # How expected slots went wrong ("missing", "shorter", "longer", "other"), and which slots
    # cost frames whose intent was right: where the frame accuracy goes, without reading lines.
    slot_misses: Counter[tuple[str, str]] = field(default_factory=Counter)
    frames_lost_to: Counter[str] = field(default_factory=Counter)
    # Messages given fewer or more actions than they hold: the in-order alignment above then
    # blames every later action, so the count says how much is segmentation.
    action_counts: Counter[str] = field(default_factory=Counter)
    # Calibration: frames of actions at/above the act threshold ("sure") and below it; whole
    # messages all of whose actions are sure; wrong messages a confirmation question would catch.
    act_threshold: float = ACT_THRESHOLD
    sure_frames: Tally = field(default_factory=Tally)
    unsure_frames: Tally = field(default_factory=Tally)
    sure_messages: Tally = field(default_factory=Tally)
    wrong_messages_caught: Tally = field(default_factory=Tally)
    intent_by_band: dict[str, Tally] = field(default_factory=dict)

    def precision(self, slot: str) -> float:
        return self.slot_right[slot] / self.slot_found[slot] if self.slot_found[slot] else 0.0

    def recall(self, slot: str) -> float:
        return self.slot_right[slot] / self.slot_expected[slot] if self.slot_expected[slot] else 0.0


def evaluate_gold(
    lines: Iterable[dict[str, Any]],
    parser: Parser,
    *,
    name: str,
    act_threshold: float = ACT_THRESHOLD,
) -> GoldReport:
    report = GoldReport(name=name, act_threshold=act_threshold)
    for record in lines:
        now = datetime.fromisoformat(record["now"]).astimezone(ZoneInfo(record["tz"]))
        actions = parser(record["text"], now).to_json()["actions"]
        expected = record["actions"]
        group = f"{record.get('lang', '?')}/{record.get('style', '?')}"
        all_right = len(actions) == len(expected)
        report.action_counts[_count_kind(len(actions), len(expected))] += 1
        for index, gold in enumerate(expected):
            got: dict[str, Any] = actions[index] if index < len(actions) else {}
            got_intent = str(got.get("intent", "(missing)"))
            intent_ok = got_intent == gold["intent"]
            report.intents.add(intent_ok)
            if not intent_ok:
                report.confusions[(gold["intent"], got_intent)] += 1
            slots_ok = _score_slots(
                report,
                gold["slots"],
                dict(got.get("slots", {})),
                intent=gold["intent"],
                intent_ok=intent_ok,
            )
            report.frames.add(intent_ok and slots_ok)
            all_right = all_right and intent_ok and slots_ok
            if got:
                _tally_confidence(report, float(got.get("confidence", 0.0)), intent_ok, slots_ok)
        report.messages.add(all_right)
        # As the engine does: dictated messages are always read back before anything is
        # written; a typed one is written at once when every action that writes is sure (its
        # look-ups are answered at once whatever their confidence).
        writes = [action for action in actions if action["intent"] in WRITE_INTENTS]
        sure = (
            record.get("style") != "voice"
            and bool(writes)
            and all(float(action.get("confidence", 0.0)) >= act_threshold for action in writes)
        )
        if sure:
            report.sure_messages.add(all_right)
        if not all_right:
            report.wrong_messages_caught.add(not sure)
        report.by_group.setdefault(group, Tally()).add(all_right)
    return report


def _tally_confidence(
    report: GoldReport, confidence: float, intent_ok: bool, slots_ok: bool
) -> None:
    sure = confidence >= report.act_threshold
    (report.sure_frames if sure else report.unsure_frames).add(intent_ok and slots_ok)
    band = confidence_band(confidence)
    report.intent_by_band.setdefault(band, Tally()).add(intent_ok)


def confidence_band(confidence: float) -> str:
    low = 0.0
    for edge in CONFIDENCE_BANDS:
        if confidence < edge:
            return f"{low:.1f}-{edge:.1f}"
        low = edge
    return f">={low:.1f}"


def _count_kind(produced: int, expected: int) -> str:
    if produced == expected:
        return "right"
    return "too few" if produced < expected else "too many"


def _score_slots(
    report: GoldReport, gold: dict[str, Any], got: dict[str, Any], *, intent: str, intent_ok: bool
) -> bool:
    ok = True
    for slot in SCORED_SLOTS:
        expected, produced = gold.get(slot), _comparable(slot, got.get(slot))
        if slot == "interaction_type":
            if intent != KIND_SCORED_FOR:
                continue
            expected, produced = expected or "note", produced or "note"
        if produced is not None:
            report.slot_found[slot] += 1
        if expected is None:
            continue
        report.slot_expected[slot] += 1
        right = produced is not None and produced == _comparable_gold(slot, expected)
        report.slot_right[slot] += right
        if not right:
            report.slot_misses[(slot, _miss_kind(produced, _comparable_gold(slot, expected)))] += 1
            if intent_ok:
                report.frames_lost_to[slot] += 1
        ok = ok and right
    return ok


def _miss_kind(produced: Any, expected: Any) -> str:
    if produced is None:
        return "missing"
    if isinstance(produced, str) and isinstance(expected, str):
        got, wanted = produced.casefold(), expected.casefold()
        if got in wanted:
            return "shorter"
        if wanted in got:
            return "longer"
    return "other"


_PLAIN: dict[str, Callable[[dict[str, Any]], Any]] = {
    "contact": lambda value: value.get("text"),
    "ticket": lambda value: value.get("number"),
    "when": lambda value: value.get("value") or (value.get("start"), value.get("end")),
    "amount": lambda value: (float(value.get("value", 0) or 0), value.get("currency")),
}


def _comparable(slot: str, value: Any) -> Any:
    if value is None:
        return None
    if slot == "customer":
        if value.get("name"):
            return value["name"]
        return {"unknown": value["text"]} if "id" in value and value["id"] is None else None
    convert = _PLAIN.get(slot)
    return convert(value) if convert is not None and isinstance(value, dict) else value


def _comparable_gold(slot: str, value: Any) -> Any:
    if slot == "when":
        return value.get("value") or (value.get("start"), value.get("end"))
    if slot == "amount":
        return (float(value["value"]), value["currency"])
    return value


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def is_duckling(records: list[dict[str, Any]]) -> bool:
    return bool(records) and "kind" in records[0] and "reference" in records[0]


def evaluate_duckling_file(records: list[dict[str, Any]], *, name: str) -> Any:
    return evaluate_duckling(
        records,
        name=name,
        numbers=find_numbers,
        money=find_money,
        times=find_times,
    )

"""How much worse the parser reads a message when it arrives as speech-to-text instead of typed.

The voice gap is a target (voice within 5 points of typed), but the held-out voice lines are few
and each writer's dictation has its own habits. This turns every typed training line the parser
gets wholly right into the same message as a recogniser would deliver it — lower-case English,
no punctuation, numbers spoken out, a filler or two — and parses it again: the gold actions do
not change (text slots are compared lower-cased where the words were), so every line that goes
wrong is a voice weakness, found across all the writers of train instead of one probe.

Printed per language: typed lines right (the baseline), how many of them stay right voiced (the
ratio), and with `--failures` the voiced lines that went wrong with what came out.

Run from the repository root: `python -m bench.voice_robustness [--lang en] [--failures N]
[--no-classifier]`. Deterministic (a fixed seed per line).
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import cn2an
from num2words import num2words

from nlu.classifier import DATA_DIR, IntentClassifier, training_directory
from nlu.customer_index import CustomerIndex
from nlu.evaluation import GoldReport, evaluate_gold, load_jsonl
from nlu.parser import ParseContext, ParseResult, parse

MODEL_DIR = Path("var/models")
SEED = 8
# Lines a recogniser could not produce as written (addresses, codes read out) are left out.
UNSPEAKABLE = re.compile(r"@|https?://|www\.|\.com\b|\.cn\b|[＃#]")
# A day of the month beside its month: "4 Jan" is said "the fourth of January", printed in digits.
BESIDE_MONTH = re.compile(
    r"(?:\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+$)|"
    r"(?:^\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)",
    re.I,
)
EN_FILLERS = ("um", "uh", "so", "like", "you know")
ZH_FILLERS = ("嗯", "那个", "然后", "就是", "呃")
# Text-valued slots whose words the recogniser lower-cases.
CASED_SLOTS = ("contact", "product")


def voiced_en(text: str, rng: random.Random) -> str:
    text = text.replace("&", " and ").replace("w/", "with ").replace("@", " at ")
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)  # 240,000: recognisers write 240000
    text = re.sub(r"\b(\d{1,2}):(\d{2})\b", lambda m: _clock_words(m, rng), text)
    text = re.sub(r"\b(\d{1,2})\s?(am|pm)\b", lambda m: _hour_words(m, rng), text, flags=re.I)
    # Small numbers come out as words, larger ones as digits, as recognisers write them.
    # (not in phone numbers, dates with slashes or ranges)
    text = re.sub(
        r"(?<![\w.$£€¥:+/–-])(?<!\d )(\d{1,2})(?![\w.,:/–-]| \d)",
        lambda m: _spoken(m, rng),
        text,
    )
    # A pause where the writer put punctuation: sometimes a filler.
    text = re.sub(
        r"\s*(?:[,;!?()\"“”‘’…]|(?<![\d])[.:](?!\d)|\s[-–—]\s)\s*",
        lambda _m: f" {rng.choice(EN_FILLERS)} " if rng.random() < 0.25 else " ",
        text,
    )
    words = text.lower().split()
    if len(words) > 4 and rng.random() < 0.4:
        words.insert(0, rng.choice(EN_FILLERS))
    return " ".join(words)


def _spoken(match: re.Match[str], rng: random.Random) -> str:
    number = int(match.group(1))
    said = rng.random() < 0.7  # drawn first, so every other line is voiced as before
    text = match.string
    if BESIDE_MONTH.search(text[max(0, match.start() - 12) : match.start()]) or (
        BESIDE_MONTH.search(text[match.end() : match.end() + 12])
    ):
        return match.group(1)
    return num2words(number).replace("-", " ") if said else match.group(1)


def _clock_words(match: re.Match[str], rng: random.Random) -> str:
    hour, minute = int(match.group(1)), int(match.group(2))
    if rng.random() < 0.5:
        return match.group(0)
    minutes = "o'clock" if minute == 0 else ("oh " if minute < 10 else "") + num2words(minute)
    return f"{num2words(hour)} {minutes}".replace("-", " ")


def _hour_words(match: re.Match[str], rng: random.Random) -> str:
    hour = int(match.group(1))
    spoken = num2words(hour) if rng.random() < 0.6 else str(hour)
    return f"{spoken} {'a m' if match.group(2).lower() == 'am' else 'p m'}"


def voiced_zh(text: str, rng: random.Random) -> str:
    text = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text)  # 1,260,000元: every group
    # Digits become numerals as spoken, except in codes, phone numbers, models and dates.
    text = re.sub(
        r"(?<![A-Za-z\d./:-])(?<!\d )(\d{1,4}(?:\.\d+)?)(?![A-Za-z\d/:-]| \d)",
        lambda m: cn2an.an2cn(m.group(1)) if rng.random() < 0.7 else m.group(1),
        text,
    )
    # Where the writer put punctuation the speaker paused: a space, nothing, or a filler.
    spoken = re.sub(
        r"\s*(?:[，。！？、；：“”‘’（）【】《》,!?;()\"…~～]|(?<!\d)[.:](?!\d))+\s*",
        lambda _m: _pause_zh(rng),
        text,
    ).strip()
    if rng.random() < 0.6:
        spoken = rng.choice(ZH_FILLERS) + spoken
    return spoken


def _pause_zh(rng: random.Random) -> str:
    roll = rng.random()
    return rng.choice(ZH_FILLERS) if roll < 0.2 else (" " if roll < 0.5 else "")


def voiced_record(record: dict[str, Any]) -> dict[str, Any] | None:
    text = record["text"]
    if UNSPEAKABLE.search(text) or not re.search(r"[A-Za-z\u4e00-\u9fff]", text):
        return None
    rng = random.Random(f"{SEED}:{record['id']}")
    spoken = voiced_en(text, rng) if record["lang"] == "en" else voiced_zh(text, rng)
    actions = []
    for action in record["actions"]:
        slots = dict(action["slots"])
        for slot in CASED_SLOTS:
            if isinstance(slots.get(slot), str) and record["lang"] == "en":
                slots[slot] = slots[slot].lower()
        customer = slots.get("customer")
        if isinstance(customer, dict) and "unknown" in customer and record["lang"] == "en":
            slots["customer"] = {"unknown": customer["unknown"].lower()}
        actions.append({"intent": action["intent"], "slots": slots})
    if any(not _still_said(slot_value, spoken) for slot_value in _cased_values(actions)):
        return None
    return {
        **record,
        "id": record["id"] + "-voiced",
        "text": spoken,
        "style": "voice",
        "actions": actions,
    }


def _cased_values(actions: list[dict[str, Any]]) -> list[str]:
    return [
        value
        for action in actions
        for slot, value in action["slots"].items()
        if slot in CASED_SLOTS and isinstance(value, str)
    ]


def _still_said(value: str, spoken: str) -> bool:
    """A slot whose words the transform changed (a number spoken out) cannot be scored."""
    return value.lower() in spoken.lower()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lang", choices=("zh", "en"))
    parser.add_argument("--failures", type=int, default=0)
    parser.add_argument("--no-classifier", action="store_true")
    args = parser.parse_args()
    index = training_directory(DATA_DIR) or CustomerIndex()
    classifier = None if args.no_classifier else IntentClassifier.load_or_train(MODEL_DIR)

    def read(text: str, now: datetime) -> ParseResult:
        return parse(text, ParseContext(now=now, customers=index), classifier=classifier)

    for lang in [args.lang] if args.lang else ["zh", "en"]:
        typed = [
            record
            for record in load_jsonl(DATA_DIR / f"train_{lang}.jsonl")
            if record["style"] == "typed"
        ]
        right = [record for record in typed if _scored(record, read).messages.rate == 1.0]
        pairs = [(record, voiced_record(record)) for record in right]
        spoken = [(record, voice) for record, voice in pairs if voice is not None]
        scored = [(record, voice, _scored(voice, read)) for record, voice in spoken]
        wrong = [
            (record, voice, report)
            for record, voice, report in scored
            if report.messages.rate < 1.0
        ]
        kept = len(spoken) - len(wrong)
        print(
            f"{lang}: typed training lines {len(typed)}, wholly right {len(right)} "
            f"(baseline); voiced ({len(spoken)} speakable) still right {kept}: "
            f"ratio {kept / max(1, len(spoken)):.3f}"
        )
        causes = Counter(_where_wrong(report) for _record, _voice, report in wrong)
        print("  where voiced lines go wrong:", dict(causes.most_common()))
        for record, voice, _report in wrong[: args.failures]:
            print(f"  {record['id']}: {voice['text']}")
            print(f"    typed:  {record['text']}")
            got = read(voice["text"], _now(voice)).to_json()["actions"]
            print("    got:   ", json.dumps(_brief(got), ensure_ascii=False))
            print("    want:  ", json.dumps(_brief(voice["actions"]), ensure_ascii=False))


def _now(record: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(record["now"]).astimezone(ZoneInfo(record["tz"]))


def _scored(record: dict[str, Any], read: Any) -> GoldReport:
    return evaluate_gold([record], read, name=record["id"])


def _where_wrong(report: GoldReport) -> str:
    if report.action_counts["right"] == 0:
        return "action count"
    if report.confusions:
        return "intent"
    lost = report.slot_misses.most_common(1)
    return f"slot {lost[0][0][0]}" if lost else "other"


def _brief(actions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"intent": a["intent"], **{k: v for k, v in a["slots"].items() if k != "summary"}}
        for a in actions
    ]


if __name__ == "__main__":
    main()

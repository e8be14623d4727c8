"""Checks on the parser's hand-written data in nlu/data/: the customer directory, the training
files and the held-out dev and exam files (shape, vocabulary, dates, counts, and that the held-out
lines are no copies of train)."""

import json
import re
from collections import Counter
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from rapidfuzz import fuzz, process

from nlu.cn_numerals import parse_chinese_number
from nlu.intents import DIALOGUE_ACTS as PARSER_DIALOGUE_ACTS
from nlu.intents import INTENTS as PARSER_INTENTS

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "nlu" / "data"
DEMO_CUSTOMERS = ROOT / "crm_core" / "demo_data" / "customers.json"

LANGS = ("zh", "en")
SPLITS = ("train", "dev")
FILES = [(lang, split) for lang in LANGS for split in SPLITS]
# Any other message file (a probe batch written to measure generalisation before it joins train)
# is held to the same shape and annotation rules; only the size minimums are train's and dev's.
CHECKED = FILES + sorted(
    (path.stem.split("_")[1], path.stem.split("_")[0])
    for path in DATA.glob("*_*.jsonl")
    if path.stem.split("_")[0] not in SPLITS and path.stem.split("_")[1] in LANGS
)
MIN_MESSAGES = {"train": 450, "dev": 150}
# Held out: never read by whoever changes the parser. exam2 and exam3 were read for diagnosis once
# their first scores were taken, and joined train; the names stay so a restored file is checked.
HELD_OUT = ("dev", "exam", "exam2", "exam3", "exam4", "exam5", "exam6", "exam7", "exam8")

INTENTS = set(PARSER_INTENTS)
DIALOGUE_ACTS = set(PARSER_DIALOGUE_ACTS)
SLOT_KEYS = {
    "customer",
    "contact",
    "interaction_type",
    "when",
    "amount",
    "priority",
    "ticket",
    "status",
    "product",
    "phone",
    "email",
}
ENUM_SLOTS = {
    "interaction_type": {"visit", "call", "meeting", "message", "note"},
    "priority": {"low", "normal", "high", "urgent"},
    "status": {"in_progress", "resolved", "closed", "reopened"},
}
GRAINS = {"year", "month", "week", "day", "hour", "minute"}
DATE_GRAINS = {"year", "month", "week", "day"}
CURRENCIES = {"CNY", "USD", "GBP", "SGD", "HKD", "MYR", "EUR", "INR", "AUD", "JPY", "AED", "SAR"}
RECORD_KEYS = {"id", "text", "lang", "style", "now", "tz", "actions"}

# Each intent (and dialogue act) must be represented at least this often (actions, per file).
MIN_PER_INTENT = {
    "train": {
        "log_interaction": 120,
        "schedule_followup": 80,
        "open_ticket": 60,
        "update_ticket": 40,
        "record_deal": 40,
        "query_customer": 40,
        "create_customer": 25,
        "list_agenda": 20,
        "loyalty_summary": 20,
        "help": 10,
        "unknown": 40,
        "confirm": 6,
        "cancel": 5,
        "undo": 5,
    },
    "dev": {
        "log_interaction": 35,
        "schedule_followup": 22,
        "open_ticket": 16,
        "update_ticket": 10,
        "record_deal": 10,
        "query_customer": 10,
        "create_customer": 6,
        "list_agenda": 5,
        "loyalty_summary": 5,
        "help": 2,
        "unknown": 10,
        "confirm": 2,
        "cancel": 2,
        "undo": 2,
    },
}
MIN_VOICE_SHARE = 0.25
MIN_MULTI_ACTION_SHARE = 0.10
NEAR_DUPLICATE = 90  # rapidfuzz ratio from which a held-out text counts as a copy of a train text

# Voice-to-text has no punctuation; a decimal point between digits is a number, not punctuation.
VOICE_PUNCTUATION = re.compile(r"[，。！？；：、,!?;:\"“”()（）]|\.(?!\d)|(?<!\d)\.")
EMAIL = re.compile(r"\S+@\S+\.\w+")
CHINESE_DIGITS = str.maketrans("零〇幺一二三四五六七八九", "001123456789")


Record = dict[str, Any]


@cache
def load(lang: str, split: str) -> tuple[Record, ...]:
    path = DATA / f"{split}_{lang}.jsonl"
    records = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            assert line.strip(), f"{path.name}:{number}: blank line"
            record = json.loads(line)
            assert isinstance(record, dict), f"{path.name}:{number}"
            records.append(record)
    return tuple(records)


@cache
def directory() -> tuple[Record, ...]:
    entries = json.loads((DATA / "directory.json").read_text(encoding="utf-8"))
    assert isinstance(entries, list)
    return tuple(entries)


def directory_names() -> set[str]:
    return {entry["name"] for entry in directory()}


def actions(records: tuple[Record, ...]) -> list[tuple[Record, Record]]:
    return [(record, action) for record in records for action in record["actions"]]


def label(record: Record) -> str:
    return f"{record['id']} {record['text']!r}"


SPOKEN_DIGITS = {
    word: str(value)
    for value, words in enumerate(
        ("zero oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
    )
    for word in words.split()
}


def digits(text: str) -> str:
    """The digits of a number as written, or dictated digit by digit ("zero eight zero")."""
    spoken = re.sub(
        r"\b(zero|oh|one|two|three|four|five|six|seven|eight|nine)\b",
        lambda m: SPOKEN_DIGITS[m.group(1).lower()],
        text,
        flags=re.IGNORECASE,
    )
    return re.sub(r"\D", "", spoken.translate(CHINESE_DIGITS))


def cardinals(text: str) -> list[str]:
    """Numbers said as numbers ("工单一千零二" is 1002), not digit by digit."""
    found = (
        parse_chinese_number(m) for m in re.findall(r"[零一幺二两三四五六七八九十百千]+", text)
    )
    return [str(int(value)) for value in found if value is not None]


def test_directory_is_the_demo_customers_in_order() -> None:
    demo = json.loads(DEMO_CUSTOMERS.read_text(encoding="utf-8"))
    expected = [
        {"id": number, "name": customer["name"], "aliases": list(customer.get("aliases", []))}
        for number, customer in enumerate(demo, 1)
    ]
    assert list(directory()) == expected


@pytest.mark.parametrize(("lang", "split"), CHECKED)
def test_records_have_the_documented_shape(lang: str, split: str) -> None:
    for number, record in enumerate(load(lang, split), 1):
        where = label(record)
        assert set(record) == RECORD_KEYS, where
        assert record["id"] == f"{lang}-{split}-{number:04d}", where
        assert record["lang"] == lang, where
        assert record["style"] in {"typed", "voice"}, where
        assert isinstance(record["text"], str), where
        assert record["text"], where
        assert record["text"] == record["text"].strip(), where
        now = datetime.fromisoformat(record["now"])
        zone = ZoneInfo(record["tz"])
        assert now.utcoffset() == now.replace(tzinfo=None).replace(tzinfo=zone).utcoffset(), where
        assert isinstance(record["actions"], list), where
        assert record["actions"], where


@pytest.mark.parametrize(("lang", "split"), CHECKED)
def test_ids_and_texts_are_unique(lang: str, split: str) -> None:
    records = load(lang, split)
    ids = Counter(record["id"] for record in records)
    texts = Counter(record["text"] for record in records)
    assert [i for i, n in ids.items() if n > 1] == []
    assert [t for t, n in texts.items() if n > 1] == []


@pytest.mark.parametrize(("lang", "split"), CHECKED)
def test_intents_and_slots_come_from_the_contract(lang: str, split: str) -> None:
    for record, action in actions(load(lang, split)):
        where = label(record)
        assert set(action) == {"intent", "slots"}, where
        assert action["intent"] in INTENTS | DIALOGUE_ACTS, where
        slots = action["slots"]
        assert isinstance(slots, dict), where
        assert set(slots) <= SLOT_KEYS, where
        if action["intent"] in DIALOGUE_ACTS:
            assert slots == {}, where
            assert len(record["actions"]) == 1, where
        for key, allowed in ENUM_SLOTS.items():
            if key in slots:
                assert slots[key] in allowed, where
        if "status" in slots:
            assert action["intent"] in {"update_ticket", "unknown"}, where


@pytest.mark.parametrize(("lang", "split"), CHECKED)
def test_customers_are_directory_names_or_marked_unknown(lang: str, split: str) -> None:
    names = directory_names()
    for record, action in actions(load(lang, split)):
        where = label(record)
        customer = action["slots"].get("customer")
        if customer is None:
            continue
        if isinstance(customer, str):
            assert customer in names, where
        else:
            assert set(customer) == {"unknown"}, where
            unknown = customer["unknown"]
            assert unknown not in names, where
            assert written_in(unknown, record), where


def _check_point(value: str, grain: str, zone: ZoneInfo, where: str) -> datetime | date:
    if grain in DATE_GRAINS:
        day = date.fromisoformat(value)
        assert len(value) == 10, where
        if grain == "week":
            assert day.weekday() == 0, f"{where}: a week starts on Monday"
        if grain in {"month", "year"}:
            assert day.day == 1, where
        if grain == "year":
            assert day.month == 1, where
        return day
    moment = datetime.fromisoformat(value)
    assert moment.tzinfo is not None, f"{where}: {value} has no offset"
    local = moment.replace(tzinfo=None)
    assert moment.utcoffset() == local.replace(tzinfo=zone).utcoffset(), (
        f"{where}: {value} does not carry the offset of {zone.key} on that date"
    )
    assert moment.second == 0, where
    if grain == "hour":
        assert moment.minute == 0, where
    return moment


@pytest.mark.parametrize(("lang", "split"), CHECKED)
def test_when_values_are_well_formed_in_the_line_time_zone(lang: str, split: str) -> None:
    for record, action in actions(load(lang, split)):
        when = action["slots"].get("when")
        if when is None:
            continue
        where = label(record)
        zone = ZoneInfo(record["tz"])
        assert isinstance(when, dict), where
        grain = when.get("grain")
        assert grain in GRAINS, where
        if "value" in when:
            assert set(when) == {"value", "grain"}, where
            _check_point(when["value"], grain, zone, where)
        else:
            assert set(when) == {"start", "end", "grain"}, where
            start = _check_point(when["start"], grain, zone, where)
            end = _check_point(when["end"], grain, zone, where)
            assert type(start) is type(end), where
            assert start < end, where


@pytest.mark.parametrize(("lang", "split"), CHECKED)
def test_amounts_are_numbers_with_a_currency(lang: str, split: str) -> None:
    for record, action in actions(load(lang, split)):
        amount = action["slots"].get("amount")
        if amount is None:
            continue
        where = label(record)
        assert set(amount) == {"value", "currency"}, where
        assert isinstance(amount["value"], int | float), where
        assert not isinstance(amount["value"], bool), where
        assert amount["value"] > 0, where
        assert amount["currency"] in CURRENCIES, where


def written_in(value: str, record: dict[str, Any]) -> bool:
    """A slot's text is the message's; in Chinese, spaces a recogniser put between characters
    ("周 主 任") are no part of the name."""
    text = record["text"].casefold()
    if record["lang"] == "zh":
        return re.sub(r"\s+", "", value.casefold()) in re.sub(r"\s+", "", text)
    return value.casefold() in text


@pytest.mark.parametrize(("lang", "split"), CHECKED)
def test_written_slots_are_found_in_the_text(lang: str, split: str) -> None:
    for record, action in actions(load(lang, split)):
        where = label(record)
        slots = action["slots"]
        for key in ("contact", "product", "email"):
            if key in slots:
                assert isinstance(slots[key], str), where
                assert slots[key].strip() == slots[key], where
                assert written_in(slots[key], record), f"{where}: {key} {slots[key]!r}"
        if "phone" in slots:
            assert re.fullmatch(r"\+?\d{7,15}", slots["phone"]), where
            assert slots["phone"].lstrip("+") in digits(record["text"]), where
        if "ticket" in slots:
            assert re.fullmatch(r"T-\d{4}", slots["ticket"]), where
            if record["style"] == "typed" or lang == "zh":
                number = slots["ticket"][2:]
                assert number in digits(record["text"]) or number in cardinals(record["text"]), (
                    where
                )


@pytest.mark.parametrize(("lang", "split"), FILES)
def test_minimum_counts_per_file_and_per_intent(lang: str, split: str) -> None:
    records = load(lang, split)
    assert len(records) >= MIN_MESSAGES[split]
    counts = Counter(action["intent"] for _, action in actions(records))
    short = {
        intent: (counts[intent], minimum)
        for intent, minimum in MIN_PER_INTENT[split].items()
        if counts[intent] < minimum
    }
    assert short == {}


@pytest.mark.parametrize(("lang", "split"), CHECKED)
def test_styles_and_multi_action_messages_are_well_represented(lang: str, split: str) -> None:
    records = load(lang, split)
    voice = [record for record in records if record["style"] == "voice"]
    assert len(voice) >= MIN_VOICE_SHARE * len(records)
    multi = [record for record in records if len(record["actions"]) > 1]
    assert len(multi) >= MIN_MULTI_ACTION_SHARE * len(records)
    # (a recogniser writes a dictated e-mail address as one)
    punctuated = [label(r) for r in voice if VOICE_PUNCTUATION.search(EMAIL.sub("", r["text"]))]
    assert punctuated == []


@pytest.mark.parametrize(("lang", "split"), CHECKED)
def test_reference_times_vary(lang: str, split: str) -> None:
    records = load(lang, split)
    nows = [datetime.fromisoformat(record["now"]) for record in records]
    # train and dev: every weekday, Sunday included, on a dozen days; a smaller batch less
    whole = split in SPLITS
    assert len({now.weekday() for now in nows}) >= (7 if whole else 5)
    assert len({now.date() for now in nows}) >= (12 if whole else 8)
    assert any(now.date() + timedelta(days=1) == date(now.year + 1, 1, 1) for now in nows)
    zones = {record["tz"] for record in records}
    if lang == "en" and whole:
        assert {"Europe/London", "Asia/Singapore"} <= zones
    if lang == "en":
        assert len(zones) >= 2


@pytest.mark.parametrize("lang", LANGS)
def test_held_out_messages_are_not_copies_of_training_messages(lang: str) -> None:
    training = load(lang, "train")
    train = [record["text"].casefold() for record in training]
    copies = []
    held_out = [split for split in HELD_OUT if (DATA / f"{split}_{lang}.jsonl").exists()]
    for record in (record for split in held_out for record in load(lang, split)):
        match = process.extractOne(
            record["text"].casefold(), train, scorer=fuzz.ratio, score_cutoff=NEAR_DUPLICATE
        )
        if match is not None:
            # Only the training line is named: whoever adds training data never sees dev text.
            copies.append((training[match[2]]["id"], round(match[1])))
    assert copies == []

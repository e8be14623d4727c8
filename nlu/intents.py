"""The deterministic intent layer: trigger phrases per intent, per language.

Triggers are data (resources/intents.json), matched case-insensitively; their hits feed the
intent decision in parser.py. Whole-message dialogue acts (对 / 取消 / undo) are matched exactly.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

INTENTS = (
    "log_interaction",
    "schedule_followup",
    "query_customer",
    "open_ticket",
    "update_ticket",
    "record_deal",
    "create_customer",
    "list_agenda",
    "loyalty_summary",
    "help",
    "unknown",
)
DIALOGUE_ACTS = ("confirm", "cancel", "undo")


def _load() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    data = json.loads((Path(__file__).parent / "resources" / "intents.json").read_text("utf-8"))
    triggers = {intent: _abbreviated(phrases) for intent, phrases in data["triggers"].items()}
    acts = {act: tuple(phrases) for act, phrases in data["dialogue_acts"].items()}
    return triggers, acts


# How English notes shorten the words of a trigger: "lunch w/ Tom", "mtg with Tanjong".
_SHORT_FORMS = (("with", "w/"), ("meeting", "mtg"), ("follow up", "f/u"), ("tomorrow", "tmrw"))


def _abbreviated(phrases: list[str]) -> tuple[str, ...]:
    """The phrases, and each Latin phrase again with its words written short."""
    out = list(phrases)
    for phrase in phrases:
        for word, short in _SHORT_FORMS:
            variant = re.sub(rf"\b{word}\b", short, phrase)
            if variant != phrase and variant not in out:
                out.append(variant)
    return tuple(out)


# Trigger phrases per intent and whole-message dialogue acts: vocabulary kept as data.
TRIGGERS, DIALOGUE_PHRASES = _load()

_ASCII_TRIGGERS = {
    intent: tuple(phrase for phrase in phrases if phrase.isascii())
    for intent, phrases in TRIGGERS.items()
}

# "登不上去了", "拿回来了": 去/来 after a direction completes another verb; nobody went anywhere.
_DIRECTIONAL = {"去了": "上下进出回过", "来了": "上下进出回过起"}
_PUNCTUATION = re.compile(r"[\s,.!?;:，。！？；：、~…]+")


@dataclass(frozen=True, slots=True)
class TriggerHit:
    intent: str
    start: int
    end: int
    phrase: str


def dialogue_act(text: str) -> str | None:
    """A whole message that is only a confirmation, a cancellation or an undo: one of the act's
    phrases, or English words that are all the act's ("nah cancel", "no no") around courtesy and
    fillers ("yes pls", "ok 👍", "uh undo that last one please")."""
    bare = _PUNCTUATION.sub(" ", text.casefold()).strip()
    for act, phrases in DIALOGUE_PHRASES.items():
        if bare in phrases or bare.replace(" ", "") in phrases:
            return act
    words = [w for w in bare.split() if w not in _COURTESY]
    if not words or len(words) > 6 or not all(w.isascii() or _EMOJI.fullmatch(w) for w in words):
        return None
    acts = {act for word in words for act, phrases in DIALOGUE_PHRASES.items() if word in phrases}
    if len(acts) != 1:
        return None
    act = acts.pop()
    if all(word in DIALOGUE_PHRASES[act] or word in _ACT_NEUTRAL for word in words):
        return act
    return None


# Words around a dialogue act that do not change it.
_COURTESY = frozenset("please pls plz thanks thx ta cheers uh um oh so well".split())
_ACT_NEUTRAL = frozenset(
    "that's thats that it is the one this last just do don't dont go on save entry change "
    "sounds good "
    "fine great perfect".split()
)
_EMOJI = re.compile(r"[\U0001F300-\U0001FAFF\u2600-\u27BF]+")


def trigger_hits(text: str) -> list[TriggerHit]:
    """Every trigger phrase in the text, leftmost first, longest first at a position."""
    lowered = f" {text.casefold()} "
    hits: list[TriggerHit] = []
    # An all-ASCII text holds no Chinese phrase: those are not looked for (a third of the time).
    table = _ASCII_TRIGGERS if lowered.isascii() else TRIGGERS
    for intent, phrases in table.items():
        for phrase in phrases:
            start = lowered.find(phrase)
            while start >= 0:
                if _bounded(lowered, start, start + len(phrase)) and lowered[
                    start - 1
                ] not in _DIRECTIONAL.get(phrase, ""):
                    hits.append(TriggerHit(intent, start - 1, start - 1 + len(phrase), phrase))
                start = lowered.find(phrase, start + 1)
    hits.sort(key=lambda hit: (hit.start, -(hit.end - hit.start)))
    kept: list[TriggerHit] = []
    for hit in hits:
        if kept and hit.start < kept[-1].end:
            continue
        kept.append(hit)
    return kept


def _bounded(text: str, start: int, end: int) -> bool:
    """Latin phrases must stand as words ("bug" not in "debugging")."""
    first, last = text[start], text[end - 1]
    if (
        first.isascii()
        and first.isalpha()
        and text[start - 1].isascii()
        and text[start - 1].isalpha()
    ):
        return False
    return not (last.isascii() and last.isalpha() and text[end].isascii() and text[end].isalpha())

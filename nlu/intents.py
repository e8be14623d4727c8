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
    triggers = {intent: tuple(phrases) for intent, phrases in data["triggers"].items()}
    acts = {act: tuple(phrases) for act, phrases in data["dialogue_acts"].items()}
    return triggers, acts


# Trigger phrases per intent and whole-message dialogue acts: vocabulary kept as data.
TRIGGERS, DIALOGUE_PHRASES = _load()

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
    """A whole message that is only a confirmation, a cancellation or an undo."""
    bare = _PUNCTUATION.sub(" ", text.casefold()).strip()
    for act, phrases in DIALOGUE_PHRASES.items():
        if bare in phrases or bare.replace(" ", "") in phrases:
            return act
    return None


def trigger_hits(text: str) -> list[TriggerHit]:
    """Every trigger phrase in the text, leftmost first, longest first at a position."""
    lowered = f" {text.casefold()} "
    hits: list[TriggerHit] = []
    for intent, phrases in TRIGGERS.items():
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

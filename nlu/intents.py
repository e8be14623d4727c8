"""The deterministic intent layer: trigger phrases per intent, per language.

Triggers are data (resources/intents.json), matched case-insensitively; their hits feed the
intent decision in parser.py. Whole-message dialogue acts (对 / 取消 / undo) are matched exactly.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
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


@cache
def _characters(phrases: tuple[str, ...]) -> frozenset[str]:
    return frozenset("".join(phrases)) | _ACT_FILLERS


# Sounds around a spoken yes or no: "嗯嗯可以的", "算了算了不要了吧".
_ACT_FILLERS = frozenset("嗯呃额啊吧呀哈哦噢的了嘛")
# "把上一条删了吧", "撤回刚刚那个工单": taking back the last record, named by when it was made.
_UNDO_ZH = re.compile(
    r"^(?:帮我)?把?(?:上一条|刚才|刚刚|前一条)(?:那条|那个|记的|的)?[\u4e00-\u9fff]{0,6}?"
    r"(?:删了|删掉|删除|撤了|撤掉|撤回|撤销)$"
    r"|^(?:撤回|撤销|撤掉|删掉|删除)(?:上一条|刚才|刚刚|前一条)(?:那条|那个|记的|的)?[\u4e00-\u9fff]{0,6}$"
)


def dialogue_act(text: str) -> str | None:
    """A whole message that is only a confirmation, a cancellation or an undo."""
    bare = _PUNCTUATION.sub(" ", text.casefold()).strip()
    for act, phrases in DIALOGUE_PHRASES.items():
        if bare in phrases or bare.replace(" ", "") in phrases:
            return act
    joined = bare.replace(" ", "")
    if not joined or not all("\u4e00" <= char <= "\u9fff" for char in joined):
        return None
    for act, phrases in DIALOGUE_PHRASES.items():
        if _spoken_as(joined, phrases):
            return act
    core = joined.lstrip("嗯呃额").rstrip("吧啊呀")
    return "undo" if _UNDO_ZH.match(core) else None


def _spoken_as(text: str, phrases: tuple[str, ...]) -> bool:
    """The text is nothing but these phrases, said once or again, and filler sounds."""
    if len(text) > 16 or not set(text) <= _characters(phrases):
        return False
    words = [p for p in phrases if p and all("\u4e00" <= char <= "\u9fff" for char in p)]
    covered = [True] + [False] * len(text)  # covered[i]: text[:i] is phrases and fillers
    said = [False] * (len(text) + 1)  # some phrase (not only fillers) covers text[:i]
    for end in range(1, len(text) + 1):
        for word in words:
            start = end - len(word)
            if start >= 0 and covered[start] and text[start:end] == word:
                covered[end] = said[end] = True
        if text[end - 1] in _ACT_FILLERS and covered[end - 1]:
            covered[end] = True
            said[end] = said[end] or said[end - 1]
    return covered[-1] and said[-1]


def trigger_hits(text: str) -> list[TriggerHit]:
    """Every trigger phrase in the text, leftmost first, longest first at a position."""
    lowered = f" {text.casefold()} "
    present = set(lowered)  # a phrase whose first character is absent cannot occur
    hits: list[TriggerHit] = []
    for intent, phrases in TRIGGERS.items():
        for phrase in phrases:
            if phrase[:1] not in present:
                continue
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

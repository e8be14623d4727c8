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


@cache
def _characters(phrases: tuple[str, ...]) -> frozenset[str]:
    return frozenset("".join(phrases)) | _ACT_FILLERS


# Sounds around a spoken yes or no: "嗯嗯可以的", "算了算了不要了吧".
_ACT_FILLERS = frozenset("嗯呃额啊吧呀哈哦噢的了嘛")
# "把上一条删了吧", "撤回刚刚那个工单", "刚才那条帮我撤回一下", "刚才那条能撤销吗": taking back the
# last record, named by when it was made, however the request is dressed ("刚才签的单子对方撤了"
# is news: the customer withdrew).
_UNDO_TARGET = r"(?:上一条|上一步|刚才|刚刚|前一条|最后一条|最后那条)(?:那条|那个|记的|的)?"
_UNDO_VERB = r"(?:删了|删掉|删除|撤了|撤掉|撤回|撤销|撤)(?:一下)?了?"
_UNDO_LEAD = r"(?:能不能|可不可以|可以|麻烦|请|哎呀|哎|唉)?(?:帮我|给我)?"
_UNDO_ZH = re.compile(
    rf"^{_UNDO_LEAD}把?{_UNDO_TARGET}(?:(?!对方|客户|他|她)[\u4e00-\u9fff]){{0,6}}?"
    rf"(?:帮我|给我|能不能|能|可以)?{_UNDO_VERB}吗?$"
    rf"|^{_UNDO_LEAD}(?:撤回|撤销|撤掉|删掉|删除)(?:一下)?{_UNDO_TARGET}[\u4e00-\u9fff]{{0,6}}$"
    # "撤一下", "记错了帮我撤回": the record just made, named by nothing else
    rf"|^{_UNDO_LEAD}(?:[记录写搞弄]错了)?(?:帮我|给我)?(?:撤回|撤销|撤掉|撤|删掉)(?:一下)?$"
)


def dialogue_act(text: str) -> str | None:
    """A whole message that is only a confirmation, a cancellation or an undo: one of the act's
    phrases, or English words that are all the act's ("nah cancel", "no no") around courtesy and
    fillers ("yes pls", "ok 👍", "uh undo that last one please")."""
    bare = _PUNCTUATION.sub(" ", text.casefold()).strip()
    for act, phrases in DIALOGUE_PHRASES.items():
        if bare in phrases or bare.replace(" ", "") in phrases:
            return act
    words = [w for w in bare.split() if w not in _COURTESY]
    if words and all(w.isascii() or _EMOJI.fullmatch(w) for w in words):
        return _english_act(words)
    joined = bare.replace(" ", "")
    if not joined or not all("\u4e00" <= char <= "\u9fff" for char in joined):
        return None
    for act, phrases in DIALOGUE_PHRASES.items():
        if _spoken_as(joined, phrases):
            return act
    core = joined.lstrip("嗯呃额").rstrip("吧啊呀")
    return "undo" if _UNDO_ZH.match(core) else None


def _english_act(words: list[str]) -> str | None:
    """Short English words that all say one act, with neutral words around them."""
    if len(words) > 6:
        return None
    acts = {act for word in words for act, phrases in DIALOGUE_PHRASES.items() if word in phrases}
    if len(acts) != 1:
        return None
    act = acts.pop()
    if all(word in DIALOGUE_PHRASES[act] or word in _ACT_NEUTRAL for word in words):
        return act
    return None


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
    present = set(lowered)  # a phrase whose first character is absent cannot occur
    hits: list[TriggerHit] = []
    # An all-ASCII text holds no Chinese phrase: those are not looked for (a third of the time).
    table = _ASCII_TRIGGERS if lowered.isascii() else TRIGGERS
    for intent, phrases in table.items():
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

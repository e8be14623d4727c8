"""The deterministic intent layer: trigger phrases per intent, per language.

Triggers are data (resources/intents.json), matched case-insensitively; their hits feed the
intent decision in parsing/decide.py.
Whole-message dialogue acts (对 / 取消 / undo) are matched exactly.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import ahocorasick

from nlu.acts_en import without_reason
from nlu.regex_scout import scouted
from nlu.script_zh import simplified

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
# The intents that write a record: the engine writes a typed message's actions at once only when
# every one of these is sure, and the eval's calibration lines count the same way.
WRITE_INTENTS = frozenset(
    {
        "log_interaction",
        "schedule_followup",
        "open_ticket",
        "update_ticket",
        "record_deal",
        "create_customer",
    }
)


def _load() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    data = json.loads((Path(__file__).parent / "resources" / "intents.json").read_text("utf-8"))
    triggers = {
        intent: _abbreviated(_folded(phrases)) for intent, phrases in data["triggers"].items()
    }
    acts = {act: tuple(_folded(phrases)) for act, phrases in data["dialogue_acts"].items()}
    return triggers, acts


def _folded(phrases: list[str]) -> list[str]:
    """The phrases as the parser reads them, traditional characters written simplified
    (`script_zh`): "當機" is read 当机, once."""
    return list(dict.fromkeys(simplified(phrase) for phrase in phrases))


# How English notes shorten the words of a trigger: "lunch w/ Tom", "mtg with Tanjong".
_SHORT_FORMS = (("with", "w/"), ("meeting", "mtg"), ("follow up", "f/u"), ("tomorrow", "tmrw"))


# How speech (and the recogniser writing it down) says the words of a Chinese trigger: northern
# colloquial 啥/咋 for 什么/怎么, 今儿/明儿 for 今天/明天 ("今儿都有啥安排", "咋样了", "啥情况").
_SPOKEN_FORMS = (
    ("什么", "啥"),
    ("怎么", "咋"),
    ("今天", "今儿"),
    ("明天", "明儿"),
    ("干嘛", "干啥"),
)


def _abbreviated(phrases: list[str]) -> tuple[str, ...]:
    """The phrases, each Latin phrase again with its words written short, and each Chinese
    phrase again as it is said colloquially."""
    out = list(phrases)
    for phrase in phrases:
        for word, short in _SHORT_FORMS:
            variant = re.sub(rf"\b{word}\b", short, phrase)
            if variant != phrase and variant not in out:
                out.append(variant)
        spoken = phrase
        for word, said in _SPOKEN_FORMS:
            spoken = spoken.replace(word, said)
        for variant in {spoken, *(phrase.replace(w, s) for w, s in _SPOKEN_FORMS)}:
            if variant != phrase and variant not in out:
                out.append(variant)
    return tuple(out)


# Trigger phrases per intent and whole-message dialogue acts: vocabulary kept as data.
TRIGGERS, DIALOGUE_PHRASES = _load()

_ASCII_TRIGGERS = {
    intent: tuple(phrase for phrase in phrases if phrase.isascii())
    for intent, phrases in TRIGGERS.items()
}


def _automaton(table: dict[str, tuple[str, ...]]) -> ahocorasick.Automaton:
    """All the phrases in one Aho-Corasick automaton (one pass over the text instead of a find
    per phrase: ~95 -> ~15 us a message), each with its intents in the table's order."""
    intents_of: dict[str, list[str]] = {}
    for intent, phrases in table.items():
        for phrase in phrases:
            intents_of.setdefault(phrase, []).append(intent)
    automaton = ahocorasick.Automaton()
    for phrase, intents in intents_of.items():
        automaton.add_word(phrase, (phrase, tuple(intents)))
    automaton.make_automaton()
    return automaton


_AUTOMATON = _automaton(TRIGGERS)
_ASCII_AUTOMATON = _automaton(_ASCII_TRIGGERS)

# "登不上去了", "拿回来了": 去/来 after a direction completes another verb; nobody went anywhere.
# "换成交互式平板", "改成交流电": 成 completes 换/改/变, and 交 begins the next word; no deal.
_DIRECTIONAL = {"去了": "上下进出回过", "来了": "上下进出回过起", "成交": "换改变"}
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
_ACT_FILLERS = frozenset("嗯呃额啊吧呀哈哦噢的了嘛啦")
# "把上一条删了吧", "撤回刚刚那个工单", "刚才那条帮我撤回一下", "刚才那条能撤销吗": taking back the
# last record, named by when it was made, however the request is dressed ("刚才签的单子对方撤了"
# is news: the customer withdrew).
# ("撤回我刚才发的", "刚录的那个撤掉", "撤回上一个操作": the record named by its making too)
_UNDO_TARGET = (
    r"(?:上一条|上一步|上一个|上条|刚才|刚刚|刚(?=那)|前一条|前面那条|最后一条|最后那条|"
    r"我?刚(?:才|刚)?[说发记录写填加建]的)(?:那条|那个|记的|的)?(?:操作)?"
)
_UNDO_VERB = r"(?:删了|删掉|删除|撤了|撤掉|撤回去|撤回|撤销|撤|删)(?:一下)?掉?了?"
_UNDO_LEAD = r"(?:能不能|可不可以|可以|麻烦|请|哎呀|哎|唉)?(?:帮我|给我)?"
_UNDO_ZH = scouted(
    rf"^{_UNDO_LEAD}把?{_UNDO_TARGET}(?:(?!对方|客户|他|她)[\u4e00-\u9fff]){{0,8}}?"
    rf"(?:帮我|给我|能不能|能|可以)?{_UNDO_VERB}吗?$"
    rf"|^{_UNDO_LEAD}(?:撤回|撤销|撤掉|删掉|删除|回退|退回)(?:一下)?(?:到)?{_UNDO_TARGET}"
    r"[\u4e00-\u9fff]{0,6}$"
    # "取消上一条", "取消刚才那条跟进": a record named and nothing more (but "取消，刚才那个客户
    # 选错了" cancels the question asked)
    rf"|^{_UNDO_LEAD}取消(?:一下)?{_UNDO_TARGET}(?:那条|那个)?(?:记录|跟进|工单|成交|拜访)?$"
    # "刚刚那条作废", "刚才那个不算": the record just made, declared void
    # "刚才那条错了", "上一条取消掉": declared wrong, or called off
    rf"|^{_UNDO_LEAD}{_UNDO_TARGET}(?:那条|那个)?(?:记录)?"
    r"(?:作废|不算|不要了|[记弄搞写]?错了|有误|取消掉?)了?$"
    # "撤一下", "记错了帮我撤回": the record just made, named by nothing else
    rf"|^{_UNDO_LEAD}(?:[记录写搞弄]错了)?(?:帮我|给我)?(?:撤回|撤销|撤掉|撤|删掉|回退)(?:一下)?了?$"
    # "能撤回吗", "可以帮我撤销一下不": asked for, not asked about (that is "怎么撤销")
    r"|^(?:能|可以|能不能|可不可以)(?:帮我)?(?:撤回|撤销)(?:一下)?(?:吗|不|嘛)?$"
)


def dialogue_act(text: str) -> str | None:
    """A whole message that is only a confirmation, a cancellation or an undo: one of the act's
    phrases, or English words that are all the act's ("nah cancel", "no no") around courtesy and
    fillers ("yes pls", "ok 👍", "uh undo that last one please")."""
    bare = _PUNCTUATION.sub(" ", text.casefold()).strip()
    for act, phrases in DIALOGUE_PHRASES.items():
        if bare in phrases or bare.replace(" ", "") in phrases:
            return act
    words = [w for w in bare.split() if w not in _COURTESY and w.strip("-–—")]
    if words and all(w.isascii() or _EMOJI.fullmatch(w) for w in words):
        for act, phrases in DIALOGUE_PHRASES.items():
            if " ".join(words) in phrases:
                return act  # "ah forget about it": a phrase among fillers
        said = _english_act(words) or _english_undo(" ".join(words))
        rest = None if said else without_reason(" ".join(words))  # "… i said the wrong customer"
        return said or (rest and (_english_act(rest.split()) or _english_undo(rest))) or None
    joined = bare.replace(" ", "")
    if not joined or not all("\u4e00" <= char <= "\u9fff" for char in joined):
        return None
    joined = _THANKS_ZH.sub("", joined) or joined  # "不用了谢谢": a cancel, said politely
    joined = _WAIT_ZH.sub("", joined) or joined  # "等一下先不要保存": the pause before it
    joined = _SOFTENER_ZH.sub("", joined) or joined  # "撤回一下吧"
    for act, phrases in DIALOGUE_PHRASES.items():
        if _spoken_as(joined, phrases):
            return act
    core = _NO_FIRST_ZH.sub("", joined.lstrip("嗯呃额").rstrip("吧啊呀"))  # "不对不对 撤回刚才的"
    if _CANCEL_TAIL_ZH.match(core) or _CANCEL_TAIL_ZH.match(_REASON_ZH.sub("", core)):
        return "cancel"  # "别记了 客户搞错了": called off, and why
    return "undo" if _UNDO_ZH.match(core) or _UNDO_ZH.match(_undo_core(joined)) else None


def _undo_core(text: str) -> str:
    """The undo request inside a spoken one: without the fillers and the giving-up before it
    ("嗯那个算了刚刚那条撤了吧"), the reason after it ("撤销撤销 记错客户了", "删掉吧说错了")
    and the verb said twice ("撤回撤回刚才那条")."""
    core = _SPOKEN_LEAD_ZH.sub("", text)
    core = _REASON_ZH.sub("", _REDO_ZH.sub("", core)).rstrip("吧啊呀嘛")
    return _SAID_TWICE_ZH.sub(r"\1", core)


# "delete the note I just added", "scrap the last one", "remove what you just logged": taking
# back the last record, named by being the last or just made.
_UNDO_EN = re.compile(
    r"^(?:can you |could you |pls |please )?(?:delete|remove|scrap|scratch|bin|drop|kill|undo|"
    r"revert|reverse|take back|take|get rid of)\s+(?:that |the |this |my |what )?"
    r"(?:(?:last|previous|latest) )?(?:one|note|entry|record|log|change|thing|ticket|deal|visit|"
    r"follow-?up|item|message|call)?\s*(?:(?:that |which )?(?:i|you|we) )?(?:just )?"
    r"(?:added|logged|made|saved|entered|did|created|put in|recorded|wrote|sent|typed|posted)?"
    r"\s*(?:back)?$"
)
_UNDONE_LATELY = re.compile(r"\b(?:last|previous|latest|just)\b")


def _english_undo(text: str) -> str | None:
    """A delete of the record just made; "delete Pemberton" names no last record, so it is not."""
    if _UNDO_EN.match(text) and _UNDONE_LATELY.search(text):
        return "undo"
    # "oops wrong customer on that last one, undo pls", "please undo the last entry I put the
    # wrong customer": the undo said with why
    if (
        len(text.split()) <= 14
        and _UNDO_WORD.search(text)
        and (_UNDONE_LATELY.search(text) or _UNDO_REASON.search(text))
    ):
        return "undo"
    return None


_UNDO_WORD = re.compile(r"\b(?:undo|roll\s+(?:it|that|this)\s+back)\b")
_UNDO_REASON = re.compile(r"\b(?:wrong|mistake|oops|typo|by\s+accident|accidentally)\b")


def _english_act(words: list[str]) -> str | None:
    """Short English words that all say one act, with neutral words around them. An undo said
    with a no ("wrong, undo it", "no no undo") is the undo: the no is why."""
    if len(words) > 8:  # "that was the wrong account, remove it"
        return None
    acts: set[str] = set()
    position = 0
    while position < len(words):
        # The longest act phrase starting here ("never mind", "leave it", "go for it").
        for size in (3, 2, 1):
            phrase = " ".join(words[position : position + size])
            said = [act for act, phrases in DIALOGUE_PHRASES.items() if phrase in phrases]
            if said and position + size <= len(words):
                acts.update(said)
                position += size
                break
        else:
            if words[position] not in _ACT_NEUTRAL:
                return None
            position += 1
    if acts == {"cancel", "undo"}:
        acts = {"undo"}
    if acts == {"confirm", "cancel"} and any(
        a in ("yeah", "yes", "ok", "okay") and b == "no" for a, b in itertools.pairwise(words)
    ):
        acts = {"cancel"}  # "uh yeah no cancel that one": "yeah no" is a no
    return acts.pop() if len(acts) == 1 else None


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


# "这个先放着吧不记", "蓝湾那条不用记了": a short message that ends by not recording.
_CANCEL_TAIL_ZH = re.compile(
    r"^[\u4e00-\u9fff]{0,8}?(?:不记|别记|不用记|不要记|不弄|别弄|不用弄|"
    # "算了 不建了", "先别加了": the record being made called off
    r"不建|别建|不用建|不加|别加|不用加|不录|别录|不存|别存)了?$"
)
# "整岔劈了", "弄岔了": northern speech for got it wrong
_WRONG_ZH = r"错了|记错了|搞错了|[整弄搞记][岔差]劈?了|整错了"
_NO_FIRST_ZH = re.compile(rf"^(?:不对|{_WRONG_ZH}|不是)+")
_SPOKEN_LEAD_ZH = re.compile(rf"^(?:[嗯呃额哎唉]|那个|就是|算了|不对|不是|{_WRONG_ZH})+")
# Why the record is taken back, said after the request: "记错客户了", "客户写错了", "发错了".
_REASON_ZH = re.compile(
    r"(?:客户|工单号?|金额|时间|日期|名字|内容|联系人)?[记写发说搞弄填输打录]错(?:客户|人|了)?了?$"
)
# "刚才那条删了重新记": what the rep will do after the undo.
_REDO_ZH = scouted(r"(?:我|然后)?重新(?:记|录|发|来|写)(?:一下|一条|一遍)?$")
_SAID_TWICE_ZH = scouted(r"^((?:撤|删|回)[\u4e00-\u9fff])\1")
_SOFTENER_ZH = re.compile(r"一下(?=[吧啊呀]*$)")
_WAIT_ZH = re.compile(r"^(?:等一下|等等|等下|稍等|慢着|先等等)")
_THANKS_ZH = re.compile(r"^(?:谢谢|多谢)|(?:谢谢|谢啦|谢了|多谢)(?:你|您)?(?:啦|了|哈)?$")
# Words around a dialogue act that do not change it.
_COURTESY = frozenset(
    # "kindly cancel the same": Indian English asks as kindly as please
    "please pls plz kindly thanks thx ta cheers uh um oh so well ah hmm er erm oops ugh hey".split()
)
_ACT_NEUTRAL = frozenset(
    "that's thats that it is the one this last just do don't dont go on save entry change was same "
    "sounds good customer account company contact name "
    "fine great perfect after all and ahead now "
    # dictation taking itself back: "no no wait cancel that"
    "wait actually hold hang "
    # "log it as is": how to keep it
    "as".split()
)
_EMOJI = re.compile(r"[\U0001F300-\U0001FAFF\u2600-\u27BF]+")


def trigger_hits(text: str) -> list[TriggerHit]:
    """Every trigger phrase in the text, leftmost first, longest first at a position."""
    lowered = f" {text.casefold()} "
    hits: list[TriggerHit] = []
    # An all-ASCII text holds no Chinese phrase: those are not looked for.
    automaton = _ASCII_AUTOMATON if lowered.isascii() else _AUTOMATON
    for last, (phrase, intents) in automaton.iter(lowered):
        start = last + 1 - len(phrase)
        if _bounded(lowered, start, last + 1) and lowered[start - 1] not in _DIRECTIONAL.get(
            phrase, ""
        ):
            hits.extend(TriggerHit(intent, start - 1, last, phrase) for intent in intents)
    # A phrase padded to stand as a word (" po ") starts where its word starts: a longer phrase
    # from that word ("po received") is the one read.
    hits.sort(key=lambda hit: (_word_start(hit), -(hit.end - _word_start(hit))))
    kept: list[TriggerHit] = []
    for hit in hits:
        if kept and hit.start < kept[-1].end:
            continue
        kept.append(hit)
    return kept


def _word_start(hit: TriggerHit) -> int:
    return hit.start + len(hit.phrase) - len(hit.phrase.lstrip())


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

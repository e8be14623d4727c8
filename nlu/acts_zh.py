"""A Chinese yes, no or undo said with its reason: still the dialogue act.

Reps rarely answer the assistant's read-back with a bare "取消": they say why and what they will
do instead — "先别保存了 信息不全 取消吧 我回头问清楚再录", "不用建了，这家我问了同事，他们早就在
系统里了", "刚那条的日子我说错了 先给我撤掉 我等下重新讲一遍", "对的没毛病，就这么存吧". Each
sentence is either the act (one of the act's phrases, "不用建了", "就这么存吧") or a reason or a
promise about the record ("说错了", "信息不全", "早就在系统里", "重新讲一遍"); none names a day, a
clock, a number or (the parser checks) a customer, so nothing in the message is CRM news.
"""

from __future__ import annotations

import re

from nlu.intents import dialogue_act

_PIECES = re.compile(r"[，,。.！!？?；;、\s…~～]+")
# Sentences the act is said in beyond the phrase list: "不用建了", "别存了", "就这么存吧".
_NO_NEED = re.compile(
    r"(?:那|那就|先|还是)?(?:不用|不要|别|先别|不必|没必要)(?:再)?"
    r"(?:建|新建|创建|录|录入|存|保存|记|加|添加|提交)(?:了|啦|吧|啊)*"
)
# 西南 "要得" is a yes; "就这样" / "就这么定了" agree to what was read back.
_AGREED = re.compile(
    r"(?:(?:对|是|好|没毛病|没问题|没错|可以|行|要得|就这样|就这么定了?)[的啊吧呀啦哈嘛]?)+"
)
_SAVE = re.compile(
    r"(?:那|那就|就)?(?:这么|这样|这样子|直接)?(?:存|保存|记|录|提交)(?:起来|进去|下来|上)?(?:吧|了|啊)*"
)
_LEAD = re.compile(r"^(?:先|那就|那|就|还是)")
# Why, and what the rep will do instead: said wrong, incomplete, already there, to be redone.
_REASON = re.compile(
    r"错|不全|不对|不准|不完整|重新|重录|再录|再讲|再说|再记|再发|再建|问清楚|搞清楚|弄清楚|核实|核对|"
    r"问了|同事|系统里|已经有|早就有|早就在|建过|录过|加过|重复|等下|等会|待会|回头|晚点"
)
# Anything that would make a sentence news: a day, a clock, a number.
_NEWS = re.compile(
    r"[0-9０-９]|[今明后後昨前]天|周[一二三四五六日天末]|礼拜|星期|[上下这本]个?月|"
    r"[一二三四五六七八九十两]+(?:点|號|号|万|千|百|台|个)"
)


def _act_of(piece: str) -> str | None:
    act = dialogue_act(piece)
    if act is None:
        bare = _LEAD.sub("", piece)
        act = dialogue_act(bare) if bare else None
    if act is not None:
        return act
    if _NO_NEED.fullmatch(piece):
        return "cancel"
    if _AGREED.fullmatch(piece) or _SAVE.fullmatch(piece):
        return "confirm"
    return None


def act_with_reasons(text: str) -> str | None:
    """The dialogue act of a message of several sentences, each the act itself or a reason or
    promise about the record, with no day, time or number anywhere; None otherwise."""
    if len(text) > 60 or _NEWS.search(text):
        return None
    pieces = [p for p in _PIECES.split(text.strip()) if p]
    if len(pieces) < 2 or not all("\u4e00" <= c <= "\u9fff" for p in pieces for c in p):
        return None
    acts: set[str] = set()
    for piece in pieces:
        act = _act_of(piece)
        if act is not None:
            acts.add(act)
        elif _REASON.search(piece) is None:
            return None
    if "undo" in acts:  # "不对…撤掉": the no is the reason, the undo what is asked
        acts.discard("cancel")
    return acts.pop() if len(acts) == 1 else None

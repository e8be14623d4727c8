"""The text the time grammars match: width- and case-folded, traditional characters simplified.

Every replacement is one character for one character after `nlu.text.fold`, and dictation
noise is dropped with its offsets, so the offset map still points each matched character back
into the user's text.
"""

from __future__ import annotations

import re

from nlu.text import fold

# Traditional forms of the characters in time words and festival names -> simplified.
_PAIRS = (
    "週周 個个 禮礼 號号 點点 鐘钟 時时 後后 這这 兩两 聽听 尋寻 晝昼 現现 當当 來来 "
    "節节 勞劳 動动 兒儿 婦妇 軍军 聖圣 誕诞 萬万 歸归 紀纪 門门 費费 權权 齋斋 開开 "
    "爾尔 復复 難难 東东 樹树 靈灵 臨临 間间 過过 國国 慶庆 陽阳 曆历 歷历 農农 會会 "
    "頭头 於于 裡里 幾几 內内 燈灯 體体 猶犹 雙双 淩凌 設设 餅饼 闆板"
)
_TABLE = str.maketrans({pair[0]: pair[1] for pair in _PAIRS.split()})
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[a-z]")
_DIGIT = re.compile(r"\d")


# Dictation noise inside an English time: a filler ("at um three") or a word said twice ("on
# the the twentieth"). Dropped from the matched text; the offset map keeps the rest in place.
_NOISE = re.compile(
    r"(?<![a-z'])(?:(?:um+|uh+|erm)\s+(?=[a-z0-9])|(?P<word>[a-z]+)\s+(?=(?P=word)(?![a-z'])))"
)


def normalize(text: str) -> tuple[str, list[int]]:
    """The folded text and, per folded character, the index of the original character."""
    folded, origin = fold(text)
    folded = folded.translate(_TABLE)
    if not _NOISE.search(folded):
        return folded, origin
    kept_text: list[str] = []
    kept_origin: list[int] = []
    position = 0
    for match in _NOISE.finditer(folded):
        kept_text.append(folded[position : match.start()])
        kept_origin.extend(origin[position : match.start()])
        position = match.end()
    kept_text.append(folded[position:])
    kept_origin.extend(origin[position:])
    return "".join(kept_text), kept_origin


def scripts(text: str) -> tuple[bool, bool, bool]:
    """Whether the folded text holds Chinese, Latin letters, digits: which grammars to run."""
    return (
        _CJK.search(text) is not None,
        _LATIN.search(text) is not None,
        _DIGIT.search(text) is not None,
    )

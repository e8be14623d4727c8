"""Traditional characters (Taiwan, Hong Kong writers) read as simplified, one character for one.

The parser's rules, word lists, time grammar and the customer directory are written in simplified
characters; `simplified` folds a message once before any rule reads it. The table is OpenCC's
traditional-to-simplified character table (`t2s`), each character converted on its own so no
phrase mapping can change the text's length: offsets into the folded text are offsets into the
text as written, and `as_written` takes a value read from the folded text back to the writer's
characters (a product "監護儀", a contact "陳協理").
"""

from __future__ import annotations

from functools import cache

import opencc

# CJK unified ideographs, extension A and the compatibility block: every character OpenCC's
# character table can fold.
_BLOCKS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
# a fold lands in the common block: Cantonese 嗰 stays 嗰, not a rare simplified form the rules
# never read
_COMMON = (0x4E00, 0x9FFF)


@cache
def _table() -> dict[int, str]:
    """Each traditional character and its simplified form, where that is one character."""
    chars = [chr(code) for start, end in _BLOCKS for code in range(start, end + 1)]
    # one character a line: OpenCC's phrase table never spans a line break
    folded = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    if len(folded) != len(chars):  # pragma: no cover - a converter that joined lines
        return {}
    table = {
        ord(char): simple
        for char, simple in zip(chars, folded, strict=True)
        if simple != char and len(simple) == 1 and _COMMON[0] <= ord(simple) <= _COMMON[1]
    }
    return table | {ord(char): mandarin for char, mandarin in _CANTONESE.items()}


# Cantonese written words the rules read as their Mandarin one-for-one ("食咗個lunch" is 了, "陳生
# 嘅報價" 的, "佢哋" 他们, "冇問題" 没): Hong Kong writers' aspect and particles, so a trigger or a
# rule written with 了 reads 咗 too (a slot still quotes what was written, see `as_written`).
_CANTONESE = {"咗": "了", "嘅": "的", "佢": "他", "冇": "没"}


def simplified(text: str) -> str:
    """The text with traditional characters written simplified; same length, English as is."""
    if text.isascii():
        return text
    return text.translate(_table())


def as_written(value: str, folded: str, written: str, near: int = 0) -> str:
    """`value`, read from `folded` (= `simplified(written)`), in the characters the writer used:
    the same span of `written`, the first from `near` on (else the first anywhere). A value not
    found in the folded text (a directory name, a number) is returned as it is."""
    if value.isascii() or value in written:
        return value
    at = folded.find(value, near)
    if at < 0:
        at = folded.find(value)
    if at < 0:
        return value
    original = written[at : at + len(value)]
    return original if simplified(original) == value else value

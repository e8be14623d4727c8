"""Text folding shared by the parser: width and case folding with an offset map, pinyin."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from pypinyin.pinyin_dict import pinyin_dict


def is_cjk(char: str) -> bool:
    code = ord(char)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF


@lru_cache(maxsize=65536)
def fold_char(char: str) -> str:
    """NFKC + casefold of one character (full-width Ａ -> a, ３ -> 3, （ -> ()."""
    return unicodedata.normalize("NFKC", char).casefold()


def fold(text: str) -> tuple[str, list[int]]:
    """Folded text and, for each folded character, the index of the original character."""
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        piece = fold_char(char)
        folded.append(piece)
        origin.extend([index] * len(piece))
    return "".join(folded), origin


@lru_cache(maxsize=65536)
def syllable(char: str) -> str:
    """The toneless pinyin of a Chinese character (its most common reading), or '' if none.

    Speech recognisers confuse characters that sound alike (兰湾 for 蓝湾); comparing toneless
    syllables catches that.
    """
    readings = pinyin_dict.get(ord(char))
    if not readings:
        return ""
    first = readings.split(",", 1)[0]
    bare = unicodedata.normalize("NFKD", first)
    return "".join(c for c in bare if not unicodedata.combining(c)).replace("ü", "v")

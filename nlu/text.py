"""Text folding shared by the parser: width and case folding with an offset map, pinyin."""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path


def _load_pinyin_table() -> dict[int, str]:
    """pypinyin's single-character readings, loaded without importing the package: `import
    pypinyin` also loads its phrase dictionary (about 55 MB resident), which we never use."""
    package = importlib.util.find_spec("pypinyin")
    if package is None or not package.submodule_search_locations:
        raise ModuleNotFoundError("pypinyin")
    location = Path(next(iter(package.submodule_search_locations))) / "pinyin_dict.py"
    spec = importlib.util.spec_from_file_location("_nlu_pinyin_table", location)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(str(location))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    table: dict[int, str] = module.pinyin_dict
    return table


pinyin_dict = _load_pinyin_table()


def is_cjk(char: str) -> bool:
    code = ord(char)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF


_STABLE = re.compile(r"[\x20-\x7e\u4e00-\u9fff]*")


@lru_cache(maxsize=65536)
def fold_char(char: str) -> str:
    """NFKC + casefold of one character (full-width Ａ -> a, ３ -> 3, （ -> ()."""
    return unicodedata.normalize("NFKC", char).casefold()


def fold(text: str) -> tuple[str, list[int]]:
    """Folded text and, for each folded character, the index of the original character."""
    if _STABLE.fullmatch(text):  # one character each, NFKC leaves them alone (see fold_text)
        return text.casefold(), list(range(len(text)))
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        piece = fold_char(char)
        folded.append(piece)
        origin.extend([index] * len(piece))
    return "".join(folded), origin


def fold_text(text: str) -> str:
    """`fold` without the offsets: printable ASCII and common Chinese characters fold as a whole
    string (NFKC leaves them alone), anything else character by character, as `fold` does."""
    if _STABLE.fullmatch(text):
        return text.casefold()
    return "".join(fold_char(char) for char in text)


def syllables(char: str) -> tuple[str, ...]:
    """Every toneless reading of a Chinese character, the most common first (晟: cheng, sheng)."""
    readings = pinyin_dict.get(ord(char))
    if not readings:
        return ()
    bare = (
        "".join(c for c in unicodedata.normalize("NFKD", r) if not unicodedata.combining(c))
        for r in readings.split(",")
    )
    return tuple(dict.fromkeys(b.replace("ü", "v") for b in bare))


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


@lru_cache(maxsize=65536)
def readings(char: str) -> tuple[str, ...]:
    """Every toneless reading of a Chinese character, the most common first (晟: cheng, sheng);
    () if none."""
    found = pinyin_dict.get(ord(char))
    if not found:
        return ()
    toneless = []
    for reading in found.split(","):
        bare = unicodedata.normalize("NFKD", reading)
        plain = "".join(c for c in bare if not unicodedata.combining(c)).replace("ü", "v")
        if plain not in toneless:
            toneless.append(plain)
    return tuple(toneless)


@lru_cache(maxsize=65536)
def toned_readings(char: str) -> frozenset[str]:
    """Every reading of a Chinese character with its tone (清: qīng); empty if none."""
    found = pinyin_dict.get(ord(char))
    return frozenset(found.split(",")) if found else frozenset()


_SYLLABLE_END_NG = re.compile(r"ng(?![aeiouv])")


def sound(pinyin: str) -> str:
    """Pinyin with the distinctions that speech recognisers and southern accents lose folded
    together: zh/z, ch/c, sh/s, n/l, and -ng/-n (an/ang, en/eng, in/ing). On joined syllables
    an "ng" before a vowel is left alone: "xingang" is xin-gang."""
    folded = pinyin.replace("zh", "z").replace("ch", "c").replace("sh", "s").replace("l", "n")
    return _SYLLABLE_END_NG.sub("n", folded) if "ng" in folded else folded


@lru_cache(maxsize=65536)
def sounds(char: str) -> tuple[str, ...]:
    """The distinct `sound`s of a character's readings, its most common reading's first."""
    return tuple(dict.fromkeys(sound(reading) for reading in readings(char)))


def sentences_between(text: str, breaks: Sequence[tuple[int, int]]) -> list[str]:
    """The non-blank sentences of `text` cut at `breaks` (each a (start, end) of the break)."""
    sentences: list[str] = []
    start = 0
    for begin, end in [*breaks, (len(text), len(text))]:
        sentence = text[start:end].strip()
        if sentence:
            sentences.append(sentence)
        start = max(start, end if begin < len(text) else len(text))
    return sentences

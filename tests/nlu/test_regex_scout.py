"""A scouted pattern searches only texts its scout finds something in: it must answer exactly as
the pattern does, for every method the parser calls."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

import nlu
from nlu.classifier import DATA_DIR
from nlu.evaluation import load_jsonl
from nlu.regex_scout import Scouted, scout_of, scouted

TEXTS = (
    "",
    "下周三下午三点跟蓝湾医疗的周主任再约一次",
    "Met the ops director at Pemberton Foods, call back Friday",
    "met the OPS DIRECTOR at pemberton foods",
    "跟Greenfield的ops director开了个电话会",
    "the Managing Director rang",
    "ſtrict: the diſtrict manager (long s), ıd, İd, Kelvin K",
    "nothing to see here",
    "设备科主任说CT机又坏了，很急",
)


def _all_scouted() -> dict[str, Scouted]:
    found: dict[str, Scouted] = {}
    for info in pkgutil.walk_packages(nlu.__path__, "nlu."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, Scouted):
                found[f"{info.name}.{name}"] = value
    return found


SCOUTED = _all_scouted()


def _same(pattern: re.Pattern[str], text: str) -> None:
    wrapped = scouted(pattern.pattern, pattern.flags)

    def spans(matches: object) -> list[tuple[int, int]] | None:
        if matches is None:
            return None
        if isinstance(matches, re.Match):
            return [matches.span()]
        return [m.span() for m in matches]  # type: ignore[attr-defined]

    assert spans(wrapped.search(text)) == spans(pattern.search(text))
    assert spans(wrapped.match(text)) == spans(pattern.match(text))
    assert spans(wrapped.fullmatch(text)) == spans(pattern.fullmatch(text))
    assert spans(wrapped.finditer(text)) == spans(pattern.finditer(text))
    assert wrapped.findall(text) == pattern.findall(text)
    assert wrapped.sub("#", text) == pattern.sub("#", text)
    assert wrapped.subn("#", text, 1) == pattern.subn("#", text, 1)
    assert wrapped.split(text) == pattern.split(text)
    for pos, endpos in ((1, len(text)), (3, max(3, len(text) - 2))):
        assert spans(wrapped.search(text, pos, endpos)) == spans(pattern.search(text, pos, endpos))
        assert spans(wrapped.match(text, pos, endpos)) == spans(pattern.match(text, pos, endpos))


@pytest.mark.parametrize(
    "pattern",
    [
        re.compile(r"(?<![A-Za-z])(?:head|director|manager)(?![a-z])", re.IGNORECASE),
        re.compile(r"\b(?i:met|called)\s+(?P<name>[A-Z][a-z]+)"),
        re.compile(r"(?<![a-z])(?:district|strict)\b", re.IGNORECASE),
        re.compile(r"\bid\b|kelvin", re.IGNORECASE),
        re.compile(r"[\u4e00-\u9fff]{2,10}?(?:有限公司|医院|厂)"),
        re.compile(r"(?:设备|信息)科(?:主任|科?长)|急"),
        re.compile(r"(?<=[A-Za-z])和(?=[A-Za-z])"),
    ],
)
def test_a_scouted_pattern_answers_as_the_pattern(pattern: re.Pattern[str]) -> None:
    assert scout_of(pattern) is not None
    for text in TEXTS:
        _same(pattern, text)


def test_case_blind_words_are_found_in_every_case_the_engine_pairs() -> None:
    # "ſ" is an s and "ı" an i to a case-blind regex, though str.lower keeps them; "K" (the
    # Kelvin sign) lowers to k, "İ" to two characters
    for word, text in (
        ("strict", "the diſtrict"),
        ("id", "my ıd"),
        ("id", "my İd"),
        ("kelvin", "Kelvin"),
    ):
        pattern = re.compile(word, re.IGNORECASE)
        assert pattern.search(text) is not None
        scout = scout_of(pattern)
        assert scout is not None and not scout.absent(text), (word, text)


def test_a_pattern_without_a_scout_is_compiled_as_it_is() -> None:
    assert isinstance(scouted(r"\w+"), re.Pattern)  # starts with anything, needs nothing
    assert isinstance(scouted(r"x?"), re.Pattern)  # matches the empty string


def test_the_parser_scouts_its_heaviest_patterns() -> None:
    names = {name.rsplit(".", 1)[1] for name in SCOUTED}
    assert {"CONTACT_EN_ROLE", "CONTACT_ZH_ROLE", "_ORG_SUFFIX", "_PRODUCT_PHRASE"} <= names


def test_the_parser_s_scouted_patterns_answer_as_their_own_on_training_lines() -> None:
    texts = [*TEXTS]
    for lang in ("en", "zh"):
        texts += [record["text"] for record in load_jsonl(DATA_DIR / f"train_{lang}.jsonl")][::7]
    texts += [text.lower() for text in texts[::5]]
    for name, pattern in SCOUTED.items():
        for text in texts:
            found = [m.span() for m in pattern.finditer(text)]
            assert found == [m.span() for m in pattern.compiled.finditer(text)], (name, text)

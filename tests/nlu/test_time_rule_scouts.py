"""The time grammars skip a rule when the text holds no character its matches can start with:
the skip must never lose a match."""

from __future__ import annotations

import re

from nlu.regex_scout import first_chars, needed_words
from nlu.time import common, en_clock, en_dates, holidays, zh
from nlu.time.normalize import normalize

GRAMMARS = (
    zh.GRAMMAR,
    holidays.ZH,
    en_clock.GRAMMAR,
    en_dates.GRAMMAR,
    holidays.EN,
    common.GRAMMAR,
)
TEXTS = (
    "下周三下午三点跟蓝湾医疗的周主任再约一次",
    "明天上午10:30回访，月底前签",
    "follow up with Contoso next tuesday at 3pm",
    "christmas eve, then the week after next",
    "２０２６年１２月１日 9点半",
    "in 2 weeks, 15/12, q3",
    "国庆节后第二个周一",
    "eod friday or asap",
)


def test_first_characters_of_simple_patterns() -> None:
    assert first_chars(re.compile(r"(?<![a-z])(?:next|last)\s+week")) == (frozenset("nl"), False)
    assert first_chars(re.compile(r"(?:at\s+)?\d{1,2}(?:am|pm)")) == (frozenset("a"), True)
    assert first_chars(re.compile(r"[0-2]?\d:[0-5]\d")) == (frozenset("012"), True)
    assert first_chars(re.compile(r"x?")) == (None, False)  # can match nothing
    assert first_chars(re.compile(r"[^a]b")) == (None, False)  # starts with almost anything
    assert first_chars(re.compile(r"(?i)monday")) == (None, False)


def test_every_rule_that_matches_can_start_where_it_matches() -> None:
    seen = 0
    for text in TEXTS:
        folded = normalize(text)[0]
        for grammar in GRAMMARS:
            for rule in grammar.rules:
                for match in rule.pattern.finditer(folded):
                    seen += 1
                    first = match.group()[:1]
                    assert (
                        rule.starts is None
                        or first in rule.starts
                        or (rule.digit_starts and first.isdecimal())
                    ), (rule.name, text)
    assert seen > 20


def test_words_every_match_holds() -> None:
    assert needed_words(re.compile(r"(?<![a-z])(?:next|last)\s+week")) is not None
    words = needed_words(re.compile(r"(?:at\s+)?(?:christmas|easter)(?:\s+eve)?"))
    assert words is not None and words.pattern == "christmas|easter"
    assert needed_words(re.compile(r"(?:next\s+)?[a-z]+day")) is not None  # "day"
    assert needed_words(re.compile(r"\d+\s*(?:个月|周)?")) is None  # nothing required
    assert needed_words(re.compile(r"(?i)christmas")) is None


def test_every_match_holds_one_of_its_rule_s_words() -> None:
    seen = 0
    for text in TEXTS:
        folded = normalize(text)[0]
        for grammar in GRAMMARS:
            for rule in grammar.rules:
                for match in rule.pattern.finditer(folded):
                    if rule.needs is not None:
                        seen += 1
                        assert rule.needs.search(match.group()), (rule.name, text)
    assert seen >= 10

"""The rule machinery: one precompiled regex per kind of piece, and a builder that turns its match
into a `Frame` with a strength.

Strength is Duckling's "latent" idea made explicit: a bare number is WEAK (a time only next to a
date or a clock word: "9 tomorrow"), an ambiguous word is LATENT ("sun", "宜家": a time only when
it is the whole message), everything else is STRONG.
"""

from __future__ import annotations

import re
import re._constants as sre  # type: ignore[import-not-found]  # no stubs (sre_parse warns)
import re._parser as sre_parse  # type: ignore[import-not-found]
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from nlu.time.frame import Frame

WEAK, LATENT, STRONG = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Source:
    """The text the grammars read: folded for matching, the original for letter case."""

    text: str
    original: str
    origin: list[int]

    def original_span(self, start: int, end: int) -> str:
        if start >= end:
            return ""
        return self.original[self.origin[start] : self.origin[end - 1] + 1]


@dataclass(frozen=True, slots=True)
class Piece:
    start: int
    end: int
    frame: Frame
    strength: int
    priority: int = 0  # breaks ties between pieces of one length ("last friday" of October)


Hit = tuple[Frame, int] | None
Builder = Callable[[re.Match[str], Source], Hit]


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    build: Builder
    priority: int
    # The characters a match can start with (None: any), and whether a digit (\d) can too: a
    # text holding none of them is not searched (most rules start with a lookbehind, which
    # keeps the regex engine from skipping ahead to a possible first character itself).
    starts: frozenset[str] | None = None
    digit_starts: bool = False
    # Literal words one of which every match contains ("christmas", "国庆", ...) as one regex:
    # a text with none of them is not searched either.
    needs: re.Pattern[str] | None = None


_LARGEST_RANGE = 512  # a character class wider than this counts as any character
_DIGIT = re.compile(r"\d")  # what `\d` in a rule matches: any decimal digit


def _first_chars(
    items: Any,
) -> tuple[set[str] | None, bool, bool]:
    """What a parsed pattern's matches start with: (characters or None for any, a digit,
    whether it can match the empty string)."""
    chars: set[str] = set()
    digit = False
    for op, arg in items:
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue  # zero width: the next item consumes the first character
        first, first_digit, nullable = _first_of(op, arg)
        if first is None:
            return None, False, False
        chars |= first
        digit = digit or first_digit
        if not nullable:
            return chars, digit, False
    return chars, digit, True


def _first_of(op: object, arg: Any) -> tuple[set[str] | None, bool, bool]:
    if op is sre.LITERAL:
        return {chr(arg)}, False, False
    if op is sre.IN:
        return _first_in(arg)
    if op is sre.BRANCH:
        union: set[str] = set()
        digit = nullable = False
        for branch in arg[1]:
            first, first_digit, empty = _first_chars(branch)
            if first is None:
                return None, False, False
            union |= first
            digit, nullable = digit or first_digit, nullable or empty
        return union, digit, nullable
    if op is sre.SUBPATTERN:
        _, add_flags, _, inner = arg
        if add_flags & re.IGNORECASE:
            return None, False, False
        return _first_chars(inner)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        least, _, inner = arg
        first, digit, nullable = _first_chars(inner)
        return first, digit, nullable or least == 0
    if op is sre.ATOMIC_GROUP:
        return _first_chars(arg)
    return None, False, False  # any character, a back reference, a conditional


def _first_in(items: list[tuple[object, Any]]) -> tuple[set[str] | None, bool, bool]:
    """The characters a character class matches (see _first_chars)."""
    chars: set[str] = set()
    digit = False
    for kind, value in items:
        if kind is sre.LITERAL:
            chars.add(chr(value))
        elif kind is sre.RANGE and value[1] - value[0] < _LARGEST_RANGE:
            chars.update(chr(code) for code in range(value[0], value[1] + 1))
        elif kind is sre.CATEGORY and value in (sre.CATEGORY_DIGIT, sre.CATEGORY_UNI_DIGIT):
            digit = True
        else:
            return None, False, False  # negated, a wide range, \s, \w
    return chars, digit, False


def first_chars(pattern: re.Pattern[str]) -> tuple[frozenset[str] | None, bool]:
    """The characters (and whether a digit) any match of `pattern` starts with; None when it
    may start with any, or match the empty string."""
    if pattern.flags & re.IGNORECASE:
        return None, False
    chars, digit, nullable = _first_chars(sre_parse.parse(pattern.pattern, pattern.flags))
    if chars is None or nullable:
        return None, False
    return frozenset(chars), digit


def _needed(items: Any) -> set[str] | None:
    """Strings one of which every match of a parsed pattern contains, or None: runs of literal
    characters, what every branch of an alternation needs, what a required group or repeat
    needs; of these, the set whose shortest string is longest."""
    found: list[set[str]] = []
    run: list[str] = []
    for op, arg in items:
        if op is sre.LITERAL:
            run.append(chr(arg))
            continue
        if run:
            found.append({"".join(run)})
            run = []
        inner: set[str] | None = None
        if op is sre.SUBPATTERN and not arg[1] & re.IGNORECASE:
            inner = _needed(arg[3])
        elif op is sre.ATOMIC_GROUP:
            inner = _needed(arg)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and arg[0] >= 1:
            inner = _needed(arg[2])
        elif op is sre.BRANCH:
            branches = [_needed(branch) for branch in arg[1]]
            if all(branch is not None for branch in branches):
                inner = set().union(*branches)  # type: ignore[arg-type]
        if inner:
            found.append(inner)
    if run:
        found.append({"".join(run)})
    if not found:
        return None
    return max(found, key=lambda words: (min(map(len, words)), -len(words)))


_MOST_NEEDED = 200  # more words than this make a scan no cheaper than the rule's own


def needed_words(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A regex finding any of the words every match of `pattern` contains (None: no such
    words worth looking for first: single characters, or too many)."""
    if pattern.flags & re.IGNORECASE:
        return None
    words = _needed(sre_parse.parse(pattern.pattern, pattern.flags))
    if not words or min(map(len, words)) < 2 or len(words) > _MOST_NEEDED:
        return None
    return re.compile("|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)))


class Grammar:
    """An ordered set of rules; `rule` registers a builder for a pattern (compiled once)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.rules: list[Rule] = []

    def rule(self, pattern: str, priority: int = 0) -> Callable[[Builder], Builder]:
        def register(build: Builder) -> Builder:
            compiled = re.compile(pattern, re.VERBOSE)
            starts, digit_starts = first_chars(compiled)
            needs = needed_words(compiled)
            self.rules.append(
                Rule(build.__name__, compiled, build, priority, starts, digit_starts, needs)
            )
            return build

        return register

    def pieces(self, source: Source) -> list[Piece]:
        found: list[Piece] = []
        present = set(source.text)
        digits = _DIGIT.search(source.text) is not None
        for rule in self.rules:
            if (
                rule.starts is not None
                and present.isdisjoint(rule.starts)
                and not (rule.digit_starts and digits)
            ):
                continue  # no character here can start a match
            if rule.needs is not None and rule.needs.search(source.text) is None:
                continue  # none of the words a match holds is here
            for match in rule.pattern.finditer(source.text):
                hit = rule.build(match, source)
                if hit is not None:
                    piece = Piece(match.start(), match.end(), hit[0], hit[1], rule.priority)
                    found.append(piece)
        return found


def select(pieces: list[Piece], length: int) -> list[Piece]:
    """Non-overlapping pieces, longest first (then by priority, strength, leftmost), in text
    order."""
    ordered = sorted(pieces, key=lambda p: (p.start - p.end, -p.priority, -p.strength, p.start))
    taken = bytearray(length)
    chosen: list[Piece] = []
    for piece in ordered:
        if any(taken[piece.start : piece.end]):
            continue
        taken[piece.start : piece.end] = b"\x01" * (piece.end - piece.start)
        chosen.append(piece)
    chosen.sort(key=lambda p: p.start)
    return chosen

"""The rule machinery: one precompiled regex per kind of piece, and a builder that turns its match
into a `Frame` with a strength.

Strength is Duckling's "latent" idea made explicit: a bare number is WEAK (a time only next to a
date or a clock word: "9 tomorrow"), an ambiguous word is LATENT ("sun", "宜家": a time only when
it is the whole message), everything else is STRONG.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from nlu.regex_scout import first_chars, needed_words
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


_DIGIT = re.compile(r"\d")  # what `\d` in a rule matches: any decimal digit


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

"""What a regex's matches must hold, read once from its parsed pattern, so that a text which
cannot match is not searched at all.

Most of the parser's big patterns start with a lookbehind, `\\b` or a case-insensitive
alternation, which keeps the regex engine from skipping ahead to a possible first character:
it tries every position of every text. `first_chars` reads the characters a match can start
with, `needed_words` the literal words one of which every match contains ("director",
"有限公司", ...); `scouted(pattern)` wraps a compiled pattern with one cheap regex of those
(the words if any, else the first characters) that is asked first. The answer is the same:
the scout only turns away texts where the pattern's own search would find nothing.

The time grammars (`nlu.time.rules`) read their rules the same way.
"""

from __future__ import annotations

import re
import re._constants as sre  # type: ignore[import-not-found]  # no stubs (sre_parse warns)
import re._parser as sre_parse  # type: ignore[import-not-found]
import sys
from collections.abc import Callable, Iterator
from typing import Any

_LARGEST_RANGE = 512  # a character class wider than this counts as any character


def _first_chars(items: Any, blind: bool = False) -> tuple[set[str] | None, bool, bool]:
    """What a parsed pattern's matches start with: (characters or None for any, a digit,
    whether it can match the empty string). `blind`: read case-blind groups too (their
    characters stand for every case of them: the caller matches them case-blind)."""
    chars: set[str] = set()
    digit = False
    for op, arg in items:
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue  # zero width: the next item consumes the first character
        first, first_digit, nullable = _first_of(op, arg, blind)
        if first is None:
            return None, False, False
        chars |= first
        digit = digit or first_digit
        if not nullable:
            return chars, digit, False
    return chars, digit, True


def _first_of(op: object, arg: Any, blind: bool) -> tuple[set[str] | None, bool, bool]:
    if op is sre.LITERAL:
        return {chr(arg)}, False, False
    if op is sre.IN:
        return _first_in(arg)
    if op is sre.BRANCH:
        union: set[str] = set()
        digit = nullable = False
        for branch in arg[1]:
            first, first_digit, empty = _first_chars(branch, blind)
            if first is None:
                return None, False, False
            union |= first
            digit, nullable = digit or first_digit, nullable or empty
        return union, digit, nullable
    if op is sre.SUBPATTERN:
        _, add_flags, _, inner = arg
        if add_flags & re.IGNORECASE and not blind:
            return None, False, False
        return _first_chars(inner, blind)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        least, _, inner = arg
        first, digit, nullable = _first_chars(inner, blind)
        return first, digit, nullable or least == 0
    if op is sre.ATOMIC_GROUP:
        return _first_chars(arg, blind)
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


def _starts(pattern: re.Pattern[str], blind: bool = False) -> tuple[frozenset[str] | None, bool]:
    parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    chars, digit, nullable = _first_chars(parsed, blind)
    if chars is None or nullable:
        return None, False
    return frozenset(chars), digit


def first_chars(pattern: re.Pattern[str]) -> tuple[frozenset[str] | None, bool]:
    """The characters (and whether a digit) any match of `pattern` starts with; None when it
    may start with any, or match the empty string, or ignores case."""
    if pattern.flags & re.IGNORECASE:
        return None, False
    return _starts(pattern)


def _needed(items: Any, blind: bool = False) -> set[str] | None:
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
        if op is sre.SUBPATTERN and (blind or not arg[1] & re.IGNORECASE):
            inner = _needed(arg[3], blind)
        elif op is sre.ATOMIC_GROUP:
            inner = _needed(arg, blind)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and arg[0] >= 1:
            inner = _needed(arg[2], blind)
        elif op is sre.BRANCH:
            branches = [_needed(branch, blind) for branch in arg[1]]
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


def _words(pattern: re.Pattern[str], shortest: int = 2, blind: bool = False) -> set[str] | None:
    words = _needed(sre_parse.parse(pattern.pattern, pattern.flags), blind)
    if not words or min(map(len, words)) < shortest or len(words) > _MOST_NEEDED:
        return None
    return words


def _alternation(words: set[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


def needed_words(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A regex finding any of the words every match of `pattern` contains (None: no such
    words worth looking for first: single characters, or too many; or `pattern` ignores
    case)."""
    if pattern.flags & re.IGNORECASE:
        return None
    words = _words(pattern)
    return re.compile(_alternation(words)) if words else None


def _trie(words: set[str]) -> str:
    """A regex finding any of `words`, as a tree of their shared beginnings ("b(?:ack|oard)"):
    the engine tries each position's character once, not once per word. A word holding
    another is left out (where it is, the other is too)."""
    kept = {word for word in words if not any(other in word for other in words - {word})}
    tree: dict[str, Any] = {}
    for word in kept:
        node = tree
        for char in word:
            node = node.setdefault(char, {})

    def written(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + written(rest) for char, rest in sorted(node.items())]
        if len(branches) <= 1:
            return "".join(branches)
        return "(?:" + "|".join(branches) + ")"

    return written(tree)


def _folds_plainly(word: str) -> bool:
    """Whether `str.lower` folds the word as the regex engine's case-blind match does: ASCII
    and characters without case (Chinese, digits, signs)."""
    return all(char.isascii() or char.lower() == char == char.upper() for char in word)


class Scout:
    """One cheap regex that finds something in every text a pattern can match in: any of the
    words every match holds, else any character a match can start with (`scout_of`).

    A case-blind pattern's words are looked for in the lower-cased text, case-sensitively (a
    case-blind alternation is tried at every position, as slow as many patterns it would
    spare): the same finds where lower-casing keeps every offset and the text holds neither
    of the two letters the engine pairs with an ASCII one that `str.lower` does not ("ı",
    "ſ"); else the words are looked for case-blind."""

    __slots__ = ("_blind", "_lower")

    def __init__(self, scout: re.Pattern[str], lower: re.Pattern[str] | None = None) -> None:
        self._blind = scout
        self._lower = lower

    @property
    def pattern(self) -> str:
        return self._blind.pattern

    def absent(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> bool:
        """Whether the text (between pos and endpos) surely holds no match."""
        if self._lower is not None:
            lowered = string.lower()
            if len(lowered) == len(string) and (
                string.isascii() or ("ı" not in string and "ſ" not in string)
            ):
                return self._lower.search(lowered, pos, endpos) is None
        return self._blind.search(string, pos, endpos) is None


# The flags that change what the scout's characters and words match: kept from the pattern, so
# "director" in a case-blind pattern looks for "Director" too (any of the engine's case pairs).
_SCOUT_FLAGS = re.IGNORECASE | re.ASCII


def scout_of(pattern: re.Pattern[str]) -> Scout | None:
    """The pattern's scout (see Scout), or None when neither its words nor its first
    characters are known."""
    flags = pattern.flags & _SCOUT_FLAGS
    if "(?i" in pattern.pattern:
        # case-blind groups ("(?i:met|called)"): the scout is case-blind throughout (it may
        # find more, never less)
        flags |= re.IGNORECASE
    blind = bool(flags & re.IGNORECASE)
    words = _words(pattern, shortest=1, blind=blind)
    if words:
        lower = None
        if flags & re.IGNORECASE and all(map(_folds_plainly, words)):
            lower = re.compile(_trie({word.lower() for word in words}), flags & re.ASCII)
        return Scout(re.compile(_trie(words), flags), lower)
    chars, digit = _starts(pattern, blind)
    if chars is None:
        return None
    members = "".join(re.escape(char) for char in sorted(chars)) + (r"\d" if digit else "")
    return Scout(re.compile(f"[{members}]", flags))


_END = sys.maxsize


class Scouted:
    """A compiled pattern asked only about texts its scout finds something in (the pattern's
    own methods, same answers; `scouted` builds it)."""

    __slots__ = ("_pattern", "_scout", "flags", "groupindex", "groups", "pattern")

    def __init__(self, pattern: re.Pattern[str], scout: Scout) -> None:
        self._pattern = pattern
        self._scout = scout
        self.pattern = pattern.pattern
        self.flags = pattern.flags
        self.groups = pattern.groups
        self.groupindex = pattern.groupindex

    @property
    def compiled(self) -> re.Pattern[str]:
        return self._pattern

    def _absent(self, string: str, pos: int, endpos: int) -> bool:
        return self._scout.absent(string, pos, endpos)

    def search(self, string: str, pos: int = 0, endpos: int = _END) -> re.Match[str] | None:
        if self._absent(string, pos, endpos):
            return None
        return self._pattern.search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = _END) -> re.Match[str] | None:
        if self._absent(string, pos, endpos):
            return None
        return self._pattern.match(string, pos, endpos)

    def fullmatch(self, string: str, pos: int = 0, endpos: int = _END) -> re.Match[str] | None:
        if self._absent(string, pos, endpos):
            return None
        return self._pattern.fullmatch(string, pos, endpos)

    def finditer(self, string: str, pos: int = 0, endpos: int = _END) -> Iterator[re.Match[str]]:
        if self._absent(string, pos, endpos):
            return iter(())
        return self._pattern.finditer(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = _END) -> list[Any]:
        if self._absent(string, pos, endpos):
            return []
        return self._pattern.findall(string, pos, endpos)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        if self._absent(string, 0, _END):
            return string
        return self._pattern.sub(repl, string, count)

    def subn(
        self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0
    ) -> tuple[str, int]:
        if self._absent(string, 0, _END):
            return string, 0
        return self._pattern.subn(repl, string, count)

    def split(self, string: str, maxsplit: int = 0) -> list[str | Any]:
        if self._absent(string, 0, _END):
            return [string]
        return self._pattern.split(string, maxsplit)


def scouted(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, asked only about texts its scout (`scout_of`) finds
    something in; the compiled pattern itself when it has none. Typed as a Pattern: it answers
    every method the parser calls on one (search, match, fullmatch, finditer, findall, sub,
    subn, split; `.pattern` to build others from) the same."""
    compiled = re.compile(pattern, flags)
    scout = scout_of(compiled)
    if scout is None:
        return compiled
    wrapped: Any = Scouted(compiled, scout)
    return wrapped  # type: ignore[no-any-return]

"""English dictated on a noisy floor — a warehouse, a loading dock, a site — read as typed.

A rep or a storeman dictating over a forklift's beeping says things a quiet office note lacks:

- the speaker introduces themself first ("yeah this is dave at the dock", "right this is kev on
  the floor", "morning warehouse here") or says where they are ("just at the servo grabbing a
  coffee"): who is speaking and where, no contact and no customer's place;
- they say a stretch again after "sorry say again" or a bare "sorry" ("north wind picked up sorry
  say again northwind picked up", "fairbank sorry fairbank rang", "one eight zero zero sorry one
  eight zero units"): the first try is taken back;
- figures and phone numbers are read digit by digit ("one two zero zero units", "zero eight zero
  three four five …"): written as the digits they spell, so the number and phone finders read
  them.

Each rewrite keeps every character where it was (blanked, or the digits padded with spaces), so
the spans the rules find still point into what the user wrote.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

_FILLER = (
    r"(?:\b(?:uh+|um+|er+|erm|eh|yeah|yes|right|ok|okay|so|hi|hello|hey|morning|mate)\b[\s,.]*)"
)

# "yeah this is dave at the dock", "right this is uh kev on the floor", "this is tunde": the
# speaker's own name and where they stand, at the start of the message.
_SELF_INTRO = re.compile(
    r"^[\s,.]*" + _FILLER + r"*\bthis\s+is\s+(?:(?:uh+|um+|er+)\s+)?[a-z]+"
    r"(?:\s+(?:at|on|from|in)\s+(?:the\s+)+(?:dock|docks|floor|warehouse|yard|depot|site|desk|"
    r"store|stores|bay|line|van|gate|counter|office))?\b[\s,.]*",
    re.IGNORECASE,
)
# "morning warehouse here", "dispatch here": the desk speaking.
_DESK_HERE = re.compile(
    r"^[\s,.]*" + _FILLER + r"*\b(?:the\s+)?(?:warehouse|dispatch|stores|dock|yard|depot|"
    r"logistics|service\s+desk|front\s+desk)\s+here\b[\s,.]*",
    re.IGNORECASE,
)

# "morning just at the servo grabbing a coffee", "in the ute at the lights": where the rep is
# as they dictate, before the news.
_WHERE_I_AM = re.compile(
    r"^[\s,.]*" + _FILLER + r"*\b(?:(?:just|still|currently)\s+)?(?:at|in)\s+(?:the\s+)?"
    r"(?:servo|petrol\s+station|gas\s+station|airport|car|van|ute|truck|lights|cafe|shops|"
    r"car\s+park|carpark|traffic)\b"
    r"(?:\s+(?:grabbing|getting|having|filling\s+up|waiting)(?:\s+(?:a|some|my))?"
    r"(?:\s+(?:coffee|cuppa|bite|fuel|petrol|gas|lunch|brekkie|breakfast|up))?)?[\s,.]*",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z0-9']+")
# What says the next words are a second try at the last ones.
_SAY_AGAIN = re.compile(r"\b(?:sorry\s+)?say\s+(?:that\s+)?again\b", re.IGNORECASE)
_SORRY = re.compile(r"\bsorry\b", re.IGNORECASE)
_SKIPPED = frozenset({"uh", "um", "er", "erm", "the"})
# Words too common to say that a stretch is said again.
_TOO_COMMON = frozenset(
    "a an the to of and i we they he she it is are was in on at for with not no yes so that this "
    "you me us them".split()
)
_LOOK_BACK = 8  # words before the marker where the first try may start

_DIGIT_WORDS = {
    "zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
    "six": "6", "seven": "7", "eight": "8", "nine": "9",
}  # fmt: skip
_SPELT_DIGITS = re.compile(
    r"\b(?:(?:" + "|".join(_DIGIT_WORDS) + r")\s+){2,}(?:" + "|".join(_DIGIT_WORDS) + r")\b",
    re.IGNORECASE,
)


def read_on_the_floor(text: str) -> str:
    """`text` with the speaker's introduction, stretches said again and figures read digit by
    digit rewritten as typed (same length)."""
    if not text.isascii():
        return text
    text = _blank(_SELF_INTRO, text)
    text = _blank(_DESK_HERE, text)
    text = _blank(_WHERE_I_AM, text)
    text = _said_again(text)
    return _SPELT_DIGITS.sub(_digits, text)


def _blank(pattern: re.Pattern[str], text: str) -> str:
    match = pattern.match(text)
    if match is None or not text[match.end() :].strip():
        return text
    return " " * match.end() + text[match.end() :]


def _said_again(text: str) -> str:
    """ "north wind picked up sorry say again northwind picked up": the first try and the marker
    blanked; a marker with nothing said again before it is blanked alone."""
    for marker in (*_SAY_AGAIN.finditer(text), *_SORRY.finditer(text)):
        if not text[marker.start() : marker.end()].strip():
            continue  # blanked already, with a first try before it
        again = _first_word_after(text, marker.end())
        start = _first_try(text, marker.start(), again) if again is not None else None
        if start is not None:
            text = text[:start] + " " * (marker.end() - start) + text[marker.end() :]
        elif marker.re is _SAY_AGAIN:
            blank = " " * (marker.end() - marker.start())
            text = text[: marker.start()] + blank + text[marker.end() :]
    return text


def _first_word_after(text: str, end: int) -> str | None:
    for word in _WORD.finditer(text, end):
        said = word.group().casefold()
        if said not in _SKIPPED:
            return said
    return None


def _first_try(text: str, start: int, again: str) -> int | None:
    """Where the words said before the marker start the stretch said again after it."""
    if again in _TOO_COMMON:
        return None
    words = list(_WORD.finditer(text, 0, start))[-_LOOK_BACK:]
    for i in range(len(words) - 1, -1, -1):
        said = words[i].group().casefold()
        joined = said + words[i + 1].group().casefold() if i + 1 < len(words) else ""
        if again in (said, joined) or _heard_alike(joined, again):
            return words[i].start()
    return None


# A ticket's number is `voice_en`'s: "ticket twenty one oh five", "ticket for four zero two".
_NUMBER_WORDS = frozenset(
    "twenty thirty forty fifty sixty seventy eighty ninety ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen hundred for to too".split()
)
_SCALE_AFTER = re.compile(
    r"\s*(?:k|grand|thousand|million|mil|m|lakh|hundred|bucks|dollars|pounds|quid)\b", re.IGNORECASE
)
_TICKET_WORDS = frozenset({"ticket", "tkt", "t"})


def _heard_alike(joined: str, again: str) -> bool:
    """ "ash fort" said again as "ashford": two words heard as one name, a letter apart."""
    return len(again) >= 6 and Levenshtein.distance(joined, again) <= 1


def _digits(match: re.Match[str]) -> str:
    words = match.group().split()
    before = [w.casefold() for w in _WORD.findall(match.string, 0, match.start())[-3:]]
    if (before and before[-1] in _NUMBER_WORDS) or _TICKET_WORDS & set(before):
        return match.group()
    if _SCALE_AFTER.match(match.string, match.end()):
        return match.group()  # "two oh eight k": hundreds said in pairs, `numbers`' to read
    if not any(w.casefold() in ("zero", "oh") for w in words) and len(words) < 7:
        return match.group()  # "one two three": a count, not digits read out
    digits = "".join(_DIGIT_WORDS[w.casefold()] for w in words)
    return digits + " " * (len(match.group()) - len(digits))

"""English words the time grammar reads: numbers to 59, ordinals to 31, months, weekdays, units,
time zones, and the check that a number is not a count of something ("at 3 people").
"""

from __future__ import annotations

import re

from nlu.types import Grain

_ONES = "zero one two three four five six seven eight nine".split()
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
NUMBER_WORDS: dict[str, int] = {word: i for i, word in enumerate(_ONES)}
NUMBER_WORDS.update({word: 10 + i for i, word in enumerate(_TEENS)})
NUMBER_WORDS.update(_TENS)

_ORDINAL_ONES = "first second third fourth fifth sixth seventh eighth ninth".split()
_ORDINAL_TEENS = (
    "tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth "
    "nineteenth"
).split()
ORDINAL_WORDS: dict[str, int] = {word: i + 1 for i, word in enumerate(_ORDINAL_ONES)}
ORDINAL_WORDS.update({word: 10 + i for i, word in enumerate(_ORDINAL_TEENS)})
ORDINAL_WORDS.update({"twentieth": 20, "thirtieth": 30})
for _tens, _base in (("twenty", 20), ("thirty", 30)):
    for _i, _word in enumerate(_ORDINAL_ONES[: 9 if _base == 20 else 1]):
        ORDINAL_WORDS[f"{_tens}-{_word}"] = _base + _i + 1

_DIGIT_WORD = "(?:one|two|three|four|five|six|seven|eight|nine)"
# Longest alternatives first: the regex engine takes the first that fits.
NUMBER = (
    rf"(?:(?:twenty|thirty|forty|fifty)(?:[\s-]?{_DIGIT_WORD})?|"
    + "|".join(reversed(_TEENS))
    + "|zero|"
    + _DIGIT_WORD[3:-1]
    + ")"
)
HOUR_WORD = r"(?:twelve|eleven|ten|one|two|three|four|five|six|seven|eight|nine)"
MINUTE_WORD = (
    rf"(?:(?:twenty|thirty|forty|fifty)(?:[\s-]?{_DIGIT_WORD})?|"
    + "|".join(reversed(_TEENS))
    + rf"|o[h']?[\s-]?{_DIGIT_WORD})"
)
ORDINAL_WORD = (
    r"(?:(?:twenty|thirty)[\s-](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|"
    + "|".join(sorted(ORDINAL_WORDS, key=len, reverse=True))
    + ")"
)
ORDINAL_DIGITS = r"\d{1,2}(?:st|nd|rd|th)"

MONTHS: dict[str, int] = {}
for _i, _names in enumerate(
    "january|jan february|feb march|mar april|apr may june|jun july|jul august|aug "
    "september|sept|sep october|oct november|nov december|dec".split()
):
    for _name in _names.split("|"):
        MONTHS[_name] = _i + 1
MONTH = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")(?![a-z])\.?"
# Month names that are also common words: a time only with a day, a year or a preposition.
AMBIGUOUS_MONTHS = frozenset({"may", "mar", "march"})

WEEKDAYS: dict[str, int] = {}
for _i, _names in enumerate(
    "monday|mon tuesday|tues|tue wednesday|weds|wed thursday|thurs|thur|thu friday|fri "
    "saturday|sat sunday|sun".split()
):
    for _name in _names.split("|"):
        WEEKDAYS[_name] = _i
WEEKDAY = r"(?P<wd>" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")(?![a-z])\.?"
FULL_WEEKDAY = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"

_UNIT_NAMES: tuple[tuple[Grain, str], ...] = (
    ("second", 'seconds second secs sec "'),
    ("minute", "minutes minute mins min '"),
    ("hour", "hours hour hrs hr h"),
    ("day", "days day"),
    ("week", "weeks week wks wk"),
    ("month", "months month mos mo"),
    ("quarter", "quarters quarter qtrs qtr"),
    ("year", "years year yrs yr"),
)
UNITS: dict[str, Grain] = {name: grain for grain, names in _UNIT_NAMES for name in names.split()}
UNIT = r"(?P<u>fortnights?|" + "|".join(sorted(map(re.escape, UNITS), key=len, reverse=True)) + ")"

QUANTITY = (
    r"(?P<q>\d+(?:\.\d+)?(?:\s+and\s+an?\s+half)?|[1-3]/[248]|an?\s+couple(?:\s+of)?|couple(?:\s+of)?"
    r"|an?\s+pair\s+of|an?\s+few|few|several|half\s+an?|an?\s+half|(?:an?\s+)?quarter\s+of\s+an?"
    r"|three[\s-]quarters?\s+of\s+an?|an?|" + NUMBER + r")"
)

# Minutes east of UTC, as Duckling reads the abbreviations (CST is US Central).
TIME_ZONES: dict[str, int] = {
    "utc": 0, "gmt": 0, "wet": 0, "west": 60, "bst": 60, "cet": 60, "cest": 120, "eet": 120,
    "eest": 180, "ist": 330, "hkt": 480, "sgt": 480, "jst": 540, "kst": 540, "aest": 600,
    "aedt": 660, "pst": -480, "pdt": -420, "mst": -420, "mdt": -360, "cst": -360, "cdt": -300,
    "est": -300, "edt": -240,
}  # fmt: skip
TIME_ZONE = r"(?P<tz>" + "|".join(sorted(TIME_ZONES, key=len, reverse=True)) + ")"

# Words a bare hour may stand before ("at 3 on Friday", "8 tonight"): anything else after the
# number ("at 3 people", "Friday 2 engineers") makes it a count, not a time.
_FOLLOW = re.compile(
    # "the 12th 3pm", "12th @ 3": a clock time said straight after
    # an emoji typed after it ("tmrw @ 3 👍") ends the time as a full stop would
    r"\s*(?:$|[,.;:!?)\-–/@&+\u2600-\u27bf\U0001f300-\U0001faff]|(?<=\s)\d{1,2}(?:[:.]\d\d)?\s*[ap]\.?m(?![a-z])|(?:on|in|of|with|and|to|for|tomorrow|tmrw|tmr|today|tonight|tonite|this|next|"
    r"o'?\s?clock|oclock|sharp|ish|please|pls|plz|then|or|so|but|if|until|till|at|by|the|pm|am|a\.m|p\.m|"
    r"morning|afternoon|arvo|evening|night|noon|til|thru|through|w/|"
    # what a dictated plan says next: "tuesday at four meeting with", "at ten about the renewal"
    r"about|re|regarding|meeting|call|visit|demo|lunch|dinner|coffee|i|we|he|she|they|um|uh|"
    # a dictated time said again: "at nine actually ten thirty", "at two no wait three"
    r"actually|no|sorry|wait|instead|or\s+rather|like|yeah|ok|okay|"
    + "|".join(TIME_ZONES)
    + "|"
    + "|".join(WEEKDAYS)
    + "|"
    + "|".join(MONTHS)
    + r")(?![a-z]))"
)


def followed_by_time_word(text: str, end: int) -> bool:
    return _FOLLOW.match(text, end) is not None


def number(text: str) -> int | None:
    """The value of digits or a number word up to fifty-nine ("twenty-three", "oh five")."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    text = re.sub(r"^o[h']?[\s-]?", "", text) if text[:1] == "o" and text != "one" else text
    parts = re.split(r"[\s-]+", text)
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in NUMBER_WORDS:
        return _TENS[parts[0]] + NUMBER_WORDS[parts[1]]
    return NUMBER_WORDS.get(text)


def ordinal(text: str) -> int | None:
    text = re.sub(r"\s+", "-", text.strip())
    if text[:-2].isdigit():
        return int(text[:-2])
    return ORDINAL_WORDS.get(text)


_QUANTITY_WORDS: tuple[tuple[str, float], ...] = (
    ("couple", 2.0),
    ("pair", 2.0),
    ("three", 0.75),  # three-quarters of an hour; "three" alone is a number, checked first
    ("quarter", 0.25),
    ("half", 0.5),
    ("few", 3.0),
    ("several", 3.0),
)


def quantity(text: str) -> float | None:
    """How many units a duration counts: "a couple of" 2, "a few" 3, "2 and an half" 2.5."""
    text = re.sub(r"\s+", " ", text.strip())
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    if " and " in text:
        return float(text.split()[0]) + 0.5
    if "/" in text:
        top, bottom = text.split("/")
        return int(top) / int(bottom)
    value = number(text)
    if value is not None:
        return float(value)
    if text in ("a", "an"):
        return 1.0
    return next((amount for word, amount in _QUANTITY_WORDS if word in text), None)


def unit(text: str) -> tuple[Grain, int] | None:
    """The grain of a unit word and how many of it one stands for (a fortnight is 14 days)."""
    if text.startswith("fortnight"):
        return "day", 14
    grain = UNITS.get(text)
    return (grain, 1) if grain is not None else None

"""English speech-to-text output turned into the text a rep would have typed, offsets kept.

A phone's recogniser writes what it hears: the punctuation the rep says aloud ("comma", "full
stop", "new line"), homophones of small numbers where only a number fits ("at for", "to hundred",
"ticket to zero one"), "their" / "there" for "they're" before what they are doing, and a rep's own
corrections left in ("call jane i mean janet", "the gateway no the data concentrator"). Each
rewrite keeps every character where it was (the replacement is padded with spaces or blanks the
words taken back), so the spans the rules find still point into what the user wrote.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

from nlu import slots as slot_finders
from nlu.regex_scout import scouted

# Punctuation said aloud. A noun use is kept: "the trial period", "a full stop", "the new line"
# (a production line), so a spoken mark must not follow a word that makes it a noun.
_NOUN_BEFORE = re.compile(
    r"\b(?:the|a|an|our|their|its|this|that|on|of|for|per|in|trial|grace|notice|"
    r"warranty|payment|billing|same|second|whole|another|every|each|contract|review|lock-in|"
    r"cooling-off|bedding-in|settling-in|production|assembly|packing|bottling|product|before|"
    r"after|by|until|till|during|quarter|reporting|accounting|financial|rental|sales|test)$",
    re.I,
)
_SPOKEN_MARKS: tuple[tuple[re.Pattern[str], str], ...] = (
    # not a noun's first words: "new line items", "the period end", "period of grace"
    (
        re.compile(
            r"\s*\b(?:new\s+(?:line|paragraph)|next\s+line)\b"
            r"(?=\s+(?!(?:items?|manager|managers|of|for|speed|side|up|rental|costs?)\b)\w)",
            re.I,
        ),
        ";",
    ),
    (
        re.compile(
            r"\s*\b(?:full\s+stop|period)\b"
            r"(?=\s+(?!(?:end|ending|close|of|in\s+which|when|where)\b)\w|\s*$)",
            re.I,
        ),
        ".",
    ),
    (re.compile(r"\s*\bquestion\s+mark\b", re.I), "?"),
    (re.compile(r"\s*\bexclamation\s+(?:mark|point)\b", re.I), "!"),
    (re.compile(r"\s*\bsemi-?\s?colon\b", re.I), ";"),
    (re.compile(r"\s*\bcolon\b(?=\s+\w)", re.I), ":"),
    (re.compile(r"\s*\bcomma\b(?=\s+\w|\s*$)", re.I), ","),
)
# A spoken mark at the very start has no words before it to end.
_AFTER_WORDS = re.compile(r"\w")


def spoken_punctuation(text: str) -> str:
    """ "spoke to janet comma call her friday" -> "spoke to janet,       call her friday"."""
    for pattern, mark in _SPOKEN_MARKS:
        text = pattern.sub(partial(_mark, mark=mark), text)
    return text


def _mark(match: re.Match[str], *, mark: str) -> str:
    said = match.group()
    before = match.string[: match.start()].rstrip()
    if not _AFTER_WORDS.search(before[-1:] or "") or _NOUN_BEFORE.search(before):
        return said
    return mark + " " * (len(said) - 1)


# Small numbers heard as words that only a number fits: "at for" (at four), "by to", "to hundred",
# "ticket to zero zero one". The digit keeps the word's place.
_NUMBER_WORDS = (
    r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|\d)"
)
_HOMOPHONE_NUMBER = re.compile(
    # a clock time: "at for", "by to thirty", "around too"
    r"\b(?:at|by|around|before|after|until|till|about)\s+(?P<n>to|too|for)\b"
    r"(?=\s*(?:$|[,.;!?]|(?:o'?clock|thirty|fifteen|forty[\s-]five|p\.?\s?m\b|a\.?\s?m\b|"
    r"tomorrow|today|tonight|on|and|then|so|if|or|please|pls|um+|uh+|call|ring|send|email|"
    r"visit|meet|the\s+latest)\b))"
    # a count or a sum: "to hundred licences", "for thousand pounds", "too grand"
    r"|\b(?P<count>to|too|for)(?=\s+(?:hundred|thousand|million|grand|k)\b)"
    # a ticket's number read digit by digit: "ticket to zero zero one"
    r"|\b(?:ticket|t)\s+(?P<ticket>to|too|for)(?=\s+" + _NUMBER_WORDS + r"\b)",
    re.I,
)
_DIGIT = {"to": "2", "too": "2", "for": "4"}


def spoken_number_homophones(text: str) -> str:
    """ "call her at for" -> "call her at 4  "; "for hundred units" keeps "for" only when a
    number cannot stand there."""
    return _FOUR_FOR_A_DAY.sub(
        "for ", _HOMOPHONE_NUMBER.sub(_as_digit, _spoken_ticket_digits(text))
    )


# The other way round: "reminder four wednesday", "remind me four monday" is "for" the day; a
# clock time stays one ("at four wednesday", "4 four").
_FOUR_FOR_A_DAY = re.compile(
    r"(?<!\bat\s)(?<!\bby\s)(?<!\baround\s)(?<!\babout\s)(?<!\buntil\s)(?<!\btill\s)"
    r"(?<!\bfrom\s)(?<!\bbefore\s)(?<!\bafter\s)(?<![\d\s]\s)\bfour(?=\s+(?:mon|tues|wednes|thurs|fri|"
    r"satur|sun)day\b)",
    re.I,
)


# A ticket number read out digit by digit, as words, homophones or spaced digits: "ticket for
# four zero two", "t 2 2 1 5". Written as the digits it spells, so the ticket finder reads it.
_DIGIT_WORD = {
    "zero": "0", "oh": "0", "o": "0", "one": "1", "two": "2", "to": "2", "too": "2", "three": "3",
    "four": "4", "for": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
}  # fmt: skip
_SPELT_TICKET = re.compile(
    r"\b(?:ticket|tkt|t)\s+(?:number\s+)?(?P<digits>(?:(?:zero|oh|one|two|to|too|three|four|for|"
    r"five|six|seven|eight|nine|\d)\b\s*){3,6})",
    re.I,
)


def _spoken_ticket_digits(text: str) -> str:
    def digits(match: re.Match[str]) -> str:
        said = match.group("digits")
        words = said.split()
        if all(len(w) > 1 and not w.isdigit() for w in words) and not any(
            w.casefold() in ("to", "too", "for") for w in words
        ):
            return match.group()  # all number words: the ticket finder reads these already
        number = "".join(_DIGIT_WORD.get(w.casefold(), w) for w in words)
        head = match.group()[: match.start("digits") - match.start()]
        return head + _padded(number, said.rstrip()) + said[len(said.rstrip()) :]

    return _SPELT_TICKET.sub(digits, text)


# A clock time dictated half in digits, or with a space for the colon: "at 2 thirty", "by 4
# fifteen", "at 2 30 pm".
_HALF_SPOKEN_CLOCK = re.compile(
    r"\b(?:at|by|around|about|before|after|till|until|from)\s+(?P<hour>\d{1,2})\s+"
    r"(?P<minutes>thirty|fifteen|forty[\s-]five|\d{2}(?=\s*[ap]\.?\s?m\b))\b",
    re.I,
)
_MINUTES = {"thirty": ":30", "fifteen": ":15"}


def spoken_clock_times(text: str) -> str:
    """ "tuesday at 2 thirty" -> "tuesday at 2:30     ": the digits and words a recogniser mixes
    in one time, written as one."""

    def clock(match: re.Match[str]) -> str:
        said = text[match.start("hour") : match.end()]
        said_minutes = match.group("minutes").casefold()
        minutes = (
            ":" + said_minutes if said_minutes.isdigit() else _MINUTES.get(said_minutes, ":45")
        )
        head = match.group()[: match.start("hour") - match.start()]
        return head + _padded(match.group("hour") + minutes, said)

    return _HALF_SPOKEN_CLOCK.sub(clock, text)


# "hundred and twenty k": the recogniser drops the "a" or "one" before a leading hundred.
_BARE_HUNDRED = scouted(
    r"(?<![\w-])(?<!\ba\s)(?<!\bone\s)(?<!\d\s)(?<!\b(?:two|six|ten)\s)"
    r"(?<!\b(?:four|five|nine)\s)(?<!\b(?:three|seven|eight)\s)(?<!\bfew\s)"
    r"hundred\s+and\s(?=\s*(?:[a-z]+(?:ty|teen)|ten|eleven|twelve|one|two|three|four|five|six|"
    r"seven|eight|nine)\b)",
    re.I,
)


def bare_hundreds(text: str) -> str:
    """ "renewed for another year hundred and twenty k" -> "… a hundred   twenty k"."""
    return _BARE_HUNDRED.sub(lambda m: _padded("a hundred", m.group()), text)


# A dictated note's opening that only announces it: "quick update on fairbank", "just a short
# note about Pemberton". What follows is the note; the opening asks nothing.
_ANNOUNCED = re.compile(
    r"^(?:\s*(?:morning|hi|hey|ok|okay|right|so|um+|uh+|erm)\b[,.]?)*\s*(?:just\s+)?(?:an?\s+)?"
    r"(?:quick|brief|short|little)\s+(?:update|note|one)\s+(?:on|about|for|from|re)\b",
    re.I,
)


def announced_note(text: str) -> str:
    """ "quick update on fairbank the probes …" -> "                fairbank the probes …"."""
    return _ANNOUNCED.sub(lambda m: " " * len(m.group()), text)


def _as_digit(match: re.Match[str]) -> str:
    group = next(g for g in ("n", "count", "ticket") if match.group(g) is not None)
    said = match.group(group)
    head = match.group()[: match.start(group) - match.start()]
    return head + _padded(_DIGIT[said.casefold()], said)


# "their having problems", "there not happy": "they're" heard as a possessive or a place, told by
# what follows (a doing or a state, never a noun); "is there not", "over there" keep theirs.
_THEYRE = re.compile(
    r"\b(?:their|there)(?=\s+(?:not|having|getting|going\s+to|looking|asking|saying|thinking|"
    r"waiting|coming|moving|switching|expecting|hoping|planning\s+to|trying|struggling|"
    r"complaining|reporting|chasing|pushing|considering|keen|happy|unhappy|ready|interested|"
    r"upset|annoyed|worried|concerned|still\s+(?:having|waiting|not|looking|getting|unhappy|"
    r"happy|keen|interested))\b)",
    re.I,
)
_PLACE_BEFORE = re.compile(
    r"\b(?:is|are|was|were|be|been|over|in|out|up|down|get|got|go|went|from|here|and)\s+$", re.I
)


def theyre_homophones(text: str) -> str:
    """ "their having problems with the tills" -> "they  having problems …": the subject, so the
    sentence reads as what the customer is going through."""
    return _THEYRE.sub(
        lambda m: (
            m.group()
            if _PLACE_BEFORE.search(text, max(0, m.start() - 12), m.start())
            else _padded("they", m.group())
        ),
        text,
    )


# A correction said aloud: what was said, a marker, and the words that replace it.
_REPAIR_MARK = scouted(
    r"(?:,\s*)?\b(?P<mark>no\s+sorry|sorry\s+no|no\s+wait|wait\s+no|no\s+no|i\s+mean|sorry|"
    r"or\s+rather|scratch\s+that|no|make\s+that)\b[,.]?\s+(?:(?:um+|uh+|er+)\s+)?"
    # "at 10 am no wait make that eleven": the repair says what it changes to
    r"(?:(?:make\s+(?:that|it)|change\s+(?:that|it)\s+to|let'?s\s+say)\s+)?(?P<first>[\w']+)",
    re.I,
)
_WORD = re.compile(r"[\w']+")
# A bare "no" takes back only a short phrase with no verb of saying in it ("the gateway no the
# concentrator"), never "said no the price is too high".
_SAYING = re.compile(
    r"\b(?:said|says|say|told|tell|asked|answered|replied|is|are|was|were|got|have|had|"
    r"there's|theres)\b",
    re.I,
)
_NOT_REPAIRED = frozenset(
    {"for", "about", "to", "i", "we", "guys", "mate", "but", "and", "so", "if", "that", "it",
     "um", "uh", "problem", "worries", "way", "idea", "one", "longer", "more"}
)  # fmt: skip
_WEEKDAY = re.compile(
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|"
    r"tomorrow|tmr|tmrw|tmw|2moro|today|tonight|morning|afternoon|"
    r"evening",
    re.I,
)
_MONTH = re.compile(
    r"january|february|march|april|may|june|july|august|september|october|november|december",
    re.I,
)
_NUMBER = re.compile(
    r"\d[\d.,]*k?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|"
    r"sixty|seventy|eighty|ninety|hundred|half|thousand|million|lakh|lakhs|crore|grand",
    re.I,
)
_KINDS: tuple[re.Pattern[str], ...] = (_WEEKDAY, _MONTH, _NUMBER)
_LOOK_BACK = 6  # words: a correction retakes a phrase, not a sentence


def spoken_repairs(text: str) -> str:
    """Blank the words a rep takes back and the marker, keep the repair: "call jane i mean janet"
    -> "call                janet", "sixty k no sorry sixty five k" -> "… sixty five k". Only
    where the repair plainly restates what it replaces: it starts with the same word or a word of
    the same kind (a day, a month, a number), or it is the same given name said better."""
    for match in reversed(list(_REPAIR_MARK.finditer(text))):
        start = _taken_back_from(text, match)
        if start is not None:
            end = match.start("first")
            text = text[:start] + " " * (end - start) + text[end:]
    return text


def _taken_back_from(text: str, match: re.Match[str]) -> int | None:
    """Where the phrase the marker takes back starts, or None when nothing plainly is."""
    first = match.group("first").casefold()
    mark = " ".join(match.group("mark").casefold().split())
    if first in _NOT_REPAIRED:
        return None
    before = list(_WORD.finditer(text, max(0, match.start() - 80), match.start()))[-_LOOK_BACK:]
    if not before:
        return None
    start = _same_word_or_kind(before, first)
    if start is None and _same_name(before[-1].group(), first):
        start = before[-1].start()
    if start is None:
        return None
    if mark == "no" and (_SAYING.search(text, start, match.start()) or _too_long(before, start)):
        return None
    return start


def _same_word_or_kind(before: list[re.Match[str]], first: str) -> int | None:
    kind = next((k for k in _KINDS if k.fullmatch(first)), None)
    for word in reversed(before):
        said = word.group().casefold()
        if said == first or (kind is not None and kind.fullmatch(said)):
            return _run_start(before, word, kind)
    return None


def _run_start(
    before: list[re.Match[str]], word: re.Match[str], kind: re.Pattern[str] | None
) -> int:
    """A number said in several words ("sixty five k") is taken back from its first word."""
    index = before.index(word)
    while kind is _NUMBER and index > 0 and _NUMBER.fullmatch(before[index - 1].group()):
        index -= 1
    return before[index].start()


def _same_name(said: str, first: str) -> bool:
    """ "jane" then "janet", "tom" then "tim": a given name said again, or the same start."""
    said = said.casefold()
    if said == first:
        return False
    both_names = slot_finders.is_given_name(said) and slot_finders.is_given_name(first)
    return both_names or (len(said) >= 3 and first.startswith(said[:3]) and said.isalpha())


# A correction that names what it takes back: "met Priya sorry not Priya it was Tom", "call
# them tuesday no not tuesday wednesday". The earlier saying of the named words is blanked with
# the marker; the words between them (what the rep did, where) stay.
_NAMED_REPAIR = scouted(
    r"(?:,\s*)?\b(?:no\s+sorry|sorry\s+no|sorry|no|oh\s+no)[,.]?\s+"
    r"(?:not|it\s+wasn't|wasn't)\s+"
    r"(?P<old>[\w']+(?:\s+(?!(?:it|but|i|rather|that)\b)[\w']+)?)[,.]?\s+"
    r"(?:(?:it\s+was|it's|it\s+is|that\s+was|i\s+mean|but|rather)\b[,.]?\s*)?(?=[\w'])",
    re.I,
)


def named_repairs(text: str) -> str:
    """ "met Priya at Pemberton sorry not Priya it was Tom Reeve" -> "met       at Pemberton
    Tom Reeve" (blanks keep offsets): only when the words after "not" were said just before."""
    for match in reversed(list(_NAMED_REPAIR.finditer(text))):
        old = match.group("old")
        words = old.split()
        # the longest start of the named words said again shortly before
        for n in range(len(words), 0, -1):
            said = re.compile(r"\b" + r"\s+".join(map(re.escape, words[:n])) + r"\b", re.I)
            earlier = list(said.finditer(text, max(0, match.start() - 80), match.start()))
            if earlier:
                break
        else:
            continue
        if n < len(words):  # the marker's second word belongs to the repair: "not Priya Tom"
            end = match.start("old") + len(re.match(r"[\w']+", old).group())  # type: ignore[union-attr]
            rest = re.match(r"[,.]?\s*", text[end:])
            end += rest.end() if rest else 0
        else:
            end = match.end()
        found = earlier[-1]
        text = (
            text[: found.start()]
            + " " * (found.end() - found.start())
            + text[found.end() : match.start()]
            + " " * (end - match.start())
            + text[end:]
        )
    return text


def _too_long(before: list[re.Match[str]], start: int) -> bool:
    return sum(1 for w in before if w.start() >= start) > 4


# What we are to do next, said as a command: "call them back", "email her", "send them".
_OUR_COMMAND = (
    r"(?:(?:call|ring|phone)(?!\s+(?:went|was|is|from|yesterday|earlier|last|this|today)\b)|"
    r"email|e-mail|send|chase|ping|remind\s+me|follow\s+up|book|set\s+up|arrange|schedule)"
)
# A pause the recogniser wrote as a filler, right before a command about the customer already
# named: "…two hundred licences um call them back on monday" is two sentences. (A command naming
# someone new, "uh call the bakery manager tomorrow", is left to the clause splitter.)
_PAUSE_BEFORE_COMMAND = re.compile(
    r"(?<=\w)(?<!\band)(?<!\bso)(?<!\bthen)(?<!\balso)(?<!\bbut)(?<!\bor)(?<!\bto)"
    r"\s+(?:um+|uh+|er+|erm)(?=\s+" + _OUR_COMMAND + r"\s+(?:them|him|her|back)\b)",
    re.I,
)
# With no pause at all: a command whose object is the customer already named ("…licences call
# them back monday") starts a sentence unless a word before makes it part of this one ("need
# to call them", "can you email her", "and call him").
_COMMAND_TO_THEM = re.compile(r"(?<=\w)\s(?=" + _OUR_COMMAND + r"\s+(?:them|him|her)\b)", re.I)
_COMMAND_GOES_ON = re.compile(
    r"\b(?:to|will|'ll|ll|and|or|i|we|please|pls|can|could|should|must|then|also|just|me|you|"
    r"gonna|wanna|'d|did|didn't|not|never|let's|lets|so|yet|still|might|may|would|shall|"
    r"gotta|do|don't|dont|who|they|he|she|um+|uh+|er+|erm|yeah|ok|okay|right|now|quickly|"
    r"definitely|probably|maybe|sorry|actually)$",
    re.I,
)


def spoken_sentence_ends(text: str) -> str:
    """A dictated run-on cut where a command of ours begins: a filler pause before it becomes a
    comma, and so does the space before "call them / email her" after a word that ends a
    phrase. The comma only lets the clause splitter weigh a cut there, as it does in typing."""
    text = _PAUSE_BEFORE_COMMAND.sub(lambda m: "," + " " * (len(m.group()) - 1), text)
    return _COMMAND_TO_THEM.sub(
        lambda m: (
            m.group() if _COMMAND_GOES_ON.search(text, max(0, m.start() - 12), m.start()) else ","
        ),
        text,
    )


# A priority code said aloud: "p one", "sev two" are P1, Sev2 as typed.
_PRIORITY_CODE = re.compile(r"\b(?P<code>p|sev)\s+(?P<n>one|two|three|four)\b", re.I)
_CODE_DIGIT = {"one": "1", "two": "2", "three": "3", "four": "4"}


def spoken_priority_codes(text: str) -> str:
    """ "production stopped p one" -> "production stopped p1   "."""
    return _PRIORITY_CODE.sub(
        lambda m: _padded(m.group("code") + _CODE_DIGIT[m.group("n").casefold()], m.group()),
        text,
    )


# Fillers a recogniser writes out that the rules do not read as a pause ("um", "uh" they do):
# "you know", "erm", "hmm". "do you know", "let you know", "if you know" keep their words.
_FILLER = re.compile(
    r"(?<=\w)\s+(?:e+r+m+|(?-i:er)(?=\s)|hmm+|(?<!\bdo\s)(?<!\bdid\s)(?<!\bdoes\s)(?<!\bif\s)"
    r"(?<!\blet\s)(?<!\bas\s)(?<!\bwill\s)(?<!\bwould\s)(?<!\bto\s)(?<!\bdon't\s)"
    r"you\s+know(?!\s+(?:what|how|when|where|who|why|if|whether|that|about|him|her|them|it)\b))"
    r"\b[,.]?",
    re.I,
)
# A message opened with a filler or a discourse word: "so new account …", "like do we have …".
# (an "um" / "uh" there the rules read already)
_OPENING_FILLER = re.compile(
    r"^(?P<sound>\s*(?:(?:um+|uh+|er+m?)\b[,.]?\s+)*)"
    # an interjection or a greeting before the report: "Oh dear, X rang", "Right! Popped in to",
    # "hola buenos dias what I have", "can you hear me ok so booth 12 …"
    r"(?P<words>(?:(?:so|like|you\s+know|oh(?:\s+(?:dear|no|man))?|right|hola|"
    r"buen[oa]s\s+d[ií]as|can\s+you\s+hear\s+me(?:\s+ok)?)\b[,.!]*\s+(?:(?:um+|uh+)\s+)*)+)(?=\w)",
    re.I,
)


def spoken_fillers(text: str) -> str:
    """ "fairbank you know reefer kits not uploading" -> "fairbank          reefer kits …",
    "so new account …" -> "   new account …": the filler's words go, so none of them is
    read as part of a name or a product; where a clause ends is left to the clause cutter."""
    text = _FILLER.sub(lambda m: " " * len(m.group()), text)
    return _OPENING_FILLER.sub(lambda m: m.group("sound") + " " * len(m.group("words")), text)


_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_LETTER = scouted(r"[A-Za-z]")


def _padded(word: str, said: str) -> str:
    return word + " " * (len(said) - len(word))


# A ticket number read out with its dash: "ticket T dash 6602" -> "ticket      T-6602".
_SPOKEN_TICKET_DASH = re.compile(r"\b(?P<t>[Tt])\s+dash\s+(?=\d)")


def spoken_ticket_dash(text: str) -> str:
    """ "T dash 6602" -> "     T-6602": the dash said as a word joins the letter to its digits."""
    return _SPOKEN_TICKET_DASH.sub(
        lambda m: " " * (len(m.group()) - 2) + m.group("t").upper() + "-", text
    )


def heard_as_typed(text: str) -> str:
    """Every rewrite above in turn, for English text (a Chinese message is left as it is; an
    English one keeps them with a "£150k" or a contact's Chinese name in it)."""
    if 3 * len(_HAN.findall(text)) >= len(_LATIN_LETTER.findall(text)):
        return text
    steps: tuple[Callable[[str], str], ...] = (
        spoken_ticket_dash,
        spoken_punctuation,
        named_repairs,
        spoken_repairs,
        spoken_number_homophones,
        spoken_clock_times,
        bare_hundreds,
        spoken_fillers,
        spoken_priority_codes,
        announced_note,
        theyre_homophones,
        spoken_sentence_ends,
    )
    for step in steps:
        text = step(text)
    return text

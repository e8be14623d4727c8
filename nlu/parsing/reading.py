"""Reading a message before any rule runs: control bytes and oversize text made safe, traditional
script folded, typed marks and spoken fillers blanked (offsets kept), and the small text tests
(Latin text, masks, overlaps) every later stage shares."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from nlu import slots as slot_finders
from nlu.courtesy_en import blank_po
from nlu.customer_index import CustomerMention
from nlu.noisy_dictation_en import read_on_the_floor
from nlu.parsing.frames import Action, Clause, Entities, ParseContext
from nlu.quoted_reply_zh import blank_quoted_reply
from nlu.regex_scout import scouted
from nlu.said_again_en import customers_said_again
from nlu.said_again_zh import names_said_again
from nlu.script_zh import simplified
from nlu.typed_layout_en import blank_english_layout
from nlu.typed_layout_zh import blank_typed_layout
from nlu.types import TimeMention
from nlu.voice_en import heard_as_typed
from nlu.voice_zh import opening_fillers

MAX_ANALYSED_CHARS = 4000  # a 20,000-character paste is parsed on its head; the rest is summary


_SPEECH = re.compile(
    r"says|said|told|tells|mentioned|asked|asking|needs|rang|called|phoned|emailed|texted|"
    r"messaged|confirmed|reported|on the phone",
    re.IGNORECASE,
)


SURE_NAME = 95.0


HAN = re.compile(r"[\u3400-\u9fff]")


@lru_cache(maxsize=1024)  # asked of the same message and clauses by many passes
def latin_text(text: str) -> bool:
    """English-only rules also hold for a line with a pound sign or a curly quote (not ASCII)."""
    return HAN.search(text) is None


# "Tanjong visit - 3 lines running well", "Orchard Hotels call: they like the kiosks": the talk
# named as a heading, then what came of it.
_HEADING = re.compile(
    r"\b(?:visit|call|meeting|mtg|catch[ -]?up|chat|demo|site\s+walk)\s*"
    r"(?:done|today|this\s+(?:morning|afternoon))?\s*(?:[-–—:]|\s-)\s*(?P<rest>[^,.;!?]*)",
    re.IGNORECASE,
)


_WORD = re.compile(r"[A-Za-z0-9']+")


def report_under_heading(text: str, clause: Clause, entities: Entities) -> bool:
    """An English talk named as a heading and followed by what was said or found is a report of
    something done, not the event of the plan said after it ("meeting with Tanjong | tomorrow
    11am" is one plan; "Tanjong visit - 3 lines running well, | back there in two weeks" is a
    visit logged and a plan)."""
    heading = _HEADING.search(text, clause.start, clause.end)
    if heading is None or not latin_text(text):
        return False
    rest = mask(text, [(t.start_char, t.end_char) for t in entities.times])
    return len(_WORD.findall(rest, heading.start("rest"), heading.end("rest"))) >= 2


def reports_speech(text: str, clause: Clause) -> bool:
    """The clause reports what someone said or asked ("Mei Lin needs the report", "on the
    phone: renewal OK"), so it is logged even when a promise follows."""
    return any(
        h.phrase == "report" and _SPEECH.fullmatch(text[h.start : h.end].strip()) is not None
        for h in clause.hits
    )


def sanitize(text: str) -> str:
    """Control characters become spaces (offsets are kept); invalid surrogates are replaced."""
    return "".join(
        " " if unicodedata.category(char) in ("Cc", "Cs") and char not in "\n\t" else char
        for char in text
    )


# "就是说明天早上先去…": a speaker's opening 就是说 reports nobody's words.
_SAID_FILLER = re.compile(r"^((?:\s*(?:嗯|呃|额|啊|那个|然后))*)(\s*)就是说(?=[\u4e00-\u9fff])")


_WORD_SAID_TWICE = scouted(r"\b([A-Za-z][A-Za-z-]*)(?:\s+\1\b)+", re.IGNORECASE)


def said_once(name: str) -> str:
    """ "the smart smart meters rollout": a word a speaker stumbled on is said once in the name."""
    return _WORD_SAID_TWICE.sub(r"\1", name)


# "1) called Tanjong 2) f/u Sunda Palm": a typed list's item number, at the start, after a
# space or a heading's colon, with words after it.
_LIST_MARKER = scouted(r"(?:^|(?<=[\s:]))(\d{1,2})\)(?=\s+[^\W\d])", re.MULTILINE)


# "Fwd from Raj: …": a forwarded note's header names the colleague who sent it, no contact.
_FORWARDED_FROM = re.compile(
    r"^\s*(?i:fwd?)\s+from\s+(?P<name>[A-Z][\w'-]*)(?:\s+[A-Z][\w'-]*)?\s*[:\-–]"
)


# "tmrw @ 3": a typed "@" before a clock time is "at".
_AT_SIGN_TIME = re.compile(r"@ (?=\d)")


def read_message(text: str, context: ParseContext) -> tuple[str, str]:
    """What the user said as the summaries quote it (dictation read as typed) and the text the
    rules read; `parse` and the classifier's clauses read a message the same way."""
    shown = heard_as_typed(read_on_the_floor(opening_fillers(_blank_said_filler(sanitize(text)))))
    return shown, _analysed(shown, context)


def _analysed(shown: str, context: ParseContext) -> str:
    """The text the rules read: traditional characters written simplified (`script_zh`), layout
    made punctuation, and names taken back in dictation ("去了青禾 不对 是东辰") blanked so only
    the one meant is read. Offsets are kept."""
    prepared = _blank_asked_to_note(_prepared(simplified(shown))[:MAX_ANALYSED_CHARS])
    return customers_said_again(names_said_again(prepared, context.customers), context.customers)


# "…一共十八万六你帮我记一下他们下礼拜签", "记一下，明天去青禾": the rep asking the assistant to
# note what they say frames the note; it asks for no look-up (帮我 otherwise asks one).
_ASKED_TO_NOTE = scouted(
    r"(?:(?:你|麻烦)?(?:帮我|给我|帮忙)|(?<![\u4e00-\u9fff]))(?:记|登记|记录)(?:一下|下来)吧?"
)


def _blank_asked_to_note(text: str) -> str:
    """The request to note blanked (offsets kept); what is to be noted is read as said."""
    return _ASKED_TO_NOTE.sub(lambda m: " " * len(m.group()), text)


def _prepared(text: str) -> str:
    """The text the rules read: typed layout (headers, list numbers, forwarded-from lines) turned
    into the punctuation it stands for. Offsets are kept, so what the user wrote (`shown`) is
    still where every span says."""
    return blank_po(
        _typed_marks(blank_english_layout(blank_typed_layout(blank_quoted_reply(text))))
    )


def _typed_marks(text: str) -> str:
    """Typed shorthand read as what it stands for, offsets kept: a list item's number ends the
    item before it (a semicolon, so "Today: 1)" is no 1 o'clock and "S$38k 2)" no amount of
    the next item), a forwarded note's "Fwd from Raj:" is blank and "@ 3" is a time like "@3"."""
    text = _LIST_MARKER.sub(lambda m: " " * len(m.group(1)) + ";", text)
    text = _FORWARDED_FROM.sub(
        lambda m: " " * len(m.group()) if slot_finders.is_given_name(m["name"]) else m.group(), text
    )
    return _AT_SIGN_TIME.sub(" @", text)


def _blank_said_filler(text: str) -> str:
    """The filler 就是说 opening a message becomes spaces (offsets are kept); later in a report
    ("见到了嗯就是说…他们想明年再上") it carries what was said."""
    return _SAID_FILLER.sub(lambda m: m.group(1) + m.group(2) + "   ", text)


def unknown_action(start: int, end: int, confidence: float) -> Action:
    return Action("unknown", confidence, {}, start, end)


# "年底了别丢单", "周末了": the season the rep is in, said with 了, dates nothing
_SEASON = ("年底", "年末", "月底", "月末", "年关", "周末", "週末")


_WAITED_FOR = re.compile(r"(?:到|等|过|過)$")


# "周五了 瑞丰电子那边还是没消息": the day it is, opening the message or a clause
_WEEKDAY_NOW = re.compile(r"(?:周|週|星期|礼拜|禮拜)[一二三四五六日天]")


_CLAUSE_OPENS = re.compile(r"(?:^|[\s，,。；;！!])$")


def season_now(text: str, time: TimeMention) -> bool:
    if not text.startswith("了", time.end_char):
        return False
    if time.text in _SEASON:
        return _WAITED_FOR.search(text, 0, time.start_char) is None
    return _WEEKDAY_NOW.fullmatch(time.text) is not None and (
        _CLAUSE_OPENS.search(text, 0, time.start_char) is not None
    )


# "明天和科达开会", "后天和东辰签": 天 ends the day word; 天和 heard there is no customer.
_DAY_BEFORE = frozenset("今明后昨前每当")


def in_day_word(text: str, mention: CustomerMention) -> bool:
    """A customer matched only by sound whose first character ends a Chinese day word."""
    return (
        mention.best.score < SURE_NAME
        and text[mention.start : mention.start + 1] == "天"
        and text[mention.start - 1 : mention.start] in _DAY_BEFORE
    )


def mask(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """Blank out spans, keeping every offset."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def spans_overlap(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end in spans)

"""English times that date the customer's own doings, not a follow-up of ours.

A rep's note is full of dates that belong to the customer: their events ("they've got a board
meeting at noon", "their year end audit is on the thirty first", "the board meets on the 25th"),
their plans ("they're moving warehouse in August", "might review suppliers in january") and their
wishes for the goods ("they want the POS terminals installed before chinese new year", "want
delivery by the end of june"). Such a time is logged news; it is a follow-up only when the rep's
own voice ("i'll", "we", "so call them") or an errand of ours comes between it and the customer's
words. Each predicate reads the words of the sentence before the time.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from nlu.regex_scout import scouted
from nlu.types import TimeMention

# The rest of the customer's clause up to the time: no rep's voice, no hand-over to a plan.
_THEIR_CLAUSE = (
    r"(?:(?!\b(?:i|we|i'll|we'll|ill|i'd|we'd|id|lets|let's|and|so|then|but|us|me|you|"
    # a wish or an errand of ours said next, run on: "… um want a quote", "… call him tuesday"
    r"want|wants|need|needs|asked|call|ring|send|email|visit|chase|book|ping|quote|follow)\b)"
    r"[^.;!?,])*$"
)
# Events of the customer's own calendar.
_THEIR_EVENT = (
    r"(?:audit|inspection|shutdown|shut\s?down|stocktake|stock\s+take|year[- ]end|board|"
    r"board\s+meeting|agm|harvest|concert|carol\s+concert|exams?|holidays?|refit|shipment|"
    r"launch|relocation|trade\s+show|peak|busy\s+season|(?:sports|open|prize|speech|away)\s+day)"
)
_EVENT_BEFORE = scouted(
    # not "a meeting with the board on …", "present to the board on …": an event of ours
    rf"(?<!\bwith\s)(?<!\bwith\sthe\s)(?<!\bwith\stheir\s)(?<!\bto\sthe\s)\b{_THEIR_EVENT}"
    r"(?:\s+(?:is|are|starts?|begins?|goes\s+out|going\s+out|happens?|meets?|meeting|sits?))?"
    r"(?:\s+(?:on|at|in))?\s*$",
    re.IGNORECASE,
)
# "their warehouse move is now the 28th", "his last day is on the 30th": a thing of theirs, dated
# (not one done with us: "their demo is on friday", "the kickoff is on the 5th").
_THEIRS_IS = re.compile(
    r"\b(?:their|his|her)\s+(?:[\w'’-]+\s+){0,3}?(?:is|are|'s|’s|was|were)"
    r"(?:\s+(?:now|still|moved\s+to|set\s+for|due|planned\s+for|booked\s+for))?"
    r"(?:\s+(?:on|at|in|for))?\s*$",
    re.IGNORECASE,
)
_JOINT = re.compile(
    r"\b(?:demo|meeting|mtg|call|visit|training|kick-?off|install\w*|deliver\w*|review|"
    r"workshop|presentation|session|go-?live|survey|pilot|trial|onboarding|appointment|slot)\b",
    re.IGNORECASE,
)
# "they've got a board meeting at", "theyve got a big shipment going out on", "she has an audit on"
_THEY_HAVE = re.compile(
    r"\b(?:(?:they|he|she)(?:'ve|’ve|'s|’s|\s+have|\s+has)?\s+got|theyve\s+got|"
    r"(?:they|he|she)\s+(?:have|has)(?!\s+to\b))\b" + _THEIR_CLAUSE,
    re.IGNORECASE,
)
# "they're moving warehouse in August", "he's off on holiday next week", "they start the harvest on"
_THEY_ARE_DOING = re.compile(
    r"\b(?:(?:they|he|she)(?:'re|’re|'s|’s|\s+are|\s+is)|theyre|shes|hes)\s+(?:(?:also|still|now)\s+)?"
    # "she's sending the PO on Friday", "they're reviewing our proposal next week" (but not
    # what they wait for from us or a meeting with us: "they're expecting the quote by friday")
    r"(?:(?!(?:expecting|waiting|looking|asking|wanting|needing|chasing|coming|visiting|meeting|"
    r"joining|calling|ringing|phoning|dropping|popping|attending|booking|going\s+to|counting)\b)"
    r"[a-z]+ing|off|away|out|on\s+(?:holiday|leave))\b"
    + _THEIR_CLAUSE
    + r"|\b(?:they|he|she)\s+(?:start|starts|begin|begins|open|opens|close|closes|move|moves|"
    r"shut|shuts|fly|flies|break\s+up|breaks\s+up|retire|retires|relocate|relocates)\b"
    + _THEIR_CLAUSE,
    re.IGNORECASE,
)
# "… and might review suppliers in january": a plan of theirs, and only maybe.
_THEY_MIGHT = scouted(
    # "in may", "early may", "may 5th": the month, not a maybe
    r"(?<!\bi\s)(?<!\bwe\s)(?<!\bin\s)(?<!\bfor\s)(?<!\bof\s)(?<!\bby\s)(?<!\bon\s)"
    r"(?<!\bearly\s)(?<!\blate\s)(?<!\bmid\s)\b(?:might|may(?!\s+\d)|could)\s+"
    r"(?!(?:want|need|like|be\s+able)\b)" + _THEIR_CLAUSE,
    re.IGNORECASE,
)
# "they'll confirm the order after their board meets next tuesday": what they will do.
_THEY_WILL = re.compile(
    r"\b(?:(?:they|he|she)(?:'ll|’ll|\s+will|\s+(?:are|is)\s+going\s+to|'re\s+going\s+to)|theyll)\b"
    + _THEIR_CLAUSE,
    re.IGNORECASE,
)
# "they want the POS terminals installed before …", "want installation over easter", "she wants
# delivery by the end of june", "they'd like the scanners delivered by …": the goods in place by a
# day they name, with no errand of ours (a quote, a visit, someone there) in the words wanted.
_WISH = (
    r"(?<!\bi\s)(?<!\bwe\s)\b(?:wants?|wanted|'d\s+like|’d\s+like|d\s+like|would\s+like|"
    r"needs?)\s+"
)
_GOODS_IN_PLACE = (
    r"(?:delivery|deliveries|installation|install|installed|delivered|fitted|commissioned|"
    r"swapped|replaced|switched\s+on|up\s+and\s+running|rolled\s+out|in\s+place|shipped|live)"
)
_ERRAND = (
    r"\b(?:quote|quotes|proposal|pricing|price|prices|demo|call|meeting|meet|visit|someone|"
    r"somebody|engineer|engineers|tech|techs|technician|us|me|you|update|contract|invoice|deck|"
    r"sample|samples|schedule|plan|report|logs?|copy|info|details|figures|training|session|"
    r"workshop|survey|talk|discuss|see|chat|review|paperwork|agenda|certs?|pack|documents?|"
    r"dates?|note|order\s+form)\b"
)
_WISH_FOR_GOODS = re.compile(
    _WISH
    + r"(?P<wanted>(?:[\w&'’-]+\s+){0,6}?(?:"
    + _GOODS_IN_PLACE
    + r")?)\b(?:\s+(?:all|everything|done|it|them))?"
    r"(?:\s+(?:by|before|over|during|for|in|ahead\s+of))?(?P<rest>(?:\s+[\w'’-]+){0,4}?)\s*$",
    re.IGNORECASE,
)
# A wish for the goods in the coming fortnight is work to arrange now ("they want them fitted next
# week", "wants delivery by end of month"); one further off is their deadline, news to log.
_ARRANGE_NOW = timedelta(days=14)
_SENTENCE_END = re.compile(r"[.!?;\n](?=\s|$)|\s[-–—]\s|:")


def _sentence_before(text: str, position: int) -> str:
    """The words of the sentence (or dash- or colon-led part) before the position."""
    start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, position)), default=0)
    return text[start:position]


# "they have an audit on wednesday and want the gateway logs sent over before then": the time
# of their event is the deadline of an errand of ours said after it.
_OURS_BY_THEN = re.compile(
    r"[^.;!?]*?\b(?:send|sent|quote|proposal|pricing|call|visit|deliver\w*|submit\w*|share|"
    r"shared|get|got|have|ready)\b[^.;!?]*?\b(?:before|by|ahead\s+of)\s+(?:then|that)\b",
    re.IGNORECASE,
)


# "reckon we'll hear back by end of month", "should get their decision by friday": waiting on
# the customer's answer dates their doing; "maybe next year", "if not sorted by friday they
# escalate": a time said only maybe, or as the condition of a threat, is no plan of ours.
_WAITING_ON_THEM = re.compile(
    r"\b(?:hear\s+back(?:\s+from\s+(?:them|him|her))?|hear\s+from\s+(?:them|him|her)|"
    r"(?:get|have|expect|expecting)\s+(?:an?\s+|their\s+|his\s+|her\s+)?"
    r"(?:answer|decision|reply|response|feedback|go-?ahead))\s*$"
    r"|\b(?:maybe|perhaps|possibly)\s*$"
    # "the maintenance schedule for next year": the period a document of theirs covers
    r"|\b(?:schedule|budget|forecast|calendar|programme|roadmap|price\s+list|rates)\s+for\s+$"
    r"|\bif\s+(?:it'?s\s+|it\s+is\s+|that'?s\s+|its\s+)?not\s+(?:[a-z]+\s+){0,2}$",
    re.IGNORECASE,
)


def their_own_event(text: str, position: int, end: int | None = None) -> bool:
    """The time at `position` (ending at `end`) dates an event or a plan of the customer's own."""
    if end is not None and _OURS_BY_THEN.match(text, end):
        return False
    before = _sentence_before(text, position)
    theirs = _THEIRS_IS.search(before)
    if theirs is not None and _JOINT.search(theirs.group()) is None:
        return True
    return any(
        pattern.search(before) is not None
        for pattern in (
            _EVENT_BEFORE, _THEY_HAVE, _THEY_ARE_DOING, _THEY_MIGHT, _THEY_WILL, _WAITING_ON_THEM
        )
    )  # fmt: skip


# "this one wants 40 more cold chain boxes before Christmas": goods counted out, wanted by a day.
_WISH_FOR_COUNTED_GOODS = re.compile(
    _WISH + r"(?P<wanted>(?:(?:another|some|more|a\s+few|\d[\d,]*|[a-z]+ty|[a-z]+teen|"
    r"hundreds?|dozens?)\s+)+(?:more\s+)?(?:[\w&'’-]+\s+){1,4}?)(?P<rest>)$",
    re.IGNORECASE,
)


def their_wish_for_the_goods(text: str, mention: TimeMention, now: datetime) -> bool:
    """The time is the customer's deadline for the goods to be delivered or installed, far enough
    off that nothing needs arranging now."""
    before = _sentence_before(text, mention.start_char)
    wish = _WISH_FOR_GOODS.search(before) or _WISH_FOR_COUNTED_GOODS.search(before)
    if wish is None or re.search(_ERRAND, wish.group("wanted") + wish.group("rest"), re.I):
        return False
    # "by the end of june" runs from now to its end; "next week" starts on its Monday
    deadline = mention.end is not None and abs(mention.value - now) < timedelta(seconds=1)
    due = mention.end - timedelta(seconds=1) if deadline and mention.end else mention.value
    return due.date() - now.date() > _ARRANGE_NOW

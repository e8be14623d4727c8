"""Dates and times in chat lines, Chinese, English or mixed: `find_times(text, now, lang)`.

Pipeline: normalize (fold width/case, simplify traditional characters, keep an offset map) ->
pieces (precompiled regex rules per language, each building a `Frame` of constraints) -> the
longest non-overlapping pieces -> chains (adjacent pieces merge; range words make intervals;
"by"/之前 make deadlines) -> values resolved against `now` in `now`'s time zone.
"""

from __future__ import annotations

from datetime import datetime

from nlu.time import common, en_clock, en_dates, holidays, zh
from nlu.time.chain import groups, resolve_groups
from nlu.time.normalize import normalize, scripts
from nlu.time.rules import Piece, Source, select
from nlu.types import TimeMention

__all__ = ["find_times"]


def find_times(text: str, now: datetime, lang: str) -> list[TimeMention]:  # noqa: ARG001
    """Every date/time expression in `text`, left to right, resolved against the aware `now`.

    `lang` ("zh" or "en") is accepted for the contract but not needed: each script in the text
    runs its own grammar, so mixed lines work whatever the detected language. Offsets index the
    original text; values are in `now`'s time zone.
    """
    if now.tzinfo is None:
        msg = "find_times needs an aware `now` (the user's time zone)"
        raise ValueError(msg)
    if not text or text.isspace():
        return []
    folded, origin = normalize(text)
    source = Source(folded, text, origin)
    chinese, latin, digits = scripts(folded)
    pieces: list[Piece] = []
    if chinese:
        pieces += zh.GRAMMAR.pieces(source)
        pieces += holidays.ZH.pieces(source)
    if latin:
        pieces += en_clock.GRAMMAR.pieces(source)
        pieces += en_dates.GRAMMAR.pieces(source)
        pieces += holidays.EN.pieces(source)
    if digits:
        pieces += common.GRAMMAR.pieces(source)
    chosen = select(pieces, len(folded))
    mentions: list[TimeMention] = []
    for start, end, value in resolve_groups(groups(chosen, folded), folded, now):
        first, last = origin[start], origin[end - 1] + 1
        mentions.append(
            TimeMention(first, last, text[first:last], value.value, value.grain, value.end)
        )
    return mentions

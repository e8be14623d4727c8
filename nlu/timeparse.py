"""Dates and times in a chat line: the public entry point of the `nlu.time` grammar.

`find_times(text, now, lang)` returns `TimeMention`s with offsets into the original text, values
resolved against the aware `now` in its own time zone, a grain, and intervals as value/end
(end exclusive). See `nlu/time/` for the grammar and the choices it makes.
"""

from __future__ import annotations

from nlu.time import find_times

__all__ = ["find_times"]

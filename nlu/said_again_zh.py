"""Names taken back in dictation: "刚去了青禾 不对 是东辰", "给黄总 哦不是黄总是吴经理".

A speaker names a customer or a contact, hears it was wrong and says the right one after a
correction word (不对, 不是, 说错了, 口误), often repeating the wrong name first ("呃不是仁爱是
华康"). The name taken back and the correction are blanked, offsets kept, so every rule after
reads the message as it was meant: one customer, one contact, no extra clause at 不对.
Amounts and products corrected the same way are settled in parsing/entities.py
(`_amounts_said_again`, `_products_said_again`); a day corrected ("周三不对改到周四") in
the time rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from nlu.regex_scout import scouted
from nlu.slots import find_contacts
from nlu.types import CustomerFinder, Span

_MARK = scouted(r"[哦噢]?不对|[哦噢]?不是|我?说错了|口误")
_FILLER = re.compile(r"(?:[\s,，、。]|嗯|呃|额|哦|噢|啊)*")
_IS = re.compile(r"应该是|是")
# "不是仁爱是…", "不是黄总是…": the wrong name said again between the correction and 是.
_REPEATED_IS = re.compile(r"(?P<again>[^\s,，。；;！？!?]{1,6}?)(?:应该是|是)")
# After 是 a few words may come before the right name: "是他们采购吴经理", "是天合纺织的陈主任".
_LEAD_AFTER_IS = 8
# How far before the correction the wrong name may be: "给博瑞医疗回个电话 哦不对是华康医院".
_REACH_BACK = 16


def names_said_again(text: str, customers: CustomerFinder | None) -> str:
    """`text` with customers and contacts taken back blanked out (same length)."""
    if _MARK.search(text) is None:
        return text
    if customers is not None:
        text = _taken_back(text, customers.find, _customer_key)
    return _taken_back(text, find_contacts, lambda text, span: text[span.start : span.end])


def _customer_key(text: str, span: Span) -> object:
    candidates = getattr(span, "candidates", ())
    return candidates[0].id if candidates else text[span.start : span.end]


def _taken_back(
    text: str,
    find: Callable[[str], Sequence[Span]],
    key: Callable[[str, Span], object],
) -> str:
    for _ in range(3):  # a message seldom corrects more than once; each pass settles one
        names = find(text)
        for mark in _MARK.finditer(text):
            said = _said_after(text, mark.end(), names)
            if said is None:
                continue
            right, is_end, again = said
            blanked = _blank(text, mark.start(), is_end)
            wrong = _said_before(blanked, mark.start(), find(blanked), key(text, right), key)
            # "不是仁爱是华康": what is denied is the name said before ("人爱医院"), sharing a
            # character with it; "说不是他们的问题是东辰那边" denies no name
            if wrong is not None and (
                again is None or set(again) & set(text[wrong.start : wrong.end])
            ):
                text = _blank(blanked, wrong.start, wrong.end)
                break
        else:
            return text
    return text


def _said_after(text: str, at: int, names: Sequence[Span]) -> tuple[Span, int, str | None] | None:
    """The name said right after a correction (and its 是), if one is; where the correction
    words end (the words between 是 and the name are the message's: "是天合纺织的陈主任"); and
    the wrong name said again between the correction and 是, if it was."""
    at = _FILLER.match(text, at).end()  # type: ignore[union-attr]
    said = _IS.match(text, at) or _REPEATED_IS.match(text, at)
    reach = 0
    again = None
    if said is not None:
        again = said.groupdict().get("again")
        at = _FILLER.match(text, said.end()).end()  # type: ignore[union-attr]
        reach = _LEAD_AFTER_IS
    right = next((n for n in names if at <= n.start <= at + reach), None)
    return None if right is None else (right, min(at, right.start), again)


def _said_before(
    text: str,
    mark: int,
    names: Sequence[Span],
    right: object,
    key: Callable[[str, Span], object],
) -> Span | None:
    """The last name before the correction, if it is another one said shortly before."""
    before = [n for n in names if n.end <= mark]
    if not before:
        return None
    wrong = before[-1]
    between = text[wrong.end : mark]
    if len(between.strip()) > _REACH_BACK or "\n" in between or key(text, wrong) == right:
        return None
    return wrong


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]

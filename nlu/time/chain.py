"""Adjacent pieces into time expressions: "下周三" "下午" "三点半" is one time; "3" "-" "4pm" and
"from 13 to 15 July" are ranges; "by" / "之前" make a deadline.

Pieces separated only by joining words (spaces, commas, at/on/of/the, 的, fillers such as um and
嗯) merge while their frames agree; a range word (-, to, until, 到, 至) between two pieces of the
same kind makes an interval; anything else ends the expression.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime

from nlu.regex_scout import scouted
from nlu.time.frame import Frame, Resolved, has_clock, has_date, merge
from nlu.time.resolve import resolve, resolve_range
from nlu.time.rules import LATENT, STRONG, Piece

_JOIN = re.compile(
    r"""(?:\s|[,，@]|:(?=\s)|\b(?:at|on|of|the|in|for|from|starting|around|about|approximately|
    between|um+|uh+|erm|er|like|so)\b|的|嗯|呃|啊|那个|就是)*""",
    re.VERBOSE,
)
_RANGE = re.compile(
    r"\s*(?:-|–|—|~|/|\b(?:to|thru|through|till|until|untill|and|but\s+before)\b|到|至)\s*"
)
_PREFIX = scouted(
    r"(?:^|[^a-z])(?P<word>by|before|until|untill|till|through|no\s+later\s+than|between)\s*$"
)
_DEADLINE_WORDS = frozenset({"by", "before", "until", "untill", "till", "through", "no"})
_SUFFIX = re.compile(
    r"""\s*(?:之前|以前|前(?=$|[\s,，。.!！?？;；]|给|把|要|完成|签|发|交|回|联系|确认|提交|搞定|
    出|定|报|打|做|约|安排|处理|解决|落实|准备|拿|送|寄|付|到位|到|赶))""",
    re.VERBOSE,
)
# "tomorrow before ten", "Fri by 5pm", "tmrw no later than noon": a deadline word between a day and
# a clock time makes one expression, due by that time of that day.
_DEADLINE_GAP = re.compile(r"\s*,?\s*\b(?:by|before|no\s+later\s+than)\s+")
_ALTERNATIVE = re.compile(r"\s*(?:或者?|还是|、|/|,|，|和|跟|或是|\bor\b|\band\b)\s*")
_CONTENT = re.compile(r"[\s,.!?;:，。！？；：、~\-]+")


@dataclass
class _Group:
    start: int
    end: int
    left: Frame
    right: Frame | None
    strength: int
    between: bool  # "between" came before it: "and" may join a range
    deadline: bool = False  # "tomorrow before ten": a deadline word inside the expression


def _kind(frame: Frame) -> str:
    if has_clock(frame):
        return "clock"
    if frame.num is not None and not has_date(frame):
        return "num"
    return "date" if has_date(frame) else "other"


def _range_ok(group: _Group, frame: Frame, gap: str) -> bool:
    if group.right is not None or group.left.special is not None:
        return False
    if gap.strip() == "and" and not group.between:
        return False
    first, second = _kind(group.left), _kind(frame)
    if "other" in (first, second):
        return False
    if first == "clock" and second == "date" and has_date(group.left):
        return True  # 2015-03-28 17:00/2015-03-29 21:00
    return first == second or "num" in (first, second)


def _promoted(frame: Frame, strength: int) -> int:
    """ "end of" + "the month", "first Monday of" + "the month", "w/c" + "6th": two WEAK pieces
    that together name a time."""
    container = any(
        value is not None for value in (frame.year, frame.year_rel, frame.month, frame.month_rel)
    )
    if (frame.part is not None or frame.nth is not None) and (
        container or frame.week_rel is not None
    ):
        return max(strength, STRONG)
    if frame.week_of and frame.day is not None:
        return max(strength, STRONG)  # "w/c 6th"
    return strength


def _absorb(group: _Group, piece: Piece, gap: str) -> bool:
    """Try to add `piece` to the group through `gap`; False when it starts a new expression."""
    if _JOIN.fullmatch(gap):
        target = group.right if group.right is not None else group.left
        merged = merge(target, piece.frame)
        if merged is None:
            return False
        if group.right is not None:
            group.right = merged
        else:
            group.left = merged
        # "tmrw between 2 and 3": "between" after the day still lets "and" make the range
        group.between = group.between or re.search(r"\bbetween\b", gap) is not None
    elif _RANGE.fullmatch(gap) and _range_ok(group, piece.frame, gap):
        group.right = piece.frame
    elif _DEADLINE_GAP.fullmatch(gap) and _day_then_clock(group, piece.frame):
        merged = merge(group.left, piece.frame)
        if merged is None:
            return False
        group.left, group.deadline = merged, True
    else:
        return False
    group.end = piece.end
    group.strength = _promoted(group.right or group.left, max(group.strength, piece.strength))
    return True


def _day_then_clock(group: _Group, frame: Frame) -> bool:
    """A day alone so far, then a clock time alone: "tomorrow" + "before ten"."""
    left = group.left
    return (
        group.right is None
        and has_date(left)
        and not has_clock(left)
        and left.special is None
        and (has_clock(frame) or frame.num is not None)
        and not has_date(frame)
    )


def _start(piece: Piece, text: str) -> _Group:
    before = _PREFIX.search(text, max(0, piece.start - 24), piece.start)
    between = before is not None and before.group("word") == "between"
    return _Group(piece.start, piece.end, piece.frame, None, piece.strength, between)


def groups(pieces: list[Piece], text: str) -> list[_Group]:
    found: list[_Group] = []
    current: _Group | None = None
    for piece in pieces:
        if current is not None and _absorb(current, piece, text[current.end : piece.start]):
            continue
        first = piece
        if current is not None:
            found.append(current)
            first = _same_week(current, piece, text)
        current = _start(first, text)
    if current is not None:
        found.append(current)
    return found


def _same_week(previous: _Group, piece: Piece, text: str) -> Piece:
    """下周三或者周四, "next Wednesday or Thursday": the second day is in the same week."""
    frame = previous.left
    if previous.right is not None or frame.week_rel is None or frame.weekday is None:
        return piece
    if piece.frame.weekday is None or piece.frame.week_rel is not None:
        return piece
    if not _ALTERNATIVE.fullmatch(text, previous.end, piece.start):
        return piece
    return replace(piece, frame=replace(piece.frame, week_rel=frame.week_rel, mode=None))


def _deadline(group: _Group, text: str) -> tuple[int, int, bool]:
    """The span widened by a deadline word before ("by", "until") or after (之前), if any."""
    before = _PREFIX.search(text, max(0, group.start - 24), group.start)
    if before is not None and before.group("word").split()[0] in _DEADLINE_WORDS:
        return before.start("word"), group.end, True
    after = _SUFFIX.match(text, group.end)
    if after is not None:
        return group.start, after.end(), True
    return group.start, group.end, False


def _content_bounds(text: str) -> tuple[int, int]:
    """Where the message's content (not spaces or punctuation) begins and ends."""
    first = _CONTENT.match(text)
    start = first.end() if first is not None else 0
    stripped = text.rstrip(" \t\r\n,.!?;:，。！？；：、~-")
    return start, len(stripped)


def resolve_groups(
    found: list[_Group], text: str, now: datetime
) -> list[tuple[int, int, Resolved]]:
    """Each group's value; LATENT groups only when they are the whole message."""
    results: list[tuple[int, int, Resolved]] = []
    content = _content_bounds(text)
    for group in found:
        start, end, deadline = _deadline(group, text)
        deadline = deadline or group.deadline
        whole = start <= content[0] and end >= content[1]
        if group.strength < STRONG and not (group.strength == LATENT and whole):
            continue
        left = (
            replace(group.left, deadline=True) if deadline and group.right is None else group.left
        )
        if group.right is not None:
            value = resolve_range(left, group.right, now)
            if value is not None and deadline and value.end is not None and value.end > now:
                value = Resolved(now.replace(microsecond=0), "second", value.end)
        else:
            value = resolve(left, now)
        if value is not None:
            results.append((start, end, value))
    return results

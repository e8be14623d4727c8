"""Chinese heard through a recogniser that puts a space between words or characters.

Some speech recognisers return Chinese with a space after every word, or every character:
"下 周三 下午 3 点 去 学 校", "周 主 任", "二 十 万", "T 二 九 八 八". Those spaces carry no
pause: they cut names, numbers and time words that every rule reads whole. A message spaced
like that — at least four Chinese tokens, on average two characters or fewer each; a typed
note's or a pausing speaker's spaces fall between phrases, three characters or more on average —
is read closed up: a space goes where it stands between two Chinese characters, a Chinese
character and a digit, or two lone digits ("T 3 0 0 1"). Spaces beside Latin words stay
("跟 Kevin 通 了 电话"), and so do those of a digit group ("135 0431 2268").

`closed_up` gives the text read and, for each of its characters, where it stands in the message
as written, so actions still point into what the user wrote; slot text is the closed-up text
("周主任", as the data annotates it)."""

from __future__ import annotations

import re
from itertools import pairwise

_HAN = re.compile(r"[\u3400-\u9fff]")
_TOKEN = re.compile(r"\S+")

# In a message spaced by pauses, a time word the recogniser still cut: "下 周三", "下 个 月",
# "上 午" (read alone, "下" and "周三" are this week's Wednesday).
_CUT_TIME_WORD = re.compile(r"[下上这本]")
_TIME_WORD_REST = re.compile(r"(?:周|礼拜|星期|个月|个礼拜|个星期|月|午)")

_MIN_TOKENS = 4
_MAX_MEAN_CHARS = 2.0


def _han_count(token: str) -> int:
    return len(_HAN.findall(token))


def recogniser_spaced(text: str) -> bool:
    """Chinese split into words or characters by a recogniser, not into phrases by a speaker."""
    counts = [n for n in (_han_count(t) for t in text.split()) if n]
    return len(counts) >= _MIN_TOKENS and sum(counts) / len(counts) <= _MAX_MEAN_CHARS


def _joins(left: str, right: str) -> bool:
    """The space between two tokens is the recogniser's, not a break: Chinese on both sides, or
    Chinese beside a digit ("3 点", "12万8 千"), or two lone digits ("3 0 0 1")."""
    a, b = left[-1], right[0]
    han_a, han_b = _HAN.match(a) is not None, _HAN.match(b) is not None
    if han_a and han_b:
        return True
    if (han_a and b.isdigit()) or (a.isdigit() and han_b):
        return True
    return a.isdigit() and b.isdigit() and (len(left) == 1 or len(right) == 1)


def _cut_in_pauses(left: str, right: str) -> bool:
    """ "下 周三", "下 个 月", "上 午": a time word cut in a message otherwise spaced by pauses;
    "T - 4 1 2 7": a number dictated digit by digit."""
    if len(left) == len(right) == 1 and left.isdigit() and right.isdigit():
        return True
    if _CUT_TIME_WORD.fullmatch(left):
        return _TIME_WORD_REST.match(right) is not None
    return left == "个" and right[0] in "月礼星"


_NUMERAL = "零〇一二两三四五六七八九十百千万亿"
_DIGIT_AS_NUMERAL = dict(zip("0123456789", "零一二三四五六七八九", strict=True))


def _numeral_as_said(tokens: list[re.Match[str]], i: int) -> str:
    """A lone digit the recogniser wrote inside a spoken Chinese number, "一 百 零 5 万", is the
    numeral said (one character for one: offsets are kept)."""
    token = tokens[i].group()
    if len(token) != 1 or not token.isdigit():
        return token
    before = tokens[i - 1].group()[-1] if i > 0 else ""
    after = tokens[i + 1].group()[0] if i + 1 < len(tokens) else ""
    if before and after and before in _NUMERAL and after in _NUMERAL:
        return _DIGIT_AS_NUMERAL[token]
    return token


def closed_up(text: str) -> tuple[str, list[int]] | None:
    """The message with the recogniser's spaces taken out, and the offset in `text` of each of
    its characters (one past the end included); None when the message is not spaced so."""
    if _HAN.search(text) is None:
        return None  # English is read by its own rules (`voice_en`)
    tokens = list(_TOKEN.finditer(text))
    joins = _joins if recogniser_spaced(text) else _cut_in_pauses
    if not any(joins(a.group(), b.group()) for a, b in pairwise(tokens)):
        return None
    pieces: list[str] = []
    where: list[int] = []
    cursor = 0
    for i, token in enumerate(tokens):
        gap_start = cursor
        keep_gap = i == 0 or not joins(tokens[i - 1].group(), token.group())
        if keep_gap:
            pieces.append(text[gap_start : token.start()])
            where.extend(range(gap_start, token.start()))
        pieces.append(_numeral_as_said(tokens, i))
        where.extend(range(token.start(), token.end()))
        cursor = token.end()
    pieces.append(text[cursor:])
    where.extend(range(cursor, len(text)))
    where.append(len(text))
    return "".join(pieces), where


def as_read(text: str) -> str:
    """The text the rules and the classifier read: closed up when a recogniser spaced it."""
    spaced = closed_up(text)
    return text if spaced is None else spaced[0]


def span_as_written(where: list[int], start: int, end: int) -> tuple[int, int]:
    """A span of the closed-up text as a span of the message as written."""
    if end <= start:
        return where[start], where[start]
    return where[start], where[end - 1] + 1

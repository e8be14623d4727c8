"""A WeCom reply quotes the message it answers: "回复 李娜：青禾那边怎么样？\n——昨天跟青禾…".

The quoted line is what someone else said (a colleague's question, the assistant's own prompt);
only the answer after the line break is the staff member's message. The header and the quote are
blanked (offsets kept), so no question or plan is read from them.
"""

from __future__ import annotations

import re

_QUOTED = re.compile(
    r"^\s*(?:回复|引用|回覆)\s*[^：:\n]{1,16}[：:][^\n]*\n[ \t]*(?:——|—|--|-)?[ \t]*"
)


def blank_quoted_reply(text: str) -> str:
    """The text with a reply's header and quoted line turned to spaces; unchanged when the
    message quotes nothing or the quote is all there is."""
    match = _QUOTED.match(text)
    if match is None or not text[match.end() :].strip():
        return text
    return " " * match.end() + text[match.end() :]

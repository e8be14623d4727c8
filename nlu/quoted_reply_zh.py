"""WeCom group chat around a message: a reply's quote and a mention of the assistant.

A reply quotes the message it answers: "回复 李娜：青禾那边怎么样？\n——昨天跟青禾…". The quoted
line is what someone else said (a colleague's question, the assistant's own prompt); only the
answer after the line break is the staff member's message. The header and the quote are blanked
(offsets kept), so no question or plan is read from them. "@小助手" calls the assistant in the
group; it is no word of the message ("@小助手 取消吧，发错群了" is a bare cancel).
"""

from __future__ import annotations

import re

_QUOTED = re.compile(
    r"^\s*(?:回复|引用|回覆)\s*[^：:\n]{1,16}[：:][^\n]*\n[ \t]*(?:——|—|--|-)?[ \t]*"
)


_BOT_MENTION = re.compile(r"@\s?(?:小助手|助手|机器人|小秘书|CRM助手|AI助手)")


def blank_quoted_reply(text: str) -> str:
    """The text with a mention of the assistant, a reply's header and its quoted line turned to
    spaces; the quote stays when it is all there is."""
    text = _BOT_MENTION.sub(lambda m: " " * len(m.group()), text)
    match = _QUOTED.match(text)
    if match is None or not text[match.end() :].strip():
        return text
    return " " * match.end() + text[match.end() :]

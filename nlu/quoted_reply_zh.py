"""WeCom group chat around a message: a reply's quote and a mention of the assistant.

A reply quotes the message it answers: "回复 李娜：青禾那边怎么样？\n——昨天跟青禾…". The quoted
line is what someone else said (a colleague's question, the assistant's own prompt); only the
answer after the line break is the staff member's message. The header and the quote are blanked
(offsets kept), so no question or plan is read from them. "@小助手" calls the assistant in the
group; it is no word of the message ("@小助手 取消吧，发错群了" is a bare cancel). A heading over
a numbered list, "【周一例会待办】\n1. …", titles the items: its 待办 / 计划 / 安排 ask for no
agenda.
"""

from __future__ import annotations

import re

_QUOTED = re.compile(
    r"^\s*(?:回复|引用|回覆)\s*[^：:\n]{1,16}[：:][^\n]*\n[ \t]*(?:——|—|--|-)?[ \t]*"
)


_BOT_MENTION = re.compile(r"@\s?(?:小助手|助手|机器人|小秘书|CRM助手|AI助手)")


_LIST_HEADING = re.compile(r"【[^】\n]{1,16}】[ \t]*\n(?=\s*(?:\d{1,2}[.、．)）]|[①-⑩]))")
_AGENDA_IN_HEADING = re.compile(r"待办|计划|安排|日程|清单")


def _titles_no_agenda(match: re.Match[str]) -> str:
    return _AGENDA_IN_HEADING.sub(lambda m: " " * len(m.group()), match.group())


def blank_quoted_reply(text: str) -> str:
    """The text with a mention of the assistant, a reply's header and its quoted line turned to
    spaces; the quote stays when it is all there is."""
    text = _BOT_MENTION.sub(lambda m: " " * len(m.group()), text)
    text = _LIST_HEADING.sub(_titles_no_agenda, text)
    match = _QUOTED.match(text)
    if match is None or not text[match.end() :].strip():
        return text
    return " " * match.end() + text[match.end() :]

"""A new Chinese customer as writers who fill the form by chat type it.

"幫我新增一個客戶：台中的大順精密工業，窗口林志明，電話…", "新客：旺角嘅「德記海味」，負責人德叔":
- the company's city said before it with 的/嘅 ("台中的", "杭州的") is where it is, not its name,
  and quotation marks around the name ("「德記海味」") are no part of it;
- the person after a form's label — 联系人, 负责人, 对接人, 联络人, Taiwan's 窗口 — is the contact
  even with no title: a full name ("林志明") or an elder called by name ("德叔", "华姐").
Both are read on the folded (simplified) text; the slot quotes the text as written.
"""

from __future__ import annotations

import re

# "台中的", "旺角嘅": a place of two or three characters before the name.
_PLACE_BEFORE = re.compile(r"^[\u4e00-\u9fff]{2,3}(?:的|嘅)(?=[\u4e00-\u9fff「『“\"])")
_QUOTES = "「」『』“”\"'《》"


def new_customer_name_zh(name: str) -> str:
    """The new company's name without the place said before it or the quotes around it."""
    if not name or name.isascii():
        return name
    stripped = _PLACE_BEFORE.sub("", name)
    stripped = stripped.strip(_QUOTES)
    return stripped if len(stripped) >= 2 else name


def labelled_people(text: str, surnames: str) -> list[tuple[int, int]]:
    """Spans of the people a form's label introduces: "窗口林志明", "负责人德叔"."""
    pattern = re.compile(
        r"(?:联系人|联络人|对接人|负责人|窗口)(?:是|为|叫|[:：])?\s?"
        rf"(?P<name>[{surnames}][\u4e00-\u9fff]{{1,2}}?|[\u4e00-\u9fff][叔姐哥婶伯])"
        r"(?=[\s,，。;；、]|电话|手机|邮箱|微信|$)"
    )
    return [m.span("name") for m in pattern.finditer(text)]

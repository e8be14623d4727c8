"""Chinese questions said in more than one sentence: the message still asks one thing.

Managers type a question, a question mark, then a second question or a look-up order about the
same thing: "博瑞医疗现在是谁在跟？上次拜访是哪天", "报价是不是一直没回音？查下他们的跟进记录",
"这个能改吗？具体怎么操作". Each sentence asks; none reports anything to record, so the message is
one question, not news plus a follow-up. The parser asks this only of a message it would otherwise
cut at its sentence ends; a sentence that tells ("我下周去"), or is a request for service
("能不能派人过去"), keeps the message a report.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from nlu.text import sentences_between

# A sentence that asks: closed by a question mark, or by a question word or particle.
_ASKED = re.compile(
    r"[?？]\s*$|(?:吗|呢|么|没有|有没有|了没|没|哪些|哪几家|哪家|哪个|哪天|哪一天|几个|几家|几次|几号|几点|多少|"
    r"什么时候|啥时候|什么|啥|怎么样|咋样|如何|谁|是不是|哪里|哪儿|"
    r"怎么(?:操作|弄|办|改|用|设置|搞|做)|(?:情况|进度|状态)(?:怎么样|如何)?|"
    # 西南: "啥子情况嘛", "上回拜访是好久哦" (好久 = when), "收到没得"
    r"啥子|是好久|没得)(?:嘛|哦|噻|哈|喃|嗦)?\s*[。.…]*\s*$"
)

# A sentence that opens asking: "有没有没关的工单", "是不是还在走流程", "哪些还没回款".
_OPENS_ASKING = re.compile(r"^\s*(?:还有没有|有没有|是不是|有几|哪些|什么时候|啥时候)")

# A sentence that orders a look-up: "查下他们最近的跟进记录", "帮我看下他们现在的状态".
_LOOK_UP = re.compile(
    r"^\s*(?:再|顺便|另外|还有|麻烦)?\s*(?:帮我|帮忙|给我)?\s*"
    r"(?:查一下|查一查|查查|查下|查|看一下|看一看|看看|看下|拉一下|拉下|列一下|列下|调一下|调出)"
)

# A sentence that asks for work, not for an answer: a visit, a repair, a call back.
_WORK_ASKED = re.compile(
    r"派(?:个)?人|过去|过来|上门|安排|维修|修一下|回(?:个)?电话|回电|打(?:个)?电话给"
)


def asked_in_sentences_zh(text: str, breaks: Sequence[tuple[int, int]]) -> bool:
    """Every sentence of `text` (cut at `breaks`) asks — a question, or an order to look
    something up — and at least one is a question."""
    if text.isascii() or not breaks:
        return False
    sentences = sentences_between(text, breaks)
    if len(sentences) < 2 or any(_WORK_ASKED.search(s) for s in sentences):
        return False
    asked = [_ASKED.search(s) is not None or _OPENS_ASKING.match(s) is not None for s in sentences]
    looked_up = [_LOOK_UP.search(s) is not None for s in sentences]
    return any(asked) and all(a or b for a, b in zip(asked, looked_up, strict=True))

"""Where a Chinese report turns into the rep's own next step, by the clause's aspect.

A run-on report ("昨天去了闽江制药见了陈经理…我想着等他们回复以后再跟进一下", "剛剛跟綠源農業的
林經理通過電話，…我們這邊下週三前會再寄一份提案過去") holds two things: what was done and what we
are still to do. The boundary is read from the shape of the language, not from phrases: a clause
whose contact verb (去, 拜访, 约, 打电话, 发, 跟进, 回访, 寄, 覆 …) follows a marker of the
future or of intention (再, 要, 会, 准备, 打算, 安排, 到时, 回头, 让/叫 someone, "…后", a day to
come) and carries no mark of completion (了, 过, 咗, 已经, 刚) is still to be done; when its
subject is not the customer and it is not inside their reported words or wishes (说, 话, 表示,
想), it is a follow-up of ours (README: the customer's own plans are no follow-up of ours).
"""

from __future__ import annotations

import re

from nlu.regex_scout import scouted

# Marks of the future, of intention or of an errand handed on.
_CUE = (
    r"再|(?<![主重只需])要|(?<![开開展年例大聚晚早个個])[会會]|准备|準備|打算|计划|計劃|安排|到时|到時|回头|回頭|改天|找机会|找機會|"
    r"(?:以|之)?(?<![然])[后後](?=[再就去跟])|[后後](?=跟进|跟進)|让|讓|叫|派|(?:之|以)?前(?=把|给|給|去)|"
    # a day still to come: "明天去", "聽日再覆", "下禮拜再約"
    r"明天|明早|后天|後天|聽日|听日|下(?:个|個)?(?:周|週|礼拜|禮拜|星期|月)"
)
# Verbs of reaching a customer: going, meeting, calling, writing, following up ("再谈", talks
# again, is both sides' and left to the parser's own reading of them).
_CONTACT = (
    r"过去|過去|去|拜访|拜訪|约|約|打(?:个|個)?电话|打(?:个|個)?電話|打|聊|跟进|跟進|"
    r"跟|回访|回訪|上门|上門|寄|[发發](?![票货貨])|送|覆|回复|回覆|见|見|联系|聯繫|问问|問問|碰|"
    # calling back, and a meal we invite them to: "晚点再回电给他", "下周请他们吃个饭"
    r"回电|回電|[请請](?=[^，,。；;！!？?\s]{0,8}?(?:吃|喝|飲|饮))"
)
_PLAN = scouted(
    rf"(?:{_CUE})[^，,。；;！!？?\s我佢他她]{{0,8}}?(?:{_CONTACT})(?![了过過咗到着著见見完])"
    # sent back or over to us ("合同下礼拜一寄回来", "发过来"): theirs, not ours
    r"(?!回来|回來|过来|過來)"
)
# A clause opens at a break, or where the rep names himself or moves on in a run-on.
_OPENER = re.compile(r"[，,。；;！!？?\s：:]|我|然后|然後|另外|下一步|到时|到時")
# Completion: the deed is done ("去了", "拜訪過", "打咗", "已经", "刚").
_DONE = re.compile(r"[\u4e00-\u9fff](?:了(?!解)|过(?!去|来)|過(?!去|來)|咗)|已经|已經|刚|剛|頭先")
# The customer speaking, acting or wishing: their own plan, not ours.
_THEIRS = re.compile(r"(?<![我咱])想|说|說|(?<![电電])[话話]|表示|反馈|反饋|讲|講")
_THEY = re.compile(r"^(?:他们|他們|他|她|对方|對方|佢哋|佢|客户|客戶)")
# A deed of contact said as done: "通過電話", "打咗电话", "拜访了", "见了".
_DONE_CONTACT = re.compile(
    rf"(?:(?![约約])(?:{_CONTACT})|通|拜|到)[^，,。；;！!？?\s]{{0,2}}?(?:了(?!解)|过(?!去|来)|過(?!去|來)|咗)"
)


def own_plan_starts(segment: str) -> list[int]:
    """Offsets in `segment` where a follow-up of ours begins (see the module's doc); 0 when the
    whole segment is one."""
    starts: list[int] = []
    for match in _PLAN.finditer(segment):
        opener = 0
        for o in _OPENER.finditer(segment, 0, match.start() + 1):
            opener = o.start() if o.group()[0] in "我然另下到" else o.end()
        clause = segment[opener : match.end()]
        if opener == 0:
            opener = match.start()  # a run-on: the plan begins at its own cue
        deed = segment[max(opener, match.start() - 2) : match.end() + 1]
        if _DONE.search(deed) or _THEIRS.search(clause) or _THEY.match(clause.lstrip()):
            continue
        if not starts or opener > starts[-1]:
            starts.append(opener)
    return starts


def told_as_done(head: str) -> bool:
    """The words before a plan report a contact already made ("跟林經理通過電話"), or what the
    customer told us ("鼎盛物流李经理讲预算大概下个月才批得下来")."""
    return _DONE_CONTACT.search(head) is not None or _TOLD_US.search(head) is not None


# The customer telling: "李经理讲…", "王总说…", "佢話…" (not "我说", "电话").
_TOLD_US = re.compile(r"[^\s，,。我咱](?:说|說|讲|講|表示|反馈|反饋)|[^\s，,。我咱电電](?:话|話)")


# Going somewhere, said without a mark of completion: "今天上午先去安康口腔", "下午去华信电子".
_GOING = re.compile(r"(?:先|再|要|就)?(?:去|过去|過去|拜访|拜訪|上门|上門)(?![了过過咗])")


def going_not_done(segment: str) -> bool:
    """A visit said with no mark of completion ("今天上午先去安康口腔"): when its time is still to
    come it is a plan, not a report."""
    return _GOING.search(segment) is not None and _DONE.search(segment) is None

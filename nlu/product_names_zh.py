"""Where a Chinese product's name begins and ends, beyond its head noun.

Reps name equipment by brand and model ("迈瑞T8监护仪", "海康DS-2CD3T46摄像头", "戴尔R750服务器",
dictated "T八监护仪"), so the Latin model and the Chinese brand glued before it belong to the
name. The verb or place said before a product ("采购输液泵", "食堂洗碗机", "机房的交换机") does
not: the sentence buys it, or says where it stands.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from nlu.text import is_cjk

# Digits of a model said aloud ("T八", "R七五零"): only after a Latin letter or digit.
_SPOKEN_DIGITS = frozenset("零〇幺一二三四五六七八九两")
# A ticket number is no model ("T-2090车载终端", "T2090"), nor a ward ("ICU监护仪").
_NOT_A_MODEL = re.compile(r"[Tt]-?\d{3,}|[NPE]?[IC]CU|ER")
_MODEL_CHAR = re.compile(r"[A-Za-z0-9-]")
# A brand is a short word: 迈瑞, 海康, 戴尔, 西门子, 海康威视.
_BRAND_LONGEST = 4
_MODEL_LONGEST = 16

# Verbs said before the thing they act on: buying, quoting, fitting, upgrading it.
# "采购系统", "采购管理系统" stay names: the verb cuts only before a named product.
_ZH_OBJECT_VERBS = re.compile(
    r"采购|购买|购置|订购|选购|采买|加购|租赁|报价|询价|比价|推荐|咨询|了解|考察|对比|选型|"
    r"升级|更换|替换|换成|改成|安装|配置|配套|追加|增加|添加|续费|续签|续约|开通|上线|交付|"
    r"代理|经销|推广|中标|投标|招标|洽谈|商谈|改造|扩容|淘汰|退换|返修|送修|报修"
)
# Places a product stands in, said before it: the product is what stands there.
_ZH_PLACES = re.compile(
    r"食堂|后厨|厨房|机房|车间|仓库|门店|店里|科室|手术室|办公室|工地|现场|厂里|厂区|楼里|"
    r"[一二三四五六七八九十两\d]+楼"
)
# What makes the verb or place part of a software product's name: "采购管理系统", "门店管理SaaS".
_NAME_AFTER_VERB = re.compile(r"管理|系统|平台|软件|模块")
# Kinds of thing that run a place rather than stand in it: "仓库温控设备", "机房监控系统".
_KINDS_THAT_RUN_A_PLACE = ("系统", "平台", "设备", "软件", "SaaS", "温控", "监控", "中台")


def _model_start(text: str, start: int, floor: int) -> int:
    """The start of a Latin model written right before `start` (its dictated digits too), or
    `start` when there is none."""
    at = start
    while at > floor and text[at - 1] in _SPOKEN_DIGITS:
        at -= 1
    if at < start and not (at > floor and _MODEL_CHAR.match(text[at - 1])):
        return start  # "三台监护仪": a count, not a model
    while at > floor and _MODEL_CHAR.match(text[at - 1]) and start - at < _MODEL_LONGEST:
        at -= 1
    while at < start and not text[at].isalpha():
        at += 1  # a model begins with a letter: "3号线R750" is no model "3R750"
    model = text[at:start]
    if (
        len(model) < 2
        or not model[0].isascii()
        or _NOT_A_MODEL.fullmatch(model)
        or (at > 0 and text[at - 1].isascii() and text[at - 1].isalnum())
    ):
        return start
    return at


def _brand_start(
    text: str, start: int, floor: int, stops: Callable[[int], bool], cuts: re.Pattern[str]
) -> int:
    """The start of a Chinese brand glued before a model ("迈瑞|T8", "海康|DS-2CD"): a short
    word with none of the sentence's small words, or `start` when there is none."""
    at = start
    while at > floor and start - at < _BRAND_LONGEST and is_cjk(text[at - 1]) and not stops(at - 1):
        at -= 1
    cut = [
        m.end()
        for pattern in (cuts, _ZH_PLACES, _ZH_OBJECT_VERBS)
        for m in pattern.finditer(text, max(floor, at - 1), start)
        if m.end() > at
    ]
    if cut:
        at = max(cut)
    return at if start - at >= 2 else start


def brand_and_model_start(
    text: str,
    start: int,
    floor: int,
    stops: Callable[[int], bool],
    cuts: re.Pattern[str],
) -> int:
    """Where a product named at `start` really begins once its model ("R750") and the brand
    before a model with digits ("戴尔") are read; `start` when no model is written against it."""
    model = _model_start(text, start, floor)
    if model == start:
        return start
    if not any(char.isdigit() or char in _SPOKEN_DIGITS for char in text[model:start]):
        return model  # "HIS接口", "ERP系统": letters alone name a system, not a brand's model
    return _brand_start(text, model, floor, stops, cuts)


def after_verb_or_place(text: str, start: int, head: int, floor: int) -> int:
    """Where a product's name begins once a verb acting on it or a place it stands in, said
    before it, is left out ("采购|输液泵", "食堂|洗碗机", "了解|数据分析模块": the verb may begin
    on the small word the name stopped at); `start` when none is there. A verb or place is part
    of the name of what runs it ("采购管理系统", "门店管理SaaS", "仓库温控设备")."""
    begin = max(floor, start - 1)
    runs_it = text.startswith(_KINDS_THAT_RUN_A_PLACE, head)
    cuts = [
        m.end()
        for pattern in ((_ZH_OBJECT_VERBS,) if runs_it else (_ZH_PLACES, _ZH_OBJECT_VERBS))
        for m in pattern.finditer(text, begin, head)
        if start < m.end() < head and not _NAME_AFTER_VERB.match(text, m.end())
    ]
    return max([start, *cuts])


_DEPARTMENT = re.compile(r"科(?!技)")


def names_a_department(text: str, end: int) -> bool:
    """A product word right before 科 names a department ("超声科", "设备科", "检验科"), not
    the thing sold (科技 is a company's "technology")."""
    return _DEPARTMENT.match(text, end) is not None

"""Products: the things a message names as the reps name them (catalogue words, cued and
counted goods, brand and model, Chinese product phrases), and what is no product (a company word,
a department, a fault subject)."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import ahocorasick

from nlu import slots as slot_finders
from nlu.customer_index import CustomerMention
from nlu.faults_en import fault_hits
from nlu.intents import TriggerHit, trigger_hits
from nlu.parsing.reading import latin_text, spans_overlap
from nlu.product_names_zh import after_verb_or_place, brand_and_model_start, names_a_department
from nlu.products_en import CLASS_HEADS, TRADE_VERBS, after_last_barrier, is_company_plc
from nlu.regex_scout import scouted
from nlu.text import is_cjk
from nlu.trade_products_zh import (
    TRADE_CUT,
    TRADE_HEADS,
    TRADE_KIND_WORDS,
    TRADE_NOT_PRODUCTS,
    TRADE_WHOLE,
)
from nlu.types import TimeMention

# What English products are called by: a noun for the kind of thing, after the words naming it.
_PRODUCT_HEADS = (
    r"seats?|kits?|tablets?|trackers?|platforms?|sensors?|gateways?|monitors?|monitoring|pumps?|"
    r"terminals?|scales|scanners?|modules?|portals?|boards?|chillers?|freezers?|dashboards?|"
    r"panels?|probes?|handhelds?|printers?|projectors?|batteries|licen[cs]es?|servers?|laptops?|"
    r"cameras?|displays?|robots?|controllers?|routers?|software|app|apps|suite|carts?|trolleys?|"
    + CLASS_HEADS
)


HEAD_WORD = re.compile(r"\b(?:" + _PRODUCT_HEADS + r")\b", re.IGNORECASE)


_PRODUCT_PHRASE = scouted(
    # a model's letters and digits name it too: "CT40 handhelds", "Dell Latitude 5440 laptops"
    # (a word of digits only after a word that names it; a count before is cut off later)
    r"(?<![A-Za-z0-9&'-])(?P<phrase>[A-Za-z][A-Za-z0-9-]{0,15}\s+"
    r"(?:[A-Za-z0-9][A-Za-z0-9-]{0,15}\s+){0,2}"
    r"(?:" + _PRODUCT_HEADS + r")"
    r"(?:\s+(?:" + _PRODUCT_HEADS + r"))?)"
    r"(?![A-Za-z0-9-])",
    re.IGNORECASE,
)


# Words before a product noun that do not name the product.
_NOT_PRODUCT_WORDS = frozenset(
    """the a an this that these those their our your his her its my new old more extra another
    other some all any few many several each every both same current existing broken faulty dead
    remaining first second last next two three four five six seven eight nine ten eleven twelve
    twenty thirty forty fifty sixty hundred thousand of for in on at with and or to from by about
    um uh like so just also still are is was were be been have has had get got want wants need
    needs signed buy bought sell more less whole entire their all-new replacement spare few
    couple dozen said says say i we they he she it you me them us not no site re rang called
    emailed texted confirm confirmed reopened adding add added ordered order how many much year
    month week day morning afternoon evening phase line one call meet visit send quote pricing
    price replace replaced fix fixed check about regarding tender director manager head lead
    engineer buyer ceo cto cfo md city apac emea latam anz hq uk sg hk icu ward will would can
    could should must may might thirteen fourteen fifteen sixteen seventeen eighteen nineteen
    seventy eighty ninety term quarter renew renewed renewing report reports extend expand
    expanding""".split()
)


# Product words that only say there is a product; a named one in the same clause wins.
GENERIC_PRODUCTS = frozenset(
    {"系统", "平台", "设备", "机器", "仪器", "产品", "货", "软件", "样品", "配件", "电池", "账号",
     "授权", "许可证", "system", "platform", "equipment", "device", "devices", "machine",
     "machines", "unit", "units", "software", "parts", "samples"}
)  # fmt: skip


@cache
def _product_words() -> tuple[str, ...]:
    """The product gazetteer: the curated list plus every product annotated in the Chinese
    training file (the company's own catalogue as reps name it), longest first whatever its
    language, so "MES seats" wins over "MES". The English training products are left out: their
    spans follow each writer ("nurse call" / "nurse call upgrade"), and as a catalogue they cut
    new English phrases at the wrong place, while the shape rules read them (held out, without
    them: dev en whole 79.0 -> 79.6, exam en 58.3 -> 60.0, product precision 67 -> 71 / 64 -> 74;
    the Chinese ones help: without them dev zh 89.8 -> 88.8)."""
    data = json.loads(
        (Path(__file__).parents[1] / "resources" / "products.json").read_text("utf-8")
    )
    words = {word for items in data.values() for word in items}
    path = Path(__file__).parents[1] / "data" / "train_zh.jsonl"
    lines = path.read_text("utf-8").splitlines() if path.exists() else []
    for line in filter(str.strip, lines):
        for action in json.loads(line).get("actions", []):
            product = action.get("slots", {}).get("product")
            if isinstance(product, str) and 1 < len(product) <= 40:
                words.add(product)
    return tuple(sorted(words, key=lambda word: (-len(word), word)))


@cache
def _ascii_product_words() -> tuple[str, ...]:
    """The catalogue's Latin-script words: all an all-ASCII message can contain."""
    return tuple(word for word in _product_words() if word.isascii())


@cache
def _catalogue_search(ascii_only: bool) -> tuple[ahocorasick.Automaton, dict[str, int]]:
    """The catalogue, folded, in one Aho-Corasick automaton (one pass over the message instead
    of a find per word), and each word's place in the catalogue's order (longest first)."""
    automaton = ahocorasick.Automaton()
    order: dict[str, int] = {}
    words = _ascii_product_words() if ascii_only else _product_words()
    for index, folded in enumerate(word.casefold() for word in words):
        if folded not in order:
            order[folded] = index
            automaton.add_word(folded, folded)
    automaton.make_automaton()
    return automaton, order


# Chinese product names end in a noun for the kind of thing (血气分析仪, 智能床垫, OA系统); the
# words before it up to a function word, a verb of the sentence or a number name it.
_ZH_GOODS = (
    "试剂|耗材|芯片|滤芯|导管|线圈|治具|夹具|冲压件|注塑件|铸件|锻件|紧固件|阀门|马达|显示屏|电芯|"
    "光模块|路由器|面料|包材|涂料|钢材|板材|管材|饲料|化肥"
)
ZH_PRODUCT_HEADS = (
    "工作站|机组|分析仪|控制器|传感器|机械手|机器人|分拣线|流水线|装配线|检测线|涂装线|焊接线|一体机|加工中心|冷藏车|冷链车|黑板|"
    "白板|大屏|波峰焊|回流焊|系统|平台|终端|模块|设备|中台|炉|床(?![位单垫])|"
    "班牌|价签|床垫|模具|刀具|小车|"
    "教室|病历|软件|网关|探头|套件|电池|账号|席位|温控|监控|平板|摄像头|闸机|充电桩|监测站|服务(?![态费商员区中])|"
    # parts and fittings an industrial supplier sells: 轴承, 电磁阀, 气缸; 备件 named by its kind
    "轴承|气缸|油缸|齿轮|丝杠|导轨|电缆|线缆|备件|配件|零件|部件|阀|"
    # software reached by another system (API接口); meters (流量计); stoves (炒灶)
    "接口(?!人)|(?<=[度量力压糖位])计|灶|"
    # a kind named by its Latin abbreviation: 仓储PDA, 车队管理SaaS
    "(?<![A-Za-z])(?:PDA|PDU|UPS|SaaS|APP|PLC)(?![A-Za-z])|"
    # materials, parts and consumables that reps of supplies and components sell, each a product
    # on its own (_ZH_WHOLE_PRODUCTS): 试剂, 耗材, 芯片, 冲压件, 治具
    f"{_ZH_GOODS}|"
    "机|器|仪|泵|箱|柜|椅|笔|枪|秤|灯|"
    # as Taiwan and Hong Kong type them: 灌溉控制系統, 自助收銀機, AGV小車
    "系統|設備|終端|模組|軟體|軟件|監控|小車|機|儀|櫃|燈"
)


_ZH_PRODUCT_HEAD = scouted(
    rf"(?:{TRADE_HEADS}|{ZH_PRODUCT_HEADS})(?![会构房场制关式械型票器率机科會構場製關機])"
)


# Characters a product name does not hold: particles, pronouns, measure words, numerals and the
# one-character verbs that come before an object (看了看牙椅, 问叉车电池, 把OA系统).
_ZH_PRODUCT_STOP = frozenset(
    "的了个那这哪把在和跟与及或给说是要想也都还又就很已被从到对向等啊嗯呃哦吗呢吧啦呀去来看聊谈饭"
    "签买订换加送发问让帮找约见做有没不将过着得他她我你它们该其每各些台套批张块支件条只款位圈天讲"
    # Cantonese small words and measure words: "換晒啲舊牙椅", "注塑线嘅机械手", "十部收銀機"
    "啲嘅嗰呢咗晒部張臺"
    # goods counted by the piece: "三百颗感测器", "兩百出頭顆感測器"
    "颗顆"
    "一二三四五六七八九十百千万两几零〇幺第共总约再先才刚又当趟次开年月号边间成下线期装完话"
)


# Words whose first character is a stop character but which name the thing: 条码打印机, 鞋底成型机.
_ZH_BOUND_WORD = re.compile(
    r"条码|成型|成像|跟踪|集装|定位|在线|线上|线下|备件|配件|零件|部件|万能|万向|一次性|一体化|审批|台式|套装|月饼|有机"
)


_ZH_MACHINE_VERBS = frozenset("装发加开")


_COUNT_BEFORE = re.compile(r"[\d十百千万几两一二三四五六七八九]")
# Measure words that are no small word elsewhere (箱 names 冷藏箱), after a count.
_COUNTED_BY = re.compile(r"[多来余]?[箱盒袋包瓶桶罐吨双颗]|[多来余]")


# A numeral that names a dimension is part of the name: 三维扫描仪, 五轴加工中心, 三坐标测量仪.
_DIMENSION = re.compile(r"[一二三四五六七八九两][维轴坐相]")


# Heads that name a product on their own.
_ZH_WHOLE_PRODUCTS = frozenset(
    {"机械手", "机器人", "分拣线", "流水线", "装配线", "分析仪", "控制器", "传感器", "一体机",
     "加工中心", "黑板", "白板", "大屏", "波峰焊", "回流焊", "班牌", "价签",
     "床垫", "网关", "平板", "摄像头", "闸机", "充电桩", "监测站", "轴承", "气缸", "油缸",
     "齿轮", "丝杠", "导轨", "电缆", "线缆", *_ZH_GOODS.split("|")}
) | TRADE_WHOLE  # fmt: skip


# Words of the sentence around a product name: talk, show, meet.
_ZH_PRODUCT_CUT = re.compile(
    r"会用|使用|在用|不用|好用|小时|分钟|个会|次会|回访|回复|回电|来电|讨论|演示|介绍|电话|视频会?|开会|会议|沟通|汇报|验收|试用|评估|反馈|反映|表示|觉得|希望|需要|"
    r"打算|准备|考虑|以后|之后|以前|之前|然后|另外|顺便|还有|对了|回头|带上|暑假|寒假|假期|"
    # work done on it: "找刘工调试虚拟化平台", "过去检修空压机"
    r"调试|维修|检修|保养|部署|"
    # the ticket or order it is on: "二三四六号工单备件还没到"
    r"工单|单子|订单|到时候|时候|"
    # a meeting said before it: "跟吴总见了面 | 监护仪有一台开不了机"
    r"见面|了面|个面|"
    # how long or how many places, counted before the thing: "聊了两个钟头智慧教室", "三家店牙椅"
    r"钟头|[一二三四五六七八九十两几\d]家(?:门?店|分店|医院|学校|工厂|厂|仓库|网点|单位)|"
    rf"{TRADE_CUT}"
)


# Words for the kind of thing that end a name without naming a part of it.
_ZH_KIND_WORDS = (
    frozenset({"系统", "设备", "平台", "备件", "配件", "零件", "部件"}) | TRADE_KIND_WORDS
)


_ENDS_IN_HEAD = re.compile(rf"(?:{ZH_PRODUCT_HEADS})$")


# Words that end like a product but are not one.
_ZH_NOT_PRODUCTS = (
    "手机", "司机", "飞机", "时机", "商机", "危机", "动机", "契机", "开机", "关机", "死机", "停机",
    "宕机", "待机", "随机", "登机", "邮箱", "信箱", "礼仪", "容器", "机器", "仪器", "样机", "座机",
    "手機", "司機", "飛機", "時機", "商機", "危機", "動機", "契機", "開機", "關機", "當機", "機器",
    "實機", "实机", "樣機",
    *TRADE_NOT_PRODUCTS,
)  # fmt: skip


_ZH_PRODUCT_LEAD = re.compile(
    r"(?:新款|老款|新|老|旧|舊|原(?!料)|整(?![柜车箱])|全(?!自动)|同|现|現|各|该|該|上|下|本"
    # "那单金属检测机", "这单分拣机器人": 单 counts the deal, it names nothing
    r"|(?<=[那这這哪每一])单)"
)


# A brand or model in Latin letters before the name: "GPS定位终端", "E系列溶出仪", "X5型监护仪",
# "DS-2CD摄像头"; never a ticket number ("T-2090车载终端") nor a ward ("ICU监护仪").
_LATIN_BEFORE = scouted(
    r"(?![Tt]-?\d{3,}\s?$)(?!(?:[NPE]?[IC]CU|ER)\s?$)[A-Za-z][A-Za-z0-9]{0,3}(?:-?[A-Za-z0-9]){1,6}\s?$"
)


def _starts_a_latin_word(text: str, index: int) -> bool:
    """A Latin brand begins the text or follows anything but a Latin letter or digit: "/SAP系统",
    "1. HIS系统" (a typed note's slash or list marker), not the tail of a longer word."""
    return index == 0 or not (text[index - 1].isascii() and text[index - 1].isalnum())


def _latin_brand_before(
    text: str, found: list[tuple[int, int, str]], blocked: Sequence[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """A catalogue name in Chinese takes the Latin brand or model written against it:
    "ThinkPad笔记本", "Dell服务器" (the rep names the thing with its brand)."""
    out = []
    for start, end, name in found:
        floor = max((e for _, e in blocked if e <= start), default=0)
        named = _brand_and_model_start(text, start, floor) if is_cjk(name[0]) else start
        if named < start:
            out.append((named, end, text[named:end]))
            continue
        latin = _LATIN_BEFORE.search(text, max(0, start - 9), start) if is_cjk(name[0]) else None
        if (
            latin is not None
            and not latin.group().endswith(" ")
            and _starts_a_latin_word(text, latin.start())
            and not spans_overlap(latin.start(), start, blocked)
        ):
            out.append((latin.start(), end, text[latin.start() : end]))
        else:
            out.append((start, end, name))
    return out


_LATIN_SERIES = re.compile(r"[A-Za-z][A-Za-z0-9-]{0,7}\s?$")


def _brand_and_model_start(text: str, start: int, floor: int) -> int:
    """`product_names_zh.brand_and_model_start` with this module's small words and cuts."""
    return brand_and_model_start(
        text, start, floor, lambda at: text[at] in _ZH_PRODUCT_STOP, _ZH_PRODUCT_CUT
    )


def zh_product_phrases(
    text: str,
    barriers: Sequence[tuple[int, int]] = (),
    known: Sequence[tuple[int, int]] = (),
) -> list[tuple[int, int]]:
    """Chinese products read by their shape: a product noun and the characters that name it
    ("血气分析仪", "智能床垫", "OA系统", "GPS手持终端"), none of a sentence's small words and
    nothing already read as a customer, a contact, a time or an amount. A catalogue word
    ending in the noun (`known`) is read whole first, so the brand before it joins it even
    when the word holds a small word ("锐捷交换机": 换 is a verb elsewhere)."""
    phrases = []
    for head in _ZH_PRODUCT_HEAD.finditer(text):
        if spans_overlap(head.start(), head.end(), barriers):
            continue
        floor = max((end for _, end in barriers if end <= head.start()), default=0)
        start = min(
            (s for s, e in known if e == head.end() and s >= floor and is_cjk(text[s])),
            default=head.start(),
        )
        if (
            start == head.start() > floor
            and len(head.group()) == 1
            and text[start - 1] in _ZH_MACHINE_VERBS
        ):
            start -= 1  # 灌装机, 加湿器, 发电机: a verb that names what the machine does
        while (
            start > floor
            and head.start() - start < 6
            and is_cjk(text[start - 1])
            and (
                text[start - 1] not in _ZH_PRODUCT_STOP
                or _DIMENSION.match(text, start - 1)
                or _ZH_BOUND_WORD.match(text, start - 1)
                or (start - 2 >= floor and _ZH_BOUND_WORD.match(text, start - 2))
            )
        ):
            start -= 1
        counted = _COUNTED_BY.match(text, start, head.start())
        if counted is not None and start > 0 and _COUNT_BEFORE.match(text, start - 1):
            start = counted.end()  # "30箱导管", "二十多箱热敏纸": a count and its measure word
        # a cut word may begin on the stop character before ("来电 | 口扫仪")
        cut = [
            m
            for m in _ZH_PRODUCT_CUT.finditer(text, max(floor, start - 1), head.start())
            if m.end() > start
        ]
        if cut:
            start = cut[-1].end()
        start = after_verb_or_place(text, start, head.start(), floor)
        lead = _ZH_PRODUCT_LEAD.match(text, start, head.start())
        if lead is not None:
            start = lead.end()
        # "E系列", "X5型", "X光机": one letter names it
        series = text.startswith(("系列", "型", "光", "超"), start)  # "B超机"
        named = start if series else _brand_and_model_start(text, start, floor)
        latin = (_LATIN_SERIES if series else _LATIN_BEFORE).search(text, max(0, start - 9), start)
        if named < start:
            start = named  # "戴尔R750服务器", "迈瑞T八监护仪": the brand and model name it
        elif latin is not None and _starts_a_latin_word(text, latin.start()):
            start = latin.start()
        phrase = text[start : head.end()]
        if phrase.endswith(_ZH_NOT_PRODUCTS):
            continue
        if start == head.start() and head.group() not in _ZH_WHOLE_PRODUCTS:
            continue
        phrases.append((start, head.end()))
    return phrases


# A count's unit written between it and the goods ("200 pcs industrial tablet", "50 sets
# forklift battery"), as reps in Asia write it.
COUNT_UNITS = frozenset("pcs pc pieces piece sets set nos ea".split())

# Counts of a product ("licences of", "seats of"): what they are of is the product.
_MEASURE_NOUNS = frozenset(
    """licence licences license licenses seat seats unit units subscription subscriptions
    user users""".split()
)


# "50 licences of the analytics module", and "seats on the warehouse app", "licences for the
# document control module" when a product's noun follows: the counted thing is the product.
_MEASURE_OF = re.compile(
    r"\s+(?:of\s+(?!(?:them|it|those|these|us|which)\b)|(?:on|for)\s+(?:(?:the|their|our|"
    r"your|its|this|that|a|an)\s+)?(?:[A-Za-z0-9-]+\s+){0,3}?(?:"
    + _PRODUCT_HEADS
    # "25 more seats on the enterprise plan": the plan sold by the seat
    + r"|plans?|tiers?|editions?|packages?|bundles?)\b)",
    re.IGNORECASE,
)


_MODAL_BEFORE = re.compile(r"(?:\b(?:will|would|can|could|should|must)|'ll)\s+$")


# 发货, 到货, 催货: the goods shipped, arrived or chased, no product named.
_GOODS_VERBS = frozenset("发到交送出收备催订退补提缺供")


# A catalogue word before these names the production line ("包装线", "空调生产线的MES系统").
_LINE_WORDS = ("线", "生产线", "产线")


def _goods_moved(lowered: str, folded: str, position: int) -> bool:
    """货 after a verb of shipping is the shipment ("周五跟发货"), not a product."""
    return folded == "货" and position > 0 and lowered[position - 1] in _GOODS_VERBS


def find_products(
    text: str,
    taken: Sequence[tuple[int, int]] = (),
    barriers: Sequence[tuple[int, int]] = (),
    *,
    cued: Sequence[tuple[int, int]] = (),
) -> list[tuple[int, int, str]]:
    """Product words, longest first; none inside a customer's name ("Fairbank Cold Chain").
    A product the catalogue does not know is read by its shape: a product noun with the words
    that name it ("reefer sensor kits", "血气分析仪"), or, in English, the noun phrase where a
    product is expected (`cued`: "a quote for the label printers", "Pemberton - the kiosks keep
    freezing")."""
    lowered = text.casefold()
    found: list[tuple[int, int, str]] = []
    spans = list(taken)
    automaton, order = _catalogue_search(lowered.isascii())
    first: dict[str, int] = {}  # each catalogue word where it first occurs
    for last, folded in automaton.iter(lowered):
        first.setdefault(folded, last + 1 - len(folded))
    first = {
        folded: at
        for folded, at in first.items()
        if not _goods_moved(lowered, folded, at)
        # "超声科", "设备科": the hospital's department, not the product
        and not (is_cjk(folded[0]) and names_a_department(text, at + len(folded)))
        # "包装线的视觉检测系统": the line the goods are made on, not the product
        and not (is_cjk(folded[-1]) and lowered.startswith(_LINE_WORDS, at + len(folded)))
    }
    for folded in sorted(first, key=order.__getitem__):
        position, length, latin = first[folded], len(folded), folded.isascii()
        if spans_overlap(position, position + length, spans):
            continue
        if latin and not _latin_bounded(lowered, position, position + length):
            continue
        if latin and _MODAL_BEFORE.search(lowered, max(0, position - 8), position):
            continue  # "will monitor for 2 days": a verb, not the product
        if folded in _MEASURE_NOUNS and _MEASURE_OF.match(lowered, position + length):
            continue  # "50 licences of the analytics module": the module is the product
        found.append((position, position + length, text[position : position + length]))
        spans.append((position, position + length))
    for start, end in _product_phrases(text, barriers):
        inside = [f for f in found if start <= f[0] and f[1] <= end]
        # "reefer probe kits": a compound of product nouns outgrows the catalogue's "kits"
        compound = len(HEAD_WORD.findall(text, start, end)) >= 2 and all(
            " " not in f[2] for f in inside
        )
        # "bed monitors", "campus platform": the words naming a catalogue noun are the product
        headed = bool(inside) and all(f[1] == end and " " not in f[2] for f in inside)
        # "weighbridge terminals", "WMS mobile app": catalogue words naming the kind of thing
        head_start = text.rindex(" ", start, end) + 1 if " " in text[start:end] else start
        modified = any(f[1] <= head_start for f in inside) and all(
            f[1] <= head_start or f[0] >= head_start for f in inside
        )
        crossing = [f for f in found if f[0] < end and start < f[1] and f not in inside]
        if spans_overlap(start, end, list(taken)) or (
            spans_overlap(start, end, spans)
            and not ((compound or headed or modified) and inside and not crossing)
        ):
            continue
        found = [f for f in found if f not in inside]
        found.append((start, end, text[start:end]))
    for start, end in zh_product_phrases(text, [*taken, *barriers], [f[:2] for f in found]):
        inside = [f for f in found if start <= f[0] and f[1] <= end]
        # "船用传感器": a longer name around a catalogue word is the product; "POS机扫码枪",
        # "输液泵电池" are a product and its part, the catalogue's product first.
        if (
            spans_overlap(start, end, list(taken))
            or any(spans_overlap(start, end, [f[:2]]) for f in found if f not in inside)
            or any(
                f[1] < end
                and _ENDS_IN_HEAD.search(f[2])
                and f[2].casefold() not in GENERIC_PRODUCTS
                # "冷链温控设备", "集装箱跟踪系统": a name ending in a generic word is one name
                and not text[f[1] : end].endswith(tuple(_ZH_KIND_WORDS))
                and end - f[1] > 1  # "回流焊炉": one character more is its kind, not a part
                for f in inside
            )
        ):
            continue
        found = [f for f in found if f not in inside]
        found.append((start, end, text[start:end]))
    for start, end in cued:
        inside = [f for f in found if start <= f[0] and f[1] <= end]
        crossing = [f for f in found if f[0] < end and start < f[1] and f not in inside]
        if crossing or any(f[1] - f[0] >= end - start for f in inside):
            continue  # the catalogue's longer name, or a phrase it already reads, stands
        found = [f for f in found if f not in inside]
        found.append((start, end, text[start:end]))
    return sorted(_latin_brand_before(text, found, [*taken, *barriers]))


# Where an English note expects a product, the noun phrase there names it, whatever the catalogue
# knows: after words that ask for, order, show or talk about something ("a quote for", "demo of",
# "interested in", "signed the", "re"), and as the subject of a fault right after the customer
# ("Pemberton - the label printers keep jamming").
_PRODUCT_CUE = re.compile(
    r"(?<![\w'’])(?:(?:quote|quotes|quotation|pricing|price|prices|demo|trial|order|tender|proposal|"
    r"spec sheet|specs|datasheet|brochure|info|details|po|purchase order|status|update|news|"
    r"samples?|"
    r"certs|certificates?|manuals?|recall|warranty|support|servicing|service|maintenance)"
    r"\s+(?:for|on|of)|training\s+on|interested in|keen on|"
    r"looking at|asking about|asked about|ask about|asking for|talked about|talk about|"
    r"(?:problems?|issues?|trouble)\s+with|evaluating|piloting|trialling|trialing|"
    r"(?:wants?|wanted|needs?|needed)(?:\s+to\s+(?:try|buy|order|get|see|trial|test|replace|add))?|"
    r"(?:licen[cs]es?|seats?|units?|subscriptions?|users?)\s+of|"
    # goods counted by their packing: "2 container of pallet wrap", "300 cartons of sanitiser"
    r"(?<=\d\s)(?:containers?|cartons?|boxes|box|rolls?|pallets?|cases?|crates?|drums?|bags?|"
    r"sets?|pcs|pieces?)\s+of|"
    r"(?:licen[cs]es?|seats?|users?)\s+(?:on|for)(?=\s+(?:the|their|our)\s+(?:\S+\s+){1,3}"
    r"(?:plans?|tiers?|editions?|packages?|bundles?)\b)|"
    r"ordered|bought|renewed|renewing|signed for|signed|likes|loves|hates|"
    # "order confirmed 2 containers of pallet wrap", "order confirm 200 sets …"
    r"order\s+(?:is\s+)?confirm(?:ed)?|"
    r"(?:un)?happy (?:with|w/)|short on|"
    r"presented|demoed|demo(?=\s+(?:the|our|their|an?)\s)|"
    r"re:?|regarding|about|(?P<report>reports?|reported|says|said|called|rang|phoned)|"
    # "they're after two more reefer trailers" (dictated "there after"), "RM 1.2 mil for mill
    # automation", "3.5 lakh INR for 700 hampers": what is wanted, what a sum pays for
    r"(?:they're|theyre|they\s+are|there|they)\s+after|"
    r"(?:(?<=\d\s)|(?<=\d[km]\s)|(?<=mil\s)|(?<=lakh\s)|(?<=lakhs\s)|(?<=crore\s)|"
    r"(?<=million\s)|(?<=thousand\s)|(?<=inr\s)|(?<=usd\s)|(?<=sgd\s)|(?<=myr\s)|(?<=gbp\s)|"
    r"(?<=aud\s)|(?<=eur\s)|(?<=hkd\s))for)(?=\s)"
    # a list after the customer: "Tanjong closed - RFID readers for Tuas, US$42k"
    r"|(?<=\S)[ \t]+[-–—][ \t]+|(?<=\w):[ \t]+",
    re.IGNORECASE,
)


# "the analytics add on": an add-on written apart is one word of the name
_NP_TOKEN = re.compile(
    r"[ \t]*(?P<word>(?i:add[ \t]+ons?\b)|[A-Za-z0-9][A-Za-z0-9&'/-]*)(?P<end>[^\sA-Za-z0-9]*)"
)


# Words before a product that do not name it: articles, owners, amounts, fillers.
_NP_SKIP = frozenset(
    """the a an their our your his her its this that these those some any more another extra
    other new current existing additional few couple of x all every each whole full latest same
    phase batch lot set pair none site icu apac emea latam anz hq uk sg hk like um uh maybe
    about around approx approximately roughly just only both several many old term
    second third fourth fifth sixth seventh eighth ninth tenth
    one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty
    fifty sixty seventy eighty ninety hundred dozen year years yr yrs month months""".split()
)


# Words after which a product's name starts again: "cutting the collab seats".
_NP_RESTART = frozenset(
    """the a an their our your his her its this that these those some any more another all
    like um uh none one two three four five six seven eight nine ten eleven twelve fifteen
    twenty thirty forty fifty sixty seventy eighty ninety hundred dozen few couple of site
    icu apac emea latam anz hq uk sg hk old term""".split()
)


# A part named after the device it belongs to: the device is the product ("monitor screen").
_DEVICE_PARTS = frozenset(
    """screen screens motor motors cable cables button buttons fan fans port ports lid door
    keypad keyboard""".split()
)


# Words a product's name stops before.
_NP_STOP = frozenset(
    """for at in on to from with by before after about across and or but so because since until
    till as per if when then next this that which who is are was were be been being keep keeps
    kept will would can could should won't wont can't cant aren't isn't not no have has had do
    does did don't doesn't i we they he she it you me them us um uh like today tomorrow tonight
    yesterday asap eod cob pls please too also soon again now there here still just really
    very each stopped went go going show shows showing giving sending dropping failing back
    there yes ok okay off offline online down broken dead faulty working fine urgent login
    page password account error errors reports done visit meeting check want wants w/ w mtg
    total totalling totaling worth
    f/u re follow up happy unhappy keen interested pleased froze broke lost died went came fell
    wanted need needs needed send sent sending chase chasing get got give make do overnight
    weekend morning afternoon evening drops stops fails freezes crashes reboots loses runs goes
    works says someone somebody anyone anybody everyone everybody nobody anything something
    nothing what which how right out throws frozen jammed jamming tripping cracked"""
    # dictated run-ons go on without a break: "twenty infusion pumps kindly do the needful",
    # "more handhelds remind me to call", "the aoi machine still hang lah"
    """ kindly remind reminder lah ah lor already"""
    # a remark after the name: "the chromebook carts though", "the LIMS module pricing tbh"
    """ though tho tbh imo thanks thx cheers anyway anyways btw fyi plus etc"""
    # dictation drops the apostrophe: "the ultrasound probes theyre keen", "contract hes happy"
    """ theyre hes shes youre im ive weve theyve thats whats theres"""
    # a dictated run-on's next verb, irregular or of our next step: "andheri office met Ritu",
    # "conveyor rollers put a follow up"
    """ met saw told said spoke rang took put book arrange schedule"""
    # how a document is wanted, not what it is about: "a proper proposal for the meter readers"
    """ proper formal""".split()
)


# -ly words that are nouns, not adverbs: "power supply" is a product, "urgently" is not.
_LY_NOUNS = frozenset({"supply", "assembly", "family", "poly", "ally", "rally", "jelly", "trolly"})


def _adverb(word: str) -> bool:
    """ "reflow ovens urgently", "the WMS app ideally": an adverb ends a product's name."""
    return len(word) > 4 and word.endswith("ly") and word not in _LY_NOUNS


# Nouns that are what is sent or agreed about a product, not the product.
_ABOUT_PRODUCT = frozenset(
    """quote quotes quotation proposal pricing price prices demo trial order orders tender deal
    deals contract po rollout renewal specs spec sheet brochure ticket refresh expansion pilot
    delivery outage upgrade vendor supplier readings reading thing things stuff budget firmware
    update reset password login install installation invoice roadmap data gap gaps patch
    samples plan plans recall recalls certs cert certificates certificate agreement agreements
    sow addendum amendment paperwork terms"""
    # the work done on it: "flow meter recal", "the spectrometer calibration"
    """ recal calibration recalibration servicing""".split()
)


# Things asked for that are no product at all.
NOT_A_PRODUCT = frozenset(
    """call calls meeting meetings visit visits update updates discount refund callback day days
    week weeks month months data info information deck report docs documents invoice payment
    terms budget time help people team staff store stores site sites office everything anything
    something someone engineer replacement replacements details feedback reply answer approval
    signoff sign-off training session workshop follow-up followup chat word catch-up intro look
    access review reviews agenda forms form paperwork case studies teams zoom whatsapp skype
    webex email emails line lines ticket tickets invoices
    order orders quote quotes timeline times schedule list presentation tour total bug closes
    pack stage mockups draft users year years quarter last insurance migration away room
    export sync alerts cases numbers figures sales revenue margins"""
    # the calendar and the work done on a site: "wants the training dates moved", "the kitchen
    # refit has slipped"
    """ date dates slot slots deadline deadlines hours shift shifts calendar rota timetable
    refit refurb refurbishment renovation works project projects fit-out build launch opening
    relocation move go-live""".split()
)


# Words that end a company's name ("Qinghe Foods", "Borui Medical"): no product's head.
_COMPANY_WORDS = frozenset(
    """foods food medical trading electronics logistics health healthcare retail dairy
    engineering utilities hotels hotel academy precision tools pharma pharmaceuticals group ltd
    inc llc corp co plc gmbh holdings partners bank hospital clinic school schools university
    college""".split()
)


def _company_word(text: str, start: int, word: str) -> bool:
    """A word ending a company's name; "plc" only after a capitalised name ("the PLC upgrade",
    "the siemens plc" are the controller)."""
    return word in _COMPANY_WORDS and (word != "plc" or is_company_plc(text, start))


# -ing words that name a product or service rather than what a thing is doing.
_NOMINAL_ING = frozenset(
    """monitoring packaging lighting shelving ticketing tracking scheduling billing routing
    picking labelling labeling conferencing accounting building wiring cabling printing
    signage heating cooling metering""".split()
)


_FAULT_ING = frozenset(
    """dropping failing freezing crashing rebooting jamming flickering beeping alarming showing
    sending giving tripping leaking overheating working running throwing reading losing
    reporting charging connecting responding loading printing syncing resetting producing
    displaying drifting rejecting timing logging updating uploading pairing booting starting
    restarting flashing buzzing clicking smoking sparking dying stalling lagging hanging shutting
    cutting switching skipping misreading double""".split()
)


# Words that say what a thing does wrong and so end its name ("tank sensors stuck at 4").
_FAULT_WORDS = frozenset(
    """stuck flicker flickers die dies froze freezes crash crashes jam jams keep keeps kept
    stopped never always again still randomly constantly""".split()
)


_SERVICE_CONTRACT = frozenset({"service", "maintenance", "support", "licence", "license"})


# A fault said of a thing right after the customer: "… kiosks freezing", "… readers won't pair".
_PREDICATE = re.compile(
    r"[^,.;:!?\n]{0,30}?(?<![\w'’])(?!(?:morning|evening|something|anything|nothing|thing|"
    r"during|building|ceiling)\b)(?:is|are|was|were|keep|keeps|kept|won't|wont|can't|cant|"
    r"aren't|isn't|not|no longer|stopped|have|has|had|show|shows|went|lost|broke|froze|burnt|"
    r"blew|gone|dead|broken|faulty|offline|down|cracked|damaged|[a-z]+ing|[a-z]+ed)\b",
    re.IGNORECASE,
)


# Words before what is sent or agreed that do not name the product ("a revised quote").
_NOT_PRODUCT_MODIFIERS = frozenset(
    """quick big small new first final revised updated formal official rough draft purchase
    sales price the a an our their your this that my his her its""".split()
)


_CUSTOMER_LEAD = re.compile(
    r"(?:'s)?[ \t]*(?:[:\-–—,][ \t]*)?(?:(?:um+|uh+|so|and|the|their|reports?|says)[ \t]+)*"
)


# After a customer's name and a dash or colon, a noun phrase is a product when something is said
# of it ("Kensington: visualisers flicker"), or when a deal lists it ("Tanjong closed - RFID
# readers for Tuas, US$42k"); "Intro mtg w/ Contoso - good rapport" names none.
_LIST_CUE = re.compile(r"[ \t]*[-–—:][ \t]*")


_DEAL_BEFORE = re.compile(
    r"\b(?:closed|signed|won|po|order|ordered|deal|contract|received|confirmed|booked)\b",
    re.IGNORECASE,
)


_FAULT_AFTER = re.compile(r"[ \t]+([a-z]+)", re.IGNORECASE)


def _listed_product(text: str, cue: int, end: int) -> bool:
    """A dash or colon that lists what a deal was for, or a thing a fault is said of."""
    clause_start = max(text.rfind(mark, 0, cue) for mark in ".;!?\n")
    after = _FAULT_AFTER.match(text, end)
    return bool(
        _DEAL_BEFORE.search(text, clause_start + 1, cue)
        or (after is not None and after.group(1).casefold() in _FAULT_WORDS)
    )


def cued_products(
    text: str,
    *,
    customers: Sequence[CustomerMention],
    blocked: Sequence[tuple[int, int]],
) -> list[tuple[int, int]]:
    """English noun phrases where a product is expected (see `_PRODUCT_CUE`)."""
    found: list[tuple[int, int]] = []
    for cue in _PRODUCT_CUE.finditer(text):
        plan = _plan_sold_by_the_seat(text, cue, blocked)
        if plan is not None:
            found.append(plan)
            continue
        # "likes the new checkweigher": a machine's name alone where a product is expected
        report = bool(cue.group("report"))
        phrase = _noun_phrase(text, cue.end(), blocked, machines=not report)
        if phrase is None or not (
            _PREDICATE.match(text, phrase[1])
            or (not report and not _LIST_CUE.fullmatch(cue.group()))
            or (not report and _listed_product(text, cue.start(), phrase[1]))
        ):
            continue  # "says the board approved": only a thing that is or does
        found.append(phrase)
    for follow in _FOLLOW_UP_ON.finditer(text):
        # "follow up with Sunda Palm next week on the drone survey service"
        phrase = _noun_phrase(text, follow.end(), blocked, machines=True)
        if phrase is not None:
            found.append(phrase)
    for about in _ABOUT_WORD.finditer(text):
        # "send the data logger pricing", "f/u on laser cutter quote": what it is about
        phrase = _compound_before(text, about.start(), blocked)
        if phrase is not None:
            # "the sensor upgrade" is what they buy; "the sensor quote" is about the sensor
            upgrade = about.group().casefold() == "upgrade"
            found.append((phrase[0], about.end()) if upgrade else phrase)
    found.extend(_fault_subjects(text, blocked))
    for mention in customers:
        end = mention.end
        # "Thames | Valley gateway keeps rebooting": the rest of a name said in part
        named = set(mention.best.name.casefold().split())
        rest = re.compile(r"[ \t]*([A-Za-z&]+)")
        while (
            (more := rest.match(text, end)) is not None
            and (
                more.group(1).casefold() in named
                # "Hairun | Cold Chain - …": a typed name goes on in capitals
                or (
                    mention.text[:1].isupper()
                    and more.group(1).istitle()
                    and len(more.group(1)) > 1
                )
            )
        ):
            end = more.end()
        owned = _owned_thing(text, end, blocked)
        if owned is not None:
            found.append(owned)  # "a ticket for Contoso's dissolution tester"
            continue
        lead = _CUSTOMER_LEAD.match(text, end)
        at = lead.end() if lead else end
        phrase = _noun_phrase(text, at, blocked, machines=True, subject=True)
        if phrase is not None and _PREDICATE.match(text, phrase[1]):
            found.append(phrase)
    return sorted(set(found))


_SEATS_ON = re.compile(r"(?:licen[cs]es?|seats?|users?)\s+(?:on|for)", re.IGNORECASE)
_PLAN_WORD = re.compile(r"plans?|tiers?|editions?|packages?|bundles?", re.IGNORECASE)


def _plan_sold_by_the_seat(
    text: str, cue: re.Match[str], blocked: Sequence[tuple[int, int]]
) -> tuple[int, int] | None:
    """ "25 more seats on the enterprise plan": the plan, whole (a plan word alone is otherwise
    only what a proposal is about)."""
    if not _SEATS_ON.fullmatch(cue.group()):
        return None
    words = _phrase_words(_np_tokens(text, cue.end(), blocked))
    if len(words) < 2 or not _PLAN_WORD.fullmatch(words[-1][2]):
        return None
    return words[0][0], words[-1][1]


_POSSESSIVE = re.compile(r"'s[ \t]+")


def _owned_thing(text: str, end: int, blocked: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    """ "Contoso's pH meter", "Pemberton's walk-in freezer": a thing named after the customer's
    possessive is theirs, a product; not a person ("Kensington's bursar", "P&G's Mei Lin")."""
    possessive = _POSSESSIVE.match(text, end)
    if possessive is None:
        return None
    phrase = _noun_phrase(text, possessive.end(), blocked, machines=True, subject=True)
    if phrase is None:
        return None
    said = text[phrase[0] : phrase[1]]
    head = said.split()[-1].casefold()
    if slot_finders.is_role(said) or slot_finders.is_given_name(said.split()[0]):
        return None
    # a machine, not a place or a figure of theirs ("Tuas warehouse", "contract value")
    machine = head.endswith(("er", "or")) and len(head) >= 5 and head not in _NOT_MACHINES
    return phrase if machine or HEAD_WORD.fullmatch(head) else None


# A clause that opens on "the …" after a break: "Dr. Whitfield called, the stability chambers are
# out of spec".
_CLAUSE_SUBJECT = re.compile(
    r"(?:[,;:]|\s[-–—])\s*(?:(?:and|so|but|now|also|um+|uh+)\s+)*"
    r"(?=(?:the|their|all the|all of the|some of the|two of the)\s)",
    re.IGNORECASE,
)


def _fault_subjects(text: str, blocked: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The thing a fault is said of, where its clause opens on it after a break."""
    subjects = list(_CLAUSE_SUBJECT.finditer(text))
    if not subjects:
        return []
    faults = [h.start for h in fault_hits(text, [])] + [
        h.start for h in trigger_hits(text) if h.intent == "open_ticket"
    ]
    found = []
    for subject in subjects:
        phrase = _noun_phrase(text, subject.end(), blocked)
        if phrase is not None and any(0 <= start - phrase[1] <= 12 for start in faults):
            found.append(phrase)
    return found


# A follow-up and what it is on: "chase Fairbank Friday on the probes".
_FOLLOW_UP_ON = scouted(
    r"(?<![\w'’])(?:follow(?:ed|ing)?[ -]?up|f/u|chase[ds]?|chasing|touch(?:ed)? base|"
    r"check(?:ed|ing)? in|circle[ds]? back|get back to|got back to)\b[^,.;:!?\n]{0,40}?\son(?=\s)",
    re.IGNORECASE,
)


_ABOUT_WORD = re.compile(
    r"(?<=[A-Za-z0-9] )(?:quote|quotes|quotation|proposal|pricing|order|tender|deal|demo|"
    r"refresh|expansion|renewal|upgrade)\b",
    re.IGNORECASE,
)


def _compound_before(
    text: str, position: int, blocked: Sequence[tuple[int, int]]
) -> tuple[int, int] | None:
    offset = max(0, position - 48)
    words = list(re.finditer(r"[A-Za-z0-9][A-Za-z0-9&/-]*", text[offset:position]))
    kept: list[tuple[int, int]] = []
    for match in reversed(words):
        start, end = offset + match.start(), offset + match.end()
        word = match.group().casefold()
        gap = text[end : kept[0][0] if kept else position]
        if gap.strip() or len(kept) == 3 or spans_overlap(start, end, blocked):
            break
        if start > 0 and text[start - 1] in "'’":
            break  # "Sunda Palm's renewal", "they'll order": a clitic names nothing
        if (
            word in _NP_STOP
            or word in _NP_SKIP
            or word in _NOT_PRODUCT_MODIFIERS
            or word in _ABOUT_PRODUCT
            or word in NOT_A_PRODUCT  # "last order", "the new year price list"
            or _company_word(text, start, word)  # "Borui Medical renewal"
            or word.isdigit()
            or _past_tense(word)
        ):
            break
        kept.insert(0, (start, end))
    if not kept:
        return None
    return kept[0][0], kept[-1][1]


def _noun_phrase(
    text: str,
    position: int,
    blocked: Sequence[tuple[int, int]],
    *,
    machines: bool = False,
    subject: bool = False,
) -> tuple[int, int] | None:
    """The product-like noun phrase starting at `position`, without what only leads into it
    ("the", "20", "um") or only follows it ("pricing", "screen"), or None. A machine's name
    alone counts where one is expected (`machines`) and is theirs: after "the" or "their", or
    as the `subject` something is said of ("Pemberton: checkweigher down")."""
    words = _trimmed(_phrase_words(_np_tokens(text, position, blocked)))
    if not words:
        return None
    head = words[-1][2].casefold()
    if (
        (head in NOT_A_PRODUCT and not _plant_room(words))
        or (len(words) == 1 and head.startswith("add"))  # "signed the add on for the module"
        or head in _NP_SKIP
        or _company_word(text, words[-1][0], head)
    ):
        return None
    if (
        len(words) == 1
        and not head.endswith("s")
        and not HEAD_WORD.fullmatch(head)
        and not (
            machines
            and _is_machine_noun(head)
            and not slot_finders.is_given_name(head)
            and (subject or _one_of_theirs(text, words[0][0], words[-1][1]))
        )
    ):
        return None  # one singular word ("pilot", "rollout") is rarely a product
    if head in _MEASURE_NOUNS and _MEASURE_OF.match(text, words[-1][1]):
        return None  # "twenty more seats on the warehouse app": the app is the product
    if len(words) == 1 and head in _GOVERNING_BODIES:
        return None  # "the board approved 50 more seats": who decides ("smart board" is a thing)
    return words[0][0], words[-1][1]


_ROOMS_SOLD = frozenset({"cold", "clean", "freezer", "chiller", "blast"})


def _plant_room(words: list[_Token]) -> bool:
    """ "the cold room is alarming": a room that is a machine, sold and serviced."""
    return (
        len(words) > 1
        and words[-1][2].casefold() in ("room", "rooms")
        and words[-2][2].casefold() in _ROOMS_SOLD
    )


# Nouns in -er/-or that name a person, a time or a matter, not a machine.
_NOT_MACHINES = frozenset(
    """order other number letter paper answer matter quarter partner customer manager user
    member officer driver dealer supplier provider vendor director doctor operator engineer buyer
    owner leader teacher offer cover corner power water winter summer september october november
    december together later after never ever either neither whether rather error floor door
    colour color behaviour behavior sector factor minor major visitor contractor competitor
    distributor administrator coordinator supervisor inspector auditor investor tutor author
    editor sponsor chapter register character consumer employer employee player
    caller writer member header border folder trader retailer wholesaler manufacturer
    installer developer designer planner officer counsellor councillor mayor
    senator governor professor instructor interior exterior senior junior mister sister
    brother mother father daughter lawyer farmer worker helper cluster another further
    earlier however whatever wherever whoever""".split()
)


# "the new checkweigher", "their compressor": a machine named alone is one they have or get.
_DEFINITE = re.compile(r"\b(?:the|new|our|their)\s+(?:(?:um+|uh+|the)\s+)*$", re.IGNORECASE)


def _one_of_theirs(text: str, start: int, end: int) -> bool:
    """ "the new checkweigher", "compressor 3": a machine they have or get, not a kind."""
    return bool(_DEFINITE.search(text, 0, start) or _NUMBERED.match(text, end))


_NUMBERED = re.compile(r"[ \t]+(?:no\.?[ \t]*)?\d+\b", re.IGNORECASE)


def _is_machine_noun(word: str) -> bool:
    """ "the new checkweigher", "the compressor": an -er/-or agent noun names a machine, unless
    it names a person or something else ("manager", "order")."""
    return (
        len(word) > 5
        and word.isalpha()
        and word.endswith(("er", "or"))
        and word not in _NOT_MACHINES
    )


_Token = tuple[int, int, str]


# A body that decides, named by one word: never the product.
_GOVERNING_BODIES = frozenset({"board", "committee", "council", "trustees", "governors"})


def _np_tokens(text: str, position: int, blocked: Sequence[tuple[int, int]]) -> list[_Token]:
    """Up to nine words from `position`, up to punctuation or a customer, time or amount."""
    tokens: list[_Token] = []
    while len(tokens) < 9:
        match = _NP_TOKEN.match(text, position)
        if match is None or spans_overlap(match.start("word"), match.end("word"), blocked):
            break
        tokens.append((match.start("word"), match.end("word"), match.group("word")))
        position = match.end()
        if match.group("end") and match.group("end") not in ("-",):
            break
    return tokens


_MULTIPLIER = re.compile(r"x\d+|\d+x")


# Words in -ed that are no verb: "variable speed drives", "infrared sensors".
_ED_NOUNS = frozenset({"hundred", "infrared", "embed", "shred", "bed", "red", "shed"})


def _past_tense(word: str) -> bool:
    """ "the analytics module miscalculated": a verb in -ed ends a product's name."""
    return word.endswith("ed") and not word.endswith("eed") and word not in _ED_NOUNS


def _phrase_words(tokens: list[_Token]) -> list[_Token]:
    index = 0
    while index < len(tokens) and (
        tokens[index][2].casefold() in _NP_SKIP or tokens[index][2].isdigit()
    ):
        index += 1
    words: list[_Token] = []
    for token in tokens[index:]:
        word = token[2].casefold()
        if word.isdigit() and words and words[-1][2][:1].isupper() and len(words) < 3:
            words.append(token)  # a model's number after its capitalised name: "Office 365"
            continue
        if word in _NP_STOP or word.isdigit() or "'" in word or "’" in word or _adverb(word):
            break
        if (
            _MULTIPLIER.fullmatch(word)  # "combi ovens x4": how many, not the name
            or _past_tense(word)
            or (words and word in _FAULT_WORDS)
            or (words and _says_what_it_does(words[-1][2], word))
        ):
            break  # "label printers jamming", "the analytics module miscalculated"
        if word in _NP_SKIP:
            if words and word not in _NP_RESTART:
                break  # "smart water meters phase 1"
            words = []  # "finch the collaboration platform", "adding forty seats"
            continue
        words.append(token)
        if len(words) == 4:
            break
    return words


def _says_what_it_does(previous: str, word: str) -> bool:
    """ "docking stations", "call recording module" are things; "printers jamming", "gateway
    dropping out" say what they do."""
    return (
        word.endswith("ing")
        and word not in _NOMINAL_ING
        and (previous.casefold().endswith("s") or word in _FAULT_ING)
    )


def _trimmed(words: list[_Token]) -> list[_Token]:
    if len(words) > 1 and words[-1][2].casefold() in _DEVICE_PARTS:
        words = words[:-1]
    while words and words[-1][2].casefold() in _ABOUT_PRODUCT:
        head = words[-1][2].casefold()
        if head == "contract" and len(words) > 1 and words[-2][2].casefold() in _SERVICE_CONTRACT:
            break  # "a service contract" is what they buy
        words = words[:-1]  # "the telematics proposal" is about the telematics
    return words


def _product_phrases(text: str, barriers: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Names ending in a product noun, without the words before them that do not name the
    product: articles, verbs and prepositions of the sentence, a count ("60 Dell Latitude 5440
    laptops": 5440 names the model, 60 counts them), a time, an amount or a person."""
    phrases = []
    for match in _PRODUCT_PHRASE.finditer(text):
        start = after_last_barrier(match.start("phrase"), match.end("phrase"), barriers)
        end = match.end("phrase")
        if start is None:
            continue
        words = [(m.start(), m.group()) for m in re.finditer(r"\S+", text[start:end])]
        cut = max(
            (i + 1 for i, (_, word) in enumerate(words[:-1]) if _not_naming(word.casefold())),
            default=0,
        )
        for i in range(cut, len(words) - 1):
            # a count, not a model: "signed for 60 Dell laptops", "trial 10 handhelds"; digits
            # after a capitalised name are its model ("Latitude 5440 laptops")
            if words[i][1].isdigit() and (i == cut or not words[i - 1][1][:1].isupper()):
                cut = i + 1
        if cut < len(words) - 1 and words[cut][1].casefold() in COUNT_UNITS:
            cut += 1  # "200 pcs industrial tablet": the pieces count the tablets
        if len(words) - cut >= 2:  # a bare product noun is left to the catalogue
            phrases.append((start + words[cut][0], end))
    return phrases


# Words of the sentence that a product's name never holds: where it starts again after them.
_BEFORE_A_NAME = frozenset(
    """before after across but so because since until till as per if when then than into onto
    via both either x third fourth fifth sixth seventh eighth ninth tenth""".split()
)


def _not_naming(word: str) -> bool:
    return word in _NOT_PRODUCT_WORDS or word in _BEFORE_A_NAME or word in TRADE_VERBS


def _latin_bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())


# "asked for a call back", "asking for a quick meeting": a request whose object is an
# interaction.
_ASKED_FOR_PHRASES = frozenset({"asked for", "asking for"})


_FOR_AN_EVENT = re.compile(
    # "asked for someone tomorrow", "asking for an engineer": the ticket's service, no news
    r"\s+(?:someone|somebody|(?:an?|the)\s+(?:engineer|tech|technician)s?)\b|"
    r"\s+(?:(?:a|an|another|the|some|someone|somebody|me|us|to)\s+)*(?:[a-z]+[\s-]+)?"
    r"(?:call|callback|ring|meeting|mtg|visit|demo|catch[ -]?up|review|workshop|"
    r"follow[ -]?up|f/u|walk-?through|survey|session|training|presentation|chat)\b",
    re.IGNORECASE,
)


def drop_asked_for_event(text: str, hits: list[TriggerHit]) -> list[TriggerHit]:
    """ "the bursar asked for a call back before Friday": a request for an interaction is the
    plan it names, not news of its own; "asked for a revised quote" stays a report."""
    return [
        hit
        for hit in hits
        if not (hit.phrase in _ASKED_FOR_PHRASES and _FOR_AN_EVENT.match(text, hit.end) is not None)
    ]


# "the smart boards at the prep school": a trigger word that is part of a compound noun.
_COMPOUND_AFTER = {"prep": re.compile(r"\s*school", re.IGNORECASE)}


def no_plan_in_compounds(text: str, hits: list[TriggerHit]) -> list[TriggerHit]:
    """A follow-up word that only begins a compound noun ("prep school") is no plan."""
    return [
        hit
        for hit in hits
        if not (
            hit.intent == "schedule_followup"
            and (compound := _COMPOUND_AFTER.get(hit.phrase.strip().casefold())) is not None
            and compound.match(text, hit.end if not hit.phrase.endswith(" ") else hit.end - 1)
        )
    ]


# "call Jane back today", "ring Mr Wong back Thurs": a call back to someone named in between.
_CALL_NAMED_BACK = re.compile(
    r"\b(?i:call|ring|phone)\s+(?:(?i:mr|mrs|ms|dr)\.?\s+)?[A-Z][a-z]+\s+back\b"
)


def call_named_back(text: str, hits: list[TriggerHit]) -> list[TriggerHit]:
    """A follow-up trigger for a call back with the person named inside the phrase."""
    return [
        TriggerHit("schedule_followup", m.start(), m.end(), "call back")
        for m in _CALL_NAMED_BACK.finditer(text)
        if not any(h.start < m.end() and m.start() < h.end for h in hits)
    ]


# "back Thurs to fit", "back on site Mon", "ill pop back tomorrow", "go back on the 15th": a
# return visit planned for the time said right after "back".
_RETURN_VISIT = re.compile(
    r"\b(?:(?:go|going|pop|popping|come|coming|head|heading|be)\s+)?back\s+"
    r"(?:(?:on\s+site|onsite|there|out)\s+)?(?:(?:w/|with)\s+(?:the\s+|a\s+|new\s+)*[a-z]+\s+)?"
    r"(?=(?:on\s+)?(?:the\s+)?(?:\d|(?:mon|tue|wed|thu|fri|"
    r"sat|sun|tmrw|tmr|tomorrow|tmw|next|this|w/c)[a-z]*\b"
    # "back in 2 wks for the quarterly check", "back end of the month"
    r"|in\s+(?:a|an|one|two|three|four|five|six|a\s+couple\s+of|\d+)\s+(?:days?|wks?|weeks?|"
    r"fortnight|months?)\b|end\s+of\b))",
    re.IGNORECASE,
)


# "she called back on Monday", "it came back Tues": a past return, not a plan.
_PAST_BEFORE_BACK = re.compile(
    r"\b(?:called|rang|phoned|wrote|got|came|was|were|is|are|went|heard|emailed|texted|messaged|"
    r"replied|get|gets|getting|write|writes|ring|call|phone|"
    # "they're pushing back on the 7% uplift", "cut back on the 20 units": no return of ours
    r"push(?:es|ed|ing)?|hold(?:s|ing)?|held|cut(?:s|ting)?|scal(?:e|es|ed|ing)|pa(?:y|ys|id|ying)|"
    r"fight(?:s|ing)?|fought|roll(?:s|ed|ing)?|send(?:s|ing)?|sent|bounc(?:e|es|ed|ing)|"
    r"kick(?:s|ed|ing)?|sett(?:ing)?|set|step(?:s|ped|ping)?|track(?:s|ed|ing)?|"
    r"money|refund(?:ed)?)\s+$",
    re.IGNORECASE,
)


RETURN_PHRASE = "revisit"


_CALLED_BACK_TO = re.compile(
    r"\b(?:call|ring|phone|get|got|give)\s+(?:(?:mr|mrs|ms|dr)\.?\s+)?[A-Za-z]+\s+$", re.IGNORECASE
)


def return_visits(text: str, hits: list[TriggerHit]) -> list[TriggerHit]:
    """The hits with a follow-up trigger added for each return visit said as "back <time>"."""
    found = []
    for m in _RETURN_VISIT.finditer(text):
        if _PAST_BEFORE_BACK.search(text, max(0, m.start() - 12), m.start()):
            continue
        if _CALLED_BACK_TO.search(text, max(0, m.start() - 30), m.start()):
            continue  # "ring oliver back tomorrow": a call back, found as one
        if any(h.start < m.end() and m.start() < h.end for h in hits if h.phrase != "on site"):
            continue
        found.append(TriggerHit("schedule_followup", m.start(), m.end(), RETURN_PHRASE))
    # "back on site Mon": the site is where the return goes, not a visit that happened
    kept = [h for h in hits if not any(f.start < h.end and h.start < f.end for f in found)]
    return sorted(kept + found, key=lambda hit: hit.start)


def known_faults_dropped(
    text: str, hits: list[TriggerHit], faults: list[TriggerHit], times: list[TimeMention]
) -> list[TriggerHit]:
    """The faults found by their shape follow the trigger phrases' rule: one still there during
    a logged visit or call ("visited Blue Harbour, scales still reading heavy") is news."""
    if (
        not latin_text(text)
        or not any(h.intent == "log_interaction" for h in hits)
        or ticket_or_repair_asked(text, times)
    ):
        return faults
    return [f for f in faults if not still_there(text, f)]


_STILL_IN = re.compile(r"\bstill\b", re.IGNORECASE)


def still_there(text: str, fault: TriggerHit) -> bool:
    """A fault said to be still there when the rep was told of it ("again" is a recurrence:
    a ticket, as the training lines have it)."""
    return bool(
        _STILL.search(text, 0, max(0, fault.start))
        # "just left contoso … the chamber is still drifting": seen on our visit ("X phoned,
        # the palletiser is still down" is their call about it: the ticket)
        or (_STILL_IN.search(fault.phrase) is not None and _visit_told(text))
    )


def _visit_told(text: str) -> bool:
    kind = slot_finders.find_interaction_type(text)
    return kind is not None and kind.value == "visit"


_STILL = re.compile(r"\bstill\s+$", re.IGNORECASE)


_RAISE_TICKET = scouted(
    r"\b(?:raise|open|log|create|file)\s+(?:a\s+|the\s+|new\s+)?(?:ticket|that|it|this)\b|\bticket\b",
    re.IGNORECASE,
)


# "parts on order", "need parts", "back Fri to fit": a repair set going by this visit, so the
# fault it is for is one to track, not news of a fault already known.
_REPAIR_UNDER_WAY = re.compile(
    r"\bparts?\s+(?:on\s+order|coming|ordered|needed|en\s+route)|\bneeds?\s+(?:new\s+)?parts\b|"
    r"\bspares\b|\bto\s+(?:fit|swap|replace|recalibrate|repair)\b",
    re.IGNORECASE,
)


# "can we send an engineer", "needs a technician out", "get someone down to look at it",
# "needs fixing asap": a repair asked for, which is a ticket asked for in other words.
_REPAIR_ASKED = re.compile(
    r"\b(?:an?\s+|the\s+|our\s+)?(?:engineers?|technicians?|techs?|field\s+service)\b"
    r"(?!\s+(?:said|says|told|reckons?|thinks?|came|visited|was|were|fixed|swapped|replaced))"
    r"|\b(?:someone|somebody)\s+(?:out|down|over|round|around|in|to\s+(?:look|fix|check|come))\b"
    r"|\bneeds?\s+(?:fixing|repairing|replacing|looking\s+at|a\s+repair|a\s+fix)\b"
    r"|\b(?:get|have)\s+(?:it|them|that|this)\s+(?:fixed|repaired|looked\s+at)\b",
    re.IGNORECASE,
)


def ticket_or_repair_asked(text: str, times: Sequence[TimeMention] = ()) -> bool:
    """A fault still there during a logged talk is news unless a ticket or a repair is asked for
    or a repair is under way (README's conventions). After a visit of ours, someone wanted out
    on a day ("just left northwind … they want someone out there thursday morning") is a
    follow-up of its own, not a repair asked for."""
    if _RAISE_TICKET.search(text) or _REPAIR_UNDER_WAY.search(text):
        return True
    visited = _visit_told(text)
    return any(
        not (visited and any(0 <= t.start_char - asked.end() <= 24 for t in times))
        for asked in _REPAIR_ASKED.finditer(text)
    )

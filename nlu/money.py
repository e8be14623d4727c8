"""Amounts of money in one chat line: 三万五, 3.5万, 两千块, ¥35,000, 35k, $2k, thirty five thousand
dollars, 八十万上下, 3块5, 两毛五, "under $10", 10到20万, "between 10 and 20 dollars".

Built on `nlu.numbers.scan_numbers`: each number is judged by what stands around it. A stated
currency (symbol, ISO code, word, 块/元/毛/分) makes an amount; without one, a number is money
only on a hint a rep's note gives: a 万/亿 or k/m/bn magnitude, or a money word next to it
(预算, 报价, budget, quote, "的单子", "a 5000 deal"). Quantities (200 seats, 三台), times (3pm,
下午三点), dates (12月5号), percentages, phones and ticket numbers are never money. Chinese text
defaults to CNY, other text to USD (a bare $ is USD); callers may pass their own default.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from nlu.numbers import HALF, ONE, Num, normalize, scan_numbers
from nlu.regex_scout import scouted
from nlu.types import MoneyMention

_TENTH: Final = Decimal("0.1")
_CENT: Final = Decimal("0.01")

# --- currencies -------------------------------------------------------------------------------

# (ISO 4217, pattern): the order matters where one alias begins another (HK$ before $).
_SYMBOLS: Final = (
    ("USD", r"US\$|USD\$"),
    ("HKD", r"HK\$"),
    ("TWD", r"NT\$"),
    ("AUD", r"AU?\$"),
    ("CAD", r"CA?\$"),
    ("SGD", r"SG?\$"),
    ("BRL", r"R\$"),
    ("JPY", r"JP¥|円"),
    ("CNY", r"CN¥|RMB¥|¥"),
    ("USD", r"\$"),
    ("EUR", r"€(?:ur)?"),
    ("GBP", r"£"),
    ("INR", r"₹"),
    ("KRW", r"₩"),
    ("RUB", r"₽"),
    ("UAH", r"₴"),
    ("ILS", r"₪"),
    ("MNT", r"₮"),
    ("THB", r"฿"),
)
_CODES: Final = (
    "USD EUR GBP CNY HKD JPY CAD CHF AUD SGD INR MYR UAH MNT KWD LBP EGP QAR SAR BGN ILS KRW "
    "TWD NZD AED RUB THB SEK NOK DKK PLN CZK HUF ZAR MXN BRL VND IDR MOP"
).split()
_CHINESE_CURRENCIES: Final = (
    ("CNY", "人民币|人民幣|软妹币"),
    ("USD", "美元|美金|美刀"),
    ("EUR", "欧元|歐元"),
    ("GBP", "英镑|英鎊|镑|鎊"),
    ("JPY", "日元|日圆|日圓|日币|日幣"),
    ("HKD", "港币|港幣|港元|港纸|港紙"),
    ("AUD", "澳元|澳币|澳幣"),
    ("CAD", "加元|加币|加幣"),
    ("SGD", "新加坡元|新加坡币|新币|新幣"),
    ("TWD", "新台币|新臺幣|台币|臺幣"),
    ("KRW", "韩元|韓元|韩币|韓幣"),
    ("RUB", "卢布|盧布"),
    ("CHF", "瑞士法郎|法郎"),
    ("INR", "卢比|盧比"),
    ("MOP", "澳门币|澳門幣|澳门元|澳門元"),
    ("THB", "泰铢|泰銖"),
    ("MYR", "林吉特|马币|馬幣"),
)
# Words after the amount; regexes, most specific first (those before it: _PREFIX_CURRENCY).
_WORDS: Final = (
    ("USD", r"u\.?s\.?\s*dollars?|american\s+dollars?"),
    ("CAD", r"canadian\s+dollars?"),
    ("AUD", r"australian\s+dollars?|aussie\s+dollars?"),
    ("HKD", r"(?:hong\s*kong|hk)\s+dollars?"),
    ("SGD", r"(?:singapore(?:an)?|sing)\s+dollars?"),
    ("NZD", r"new\s+zealand\s+dollars?"),
    ("TWD", r"(?:new\s+)?taiwan(?:ese)?\s+dollars?|nt\s+dollars?"),
    ("USD", r"dollars?|bucks?"),
    ("EUR", r"euros?"),
    ("LBP", r"lebanese\s+pounds?"),
    ("EGP", r"egyptian\s*pounds?|l\.e\.?|le|geneh|genihat\s+masriya"),
    ("GBP", r"pounds?(?:\s+sterling)?|quid|sterling"),
    ("CNY", r"yuan|renminbi|kuai|rmb"),
    ("JPY", r"yen"),
    ("INR", r"rupees?|rs\.?"),
    ("KWD", r"kuwaiti\s+dinars?"),
    ("QAR", r"qatari\s+riyals?"),
    ("SAR", r"saudi\s*riyals?|riyals?"),
    ("MYR", r"malaysian?\s+ringgits?|ringgits?|rm"),
    ("ILS", r"shekels?|sheqels?|shekalim"),
    ("MNT", r"tugriks?|tugrugs?"),
    ("UAH", r"hryvnias?|hryvnyas?"),
    ("CHF", r"swiss\s+francs?|francs?"),
    ("RUB", r"rubles?|roubles?"),
    ("BGN", r"leva|lev"),
    ("AED", r"dirhams?"),
    ("THB", r"baht"),
)


def _alternation(entries: list[tuple[str, str]]) -> str:
    return "|".join(f"(?P<{iso}_{index}>{pattern})" for index, (iso, pattern) in enumerate(entries))


def _latin(pattern: str) -> str:
    return rf"(?<![a-z])(?:{pattern})(?![a-z])"


_SUFFIX_ENTRIES: Final = [
    *((iso, _latin(p)) for iso, p in _WORDS),
    *_CHINESE_CURRENCIES,
    *((code, _latin(code)) for code in _CODES),
    ("CNY", _latin("rmb")),
    *_SYMBOLS,
]
_SUFFIX_CURRENCY_RE: Final = scouted(
    rf"[ \t]{{0,2}}(?:{_alternation(_SUFFIX_ENTRIES)})", re.IGNORECASE
)


def _iso(match: re.Match[str]) -> str:
    group = match.lastgroup or ""
    return group.split("_", 1)[0]


# --- phrases that end where a number begins ---------------------------------------------------


class _Tail:
    """Phrases that end right before a number, matched on the reversed text.

    A forward search would try every position of a window before each number; here the reversed
    phrases, folded into a trie so that one character picks the branch, are tried once, at the
    number's own position.
    """

    def __init__(self, kinds: dict[str, tuple[str, ...]], gap: str) -> None:
        self._kinds = {_key(phrase): kind for kind, group in kinds.items() for phrase in group}
        trie = _trie(_atoms(phrase) for group in kinds.values() for phrase in group)
        self._pattern = re.compile(f"(?:{gap})(?P<phrase>{trie})", re.IGNORECASE)

    def match(self, rev: str, start: int, floor: int) -> tuple[str, int] | None:
        """(kind, start of the phrase) for a phrase ending at `start`, not before `floor`."""
        size = len(rev)
        m = self._pattern.match(rev, size - start, size - floor)
        if m is None:
            return None
        return self._kinds[_key(m["phrase"][::-1])], size - m.end()


def _key(phrase: str) -> str:
    return " ".join(phrase.lower().split())


_Trie = dict[str, "_Trie"]


def _atoms(phrase: str) -> list[str]:
    """`phrase` backwards as pattern atoms; spaces stretch, Latin words keep their edges."""
    atoms = [r"\s+" if ch == " " else re.escape(ch.lower()) for ch in reversed(phrase)]
    if phrase[-1].isascii() and phrase[-1].isalpha():
        atoms.insert(0, r"(?<![a-z])")
    if phrase[0].isascii() and phrase[0].isalpha():
        atoms.append(r"(?![a-z])")
    return atoms


def _trie(phrases: Iterable[list[str]]) -> str:
    root: _Trie = {}
    for atoms in phrases:
        node = root
        for atom in atoms:
            node = node.setdefault(atom, {})
        node[""] = {}
    return _emit(root)


def _emit(node: _Trie) -> str:
    """The trie as a pattern; a phrase that can go on is tried longer first (greedy `?`)."""
    # Edges ("not a letter here") go last, so "no more than" is tried before "more than".
    ordered = sorted(node.items(), key=lambda item: (item[0].startswith("(?"), item[0]))
    branches = [atom + _emit(child) for atom, child in ordered if atom]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def _gap(fillers: tuple[str, ...]) -> str:
    """Filler words between a phrase and its number, reversed, any number of them."""
    return rf"(?:\s|[:：,，=~]|{_trie(_atoms(f) for f in fillers)})*"


def _forms(*words: str) -> tuple[str, ...]:
    """Spelled-out variants: "budget(ed|s)" gives budget, budgeted, budgets."""
    out: list[str] = []
    for word in words:
        stem, _, endings = word.partition("(")
        out.append(stem)
        out.extend(stem + ending for ending in endings.rstrip(")").split("|") if endings)
    return tuple(out)


# Currencies that may stand before the number: RM 42, Rs. 20, US$3, 港幣3.14, USD3.14.
_PREFIX_CURRENCY: Final = _Tail(
    {
        "USD": ("US$", "USD$", "$", "USD", "US dollar", "US dollars", "美元", "美金", "美刀"),
        "HKD": ("HK$", "HKD", "港币", "港幣", "港元", "港纸", "港紙"),
        "TWD": ("NT$", "TWD", "新台币", "新臺幣", "台币", "臺幣"),
        "AUD": ("A$", "AU$", "AUD", "澳元", "澳币", "澳幣"),
        "CAD": ("C$", "CA$", "CAD", "加元", "加币", "加幣"),
        "SGD": ("S$", "SG$", "SGD", "新加坡元", "新币", "新幣"),
        "BRL": ("R$", "BRL"),
        "JPY": ("JP¥", "JPY", "日元", "日币", "日幣"),
        "CNY": ("CN¥", "RMB¥", "¥", "CNY", "RMB", "人民币", "人民幣"),
        "EUR": ("€", "EUR", "欧元", "歐元"),
        "GBP": ("£", "GBP", "英镑", "英鎊"),
        "INR": ("₹", "INR", "Rs", "Rs."),
        "KRW": ("₩", "KRW", "韩元", "韓元"),
        "RUB": ("₽", "RUB"),
        "UAH": ("₴", "UAH"),
        "ILS": ("₪", "ILS"),
        "MNT": ("₮", "MNT"),
        "THB": ("฿", "THB"),
        "MYR": (
            "MYR",
            "RM",
            "ringgit",
            "ringgits",
            "malaysia ringgit",
            "malaysia ringgits",
            "malaysian ringgit",
            "malaysian ringgits",
        ),
        **{
            code: (code,)
            for code in _CODES
            if code
            not in {
                "USD",
                "HKD",
                "TWD",
                "AUD",
                "CAD",
                "SGD",
                "BRL",
                "JPY",
                "CNY",
                "EUR",
                "GBP",
                "INR",
                "KRW",
                "RUB",
                "UAH",
                "ILS",
                "MNT",
                "THB",
                "MYR",
            }
        },
    },
    gap=r"[ \t]{0,2}",
)
# Minor units: "43 cents", 10¢, "1 pence", "43 sen".
_CENT_WORD_RE: Final = re.compile(
    r"[ \t]{0,2}(?:(?P<USD>cents?|¢|pennies|penny|c(?![a-z]))|(?P<GBP>pence)|(?P<MYR>sens?)"
    r"|(?P<UAH>kopiykas?|kopecks?|kopeks?)|(?P<INR>paise))(?![a-z])",
    re.IGNORECASE,
)


# --- Chinese units: 块/元, 毛/角, 分 ----------------------------------------------------------

_YUAN_RE: Final = re.compile(r"[ \t]?(?:(?P<kuai>块钱|塊錢|块|塊)|元钱|元錢|元|圆|圓|蚊)")
_JIAO_RE: Final = re.compile(r"[ \t]?(?:毛钱|毛錢|角钱|角錢|毛|角|毫)")
_FEN_RE: Final = re.compile(r"[ \t]?(?:分钱|分錢|分|仙)")
_GE_RE: Final = re.compile(r"[个個]")
# 两块电池 and 三块屏幕 count pieces: 块 before one of these nouns is a classifier.
_KUAI_NOUN: Final = frozenset(
    "电電屏板砖磚石玻钢鋼铁鐵铜銅芯硬显顯面主内內布肉蛋糕表田地土木瓷墙牆卡盘盤片料材牌区區"
    "镜鏡饼餅糖皂胶膠垫墊模标標头頭儿兒冰金银銀玉碑瓦"
)
_NOT_YUAN_AFTER: Final = frozenset("旦素宵月老首帅帥件器气氣")
_NOT_JIAO_AFTER: Final = frozenset("形洲区區度色落钢鋼铁鐵尺码碼架柱锥錐函楼樓逐力膜")
_NOT_MAO_AFTER: Final = frozenset("巾衣利重病笔筆料绒絨坯线線发髮躁毯皮孩")
_FEN_OK_AFTER: Final = frozenset("钱錢的左右以起吧啊呢了")
_NOT_FEN_BEFORE: Final = frozenset("点點时時:：差")
_SCORE_BEFORE_RE: Final = re.compile(
    r"(?:评分|評分|打分|得分|分数|分數|满分|滿分|考了|打了|评了|評了|得了|拿了|给了|給了)\s?\Z"
)

# --- hints that a bare number is money, and signs that it is not ----------------------------

_CUE_FILLERS: Final = (
    *"是为為约約在有给給了的就到要共才只嗯呃",
    *(
        "大约 大約 大概 差不多 也就 估计 估計 预计 預計 控制在 定在 能到 达到 達到 一共 总共 總共 "
        "总计 總計 合计 合計 只有 还是 還是 大致 给到 給到 那个 那個 就是 应该 應該 可能"
    ).split(),
    *(
        "is was of at about around roughly approximately approx will be would be be are were "
        "came in at comes to came to set at like um uh er just only for a total of"
    ).split(" "),
)
# A money word before a bare number: 预算三万五, 报价两千, "budget is around 35000".
_CUE_BEFORE: Final = _Tail(
    {
        "cue": (
            *(
                "预算 預算 报价 報價 报了 報了 金额 "
                "金額 合同额 合同額 合同金额 合同金額 合同价 合同價 "
                "合同 总价 總價 总额 總額 总金额 總金額 价格 合计 合計 总计 總計 共计 共計 "
                "價格 价钱 價錢 价位 價位 单价 單價 费用 "
                "費用 成交价 成交價 成交额 成交額 成交 标的 標的 "
                "首付 尾款 回款 付款 货款 貨款 预付 "
                "预付款 預付 預付款 定金 订金 訂金 押金 开价 "
                "開價 出价 出價 要价 要價 签了 簽了 签约 "
                "簽約 营收 營收 销售额 銷售額 客单价 客單價 年费 年費 月费 月費 服务费 服務費 单子 "
                "單子 订单金额 訂單金額 投资 投資 花了 花费 花費 "
                "欠款 欠了 打款 汇款 匯款 报销 報銷 "
                "佣金 提成 额度 額度 贷款 貸款 "
                "每个 每個 每台 每臺 每套 每件 每张 每張 每人 每位 每年 每月 单个 單個"
            ).split(),
            *_forms(
                "budget(ed|s)",
                "quote(s|d)",
                "quoting",
                "price(s|d)",
                "pricing",
                "deal",
                "deal size",
                "deal value",
                "worth",
                "valued",
                "valuation",
                "contract",
                "contract value",
                "cost(s|ing)",
                "fee(s)",
                "invoice(s|d)",
                "payment(s)",
                "paid",
                "pay(ing)",
                "spend(ing)",
                "spent",
                "revenue",
                "offer(ed)",
                "bid",
                "arr",
                "mrr",
                "acv",
                "tcv",
                "order value",
                "ticket size",
                "amount",
                "deposit",
                "down payment",
                "signed",
                "signed for",
                "signed off",
                "total",
                "in total",
                "totalling",
                "approved",
                "renewal",
            ),
        )
    },
    gap=_gap(_CUE_FILLERS),
)
_CUE_AFTER_RE: Final = re.compile(
    r"\s?的\s?(?:单子|單子|合同|订单|訂單|项目|項目|生意|大单|大單|报价|報價|预算|預算|采购|採購|方案|费用|費用)"
    r"|\s+(?:dollar\s+|usd\s+)?(?:deal|contract|order|quote|budget|po|purchase\s+order|sale|"
    r"opportunity|opp|invoice|payment|price\s+tag)(?![a-z])",
    re.IGNORECASE,
)
_QUANTITY_AFTER_RE: Final = re.compile(
    r"\s*(?:%|‰|成(?![交约約])|[点點时時号號日月年岁歲倍度折楼樓层層期届屆级級代版位名人个個台臺套件次家张張份条條"
    r"支只隻辆輛部本盒箱瓶袋包批项項笔筆户戶间間栋棟座所回趟遍场場枚颗顆粒根片组組节節门門篇页頁"
    r"行字米吨噸斤克升瓦平亩畝天秒股手票例步单單轮輪]|分钟|分鐘|小时|小時|公里|公斤|千克"
    # "三款产品" counts models; "一百二十六万 款已经到账了" is the sum, then the payment
    r"|(?<=\S)款(?![已到还還都也项項打付收])"
    # weeks, but not a weekday said next: "八十来万周五我再过去" is an amount, then Friday
    r"|(?:[周週]|星期)(?![一二三四五六日天末])"
    r"|用户|用戶|客户|客戶|会员|會員|员工|員工|学生|學生|患者|病人|粉丝|粉絲|观众|觀眾|访客|訪客"
    r"|下载|下載|播放|浏览|瀏覽|点击|點擊|订阅|訂閱|读者|讀者|网友|網友|居民|职工|職工|工人|人口"
    r"|厘米|毫米|公分|英里|英尺|立方|毫升"
    r"|(?<![a-z])(?:percent|per\s?cent|pct|am|pm|a\.m\.?|p\.m\.?|o'?clock|h|hrs?|hours?|mins?|"
    r"minutes?|secs?|seconds?|days?|weeks?|wks?|months?|mos?|years?|yrs?|seats?|units?|users?|"
    r"people|persons?|pax|heads?|headcount|licen[cs]es?|pcs|pieces?|items?|box(?:es)?|employees?|"
    r"staff|customers?|clients?|accounts?|orders?|devices?|machines?|servers?|nodes?|sites?|"
    r"stores?|locations?|beds?|rooms?|sq|sqm|square|m2|km|kg|lbs?|tons?|tonnes?|miles?|meters?|"
    r"metres?|feet|ft|gb|tb|mb|kw|kwh|mw|times|copies|calls?|visits?|emails?|messages?|"
    r"tickets?|cases?|points?|pts|votes?|stars?|x|st|nd|rd|th|downloads?|views?|followers?|"
    r"subscribers?|visitors?|members?|students?|patients?|records?|rows?|lines?|words?|pages?|"
    r"steps?|degrees?)(?![a-z])"
    r"|[:/.]\d|-\d)",
    re.IGNORECASE,
)
_PLURAL_AFTER_RE: Final = re.compile(r"[ \t]+([a-z]{4,})", re.IGNORECASE)
_MORE_AFTER_RE: Final = re.compile(r"[ \t]+(?:more|extra|additional|spare)(?=[ \t])", re.IGNORECASE)
# A brand and model may name it: "20 Zebra ZT410 label printers", "thirty b braun pumps".
_NAMED_PLURAL_AFTER_RE: Final = re.compile(
    r"(?P<words>(?:[ \t]+[a-z][a-z0-9-]{0,15}){1,3}?)[ \t]+(?P<head>[a-z][a-z-]{2,}s)(?![a-z])",
    re.IGNORECASE,
)
# Words that end a counted noun's name: "50 k for the pumps" is money, "50 smart pumps" is not.
_NOT_NAMING: Final = frozenset(
    "k m bn grand thousand million billion hundred for of to and or the a an in on at by with "
    "from per each is are was were be total all in total upfront quid bucks pounds dollars "
    "euros yuan rmb sgd usd gbp eur hkd myr cny more plus".split()
)
_NOT_PLURAL: Final = frozenset(
    "this thus plus less unless was has its yes always perhaps across towards besides sometimes "
    "does goes says gets makes takes needs wants thanks".split()
)
# Before a number, a sign it names something: 第3, #3, ticket 3, 编号3, 工单2001.
_ID_BEFORE: Final = _Tail(
    {
        "id": (
            *"第#№",
            *(
                "no no. ticket tel phone room ext version v "
                "编号 編號 工单 工單 单号 單號 电话 電話 "
                "手机 手機 尾号 尾號 房间 房間"
            ).split(),
        )
    },
    gap=r"[ \t]?",
)
_YEAR_RE: Final = re.compile(r"(?:19[5-9]|20[0-9])\d")  # "the 2026 budget", "budget 2026"
_PHONE_RE: Final = re.compile(r"1[3-9]\d{9}|0\d{2,3}\d{7,8}")

# --- ranges and bounds ------------------------------------------------------------------------

# Words before an amount that bound it: 最多, 至少, under, at least, about, between.
_PREFIX_MOD: Final = _Tail(
    {
        "between": ("between", "介于", "介於"),
        "from": ("from", "从", "從"),
        "max": (
            *(
                "no more than|not more than|no higher than|less than|lower than|cheaper than|"
                "under|below|at most|up to|max|maximum|within|capped at"
            ).split("|"),
            *(
                "不超过 不超過 不到 不足 最多 至多 顶多 頂多 "
                "低于 低於 少于 少於 小于 小於 最高 上限 "
                "不高于 不高於"
            ).split(),
        ),
        "min": (
            *(
                "no less than|not less than|more than|higher than|greater than|over|above|"
                "at least|min|minimum|starting at|starting from|upwards of|north of"
            ).split("|"),
            *(
                "至少 最少 起码 起碼 不低于 不低於 不少于 不少於 "
                "超过 超過 高于 高於 多于 多於 大于 "
                "大於 最低"
            ).split(),
        ),
        "approx": (
            *(
                "about|around|approximately|approx|approx.|roughly|circa|nearly|almost|close to|"
                "some|~"
            ).split("|"),
            *"大概 大约 大約 约 約 差不多 将近 將近 接近 估计 估計 预计 預計".split(),
        ),
    },
    gap=r"(?:\s|是|为|為|能|以可|到给|到給|到|个|個)*",
)
_SUFFIX_MOD_RE: Final = re.compile(
    r"\s*(?:(?P<approx>左右|上下|前后|前後|出头|出頭|(?<![a-z])(?:or\s+so|give\s+or\s+take|"
    r"approx(?:imately)?|roughly)(?![a-z])|-?ish(?![a-z]))"
    r"|(?P<max>以下|以内|以內|之内|之內|封顶|封頂|内(?!部)|(?<![a-z])(?:(?:or|and)\s+(?:less|under|"
    r"below)|max(?:imum)?|tops|at\s+(?:the\s+)?most)(?![a-z]))"
    r"|(?P<min>以上|起步|起(?![来來草])|打底|往上|朝上|(?<![a-z])(?:(?:or|and)\s+(?:more|above|up|"
    r"over)|plus(?!\s+[a-z])|at\s+least|minimum|upwards)(?![a-z])|\+)"
    r"|(?P<between>之间|之間))",
    re.IGNORECASE,
)
_CONNECTOR_RE: Final = re.compile(
    r"\s*(?:(?P<and>(?<![a-z])and(?![a-z]))|到|至|-|~|—|–|(?<![a-z])to(?![a-z]))\s*",
    re.IGNORECASE,
)
_AND_RE: Final = re.compile(r"(?:[ \t]+and)?[ \t]+|(?=\d)", re.IGNORECASE)
_GRAND_RE: Final = re.compile(r"\s*grand(?![a-z])", re.IGNORECASE)
_END_RE: Final = re.compile(r"[\s.,;!?。，；！？)）]*\Z")

# Amounts without a number: "a dollar", 個半 (1.5 in Cantonese), 個九 (1.9).
_A_UNIT_RE: Final = re.compile(
    r"(?<![a-z])an?(?=\s+(?:dollar|buck|euro|pound|quid|rupee|yen|yuan|ringgit|shekel)s?(?![a-z]))",
    re.IGNORECASE,
)
_BARE_GE_RE: Final = scouted(
    "(?<![0-9零〇一二两兩三四五六七八九十百千万萬])[个個](半|[一二三四五六七八九])(?![\u3400-\u9fff])"
)
_HAN_RE: Final = re.compile(r"[\u3400-\u9fff]")


@dataclass(slots=True)
class _Amount:
    """One number read as an amount, before bounds and ranges are looked at."""

    start: int  # a currency before the number included
    end: int
    value: Decimal
    num: Num
    next_index: int  # the first number not consumed
    currency: str | None = None  # as stated
    chinese: bool = False  # written with Chinese units: CNY unless stated otherwise
    hint: bool = False  # a reason to read a bare number as money
    # Without a currency, not money: a quantity, time, date or phone (what follows the number);
    # a ticket, an ordinal, the second half of a date (what precedes it).
    excluded_after: bool = False
    excluded_before: bool = False


class _Reader:
    """One call's state: the text and its numbers."""

    def __init__(self, text: str, lang: str, default_currency: str | None) -> None:
        self.text = text
        self.lang = lang
        self.default_currency = default_currency
        self.rev = text[::-1]  # for the phrases that end where a number begins
        self.nums = _with_bare_units(text, scan_numbers(text, lang))

    # -- one amount --

    def amount(self, index: int, floor: int) -> _Amount | None:
        """nums[index] with its currency and units, or None when it cannot be an amount."""
        text = self.text
        num = self.nums[index]
        start, end, value = num.start, num.end, num.value
        amount = _Amount(start, end, value, num, index + 1, chinese=num.script == "zh")
        prefix = _PREFIX_CURRENCY.match(self.rev, start, floor)
        if prefix is not None:
            amount.currency, amount.start = prefix
        elif num.glued_left:
            return None  # T2001, A4
        if num.form == "ge_ban" and not _ends_phrase(text, end):
            return None  # 一个半小时 is time
        if num.form in ("slash", "fraction"):
            return amount if amount.currency else None
        if not self._units(amount):
            suffix = _SUFFIX_CURRENCY_RE.match(text, end)
            if suffix is not None:
                amount.currency, amount.end = _iso(suffix), suffix.end()
            elif cents := _CENT_WORD_RE.match(text, end):
                amount.value = value * _CENT
                amount.currency = amount.currency or _cents_currency(cents)
                amount.end = cents.end()
                return amount
            elif grand := _GRAND_RE.match(text, end):
                amount.value, amount.end, amount.hint = value * 1000, grand.end(), True
                return amount
            if amount.currency is not None:
                self._cents(amount)
        if amount.currency is None:
            self._judge_bare(amount, floor)
        return amount

    def _units(self, amount: _Amount) -> bool:
        """块/元 with 毛/角 and 分 after them: 3块5, 两毛五, 五元七毛八分, 港幣三個一毫四."""
        if amount.num.form not in ("plain", "approx"):
            return False
        first = self._first_unit(amount)
        if first is None:
            return False
        level, total, pos = first
        index = amount.next_index
        if amount.num.upper is None:
            total, pos, index = self._minor_units(level, total, pos, index)
        amount.value, amount.end, amount.next_index = total, pos, index
        amount.chinese = True
        stated = _SUFFIX_CURRENCY_RE.match(self.text, pos)
        if stated is not None and _HAN_RE.match(stated.group().strip()[:1]):
            amount.currency, amount.end = _iso(stated), stated.end()  # 五千块港币
        amount.currency = amount.currency or "CNY"
        return True

    def _first_unit(self, amount: _Amount) -> tuple[Decimal, Decimal, int] | None:
        """The unit right after the number: (its level, the value so far, where it ends)."""
        text, num, total = self.text, amount.num, amount.value
        yuan = _YUAN_RE.match(text, amount.end)
        if yuan is None and amount.currency is not None and num.script == "zh":
            yuan = _GE_RE.match(text, amount.end)  # 港幣三個一毫四: 個 is a dollar in Cantonese
        if yuan is not None:
            after = text[yuan.end() : yuan.end() + 1]
            classifier = bool(yuan.groupdict().get("kuai")) and after in _KUAI_NOUN  # 两块电池
            other_word = yuan.group().strip() in ("元", "圆") and after in _NOT_YUAN_AFTER  # 元旦
            return None if classifier or other_word else (ONE, total, yuan.end())
        if jiao := _JIAO_RE.match(text, amount.end):
            after = text[jiao.end() : jiao.end() + 1]
            bad = _NOT_MAO_AFTER if jiao.group().strip()[0] == "毛" else _NOT_JIAO_AFTER
            if after in bad or not _small_integer(num.value, 99):
                return None
            return _TENTH, total * _TENTH, jiao.end()
        fen = _FEN_RE.match(text, amount.end)
        if fen is None or not self._fen_alone(amount, fen.end(), fen.group()[-1] in "钱錢"):
            return None
        return _CENT, total * _CENT, fen.end()

    def _minor_units(
        self, level: Decimal, total: Decimal, pos: int, index: int
    ) -> tuple[Decimal, int, int]:
        """What follows a unit: 二角, 四分, or one spoken digit (3块5, 两毛五, 三块零四)."""
        text = self.text
        while index < len(self.nums) and level > _CENT:
            part = self.nums[index]
            if part.start != pos or part.form != "plain" or not _small_integer(part.value, 9):
                break
            numeral = text[part.start : part.end]
            jiao = _JIAO_RE.match(text, part.end)
            fen = _FEN_RE.match(text, part.end)
            if jiao is not None and level > _TENTH:
                total, level, pos = total + part.value * _TENTH, _TENTH, jiao.end()
            elif fen is not None:
                total, level, pos = total + part.value * _CENT, _CENT, fen.end()
            elif len(numeral) == 1 or (len(numeral) == 2 and numeral[0] in "零〇0"):
                if _QUANTITY_AFTER_RE.match(text, part.end):
                    break  # 三块五个
                zero = numeral[0] in "零〇0" and level == ONE
                step = _TENTH if level == ONE and not zero else _CENT
                total, level, pos = total + part.value * step, Decimal(0), part.end
            else:
                break
            index += 1
        return total, pos, index

    def _fen_alone(self, amount: _Amount, after_unit: int, qian: bool) -> bool:
        """五分 is five cents, but 三点五分 is a time, 打了五分 a score, 五分钟 five minutes."""
        text, start = self.text, amount.num.start
        if not _small_integer(amount.value, 99):
            return False
        if start and text[start - 1] in _NOT_FEN_BEFORE:
            return False
        if _SCORE_BEFORE_RE.search(text, max(0, start - 4), start):
            return False
        after = text[after_unit : after_unit + 1]
        return qian or not (after and _HAN_RE.match(after) and after not in _FEN_OK_AFTER)

    def _cents(self, amount: _Amount) -> None:
        """$20 and 43c, 20 dollars 43 cents, US$3 and fourteen: cents after a stated amount."""
        if (
            amount.num.scale != ONE
            or amount.num.upper is not None
            or not _small_integer(amount.value, 10**12)
        ):
            return
        index = amount.next_index
        if index >= len(self.nums):
            return
        part = self.nums[index]
        gap = _AND_RE.match(self.text, amount.end)
        if gap is None or gap.end() != part.start or not _small_integer(part.value, 99):
            return
        word = _CENT_WORD_RE.match(self.text, part.end)
        if word is not None:
            end = word.end()
        elif _END_RE.match(self.text, part.end):
            end = part.end  # "$20 43" only at the end of the line: 20 43 seats is not
        else:
            return
        amount.value += part.value * _CENT
        amount.end, amount.next_index = end, index + 1

    def _judge_bare(self, amount: _Amount, floor: int) -> None:
        """Hints and exclusions for a number with no currency stated."""
        text, num = self.text, amount.num
        start, end = num.start, num.end
        token = text[start:end]
        amount.excluded_after = bool(
            _QUANTITY_AFTER_RE.match(text, end)
            or (token.isdigit() and _PHONE_RE.fullmatch(token))
            or (num.script != "zh" and _plural_after(text, end))
        )
        # "no. 35" names a thing; a spoken "no thirty five k" takes a figure back
        amount.excluded_before = _id_like(text, start) or (
            num.script != "words" and bool(_ID_BEFORE.match(self.rev, start, 0))
        )
        cue = bool(_CUE_BEFORE.match(self.rev, start, floor) or _CUE_AFTER_RE.match(text, end))
        year = num.script == "digits" and _YEAR_RE.fullmatch(token) is not None
        amount.hint = bool(num.magnitude or num.form == "ge_ban" or (cue and not year))
        if _HAN_RE.search(token) or token[-1:] in ("w", "W"):
            amount.chinese = True

    # -- a whole mention --

    def mention_at(self, index: int, floor: int) -> tuple[MoneyMention, int] | None:
        """The mention that starts with nums[index], and the index of the next number left."""
        left = self.amount(index, floor)
        if left is None:
            return None
        ranged = self._range(left, floor)
        if ranged is not None:
            return ranged
        if left.currency is None and (not left.hint or left.excluded_after or left.excluded_before):
            return None
        return self._bounded(left, floor), left.next_index

    def _range(self, left: _Amount, floor: int) -> tuple[MoneyMention, int] | None:
        """10到20万, 5.6到5.78元, $10-$20, between 10 and 20 dollars, from 10 to 20 dollars."""
        text = self.text
        connector = _CONNECTOR_RE.match(text, left.end)
        if connector is None or left.next_index >= len(self.nums) or left.num.upper is not None:
            return None
        right = self.amount(left.next_index, connector.end())
        if right is None or right.start != connector.end() or right.num.upper is not None:
            return None
        prefix = _PREFIX_MOD.match(self.rev, left.start, floor)
        introduced = prefix is not None and prefix[0] in ("between", "from")
        stated = left.currency or right.currency
        refused = (
            (connector["and"] and not introduced)  # "10 and 20 dollars" alone is two things
            or (left.currency and right.currency and left.currency != right.currency)
            or (stated is None and (right.excluded_after or not (left.hint or right.hint)))
            or left.excluded_before
            # "phase 2 — £410k": a bare number, a spaced dash, then a priced amount
            or (
                left.currency is None
                and not left.hint
                and connector.group().strip() in ("-", "—", "–")
                and connector.group() != connector.group().strip()
                and right.num.start > right.start  # the right one opens with its currency
            )
        )
        low, high = left.value, right.value
        spread = right.num.scale
        bare_left = left.end == left.num.end and left.num.scale == ONE
        if bare_left and spread > ONE and low * spread <= high:
            low *= spread  # 10到20万 is 10万到20万
        if refused or low >= high:
            return None
        currency = stated or self._default(left.chinese or right.chinese)
        start, end = left.start, right.end
        approximate = False
        if prefix is not None and prefix[0] not in ("max", "min"):
            start, approximate = prefix[1], prefix[0] == "approx"
        suffix = _SUFFIX_MOD_RE.match(text, end)
        if suffix is not None and (suffix["approx"] or suffix["between"]):
            end, approximate = suffix.end(), approximate or bool(suffix["approx"])
        mention = MoneyMention(
            start,
            end,
            text[start:end],
            currency,
            minimum=low,
            maximum=high,
            approximate=approximate,
        )
        return mention, right.next_index

    def _bounded(self, amount: _Amount, floor: int) -> MoneyMention:
        """The amount with what bounds it: 最多, 以上, under, at least, 左右, about."""
        text = self.text
        start, end = amount.start, amount.end
        currency = amount.currency or self._default(amount.chinese)
        value: Decimal | None = amount.value
        low: Decimal | None = None
        high: Decimal | None = None
        approximate = False
        if amount.num.upper is not None:
            value, low, high, approximate = None, amount.value, amount.num.upper, True
        approximate = approximate or amount.num.rough
        prefix = _PREFIX_MOD.match(self.rev, start, floor)
        if prefix is not None and prefix[0] not in ("between", "from"):
            start = prefix[1]
            if prefix[0] == "approx":
                approximate = True
            elif value is not None:
                value, low, high = _bound(amount.value, maximum=prefix[0] == "max")
        suffix = _SUFFIX_MOD_RE.match(text, end)
        if suffix is not None and not suffix["between"]:
            end = suffix.end()
            if suffix["approx"]:
                approximate = True
            elif value is not None:
                value, low, high = _bound(amount.value, maximum=bool(suffix["max"]))
        return MoneyMention(
            start,
            end,
            text[start:end],
            currency,
            value=value,
            minimum=low,
            maximum=high,
            approximate=approximate,
        )

    def _default(self, chinese: bool) -> str:
        if self.default_currency:
            return self.default_currency
        return "CNY" if chinese or self.lang == "zh" else "USD"


def _bound(value: Decimal, *, maximum: bool) -> tuple[None, Decimal | None, Decimal | None]:
    return (None, None, value) if maximum else (None, value, None)


def _id_like(text: str, start: int) -> bool:
    """T-2001 and the second half of 2026-12-05, 3:30, 12/5."""
    if start < 2 or text[start - 1] not in ":/.-":
        return False
    before = text[start - 2]
    return before.isdigit() or (text[start - 1] == "-" and before.isascii() and before.isalpha())


def _small_integer(value: Decimal, limit: int) -> bool:
    return 0 <= value <= limit and value == value.to_integral_value()


def _ends_phrase(text: str, end: int) -> bool:
    after = text[end : end + 1]
    return not after or not (_HAN_RE.match(after) or after.isalnum())


def _plural_after(text: str, end: int) -> bool:
    """35k users, 2m downloads, "20 label printers": a counted plural noun after the number,
    alone or with up to two words naming it."""
    more = _MORE_AFTER_RE.match(text, end)
    if more is not None:
        return _plural_after(text, more.end())  # "approved 50 more nursing seats": counted
    m = _PLURAL_AFTER_RE.match(text, end)
    if m is not None and m.group(1).lower().endswith("s") and m.group(1).lower() not in _NOT_PLURAL:
        return True
    named = _NAMED_PLURAL_AFTER_RE.match(text, end)
    if named is None or named.group("head").lower() in _NOT_PLURAL:
        return False
    return not any(w.lower() in _NOT_NAMING for w in named.group("words").split())


def _cents_currency(match: re.Match[str]) -> str:
    return match.lastgroup or "USD"


def _with_bare_units(text: str, scanned: Sequence[Num]) -> list[Num]:
    """Adds the amounts written without a number: "a dollar", 個半, 個九."""
    extra = [Num(m.start(), m.end(), ONE, "words") for m in _A_UNIT_RE.finditer(text)]
    for m in _BARE_GE_RE.finditer(text):
        digit = m.group(1)
        value = ONE + (
            HALF if digit == "半" else Decimal("0." + str("一二三四五六七八九".index(digit) + 1))
        )
        extra.append(Num(m.start(), m.end(), value, "zh", form="ge_ban"))
    nums = list(scanned)
    for bare in extra:
        inside = [n for n in nums if bare.start <= n.start and n.end <= bare.end]
        crossing = [n for n in nums if n.start < bare.end and bare.start < n.end]
        if len(inside) == len(crossing):  # 個九 takes the 九 in it; 一個半 is a number already
            nums = [n for n in nums if n not in inside] + [bare]
    return sorted(nums, key=lambda n: n.start)


def find_money(text: str, lang: str, *, default_currency: str | None = None) -> list[MoneyMention]:
    """Every amount in `text`, non-overlapping, left to right, with offsets into it."""
    norm = normalize(text)
    reader = _Reader(norm, lang, default_currency)
    found: list[MoneyMention] = []
    floor = 0
    index = 0
    while index < len(reader.nums):
        result = reader.mention_at(index, floor)
        if result is None:
            index += 1
            continue
        mention, index = result
        # Offsets are the same in `norm` and `text`; the mention quotes the original.
        found.append(_requote(mention, text))
        floor = mention.end
    return found


def _requote(mention: MoneyMention, text: str) -> MoneyMention:
    return MoneyMention(
        mention.start,
        mention.end,
        text[mention.start : mention.end],
        mention.currency,
        value=mention.value,
        minimum=mention.minimum,
        maximum=mention.maximum,
        approximate=mention.approximate,
    )


# The currency of a time zone's country, for amounts said without one (English speakers abroad).
_ZONE_CURRENCIES = {
    "Asia/Shanghai": "CNY", "Asia/Chongqing": "CNY", "Asia/Urumqi": "CNY", "Asia/Hong_Kong": "HKD",
    "Asia/Macau": "MOP", "Asia/Taipei": "TWD", "Asia/Singapore": "SGD", "Asia/Kuala_Lumpur": "MYR",
    "Asia/Tokyo": "JPY", "Asia/Seoul": "KRW", "Asia/Bangkok": "THB", "Asia/Jakarta": "IDR",
    "Asia/Manila": "PHP", "Asia/Kolkata": "INR", "Asia/Dubai": "AED", "Europe/London": "GBP",
    "Europe/Dublin": "EUR", "Europe/Zurich": "CHF", "Europe/Stockholm": "SEK",
    "Europe/Oslo": "NOK", "Europe/Copenhagen": "DKK", "Europe/Warsaw": "PLN",
    "Australia/Sydney": "AUD", "Australia/Melbourne": "AUD", "Pacific/Auckland": "NZD",
    "America/Toronto": "CAD", "America/Vancouver": "CAD",
}  # fmt: skip
_REGION_CURRENCIES = {"Europe": "EUR", "America": "USD", "Australia": "AUD"}


def local_currency(zone: str | None) -> str | None:
    """The currency people in `zone` mean when they say none; None when unknown."""
    if not zone:
        return None
    return _ZONE_CURRENCIES.get(zone) or _REGION_CURRENCIES.get(zone.split("/", 1)[0])

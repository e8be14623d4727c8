"""Finding customers named in a message, against a directory of 100,000+ names, in sub-linear time.

Every name and alias yields "forms" (the name itself, the name without its legal suffix, without a
leading place name, without industry words; a three-character core's first two characters). Forms
are indexed exactly, by sound (toneless pinyin with zh/z, ch/c, sh/s, n/l and -ng/-n folded, and
short forms under each character's second reading too: homophones and near-homophones from speech
recognition, pinyin typed by English speakers), as acronyms (capitalised aliases, the initials of
long names), and by character bigrams and Latin trigrams for typos. A message looks up its own
windows and keys, and only forms sharing enough rare keys are scored with rapidfuzz. A name right
after another city's name is another company, and stays unknown.
"""

from __future__ import annotations

import gc
import re
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from nlu.regex_scout import scouted
from nlu.text import fold, fold_text, readings, sound, sounds, syllable, toned_readings

LEGAL_SUFFIXES = (
    "集团股份有限公司",
    "股份有限公司",
    "有限责任公司",
    "集团有限公司",
    "有限公司",
    "分公司",
    "集团",
    "公司",
)
LATIN_SUFFIXES = frozenset(
    "inc incorporated ltd limited llc llp corp corporation co company gmbh ag plc sa pty pte group "
    "holdings".split()
)
# Leading place names that reps drop when they speak ("厦门蓝湾医疗" -> "蓝湾医疗").
PLACE_PREFIXES = tuple(
    sorted(
        """
        北京 上海 天津 重庆 广州 深圳 杭州 南京 苏州 无锡 宁波 厦门 福州 泉州 武汉 长沙 成都
        西安 郑州 济南 青岛 合肥 南昌 昆明 贵阳 南宁 海口 沈阳
        大连 长春 哈尔滨 石家庄 太原 呼和浩特 兰州 银川 西宁 乌鲁木齐 拉萨 东莞 佛山 珠海 中山
        温州 绍兴 嘉兴 常州 徐州 烟台 潍坊 香港 澳门 台湾 台北
        广东 浙江 江苏 福建 山东 河南 河北 湖北 湖南 四川 云南 贵州 广西 海南 辽宁 吉林 黑龙江
        山西 陕西 甘肃 青海 宁夏 新疆 西藏 内蒙古 安徽 江西
        昆山 江阴 张家港 常熟 义乌 慈溪 余姚 晋江 南通 扬州 镇江 泰州 盐城 淮安 连云港 宿迁
        湖州 台州 舟山 衢州 丽水 芜湖 蚌埠 安庆 马鞍山 滁州 阜阳 漳州 莆田 龙岩 南平 宁德
        九江 赣州 上饶 景德镇 淄博 临沂 济宁 威海 日照 德州 聊城 菏泽 枣庄 东营 洛阳 开封
        新乡 南阳 许昌 宜昌 襄阳 十堰 荆州 黄石 株洲 湘潭 衡阳 岳阳 汕头 江门 湛江 茂名
        惠州 肇庆 清远 揭阳 潮州 韶关 梅州 桂林 柳州 北海 绵阳 德阳 宜宾 泸州 南充 遵义
        曲靖 大理 丽江 保定 唐山 邯郸 廊坊 沧州 秦皇岛 包头 鄂尔多斯 鞍山 抚顺 锦州 营口
        大庆 齐齐哈尔 牡丹江 宝鸡 咸阳 天水 三亚 顺德 萧山 余杭 江都 柯桥 华东 华南 华北
        """.split(),
        key=len,
        reverse=True,
    )
)
# Trailing industry words dropped in speech ("青禾食品" -> "青禾"), longest first.
INDUSTRY_SUFFIXES = tuple(
    sorted(
        """
        医疗科技 医疗器械 信息技术 信息科技 网络科技 生物科技 智能科技 电子科技 新能源 科技
        技术 医疗 食品 电子 贸易 物流 制造 药业 制药 化工 机械 电器
        能源 传媒 文化 教育 服装 纺织 建设 工程 实业 控股 投资 置业 地产 酒店 餐饮 超市 商贸
        百货 汽车 软件 网络 通信 仪器 设备 材料 农业 环保 健康
        生物 医药 连锁 智能设备 智能 医院 冷链物流 冷链 家电 养老服务 养老 服务 汽车零部件
        零部件 汽车部件 部件 新材料 实验学校 学校 船舶配件 配件 鞋业 玩具 饮品 口腔连锁 口腔
        建筑设计 设计 塑胶制品 塑胶 制品 云计算 供应链 精密机械 精密
        """.split(),
        key=len,
        reverse=True,
    )
)
# Latin words too common to name a customer on their own ("Global", "Foods").
GENERIC_WORDS = frozenset(
    """
        the a an and of for at to in on with from by my our your their new old big best
        first one two global international national general united american china chinese
        asia asian pacific euro foods food trading traders trade group industries
        industrial solutions systems services service technologies technology tech digital
        data software networks logistics supply partners consulting capital holdings
        ventures enterprises products medical health care pharma energy power motors auto
        electric electronics home house city star sun sky blue green red gold north south
        east west central hotel hotels bank school university hospital clinic store shop
        market markets retail media studio design labs lab works company corp inc ltd llc
        plc gmbh
    """.split()
)
# Capitalised words that happen to spell two pinyin syllables ("Data" is da-ta): never read as
# a Chinese customer's romanised name when they are four letters long.
ENGLISH_PINYIN_WORDS = frozenset(
    """
    data made name same game came dame fame lame tame sane lane mane wane bane cane pane gene
    here mere more bore pore wore fore sure pure cure lure tide ride side bide dude nude rude
    mode bode fade wade bade hare bare care dare fare mare pare ware dire mire sire tire mute
    lute bite mite site cite hate date fate gate late mate sate tune dune mine nine line dine
    pine bone tuna puma lima mega saga gala yoga papa mama haha meta pita dana tina nina lena
    mina lisa sean dean kate nate mila luca lina dina gala sega tape rape nape cape dose rose
    pose hose lose nose hope rope cope dope pope mope tone lone sone hone cone fine wine
    been case come demo done file five gone have hiya into joke june keen like make mean move
    nice nope note open page rain rate save taxi time undo wifi zero lime dime mime lean wean
    cole dave jane lowe owen
    """.split()
)
# Initials that are business words, not a customer ("CEO", "POS", "USD").
COMMON_ACRONYMS = frozenset(
    """
    ceo cto cfo coo cio cmo cso svp evp hr it qa pm po pr ok asap eta faq api sla kpi roi pdf nda
    rfq rfp erp crm mes wms pos usd sgd gbp rmb hkd eur aud myr jpy cny vat gst tbd fyi eod eow
    cob ooo wfh ai iot sms ppt xls doc ref inv led lcd usb gps ups dhl ltd plc llc inc bhd sdn
    """.split()
)
INITIALISM_WEIGHT = 0.9
FIRST_TWO_WEIGHT = 0.94
# The commonest Chinese function characters: a sound-alike that needs one of them in place of
# a name's character is the sentence, not the name misheard.
FUNCTION_CHARS = frozenset("的了是在我你他她它们这那也就都而或把被给吗呢吧啊")
_WORD = re.compile(r"[a-z0-9]+")
# Letters said one by one: "l c l", "t v e".
_SPELLED = re.compile(r"(?<![a-z0-9&'])[a-z](?: [a-z]){1,4}(?![a-z0-9&'])")
_SEPARATED = re.compile(r"[\s,.&]")
_UMLAUT = scouted(r"([ln])(?:v|yu)")
_ALL_CJK = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff]+")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff]{2,}")


def _by_char(words: Iterable[str], *, last: bool) -> dict[str, tuple[str, ...]]:
    """Affixes grouped by their last (or first) character, in their original order, so a name
    is checked against a handful instead of every affix (index build time)."""
    grouped: dict[str, list[str]] = {}
    for word in words:
        grouped.setdefault(word[-1] if last else word[0], []).append(word)
    return {char: tuple(items) for char, items in grouped.items()}


_LEGAL_BY_LAST = _by_char(LEGAL_SUFFIXES, last=True)
_PLACES = frozenset(PLACE_PREFIXES)
# A shortened name that is only one of these names no one ("青海软件" less 青海 is 软件).
_GENERIC_FORMS = frozenset((*LEGAL_SUFFIXES, *PLACE_PREFIXES, *INDUSTRY_SUFFIXES))
_PLACE_BY_FIRST = _by_char(PLACE_PREFIXES, last=False)
_INDUSTRY_BY_LAST = _by_char(INDUSTRY_SUFFIXES, last=True)
MIN_SCORE = 80.0
REPEAT_SCORE = 95.0  # a customer's second place in a message: said plainly, not guessed
# Latin words differ by a letter or two when mistyped; at 80 whole endings differ.
LATIN_FUZZY_SCORE = 85.0
# Keys shared by more forms than this carry little information and are not looked up.
MAX_POSTING = 2000
FUZZY_CANDIDATES = 20


@dataclass(frozen=True, slots=True)
class DirectoryEntry:
    id: int
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Candidate:
    id: int
    name: str
    score: float
    matched: str  # the form that matched (a name, an alias, or a shortened name)


@dataclass(frozen=True, slots=True)
class CustomerMention:
    start: int
    end: int
    text: str
    candidates: tuple[Candidate, ...]  # best first; one clear winner or several close ones

    @property
    def best(self) -> Candidate:
        return self.candidates[0]


_Found = dict[int, list[tuple[int, int, float, int]]]


class CustomerIndex:
    """Mutable, so the conversation engine can add a customer the moment it is created.

    Lookups, cheapest first: exact forms (a hash lookup per text window), sound-alikes (the same
    per window of pinyin, and per run of Latin words for romanised names), plurals, possessives
    and acronyms, and, for what is left, fuzzy matching of candidates that share rare keys with
    the text (typos), scored by rapidfuzz.
    """

    def __init__(self) -> None:
        self.entries: dict[int, DirectoryEntry] = {}
        self._form_entry = array("i")
        self._form_text: list[str] = []
        self._form_weight = array("f")
        self._forms_by_entry: dict[int, list[int]] = {}
        self._exact: dict[str, list[int]] = {}
        self._by_sound: dict[str, list[int]] = {}  # `sound` of the pinyin -> forms
        # Acronyms: aliases written in capitals ("TVE"), and the initials of names of three
        # words or more, which count only when written in capitals.
        self._acronyms: dict[str, list[int]] = {}
        self._postings: dict[str, array[int]] = {}
        # The longest form starting with each character: most characters of a message start
        # none, and the exact scan tries no substring from them.
        self._longest_from: dict[str, int] = {}
        self._sound_longest_from: dict[str, int] = {}  # the same, by the first syllable

    @classmethod
    def build(cls, entries: Iterable[DirectoryEntry]) -> CustomerIndex:
        """The whole directory at start-up. The cyclic collector is held off meanwhile: the
        index is millions of small objects with no cycles, and rescanning them as they pile up
        cost a fifth of the build."""
        index = cls()
        collecting = gc.isenabled()
        gc.disable()
        try:
            for entry in entries:
                index.add(entry)
        finally:
            if collecting:
                gc.enable()
        return index

    def __len__(self) -> int:
        return len(self.entries)

    def add(self, entry: DirectoryEntry) -> None:
        if entry.id in self.entries:
            self.remove(entry.id)
        self.entries[entry.id] = entry
        form_ids = []
        # Locals: this loop runs for every form of every customer at start-up.
        form_entry, form_text, form_weight = self._form_entry, self._form_text, self._form_weight
        exact, by_sound, postings = self._exact, self._by_sound, self._postings
        legal_by_last, place_by_first = _LEGAL_BY_LAST, _PLACE_BY_FIRST
        longest_from, sound_longest_from = self._longest_from, self._sound_longest_from
        for text, weight in _forms_of(entry):
            form_id = len(form_text)
            form_ids.append(form_id)
            form_entry.append(entry.id)
            form_text.append(text)
            form_weight.append(weight)
            exact.setdefault(text, []).append(form_id)
            if len(text) > longest_from.get(text[:1], 0):
                longest_from[text[:1]] = len(text)
            # By sound: Chinese forms but guessed ones and those with a place or legal suffix
            # (the form without them, indexed too, is heard the same way).
            if weight > FIRST_TWO_WEIGHT and len(text) >= 2 and _ALL_CJK.fullmatch(text):
                suffixes, places = legal_by_last.get(text[-1]), place_by_first.get(text[0])
                if not (suffixes and text.endswith(suffixes)) and not (
                    places and text.startswith(places)
                ):
                    for key in _sound_keys(text):
                        by_sound.setdefault(key, []).append(form_id)
                    for first in _CHAR_SOUNDS[text[0]][:2]:
                        if len(text) > sound_longest_from.get(first, 0):
                            sound_longest_from[first] = len(text)
            if weight == 1.0:
                for key in set(_fuzzy_keys(text)):
                    posting = postings.get(key)
                    if posting is None:
                        postings[key] = array("i", [form_id])
                    elif len(posting) <= MAX_POSTING:  # past it the key is never looked up
                        posting.append(form_id)
        self._add_acronyms(entry, form_ids)
        self._forms_by_entry[entry.id] = form_ids

    def _add_acronyms(self, entry: DirectoryEntry, form_ids: list[int]) -> None:
        for surface in entry.aliases:
            if 3 <= len(surface) <= 5 and surface.isupper() and surface.isalpha():
                folded = surface.casefold()
                for form_id in form_ids:
                    if self._form_text[form_id] == folded:
                        self._acronyms.setdefault(folded, []).append(form_id)
        initials = _initialism(entry.name)
        if initials is not None and initials not in self._exact:
            form_id = len(self._form_text)
            form_ids.append(form_id)
            self._form_entry.append(entry.id)
            self._form_text.append(initials)
            self._form_weight.append(INITIALISM_WEIGHT)
            self._acronyms.setdefault(initials, []).append(form_id)

    def remove(self, entry_id: int) -> None:
        """Forget an entry; its forms are tombstoned (entry id -1), not compacted."""
        self.entries.pop(entry_id, None)
        for form_id in self._forms_by_entry.pop(entry_id, []):
            self._form_entry[form_id] = -1

    def find(self, text: str, *, limit: int = 5) -> list[CustomerMention]:
        """Customer mentions in `text`, left to right, each with its scored candidates."""
        folded, origin = fold(text)
        if not folded.strip():
            return []
        found: _Found = {}  # entry -> its places: (start, end, score, form), best first
        inside_place = _inside_place(folded)
        self._exact_matches(folded, found)
        self._homophone_matches(folded, inside_place, found)
        self._romanised_matches(text, origin, folded, found)
        self._plural_matches(folded, found)
        if self._acronyms:
            self._acronym_matches(text, origin, folded, found)
        self._spelled_matches(folded, found)
        if inside_place:  # else no place name in the text, and no name comes after one
            self._drop_other_places(folded, found)
        covered = [False] * len(folded)
        for places in found.values():
            for start, end, _, _ in places:
                for position in range(start, end):
                    covered[position] = True
        if not all(covered):
            self._fuzzy_matches(folded, covered, found)
        return self._mentions(text, origin, folded, found, limit)

    def _record(
        self,
        found: _Found,
        form_id: int,
        start: int,
        end: int,
        score: float,
    ) -> None:
        entry_id = self._form_entry[form_id]
        if entry_id < 0:
            return
        score *= self._form_weight[form_id]
        places = found.get(entry_id)
        if places is None:
            found[entry_id] = [(start, end, score, form_id)]
            return
        # One place per stretch of text, the better match winning it; a customer named again
        # elsewhere ("去了南粤和顺达，顺达的黄总…") is a mention of its own, if said plainly.
        clash = [place for place in places if place[0] < end and start < place[1]]
        if clash and not all(_better((start, end, score), place[:3]) for place in clash):
            return
        kept = [place for place in places if not (place[0] < end and start < place[1])]
        kept.append((start, end, score, form_id))
        kept.sort(key=lambda place: -place[2])
        found[entry_id] = [kept[0], *(place for place in kept[1:] if place[2] >= REPEAT_SCORE)]

    def _drop_other_places(self, folded: str, found: _Found) -> None:
        """A name right after a place name that the customer's does not hold is another
        company's: "广西嘉禾农牧" is not 上海嘉禾连锁超市, "杭州星禾电子" not 广州星禾电子."""
        before: dict[int, str | None] = {}
        for entry_id, places in list(found.items()):
            kept = []
            for span in places:
                if span[0] not in before:
                    before[span[0]] = _place_before(folded, span[0])
                place = before[span[0]]
                if place is None or place in self.entries[entry_id].name:
                    kept.append(span)
            if kept:
                found[entry_id] = kept
            else:
                del found[entry_id]

    def _exact_matches(self, folded: str, found: _Found) -> None:
        length = len(folded)
        longest_from = self._longest_from
        for start in range(length):
            char = folded[start]
            longest = longest_from.get(char, 0)
            if not longest:
                continue
            if start and char.isascii() and char.isalnum():
                before = folded[start - 1]
                if before.isascii() and before.isalnum():
                    continue  # inside a Latin word no form can start (see _word_bounded)
            for end in range(start + 1, min(length, start + longest) + 1):
                form_ids = self._exact.get(folded[start:end])
                if form_ids is None or not _word_bounded(folded, start, end):
                    continue
                for form_id in form_ids:
                    self._record(found, form_id, start, end, 100.0)

    def _homophone_matches(self, folded: str, inside_place: set[int], found: _Found) -> None:
        options = [sounds(char) for char in folded]
        syllables = [next(iter(option), "") for option in options]
        second = [option[1] if len(option) > 1 else "" for option in options]
        length = len(folded)
        by_sound, sound_longest_from = self._by_sound, self._sound_longest_from
        for start in range(length):
            if not syllables[start] or start in inside_place:
                continue
            longest = max(
                sound_longest_from.get(syllables[start], 0),
                sound_longest_from.get(second[start], 0) if second[start] else 0,
            )
            if longest < 2:  # a form heard is two characters or more
                continue
            joined = syllables[start]
            # 启行学校 is 启航学校 heard: one character read its other way (行: xing, hang)
            others = [second[start]] if second[start] else []
            for end in range(start + 2, min(length, start + longest, start + 12) + 1):
                if not syllables[end - 1]:
                    break
                if end - start > _OTHER_READING_CHARS:
                    others = []  # only short forms (what people say) are keyed both ways
                elif others or second[end - 1]:
                    others = [other + syllables[end - 1] for other in others]
                    if second[end - 1]:
                        others.append(joined + second[end - 1])
                joined += syllables[end - 1]
                form_ids = by_sound.get(joined)
                if others:
                    more = [form_id for key in others for form_id in by_sound.get(key, ())]
                    form_ids = [*(form_ids or ()), *more]
                if form_ids:
                    self._sounds_like(found, form_ids, folded, start, end)

    def _sounds_like(
        self,
        found: _Found,
        form_ids: list[int],
        folded: str,
        start: int,
        end: int,
    ) -> None:
        """Record the forms a window of the text sounds like (or, in longer names, nearly is).
        Many customers share a short form (their forms' ids differ, not their text): each text
        is judged once."""
        window = folded[start:end]
        if window in self._exact:
            return  # said exactly: a customer that only sounds like it is no rival
        form_text = self._form_text
        judged: dict[str, float | None] = {}
        for form_id in dict.fromkeys(form_ids):
            form = form_text[form_id]
            if form in judged:
                score = judged[form]
            else:
                score = judged[form] = _sound_score(window, form)
            if score is not None:
                self._record(found, form_id, start, end, score)

    def _plural_matches(self, folded: str, found: _Found) -> None:
        """A possessive without its apostrophe ("pembertons finance guy", "blue harbours
        store"), and a name dictated as two words ("river side academy")."""
        words = list(_WORD.finditer(folded))
        for index, word in enumerate(words):
            if len(word.group()) >= 7 and word.group().endswith("s"):  # long stems only
                for form_id in self._exact.get(word.group()[:-1], ()):
                    self._record(found, form_id, word.start(), word.end(), 96.0)
            if index == 0 or word.start() - words[index - 1].end() != 1:
                continue
            previous = words[index - 1]
            pair = [f"{previous.group()}{word.group()}"]
            if len(word.group()) >= 5 and word.group().endswith("s"):
                pair.append(f"{previous.group()} {word.group()[:-1]}")
            for key in pair:
                if len(key) < 7:
                    continue
                for form_id in self._exact.get(key, ()):
                    self._record(found, form_id, previous.start(), word.end(), 95.0)

    def _acronym_matches(
        self,
        text: str,
        origin: list[int],
        folded: str,
        found: _Found,
    ) -> None:
        """Acronyms, with a plural or possessive s ("tves kevin says", "TVEs"), and the
        initials of long names when written in capitals ("met the MHP buyer")."""
        for word in _WORD.finditer(folded):
            said = word.group()
            if not 3 <= len(said) <= 6:
                continue
            for stem in (said, said[:-1]) if said.endswith("s") and len(said) >= 4 else (said,):
                for form_id in self._acronyms.get(stem, ()):
                    initials = self._form_weight[form_id] < (1.0 + INITIALISM_WEIGHT) / 2
                    if stem == said and not initials:
                        continue  # the alias itself: an exact match already
                    start, end = word.start(), word.start() + len(stem)
                    if initials and not text[origin[start] : origin[end - 1] + 1].isupper():
                        continue
                    score = 100.0 if stem == said else 95.0
                    self._record(found, form_id, word.start(), word.end(), score)

    def _spelled_matches(self, folded: str, found: _Found) -> None:
        """An acronym dictated letter by letter ("l c l", "t v e", "p n g", "k b trading"):
        the letters joined, alone or with the word after them, as a name form."""
        for spelled in _SPELLED.finditer(folded):
            letters = spelled.group().split()
            keys = ["".join(letters)]
            if len(letters) == 3 and letters[1] == "n":
                keys.append(f"{letters[0]}&{letters[2]}")  # "p n g" is P&G
            after = _WORD.match(folded, spelled.end() + 1)
            for key in keys:
                candidates = [(key, spelled.end())]
                if after is not None and folded[spelled.end() : spelled.end() + 1] == " ":
                    candidates.insert(0, (f"{key} {after.group()}", after.end()))
                for form, end in candidates:
                    form_ids = self._exact.get(form, ()) or self._acronyms.get(form, ())
                    for form_id in form_ids:
                        self._record(found, form_id, spelled.start(), end, 95.0)
                    if form_ids:
                        break

    def _romanised_matches(
        self,
        text: str,
        origin: list[int],
        folded: str,
        found: _Found,
    ) -> None:
        """Chinese customers written in pinyin by English speakers: "Lanwan Medical",
        "qing he foods". One to three consecutive Latin words, joined, against the pinyin of
        the Chinese name forms (two syllables at least, so short words do not match). A single
        word of four letters counts when capitalised, two syllables and not an English word
        ("Keda's CTO", not "Data" or the given name "Jian")."""
        words = list(_WORD.finditer(folded))
        for first in range(len(words)):
            joined = ""
            for last in range(first, min(first + 3, len(words))):
                word = words[last]
                if last > first and word.start() - words[last - 1].end() > 1:
                    break
                joined += word.group()
                if not joined.isalpha() or len(joined) < 4:
                    continue
                if len(joined) == 4 and not all(
                    _capitalised_name(text, origin, w.start(), w.end(), whole=first == last)
                    for w in words[first : last + 1]
                ):
                    continue  # "Keda", "Ke Da": capitalised; not "keda", "Data" or "Jian"
                # ü is written v or yu ("Lvyuan", "Lyuyuan"); the readings here spell it u.
                spelt = _UMLAUT.sub(r"\1u", joined)
                for form_id in self._by_sound.get(sound(spelt), ()):
                    form = self._form_text[form_id]
                    if len(form) >= 2 and _spells(spelt, form):
                        self._record(found, form_id, words[first].start(), word.end(), 92.0)

    def _fuzzy_matches(self, folded: str, covered: list[bool], found: _Found) -> None:
        masked = "".join(" " if done else char for char, done in zip(folded, covered, strict=True))
        keys = set(_fuzzy_keys(masked))
        if not keys:
            return
        hits: Counter[int] = Counter()
        for key in keys:
            posting = self._postings.get(key)
            if posting is None or len(posting) > MAX_POSTING:
                continue
            hits.update(posting)
        # A form sharing one key is never scored (below), so it is not ranked either: the
        # forms sharing two or more come first in the ranking anyway.
        shared = [(form_id, count) for form_id, count in hits.items() if count >= 2]
        best = sorted(shared, key=lambda item: -item[1])[:FUZZY_CANDIDATES]
        for form_id, count in best:
            form = self._form_text[form_id]
            if count < max(2, len(set(_fuzzy_keys(form))) // 2):
                continue
            span = _fuzzy_span(form, masked)
            if span is not None:
                self._record(found, form_id, *span)

    def _mentions(
        self,
        text: str,
        origin: list[int],
        folded: str,
        found: _Found,
        limit: int,
    ) -> list[CustomerMention]:
        # Candidates as (entry, score, form) until the few kept per mention are made.
        groups: list[tuple[int, int, list[tuple[int, float, int]]]] = []
        spans = [(entry_id, *place) for entry_id, places in found.items() for place in places]
        for entry_id, start, end, score, form_id in sorted(
            spans, key=lambda span: (-span[3], -(span[2] - span[1]))
        ):
            if score < MIN_SCORE:
                continue
            candidate = (entry_id, score, form_id)
            for group in groups:
                if start < group[1] and group[0] < end:
                    # A shorter match inside a longer, better one is not a rival reading:
                    # "蓝湾医疗" is customer 12, even if "蓝湾" alone could be customer 18.
                    if (end - start) >= (group[1] - group[0]):
                        group[2].append(candidate)
                    break
            else:
                groups.append((start, end, [candidate]))
        mentions = []
        ordered = sorted(groups, key=lambda group: group[0])
        for number, (start, matched_end, found_here) in enumerate(ordered):
            candidates = [
                Candidate(
                    id=entry_id,
                    name=self.entries[entry_id].name,
                    score=round(score, 1),
                    matched=self._form_text[form_id],
                )
                for entry_id, score, form_id in found_here[:limit]
            ]
            stop = ordered[number + 1][0] if number + 1 < len(ordered) else len(folded)
            end = _rest_of_name(folded, start, matched_end, stop, candidates[0].name)
            original_start, original_end = origin[start], origin[end - 1] + 1
            mentions.append(
                CustomerMention(
                    start=original_start,
                    end=original_end,
                    text=text[original_start:original_end],
                    candidates=tuple(candidates),
                )
            )
        return mentions


# Words after a customer's name that go with the person, not the name ("Thames Valley engineer").
_NOT_NAME_WORDS = frozenset(
    "engineer engineers manager managers director lead head buyer owner".split()
)
_COMPANY_AFTER = scouted(r"(?:股份)?有限公司|公司|集团|厂(?![长家区房商])")
_NEXT_LATIN_WORD = re.compile(r" ([a-z]+)(['’]s)?(?![a-z0-9&'’-])")


def _rest_of_name(folded: str, start: int, end: int, stop: int, name: str) -> int:
    """The end of a Latin mention widened over the rest of the customer's name as people type
    it ("thames valley eng", "lion city logistic", "Greenfield Dairies", "Pemberton Foods Co"),
    so that those words are neither news nor a person's name."""
    if _ALL_CJK.fullmatch(folded[end - 1 : end]):
        company = _COMPANY_AFTER.match(folded, end, stop)
        return company.end() if company else end  # "鼎盛物流公司的调度": the company still
    if not folded[end - 1 : end].isascii() or not folded[end - 1 : end].isalnum():
        return end
    said = set(_WORD.findall(folded[start:end]))
    rest = [word for word in _WORD.findall(fold_text(name)) if word not in said]
    for _ in range(4):
        following = _NEXT_LATIN_WORD.match(folded, end)
        if following is None or following.end() > stop or following.group(1) in _NOT_NAME_WORDS:
            break
        word = following.group(1)
        if word in LATIN_SUFFIXES or word == "grp":
            end = following.end()
            continue
        part = next((other for other in rest if _part_of_name(word, other)), None)
        if part is None:
            break
        rest.remove(part)
        end = following.end(1)
        if following.group(2):
            break  # "Thames Valley's Reading plant": the name ends at its possessive
    return end


# Two-letter abbreviations of name words ("Orchard Rd Hotels").
_SHORT_FOR = {"rd": "road", "st": "street", "mt": "mount", "ctr": "centre", "intl": "international"}


def _part_of_name(word: str, name_word: str) -> bool:
    """A word of the name typed short, with a typo, or as a plural ("eng", "utils", "vly",
    "diary")."""
    if _SHORT_FOR.get(word) == name_word:
        return True
    if 3 <= len(word) <= 6 and name_word.startswith(word.removesuffix("s")):
        return True
    if 3 <= len(word) < len(name_word) and word[0] == name_word[0] and _within(word, name_word):
        return True  # the consonants kept: "vly" for valley, "grp" for group, "sch" for schools
    shared = next(
        (i for i, (a, b) in enumerate(zip(word, name_word, strict=False)) if a != b),
        min(len(word), len(name_word)),
    )
    if shared >= 4 and shared >= min(len(word), len(name_word)) - 3:
        return True  # another ending of the same word: "dairies", "trading" for "traders"
    return len(word) >= 4 and fuzz.ratio(word, name_word) >= 80


def _within(short: str, word: str) -> bool:
    """Whether the letters of `short` occur in `word` in order."""
    letters = iter(word)
    return all(letter in letters for letter in short)


def _forms_of(entry: DirectoryEntry) -> list[tuple[str, float]]:
    forms: dict[str, float] = {}
    for surface in (entry.name, *entry.aliases):
        folded = fold_text(surface.strip())
        folded = " ".join(folded.split())
        if not folded:
            continue
        forms[folded] = max(forms.get(folded, 0.0), 1.0)
        if "&" in folded:  # "P&G" is said "p and g"; "Procter & Gamble", "procter and gamble"
            forms.setdefault(" ".join(folded.replace("&", " and ").split()), 1.0)
        for shorter in _shortened(folded):
            if len(shorter) >= 2 and shorter not in forms and shorter not in _GENERIC_FORMS:
                forms[shorter] = 0.97
    for form in [f for f in forms if "&" in f]:
        # typed "P & G", "Marlow+Finch", dictated "marlow n finch", "marlow and finch"
        for joiner in (" & ", "+", " + ", " n ", " and "):
            joined = " ".join(form.replace(" & ", "&").replace("&", joiner).split())
            forms.setdefault(joined, 0.97)
    for form in [f for f in forms if len(f) == 3 and _ALL_CJK.fullmatch(f)]:
        # A three-character name core is said by its first two ("启明星教育" -> 启明星 -> 启明),
        # weighed below any customer's own short form.
        first_two = form[:2]
        if (
            first_two not in forms
            and first_two not in _GENERIC_FORMS
            and any(len(other) > 3 and other.startswith(form) for other in forms)
        ):
            forms[first_two] = FIRST_TWO_WEIGHT
    return list(forms.items())


def _shortened(name: str) -> list[str]:
    """Forms reps actually say: without the legal suffix, without the leading place name."""
    results = []
    core = name
    for suffix in _LEGAL_BY_LAST.get(core[-1:], ()):
        if core.endswith(suffix) and len(core) > len(suffix) + 1:
            core = core[: -len(suffix)]
            results.append(core)
            break
    separated = _SEPARATED.search(core) is not None  # one word (most Chinese names): no split
    words = core.replace(",", " ").replace(".", " ").split() if separated else [core]
    while len(words) > 1 and words[-1] in LATIN_SUFFIXES:  # "Pte Ltd", "Co Ltd"
        words = words[:-1]
        core = " ".join(words)
        results.append(core)
    for place in _PLACE_BY_FIRST.get(core[:1], ()):
        if core.startswith(place) and len(core) >= len(place) + 2:
            core = core[len(place) :]
            if core[:1] in "市省县区" and len(core) >= 3:
                core = core[1:]  # 深圳市科达智能 -> 科达智能, not 市科达智能
            results.append(core)
            break
    # Every industry ending that applies: 蓝湾医疗科技 -> 蓝湾医疗 and 蓝湾.
    stripped = [
        core[: -len(industry)]
        for industry in _INDUSTRY_BY_LAST.get(core[-1:], ())
        if core.endswith(industry) and len(core) >= len(industry) + 2
    ]
    # Two industry words in a row: 绿岭农业科技 -> 绿岭农业 -> 绿岭.
    stripped += [
        shorter[: -len(industry)]
        for shorter in stripped
        for industry in _INDUSTRY_BY_LAST.get(shorter[-1:], ())
        if shorter.endswith(industry) and len(shorter) >= len(industry) + 2
    ]
    results.extend(dict.fromkeys(stripped))
    if not separated:
        return results
    words = core.replace(",", " ").replace(".", " ").replace("&", " & ").split()
    if len(words) > 1 and words[0] not in GENERIC_WORDS and len(words[0]) >= 4:
        results.append(words[0])  # "Pemberton" for "Pemberton Foods"
    return results


def _fuzzy_keys(text: str) -> list[str]:
    """Keys for typo-tolerant lookup: Chinese character bigrams, Latin word trigrams."""
    keys = [run[i : i + 2] for run in _CJK_RUN.findall(text) for i in range(len(run) - 1)]
    for word in _WORD.findall(text):
        if len(word) >= 4:
            keys.extend(word[i : i + 3] for i in range(len(word) - 2))
        else:
            keys.append(word)
    return keys


def _initialism(name: str) -> str | None:
    """The initials of a Latin name of three words or more, legal suffix aside ("Thames
    Valley Engineering Ltd": tve); None for shorter names and for business words ("CEO")."""
    if not name.isascii():
        return None
    words = [w for w in _WORD.findall(name.casefold()) if w not in ("and", "of", "the")]
    while words and words[-1] in LATIN_SUFFIXES:
        words.pop()
    if len(words) < 3 or len(words) > 5 or not all(w.isalpha() for w in words):
        return None
    initials = "".join(w[0] for w in words)
    return None if initials in COMMON_ACRONYMS else initials


def _capitalised_name(
    text: str, origin: list[int], start: int, end: int, *, whole: bool = True
) -> bool:
    """Whether the word at `start:end` (folded offsets) is written like a name: capitalised,
    and, when it is the whole of a four-letter name ("Keda"), neither an English word nor one
    pinyin syllable ("Jian", a given name). Each word of "Ke Da" is one syllable."""
    word = text[origin[start] : origin[end - 1] + 1]
    if not (word[:1].isupper() and (len(word) == 1 or word[1:].islower())):
        return False
    folded = word.casefold()
    if not whole:
        return _is_syllable(folded)
    return folded not in ENGLISH_PINYIN_WORDS and not _is_syllable(folded)


# One pinyin syllable, tones aside: an initial, then a final.
_SYLLABLE = re.compile(
    r"(?:[zcs]h|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:i(?:ang|ong|ao|an|ng|a|e|u|n|o)?|u(?:ang|ai|an|a|o|i|n|e)?|v(?:an|e|n)?"
    r"|a(?:ng|i|o|n)?|e(?:ng|i|n|r)?|o(?:ng|u)?)"
)


def _is_syllable(word: str) -> bool:
    return _SYLLABLE.fullmatch(word) is not None


_OTHER_READING_CHARS = 4  # as in _sound_keys: short forms are keyed by second readings too


@lru_cache(maxsize=1 << 17)
def _sound_keys(text: str) -> tuple[str, ...]:
    """How a Chinese form is looked up by sound: its common reading and, in short forms (what
    people say), each character's second reading in turn (晟 is cheng, and sheng in names).
    Cached: directories repeat their short forms."""
    table = _CHAR_SOUNDS
    options = []
    for char in text:
        option = table.get(char)
        if option is None:
            option = table[char] = sounds(char) or (char,)
        options.append(option)
    common = [option[0] for option in options]
    key = "".join(common)
    if len(text) > 4:
        return (key,)
    keys = {key}
    for position, option in enumerate(options):
        if len(option) > 1:
            keys.add("".join([*common[:position], option[1], *common[position + 1 :]]))
    return tuple(keys)


_CHAR_SOUNDS: dict[str, tuple[str, ...]] = {}  # sounds(char), or the character itself


def _sound_score(window: str, form: str) -> float | None:
    """How well a window of the text that sounds like a form matches it, or None."""
    if len(form) != len(window):
        return None
    same = sum(a == b for a, b in zip(window, form, strict=True))
    if same == len(form) or (same == 0 and len(form) <= 4 and not _same_tones(window, form)):
        # exact (already found) or too weak ("今天心" is not "金田新"); a short name with
        # no character right is kept only when every syllable, tone too, is the name's:
        # a recogniser writing what it heard ("清河" for 青禾, both qīng hé)
        return None
    if any(a in FUNCTION_CHARS for a in window if a not in form):
        return None  # "上海的高铁": 的 is a word of its own, not 德 misheard
    if _homophones(window, form):
        return 90.0 + 8.0 * same / len(form)
    if same == len(form) - 1 >= 2:
        # Only alike (海森贸易 for 海晟贸易): one character off, in three or
        # more (two-character names are too many to guess at).
        return 86.0 + 8.0 * same / len(form)
    return None


def _same_tones(window: str, form: str) -> bool:
    """Whether each character of the window can be read as the form's, tone included."""
    return all(toned_readings(a) & toned_readings(b) for a, b in zip(window, form, strict=True))


def _homophones(window: str, form: str) -> bool:
    """Whether each character of the window can be read as the form's (tones aside)."""
    return all(
        a == b or syllable(a) in readings(b) or syllable(b) in readings(a)
        for a, b in zip(window, form, strict=True)
    )


def _spells(latin: str, form: str) -> bool:
    """Whether Latin letters are the form's pinyin, one reading per character ("haisheng" is
    海晟: hai, and sheng, 晟's second reading)."""
    if not form:
        return not latin
    return any(
        latin.startswith(reading) and _spells(latin[len(reading) :], form[1:])
        for reading in readings(form[0])
    )


def _better(new: tuple[int, int, float], old: tuple[int, int, float]) -> bool:
    """For one customer, a good match containing the previous one wins (the fuller name)."""
    start, end, score = new
    old_start, old_end, old_score = old
    if score >= 90 and start <= old_start and end >= old_end and end - start > old_end - old_start:
        return True
    if old_score >= 90 and old_start <= start and old_end >= end:
        return False
    return score > old_score


def _fuzzy_span(form: str, masked: str) -> tuple[int, int, float] | None:
    """Where, and how well, a form matches the text with typos: start, end, score."""
    alignment = _best_alignment(form, masked)
    if alignment is None or alignment.dest_end <= alignment.dest_start:
        return None
    start, end = alignment.dest_start, alignment.dest_end
    while start < end and masked[start].isspace():
        start += 1
    while end > start and masked[end - 1].isspace():
        end -= 1
    score = alignment.score
    if end > start and not _word_bounded(masked, start, end) and len(form) >= 5:
        # A letter typed twice or left out shifts the alignment off the word's edge
        # ("contosso" aligns "contoss"): the whole word, scored whole, must still match.
        start, end = _whole_words(masked, start, end)
        score = fuzz.ratio(form, masked[start:end])
        if score < MIN_SCORE + 5:
            return None
    if score < LATIN_FUZZY_SCORE and masked[start:end].isascii():
        return None  # letters: "harbourside" is another word than "harbourview", not a typo
    if end > start and _word_bounded(masked, start, end) and _distinctive(masked[start:end]):
        return start, end, score
    return None


def _best_alignment(form: str, masked: str) -> Any:
    """The form's best alignment, or its name without the legal suffix where that aligns better:
    "marlow and finch ltd" would otherwise align its "ltd" with the "today" after a misheard
    "marlowe and finch", taking the time into the customer's name."""
    alignment = fuzz.partial_ratio_alignment(form, masked, score_cutoff=MIN_SCORE)
    words = form.split()
    while len(words) > 1 and words[-1] in LATIN_SUFFIXES:
        words.pop()
    if alignment is None or len(words) == len(form.split()):
        return alignment
    bare = fuzz.partial_ratio_alignment(" ".join(words), masked, score_cutoff=MIN_SCORE)
    return bare if bare is not None and bare.score > alignment.score else alignment


def _distinctive(window: str) -> bool:
    """Whether a fuzzy match holds more than a legal suffix and industry words ("科技有限公司"
    names no one in particular)."""
    rest = window.strip()
    for _ in range(4):
        for suffix in _LEGAL_BY_LAST.get(rest[-1:], ()) + _INDUSTRY_BY_LAST.get(rest[-1:], ()):
            if rest.endswith(suffix):
                rest = rest[: -len(suffix)]
                break
        else:
            break
    return len(rest) >= 2 or (rest.isascii() and bool(rest))


def _place_before(text: str, start: int) -> str | None:
    """The place name that ends right before `start` ("广西" in "广西嘉禾", "深圳" in
    "深圳市科达"), if any."""
    end = start - 1 if start > 0 and text[start - 1] in "市省县区" else start
    for length in (2, 3, 4):
        place = text[max(0, end - length) : end]
        if len(place) == length and place in _PLACES:
            return place
    return None


def _inside_place(text: str) -> set[int]:
    """Positions inside a place name written in the text: a sound-alike match starting there cuts
    the place in two ("上海澄心科技" holds no "海晟")."""
    inside: set[int] = set()
    for start, char in enumerate(text):
        for place in _PLACE_BY_FIRST.get(char, ()):
            if text.startswith(place, start):
                inside.update(range(start + 1, start + len(place)))
                break
    return inside


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """The span widened to the edges of the Latin words it cuts into."""
    while start > 0 and text[start - 1].isascii() and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isascii() and text[end].isalnum():
        end += 1
    return start, end


def _word_bounded(text: str, start: int, end: int) -> bool:
    """For Latin names, require word boundaries ("acme" must not match inside "acmes")."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    first, last = text[start], text[end - 1]
    if first.isascii() and first.isalnum() and before.isascii() and before.isalnum():
        return False
    return not (last.isascii() and last.isalnum() and after.isascii() and after.isalnum())

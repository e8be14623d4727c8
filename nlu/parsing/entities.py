"""`extract`: every entity of a message found once over the whole text (customers known and
unknown, times, money, tickets, phones, e-mails, contacts, products) before it is cut into
clauses."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from nlu import slots as slot_finders
from nlu.companies_en import TRADE_WORDS, a_persons_name, dictated_companies
from nlu.competitors_en import named_as_rival
from nlu.counted_goods_zh import counted_goods
from nlu.deal_goods_zh import deal_goods
from nlu.money import find_money, local_currency
from nlu.numbers import find_numbers
from nlu.parsing.frames import Entities, ParseContext
from nlu.parsing.products import cued_products, find_products
from nlu.parsing.reading import in_day_word, mask, season_now, spans_overlap
from nlu.products_en import with_cold_store_kind
from nlu.regex_scout import scouted
from nlu.replaced_zh import without_what_is_replaced
from nlu.rural_orgs_zh import RURAL_ORG_SUFFIXES, names_a_firm_kind, without_words_before
from nlu.text import is_cjk
from nlu.time import find_times
from nlu.types import MoneyMention, TimeMention

_ORG_SUFFIX = scouted(
    r"[\u4e00-\u9fffA-Za-z0-9]{2,10}?(?:有限公司|股份公司|集团|公司|科技|医院|医疗|诊所|学校|大学|银行|酒店|"
    r"超市|药业|电子|物流|食品|工厂|厂|研究所|中心|"
    # the industry words the directory's names end in ("东方精密", "海天精工", "明德制药")
    r"精密|精工|机械|制药|纺织|贸易|商贸|实业|百货|汽配|塑胶|鞋业|船配|冷链|供应链|新材|"
    + RURAL_ORG_SUFFIXES
    + r")"
    r"(?:(?:股份)?有限公司|公司|集团)?"  # the legal ending after the trade: "星河贸易有限公司"
    r"|\b[A-Z][A-Za-z&]+(?:\s+[A-Z][A-Za-z&]+){0,3}\s+(?:Inc|Ltd|LLC|Corp|Co|GmbH|Limited|Group|Foods|"
    r"Logistics|Systems|Labs|Hospital|Clinic|Bank|Hotel|"
    # a business's trade, last word of its name ("Greenway Dairy", "Hallam Engineering's MD")
    r"Dairy|Dairies|Farms?|Bakery|Engineering|Traders|Trading|Pharma|Pharmaceuticals|Medical|"
    r"Healthcare|Academy|Schools?|College|Retail|Stores|Utilities|Electronics|Partners|Motors|"
    r"Construction|Solutions|Services|Industries|Textiles|Plastics|Shipping|Freight|Hotels|"
    r"Manufacturing|Precision|Tools|Supplies|Packaging|Chemicals|Energy|Water|Holdings|"
    + TRADE_WORDS
    + r")\b\.?"
)


# A company dictated in lower case by its people: "the westlake dental group guys called".
_THEIR_PEOPLE = re.compile(
    r"\bthe\s+(?P<name>[a-z][a-z&]+(?:\s+[a-z][a-z&]+){1,3}?)\s+(?:guys|people|folks|crew|lot)\s+"
    r"(?:called|rang|phoned|emailed|messaged|texted|want|wanted|need|needed|asked)\b"
)


# Words that make "the … guys" a department or a kind of people, not a company.
_NOT_A_COMPANY_WORD = frozenset(
    """sales it support service delivery install installation other same new old finance accounts
    procurement purchasing ops operations maintenance warehouse lab tech technical engineering
    admin office front desk night day shift site store kitchen security cleaning facilities
    marketing legal hr management board young two three few""".split()
)


def _dictated_orgs(text: str, taken: Sequence[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Companies the directory lacks, named in dictation by the people calling from them."""
    found = []
    for match in _THEIR_PEOPLE.finditer(text):
        start, end = match.span("name")
        words = match.group("name").split()
        if spans_overlap(start, end, taken) or any(w in _NOT_A_COMPANY_WORD for w in words):
            continue
        found.append((start, end, match.group("name")))
    return found


_PIECES = re.compile(r"[一二两三四五六七八九十几\d]{1,2}块")


_NOT_IN_ORG_NAME = re.compile(r"[我你他她]|说")


_LEADING_VERB = re.compile(
    r"^(?:刚|今天|昨天|上午|下午|去|到|跟|和|给|在|从|见|约|拜访|走访|回访|联系|陪|帮|替|了|那个|这个|"
    r"就是|嗯|呃|查一下|查查|查|问一下|问问|看一下|看看|有没有|叫做|叫)+"
    # a capitalised word that starts the note, not the name: "Visited Greenway Dairy", "Met …"
    r"|^(?:(?:Visited|Visit|Met|Meet|Called|Call|Rang|Ring|Phoned|Emailed|Email|Texted|Saw|See|"
    r"Spoke|Chased|Chase|Pinged|Ping|Lunch|Coffee|Dinner|Drinks|Demo|Quote|Note|Went|Dropped|"
    r"Popped|Also|Then|And|At|With|From|About|For)\s+)+"
)


WEEKEND = re.compile(r"[周週]末|weekend", re.IGNORECASE)


_NUMERIC_DATE = re.compile(r"(?<![\d/.])(?P<a>\d{1,2})\s*/\s*(?P<b>\d{1,2})(?![\d/])")


# Where short dates are written month first (US, Canada, the Philippines, China, Taiwan, Japan,
# Korea: a Japanese rep's "5/7 meeting" is the 7th of May).
_MONTH_FIRST_ZONES = (
    "America/", "US/", "Canada/", "Pacific/Honolulu", "Asia/Manila", "Asia/Shanghai",
    "Asia/Chongqing", "Asia/Harbin", "Asia/Urumqi", "Asia/Taipei", "PRC", "ROC",
    "Asia/Tokyo", "Japan", "Asia/Seoul", "ROK",
)  # fmt: skip


BARE_WEEKDAY = re.compile(
    r"(?:上)?(?:[周週]|星期|[礼禮]拜)[一二三四五六日天]"
    r"|(?:last |on )?(?:mon|tues|wednes|thurs|fri|satur|sun)day"
    # written short in notes: "Visited Pemberton Fri", "on Weds"
    r"|(?:last |on )?(?:mon|tues?|weds?|thur?s?|fri|sat|sun)\.?",
    re.IGNORECASE,
)


PRIORITY_CHANGE = scouted(
    r"\b(?:high|low|top|normal)\s+priority\b|优先级|"
    + slot_finders.PRIORITY_SET.pattern
    + "|"
    + slot_finders.PRIORITY_SET_EN.pattern.replace("?P<level>", "?:"),
    re.IGNORECASE,
)


_SPOKEN_NUMBER = (
    r"(?:(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|hundred)\b[\s-]*){2,6}"
)


# At the head of the message, or after a verb that moves a ticket.
_BARE_TICKET = re.compile(
    r"^\s*(?:(?:um+|uh+|so|ok|okay|please|pls|can you|could you|can u)[\s,]+)*"
    r"(?:(?:make|mark|set|put|move|bump|close(?: out| off)?|reopen|resolve|update|escalate)\s+)?"
    r"(?P<number>\d{3,7}(?![\d:/%]|[.,]\d)|" + _SPOKEN_NUMBER + r")",
    re.IGNORECASE,
)


# "… went down again reopen forty four oh one": a ticket moved by its verb in mid-dictation.
_REOPEN_NUMBER = re.compile(
    r"\b(?:reopen|re-open|close(?: out| off)?|resolve)\s+(?:ticket\s+|number\s+)?"
    r"(?P<number>\d{3,7}(?![\d:/%]|[.,]\d)|" + _SPOKEN_NUMBER + r")",
    re.IGNORECASE,
)


# A time that names its day ("明天", "周三", "5/3", "tomorrow"), not only a time of day.
DATED = re.compile(
    r"[天日号號周週月年]|星期|[礼禮]拜|明|今|昨|前天|[后後]天|前[儿兒]|[后後][儿兒]|元旦|[节節]|\d+\s*[/.-]\s*\d+|"
    r"\b(?:mon|tue|wed|thu|fri|sat|sun|today|tomorrow|tonight|yesterday|week|month|year|"
    r"tmrw|tmr|tmw|tdy|2moro|2morrow|tomoz|"
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\b\d{1,2}(?:st|nd|rd|th)\b",
    re.IGNORECASE,
)


# "P和G的Mei Lin": a recogniser writes the ampersand of a Latin name as 和 (same length).
_LATIN_AND = scouted(r"(?<=[A-Za-z])和(?=[A-Za-z])")


def extract(text: str, context: ParseContext, language: str) -> Entities:
    customers = [
        m
        for m in (
            context.customers.find(_LATIN_AND.sub("&", text))
            if context.customers is not None
            else []
        )
        if not in_day_word(text, m)
    ]
    if language == "en" and len({m.best.id for m in customers}) > 1:
        # "they'll look at Ashford for the next batch": a rival named beside the customer
        rivals = [m for m in customers if named_as_rival(text, m.start)]
        if len({m.best.id for m in customers if m not in rivals}) >= 1:
            customers = [m for m in customers if m not in rivals]
    taken = [(m.start, m.end) for m in customers]
    tickets = slot_finders.find_tickets(text) or _bare_ticket(text)
    phones = slot_finders.find_phones(text)
    emails = slot_finders.find_emails(text)
    blocked = taken + [(f.start, f.end) for f in (*tickets, *phones, *emails)]
    money = [
        m
        for m in find_money(text, language, default_currency=_default_currency(context, language))
        if not spans_overlap(m.start, m.end, blocked)
        # "PLC模块烧了三块", "电池鼓包了两块": a few pieces counted, no price
        and not _PIECES.fullmatch(text, m.start, m.end)
    ]
    money = _amounts_said_again(text, money)
    if language == "en":
        money += _signed_for(text, money, blocked, _default_currency(context, language))
    # Amounts are read first and masked, so "八十万上下下周四" gives 八十万上下 and 下周四.
    masked = mask(text, [(m.start, m.end) for m in money])
    times = [
        _local_reading(text, t, context.now, language)
        for t in find_times(masked, context.now, language)
        if not spans_overlap(t.start_char, t.end_char, blocked)
        and not _until_clock(text, t)
        and not season_now(text, t)
    ]
    contacts = [
        c
        for c in (_past_customer(text, c, taken) for c in slot_finders.find_contacts(text))
        if c is not None
    ]
    unknown_orgs = [
        without_words_before(*_without_leading_verb(m.start(), m.end(), m.group()))
        for m in _ORG_SUFFIX.finditer(text)
        if not spans_overlap(m.start(), m.end(), taken)
        # "去他们厂里", "经理说下周要来我们公司": a pronoun or a report is no company's name
        and not _NOT_IN_ORG_NAME.search(m.group())
        and not a_persons_name(m.group())
    ]
    if language == "en":
        unknown_orgs += _dictated_orgs(text, taken)
        if not customers:
            unknown_orgs += dictated_companies(text, taken)
    # "Damodar Steel order finalised": a new company's name is no product (English)
    org_spans = [(o[0], o[1]) for o in unknown_orgs if language == "en" or names_a_firm_kind(o[2])]
    # nor a person's: "order from Bengal Sweets House" names no contact "Sweets House"
    contacts = [c for c in contacts if not spans_overlap(c.start, c.end, org_spans)]
    products = find_products(
        text,
        taken + org_spans,
        [(c.start, c.end) for c in contacts]
        + [(t.start_char, t.end_char) for t in times]
        + [(m.start, m.end) for m in money],
        cued=cued_products(
            text,
            customers=customers,
            blocked=blocked
            + org_spans
            + [(m.start, m.end) for m in money]
            + [(t.start_char, t.end_char) for t in times]
            + [(c.start, c.end) for c in contacts],
        )
        if language == "en"
        else counted_goods(text, blocked + [(c.start, c.end) for c in contacts]),
    )
    if language == "zh" and not products:  # "那单玉米淀粉签了": the goods named by the deal
        goods = deal_goods(text, blocked + [(c.start, c.end) for c in contacts])
        products = [(start, end, text[start:end]) for start, end in goods]
    if language == "en":
        products = with_cold_store_kind(text, products)  # "walk in freezer"
    return Entities(
        customers=customers,
        unknown_orgs=unknown_orgs,
        times=times,
        money=money,
        tickets=tickets,
        phones=phones,
        emails=emails,
        contacts=contacts,
        products=without_what_is_replaced(text, _products_said_again(text, products)),
        text=text,
    )


def _past_customer(
    text: str, contact: slot_finders.Found, taken: Sequence[tuple[int, int]]
) -> slot_finders.Found | None:
    """A contact clear of the customers' names; "Northwind Gareth called" read as one name is
    the customer, then Gareth: the part after the customer's name, when it is a capitalised
    name (or a role) of its own."""
    if not spans_overlap(contact.start, contact.end, taken):
        return contact
    ends = [end for start, end in taken if start <= contact.start < end < contact.end]
    if not ends:
        return _before_customer(text, contact, taken)
    start = (
        ends[-1] + len(text[ends[-1] : contact.end]) - len(text[ends[-1] : contact.end].lstrip())
    )
    rest = text[start : contact.end]
    # "met the new northwind buyer": a role after the customer's name is that customer's
    fits = slot_finders.is_role if contact.kind == "role" else _NAME_AFTER_CUSTOMER.fullmatch
    if not fits(rest) or spans_overlap(start, contact.end, taken):
        return None
    return replace(contact, start=start, text=rest, value=rest)


_NAME_AFTER_CUSTOMER = re.compile(r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?")


def _before_customer(
    text: str, contact: slot_finders.Found, taken: Sequence[tuple[int, int]]
) -> slot_finders.Found | None:
    """ "call with Gemma Northwind buyer" read as one name is Gemma, then the customer: the part
    before the customer's name, when it is a capitalised given name."""
    starts = [start for start, end in taken if contact.start < start < contact.end]
    if not starts:
        return None
    rest = text[contact.start : starts[0]].rstrip()
    if not _NAME_AFTER_CUSTOMER.fullmatch(rest) or not slot_finders.is_given_name(rest.split()[0]):
        return None
    return replace(contact, end=contact.start + len(rest), text=rest, value=rest)


def _until_clock(text: str, mention: TimeMention) -> bool:
    """ "在东辰聊到六点", "待到五点多": a bare clock time after 到 ends something said, it dates
    nothing of its own."""
    return (
        mention.grain in ("hour", "minute")
        and mention.text[:1].strip() != ""
        and is_cjk(mention.text[0])
        and not DATED.search(mention.text)
        and mention.start_char > 0
        and text[mention.start_char - 1] == "到"
        and re.fullmatch(
            r"[零〇一二两三四五六七八九十\d]+[点:：][\d半一二三四五六七八九十刻分]*多?",
            mention.text,
        )
        is not None
    )


# A deal said done, then a spoken figure: "kensington signed off on the tablets thirty one
# thousand" (or "one point two million") is that much in the local currency, as "… thirty one k" is.
_DEAL_DONE_EN = re.compile(
    r"\b(?:signed|won|closed|said\s+yes|agreed|confirmed\s+the\s+order|placed\s+the\s+order)\b",
    re.IGNORECASE,
)


# "thirty one thousand", "one point one five million": a spoken figure big enough to be money
_LARGE = re.compile(r"\b(?:thousand|million)\b", re.IGNORECASE)


def _signed_for(
    text: str, money: list[MoneyMention], blocked: list[tuple[int, int]], currency: str
) -> list[MoneyMention]:
    if money or not _LARGE.search(text) or not _DEAL_DONE_EN.search(text):
        return []
    found = []
    for number in find_numbers(text, "en"):
        if not _LARGE.search(number.text) or spans_overlap(number.start, number.end, blocked):
            continue
        if (
            _DEAL_DONE_EN.search(text, _back_over_words(text, number.start, 70), number.start)
            is None
        ):
            continue
        found.append(MoneyMention(number.start, number.end, number.text, currency, number.value))
    return found[:1]


def _back_over_words(text: str, end: int, width: int) -> int:
    """Where the `width` characters before `end` start, a run of blanks (the words a dictated
    repair took back: "twelve thousand … no wait fifteen thousand") counted as one."""
    start, seen = end, 0
    while start > 0 and seen < width:
        start -= 1
        if not (text[start].isspace() and start > 0 and text[start - 1].isspace()):
            seen += 1
    return start


_BARE_HOUR = re.compile(
    r"(?:at\s+)?(?:one|two|three|four|five|six|seven|[1-7])(?:\s*o'?clock)?", re.IGNORECASE
)


_BARE_MORNING_HOUR = re.compile(
    r"(?:at\s+)?(?:eight|nine|ten|eleven|8|9|10|11)"
    r"(?:[:.][0-5]\d|\s+(?:fifteen|thirty|forty[\s-]five|o'?clock))?",  # "at nine fifteen"
    re.IGNORECASE,
)


def _local_reading(text: str, mention: TimeMention, now: datetime, language: str) -> TimeMention:
    """Readings the grammar (scored on Duckling's US-English corpus) cannot know: "5/3" is the
    5th of March to an English speaker outside North America and China; "after the weekend" is
    the Monday after it."""
    due = _due_day_first(mention, now) if language == "en" else None
    if due is not None:
        return due
    if language == "en" and mention.end is None and mention.grain in ("day", "week"):
        numeric = _NUMERIC_DATE.search(mention.text) if _day_first(now) else None
        if numeric is not None and int(numeric["a"]) <= 12 and int(numeric["b"]) <= 12:
            day, month = int(numeric["a"]), int(numeric["b"])
            year = now.year if (month, day) >= (now.month, now.day) else now.year + 1
            value = mention.value.replace(year=year, month=month, day=day)
            if mention.grain == "week":  # "w/c 8/3": the week holding that day, as the grammar's
                value += timedelta(days=1)
                value -= timedelta(days=value.weekday())
            return replace(mention, value=value)
    if (
        language == "en"
        and BARE_WEEKDAY.fullmatch(mention.text.strip())
        and mention.value.date() > now.date()
        and re.search(r"\bsince\s+(?:last\s+)?$", text[: mention.start_char])
    ):
        # "offline since Monday": the Monday gone
        week = timedelta(days=7)
        return replace(mention, value=mention.value - week)
    if (
        language == "en"
        and mention.grain == "hour"
        and mention.end is None
        and 1 <= mention.value.hour <= 7
        and _BARE_HOUR.fullmatch(mention.text.strip())
    ):
        # "harbourview at three": a working hour, the afternoon one
        return replace(mention, value=mention.value.replace(hour=mention.value.hour + 12))
    if (
        language == "en"
        and mention.grain == "hour"
        and mention.end is None
        and mention.value.hour >= 20
        and _BARE_MORNING_HOUR.fullmatch(mention.text.strip())
    ):
        # "at nine" said in the evening: the next working morning, not nine tonight
        return replace(mention, value=mention.value + timedelta(hours=12))
    if mention.end is not None and WEEKEND.search(mention.text):
        after = re.search(r"\bafter\s+(?:the\s+|this\s+)?$", text[: mention.start_char])
        if after is not None:
            monday = mention.end.replace(hour=0, minute=0, second=0)
            while monday.weekday() != 0:
                monday += timedelta(days=1)
            return TimeMention(
                after.start(),
                mention.end_char,
                text[after.start() : mention.end_char],
                monday,
                "day",
            )
    return _zh_working_hour(mention)


# A Chinese clock time said with no day and no part of the day: "两点半", "十一点".
_ZH_BARE_CLOCK = re.compile(
    r"[零〇一二两三四五六七八九十\d]+\s*[点點:：]\s*(?:[\d零〇一二三四五六七八九十]+分?|半|一刻|三刻)?\s*(?:钟|整)?"
)


def _zh_working_hour(mention: TimeMention) -> TimeMention:
    """A bare Chinese clock time is a working hour, as a bare English one is ("at three"): one
    to six is the afternoon (两点半 said at six in the evening is not half past two at night,
    as 明天三点 is 15:00), eight to eleven the morning (十一点 said in the evening is not eleven
    that night)."""
    if (
        mention.end is not None
        or mention.grain not in ("hour", "minute")
        or not _ZH_BARE_CLOCK.fullmatch(mention.text.strip())
        or not any(is_cjk(char) for char in mention.text)
    ):
        return mention
    hour = mention.value.hour
    if 1 <= hour <= _LAST_AFTERNOON_HOUR - 12:
        return replace(mention, value=mention.value + timedelta(hours=12))
    if _FIRST_MORNING_HOUR + 12 <= hour <= _LAST_MORNING_HOUR + 12:
        return replace(mention, value=mention.value + timedelta(hours=12))
    return mention


_LAST_AFTERNOON_HOUR, _FIRST_MORNING_HOUR, _LAST_MORNING_HOUR = 18, 8, 11


def _due_day_first(mention: TimeMention, now: datetime) -> TimeMention | None:
    """ "send the quote by 11/12" in London: due by the 11th of December (a deadline runs from
    now to the end of the day it names)."""
    if mention.end is None or abs(mention.value - now) >= timedelta(seconds=1):
        return None
    numeric = _NUMERIC_DATE.search(mention.text) if _day_first(now) else None
    if numeric is None or int(numeric["a"]) > 12 or int(numeric["b"]) > 12:
        return None
    day, month = int(numeric["a"]), int(numeric["b"])
    year = now.year if (month, day) >= (now.month, now.day) else now.year + 1
    midnight = now.replace(year=year, month=month, day=day, hour=0, minute=0, second=0)
    return replace(mention, end=midnight + timedelta(days=1))


def _day_first(now: datetime) -> bool:
    zone = getattr(now.tzinfo, "key", None)
    return zone is not None and not zone.startswith(_MONTH_FIRST_ZONES)


def _bare_ticket(text: str) -> list[slot_finders.Found]:
    """ "1088 is fixed", "eleven eighty one close it", "make twenty fourteen high priority": a
    number said where a ticket is expected, in a message that moves a ticket."""
    match = _BARE_TICKET.match(text) or _REOPEN_NUMBER.search(text)
    if match is None:
        return []
    if slot_finders.find_status(text) is None and not PRIORITY_CHANGE.search(text):
        return []
    words = match.group("number")
    number = int(words) if words.isdigit() else slot_finders.spoken_ticket_number(words)
    if number is None or not 100 <= number <= 9_999_999:
        return []
    start = match.start("number")
    end = start + len(words.rstrip(" -"))
    return [slot_finders.Found(start, end, text[start:end], f"T-{number}")]


def _default_currency(context: ParseContext, language: str) -> str:
    """Chinese amounts are yuan; an English amount with no currency is in the money of the
    place the speaker is in ("three hundred grand" in London is pounds)."""
    if language == "zh":
        return context.default_currency
    zone = getattr(context.now.tzinfo, "key", None)
    return local_currency(zone) or context.default_currency


def _without_leading_verb(start: int, end: int, name: str) -> tuple[int, int, str]:
    """'拜访了星河贸易有限公司' names 星河贸易有限公司: the verb before a name is not part of it."""
    lead = _LEADING_VERB.match(name)
    if lead is None or len(name) - lead.end() < 4:
        return start, end, name
    return start + lead.end(), end, name[lead.end() :]


# Dictation corrects itself: "签了三万八哦不对是四万八", "六十二万哦不是六十八万".
_SAID_AGAIN_ZH = re.compile(
    r"[\s,，]*(?:嗯|呃|额|啊)*[\s,，]*(?:[哦噢]?不对|[哦噢]不是?|说错了|我说错了|口误|错了|不不)+"
    r"[\s,，]*(?:嗯|呃|哦)*(?:应该是|是)?[\s,，]*"
)


def _amounts_said_again(text: str, money: list[MoneyMention]) -> list[MoneyMention]:
    """An amount taken back in the same breath gives way to the one said after it."""
    ordered = sorted(money, key=lambda m: m.start)
    dropped = {
        id(first)
        for first, second in itertools.pairwise(ordered)
        if _SAID_AGAIN_ZH.fullmatch(text, first.end, second.start)
    }
    return [m for m in money if id(m) not in dropped]


# "监护仪…呃不是监护仪是输液泵", "扫码枪不对是打印机": the thing named again after a correction.
_NAMED_AGAIN_ZH = scouted(r"(?:[哦噢]?不对|[哦噢]?不是|说错了|口误)[\s,，]*(?:嗯|呃|哦)*[\s,，]*")


_NAMED_AGAIN_IS = re.compile(r"[\s,，]*(?:应该是|是)[\s,，]*")


def _products_said_again(
    text: str, products: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Dictation corrects the thing as it does the amount: a product taken back ("不是监护仪是
    输液泵") gives way to the one said after the correction, wherever the first was said."""
    starts = {start: product for product in products for start in [product[0]]}
    denied: set[str] = set()
    for mark in _NAMED_AGAIN_ZH.finditer(text):
        at = mark.end()
        repeated = next(
            (p for p in products if p[0] < mark.start() and text.startswith(p[2], at)), None
        )
        if repeated is not None:
            at += len(repeated[2])
        said = _NAMED_AGAIN_IS.match(text, at)
        at = said.end() if said else at
        if (repeated is not None and said is None) or at not in starts:
            continue
        taken_back = repeated or max(
            (p for p in products if p[1] <= mark.start()), key=lambda p: p[0], default=None
        )
        if taken_back is not None and taken_back[2] != starts[at][2]:
            denied.add(taken_back[2])
    return [p for p in products if p[2] not in denied]

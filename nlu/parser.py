"""`parse(text, context) -> ParseResult`: one message in, the CRM actions it asks for out.

The deterministic layer runs first (as in Snips NLU): extractors find customers, times, money,
tickets, contacts and the like over the whole message; the message is cut into clauses where the
trigger phrases of different intents meet; each clause becomes an action whose intent is decided by
the triggers (and, where triggers are silent or split, the trained classifier), and whose slots are
the entities inside it, the customer carried over from earlier clauses when a clause names none.
Pure: no database, no network; the customer directory comes in the context.
"""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, TypeVar

import ahocorasick

from nlu import slots as slot_finders
from nlu.asked_about import asked_about
from nlu.asks import CHATTER, calls_off_a_plan, details_to_come, loyalty_told
from nlu.competitors_en import named_as_rival
from nlu.counted_goods_zh import counted_goods
from nlu.customer_index import CustomerIndex, CustomerMention
from nlu.deals_en import won_deal_hits
from nlu.errands_en import errand_hits, opens_errand
from nlu.errands_zh import (
    asked_how_hits,
    errand_hits_zh,
    hits_settled_zh,
    moved_plan_hits,
    ticket_asked_hits,
)
from nlu.faults_en import fault_hits, no_fault_in_business_talk
from nlu.faults_zh import fault_hits_zh
from nlu.intents import TriggerHit, dialogue_act, trigger_hits
from nlu.language import detect_language
from nlu.listed_plans_en import bare_reminder, listed_items
from nlu.money import find_money, local_currency
from nlu.moved_plans_en import moved_to
from nlu.news_en import reports_news
from nlu.numbers import find_numbers
from nlu.own_plans_en import own_step_hits
from nlu.plans_zh import going_not_done, own_plan_starts, told_as_done
from nlu.product_names_zh import after_verb_or_place, brand_and_model_start, names_a_department
from nlu.products_en import CLASS_HEADS, TRADE_VERBS, after_last_barrier, is_company_plc
from nlu.questions_en import asked_in_sentences
from nlu.said_again_en import customers_said_again
from nlu.said_again_zh import names_said_again
from nlu.script_zh import as_written, simplified
from nlu.text import is_cjk
from nlu.their_plans_en import their_own_event, their_wish_for_the_goods
from nlu.time import find_times
from nlu.time.calendar import add_grain
from nlu.time.holidays import ZH_NAMES, days_off
from nlu.typed_layout_en import blank_english_layout
from nlu.typed_layout_zh import blank_typed_layout
from nlu.types import MoneyMention, TimeMention
from nlu.voice_en import heard_as_typed
from nlu.voice_zh import opening_fillers

_T = TypeVar("_T")
MAX_ANALYSED_CHARS = 4000  # a 20,000-character paste is parsed on its head; the rest is summary
# Candidates this close to the best are offered, not guessed between. Below the 3 points a
# derived short form loses to a registered alias, so an alias the user entered wins.
AMBIGUITY_MARGIN = 2.0
NEEDS_CUSTOMER = frozenset(
    {"log_interaction", "schedule_followup", "query_customer", "open_ticket", "record_deal"}
)
# A ticket updated after another action of the same message is that customer's ticket.
_TAKES_CUSTOMER = NEEDS_CUSTOMER | {"update_ticket"}
WITH_PRODUCT = frozenset(
    {"open_ticket", "record_deal", "log_interaction", "update_ticket", "schedule_followup"}
    | {"query_customer"}
)
# Intents in order of precedence when one clause triggers several.
PRECEDENCE = (
    "create_customer",
    "update_ticket",
    "loyalty_summary",
    "list_agenda",
    "help",
    "open_ticket",
    "record_deal",
    "schedule_followup",
    "log_interaction",
    "query_customer",
)
# Deal words that say a deal was won or lost, with or without its amount; the others (合同,
# 订单, 续约, contract) need an amount to record a deal.
_DEAL_DONE = frozenset(
    {"签了", "签约", "成交", "中标", "我们中了", "拿下", "赢单", "丢单", "签单", "signed",
     "closed the deal", "closed a deal", "deal closed", "won the", "lost the deal",
     "renewal signed", "booked a deal", "deal worth", "closed the", "signed the", "signed for",
     "won ", "awarded us", "awarded the", "po received", "got the po", "deal done",
     "order confirmed", "confirmed the order", "order is confirmed", "placed the order",
     "placed an order",
     "续约了", "续签了", "续费了", "签约了", "拿下来了", "inked", "po came in",
     "po下来了", "po到了", "收到po", "收到了po", "po收到了", "renewal locked", "po in",
     "deal locked", "locked in the", "locked it in"}
)  # fmt: skip
# A deal lost or fallen through is news to log, not a deal to record: "丢单了，被竞争对手抢了",
# "选了别家", "lost Ashford to a competitor", "they went with someone else", "fell through".
_LOST_DEAL = re.compile(
    r"丢单|单子丢了|丢了(?:这个|那个)?单|(?:被|让)[^，,。；;]{0,10}(?:抢|拿|撬|挖)(?:走了|去了|了)|"
    r"(?:选|找|用)了别(?:家|人|的)|跟别家签|给了别家|这单没(?:了|戏)|单子黄了|没拿下|没签成|截胡|"
    r"\blost\b[^.,;]{0,40}\bto\s+(?:a\s+|the\s+|another\s+|some\s+)?(?:competitor|rival|vendor|"
    r"local|cheaper|other|someone|somebody)|\blost\s+the\s+(?:deal|bid|tender|contract|renewal)\b|"
    r"\bwent\s+with\s+(?:someone|somebody|another|a\s+competitor|the\s+competitor|a\s+cheaper|"
    r"a\s+local|the\s+other|other)\b|\bwent\s+with\b[^.,;]{1,30}\binstead\b|"
    r"\bgoing\s+with\s+(?:a\s+|the\s+)?(?:competitor|someone|somebody|another|other)\b|"
    r"\bfell\s+through\b|\bdeal\s+is\s+off\b|"
    r"\b(?:picked|chose|opted\s+for|went\s+for|selected)\s+(?:another|a\s+different|a\s+cheaper|"
    r"a\s+competitor|the\s+competitor|someone\s+else|a\s+rival)\b|"
    # "signed with someone else": their deal with another supplier
    r"\bsigned\s+(?:up\s+)?with\s+(?:someone|somebody|another|a\s+competitor|the\s+competitor|"
    r"a\s+rival|a\s+cheaper|a\s+local|the\s+other|other)\b",
    re.IGNORECASE,
)
# A deal word said with a negation ("not signed yet", "今年不续约了", "没下单") is news too.
_NEGATED_DEAL = re.compile(
    r"(?:\b(?:not|never|isn'?t|hasn'?t|haven'?t|wasn'?t|didn'?t|won'?t|yet\s+to\s+be|close\s+to|about\s+to|"
    r"ready\s+to)\s+(?:been\s+|yet\s+|"
    r"be\s+)?|\bnothing(?:'s|\s+is|\s+has\s+been)?\s+(?:yet\s+|been\s+)?"  # "nothing signed yet"
    r"|(?:不会|不再|不|没有|还没|没|未|快要?|就要|马上就?要?|准备)\s*)$",
    re.IGNORECASE,
)
# The deal word, then its completion denied: "PO still not received", "contract isn't signed yet",
# "the PO hasn't come through".
_NEGATED_AFTER = re.compile(
    r"\s*(?:still\s+)?(?:(?:is|has|was|have|had)\s*n[o']?t|not|never|yet\s+to(?:\s+be)?)\s+"
    r"(?:yet\s+)?(?:been\s+)?(?:come\s+)?(?:received|signed|in|through|arrived|confirmed|issued|"
    r"raised|placed)\b",
    re.IGNORECASE,
)
# A deal someone wants or plans, not one made.
_INTENDED = re.compile(
    r"(?:\b(?:want|wants|wanted|would like|looking for|interested in|thinking about|considering|"
    r"might|may|could)\b|想|打算|准备|考虑|可能|希望|要(?![了的求]))[^,，。.;；]*$",
    re.IGNORECASE,
)
# "定了二十八万合同下周签": a deal still to be signed is news, and its signing a plan.
_TO_BE_SIGNED = re.compile(
    r"[^，,。；;]{0,16}?(?:下周|下个?月|明天|后天|月底|周[一二三四五六日天]|还没|待|要|准备|这周|本周|明年|年底|"
    r"[上下]午|晚上|回头|改天|过两天|下礼拜|礼拜[一二三四五六日天])"
    # "订单下个月要下": an order still to be placed; "下个月才能定": one still to be decided
    r"[^，,。；;]{0,3}(?:签(?![了的好完过成])|定(?![了好])|下(?![来了]))"
    # "合同等他们老板回来就签": signed once something happens
    r"|[^，,。；;]{0,6}?等[^，,。；;]{0,10}?(?:就|再|才)签"
    # "合同他们法务还在看估计下周能签": still under review, expected to be signed
    r"|[^，,。；;]{0,10}?(?:还在(?:看|走|审|谈|评|比|改)|(?:估计|预计|争取|有望)[^，,。；;]{0,6}?"
    r"(?:签|定(?![了好])))"
    # "contract to follow", "PO still to be signed": the paperwork is still to come
    r"|(?i:\s+(?:is\s+|will\s+)?(?:still\s+)?(?:to\s+follow|to\s+come|to\s+be\s+signed|"
    r"being\s+(?:drafted|drawn\s+up|prepared)))\b"
    # "PO will come only after their audit", "PO expected next week": not in hand yet
    r"|(?i:\s*(?:will|should|would|is\s+going\s+to|to)\s+(?:only\s+)?(?:come|follow|arrive|"
    r"be\s+(?:issued|raised|sent|signed|released|placed))|\s*(?:is\s+)?(?:expected|due|pending)|"
    r"\s*(?:only\s+)?(?:after|once)\s)\b"
)
# "续费下来了", "订单也下来了": the deal came through, done as "签下来了" is.
_CAME_THROUGH = re.compile(r"(?:也|都)?(?:已经)?(?:批)?下来了")
# Words after a follow-up in the same sentence that say what it is about, not a new action.
_PLANNED = frozenset({"log_interaction", "record_deal", "query_customer"})
_TOTAL_BEFORE = re.compile(
    r"(?:总共|一共|合计|总计|总额|总价|总金额|合同总额|共计|\b(?:total(?:ling)?|in total)\b)"
    r"[^,，。;；\d]{0,6}$",
    re.IGNORECASE,
)
_TOTAL_AFTER = re.compile(r"\s*(?:total|in total|overall|all in)\b", re.IGNORECASE)
# What English products are called by: a noun for the kind of thing, after the words naming it.
_PRODUCT_HEADS = (
    r"seats?|kits?|tablets?|trackers?|platforms?|sensors?|gateways?|monitors?|monitoring|pumps?|"
    r"terminals?|scales|scanners?|modules?|portals?|boards?|chillers?|freezers?|dashboards?|"
    r"panels?|probes?|handhelds?|printers?|projectors?|batteries|licen[cs]es?|servers?|laptops?|"
    r"cameras?|displays?|robots?|controllers?|routers?|software|app|apps|suite|carts?|trolleys?|"
    + CLASS_HEADS
)
_HEAD_WORD = re.compile(r"\b(?:" + _PRODUCT_HEADS + r")\b", re.IGNORECASE)
_PRODUCT_PHRASE = re.compile(
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
_GENERIC_PRODUCTS = frozenset(
    {"系统", "平台", "设备", "机器", "仪器", "产品", "货", "软件", "样品", "配件", "电池", "账号",
     "授权", "许可证", "system", "platform", "equipment", "device", "devices", "machine",
     "machines", "unit", "units", "software", "parts", "samples"}
)  # fmt: skip
_STRONG_BREAK = re.compile(r"[。！？!?；;\n]+")
# An English full stop ends a sentence; not after a title, an initial or "approx." nor inside a
# number ("1.5", "S$1.2M").
_FULL_STOP = re.compile(r"(?<=[A-Za-z0-9)%\]])\.(?=\s+\S)")
_NOT_SENTENCE_END = re.compile(
    r"(?:\b(?:mr|mrs|ms|dr|st|co|no|vs|approx|ca|etc|jr|sr|inc|ltd|corp|prof|mt|ft|e\.g|i\.e|"
    r"dept|tel|ext)|\b[A-Za-z])$",
    re.IGNORECASE,
)
_CONNECTIVE = re.compile(
    r"另外|还有就是|还有|然后呢|然后|并且|而且|同时|此外|顺便|对了|"
    r"\b(?:also|and then|plus|btw|by the way|another thing|oh and|"
    # dictated without punctuation, the rep turns to what to do next
    r"let'?s(?= (?:do|set|book|meet|schedule|get|have|catch|plan|arrange|go))|"
    r"so i (?:need|have) to|i promised|i'?ll need to|"
    # a ticket moved after other news: "… happy with the wrappers and ticket 2150 can be closed"
    r"(?<!\d\s)(?:and|so)(?=\s+(?:(?:please|pls|can you|you can)\s+)?"
    r"(?:(?:close|reopen|resolve|mark)\s+)?(?:ticket|tkt|t-?\d)))\b"
    # "send brochure + pricing Mon": a plus between two things sent lists them, one errand
    r"|(?<=\s)\+(?=\s)(?!\s*(?:the\s+|a\s+)?(?:pricing|prices?|quotes?|brochures?|specs?|"
    r"datasheets?|samples?|proposal|deck|catalog(?:ue)?|price\s+list|info|details|invoice)\b)"
    # "all good -> send pricing Mon": a typed arrow leads to what comes next, unless it only
    # gives a ticket its new state ("T-2381 -> resolved")
    r"|(?<=\s)(?:->|=>|→)(?=\s+(?!(?:resolved|closed|fixed|done|in progress|reopened|high|low|"
    r"urgent|normal)\b))",
    re.IGNORECASE,
)
# (a comma before three digits groups thousands, "SGD 42,000": no break)
_WEAK_BREAK = re.compile(r"[，、]|,(?!\d{3}(?!\d))")
_FILLERS = re.compile(
    r"(?:嗯+|呃+|额+|那个|就是说|就是|然后|啊|哦|噢)(?=[\u4e00-\u9fff\s]|$)"
    r"|\b(?:um+|uh+|erm|like|you know|i mean)\b[,]?\s*",
    re.IGNORECASE,
)
_ORG_SUFFIX = re.compile(
    r"[\u4e00-\u9fffA-Za-z0-9]{2,10}?(?:有限公司|股份公司|集团|公司|科技|医院|医疗|诊所|学校|大学|银行|酒店|"
    r"超市|药业|电子|物流|食品|工厂|厂|研究所|中心|"
    # the industry words the directory's names end in ("东方精密", "海天精工", "明德制药")
    r"精密|精工|机械|制药|纺织|贸易|商贸|实业|百货|汽配|塑胶|鞋业|船配|冷链|供应链|新材)"
    r"(?:(?:股份)?有限公司|公司|集团)?"  # the legal ending after the trade: "星河贸易有限公司"
    r"|\b[A-Z][A-Za-z&]+(?:\s+[A-Z][A-Za-z&]+){0,3}\s+(?:Inc|Ltd|LLC|Corp|Co|GmbH|Limited|Group|Foods|"
    r"Logistics|Systems|Labs|Hospital|Clinic|Bank|Hotel|"
    # a business's trade, last word of its name ("Greenway Dairy", "Hallam Engineering's MD")
    r"Dairy|Dairies|Farms?|Bakery|Engineering|Traders|Trading|Pharma|Pharmaceuticals|Medical|"
    r"Healthcare|Academy|Schools?|College|Retail|Stores|Utilities|Electronics|Partners|Motors|"
    r"Construction|Solutions|Services|Industries|Textiles|Plastics|Shipping|Freight|Hotels|"
    r"Manufacturing|Precision|Tools|Supplies|Packaging|Chemicals|Energy|Water|Holdings)\b\.?"
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
        if _overlaps(start, end, taken) or any(w in _NOT_A_COMPANY_WORD for w in words):
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
_MONTH_END = re.compile(
    r"月底|月末|年底|年末|month[- ]?end|year[- ]?end|end of (?:the |this |next )?"
    r"(?:month|mth|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
)
_WEEKEND = re.compile(r"[周週]末|weekend", re.IGNORECASE)
# "late next week" is its end too: the working week's last day.
_END_OF_WEEK = re.compile(
    r"end of (?:the |this |next )?week|week'?s end|\blate (?:this |next )?week", re.IGNORECASE
)
# Lunch names a meeting on a day, not a clock time ("lunch with Tom on Thursday").
_LUNCH = re.compile(r"(?<!after )\blunch\b", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"(?<![\d/.])(?P<a>\d{1,2})\s*/\s*(?P<b>\d{1,2})(?![\d/])")
# Where short dates are written month first (US, Canada, the Philippines, China, Taiwan).
_MONTH_FIRST_ZONES = (
    "America/", "US/", "Canada/", "Pacific/Honolulu", "Asia/Manila", "Asia/Shanghai",
    "Asia/Chongqing", "Asia/Harbin", "Asia/Urumqi", "Asia/Taipei", "PRC", "ROC",
)  # fmt: skip
# Before a holiday is the working days up to its eve ("国庆节前", "before Christmas").
# A named holiday ("before" it is the day before: 国庆前, 双十一前, 五一前, before Christmas).
_HOLIDAY = re.compile(
    r"[节節]|元旦|除夕|"
    + ZH_NAMES.pattern
    + r"|christmas|xmas|new year|easter|thanksgiving|halloween",
    re.IGNORECASE,
)
_MONTH_START = re.compile(
    r"月初|beginning of (?:the |this |next )?(?:month|mth)|early (?:next|this) (?:month|mth)|"
    r"start of|"
    r"early (?:in )?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
    re.IGNORECASE,
)
_BARE_WEEKDAY = re.compile(
    r"(?:上)?(?:[周週]|星期|[礼禮]拜)[一二三四五六日天]"
    r"|(?:last |on )?(?:mon|tues|wednes|thurs|fri|satur|sun)day"
    # written short in notes: "Visited Pemberton Fri", "on Weds"
    r"|(?:last |on )?(?:mon|tues?|weds?|thur?s?|fri|sat|sun)\.?",
    re.IGNORECASE,
)
# Follow-up commands whose whole sentence is the thing to do, whatever words it contains.
_REMINDER_COMMANDS = frozenset({"提醒我", "remind me", "book a", "schedule a", "set up a meeting"})
_REP_CALL = re.compile(
    r"\b(?:phoned|called them|rang them|call with|had a call|on a call|call\s*[-:–—]|"
    r"spoke (?:to|with)|talked (?:to|with))"
    # "给蓝湾周主任打了电话", "跟安康口腔胡总通了电话": a call the rep made
    r"|给[^，,。；;]{1,12}打了?个?电话|跟[^，,。；;]{1,12}(?:通|打)了?个?电话|打电话给|回了?个?电话",
    re.IGNORECASE,
)
_SAID = re.compile(r"说|反馈|\b(?:says|said|told|mentioned|confirmed)\b", re.IGNORECASE)
# How the rep and the customer talked: a call, a message, a visit.
_INTERACTION = re.compile(
    r"电话|来电|微信|短信|邮件|见了|拜访|上门|开会|電話|來電|見了|見咗|见咗|去咗|拜訪|上門|開會|[从從][^，,。；;]{1,12}出来|\b(?:call|called|rang|phoned|emailed|texted|"
    r"messaged|met|visited|meeting|lunch|dinner|coffee|spoke|talked|whatsapp(?:ed|'d)?)\b"
    # "depot visit done, …", "Harbourview visit: …": a visit reported done
    r"|\bvisit\s*(?::|(?:done|went|completed|finished)\b)"
    r"|\b(?:finished\s+up\s+at|dropped\s+into|popped\s+into|just\s+left)\b",
    re.IGNORECASE,
)
_TAKEN_OVER = re.compile(r"我|[，,、]|然后|另外|还有|顺便")
# What follows a time when the rep is the one to act: "下周三我带合同过去", "周五之前要报价".
_OUR_ACTION = re.compile(
    r"\s*(?:之前|以前|前)?\s*(?:要|必须|得|再)?\s*(?:(?:让|叫|要)?我|给他|给她|给他们|回复|答复|报价|报个价|"
    r"出方案|过去|去|上门|拜访|见|约|签|找个时间|碰)"
)
_THEIR_WORDS = re.compile(r"(?P<we>我们?)?(?:说|反馈|表示|提到|称|讲|[:：])")
# The rep taking over after what the customer said: "…让我周三前报价", "…我说周五".
_SUBJECT = re.compile(r"(?:(?:让|要|叫)我们?|我们?(?:说|答应)?)\s*$")
_SUBJECT_AT = re.compile(r"\s*(?:(?:让|要|叫)我们?|我们?(?:说|答应)?)")
_REPORTED = re.compile(
    r"(?:说|反馈|讲|称)(?:了)?|\b(?:says|said|saying)\b(?:\s+that)?\s*"
    # "olivia called first thing | the pumping station sensors have been offline"
    r"|\b(?:called|rang|phoned|emailed|texted|messaged)\b"
    r"(?:\s+(?:first thing|this morning|this afternoon|this evening|tonight|last night|yesterday|"
    r"earlier|just now|again|(?:on\s+|last\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day))?\s*"
)
# How a report arrived, not what it says: "又打电话来说", "微信上说", "called to say".
_FRAMING = re.compile(
    r"嗯|呃|那个|就是|喂|又|刚|刚才|一早|今天|晚上|上午|下午|那边|这边|的|了|就|打电话|打了电话|来电|电话|"
    r"微信|短信|消息|发来|过来|来|说|反馈|讲|值班|然后|他们|她们|对方|"
    r"\b(?:um|uh|so|just|called|rang|phoned|emailed|texted|messaged|to|say|said|says|that|"
    r"their|they|from|the|at)\b",
    re.IGNORECASE,
)
_QUESTION = re.compile(
    r"[?？]\s*$|(?:吗|呢|没有|有没有|哪些|哪几家|哪几个|哪家|哪个|几个|多少|什么时候|什么|怎么样|怎么|如何|谁|"
    r"是不是|了没|啥|啥时候|咋样|哪里|哪儿)\s*$|^\s*(?:(?:um|uh|so|ok|okay|hey)[\s,]+)*(?:who|what|what's|whats|when|"
    r"when's|which|how|where|do we|does|did|is there|are there|any|has|have we|can you show|"
    r"show me|list)\b",
    re.IGNORECASE,
)
# Look-ups said without a question mark: "华信电子上次拜访记录", "帮我看看今天的待办".
_ASKS = re.compile(
    r"查一下|查查|查下|帮我查|帮我看|给我看|^\s*看一(?:下|眼)|列一下|列个|(?<!记)记录(?!一下|仪|丢|没了|不见)|汇总|历史|"
    r"^\s*(?:嗯|呃|那个)*\s*看看(?!就行)|进度|到期|有没有|哪些|(?<!有)几个|还有几个|谁在|(?<!不)是不是|的(?:电话|手机号?|联系方式|邮箱)\s*$|"
    # "联系人电话发我一下", "上次拜访是哪天", "今年回款多少了"
    r"(?:电话|手机号?|邮箱|资料|名单|记录)发我|(?:电话|手机号?|邮箱)(?:号码?)?(?:是)?多少|哪天|哪一天|多少钱|多少单|回款多少|多少了\s*$|"
    # a bare noun phrase: "博瑞医疗的合同", "迅捷物流宋经理电话", "华信电子今年回款情况"
    r"^\s*[^\s，,。；;！!给回打约去发]{2,12}?的?(?:(?<![打通接完了个])电话|手机号?|合同|回款情况|情况|资料|联系方式)\s*$"
)
# "demo booked for the 14th": something booked, not a question about what is booked.
_SCHEDULED = re.compile(
    r"\b(?:demo|call|meeting|mtg|visit|training|session|lunch|dinner|kickoff|kick-off|review|"
    r"install|installation|delivery|engineer|tech|technician|survey|walkthrough|workshop|"
    r"appointment|appt|fitter|installer)\s+$",
    re.IGNORECASE,
)
# Intents that ask about many records at once: the whole message is one request.
_WHOLE_MESSAGE = frozenset({"loyalty_summary", "list_agenda", "help"})
# Not CRM work: bulk changes and exports, attempts to rewrite the rules, chat about the bot.
_OUT_OF_SCOPE = re.compile(
    r"(?:忽略|忘记|忘掉).{0,8}(?:规则|指令)|系统提示词|"
    r"forget (?:your|all|the|previous) (?:rules|instructions)|system prompt|"
    r"(?:全部|所有)[^，,。]{0,12}导出|导出(?:全部|所有)|\bexport (?:all|every)|"
    # (a loyalty report over all customers reads, it changes nothing: "所有客户的忠诚度汇总")
    r"所有的?(?:客户(?![^，,。]{0,3}(?:忠诚|健康|流失|价值|复购|留存))|工单|合同|数据|手机号|电话)|"
    r"\b(?:every|all)\s+(?:the\s+)?(?:tickets?|customers?|deals?|contracts?|records?)\b|"
    # "这个机器人怎么记拜访" asks how to use it: help, not chat about the bot
    r"你是谁|你是(?:不是)?机器人|这个机器人(?!都?(?:怎么|能|可以|会|支持))|"
    r"who are you|are you a (?:bot|robot|human)",
    re.IGNORECASE,
)
_PRIORITY_CHANGE = re.compile(
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
# Work on a ticket that a time may date: an engineer coming, a part fitted.
_TICKET_WORK = re.compile(
    r"工程师|上门|派人|维修|更换|到现场|\b(?:engineer|technician|tech|on site|onsite|visiting|"
    r"coming|fix|fixing|replace|replacing|swap|install|installing|fitting)\b",
    re.IGNORECASE,
)
# Being there is an interaction of its own, not just how a fault was heard of.
_VISIT = re.compile(
    r"拜访|走访|去了|见了|待了|上门|从[^，,。；;]{1,12}出来|"
    r"\b(?:visited|met|dropped by|dropped in|was at|on site)\b"
    r"|\bvisit\s*(?::|(?:done|went|completed|finished)\b)"
    # a technician's day: "finished up at kensington", "just left northwind"
    r"|\b(?:(?:just\s+)?finished\s+up\s+at|just\s+finished\s+at|dropped\s+into|popped\s+into)\b"
    r"|\bjust\s+left\b(?!\s+(?:a|an|him|her|them|msg|message|vm|voicemail|word|it)\b)",
    re.IGNORECASE,
)
# The rep went there (a Chinese visit said without a medium word).
_WENT_THERE = re.compile(r"去了|走访")
_ENGINEER_VISIT = re.compile(
    r"(?:工程师|售后|师傅|技术员|维修)[^，,。；;]{0,8}(?:上门|到现场|在现场|过去|去了)"
)
# Asking for someone to come and look at a fault.
_SERVICE_REQUEST = re.compile(
    r"派人|派个人|派工程师|上门|过去看|过来看|看看|看一下|处理一下|修一下|来修|"
    # "…然后让售后明天过去": our service people sent
    r"(?:让|叫|安排)(?:售后|工程师|师傅|技术员)|"
    # "…，下周安排即可", "…明天来人", "…周一之前弄好"
    r"安排(?:人|工程师|一下|即可|就行)|来人|来个人|弄好|修好|处理好|"
    # "…很急明天上午要人过去", "…今天下午必须有人到现场", "…明天上午必须到"
    r"要人过去|要人到|有人(?:过去|到)|必须到|到现场|"
    # "…没信号了 跟他说了明天一早过去": going there, not sending the papers there ("发过去")
    # nor the rep's own return ("下周四再过去一趟")
    r"(?<![发送带寄传拿递再])过去(?:一趟|一下)?(?=\s*$|[，,。；;])|"
    # "can send engineer on monday or not": dictated without the article
    r"\b(?:send (?:someone|somebody|(?:an?\s+|the\s+|one\s+)?(?:engineer|tech|technician)s?)|"
    r"someone (?:to )?(?:look|come|check|there)|"
    r"(?:take|have) a look|look at it|check it)\b|"
    # "…, tech on site tmrw 7am", "Engineer there by midday" ("engineer out Fri" is a plan)
    r"\b(?:someone|somebody|(?:an?\s+)?(?:engineer|tech|technician)s?)\s+(?:on[\s-]?site|there)\b|"
    # "they want an engineer out", "need someone out" (undated: the dated "engineer out Fri" is
    # a plan of its own after a logged talk, see _plan_of_its_own)
    r"\b(?:wants?|needs?|asked\s+for|would\s+like|'d\s+like)\s+(?:someone|somebody|an?\s+"
    r"(?:engineer|tech|technician))\s+out\b|"
    # "they want it looked at tomorrow if possible", "want them swapped today"
    r"\b(?:wants?|needs?|would\s+like)\s+(?:it|them|that|those)\s+(?:looked\s+at|fixed|"
    # ("want it fixed by monday" gives a deadline: a follow-up of its own, as train has it)
    r"swapped(?:\s+out)?|replaced|sorted|checked|repaired|serviced)\b(?!\s+by\b)",
    re.IGNORECASE,
)
# A fault of its own in the request clause makes it a ticket of its own.
_TICKET_FAULT = re.compile(r"坏|报警|故障|不了|不上|\b(?:broken|down|error|failing|dead)\b")
_TICKET_WORD = re.compile(r"单子|工单|报修单|\bticket\b", re.IGNORECASE)
_NEW_TICKET = re.compile(
    r"\b(?:open|raise|log|create|start|put\s+in)\s+(?:a\s+|an\s+)?(?:new\s+)?(?:support\s+)?ticket\b"
    r"|\bnew\s+ticket\b",
    re.IGNORECASE,
)
# A ticket handed to someone: "T-2220 转给王工", "assign T-2231 to Wei Ming", "hand 2301 over".
_REASSIGNED = re.compile(
    r"转给|转交|交给|派给|指派给|分给|移交|"
    r"\b(?:re)?assign(?:ed)?\b|\bhand(?:ed)?\b[^.,;]{0,25}\bover\b|\bgive\s+it\s+to\b",
    re.IGNORECASE,
)
# A time that names its day ("明天", "周三", "5/3", "tomorrow"), not only a time of day.
_DATED = re.compile(
    r"[天日号號周週月年]|星期|[礼禮]拜|明|今|昨|前天|[后後]天|前[儿兒]|[后後][儿兒]|元旦|[节節]|\d+\s*[/.-]\s*\d+|"
    r"\b(?:mon|tue|wed|thu|fri|sat|sun|today|tomorrow|tonight|yesterday|week|month|year|"
    r"tmrw|tmr|tmw|tdy|2moro|2morrow|tomoz|"
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\b\d{1,2}(?:st|nd|rd|th)\b",
    re.IGNORECASE,
)
# "4.30", "at 11.15": a clock time written with a dot, not a date, when read as a time of day.
_DOTTED_CLOCK = re.compile(
    r"(?:(?:at|by|@)\s*)?\d{1,2}[.:][0-5]\d\s*(?:[ap]\.?m\.?)?", re.IGNORECASE
)


def _day_named_first(entities: _Entities, clause: _Clause, when: TimeMention) -> bool:
    """ "For tomorrow: call Pemberton at 9": the clause names the day before its clock time."""
    return any(
        clause.start <= t.start_char < when.start_char and t.grain == "day" and _names_a_day(t)
        for t in entities.times
    )


def _names_a_day(mention: TimeMention) -> bool:
    """Whether a time mention says its day ("tmr 10am", "12/3"), not a clock time alone."""
    if mention.grain in ("hour", "minute") and _DOTTED_CLOCK.fullmatch(mention.text.strip()):
        return False
    return _DATED.search(mention.text) is not None


_ABSENT = re.compile(r"\s*(?:不在|没在|出差|请假|(?:was |is )?(?:out sick|out|away|off sick))")
_ASKING = frozenset({"query_customer", "list_agenda", "loyalty_summary", "help", "unknown"})
_PAST = re.compile(
    r"\b(?:met|had|visited|called|rang|phoned|spoke|talked|went|was|were|did|said|says|told|"
    r"asked|left|came|saw|signed|finished|dropped by|caught up|just|earlier|yesterday|last|"
    r"wants|want|is|are|keep|keeps|emailed|texted|messaged|confirmed|mentioned|reported|"
    r"popped|dropped|swung|stopped\s+by|got\s+back|back\s+from|out\s+of|"
    # "Contract sent to Fairbank", "PO received", "voicemail from Mr Tan": done already
    r"sent|received|heard|enquired|inquired|replied|voicemail|"
    # "Pemberton liked the demo": how it went, so it went
    r"liked|loved|enjoyed|agreed|approved|accepted|declined|rejected|done|"
    # "missed call from Raj", "tried Kevin": a call that came or was tried, so it is over
    r"missed|tried)\b",
    re.IGNORECASE,
)
# The customer as the subject right before a time: what follows is their plan.
_THEIRS_BEFORE = re.compile(r"(?:他们|对方|她们|客户|厂里)(?:那边|这边)?$")
_US_AFTER = re.compile(r"[^，,。；;]{0,4}?(?:我|咱)")
# A clause that goes on to the next stop: "然后下午去…", "然后顺便去一趟…", "再去…".
# "然后下午回来跟云帆开视频会": coming back for the next stop is one too.
_THEN_GO = re.compile(
    r"\s*(?:然后|再|接着|之后)?(?:顺便|顺路|顺道|顺带)?(?:[上下中晚]午|晚上|傍晚)?(?:再)?(?:去|回来|回公司)"
)
# "明天下午去…然后晚上请他吃饭": a later part of the day planned, whatever is done then.
_THEN_THAT_DAY = re.compile(r"\s*(?:(?:然后|接着|之后)\s*)?(?:[下中]午|晚上|傍晚)")
# The end of a call or message before what was said on it, without a 说.
_THEN_EN = re.compile(
    r"\s*(?:(?:and|&)\s+)?(?:(?:uh+|um+)\s+)*(?:then|after\s+that|afterwards)\b", re.IGNORECASE
)
_THEN_BEFORE_EN = re.compile(r"\b(?:then|after\s+that|afterwards)[\s,]*$", re.IGNORECASE)


def _then_en(text: str, start: int) -> bool:
    """The clause at `start` is brought in by "then", kept in it or cut off as a connective."""
    return bool(
        _THEN_EN.match(text, start) or _THEN_BEFORE_EN.search(text, max(0, start - 16), start)
    )


_CALL_ENDS = re.compile(
    r"(?:通了|通完|打了|打完)电话|接到[^，,。；;]{0,12}?电话|来电|发了?微信|发了?短信"
    # "郑总打电话 | 车载终端有三台开不了机": the customer rang; not "我打电话给…", "要打个电话"
    r"|(?<![我给要去再])打(?:了个?|个)?电话(?:过来|来)?(?![给问])"
)
# 过 after a verb is done (去过); 过 before a span is time still to pass (过几天, 过一阵子);
# "八点到的青禾": the 是…的 of what was done, not "去的时候".
_PAST_ZH = re.compile(
    r"了|过(?![几两俩一二三四五六七八九十些段]{1,2}(?:个)?(?:天|周|阵|时间|日子|礼拜|星期|会|月))"
    r"|刚|已经|昨|前天|上周|上个|上次|[到去来见]的(?!时候|话|客户)"
)
# English: a future time after something to do ("send the invoice Monday", "a meeting next
# Tuesday at two", "wants a quote by Friday") is a follow-up; one that dates something else
# ("frozen till Q2", "the tender closes on the 30th") is not.
_DEADLINE_WORD = re.compile(r"(?:by|before|no later than)\b", re.IGNORECASE)
_EN_TODO = re.compile(
    # not what a faulty thing stopped doing: "stopped sending readings over the weekend"
    r"\b(?<!stopped\s)(?<!stop\s)(?<!not\s)(?<!keeps\s)(?<!keep\s)(?:send|sending|quote|proposal|pricing|price|meeting|meet|call|calling|visit|demo|"
    r"kickoff|kick-off|survey|update|invoice|deck|come in|talk|submit|chase|ping|ring|follow|"
    r"get back|catch[ -]up|drop by|check in|review|present|presentation|install|delivery|deliver|"
    r"onboarding|training|workshop|site|go back|going back|come back|coming back|be back|"
    r"back on site|back in|back there|back out|pop in|pop by|swing by|stop by|try|check back|"
    r"reach out|email|"
    # "get that over to him tomorrow", "get the quote out by friday": something sent on its way
    r"get\s+(?:it|that|this|them|those|these|the|a|an|our|my)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:over|out|across|back|to|sent|signed)\b|"
    r"e-mail|touch base|circle back|book|arrange|set up|sort out|find out|text them|"
    r"message them|qbr|loop back|revisit|reconvene|regroup|pencil|courier|drop off|drop them|"
    r"drop the|pop back|swing back|let'?s|(?:i|we)\s+wanna|"
    r"(?:i'?m|im|i\s+am|we'?re|we\s+are)\s+(?:gonna|going\s+to|seeing|meeting|visiting|calling)|"
    r"schedule|"
    # "should pop in again next month", "we should revisit in Q2" (not "they should sign")
    r"(?<!they\s)(?<!he\s)(?<!she\s)(?<!it\s)should|"
    # "…fifty four k and i need to book the install for the tenth": our own obligation
    r"(?:i|we)\s+(?:still\s+)?(?:need|have|must|got)\s+to|i'll|we'll|gotta|i\s+owe)\w*\b[^.;!?]*$",
    re.IGNORECASE,
)
_REQUEST_BEFORE = re.compile(
    # "he wants the contract next week", "the ops director wants the engineer in on the sixth",
    # "and kevin wants a demo"
    r"\b(?:he|she|they|we|the\s+(?:[a-z]+\s+)?(?:director|manager|lead|head|buyer|bursar|"
    r"supervisor|engineer|owner|gm|md|ceo|cfo|cto|coo)|and(?:\s+(?:the\s+)?[a-z]+){0,2})"
    r"\s+(?:also\s+)?(?:wants?|needs?|asked for|would like|'d like|"
    r"are asking for|is asking for)\b"
    # "wants to move our thursday meeting to friday": the day moved from is no plan
    r"(?!\s+to\s+(?:move|push|reschedule|postpone|shift|bring|change))[^.;!?,]*$",
    re.IGNORECASE,
)
# "on thursday i met the new buyer": a day something was done, not one promised.
_DONE_AFTER_EN = re.compile(
    r"\s*,?\s*(?:i|we|they|he|she)?\s*(?:met|visited|had|went|saw|called|rang|spoke|did|was|"
    r"were|signed|dropped)\b",
    re.IGNORECASE,
)
_NOT_COMMITMENT_BEFORE = re.compile(
    r"\b(?:till|until|through|ends?|ending|expires?|closes?|from|since|slipping(?: to)?|"
    r"frozen|up for renewal|(?:pushed|moved|put|delayed|postponed|slipped|bumped)(?: back)?"
    r"(?: to| until| till)?|leaving|leaves|retir(?:es|ing)|starts?|starting|launch(?:es|ing)?)"
    r"\s+(?:on\s+|in\s+|the\s+)?$"
    # "the new wing opens in april", "goes live in june": when something of theirs begins
    r"|\b(?:opens?|opening|goes\s+live|going\s+live)\s+(?:on\s+|in\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)
# "she wants the training day moved to the 9th", "they'd like the demo pushed back to Friday":
# a meeting or visit of ours they ask to move is one to book on the new day.
_WANTED_MOVED = re.compile(
    r"\b(?:wants?|needs?|would\s+like|'d\s+like|asked\s+(?:for|to\s+have))\s+(?:the|our|that)\s+"
    r"(?:[a-z]+\s+){0,3}?(?:moved|pushed(?:\s+back)?|put\s+back|brought\s+forward|rescheduled|"
    r"postponed|shifted)\s+(?:to|till|until)\s+(?:on\s+|the\s+)?$",
    re.IGNORECASE,
)
# "they want to delay payment until february": how long something waits, not a date promised.
_UNTIL = re.compile(r"(?:until|till|til|through|up to)\b", re.IGNORECASE)
_COMMITMENT_AFTER = re.compile(
    r"^\s*(?:之前|以前|前|左右|的时候|早上|上午|下午|晚上|(?:之)?后第一(?:周|个?工作日|天))?\s*"
    r"(?:一上班就|一早就|就(?=给|把|发|打|约|联系|拜访|找))?\s*(?:我|我们|他|他们|让我|叫我|再|会|要|得|去|过去|来|"
    # a manager hands the errand on: "明天让小张去把合同拿回来", "周五叫老李过去一趟"
    r"(?:让|叫|派)[\u4e00-\u9fff]{1,3}?(?:去|过去|把|给|跟|联系|打|送|带|上门)|"
    r"必须|一定|需要|争取|尽量|可以|能|先|跟|和|重新|"
    r"给|把|发|打|报|出|交|提交|送|安排|上门|回复|答复|联系|见|约|拜访|带|做|演示|确认|签|过来|找|"
    r"call|send|email|visit|meet|follow|get back|circle|go|come|drop|deliver|submit|share|demo|"
    r"i'?ll|we'?ll|to )",
    re.IGNORECASE,
)
# "周末去了趟科达": a visit that happened, not one promised.
_DONE_AFTER = re.compile(r"^\s*(?:\S{0,2}?)(?:去|来|见|到|拜访|约|打|开|签|发|聊|给)了")
# "周四去嘉和超市转了转", "中午和院长吃了顿饭": a weekday or a time of day with no date, then a
# deed done in the same breath, is when it happened.
_DONE_LATER = re.compile(r"[^，,。；;！？!?\n]{0,14}?[\u4e00-\u9fff](?:了(?!解)|过(?=了|\s|$))")
# Going to a customer: "去华康医院", "去了趟港联物流", "在闽江制药待了一天".
# ("九点多到的仁爱医院": arriving, said as what was done when)
_WENT_TO = re.compile(r"(?<![过回出进上下失])(?:去了?|去了?一?趟|到了|到的|去的|在)\s*$|刚从\s*$")
_THEY_SAID_LATER = re.compile(
    r"[^，,。；;！？!?\n]{0,16}?(?:(?:他|她|他们|对方)(?:说|反馈|表示)|"
    # "郑总周五打电话说…": the call that brought the news
    r"(?:打电话|打了个?电话|来电话?|发微信|微信|发消息)(?:来|里|上)?说)"
)
_STILL_TO_DO = re.compile(r"要|再|会|准备|打算|得|必须|记得|之前|以前|提醒|约了|约好")
_COMMITMENT_BEFORE = re.compile(
    r"(?:答应|约了|约好|让我们?|要我们?|叫我们?|说好|我说|我回复?说|记得|准备|计划|打算|安排|promised|agreed|"
    r"will|by|until|"
    r"before|next step)\s*$",
    re.IGNORECASE,
)
# Someone reported something: what they said is logged before what was promised after it.
_REPORT = re.compile(
    r"(?<![我再你就])(?:说|反馈|表示|提到|提出|问|来电|回电话|打电话|电话|微信|邮件|见了|去了|聊了|吃饭)"
    r"(?!一下|一声)"
    # what the rep said is a promise, not a report: "i said i'd send a quote on monday"
    r"|\b(?<!\bi\s)(?<!\bwe\s)(?:says|said|told|tells|mentioned|asked|asking|needs|rang|"
    r"called|phoned|emailed|texted|messaged|confirmed|reported|call with|meeting with|lunch with|"
    r"dinner with|coffee with|on the phone|"
    # "i'd visit on monday", "we'll visit", "to visit": a visit still to come
    r"(?<!next\s)(?<!another\s)(?<!'d\s)(?<!’d\s)(?<!\bid\s)(?<!'ll\s)(?<!\bto\s)(?<!\bwill\s)"
    r"(?<!\bwould\s)(?<!\bcan\s)visit|visited|met|just left|"
    r"came out of|out of|was at|"
    r"went well|went)\b",
    re.IGNORECASE,
)
# "call with Tom at Pemberton, they're adding seats | he wants a call Monday": the request
# is theirs, so what came before it is a report of its own, not the plan's framing.
_THEIR_REQUEST = re.compile(
    r"[\s,]*(?:and\s+|but\s+|so\s+)?(?:he|she|they)\s+(?:wants?|needs?|asked|asks|would like)\b",
    re.IGNORECASE,
)
_THEIR_REQUEST_IN = re.compile(
    r"(?<=\s)(?:he|she|they)\s+(?:wants?|needs?|asked|asks|would like)\b", re.IGNORECASE
)
_OWN_FOLLOW_UP = re.compile(
    r"[\s,]*(?:(?:uh+|um+|so|and|then)\s+)*(?:follow[ -]?up|f/u|call (?:them |him |her )?back|"
    r"circle back|check in|touch base|chase|"
    # "happy w/ the demo - quote 30 units by the 20th": our errand, said in a word of its own
    r"send|quote|reconvene|loop back|ping|ring (?:them |him |her )?back|proposal|"
    # "grace happy, | next catch up in april", "…, let's regroup fri", "…, i'll pop in tues"
    r"next (?:catch[ -]?up|meeting|mtg|call|visit|review|check[ -]?in|step)|revisit|regroup|"
    r"let'?s|remind me|pencil|book|set up|(?:i|we)(?:'ll| will| should| need to| have to)|"
    # our step said with no subject: "…, keen on the cell, going to put a quote together"
    r"(?:going to|gonna|will|must|need to|have to|aim to|plan is to|the plan is to))\b",
    re.IGNORECASE,
)
# Something happened or was said: a verb of news in the words before a request.
_NEWS = re.compile(
    r"\b(?:is|are|was|were|wants?|needs?|said|says|asked|approved|signed|replacement|happy|"
    r"expanding|adding|passed|fixed|working|pilot|moving|cutting|on track|going well|went well|"
    r"keen|interested|confirmed|agreed|likes|liked|delayed|slipping|ready|unhappy|pleased|fine|"
    r"good|great|ok|okay|positive|sorted|resolved)\b",
    re.IGNORECASE,
)
# "何总说下个月再谈": talking again later is a plan for both sides, even in their words.
_TALK_AGAIN = re.compile(
    r"^\s*(?:之后|以后|后|前后)?\s*再(?:细谈|谈|聊|商量|沟通|评估|约|联系|议)"
    # "采购说下个月找时间开个线上会": a time found to meet is both sides' plan
    r"|^\s*(?:再)?找(?:个)?时间(?:再)?(?:开|聊|谈|见|碰|约|过来|过去|沟通)"
)
# "…说下周一开标", "…培训想放到下周二", "下周三开启动会": a day they name for something done with
# us (a meeting, a tender, training, go-live) is a plan of ours too, unlike their own errands
# ("月底前把货款打过来").
_JOINT_EVENT = re.compile(
    # "然后一月中旬还要再碰一次", "周五下午三点线上过方案"
    r"^\s*(?:之前|以前|前|左右|的时候)?[\s,，]*(?:还|再|要|想|会|就|先|正式|可以|一起)*\s*(?:开始)?\s*"
    r"(?:线上|线下|电话|视频|远程|当面)?\s*(?:"
    r"细谈|谈|聊|商量|开会|开个?会|开标|开[\u4e00-\u9fff]{0,3}会|启动会|培训|开通|验收|安装|"
    r"部署|演示|见面|碰头|碰一下|碰一?次|碰个面|过方案|过一下|来(?:我们|我司)?(?:公司|厂里)|过来|来看|发需求|评审|"
    r"试用|签|实施|"
    # "签下来了然后下礼拜一开始进场", "下周三开工": our people start work on site
    r"进场|开工|动工|"
    # "他说下周一给答复": their answer to us, to be chased that day
    r"给(?:个|我们|我)?(?:答复|回复|回话)|"
    # "他说…大概五万下周给报价": a quote is ours to give, whoever names the day
    r"(?:给|出|发)(?:个|他们?|她)?(?:报价|方案)|"
    r"(?P<start>开始(?=\s*(?:$|[，,。；;])))|"
    # what they expect from us by then: "下周三前要看到方案"
    r"(?:要|想)(?:看到|拿到|收到)?(?:我们的)?(?:方案|报价|合同|样品|资料|标书))"
)
# A time taken back and said again: "Tuesday, no, make it Wednesday", "周三不对改到周四".
_CORRECTION = re.compile(
    r"\bno\s*[,.!-]|\b(?:actually|sorry|i mean|make it|scratch that|change (?:it|that) to)\b|"
    # dictated: "thursday no wait friday", "twenty k no twenty five k", "or rather"
    r"\b(?:no\s+wait|wait\s+no|no\s+no|or\s+rather)\b|"
    # a bare "no" before the day, time or figure said again: "by wednesday no thursday"
    r"\bno(?=\s+(?:(?:uh+|um+|on|at|by|the|make\s+it)\s+)*(?:(?:mon|tues|wednes|thurs|fri|satur|"
    r"sun)day|tomorrow|today|next|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|half|quarter|\d)\b)|"
    r"不对|改到|改成|改为|说错了|口误|哦不(?!错)",
    re.IGNORECASE,
)
_SPEECH = re.compile(
    r"says|said|told|tells|mentioned|asked|asking|needs|rang|called|phoned|emailed|texted|"
    r"messaged|confirmed|reported|on the phone",
    re.IGNORECASE,
)
# "pls add St Albans Grammar School as a customer"
# "please create Dunmore Bakeries as a customer"; "帮我把绍兴恒昌布业录进系统"
_ADD_AS_CUSTOMER = re.compile(
    r"\b(?:add|create|set\s+up|put|enter|register)\s+(?P<en>[A-Za-z0-9&.' -]+?)\s+as\s+(?:a\s+)?"
    r"(?:new\s+)?(?:customer|client|account)"
    r"|把(?P<zh>[^\s,，。；;]{2,20}?)(?:录进|录入|加进|加到|建进|录到)(?:系统|客户库|客户列表|CRM)"
    r"(?P<zh_en>(?!))?",
    re.IGNORECASE,
)
_EN_TURN = re.compile(
    r"\b(?:and|so|but)\s+(?:(?:uh+|um+|also|then)\s+)*(?P<who>(?:she|he|they|we|i)\b"
    # "… and uh the store manager wants training on thursday", "… and imran wants a call"
    # "… and uh kb trading need a call back monday": a plural or company subject
    r"|(?:(?:the|their|his|her|our)\s+)?(?:[a-z]+\s+)?[a-z]+\s+(?=(?:wants?|needs?|asked|would\s+like)\b))",
    re.IGNORECASE,
)
# Words before a new customer's name that are not part of it: "called X", "um X".
_NAME_LEAD = re.compile(
    r"^(?:(?:called|named|um+|uh+|er+|is|as|the)\s+|嗯|呃|那个|名字叫|名叫|叫做|叫|是)+",
    re.IGNORECASE,
)
# Where a dictated Chinese name ends: a filler, or the contact and phone that follow it.
_NAME_TAIL_ZH = re.compile(
    r"嗯|呃|那个|联系人|对接人|负责人|老板|帮我|电话|手机|邮箱|地址|做[^\s]{0,4}的|[，,。；;]"
    # dictated with no pause: the contact ("陈厂长", "设备科主任", "陈工139"), the phone, a filler
    # or what to do with the record ("先建个档") straight after the name
    r"|\d{3}|就是|然后|先建|(?<=[\u4e00-\u9fff]{4})(?:[\u4e00-\u9fff](?:厂长|经理|总监|院长|主任)"
    r"|[\u4e00-\u9fff]{2}[科部](?:主任|经理|长)|[\u4e00-\u9fff][工总](?=\s*\d))"
)
# A filler the speaker ended a new customer's name with: "lakeland hotels like", "… dental uh".
_NAME_TAIL_EN = re.compile(r"(?:\s+(?:um+|uh+|er+m?|like|so|you\s+know))+\s*$", re.IGNORECASE)
_CREATE_NAME = re.compile(
    r"(?:新建客户|建个新客户|新客户叫|新客户是|新客户|添加客户|加个客户|加客户|建个客户|建客户|录入客户|"
    r"创建客户|新增客户|加一个客户|建一个客户|帮我建档|建个档|建档|"
    # "新增一个客户", "帮我建个客户档案：", "新开发的客户：", "录一个新客户"
    r"(?:新建|新增|添加|加|建|录入?|创建|新开发的?|新开了?的?)(?:一个|一家|个)?新?客户(?:档案)?(?:叫|是|名叫)?)"
    r"[:：，,\s]*"
    # an English name in a Chinese note: "新增客户 Nanyang Precision Pte Ltd，联系人…"
    r"(?:(?P<zh_en>[A-Za-z][A-Za-z0-9&.' -]*?[A-Za-z0-9.])(?=\s*[，,。;；]|\s+联系人|\s*$)"
    r"|(?P<zh>[^\s,，。;；:：]{2,}?)"
    r"(?=[\s,，。;；]|联系人|电话|地址|邮箱|行业|见了|他们|说|嗯|呃|对接人|负责人|老板|帮我|$))"
    r"|(?:new customer|add customer|create customer|add a customer|new account|create account|"
    r"create an account|create a customer|new client|add client|"
    r"new prospect(?:\s+at\s+[^:,]{1,40})?)[:,\s\-–—]+"
    # "a new account for Halden Vets", "create a customer for me medway valley foods"
    r"(?:(?:for|called|named)\s+)?(?:me\s+)?[\"“]?(?P<en>[A-Za-z0-9&.' -]+?)[\"”]?"
    r"(?=,|;|:|\.\s|\s+-\s|\s+(?:the\s+)?(?:contact|owner|buyer|phone|tel|email|in |"
    # "… vet hospital theyre on 07 5443 2100": the number and who has it end the name
    r"industry|they'?re|they\s+are|number|mobile|mob|ph)\b|\s+\+?\(?\d{2,}|$)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class ParseContext:
    now: datetime  # aware, in the staff member's zone
    customers: CustomerIndex | None = None
    language_hint: str | None = None
    # Money is in CNY unless the message says otherwise (a team abroad may set its own).
    default_currency: str = "CNY"


@dataclass(frozen=True, slots=True)
class Action:
    intent: str
    confidence: float
    slots: dict[str, Any]
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ParseResult:
    text: str
    language: str
    actions: tuple[Action, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "language": self.language,
            "actions": [
                {"intent": a.intent, "confidence": round(a.confidence, 3), "slots": a.slots}
                for a in self.actions
            ],
        }


# (clause, lang, customer spans in the clause) -> probabilities
IntentClassifier = Callable[[str, str, Sequence[tuple[int, int]]], dict[str, float]]


@dataclass(frozen=True, slots=True)
class _Entities:
    customers: list[CustomerMention]
    unknown_orgs: list[tuple[int, int, str]]
    times: list[TimeMention]
    money: list[MoneyMention]
    tickets: list[slot_finders.Found]
    phones: list[slot_finders.Found]
    emails: list[slot_finders.Found]
    contacts: list[slot_finders.Found]
    products: list[tuple[int, int, str]]
    text: str = ""
    shown: str = ""  # the message as written, offsets as `text` (summaries quote it)


@dataclass
class _Clause:
    start: int
    end: int
    hits: list[TriggerHit] = field(default_factory=list)
    shared: int | None = None  # where the clause it was split from began (one per ticket)


def parse(
    text: str, context: ParseContext, *, classifier: IntentClassifier | None = None
) -> ParseResult:
    """Never raises on bad input: empty, huge, binary or emoji-only text gives `unknown`."""
    shown, analysed = _read(text, context)
    result = _parse_read(text, shown, analysed, context, classifier)
    if simplified(shown) == shown:  # nothing was folded: the slots are as written
        return result
    return replace(result, actions=tuple(_as_written(a, analysed, shown) for a in result.actions))


def _parse_read(
    text: str,
    shown: str,
    analysed: str,
    context: ParseContext,
    classifier: IntentClassifier | None,
) -> ParseResult:
    """`parse` of the text as read (`_read`): slot text is cut from `analysed`."""
    language = detect_language(analysed, default=context.language_hint or "zh")
    if not analysed.strip():
        return ParseResult(text, language, (_unknown(0, 0, 0.05),))
    act = dialogue_act(analysed)
    if act is not None:
        return ParseResult(text, language, (Action(act, 0.98, {}, 0, len(analysed)),))
    entities = replace(_extract(analysed, context, language), shown=shown)
    if _OUT_OF_SCOPE.search(analysed) or calls_off_a_plan(analysed):
        # (calling off a planned visit is no intent of the contract: no follow-up to book)
        slots = _slots(analysed, _Clause(0, len(analysed)), entities, "unknown", context.now)
        return ParseResult(text, language, (Action("unknown", 0.3, slots, 0, len(analysed)),))
    clauses = _clauses(analysed, entities, context.now)
    if (
        _is_asking(analysed, entities, clauses)
        and (
            not _strong_breaks(_asked_alone(analysed))
            or asked_in_sentences(analysed, _strong_breaks(analysed))
        )
        and not _SERVICE_ASKED.search(analysed)
    ):
        # A question asks; the write words inside it ("回款了没有", "any complaints?") are
        # what it asks about, not actions to record.
        question = _question(analysed, clauses, entities, language, classifier, now=context.now)
        return ParseResult(text, language, (question,))
    decided = _plan_after_the_news(
        analysed,
        _decisions(analysed, clauses, entities, language, classifier, now=context.now),
        entities,
    )
    decided = _one_talk_per_person(decided, entities)
    actions: list[Action] = []
    last_customer: dict[str, Any] | None = None
    split_tickets: dict[int, list[dict[str, Any]]] = {}
    anchor: datetime | None = None  # the day named last: "明天一早…然后下午" is tomorrow afternoon
    visited: datetime | None = None  # the day of the visits logged so far
    for clause, intent, confidence in decided:
        when = _pick_time(
            analysed,
            clause,
            entities,
            intent,
            now=context.now,
            anchor=_anchor_for(anchor, actions, intent, language),
        )
        when = when or _next_stop_day(analysed, clause, intent, actions, anchor)
        if when is not None and (_names_a_day(when) or _day_named_first(entities, clause, when)):
            anchor = _day_named(when, context.now)
        if intent == "log_interaction" and language == "zh":
            when, visited = _stop_of_the_day(
                analysed, clause, when, visited, actions, now=context.now
            )
        slots = _slots(analysed, clause, entities, intent, context.now, when=when)
        if clause.shared is not None:
            split_tickets.setdefault(clause.shared, []).append(slots)
        if "customer" in slots:
            last_customer = {k: slots[k] for k in ("customer", "customer_candidates") if k in slots}
        elif intent in _TAKES_CUSTOMER and last_customer is not None:
            slots.update(last_customer)  # a ticket moved in a note about a customer is theirs
        if intent == "unknown" and actions:
            continue  # trailing chatter after real actions adds nothing
        actions.append(Action(intent, confidence, slots, clause.start, clause.end))
    actions = [a for a in actions if a.intent != "unknown"] or actions[:1]
    actions = _details_of_the_new_customer(actions, analysed)
    actions = _asked_once(actions)
    actions = _zh_one_thing_told_twice(actions, language, entities)
    _share_ticket_slots(split_tickets)
    actions = _signing_later(actions, analysed, language, context.now)
    actions = _heard_updates(_report_first(actions, analysed), analysed, context.now)
    actions = _met_goes_with_the_visit(actions, analysed)
    actions = _zh_counted_as_told(actions, analysed, entities, language, context.now)
    actions = _one_visit_per_customer(actions, entities, analysed)
    actions = _zh_plans_inside(actions, analysed, entities, context.now, language)
    if language == "en":
        actions = _english_actions_settled(actions, analysed, entities, context.now)
    return ParseResult(text, language, tuple(actions))


# slot keys whose text is the directory's, not the writer's
_DIRECTORY_KEYS = frozenset({"name", "customer_candidates", "id"})


def _as_written(action: Action, analysed: str, shown: str) -> Action:
    """The action's slot text in the characters the writer used ("陳協理", "監護儀"): the rules
    read the message folded to simplified characters (same offsets), the directory's names stay
    as the directory writes them."""

    def written(value: Any, key: str = "") -> Any:
        if key in _DIRECTORY_KEYS:
            return value
        if isinstance(value, str):
            return as_written(value, analysed, shown, action.start)
        if isinstance(value, dict):
            return {k: written(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [written(v, key) for v in value]
        return value

    return replace(action, slots=written(action.slots))


def _details_of_the_new_customer(actions: list[Action], text: str) -> list[Action]:
    """ "new customer - Penrose Leisure, I'll add the details later": the details promised for
    the customer being created are part of creating it, no follow-up with them."""
    if not any(a.intent == "create_customer" for a in actions):
        return actions
    return [
        a
        for a in actions
        if not (a.intent == "schedule_followup" and details_to_come(text[a.start : a.end]))
    ]


def _zh_plans_inside(
    actions: list[Action], text: str, entities: _Entities, now: datetime, language: str
) -> list[Action]:
    """A Chinese report that runs on into the rep's own next step ("…聊了聊框架协议…我想着等他们
    回复以后再跟进一下") is a log and a follow-up; a plan read whole over a contact already made
    ("跟林經理通過電話，…我們這邊下週三前會再寄") is the log, then the plan (`plans_zh`)."""
    if language != "zh":
        return actions
    result: list[Action] = []
    for n, action in enumerate(actions):
        end = actions[n + 1].start if n + 1 < len(actions) else len(text)
        end = max(end, action.end)
        segment = text[action.start : end]
        cuts = _dated_from(
            text, [action.start + s for s in own_plan_starts(segment)], action.start, entities
        )
        if action.intent == "log_interaction" and _still_to_come(action, segment, now):
            result.append(replace(action, intent="schedule_followup"))
            continue
        if action.intent not in ("log_interaction", "schedule_followup") or not cuts:
            result.append(action)
            continue
        head_intent = "schedule_followup" if cuts[0] == action.start else action.intent
        if head_intent == "schedule_followup" and action.intent == head_intent:
            if not told_as_done(segment[: cuts[0] - action.start]):
                result.append(action)
                continue
            head_intent = "log_interaction"
        bounds = sorted({action.start, *cuts, end})
        inherited = {
            k: v for k, v in action.slots.items() if k in ("customer", "customer_candidates")
        }
        for i, (start, stop) in enumerate(itertools.pairwise(bounds)):
            intent = head_intent if i == 0 else "schedule_followup"
            clause = _Clause(start, stop)
            when = _pick_time(text, clause, entities, intent, now=now)
            slots = _slots(text, clause, entities, intent, now, when=when)
            if "customer" not in slots:
                slots.update(inherited)
            result.append(Action(intent, action.confidence, slots, start, stop))
    return result


# Between a day and the plan it dates: blanks, commas, fillers, "不对" (taken back and said again).
_BEFORE_PLAN = re.compile(r"(?:[\s,，]|嗯|呃|额|那个|不对|[哦噢]不是)*")


def _dated_from(text: str, cuts: list[int], floor: int, entities: _Entities) -> list[int]:
    """A plan opened by 我 takes the day said right before it ("下周三我带技术过去", "下周二 不对
    下周三我…"): each cut moves back over the times, and the corrections between them, that
    end where it begins."""
    moved: list[int] = []
    for said in cuts:
        low, cut = max([floor, *moved]), said
        while True:
            before = [
                t
                for t in entities.times
                if low < t.start_char
                and t.end_char <= cut
                and _BEFORE_PLAN.fullmatch(text, t.end_char, cut)
            ]
            if not before:
                break
            cut = before[-1].start_char
        moved.append(cut)
    return moved


def _still_to_come(action: Action, segment: str, now: datetime) -> bool:
    """ "今天上午先去安康口腔" said at 08:20: a visit not marked done whose hours are mostly still
    ahead (past the middle of 下午, "下午去博瑞医疗杨主任不在" is the day's report)."""
    when = action.slots.get("when") or {}
    if not going_not_done(segment):
        return False
    if isinstance(when.get("start"), str) and isinstance(when.get("end"), str):
        start, end = datetime.fromisoformat(when["start"]), datetime.fromisoformat(when["end"])
        return start + (end - start) / 2 > now
    point = when.get("value")
    return (
        when.get("grain") in ("hour", "minute")
        and isinstance(point, str)
        and (datetime.fromisoformat(point) > now)
    )


def _english_actions_settled(
    actions: list[Action], text: str, entities: _Entities, now: datetime
) -> list[Action]:
    """The English passes over the whole message's actions: decisions and plans per customer,
    products and counts as the note says them, priority on the ticket."""
    actions = _deciding_later(_ticket_asked_for_the_fault(actions), entities, now)
    actions = _deal_said_again(actions, text)
    actions = _one_plan_per_customer(actions, entities, now)
    actions = _plans_beside_news_name_no_product(actions)
    actions = _no_more_actions_than_said(actions, text, entities)
    actions = _call_back_to_the_caller(actions, text)
    _priority_to_the_ticket(actions, text)
    _said_once_for_all(actions)
    return actions


# What a deal said again may carry: nothing of its own beyond the deal word and when it came.
_DEAL_AGAIN_ONLY = frozenset(
    {"summary", "customer", "customer_candidates", "when", "interaction_type", "product"}
)


_DEAL_ARRIVED = re.compile(r"\b(?:came|come|received|through|arrived|signed|closed|won)\b")


def _deal_said_again(actions: list[Action], text: str) -> list[Action]:
    """ "Closed P&G!! 240 seats, $186k ARR. PO came through 20 min ago": a deal word after the
    deal, with no sum or person of its own, tells the same deal again: no note beside it."""
    kept: list[Action] = []
    for action in actions:
        if (
            action.intent == "log_interaction"
            and set(action.slots) <= _DEAL_AGAIN_ONLY
            and any(
                a.intent == "record_deal" and _same_customer(a.slots, action.slots) for a in kept
            )
            and any(
                h.intent == "record_deal"
                and (h.phrase.strip() in _DEAL_DONE or _DEAL_ARRIVED.search(h.phrase))
                for h in trigger_hits(text[action.start : action.end])
            )
        ):
            continue
        kept.append(action)
    return kept


# What a bare ticket request may carry of its own besides the customer it inherits.
_REQUEST_ONLY = frozenset({"summary", "customer", "customer_candidates", "priority", "when"})


def _ticket_asked_for_the_fault(actions: list[Action]) -> list[Action]:
    """ "the visualisers arrived broken. open a ticket": the request after the fault (a sentence
    of its own when dictated with "full stop") is for that fault's ticket, not a second one."""
    kept: list[Action] = []
    for action in actions:
        before = kept[-1] if kept else None
        if (
            before is not None
            and before.intent == action.intent == "open_ticket"
            and set(action.slots) <= _REQUEST_ONLY
            and _same_customer(before.slots, action.slots)
        ):
            extra = {k: v for k, v in action.slots.items() if k in ("priority", "when")}
            kept[-1] = replace(before, slots={**extra, **before.slots}, end=action.end)
            continue
        kept.append(action)
    return kept


# The rep's own errand dictated straight after a ticket's new status or a deal's amount:
# "ticket twenty one ten can be closed and email the qa manager the report tomorrow", "is
# resolved already i call mr tan", "signed the renewal ninety k send the invoice today".
_PLAN_AFTER_NEWS = re.compile(
    r"\s*(?:already|liao|lah|now|then|ok)?\s*(?:(?:and|then|so|also|um+|uh+)\s+)*"
    r"(?:(?:i|we)(?:'ll|\s+will|\s+need\s+to|\s+have\s+to|\s+gotta|\s+must)?\s+|need\s+to\s+|"
    r"gotta\s+|pls\s+|please\s+|remind\s+me\s+to\s+)?"
    r"(?P<verb>call|ring|phone|email|e-mail|send|chase|book|visit|text|whatsapp|message|"
    r"follow\s+up|check\s+in|set\s+up|arrange)\b",
    re.IGNORECASE,
)


def _plan_after_the_news(
    text: str, decided: list[tuple[_Clause, str, float]], entities: _Entities
) -> list[tuple[_Clause, str, float]]:
    """A dictated ticket update or deal runs on into the rep's own dated errand with no break:
    the errand after the status word or the amount is a follow-up of its own (English)."""
    result: list[tuple[_Clause, str, float]] = []
    for clause, intent, confidence in decided:
        segment = text[clause.start : clause.end]
        news_end = _end_of_the_news(segment, clause, intent, entities)
        plan = _PLAN_AFTER_NEWS.match(segment, news_end) if news_end is not None else None
        cut = clause.start + plan.start("verb") if plan is not None else clause.end
        later = [h for h in clause.hits if h.start >= cut]
        dated = any(cut <= t.start_char < clause.end for t in entities.times)
        if (
            plan is None
            or not _latin_text(segment)
            or not (dated or any(h.intent == "schedule_followup" for h in later))
        ):
            result.append((clause, intent, confidence))
            continue
        earlier = [h for h in clause.hits if h.start < cut]
        result.append((_Clause(clause.start, cut, earlier, clause.shared), intent, confidence))
        result.append((_Clause(cut, clause.end, later), "schedule_followup", confidence))
    return result


def _end_of_the_news(segment: str, clause: _Clause, intent: str, entities: _Entities) -> int | None:
    """Where a ticket's new status or a deal's amount ends in its clause (segment offsets)."""
    if intent == "update_ticket":
        status = slot_finders.find_status(segment)
        return status.end if status is not None else None
    if intent == "record_deal":
        amounts = [m.end for m in entities.money if clause.start <= m.start < clause.end]
        return amounts[0] - clause.start if amounts else None
    return None


def _anchor_for(
    anchor: datetime | None, actions: list[Action], intent: str, language: str
) -> datetime | None:
    """ "mr tan called ask can or not prepone the training to monday i say will revert by
    evening": a day said in what was reported (English) is theirs; the rep's own plan after it
    with only a time of day is today's, not that day's."""
    dated = [a for a in actions if _DATED.search(str(a.slots.get("when", {}).get("text", "")))]
    if (
        language == "en"
        and intent == "schedule_followup"
        and dated
        and dated[-1].intent == "log_interaction"
    ):
        return None
    return anchor


_CALL_BACK = re.compile(r"\b(?:call|ring|phone)\s*-?\s*back\b|\bcallback\b", re.IGNORECASE)


def _call_back_to_the_caller(actions: list[Action], text: str) -> list[Action]:
    """ "voicemail from Olivia at Brightwater, wants a call back": the call back asked for right
    after someone's call goes to that someone (train: "Voicemail from Mr Tan @ LCL - call back
    pls" follows up Mr Tan)."""
    result = list(actions)
    for index in range(1, len(result)):
        call, plan = result[index - 1], result[index]
        if (
            call.intent == "log_interaction"
            and call.slots.get("interaction_type") == "call"
            and "contact" in call.slots
            and plan.intent == "schedule_followup"
            and "contact" not in plan.slots
            and _CALL_BACK.search(text, plan.start, plan.end)
        ):
            result[index] = replace(plan, slots={**plan.slots, "contact": call.slots["contact"]})
    return result


def _day_named(when: TimeMention, now: datetime) -> datetime:
    """The day a time names, for the times of day said after it: a deadline's day, not the
    moment it is counted from ("明儿上午九点前…然后下午去" is tomorrow afternoon)."""
    return _for_crm(when, now).value


_TICKET_INTENTS = frozenset({"open_ticket", "update_ticket"})


def _fault_then_its_ticket(actions: list[Action]) -> list[Action]:
    """ "空调机组又坏了上次那个单子T二三四七重新打开吧": a fault told first and then the ticket it
    belongs to, reopened by number, is that one ticket's update, not a new ticket beside it."""
    merged: list[Action] = []
    for action in actions:
        before = merged[-1] if merged else None
        if (
            before is not None
            and before.intent == "open_ticket"
            and action.intent == "update_ticket"
            and "ticket" in action.slots
            and action.slots.get("status") == "reopened"
            and "product" not in action.slots
            and _same_customer(before.slots, action.slots)
        ):
            slots = {**before.slots, **action.slots}
            if "priority" in before.slots:
                slots["priority"] = before.slots["priority"]
            merged[-1] = replace(action, slots=slots, start=before.start)
            continue
        merged.append(action)
    return merged


def _zh_one_thing_told_twice(
    actions: list[Action], language: str, entities: _Entities
) -> list[Action]:
    """Dictated Chinese tells one ticket or one talk in two breaths; English is left as it is."""
    if language != "zh":
        return actions
    talks = _same_talk_goes_on(_fault_then_its_ticket(actions), entities)
    return _their_news_joins_the_talk(talks, entities)


# "…传感器又报警了另外他们年底要上一条新产线": they go on speaking, no new contact made.
_THEY_GO_ON = re.compile(
    r"\s*(?:然后|另外|对了|还有|而且)?\s*(?:嗯|呃|那个|就是)*\s*(?:他们|她们|他|她|对方)"
)


def _their_news_joins_the_talk(actions: list[Action], entities: _Entities) -> list[Action]:
    """News they go on to tell after a fault or a deal, in a visit or call already logged, with
    no customer or contact of its own, is more of that talk (its product or amount joins it)."""
    kept: list[Action] = []
    for action in actions:
        talk = next(
            (i for i in range(len(kept) - 1, -1, -1) if kept[i].intent == "log_interaction"), None
        )
        if (
            talk is not None
            and action.intent == "log_interaction"
            and all(a.intent in _NEWS_FROM for a in kept[talk + 1 :])
            and kept[talk + 1 :]
            and _THEY_GO_ON.match(entities.text, action.start)
            and "contact" not in action.slots
            and not any(action.start <= c.start < action.end for c in entities.customers)
        ):
            extra = {k: v for k, v in action.slots.items() if k in ("product", "amount")}
            kept[talk] = replace(kept[talk], slots={**extra, **kept[talk].slots})
            continue
        kept.append(action)
    return kept


def _same_talk_goes_on(actions: list[Action], entities: _Entities) -> list[Action]:
    """ "给百川老板打电话拜年顺便问了一下扫码枪的情况": a second report with no customer, contact
    or time of its own is more of the same conversation: its product or amount joins the first."""
    merged: list[Action] = []
    for action in actions:
        at = _talk_told_last(merged)
        before = merged[at] if at is not None else None
        if (
            at is not None
            and before is not None
            and before.intent == action.intent == "log_interaction"
            and "contact" not in action.slots
            and not any(action.start <= c.start < action.end for c in entities.customers)
            # "问了下明年的计划": a year or a month they plan for is no time of this talk
            and not any(
                action.start <= t.start_char < action.end and t.grain not in _WIDE_GRAINS
                for t in entities.times
            )
        ):
            extra = {k: v for k, v in action.slots.items() if k in ("product", "amount")}
            slots = {**extra, **before.slots}
            merged[at] = replace(before, slots=slots, end=max(before.end, action.end))
            continue
        merged.append(action)
    return merged


def _talk_told_last(actions: list[Action]) -> int | None:
    """Where the talk a new report may continue is: the last action, or the one before the
    tickets it raised ("去了博远学校林主任说有十台平板开不了机另外他们想再订五十台": the order
    wished for is more of that visit, not a second one)."""
    for index in range(len(actions) - 1, -1, -1):
        if actions[index].intent not in _TICKET_INTENTS:
            return index
    return None


def _zh_counted_as_told(
    actions: list[Action], text: str, entities: _Entities, language: str, now: datetime
) -> list[Action]:
    """Chinese notes give one action per thing done or to do: a deal still to be signed is news,
    what the customer will do is no plan of ours, and a day of several stops is one per stop."""
    if language != "zh":
        return actions
    actions = _zh_news_heard_in_the_talk(_zh_deal_still_to_sign(actions, text), entities)
    actions = _zh_fixed_heard_in_the_talk(actions, text)
    actions = _zh_fault_told_for_its_ticket(actions, entities)
    actions = _zh_next_stop_with_a_fault(actions, text, entities, now)
    actions = _zh_their_own_plans(actions, text, entities, now)
    actions = _zh_no_day_no_plan(actions, text)
    actions = _zh_news_before_the_ask(actions, text, entities, now)
    actions = _zh_wish_after_the_fault(actions, text, entities, now)
    actions = _zh_referred_by(actions, text, entities, now)
    return _zh_plan_for_all_of_them(_zh_one_per_customer(actions, text, entities, now), text)


# "明天统一出报价", "下周一起回访", "分别发过去": one plan for every customer just told of.
_FOR_ALL = re.compile(r"统一|一起|一并|分别|都")


def _zh_plan_for_all_of_them(actions: list[Action], text: str) -> list[Action]:
    """ "今天跑了博远学校、启明星教育两家…明天统一出报价": a plan said for all the customers
    logged before it, naming none, is one follow-up per customer (README)."""
    result: list[Action] = []
    for action in actions:
        logged: list[Action] = []
        for before in reversed(result):
            if before.intent != "log_interaction" or "customer" not in before.slots:
                break
            logged.insert(0, before)
        named = {str(a.slots["customer"]) for a in logged}
        if (
            action.intent != "schedule_followup"
            or len(named) < 2
            or len(named) != len(logged)
            or _FOR_ALL.search(text, action.start, action.end) is None
        ):
            result.append(action)
            continue
        for before in logged:
            slots = dict(action.slots)
            slots.update(
                {
                    k: before.slots[k]
                    for k in ("customer", "customer_candidates")
                    if k in before.slots
                }
            )
            result.append(replace(action, slots=slots))
    return result


# More wanted, said after a fault: "然后中秋前还想再追加一批", "另外下个月想加一台",
# "另外他们年底还有一笔预算", "杨主任说下个月再订十台".
_MORE_WANTED = re.compile(r"[还想再要]{1,3}(?:追加|加|订|买|采购)|还有一笔预算")
# Where the talk turns to it (a comma may still be the fault: "想加授权，但是系统报错加不上").
_TURN = re.compile(r"另外|然后|还有|而且|[；;。]")


def _zh_wish_after_the_fault(
    actions: list[Action], text: str, entities: _Entities, now: datetime
) -> list[Action]:
    """ "华信电子的采购说贴片机的吸嘴老是堵不急另外下个月想加一台": more they want, told after a
    fault or a ticket's news with no talk logged, is news of its own to log beside the ticket."""
    if any(a.intent == "log_interaction" for a in actions):
        return actions
    result: list[Action] = []
    for action in actions:
        wish = _MORE_WANTED.search(text, action.start, action.end)
        if action.intent not in _TICKET_INTENTS or wish is None:
            result.append(action)
            continue
        turns = [m.start() for m in _TURN.finditer(text, action.start, wish.start())]
        cut = turns[-1] if turns else action.start
        if cut <= action.start:
            result.append(action)
            continue
        clause = _Clause(cut, action.end)
        news = _slots(text, clause, entities, "log_interaction", now)
        for kept in ("customer", "customer_candidates"):
            if kept not in news and kept in action.slots:
                news[kept] = action.slots[kept]
        result.append(replace(action, end=cut))
        result.append(Action("log_interaction", action.confidence, news, cut, action.end))
    return result


# Who put a new customer our way: "绿源农业罗总介绍了一个朋友叫…", "罗总介绍的那家叫…".
_REFERRED = re.compile(r"介绍|推荐")


def _zh_referred_by(
    actions: list[Action], text: str, entities: _Entities, now: datetime
) -> list[Action]:
    """ "绿源农业罗总介绍了一个朋友叫广西嘉禾农牧帮我建个客户": the customer who made the
    introduction was talked to, so that talk is logged before the new customer is created."""
    result: list[Action] = []
    for action in actions:
        referred = _REFERRED.search(text, action.start, action.end)
        known = [
            c
            for c in entities.customers
            if referred is not None and action.start <= c.start and c.end <= referred.start()
        ]
        if (
            action.intent != "create_customer"
            or not known
            or any(a.intent == "log_interaction" for a in result)
            or referred is None
        ):
            result.append(action)
            continue
        clause = _Clause(known[0].start, referred.start())
        talk = _slots(text, clause, entities, "log_interaction", now)
        result.append(Action("log_interaction", action.confidence, talk, clause.start, clause.end))
        result.append(action)
    return result


# Their request of us: "让我们派两个工程师过去", "催我们下周一前把样品寄过去".
_ASKS_US = re.compile(r"(?:让|要|叫|请|催|要求)(?:我们|咱们|我)")
# How the news came: a call or a message (logged as such), or just what they said.
_NEWS_CAME = re.compile(r"来电|打电话|打了电话|电话里|微信|短信|邮件|说")
# Words that carry no news of their own between "说" and the request.
_NO_NEWS = re.compile(r"[\s，,。；;：:]|然后|另外|就是|那个|嗯|呃|还|也")


def _zh_news_before_the_ask(
    actions: list[Action], text: str, entities: _Entities, now: datetime
) -> list[Action]:
    """ "华信电子的周工说他们下周要搬厂…让我们派两个工程师过去", "椰风饮品陈经理来电，催我们
    下周一前把样品寄过去": a call, or news they told, before what they ask of us is logged, and
    the request is the follow-up (a bare "X说让我们…" is the request alone)."""
    first = actions[0] if actions else None
    if first is None or first.intent != "schedule_followup":
        return actions
    ask = _ASKS_US.search(text, first.start, first.end)
    came = _NEWS_CAME.search(text, first.start, ask.start()) if ask else None
    if ask is None or came is None:
        return actions
    if not any(first.start <= c.start < came.start() for c in entities.customers):
        return actions
    news = _NO_NEWS.sub("", text[came.end() : ask.start()])
    if came.group() == "说" and len(news) < 4:
        return actions
    clause = _Clause(first.start, ask.start())
    when = _pick_time(text, clause, entities, "log_interaction", now=now)
    if when is not None and when.value > now:
        when = None  # "他们下周要搬厂": their date, not the time of the talk
    log = _slots(text, clause, entities, "log_interaction", now, when=when)
    if when is None:
        log.pop("when", None)
    plan = replace(first, start=ask.start())
    told = Action("log_interaction", first.confidence, log, first.start, ask.start())
    return [told, plan, *actions[1:]]


# A deal done: signed, won, ordered, paid ("订单确定了…下周一签" is agreed, still to sign).
_DEAL_CLOSED = re.compile(
    r"签了|签下|签好|签完|签的|签约了|成交|拿下|中标|中了|下单|下了|定了|付了|到账|盖章|盖了章"
)
# A sum guessed or wished for, not agreed: "大概八十万上下", "要续费一年九万".
_DEAL_GUESSED = re.compile(r"大概|大约|预计|估计|左右|上下|预算|想|打算|可能|要续费|要加|要买")
# Signing still to come: "下周一签", "合同下午签" (not "签了", "签下来").
_SIGN_AHEAD = re.compile(r"签(?![了的好完过下约])")


def _zh_deal_still_to_sign(actions: list[Action], text: str) -> list[Action]:
    """ "订单确定了传感器两百个二十四万下周一签", "大概八十万上下": a deal whose signing is
    told as still to come, or whose sum is a guess or a wish, is news of the talk it was heard
    in (README: a deal not yet signed or only wanted is logged), the signing day a follow-up."""
    result: list[Action] = []
    for index, action in enumerate(actions):
        after = actions[index + 1] if index + 1 < len(actions) else None
        segment = text[action.start : action.end]
        signs_later = (
            after is not None
            and after.intent == "schedule_followup"
            and _SIGN_AHEAD.search(text, after.start, after.end) is not None
        )
        closed = _DEAL_CLOSED.search(segment)
        guessed = _DEAL_GUESSED.search(segment) is not None
        # "中标了…合同下周签": a tender won is the deal, its paperwork to follow
        if (
            action.intent != "record_deal"
            or (closed is not None and closed.group() != "定了")
            or not (signs_later or guessed)
        ):
            result.append(action)
            continue
        news = {k: v for k, v in action.slots.items() if k != "when"}
        before = result[-1] if result else None
        if (
            before is not None
            and before.intent == "log_interaction"
            and _same_customer(before.slots, news)
        ):
            result[-1] = replace(before, slots={**news, **before.slots}, end=action.end)
        else:
            news.setdefault("interaction_type", "note")
            result.append(replace(action, intent="log_interaction", slots=news))
    return result


def _zh_news_heard_in_the_talk(actions: list[Action], entities: _Entities) -> list[Action]:
    """ "去了嘉禾超市吴总说自助收银机有三台扫码很慢然后POS二期合同下周签五十五万": news with no
    customer, person or time of its own (the signing day went to its follow-up) was heard in the
    talk just logged, even past the ticket it raised."""
    merged: list[Action] = []
    for action in actions:
        at = _talk_told_last(merged)
        if (
            at is None
            or action.intent != "log_interaction"
            or merged[at].intent != "log_interaction"
            or action.slots.get("interaction_type") != "note"
            or any(k in action.slots for k in ("contact", "when"))
            or any(action.start <= c.start < action.end for c in entities.customers)
        ):
            merged.append(action)
            continue
        talk = merged[at]
        extra = {k: v for k, v in action.slots.items() if k in ("product", "amount")}
        merged[at] = replace(talk, slots={**extra, **talk.slots})
    return merged


def _zh_fault_told_for_its_ticket(actions: list[Action], entities: _Entities) -> list[Action]:
    """ "明远设计王总说协同平台附件又传不上去了T二零三三那个": what they said, with nothing
    else in the note, is the fault of the ticket named after it: the update alone (a call or
    visit it came on stays logged, as the training lines do)."""
    if len(actions) != 2:
        return actions
    said, update = actions
    if (
        said.intent != "log_interaction"
        or update.intent != "update_ticket"
        or "ticket" not in update.slots
        or said.slots.get("interaction_type") != "note"
        or any(k in said.slots for k in ("amount", "when"))
        or not _same_customer(said.slots, update.slots)
        or any(said.start <= m.start < said.end for m in entities.money)
    ):
        return actions
    slots = {**{k: v for k, v in said.slots.items() if k in ("contact", "product")}, **update.slots}
    return [replace(update, slots=slots, start=said.start)]


# How the next stop of a day is named: "下午华康医院…", "然后去了青禾…".
_STOP_LEAD = re.compile(r"(?:[上中下]午|晚上|傍晚|然后|接着|之后|最后|又|再)(?:去了?|到了?)?\s*$")


def _zh_next_stop_with_a_fault(
    actions: list[Action], text: str, entities: _Entities, now: datetime
) -> list[Action]:
    """ "今天去了两家上午仁爱医院谢院长说…下午华康医院输液泵有两台报警": the next stop of a day
    of visits, told by the fault found there, is a visit of its own beside its ticket; what was
    said before the stop is news of the visit before."""
    result: list[Action] = []
    for action in actions:
        before = result[-1] if result else None
        stop = _next_stop_in(action, before, text, entities)
        if before is None or stop is None:
            result.append(action)
            continue
        lead = _STOP_LEAD.search(text, max(action.start, stop.start - 6), stop.start)
        cut = lead.start() if lead else stop.start
        visit = _slots(text, _Clause(cut, stop.end), entities, "log_interaction", now)
        visit["interaction_type"] = "visit"
        ticket = _slots(text, _Clause(cut, action.end), entities, action.intent, now)
        for kept in ("ticket", "status", "priority"):
            if kept in action.slots:
                ticket.setdefault(kept, action.slots[kept])
        result[-1] = replace(before, end=cut)
        result.append(Action("log_interaction", action.confidence, visit, cut, stop.end))
        result.append(replace(action, slots=ticket, start=cut))
    return result


def _next_stop_in(
    action: Action, before: Action | None, text: str, entities: _Entities
) -> CustomerMention | None:
    """A customer other than the one just visited, named as the day's next stop in a ticket."""
    if (
        before is None
        or action.intent not in _TICKET_INTENTS
        or before.intent != "log_interaction"
        or before.slots.get("interaction_type") != "visit"
    ):
        return None
    visited = (before.slots.get("customer") or {}).get("id")
    for mention in entities.customers:
        if not action.start <= mention.start < action.end or mention.best.id == visited:
            continue
        if visited is not None and _STOP_LEAD.search(text, action.start, mention.start):
            return mention
    return None


# Said solved: "牙椅的事都解决了", "恢复正常".
_SOLVED = re.compile(r"解决了|好了|修好|恢复|没问题了")


def _zh_fixed_heard_in_the_talk(actions: list[Action], text: str) -> list[Action]:
    """ "昨天去安康口腔回访，牙椅的事都解决了，张院长挺满意": a problem said solved during a
    logged visit or call, with no ticket named, is news of that talk, not a ticket to update."""
    merged: list[Action] = []
    for action in actions:
        talk = merged[-1] if merged else None
        if (
            talk is None
            or talk.intent != "log_interaction"
            or action.intent != "update_ticket"
            or "ticket" in action.slots
            or action.slots.get("status") not in ("resolved", "closed")
            or _TICKET_WORD.search(text, action.start, action.end) is not None
            or _SOLVED.search(text, action.start, action.end) is None
            or not _same_customer(talk.slots, action.slots)
        ):
            merged.append(action)
            continue
        extra = {k: v for k, v in action.slots.items() if k in ("product", "contact")}
        merged[-1] = replace(talk, slots={**extra, **talk.slots}, end=action.end)
    return merged


# Filler and links a clause may open with before its subject.
_OPENING = r"^(?:[嗯呃啊哦，,\s]|那个|然后|另外|而且|还有|就是|对了|说)*"
# The customer as the doer: "他们下个月要做年中盘点" (not "他说", which may ask us something).
_THEY_DO = re.compile(_OPENING + r"(?:他们|她们|对方|人家|厂里|客户|[^，,。；;\s]{0,4}那边)")
# The doer named after the day: "下周二她发需求", "下周一她给答复".
_THEY_THEN = re.compile(r"(?:他们|她们|他|她|对方)(?!说)")
# The doer after their words: "王主任说她们下周二开完会…".
_THEY_SAID = re.compile(r"说(?:他们|她们|对方)")
# What only the customer does: delivery taken, growth, audit, answer to us ("扩容的事下周二再聊"
# is ours all the same); "自己|内部" says it is theirs whatever the verb.
_THEIR_OWN = re.compile(
    r"到货|交付|扩|认证|盘点|考察|出差|调研|投产|开业|搬|(?:回复|答复|通知|告诉)我|再说|再订|要订|想订"
)
_BY_THEMSELVES = re.compile(r"自己|内部")
_WE_GO = re.compile(r"去|聊|谈|碰|约|见面|拜访|电话|派|安排")
# What we do with them, even when they are the subject: sign, start, train, meet, answer.
_JOINT = re.compile(
    r"签|开标|启动|实施|试用|试点|培训|评估|验收|开通|安装|上线|开会|开工|说法|报|约|碰|见|谈|聊|来|派"
)
# We (or I) act, or are asked to: "我说这周五…", "让我们派人"; not "回复我", "发给我们".
_WE_DO = re.compile(r"(?<![给复诉知系找])(?:我|咱)")
# "…然后他们下周三自己开会定预算我这边": a subject left at the end opens the next clause.
_TRAILING_SUBJECT = re.compile(
    r"(?:(?:然后|那)(?:我们?|咱们?)(?:这边|这里)?|(?:我们?|咱们?)(?:这边|这里))[，,\s]*$"
)


def _zh_their_own_plans(
    actions: list[Action], text: str, entities: _Entities, now: datetime
) -> list[Action]:
    """ "他们下周三自己内部先开会", "九月十号前要到货", "年底前要通过GSP认证": a date told in a
    report about what the customer will do is no follow-up of ours (README); a plan is kept when
    we act in it or are asked to, and a dated signing, start or meeting of both sides stays.
    Told alone ("王主任说她们下周二开完会再给我们答复"), what they said is news to log."""
    result: list[Action] = []
    for action in actions:
        reported = any(a.intent in _REPORTS for a in result)
        segment = _TRAILING_SUBJECT.sub("", text[action.start : action.end])
        # "邮件回复说明年Q1再看": their decision put off opens what they said
        said = (
            text[: action.start].rstrip().endswith(("说", "表示"))
            and _PUT_OFF.search(segment) is not None
            and not _WE_DO.search(segment)
        )
        if action.intent != "schedule_followup" or not (said or _customers_doing(action, segment)):
            result.append(action)
        elif not reported and not actions[len(result) + 1 :] and "说" in segment:
            clause = _Clause(action.start, action.end)
            news = _slots(text, clause, entities, "log_interaction", now, when=None)
            news.pop("when", None)
            result.append(replace(action, intent="log_interaction", slots=news))
        elif not reported:
            result.append(action)
    return result


_PUT_OFF = re.compile(r"再(?:看|定|说|考虑|决定)")


# A plan of ours with no day yet: "回头约个时间", "改天过去", "找个时间去拜访".
_LATER_ON = re.compile(r"回头|改天|找个?时间|抽空|有空|过几天|过两天|再联系")


def _zh_no_day_no_plan(actions: list[Action], text: str) -> list[Action]:
    """ "谢院长说看完了再约", "设备运行正常，暂无新需求": in a report, a plan read with no day,
    no one of ours to do it and no "回头/改天" is their word or the talk's close, not a plan."""
    result: list[Action] = []
    for action in actions:
        segment = text[action.start : action.end]
        if (
            action.intent != "schedule_followup"
            or "when" in action.slots
            or not any(a.intent in _REPORTS for a in result)
            or _WE_DO.search(segment) is not None
            or _LATER_ON.search(text, max(0, action.start - 4), action.end) is not None
        ):
            result.append(action)
        elif not any(a.intent == "log_interaction" for a in result):
            # "平板有三台坏了然后第二批平板的事下学期再谈": after a ticket, news of its own
            news = {k: v for k, v in action.slots.items() if k not in ("interaction_type",)}
            news["interaction_type"] = "note"
            result.append(replace(action, intent="log_interaction", slots=news))
    return result


def _customers_doing(action: Action, segment: str) -> bool:
    """The plan's doer is the customer, not us (see `_zh_their_own_plans`)."""
    if _WE_DO.search(segment) is not None:
        return False
    when = str((action.slots.get("when") or {}).get("text") or "\0")
    plan = segment[segment.find(when) + len(when) :] if when in segment else segment
    they = (
        _THEY_DO.search(segment) is not None
        or _THEY_SAID.search(segment) is not None
        or _THEY_THEN.match(plan) is not None
    )
    return (
        _BY_THEMSELVES.search(segment) is not None
        or (_THEIR_OWN.search(plan) is not None and _WE_GO.search(plan) is None)
        or (they and _JOINT.search(segment) is None)
    )


_REPORTS = frozenset({"log_interaction", "record_deal", "open_ticket", "update_ticket"})
_SURE_NAME = 95.0
# "签了两单：山城汽配冲压模具56万，彩云药业冻干机88万": each customer's deal is its own.
_ONE_PER_CUSTOMER = frozenset({"log_interaction", "schedule_followup", "record_deal"})
# What leads to the next stop of a day: "然后去了鼎盛", "又给椰风…", "仁爱医院、华康医院和…".
_NEXT_STOP_LEAD = re.compile(r"然后|接着|之后|最后|又|再|还有|[、，,和跟与及]")
# Two customers told as one's referral, alias or rival are one stop.
_NOT_TWO_STOPS = re.compile(r"介绍|推荐|就是|也就是|也叫|竞品|对手|转给|^\s*的\s*$")


def _zh_one_per_customer(
    actions: list[Action], text: str, entities: _Entities, now: datetime
) -> list[Action]:
    """ "今天跑了三家先去瑞丰…然后去了鼎盛物流最后又到天合纺织", "周二上午约了顺达家电的采购，
    周二下午约了海晟贸易的陈经理": a report or plan naming several customers in turn is one per
    customer (README), each with its own time or the one said before it."""
    result: list[Action] = []
    for action in _listed_next(actions, text, entities, now):
        stops = _stops_named(action, text, entities)
        if action.intent not in _ONE_PER_CUSTOMER or len(stops) < 2:
            result.append(action)
            continue
        split = _each_stop(action, stops, text, entities, now)
        if action.intent == "record_deal" and not all("amount" in a.slots for a in split):
            split = [action]  # "A和B一共签了五十万": one sum, one deal
        result.extend(split)
    return result


# What joins the next item of a list: "嘉禾超市南粤百货还有椰风饮品", "…王厂长还有金田马总".
_LIST_JOIN = re.compile(r"还有|以及|[和、]")
# Going on to the next stop: "然后又去隔壁山城汽配坐了一会儿", "最后到天合纺织".
_ON_TO = re.compile(r"(?:然后|接着|之后|最后|又|再)+[^，,。；;]{0,2}?(?:去|到|跑)")


def _next_in_line(text: str, before: Action, action: Action, entities: _Entities) -> bool:
    """A customer said as the next item of a list, or as the next stop gone on to."""
    if _LIST_JOIN.search(text, before.end, min(action.end, action.start + 3)) is not None:
        return True
    named = next((c.start for c in entities.customers if action.start <= c.start), action.end)
    return _ON_TO.search(text, action.start, named) is not None


def _listed_next(
    actions: list[Action], text: str, entities: _Entities, now: datetime
) -> list[Action]:
    """ "今天去了三家客户嘉禾超市南粤百货还有椰风饮品都是聊续约的事": a customer listed after the
    ones visited or planned for is one more of them, not a look-up of its own, nor a plan for
    the year or month it talked about ("…还有海川食品都是谈明年的合同")."""
    result: list[Action] = []
    for action in actions:
        before = result[-1] if result else None
        if (
            before is None
            or before.intent not in ("log_interaction", "schedule_followup")
            or not _one_more_listed(text, before, action, entities)
        ):
            result.append(action)
            continue
        when = before.slots.get("when")
        slots = _slots(text, _Clause(action.start, action.end), entities, before.intent, now)
        slots.pop("when", None)
        if when is not None:
            slots["when"] = when
        if slots.get("interaction_type") in (None, "note") and "interaction_type" in before.slots:
            slots["interaction_type"] = before.slots["interaction_type"]
        result.append(replace(action, intent=before.intent, slots=slots))
    return result


def _one_more_listed(text: str, before: Action, action: Action, entities: _Entities) -> bool:
    """A look-up, or a report's wide-dated topic read as a plan, naming the next listed customer."""
    segment = text[action.start : action.end]
    topic = (
        action.intent == "schedule_followup"
        and before.intent == "log_interaction"
        and (action.slots.get("when") or {}).get("grain") in _WIDE_GRAINS
        and _LIST_JOIN.search(text, before.end, min(action.end, action.start + 3)) is not None
    )
    looked_up = action.intent == "query_customer" and _ASKS.search(segment) is None
    return (
        (looked_up or topic)
        and any(action.start <= c.start < action.end for c in entities.customers)
        and _QUESTION.search(segment) is None
        and _next_in_line(text, before, action, entities)
    )


def _stops_named(action: Action, text: str, entities: _Entities) -> list[CustomerMention]:
    """The different customers an action's words name, in order (none when two are linked)."""
    stops: list[CustomerMention] = []
    for mention in entities.customers:
        if not action.start <= mention.start < action.end:
            continue
        if any(mention.best.id == stop.best.id for stop in stops):
            continue
        if stops and mention.best.score < _SURE_NAME and len(mention.text) < 3:
            continue  # "去华康医院找信息科": a two-character sound-alike is no second stop
        if stops and _NOT_TWO_STOPS.search(text[stops[-1].end : mention.start]):
            return []
        stops.append(mention)
    return stops


def _each_stop(
    action: Action,
    stops: list[CustomerMention],
    text: str,
    entities: _Entities,
    now: datetime,
) -> list[Action]:
    """One action per stop, cut where the talk turns to the next one (after the people met)."""
    cuts = [action.start]
    for before, stop in itertools.pairwise(stops):
        floor = max(
            [before.end]
            + [c.end for c in entities.contacts if before.end <= c.start and c.end <= stop.start]
        )
        lead = _NEXT_STOP_LEAD.search(text, floor, stop.start)
        times = [t.start_char for t in entities.times if floor <= t.start_char < stop.start]
        cuts.append(min([stop.start] + times + ([lead.start()] if lead else [])))
    cuts.append(action.end)
    split: list[Action] = []
    for start, end in itertools.pairwise(cuts):
        clause = _Clause(start, end)
        when = _pick_time(
            text,
            clause,
            entities,
            action.intent,
            now=now,
            anchor=_day_said_by(start, entities, now),
        )
        slots = _slots(text, clause, entities, action.intent, now, when=when)
        previous = split[-1].slots if split else action.slots
        if "when" not in slots and "when" in previous:
            slots["when"] = previous["when"]
        if slots.get("interaction_type") == "note" and "interaction_type" in previous:
            slots["interaction_type"] = previous["interaction_type"]
        split.append(replace(action, slots=slots, start=start, end=end))
    return split


def _day_said_by(position: int, entities: _Entities, now: datetime) -> datetime | None:
    """The day named last before `position` ("明儿一早去A下午去B": B's afternoon is tomorrow's)."""
    dated = [t for t in entities.times if t.end_char <= position and _DATED.search(t.text)]
    return _day_named(dated[-1], now) if dated else None


def _same_customer(first: dict[str, Any], second: dict[str, Any]) -> bool:
    """Two slot sets name no different customers (either may name none)."""
    one, two = first.get("customer"), second.get("customer")
    if one is None or two is None:
        return True
    if one.get("id") is not None:
        return bool(one.get("id") == two.get("id"))
    return bool(one.get("text") == two.get("text"))


def _priority_to_the_ticket(actions: list[Action], text: str) -> None:
    """ "the checkweighers are rejecting good pots, can we get someone there by Thursday, it's
    pretty urgent": how urgent a line says it is belongs to its ticket, even when the words
    fall in the clause of another action (a visit or call asked for)."""
    for index, action in enumerate(actions):
        if action.intent in _TICKET_INTENTS:
            continue
        found = slot_finders.find_priority(text[action.start : action.end])
        if found is None:
            continue
        before = [a for a in actions[:index] if a.intent in _TICKET_INTENTS]
        after = [a for a in actions[index + 1 :] if a.intent in _TICKET_INTENTS]
        ticket = before[-1] if before else after[0] if after else None
        if ticket is not None and "priority" not in ticket.slots:
            ticket.slots["priority"] = found.value


def _said_once_for_all(actions: list[Action]) -> None:
    """Dictated run-ons name the thing and the customer once, not in every action's clause."""
    _ticket_for_the_thing_before(actions)
    _customer_named_late(actions)


# Actions about a thing that a dictated run-on may name only in the report before them.
_THE_THING_BEFORE = _TICKET_INTENTS | {"record_deal"}


def _ticket_for_the_thing_before(actions: list[Action]) -> None:
    """ "just left ashford the spindle monitor is still throwing errors | raise a ticket for that",
    "swapped the gateway on press three its working now | so close ticket twenty two eighty": a
    ticket asked for in a clause of its own is about the thing the report just before it
    named (dictated run-ons cut the fault from the request); so is a deal ("met mr sharma the
    weighing scales | order is confirmed fifteen lakh")."""
    for before, action in itertools.pairwise(actions):
        if (
            action.intent in _THE_THING_BEFORE
            and "product" not in action.slots
            and before.intent == "log_interaction"
            and isinstance(before.slots.get("product"), str)
            and _same_customer(before.slots, action.slots)
        ):
            action.slots["product"] = before.slots["product"]


def _customer_named_late(actions: list[Action]) -> None:
    """ "spoke to doctor lim this morning about the ventilator contract she wants the quote by
    tuesday this is for harbourview": when a message names one customer only, and only after
    its first action, the report that went before is theirs too."""
    named = [a.slots["customer"] for a in actions if isinstance(a.slots.get("customer"), dict)]
    ids = {c.get("id") for c in named}
    if len(ids) != 1 or None in ids:
        return
    carried: dict[str, Any] = next(
        {k: a.slots[k] for k in ("customer", "customer_candidates") if k in a.slots}
        for a in actions
        if "customer" in a.slots
    )
    for action in actions:
        if "customer" in action.slots:
            return
        if action.intent == "log_interaction":
            action.slots.update(carried)


def classifier_clauses(text: str, context: ParseContext) -> list[tuple[str, list[tuple[int, int]]]]:
    """The clauses `parse` asks the classifier about in a message of actions, each with where it
    names customers (relative to the clause): the classifier learns from the same pieces."""
    _, analysed = _read(text, context)
    if not analysed.strip():
        return []
    language = detect_language(analysed, default=context.language_hint or "zh")
    entities = _extract(analysed, context, language)
    return [
        (analysed[clause.start : clause.end], _customers_in(clause, entities))
        for clause in _clauses(analysed, entities, context.now)
    ]


def _plans_beside_news_name_no_product(actions: list[Action]) -> list[Action]:
    """ "the scanners are fixed, they want a quote for ten more seats, call them Monday": the
    product goes with the report, deal or ticket; a follow-up planned beside them is a date
    English notes only: train_zh's plans keep theirs more often (whole message 88.6 -> 88.1)."""
    if len(actions) < 2 or all(a.intent == "schedule_followup" for a in actions):
        return actions  # plans alone ("call Pemberton re labels at 9, then Greenfield") keep theirs
    return [
        replace(action, slots={k: v for k, v in action.slots.items() if k != "product"})
        if action.intent == "schedule_followup" and "product" in action.slots
        else action
        for action in actions
    ]


# A question that asks for someone to come and see to a thing is a service request, whoever
# types it: "can u guys send someone to check the loggers?", "could you have a look at it?".
_SERVICE_ASKED = re.compile(
    r"\b(?:can|could|would|will)\s+(?:you|u|ya|we|someone|somebody|anyone|(?:you|u)\s+guys)\s+"
    r"(?:(?:pls|please|possibly|kindly|urgently)\s+)?(?:send\s+(?:someone|somebody|anyone|"
    r"an?\s+(?:engineer|tech\w*))|come\s+(?:and|to|out|over|in|by)|pop\s+(?:round|over|in|by)|"
    # "can someone swing by thurs or fri?", "can someone go next Tue or Wed?"
    r"(?:swing|drop|stop)\s+by|go\s+(?:out|over|down|round|there|in|next|this|on|tomorrow|today)|"
    r"be\s+(?:on\s*site|onsite|there)\b|"
    # a thing to see to, not a customer to look up ("can you check on Meridian for me")
    r"(?:check|look\s+at|(?:have|take)\s+a\s+look(?:\s+at)?|fix|repair|replace|sort(?:\s+out)?)"
    r"(?:\s+(?:the|it|them|this|that|these|those|our|their|all)\b|\s*\?))",
    re.IGNORECASE,
)


def _customer_asks_service(
    text: str, entities: _Entities, hits: list[TriggerHit]
) -> list[TriggerHit]:
    """ "Marcus (Blue Harbour): printers jamming again, pls help": beside a customer, help is
    asked of us for the fault, not of the assistant for its instructions; and a question asking
    someone to come and see to a thing is a ticket's request."""
    if not entities.customers or not _latin_text(text):
        return hits
    hits = [h for h in hits if not (h.intent == "help" and h.phrase == "help")]
    return sorted(hits + _service_asked(text, hits), key=lambda hit: hit.start)


def _service_asked(text: str, hits: list[TriggerHit]) -> list[TriggerHit]:
    """The customer's question asking for someone to come and see to a thing is their ticket
    ("Raj (LCL): can u guys send someone to check the temp loggers?"), unless a fault said in
    the same sentence already is."""
    found = []
    for match in _SERVICE_ASKED.finditer(text):
        sentence = _sentence_span(text, match.start())
        if not any(
            h.intent == "open_ticket" and sentence[0] <= h.start < sentence[1] for h in hits
        ):
            found.append(TriggerHit("open_ticket", match.start(), match.end(), match.group()))
    return found


def _sentence_span(text: str, at: int) -> tuple[int, int]:
    start = max((m.end() for m in _STRONG_BREAK.finditer(text, 0, at)), default=0)
    end = next((m.start() for m in _STRONG_BREAK.finditer(text, at)), len(text))
    return start, end


def _is_asking(text: str, entities: _Entities, clauses: list[_Clause]) -> bool:
    """The message asks the assistant something (a look-up, the agenda, loyalty figures)."""
    return (
        not _their_question(text, entities)
        and not _go_and_see(text, clauses)
        and (
            _QUESTION.search(text) is not None
            or _ASKS.search(text) is not None
            or any(
                h.intent in _WHOLE_MESSAGE and not _SCHEDULED.search(text, 0, h.start)
                for c in clauses
                for h in c.hits
            )
        )
    )


def _question(
    text: str,
    clauses: list[_Clause],
    entities: _Entities,
    language: str,
    classifier: IntentClassifier | None,
    *,
    now: datetime,
) -> Action:
    """The whole message as one question: what it asks, with the slots it names."""
    whole = _Clause(0, len(text), [h for c in clauses for h in c.hits])
    intent, confidence = _decide(text, whole, entities, language, classifier)
    if intent not in _ASKING:
        # "这个机器人怎么建新客户": the write word is what the question is about; a help, agenda
        # or loyalty trigger beside it says what is asked.
        named = {hit.intent for hit in whole.hits}
        asked = next((i for i in PRECEDENCE if i in _WHOLE_MESSAGE and i in named), None)
        if asked is not None:
            intent, confidence = asked, 0.75
        else:
            intent, confidence = _asking_intent(text, whole, entities, language, classifier)
    slots = _slots(text, whole, entities, intent, now)
    return Action(intent, confidence, slots, 0, len(text))


def _decisions(
    text: str,
    clauses: list[_Clause],
    entities: _Entities,
    language: str,
    classifier: IntentClassifier | None,
    *,
    now: datetime,
) -> list[tuple[_Clause, str, float]]:
    """Each clause's intent, then the corrections that look across clauses."""
    decided = [
        (clause, *_decide(text[clause.start : clause.end], clause, entities, language, classifier))
        for clause in clauses
    ]
    decided = _settle_tense(text, decided, entities, now, language)
    decided = _what_to_prepare(decided, entities)
    decided = _merge_framing(text, decided, entities)
    decided = _one_per_ticket(_ticket_work_times(text, decided, entities), entities)
    decided = _approval_without_price_is_news(text, decided, entities)
    decided = _deal_only_wanted_or_theirs(text, decided)
    decided = _frozen_money_is_no_fault(text, decided)
    decided = _fault_since_fixed_is_news(text, decided, entities)
    decided = _subject_before_the_deal(text, decided, entities)
    decided = _heading_joins_the_note(text, decided, entities)
    decided = _service_requests(text, decided, entities)
    return _listed_plans(text, decided, entities) if language == "en" else decided


def _listed_plans(
    text: str, decided: list[tuple[_Clause, str, float]], entities: _Entities
) -> list[tuple[_Clause, str, float]]:
    """A day listed in one sentence ("Tmr 10am Orchard w Melissa, 2pm Tanjong, 4.30 LCL. Remind
    me pls") is one follow-up per appointment (`listed_plans_en`); the bare reminder asked after
    them adds none. Without a plan word the list is a plan only when a reminder is asked."""
    customers = [(c.start, c.end) for c in entities.customers]
    times = [(t.start_char, t.end_char) for t in entities.times if t.grain in ("hour", "minute")]
    reminders = [
        n
        for n, (clause, intent, _) in enumerate(decided)
        if intent == "schedule_followup" and bare_reminder(text[clause.start : clause.end])
    ]
    result: list[tuple[_Clause, str, float]] = []
    listed = False
    for n, (clause, intent, confidence) in enumerate(decided):
        plan = intent == "schedule_followup" and n not in reminders
        asked = (
            intent in ("query_customer", "unknown")
            and not clause.hits
            and any(r > n for r in reminders)
            and any(clause.start <= s < clause.end for s, _ in customers)
            and any(clause.start <= s < clause.end for s, _ in times)
        )
        cuts = (
            listed_items(text, clause.start, clause.end, customers, times) if plan or asked else []
        )
        if not cuts and not asked:
            result.append((clause, intent, confidence))
            continue
        listed = True
        bounds = [clause.start, *cuts, clause.end]
        for a, b in itertools.pairwise(bounds):
            hits = [h for h in clause.hits if a <= h.start < b]
            result.append((_Clause(a, b, hits, clause.shared), "schedule_followup", confidence))
    if listed:
        # the reminder asked for what was listed
        result = [
            item
            for item in result
            if not (
                item[1] == "schedule_followup" and bare_reminder(text[item[0].start : item[0].end])
            )
        ]
    return result


# Words a typed heading may carry beside the customer's name: "Ashford Tools.", "Kensington
# renewal", "Meridian Health quarterly review" (a topic, no verb, no sum, no day).
_HEADING_WORDS = 4


def _heading_joins_the_note(
    text: str, decided: list[tuple[_Clause, str, float]], entities: _Entities
) -> list[tuple[_Clause, str, float]]:
    """A note opened by the customer's name alone ("Ashford Tools. Signed. £42k …", "Subject:
    Kensington renewal") is headed, not asking: a clause read as a look-up that only names the
    customer and a topic, with no trigger, before a clause that records something, joins it."""
    if not _latin_text(text) or len(decided) < 2:
        return decided

    def heading(
        _: int, current: tuple[_Clause, str, float], following: tuple[_Clause, str, float]
    ) -> _Clause | None:
        clause, intent, _confidence = current
        if (
            # a look-up, or the trained model's guess for a clause no trigger fired in
            (intent in ("query_customer", "unknown") or not clause.hits)
            and following[1] not in _ASKING
            and _is_heading(text, clause, entities)
            and _customers_agree(clause, following[0], entities)
        ):
            return _Clause(clause.start, following[0].end, following[0].hits, following[0].shared)
        return None

    return _joined_forward(decided, heading)


_Decision = tuple[_Clause, str, float]


def _joined_forward(
    decided: list[_Decision], join: Callable[[int, _Decision, _Decision], _Clause | None]
) -> list[_Decision]:
    """Decisions where `join` folds one into the next: the joined clause takes the next one's
    intent and is looked at again, so a chain folds into its last clause."""
    pending = list(decided)
    kept: list[_Decision] = []
    for index, current in enumerate(pending):
        if index + 1 < len(pending):
            joined = join(index, current, pending[index + 1])
            if joined is not None:
                _, intent, confidence = pending[index + 1]
                pending[index + 1] = (joined, intent, confidence)
                continue
        kept.append(current)
    return kept


def _is_heading(text: str, clause: _Clause, entities: _Entities) -> bool:
    """The clause names a customer and at most a short topic: no trigger, sum, day, ticket,
    person or question."""
    inside = range(clause.start, clause.end)
    if clause.hits or "?" in text[clause.start : clause.end]:
        return False
    if not any(m.start in inside for m in entities.customers):
        return False
    if any(m.start in inside for m in entities.money) or any(
        t.start_char in inside for t in entities.times
    ):
        return False
    if any(t.start in inside for t in (*entities.tickets, *entities.contacts)):
        return False
    spans = [(m.start, m.end) for m in entities.customers if m.start in inside]
    rest = _NAME_WORD.findall(_mask(text[: clause.end], spans), clause.start)
    return len(rest) <= _HEADING_WORDS and not any(
        w.casefold() in _HEADING_VERBS or w.casefold().endswith("ed") for w in rest
    )


# Words that make a short clause a statement rather than a heading ("Pemberton signed").
_HEADING_VERBS = frozenset(
    "is are was were has have had signed called rang met said says wants want need needs "
    "asked emailed visited lost won ordered confirmed fixed done".split()
)


def _customers_agree(heading: _Clause, clause: _Clause, entities: _Entities) -> bool:
    """The clause after a heading names no customer, or the heading's."""

    def ids(c: _Clause) -> set[int]:
        return {m.best.id for m in entities.customers if c.start <= m.start < c.end}

    after = ids(clause)
    return not after or after <= ids(heading)


_SIGNED_OFF = re.compile(r"\bsign(?:ed|s)?[ -]off\b", re.IGNORECASE)


# "they want to extend the service contract … about eighteen k": a deal wanted, not made;
# "they won the big contract": the customer's own win, not a deal of ours.
_WANTED_DEAL = re.compile(
    r"\b(?:want|wants|wanted|would\s+like|'d\s+like|looking\s+to|keen\s+to|hoping\s+to|"
    r"planning\s+to|thinking\s+of|might|may|could)\b[^,.;]*$",
    re.IGNORECASE,
)
_THEY_WON = re.compile(r"\b(?:they|he|she)(?:\s+just|\s+have|'ve)?\s+$", re.IGNORECASE)
_DONE_EN = frozenset(phrase for phrase in _DEAL_DONE if phrase.isascii())


def _deal_only_wanted_or_theirs(
    text: str, decided: list[tuple[_Clause, str, float]]
) -> list[tuple[_Clause, str, float]]:
    """English deals the README calls news: one only wanted ("want to extend the contract",
    however far the wish is from the deal word), and one the customer won for themselves."""
    if not _latin_text(text):
        return decided
    result = []
    for clause, intent, confidence in decided:
        deal_hits = [h for h in clause.hits if h.intent == "record_deal"]
        if intent == "record_deal" and deal_hits:
            first = deal_hits[0]
            done = [h for h in deal_hits if h.phrase.casefold() in _DONE_EN]
            wanted = not done and _WANTED_DEAL.search(text, clause.start, first.start)
            theirs = bool(done) and all(
                h.phrase.casefold().startswith("won")
                and _THEY_WON.search(text, clause.start, h.start)
                for h in done
            )
            news = bool(wanted or theirs)
        else:
            news = False
        result.append((clause, "log_interaction" if news else intent, confidence))
    return result


# "their budget is frozen till june": money held back, no frozen screen.
_FROZEN_MONEY = re.compile(
    r"\b(?:budgets?|spend|spending|hiring|headcount|prices?|capex|funding)(?:'s|\s+is|\s+are|"
    r"\s+has\s+been|\s+have\s+been|\s+got|\s+was)?\s+(?:all\s+|now\s+)?$",
    re.IGNORECASE,
)


def _frozen_money_is_no_fault(
    text: str, decided: list[tuple[_Clause, str, float]]
) -> list[tuple[_Clause, str, float]]:
    """A ticket whose only fault word is "frozen" said of a budget is news of the talk."""
    result = []
    for clause, intent, confidence in decided:
        faults = [h for h in clause.hits if h.intent == "open_ticket"]
        money = (
            intent == "open_ticket"
            and bool(faults)
            and all(
                h.phrase.strip().casefold() in ("frozen", "freeze", "froze")
                and _FROZEN_MONEY.search(text, max(0, h.start - 30), h.start)
                for h in faults
            )
        )
        result.append((clause, "log_interaction" if money else intent, confidence))
    return result


# "the monitors that kept dropping out have been fine since the update", "working again now": the
# fault told is over.
_FINE_SINCE = re.compile(
    # "not working again" is the fault come back, not over
    r"(?<!\bnot\s)(?<!n't\s)(?<!nt\s)(?<!no\s)"
    r"\b(?:fine|ok|okay|stable|sorted|fixed|good|working(?:\s+(?:fine|properly|well))?)\s+"
    r"(?:(?:ever\s+)?since|now|again)\b|\bback\s+to\s+normal\b"
    r"|\bno\s+(?:more\s+)?(?:issues|problems|drop-?outs|faults)\s+since\b",
    re.IGNORECASE,
)
_STILL_FAULTY_AFTER = re.compile(r"\b(?:but|except|still|apart\s+from)\b", re.IGNORECASE)


def _fault_since_fixed_is_news(
    text: str, decided: list[tuple[_Clause, str, float]], entities: _Entities
) -> list[tuple[_Clause, str, float]]:
    """English: a fault told only as over ("per Dr Lim the monitors that kept dropping out have
    been fine since the firmware update") is news, no ticket to open, when no ticket is named or
    asked for and nothing after says a fault stays."""
    if not _latin_text(text):
        return decided
    result = []
    for clause, intent, confidence in decided:
        fine = _FINE_SINCE.search(text, clause.start, clause.end)
        over = (
            _fault_told_in(clause, intent, entities)
            and fine is not None
            and all(h.start < fine.start() for h in clause.hits if h.intent == "open_ticket")
            and not _STILL_FAULTY_AFTER.search(text, fine.end(), clause.end)
            and not _RAISE_TICKET_EN.search(text, clause.start, clause.end)
            and not any(clause.start <= t.start < clause.end for t in entities.tickets)
        )
        result.append((clause, "log_interaction" if over else intent, confidence))
    return result


def _fault_told_in(clause: _Clause, intent: str, entities: _Entities) -> bool:
    """The clause tells a fault: a ticket to open, or, with no ticket named anywhere, a status
    word after a fault word ("the scanners that were failing are working fine since the patch")."""
    if intent == "open_ticket":
        return True
    return (
        intent == "update_ticket"
        and not entities.tickets
        and any(h.intent == "open_ticket" for h in clause.hits)
    )


_NAME_WORD = re.compile(r"[A-Za-z0-9&'’]+")


def _subject_before_the_deal(
    text: str, decided: list[tuple[_Clause, str, float]], entities: _Entities
) -> list[tuple[_Clause, str, float]]:
    """ "Meridian Hlth - nurse call upgrade | signed! £312,000": the customer and the thing
    signed, cut from the verb, are the deal's subject, not a report of their own."""
    if not _latin_text(text):
        return decided
    result: list[tuple[_Clause, str, float]] = []
    for index, (clause, intent, confidence) in enumerate(decided):
        after = decided[index + 1] if index + 1 < len(decided) else None
        if (
            after is not None
            and intent == "log_interaction"
            and after[1] == "record_deal"
            and all(h.phrase == "report" for h in clause.hits)
            and _only_names(text, clause, entities)
        ):
            deal, _, deal_confidence = after
            decided[index + 1] = (
                _Clause(clause.start, deal.end, deal.hits, deal.shared),
                "record_deal",
                deal_confidence,
            )
            continue
        result.append((clause, intent, confidence))
    return result


def _only_names(text: str, clause: _Clause, entities: _Entities) -> bool:
    """The clause is a customer's name and a product's, with no word besides."""
    spans = [
        (m.start, m.end) for m in entities.customers if clause.start <= m.start < clause.end
    ] + [(start, end) for start, end, _ in entities.products if clause.start <= start < clause.end]
    if not any(clause.start <= m.start < clause.end for m in entities.customers):
        return False
    named = {
        w.casefold()
        for m in entities.customers
        if clause.start <= m.start < clause.end
        for w in _NAME_WORD.findall(m.best.name)
    }
    masked = _mask(text[: clause.end], spans)
    return all(
        _in_name(word.group().casefold(), named)
        or word.group().casefold() in {"uh", "um", "so", "the"}
        for word in _NAME_WORD.finditer(masked, clause.start)
    )


def _in_name(word: str, named: set[str]) -> bool:
    """A word of the customer's name, or its typed short form ("Hlth" for Health)."""
    return word in named or any(
        len(word) >= 3 and name[0] == word[0] and _letters_in_order(word, name) for name in named
    )


def _letters_in_order(short: str, word: str) -> bool:
    letters = iter(word)
    return all(letter in letters for letter in short)


def _approval_without_price_is_news(
    text: str, decided: list[tuple[_Clause, str, float]], entities: _Entities
) -> list[tuple[_Clause, str, float]]:
    """ "the estates director signed off the nurse call system": signing off approves a design, a
    report or a plan; without an amount it is news of the talk, not a deal to record (with one,
    "signed off the sensor kits - £35k", it is the deal)."""
    return [
        (clause, "log_interaction", confidence)
        if intent == "record_deal"
        and _SIGNED_OFF.search(text, clause.start, clause.end)
        and (
            not any(clause.start <= m.start < clause.end for m in entities.money)
            or _BUDGET_SIGNED_OFF.search(text, clause.start, clause.end) is not None
        )
        else (clause, intent, confidence)
        for clause, intent, confidence in decided
    ]


# "the board signed off the MES upgrade budget, around 90k": a budget approved is money they
# may spend, news like "the board approved the budget" (train), not a deal signed with us.
_BUDGET_SIGNED_OFF = re.compile(
    r"\bsign(?:ed|s)?[ -]off\s+(?:on\s+)?(?:the\s+|their\s+|a\s+|an\s+)?(?:[\w&'-]+\s+){0,3}?"
    r"budgets?\b",
    re.IGNORECASE,
)


# What may stand beside the customer and the caller in "thames valley um kevin rang": fillers.
_CALL_IN_FILLER = frozenset(
    {"uh", "um", "er", "erm", "so", "ok", "okay", "right", "morning", "hi", "hey", "just", "the"}
    | {"'s", "’s"}
    # a dictated note's heading and Singapore/Hong Kong particles: "arvo update brightwater rang"
    | {"update", "quick", "fyi", "ah", "lah", "hello", "arvo", "afternoon", "evening"}
    # between the caller and the customer: "kevin from thames valley rang"
    | {"from", "at"}
)
_CALLED_IN = frozenset({"rang", "called", "phoned"})
# A part of the customer that calls in ("Pemberton's Leeds site rang", "the Blue Harbour lot
# called", "LCL's Tuas depot phoned"): the customer still, with the place named before it.
_CUSTOMER_PART = frozenset(
    "site sites plant depot store shop branch office warehouse factory campus mill yard ward "
    "hq team lot guys people folks end side".split()
)
# "email from Ms Chan at KB Trading, <fault>", "KB Trading texted, <fault>": a message that
# only brings the fault is the ticket alone, as their call is.
_MESSAGE_IN = frozenset(
    {"emailed", "messaged", "texted", "whatsapped", "email", "whatsapp", "msg", "text", "message"}
)
_MESSAGE_FROM = frozenset({"from", "at"})  # "email from Ms Chan at KB Trading"
_CALL_IN_WORD = re.compile(r"[a-z]+|'s|’s", re.IGNORECASE)


_REQUEST_WORD = re.compile(
    r"\b(?:asked|asking|asks|wants?|needs?|would\s+like|'d\s+like|requested)\b", re.IGNORECASE
)


def _no_more_actions_than_said(
    actions: list[Action], text: str, entities: _Entities
) -> list[Action]:
    """English notes cut into more actions than they hold: a call that only brings a fault, a
    request cut from its deadline, a ticket still as it was, more news of the same talk, a plan
    booked again by "that"."""
    actions = _call_only_brings_the_fault(actions, text, entities)
    actions = _request_dated_after_it(actions, text, entities)
    actions = _ticket_still_open_is_news(actions, text)
    actions = _more_of_the_same_talk(actions, entities)
    return _booked_as_said_before(actions, text)


def _request_dated_after_it(actions: list[Action], text: str, entities: _Entities) -> list[Action]:
    """ "they also asked for the invoice copy | by end of day", "she needs a proposal | in ten
    days": a request cut from its own deadline is the follow-up that deadline dates."""
    kept: list[Action] = []
    for action in actions:
        request = kept[-1] if kept else None
        if (
            request is not None
            and request.intent == "log_interaction"
            and action.intent == "schedule_followup"
            and _nothing_of_its_own(request, entities)
            and _REQUEST_WORD.search(text, request.start, request.end)
            and any(
                t.start_char == action.start and text[t.end_char : action.end].strip(" ,.") == ""
                for t in entities.times
            )
            and _same_customer(request.slots, action.slots)
        ):
            kept[-1] = replace(action, start=request.start)
            continue
        kept.append(action)
    return kept


def _nothing_of_its_own(action: Action, entities: _Entities) -> bool:
    """News with no customer named, contact, medium or time of its own."""
    return (
        not any(slot in action.slots for slot in ("contact", "when"))
        and action.slots.get("interaction_type", "note") == "note"
        and not any(action.start <= m.start < action.end for m in entities.customers)
    )


_STILL_OPEN = re.compile(r"\bstill\s+(?:open|pending|outstanding|unresolved)\b", re.IGNORECASE)


def _ticket_still_open_is_news(actions: list[Action], text: str) -> list[Action]:
    """ "visit went ok … ticket twelve hundred still open": a ticket said to be as it was, during
    a logged talk, changes nothing; it is news of the talk (README: a fault still there)."""
    talked = False
    kept: list[Action] = []
    for action in actions:
        if (
            talked
            and action.intent == "update_ticket"
            and set(action.slots) <= {"ticket", "customer", "customer_candidates", "summary"}
            and _STILL_OPEN.search(text, action.start, action.end)
        ):
            continue
        talked = talked or action.intent == "log_interaction"
        kept.append(action)
    return kept


def _more_of_the_same_talk(actions: list[Action], entities: _Entities) -> list[Action]:
    """ "blue harbour called … are dead … and they also asked for the loyalty module pricing",
    "i was at contoso … and she needs a proposal | in ten days": news with no customer, contact,
    medium or time of its own, after a logged talk with the same customer, is more of that talk
    (what it names joins the talk only when said right after it)."""
    kept: list[Action] = []
    for action in actions:
        talk = next((a for a in reversed(kept) if a.intent == "log_interaction"), None)
        if talk is None or action.intent != "log_interaction":
            kept.append(action)
            continue
        adjacent = talk is kept[-1]
        # "Meridian Health visit, | the estates director signed off …": who was met
        met = adjacent and "contact" in action.slots and "contact" not in talk.slots
        unmet = replace(action, slots=_without_contact(action, met))
        if not _nothing_of_its_own(unmet, entities) or not _same_customer(talk.slots, action.slots):
            kept.append(action)
            continue
        if adjacent:
            extra = {k: v for k, v in action.slots.items() if k in ("product", "amount", "contact")}
            kept[-1] = replace(talk, slots={**extra, **talk.slots}, end=action.end)
    return kept


# "… want a demo first | lets book that for the twenty third at two": the plan said before, dated.
_BOOK_THAT = re.compile(
    r"\W*(?:(?:uh+|um+|so|and|ok|okay|then)\W+)*(?:(?:lets|let's|let’s|i'll|ill|we'll|can\s+you|"
    r"pls|please)\s+)?(?:book|schedule|arrange|set|pencil|put|make)\s+(?:it|that|this|one)\b",
    re.IGNORECASE,
)


def _without_contact(action: Action, drop: bool) -> dict[str, Any]:
    return {k: v for k, v in action.slots.items() if not (drop and k == "contact")}


def _booked_as_said_before(actions: list[Action], text: str) -> list[Action]:
    """A follow-up with no time, then "book that for …" pointing back at it: one follow-up, on
    the day the second names."""
    kept: list[Action] = []
    for action in actions:
        plan = kept[-1] if kept else None
        if (
            plan is not None
            and plan.intent == action.intent == "schedule_followup"
            and "when" not in plan.slots
            and "when" in action.slots
            and _BOOK_THAT.match(text, action.start)
            and _same_customer(plan.slots, action.slots)
        ):
            kept[-1] = replace(plan, slots={**action.slots, **plan.slots}, end=action.end)
            continue
        kept.append(action)
    return kept


def _call_only_brings_the_fault(
    actions: list[Action], text: str, entities: _Entities
) -> list[Action]:
    """ "so thames valley um kevin rang the mes terminals are down on line two": the customer's
    call that brings a fault and nothing else is the ticket alone (README's conventions), with
    the caller as its contact; so is one that also asks for someone there ("…and they want
    somebody there monday nine am": the ticket's time). Anything more and the call is logged."""
    if not _latin_text(text):
        return actions
    if len(actions) == 3:
        call, fault, plan = actions
        dated = _someone_there_dates(call, fault, plan, text)
        alone = _ticket_alone(call, dated, text, entities) if dated is not None else None
    elif len(actions) == 2:
        alone = _ticket_alone(actions[0], actions[1], text, entities)
    else:
        alone = None
    return actions if alone is None else [alone]


def _ticket_alone(call: Action, fault: Action, text: str, entities: _Entities) -> Action | None:
    """The ticket with the caller's slots, when the call only brought it."""
    # "marlow and finch rang ticket twenty four fifteen … reopen it": a call that only carries
    # a ticket's update gives just the update (README's conventions)
    if call.intent != "log_interaction" or fault.intent not in ("open_ticket", "update_ticket"):
        return None
    if call.slots.get("interaction_type") not in ("call", "message") or not _only_their_call(
        text, call, entities
    ):
        return None
    carried = {k: v for k, v in call.slots.items() if k in _CALLER_SLOTS}
    return replace(fault, slots={**carried, **fault.slots}, start=call.start)


_CALLER_SLOTS = ("customer", "customer_candidates", "contact")
# "they want somebody there", "wants someone to look at it", "need a tech out", "want us in":
# who is to come, said after the fault (a few words on: "asked for a tech").
_SOMEONE_TO_COME = re.compile(
    r"(?:\s+(?:for|to\s+have|to\s+get|a\s+visit\s+from)){0,2}\s*"
    r"(?:someone|somebody|some1|an?\s+(?:engineer|tech|technician)|us|you\s+guys)\b"
    r"(?:\s+(?:to\s+)?(?:come|go|be|get|pop|look|check|have\s+a\s+look|fix|there|out|over|in|on\s*site|"
    r"onsite|down|round|around))",
    re.IGNORECASE,
)


def _someone_there_dates(call: Action, fault: Action, plan: Action, text: str) -> Action | None:
    """A fault, then the customer's wish for someone to come on a day: the ticket dated by the
    wish (README's conventions), or None when the plan is no such wish."""
    if (
        fault.intent != "open_ticket"
        or plan.intent != "schedule_followup"
        or "when" not in plan.slots
        or "when" in fault.slots
        or not _same_customer(plan.slots, fault.slots)
    ):
        return None
    wish = _REQUEST_WORD.search(text, fault.start, plan.end)
    if wish is None or not _SOMEONE_TO_COME.match(text, wish.end(), plan.end):
        return None
    carried = {k: v for k, v in plan.slots.items() if k in ("when", "priority")}
    if "priority" in call.slots:
        carried.setdefault("priority", call.slots["priority"])
    return replace(fault, slots={**carried, **fault.slots}, end=plan.end)


# A manner set off by commas says how they called, nothing more: "rang, slightly exasperated,",
# "called, somewhat apologetically,", "rang, rather worried, to say …".
_ASIDE = re.compile(
    r",\s*(?:(?:very|rather|slightly|somewhat|quite|a\s+bit|a\s+little|fairly|clearly|"
    r"understandably|not\s+very|all|most)\s+)?[a-z]+(?:ly|ed)\s*(?=,|$)",
    re.IGNORECASE,
)


def _only_their_call(text: str, call: Action, entities: _Entities) -> bool:
    """The action's words are the customer (and who) calling in, with no more than fillers."""
    named = [m for m in entities.customers if call.start <= m.start < call.end]
    if not named:
        return False  # "called about the invoice, …": no customer calling in
    found = (*entities.contacts, *entities.phones)
    spans = [
        *((m.start, m.end) for m in named),
        *((f.start, f.end) for f in found if call.start <= f.start < call.end),
        *(
            (t.start_char, t.end_char)
            for t in entities.times
            if call.start <= t.start_char < call.end
        ),
    ]
    # "thames valley" found as "thames": the rest of the name is no news either
    name_words = {w.casefold() for m in named for w in _CALL_IN_WORD.findall(m.best.name)}
    if any("&" in m.best.name for m in named):
        name_words.add("and")  # "marlow and finch rang": the ampersand as it is said
    spans += [(m.start(), m.end()) for m in _ASIDE.finditer(text, call.start, call.end)]
    words = [
        w.group().casefold()
        for w in _CALL_IN_WORD.finditer(_mask(text[: call.end], spans), call.start)
    ]
    verbs = [w for w in words if w in _CALLED_IN or w in _MESSAGE_IN]
    words = _without_customer_part(words)
    return (
        len(verbs) == 1
        and all(
            w in _CALLED_IN
            or w in _MESSAGE_IN
            or w in _CALL_IN_FILLER
            or w in name_words
            or (w in _MESSAGE_FROM and bool(set(verbs) & _MESSAGE_IN))
            for w in words
        )
        and not _we_called_them(text, call.start, call.end, entities)
    )


def _without_customer_part(words: list[str]) -> list[str]:
    """The words of a calling-in clause without a part of the customer and the one word that
    names it ("leeds site", "tuas depot"): who called is still the customer."""
    kept: list[str] = []
    for word in words:
        if word in _CUSTOMER_PART:
            if kept and kept[-1] not in _CALLED_IN and kept[-1] not in _CALL_IN_FILLER:
                kept.pop()  # the place: "leeds" of "leeds site"
            continue
        kept.append(word)
    return kept


def _we_called_them(text: str, start: int, end: int, entities: _Entities) -> bool:
    """ "rang Meridian Health, …": a call verb before the customer has the rep for its subject;
    it is a call of ours, logged beside the fault (train: "Called Ashford Tools - spindle
    monitors showing stale data"), unlike "Meridian rang" calling in."""
    first = next((m for m in entities.customers if start <= m.start < end), None)
    return first is not None and any(
        w.group().casefold() in _CALLED_IN for w in _CALL_IN_WORD.finditer(text, start, first.start)
    )


def _next_stop_day(
    text: str, clause: _Clause, intent: str, actions: list[Action], anchor: datetime | None
) -> TimeMention | None:
    """ "下周四上午去绿源农业然后顺便去一趟椰风饮品", "tomorrow touch base with fairbank and then
    get back to contoso": the next stop of a planned day with no time of its own is on that day."""
    if (
        intent != "schedule_followup"
        or anchor is None
        or not actions
        or actions[-1].intent != "schedule_followup"
        or (_THEN_GO.match(text, clause.start) is None and not _then_en(text, clause.start))
    ):
        return None
    day = anchor.replace(hour=0, minute=0, second=0, microsecond=0)
    return TimeMention(clause.start, clause.start, "", day, "day")


def _stop_of_the_day(
    text: str,
    clause: _Clause,
    when: TimeMention | None,
    visited: datetime | None,
    actions: list[Action],
    *,
    now: datetime,
) -> tuple[TimeMention | None, datetime | None]:
    """ "今天跑了三家…然后去了青禾最后在东辰": each stop of a day of visits is on the day said
    first. Returns the visit's time and the day of the visits so far."""
    if (
        when is None
        and visited is not None
        and (
            actions[-1].intent == "log_interaction"
            # "今天先去了嘉禾…签了POS二期…然后去南粤百货": the next stop after a deal or a fault
            or _THEN_GO.match(text, clause.start) is not None
        )
    ):
        day = visited.replace(hour=0, minute=0, second=0, microsecond=0)
        return TimeMention(clause.start, clause.start, "", day, "day"), visited
    if when is not None and when.value.date() <= now.date():
        return when, when.value
    return when, visited


_SEE_HOW = re.compile(
    r"看看[^，,。？?]{0,14}(?:怎么样|如何|咋样)\s*$"
    # "明早给科达CTO打个电话问问AGV的进度": a call planned to ask them, not a look-up
    r"|(?:打个?电话|打电话|去一趟|过去)[^，,。？?]{0,4}(?:问|了解一下)"
    # "月中想过来我们公司看看新的控制器": coming over to look is a visit
    r"|(?:过来|过去|来|去)[^，,。？?]{0,6}看看"
)


def _go_and_see(text: str, clauses: list[_Clause]) -> bool:
    """ "下个月初再去一次天合纺织看看染色机装得怎么样": going to see how it is, a plan, not a
    question to the assistant."""
    return _SEE_HOW.search(text) is not None and any(
        h.intent == "schedule_followup" for c in clauses for h in c.hits
    )


# "他们又下了十台输液泵的单", "下了个五十万的单": an order placed, its goods said inside.
_PLACED_ORDER = re.compile(r"下了[^，,。；;！!？?]{0,14}?的?单(?![位元价据])")


def _placed_orders(text: str, hits: list[TriggerHit]) -> list[TriggerHit]:
    """An order placed with what was ordered said between 下了 and 单 (no trigger spans it)."""
    return [
        TriggerHit("record_deal", found.start(), found.end(), "下单")
        for found in _PLACED_ORDER.finditer(text)
        if not any(h.start < found.end() and found.start() < h.end for h in hits)
    ]


def _colon_report(text: str, entities: _Entities, hits: list[TriggerHit]) -> list[TriggerHit]:
    """ "宏图塑胶何总：传感器报价收到了": a person and a colon open what they said, a note to log
    when nothing else in the note says what it is."""
    if hits or entities.tickets or not _their_question(text, entities):
        return []
    colon = next(c.end for c in entities.contacts if text[c.end : c.end + 1] in ("：", ":"))
    return [TriggerHit("log_interaction", colon, colon + 1, "report")]


def _their_question(text: str, entities: _Entities) -> bool:
    """ "宏图塑胶何总：机械手单价能不能再降5%？": the question is the customer's, reported after
    their name and a colon; the note logs it, it asks the assistant nothing."""
    return any(
        text[contact.end : contact.end + 1] in ("：", ":") and is_cjk(text[contact.end - 1])
        for contact in entities.contacts
    )


def _what_to_prepare(
    decided: list[tuple[_Clause, str, float]], entities: _Entities
) -> list[tuple[_Clause, str, float]]:
    """ "科达的CTO下周三来公司参观，记得准备AGV小车的演示": a reminder with no time or customer of
    its own is what to do for the plan before it, one follow-up."""
    merged: list[tuple[_Clause, str, float]] = []
    for clause, intent, confidence in decided:
        if (
            merged
            and merged[-1][1] == intent == "schedule_followup"
            and not any(clause.start <= t.start_char < clause.end for t in entities.times)
            and not _has_own_entities(clause, entities)
            and _first(entities.times, merged[-1][0], lambda t: t.start_char) is not None
        ):
            previous, kept, kept_confidence = merged[-1]
            joined = _Clause(previous.start, clause.end, previous.hits + clause.hits)
            merged[-1] = (joined, kept, kept_confidence)
            continue
        merged.append((clause, intent, confidence))
    return merged


# What may stand between the customers of one listed plan: "pemberton at nine | then | tve at
# two and i need to call | meridian", "tanjong | lion city and | orchard hotels".
_PLAN_LIST_GLUE = re.compile(
    # the customer's people named after it: "Brightwater's asset team and the Harbour lot"
    r"(?:(?:['’]s)?(?:\s+[a-z]+)?\s+(?:team|lot|guys|people|folks|lads))?"
    r"[\s,;&+]*(?:(?:and|then|plus|also|after\s+that|uh+|um+)[\s,]+)*"
    r"(?:(?:i|we)\s+(?:need\s+to|have\s+to|'ve\s+got|have\s+got|will|'ll)\s+|i've\s+got\s+)?"
    r"(?:(?:call|visit|see|meet|email|ring|phone|lunch\s+with|coffee\s+with|drop\s+by)\s+)?"
    r"(?:the\s+)?",
    re.IGNORECASE,
)


def _day_said_before(times: list[TimeMention], mine: TimeMention) -> TimeMention | None:
    """The day a time of day in a listed plan falls on: the last one named before it ("sunday
    night prep tomorrow i've got pemberton at nine": tomorrow), else the first named at all."""
    dated = [t for t in times if _DATED.search(t.text)]
    before = [t for t in dated if t.start_char <= mine.start_char]
    return before[-1] if before else next(iter(dated), None)


# Between one item of a typed plan and the next: "…re renewal, Wed 10:30 …", "…; then Thu …".
_ITEM_BREAK = re.compile(r"[,;]|\s(?:and|then|&)\s", re.IGNORECASE)


def _times_first(
    text: str, action: Action, mentions: list[CustomerMention], times: list[TimeMention]
) -> list[TimeMention] | None:
    """ "Plan: Mon ring LCL re renewal, Wed 10:30 Sunda Palm estate visit, Thu arvo KB Trading":
    a list whose items each say their time first, then their customer; None for another shape."""
    own: list[TimeMention] = []
    floor = action.start
    for index, mention in enumerate(mentions):
        before = [t for t in times if floor <= t.start_char and t.end_char <= mention.start]
        if index == 0:
            before = before[-1:]  # "sunday evening plan for the week monday morning lion city"
        if len(before) != 1:
            return None
        if index > 0 and _ITEM_BREAK.search(text, floor, before[0].start_char) is None:
            return None
        own.append(before[0])
        floor = mention.end
    if any(t.start_char >= floor for t in times):
        return None  # a time after the last customer: the list says its times after them
    return own


def _one_plan_per_customer(
    actions: list[Action], entities: _Entities, now: datetime
) -> list[Action]:
    """ "next week i need to visit tanjong lion city and orchard hotels", "tomorrow i've got
    pemberton at nine then tve at two": a plan listing several customers is one follow-up for
    each, at the time said after that customer, else the time they share."""
    out: list[Action] = []
    for action in actions:
        if action.intent != "schedule_followup":
            out.append(action)
            continue
        mentions = [m for m in entities.customers if action.start <= m.start < action.end]
        if len({m.best.id for m in mentions}) < 2 or len(mentions) != len(
            {m.best.id for m in mentions}
        ):
            out.append(action)
            continue
        times = [t for t in entities.times if action.start <= t.start_char < action.end]
        own: list[TimeMention | None] = []
        listed = True
        for index, mention in enumerate(mentions):
            stop = mentions[index + 1].start if index + 1 < len(mentions) else action.end
            after = [t for t in times if mention.end <= t.start_char < stop]
            own.append(after[0] if after else None)
            if index + 1 < len(mentions):
                spans = [(t.start_char - mention.end, t.end_char - mention.end) for t in after]
                between = _rest_of_name(_mask(entities.text[mention.end : stop], spans), mention)
                if _PLAN_LIST_GLUE.fullmatch(between) is None:
                    listed = False
        leading = _times_first(entities.text, action, mentions, times)
        if leading is not None:
            own, listed = list(leading), True
        if not listed:
            out.append(action)
            continue
        for mention, mine in zip(mentions, own, strict=True):
            slots = {
                k: v
                for k, v in action.slots.items()
                if k not in ("customer", "customer_candidates")
            }
            slots.update(_customer_slot(mention))
            if mine is not None:
                said = mine
                dated = _day_said_before(times, mine)
                if dated is not None and mine is not dated and not _DATED.search(mine.text):
                    said = _on_day(mine, dated.value, mine.text)  # "tomorrow … tve at two"
                slots["when"] = _when_slot(_for_crm(said, now))
            out.append(replace(action, slots=slots))
    return out


def _rest_of_name(between: str, mention: CustomerMention) -> str:
    """ "visit tanjong lion city and orchard hotels" with only "lion" found: the words of the
    customer's name said after the part found belong to the name, not between two customers."""
    words = between.split(" ")
    name = set(mention.best.name.casefold().split())
    while words and (not words[0] or words[0].casefold() in name):
        words.pop(0)
    return " " + " ".join(words) if words else ""


# "走访了绿源农业和椰风饮品", "跑了两家先是海润冷链然后是港联物流", "去了三家客户嘉禾超市南粤百货
# 还有椰风饮品": a round of visits, its customers listed one after another.
_ROUND_ZH = re.compile(r"(?:走访了|拜访了|跑了|去了)(?:[一二两三四五六几\d]家)?(?:客户)?")
_ROUND_GLUE_ZH = re.compile(
    r"(?:\s|[，,、]|和|跟|与|及|以及|还有|先是|然后是|然后|再是|最后是|接着是|嗯|呃|那个)*"
)


def _listed_customers(text: str, entities: _Entities, position: int) -> list[CustomerMention]:
    """The customers named one after another from `position`, with only list words between."""
    listed: list[CustomerMention] = []
    while True:
        glue = _ROUND_GLUE_ZH.match(text, position)
        at = glue.end() if glue else position
        mention = next((m for m in entities.customers if m.start == at), None)
        if mention is None or any(m.best.id == mention.best.id for m in listed):
            return listed
        listed.append(mention)
        position = mention.end


def _one_visit_per_customer(actions: list[Action], entities: _Entities, text: str) -> list[Action]:
    """A round of visits to several customers listed in a row is one visit logged for each (the
    README's one action per thing that happened), on the day and in the way said for the first;
    what the list was cut into (a look-up of "然后是港联物流都挺好的") goes."""
    out: list[Action] = []
    skip_before = -1
    for action in actions:
        if action.start < skip_before and action.intent in _ASKING | _ACTS | {"log_interaction"}:
            continue
        round_ = (
            _ROUND_ZH.search(text, action.start, action.end)
            if action.intent == "log_interaction"
            else None
        )
        listed = _listed_customers(text, entities, round_.end()) if round_ else []
        if len(listed) < 2:
            out.append(action)
            continue
        shared = {k: v for k, v in action.slots.items() if k in ("when", "interaction_type")}
        out.append(replace(action, slots={**action.slots, **_customer_slot(listed[0])}))
        out.extend(
            replace(action, slots={**shared, **_customer_slot(mention)}) for mention in listed[1:]
        )
        skip_before = listed[-1].end
    return out


def _asked_once(actions: list[Action]) -> list[Action]:
    """ "Northwind at risk? orders dropped a lot": a question said again in other words, with
    nothing new in it, is one question."""
    kept: list[Action] = []
    for action in actions:
        previous = kept[-1] if kept else None
        if (
            previous is not None
            and action.intent in ("loyalty_summary", "query_customer", "list_agenda")
            and action.intent == previous.intent
            and all(previous.slots.get(k) == v for k, v in action.slots.items())
        ):
            continue
        kept.append(action)
    return kept


def _ticket_work_times(
    text: str, decided: list[tuple[_Clause, str, float]], entities: _Entities
) -> list[tuple[_Clause, str, float]]:
    """ "T-1003 in progress, engineer on site this afternoon": a time after a ticket update,
    with nothing to do of its own, is when the work happens, not a follow-up."""
    merged: list[tuple[_Clause, str, float]] = []
    for clause, intent, confidence in decided:
        if (
            merged
            and merged[-1][1] == "update_ticket"
            and intent == "schedule_followup"
            and clause.hits
            # "parts ordered, engineer booked for Thursday"
            and all(_is_time_hit(h, entities) or h.phrase in _BOOKED for h in clause.hits)
            and not _has_own_entities(clause, entities)
            and _TICKET_WORK.search(text, merged[-1][0].start, clause.end) is not None
            # "… is fixed and they want the renewal meeting thursday": their request, not the work
            and _THEIR_REQUEST_IN.search(text, clause.start, clause.end) is None
            and not _broken_between(text, merged[-1][0].start, clause.start)
        ):
            previous, kept, kept_confidence = merged[-1]
            joined = _Clause(previous.start, clause.end, previous.hits, previous.shared)
            merged[-1] = (joined, kept, kept_confidence)
            continue
        merged.append((clause, intent, confidence))
    return merged


_BOOKED = frozenset({"booked for", "booked in for", "scheduled for"})
_REQUEST_REACH = 24


def _service_requests(
    text: str, decided: list[tuple[_Clause, str, float]], entities: _Entities
) -> list[tuple[_Clause, str, float]]:
    """ "…开不了机，问能不能明天上午派人", "…离线了，希望今天下午能过去看看": asking for someone to
    come and look is part of the fault report before it."""
    merged: list[tuple[_Clause, str, float]] = []
    reach = 0 if any(is_cjk(char) for char in text) else _REQUEST_REACH
    for clause, intent, confidence in decided:
        if (
            merged
            and merged[-1][1] in ("open_ticket", "update_ticket")
            and intent in ("open_ticket", "query_customer", "schedule_followup", "unknown")
            # "… can we get someone there | by thursday": the request may end the clause before
            and _SERVICE_REQUEST.search(
                text, max(merged[-1][0].start, clause.start - reach), clause.end
            )
            and not _has_own_entities(clause, entities)
            and not _TICKET_FAULT.search(text, clause.start, clause.end)
            and not _plan_of_its_own(text, clause, intent, merged, reach=reach, entities=entities)
        ):
            previous, kept, kept_confidence = merged[-1]
            joined = _Clause(
                previous.start, clause.end, previous.hits + clause.hits, previous.shared
            )
            merged[-1] = (joined, kept, kept_confidence)
            continue
        merged.append((clause, intent, confidence))
    return merged


_SOMEONE_WANTS = re.compile(
    r"\s*(?:(?:and|so|but)\s+)?(?:(?:uh+|um+|also)\s+)*(?:(?:the|their)\s+)?(?:[a-z]+\s+){0,2}?"
    r"(?:wants?|needs?|asked\s+for|would\s+like|'d\s+like)\b",
    re.IGNORECASE,
)
_REP_GOES = re.compile(r"(?<![让叫要])我(?!们)[^，,。；;]{0,6}?(?:过去|去|跑)")


def _plan_of_its_own(
    text: str,
    clause: _Clause,
    intent: str,
    merged: list[tuple[_Clause, str, float]],
    *,
    reach: int,
    entities: _Entities,
) -> bool:
    """A dated wish after a fault that is a plan, not part of the fault's request."""
    if intent != "schedule_followup":
        return False
    # "…掉线然后周五我过去看一下": the rep going himself is a visit to plan
    if _REP_GOES.search(text, clause.start, clause.end):
        return True
    # "…frozen again can someone look at it today and | i'll send the renewal quote next week":
    # the rep's own errand, said in a voice of its own, is no part of the service request
    lead = _PLAN_LEAD.match(text, clause.start)
    if (
        lead is not None
        and _latin_text(text[clause.start : clause.end])
        and not _SEND_SOMEONE.match(text, lead.end())
    ):
        return True
    # "tve rang … are down | and kevin wants someone there this afternoon": after a logged
    # call or visit, what someone wants, dated, is a plan of its own (English); "can
    # someone get there" and a fault reported alone keep the request
    return (
        any(logged == "log_interaction" for _, logged, _ in merged)
        and bool(
            _SOMEONE_WANTS.search(text, max(merged[-1][0].start, clause.start - reach), clause.end)
        )
        and any(clause.start <= t.start_char < clause.end for t in entities.times)
    )


def _is_time_hit(hit: TriggerHit, entities: _Entities) -> bool:
    return any(t.start_char == hit.start and t.end_char == hit.end for t in entities.times)


def _one_per_ticket(
    decided: list[tuple[_Clause, str, float]], entities: _Entities
) -> list[tuple[_Clause, str, float]]:
    """ "T-2181 处理中，T-2182 已解决", "T-1191 and T-1192 both resolved": one update per
    ticket, each clause running up to the next ticket number."""
    split: list[tuple[_Clause, str, float]] = []
    for clause, intent, confidence in decided:
        starts = [t.start for t in entities.tickets if clause.start <= t.start < clause.end]
        if intent != "update_ticket" or len(starts) < 2:
            split.append((clause, intent, confidence))
            continue
        bounds = [clause.start, *starts[1:], clause.end]
        for start, end in itertools.pairwise(bounds):
            hits = [h for h in clause.hits if start <= h.start < end]
            split.append((_Clause(start, end, hits, shared=clause.start), intent, confidence))
    return split


def _share_ticket_slots(groups: dict[int, list[dict[str, Any]]]) -> None:
    """Tickets updated together share what is said once: "T-2151 和 T-2152 都已经关了"."""
    for group in groups.values():
        for key in ("status", "priority"):
            said = next((slots[key] for slots in reversed(group) if key in slots), None)
            for slots in group:
                if said is not None and key not in slots:
                    slots[key] = said


def _met_goes_with_the_visit(actions: list[Action], text: str) -> list[Action]:
    """ "拜访闽江制药，QA经理反馈探头读数为零", "Visited Greenfield, ops director signed off the
    kits - £35k": the person who opens the news right after a visit or call is the one met,
    so the logged interaction names them, not the ticket or deal they brought up."""
    moved = list(actions)
    for index in range(len(moved) - 1):
        log, news = moved[index], moved[index + 1]
        if log.intent != "log_interaction" or "contact" in log.slots:
            continue
        if news.intent not in ("open_ticket", "record_deal") or "contact" not in news.slots:
            continue
        said = str(news.slots["contact"].get("text", ""))
        opening = text[news.start : news.end].lstrip(" ,，:：-—")
        if not said or not opening.startswith(said):
            continue
        news_slots = {k: v for k, v in news.slots.items() if k != "contact"}
        moved[index] = replace(log, slots={**log.slots, "contact": news.slots["contact"]})
        moved[index + 1] = replace(news, slots=news_slots)
    return moved


def _signed_later(deal: Action, text: str, now: datetime) -> bool:
    """A deal dated after today, or within a week or month still running, and not said done."""
    when = deal.slots.get("when") or {}
    day = str(when.get("value") or when.get("start") or "")[:10]
    later = day > now.date().isoformat() or when.get("grain") in ("week", "month")
    return later and _SIGNED.search(text, deal.start, deal.end) is None


def _signing_later(actions: list[Action], text: str, language: str, now: datetime) -> list[Action]:
    """ "贴片机加两台60万下周签", "冷库监控三期明年签，约200万": a priced deal still to be
    signed is news to log (with the conversation it was heard in, when one was just logged),
    and the day of the signing a follow-up; a year is their timeline, no day of ours."""
    if language != "zh":
        return actions
    result: list[Action] = []
    for action in actions:
        slots = action.slots
        when = slots.get("when")
        said = text.find(str(when.get("text") or "\0"), action.start) if when else -1
        if (
            action.intent not in ("schedule_followup", "log_interaction", "record_deal")
            # "答应了…三十万这周内签": a deal agreed, not yet signed ("今天签约" is signed)
            or (action.intent == "record_deal" and not _signed_later(action, text, now))
            or "amount" not in slots
            or when is None
            or not action.start <= said < action.end
            or not _SIGN_LATER.match(text, said + len(when["text"]))
        ):
            result.append(action)
            continue
        log = {k: v for k, v in slots.items() if k != "when"}
        log.setdefault("interaction_type", "note")
        previous = result[-1] if result else None
        if (
            previous is not None
            and previous.intent == "log_interaction"
            and "amount" not in previous.slots
            and previous.slots.get("customer") == slots.get("customer")
        ):
            joined = {**log, **previous.slots, "amount": slots["amount"]}
            result[-1] = replace(previous, slots=joined, end=action.end)
        else:
            result.append(replace(action, intent="log_interaction", slots=log))
        if when.get("grain") != "year":
            plan = {k: v for k, v in slots.items() if k in ("customer", "customer_candidates")}
            plan["when"] = when
            result.append(replace(action, intent="schedule_followup", slots=plan))
    return result


_SIGN_LATER = re.compile(r"\s*(?:之?内|之?前)?(?:就|再|可以|能|去|来|过去)?签(?![了的好完过])")
_SIGNED = re.compile(r"签了|签好|签完|签的|已经|盖章|盖了章|到账|付了|成交|拿下")


# "CFO wants 40 collab seats, £36k, signing next week", "decision end of July": a priced deal
# still to be signed or decided is news to log, and the day it is due a follow-up of ours.
_DECIDED_LATER = re.compile(
    r"\b(?:signing|sign-?off|to\s+sign|decision|deciding|to\s+decide|go-?ahead)\s+"
    r"(?:(?:is|due|expected|on|by|in|at|for)\s+)*$",
    re.IGNORECASE,
)


def _deciding_later(actions: list[Action], entities: _Entities, now: datetime) -> list[Action]:
    """English twin of `_signing_later`: the signing or decision day of a priced deal heard as
    news is a follow-up, unless the rep names a plan of their own."""
    if any(a.intent == "schedule_followup" for a in actions):
        return actions
    out: list[Action] = []
    for action in actions:
        out.append(action)
        if action.intent != "log_interaction" or "amount" not in action.slots:
            continue
        due = next(
            (
                t
                for t in entities.times
                if action.start <= t.start_char < action.end
                and _in_future(t, now)
                and _DECIDED_LATER.search(
                    entities.text, max(action.start, t.start_char - 24), t.start_char
                )
            ),
            None,
        )
        if due is None:
            continue
        plan = {k: v for k, v in action.slots.items() if k in ("customer", "customer_candidates")}
        plan["when"] = _when_slot(_for_crm(due, now))
        out.append(replace(action, intent="schedule_followup", slots=plan, start=due.start_char))
    return out


def _report_first(actions: list[Action], text: str) -> list[Action]:
    """A ticket update heard on a call or visit is logged before it, as reps tell it: "来电：
    定位终端又漂了（T-2002），另外续约合同已寄出" logs the call, then updates the ticket."""
    ordered = list(actions)
    for index in range(len(ordered) - 1):
        update, log = ordered[index], ordered[index + 1]
        if update.intent != "update_ticket" or log.intent != "log_interaction":
            continue
        if _broken_between(text, update.start, log.start):
            continue  # "T-2200 resolved. Imran wants 10 more scanners": news of its own, after
        slots = dict(log.slots)
        framing = text[update.start : update.end]
        kind = slot_finders.find_interaction_type(framing)
        if slots.get("interaction_type") == "note" and kind is not None:
            slots["interaction_type"] = kind.value
        if "contact" not in slots and "contact" in update.slots:
            slots["contact"] = update.slots["contact"]
        ordered[index], ordered[index + 1] = replace(log, slots=slots), update
    return ordered


def _heard_updates(actions: list[Action], text: str, now: datetime) -> list[Action]:
    """ "so brightwater rang … ticket thirty four fifty reopen it", "kevin says the terminals are
    fixed so t twelve oh five can be resolved": the call or visit the update was heard on is
    logged before it, with who said it; the update keeps the ticket."""
    result: list[Action] = []
    for action in actions:
        segment = text[action.start : action.end]
        news = _trailing_news(segment)
        if action.intent == "open_ticket":
            # "青禾张经理打电话来说冷库温控又报警了…另外他们下个月还要加十套": a call that brought
            # a fault and more is logged first; a call about the fault alone is only the ticket.
            if any(a.intent == "log_interaction" for a in result) or not _called_in(segment):
                result.append(action)
                continue
            more: Any = len(actions) > 1 or news is not None
            if not more:
                result.append(action)
                continue
        elif action.intent != "update_ticket" or any(a.intent == "log_interaction" for a in result):
            result.append(action)
            continue
        medium = _INTERACTION.search(segment)
        said = "contact" in action.slots and _SAID.search(segment) is not None
        # Only a conversation with more in it than the ticket is logged: other actions in the
        # message, news after the ticket, a visit, or a call the rep made ("phoned ops",
        # "Ashford call -"). An engineer on site is work on the ticket, not the rep's visit.
        visit = _VISIT.search(segment) and not _ENGINEER_VISIT.search(segment)
        more = (
            len(actions) > 1
            or news is not None
            or visit
            or _REP_CALL.search(segment)
            # "… t twelve oh five can be resolved and they want a quote for ten more seats"
            or _THEIR_REQUEST_IN.search(segment)
        )
        went = visit and _WENT_THERE.search(segment) is not None  # "今天上午去了金田新材"
        if (medium is None and not said and not went) or not more:
            result.append(action)
            continue
        update = dict(action.slots)
        log: dict[str, Any] = {
            k: update[k] for k in ("customer", "customer_candidates") if k in update
        }
        if "contact" in update:
            log["contact"] = update.pop("contact")
        if visit and "product" in update and action.intent == "update_ticket" and segment.isascii():
            log["product"] = update.pop("product")  # "…replaced the thermostat on the combi oven"
        kind = slot_finders.find_interaction_type(segment)
        rep_call = "call" if _REP_CALL.search(segment) else "visit" if visit else "note"
        log["interaction_type"] = kind.value if kind is not None else rep_call
        when = update.get("when")
        if when is not None and "value" in when and when["value"][:10] <= now.date().isoformat():
            log["when"] = update.pop("when")
        elif when is None and (said_at := _time_of_the_visit(segment, now)) is not None:
            log["when"] = said_at  # "今天上午去了金田新材，T-2418 问题解决了"
        if news is not None:
            # what they went on to say names its own product ("…还想再买十台输液泵")
            products = _products(segment[news:])
            if products:
                log["product"] = products[0][2]
        result.append(Action("log_interaction", action.confidence, log, action.start, action.end))
        result.append(replace(action, slots=update))
    return _news_joins_the_call(result, len(actions))


def _time_of_the_visit(segment: str, now: datetime) -> dict[str, Any] | None:
    """The time gone by said before the ticket, when the rep went there or called: when the
    logged visit or call was (the update itself keeps no time of the past)."""
    tickets = slot_finders.find_tickets(segment)
    framing = segment[: tickets[0].start] if tickets else ""
    if not framing.strip():
        return None
    language = "zh" if any(is_cjk(char) for char in framing) else "en"
    for mention in find_times(framing, now, language):
        settled = _in_the_past(_for_crm(mention, now), now)
        if settled.grain not in _WIDE_GRAINS and (
            not _in_future(settled, now) or _later_today(settled, now)
        ):
            return _when_slot(settled)
    return None


def _news_joins_the_call(actions: list[Action], before: int) -> list[Action]:
    """ "…打电话说麻醉机报警一直响然后顺便问了下明年的采购计划我下周去一趟": once the call is
    logged ahead of the ticket, the news said on it after the fault is part of that log."""
    if len(actions) == before:
        return actions
    joined = list(actions)
    for index in range(len(joined) - 2):
        call, ticket, news = joined[index], joined[index + 1], joined[index + 2]
        if (
            call.intent == "log_interaction"
            and ticket.intent in ("open_ticket", "update_ticket")
            and call.start == ticket.start
            and news.intent == "log_interaction"
            and "contact" not in news.slots
        ):
            slots = dict(call.slots)
            if "product" in news.slots and "product" not in slots:
                slots["product"] = news.slots["product"]
            joined[index] = replace(call, slots=slots, end=news.end)
            del joined[index + 2]
            break
    return joined


# News after a fault or an update in the same report: "另外他们下个月还要加十套",
# "顺便问了明年的招标", "然后他们还想再买十台输液泵", "想了解数据分析模块".
_NEWS_AFTER = re.compile(r"另外|顺便|然后(?=他们|还|又|想)|还想|想了解|想再|想问")
_ZH_MEDIUM = re.compile(r"打电话|打了电话|来电|电话里|电话说|微信|短信|邮件|回复了")


def _trailing_news(segment: str) -> int | None:
    """Where the news after a ticket begins: a connective after the fault, with no fault, service
    request or ticket word of its own after it."""
    for found in reversed(list(_NEWS_AFTER.finditer(segment))):
        rest = segment[found.end() :]
        if not rest.strip() or not is_cjk(found.group()[0]):
            return None
        if _TICKET_FAULT.search(rest) or _SERVICE_REQUEST.search(rest):
            return None
        if any(hit.intent in ("open_ticket", "update_ticket") for hit in trigger_hits(rest)):
            return None
        before = segment[: found.start()]
        if any(hit.intent in ("open_ticket", "update_ticket") for hit in trigger_hits(before)) or (
            slot_finders.find_status(before) is not None
        ):
            return found.start()
        return None
    return None


def _called_in(segment: str) -> bool:
    """A Chinese report that came by phone or message, said before the fault."""
    medium = _ZH_MEDIUM.search(segment)
    if medium is None:
        return False
    faults = [h.start for h in trigger_hits(segment) if h.intent == "open_ticket"]
    return bool(faults) and medium.start() < faults[0]


def _merge_framing(
    text: str, decided: list[tuple[_Clause, str, float]], entities: _Entities
) -> list[tuple[_Clause, str, float]]:
    """ "启航学校的郭老师打电话来说平板充不上电" reports a fault: the call is only how it
    arrived. A logging clause that is nothing but who called joins the ticket after it."""

    def framing(
        index: int, current: tuple[_Clause, str, float], following: tuple[_Clause, str, float]
    ) -> _Clause | None:
        clause, intent, _confidence = current
        if (
            intent == "log_interaction"
            and following[1] in ("open_ticket", "update_ticket")
            and _only_framing(text, clause, entities)
            and not _VISIT.search(text, clause.start, clause.end)
            and not any(h.phrase == "visit" for h in clause.hits)
            and not _we_called_them(text, clause.start, clause.end, entities)
            # "… called the signage is black again and they want us in on monday": a call
            # with more in it than the fault is logged
            and (index + 2 == len(decided) or not text[clause.start : following[0].end].isascii())
        ):
            return _Clause(clause.start, following[0].end, clause.hits + following[0].hits)
        return None

    return _joined_forward(decided, framing)


def _only_framing(text: str, clause: _Clause, entities: _Entities, *, slack: int = 3) -> bool:
    spans = [(m.start, m.end) for m in entities.customers]
    spans += [(c.start, c.end) for c in entities.contacts]
    spans += [(t.start_char, t.end_char) for t in entities.times]
    kept = "".join(
        char
        for position, char in enumerate(text[clause.start : clause.end], start=clause.start)
        if not any(start <= position < end for start, end in spans)
    )
    return len(_FRAMING.sub("", kept).strip(" ,，。:：-")) <= slack


def _asking_intent(
    text: str,
    clause: _Clause,
    entities: _Entities,
    language: str,
    classifier: IntentClassifier | None,
) -> tuple[str, float]:
    """The likeliest question intent: the classifier's best among them, else a look-up when a
    customer is named."""
    if classifier is not None:
        probabilities = classifier(text, language, _customers_in(clause, entities))
        best = max(_ASKING - {"unknown"}, key=lambda intent: probabilities.get(intent, 0.0))
        if probabilities.get(best, 0.0) >= 0.2:
            return best, max(0.6, probabilities[best])
    if any(clause.start <= m.start < clause.end for m in entities.customers):
        return "query_customer", 0.7
    return "unknown", 0.3


def _settle_tense(
    text: str,
    decided: list[tuple[_Clause, str, float]],
    entities: _Entities,
    now: datetime,
    language: str,
) -> list[tuple[_Clause, str, float]]:
    """A "meeting" or "visit" that has not happened yet is a follow-up to schedule: a logging
    clause with no sign of the past becomes one when it holds a future time, and merges into
    the follow-up right after it ("tomorrow 11am meeting with Tanjong", "周四拜访，记一下")."""
    settled: list[tuple[_Clause, str, float]] = []
    index = 0
    while index < len(decided):
        clause, intent, confidence = decided[index]
        segment = text[clause.start : clause.end]
        if language == "zh":
            # Chinese reports often carry no tense marker at all (来访, 电话说): only a time
            # still to come with no sign of the past ("明天晚上请刘经理吃饭") makes a plan.
            # (news told with no verb of contact is theirs: "然后中秋前还想再追加一批")
            if (
                intent == "log_interaction"
                and not _PAST_ZH.search(segment)
                and not (clause.hits and all(h.phrase == "report" for h in clause.hits))
            ):
                first = _first(entities.times, clause, lambda t: t.start_char)
                if (
                    first is not None
                    and _in_future(first, now)
                    and not _in_their_words(text, first)
                    and not _done_then(text, first)
                ):
                    intent = "schedule_followup"
                elif (
                    settled
                    and settled[-1][1] == "schedule_followup"
                    and (_THEN_GO.match(segment) or _THEN_THAT_DAY.match(segment))
                    and (first is None or not _DATED.search(first.text))
                ):
                    # "下周一上午先去润泽制药然后下午去博瑞医疗": the next stop of a day
                    # still to come is planned too, on that day
                    intent = "schedule_followup"
            settled.append((clause, intent, confidence))
            index += 1
            continue
        if intent == "log_interaction" and (
            not _PAST.search(segment)
            or _wanted_interaction(text, clause)
            # "the tanjong visit is confirmed for | friday morning": booked, still to come ("olivia
            # rang they want the survey moved to | thursday" asks for it: the call stays logged)
            or (_BOOKED_FOR.search(segment) is not None and not _WANTED_MOVED.search(segment))
        ):
            following = decided[index + 1] if index + 1 < len(decided) else None
            if (
                following is not None
                and following[1] == "schedule_followup"
                and (not _reports_speech(text, clause) or _BOOKED_FOR.search(segment))
                and not _report_under_heading(text, clause, entities)
                and not _broken_between(text, clause.start, following[0].start)
                # "blue harbour no show today | ill try them again tomorrow at four": a clause
                # dated today or earlier is done, not the plan that follows
                and not any(
                    clause.start <= t.start_char < clause.end and not _in_future(t, now)
                    for t in entities.times
                )
                and not (
                    (
                        _THEIR_REQUEST.match(text, following[0].start)
                        # "call with lion city anna's happy with the pilot | follow up next
                        # monday": news, then a follow-up said in words of its own
                        or _OWN_FOLLOW_UP.match(text, following[0].start)
                    )
                    and _NEWS.search(text, clause.start, clause.end)
                )
            ):
                # "meeting with Tanjong | tomorrow 11am" is one plan; a report ("she wants
                # pricing, | by Friday") or a sentence of its own stays a log.
                merged = _Clause(clause.start, following[0].end, clause.hits + following[0].hits)
                settled.append((merged, "schedule_followup", min(confidence, following[2])))
                index += 2
                continue
            future = [
                t
                for t in entities.times
                if clause.start <= t.start_char < clause.end
                and _in_future(t, now)
                and _planned_at(text, t)
                # "They'll review at their board on 30 June": their date, not ours
                and not _THEIR_FUTURE.search(text, max(0, t.start_char - 48), t.start_char)
                # "P&G call with Mei Lin, she's sending the PO on Friday": what she will do
                and not their_own_event(text, t.start_char, t.end_char)
            ]
            if future:
                intent = "schedule_followup"
        settled.append((clause, intent, confidence))
        index += 1
    return settled


# "the farm manager wants a site visit on wednesday", "they want me on site monday": the visit
# or meeting named is the one they want, still to come.
_WANTED = re.compile(
    r"\b(?:wants?|wanted|asked\s+for|asking\s+for|would\s+like|'d\s+like|needs?)\s+"
    r"(?:(?:me|us|someone|somebody|you|(?:an?|the|our|your)\s+(?:engineers?|techs?|technicians?|"
    r"team|installers?|guys?))\s+)?(?:(?:a|an|another|the)\s+)?"
    r"(?:(?:quick|proper|follow[ -]?up|review|second|joint)\s+)?$",
    re.IGNORECASE,
)


_BOOKED_FOR = re.compile(
    r"\b(?:confirmed|booked|scheduled|arranged|set|moved|pushed(?:\s+back)?|rescheduled|"
    r"postponed|put\s+back)\s+(?:(?:it|(?:a|an|the)\s+(?:[a-z]+\s+)?[a-z]+)"
    r"(?:\s+(?:at|with)\s+[\w&'’-]+(?:\s+[\w&'’-]+)?)?\s+)?(?:for|to|till|until)\s*$",
    re.IGNORECASE,
)


def _wanted_interaction(text: str, clause: _Clause) -> bool:
    """The clause's visit or meeting word is what someone wants (English): a plan, not news."""
    if not _latin_text(text) or not clause.hits:
        return False
    first = clause.hits[0]
    return first.phrase != "report" and _WANTED.search(text, clause.start, first.start) is not None


_HAN = re.compile(r"[\u3400-\u9fff]")


@lru_cache(maxsize=1024)  # asked of the same message and clauses by many passes
def _latin_text(text: str) -> bool:
    """English-only rules also hold for a line with a pound sign or a curly quote (not ASCII)."""
    return _HAN.search(text) is None


def _planned_at(text: str, mention: TimeMention) -> bool:
    """A month, quarter or year in an English report is when *they* do something ("leaving in
    June", "might expand next year"); it is a plan of ours only after something to do ("visit
    the estate in June"). A day or a clock time is a plan either way."""
    if mention.grain not in ("month", "quarter", "year"):
        return True
    before = text[max(0, mention.start_char - 48) : mention.start_char]
    return _EN_TODO.search(before) is not None and not _NOT_COMMITMENT_BEFORE.search(before)


# "Tanjong visit - 3 lines running well", "Orchard Hotels call: they like the kiosks": the talk
# named as a heading, then what came of it.
_HEADING = re.compile(
    r"\b(?:visit|call|meeting|mtg|catch[ -]?up|chat|demo|site\s+walk)\s*"
    r"(?:done|today|this\s+(?:morning|afternoon))?\s*(?:[-–—:]|\s-)\s*(?P<rest>[^,.;!?]*)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z0-9']+")


def _report_under_heading(text: str, clause: _Clause, entities: _Entities) -> bool:
    """An English talk named as a heading and followed by what was said or found is a report of
    something done, not the event of the plan said after it ("meeting with Tanjong | tomorrow
    11am" is one plan; "Tanjong visit - 3 lines running well, | back there in two weeks" is a
    visit logged and a plan)."""
    heading = _HEADING.search(text, clause.start, clause.end)
    if heading is None or not _latin_text(text):
        return False
    rest = _mask(text, [(t.start_char, t.end_char) for t in entities.times])
    return len(_WORD.findall(rest, heading.start("rest"), heading.end("rest"))) >= 2


def _reports_speech(text: str, clause: _Clause) -> bool:
    """The clause reports what someone said or asked ("Mei Lin needs the report", "on the
    phone: renewal OK"), so it is logged even when a promise follows."""
    return any(
        h.phrase == "report" and _SPEECH.fullmatch(text[h.start : h.end].strip()) is not None
        for h in clause.hits
    )


def sanitize(text: str) -> str:
    """Control characters become spaces (offsets are kept); invalid surrogates are replaced."""
    return "".join(
        " " if unicodedata.category(char) in ("Cc", "Cs") and char not in "\n\t" else char
        for char in text
    )


# "就是说明天早上先去…": a speaker's opening 就是说 reports nobody's words.
_SAID_FILLER = re.compile(r"^((?:\s*(?:嗯|呃|额|啊|那个|然后))*)(\s*)就是说(?=[\u4e00-\u9fff])")


_WORD_SAID_TWICE = re.compile(r"\b([A-Za-z][A-Za-z-]*)(?:\s+\1\b)+", re.IGNORECASE)


def _said_once(name: str) -> str:
    """ "the smart smart meters rollout": a word a speaker stumbled on is said once in the name."""
    return _WORD_SAID_TWICE.sub(r"\1", name)


# "1) called Tanjong 2) f/u Sunda Palm": a typed list's item number, at the start, after a
# space or a heading's colon, with words after it.
_LIST_MARKER = re.compile(r"(?:^|(?<=[\s:]))(\d{1,2})\)(?=\s+[^\W\d])", re.MULTILINE)
# "Fwd from Raj: …": a forwarded note's header names the colleague who sent it, no contact.
_FORWARDED_FROM = re.compile(
    r"^\s*(?i:fwd?)\s+from\s+(?P<name>[A-Z][\w'-]*)(?:\s+[A-Z][\w'-]*)?\s*[:\-–]"
)
# "tmrw @ 3": a typed "@" before a clock time is "at".
_AT_SIGN_TIME = re.compile(r"@ (?=\d)")


def _read(text: str, context: ParseContext) -> tuple[str, str]:
    """What the user said as the summaries quote it (dictation read as typed) and the text the
    rules read; `parse` and the classifier's clauses read a message the same way."""
    shown = heard_as_typed(opening_fillers(_blank_said_filler(sanitize(text))))
    return shown, _analysed(shown, context)


def _analysed(shown: str, context: ParseContext) -> str:
    """The text the rules read: traditional characters written simplified (`script_zh`), layout
    made punctuation, and names taken back in dictation ("去了青禾 不对 是东辰") blanked so only
    the one meant is read. Offsets are kept."""
    prepared = _blank_asked_to_note(_prepared(simplified(shown))[:MAX_ANALYSED_CHARS])
    return customers_said_again(names_said_again(prepared, context.customers), context.customers)


# "…一共十八万六你帮我记一下他们下礼拜签", "记一下，明天去青禾": the rep asking the assistant to
# note what they say frames the note; it asks for no look-up (帮我 otherwise asks one).
_ASKED_TO_NOTE = re.compile(
    r"(?:(?:你|麻烦)?(?:帮我|给我|帮忙)|(?<![\u4e00-\u9fff]))(?:记|登记|记录)(?:一下|下来)吧?"
)


def _blank_asked_to_note(text: str) -> str:
    """The request to note blanked (offsets kept); what is to be noted is read as said."""
    return _ASKED_TO_NOTE.sub(lambda m: " " * len(m.group()), text)


def _prepared(text: str) -> str:
    """The text the rules read: typed layout (headers, list numbers, forwarded-from lines) turned
    into the punctuation it stands for. Offsets are kept, so what the user wrote (`shown`) is
    still where every span says."""
    return _typed_marks(blank_english_layout(blank_typed_layout(text)))


def _typed_marks(text: str) -> str:
    """Typed shorthand read as what it stands for, offsets kept: a list item's number ends the
    item before it (a semicolon, so "Today: 1)" is no 1 o'clock and "S$38k 2)" no amount of
    the next item), a forwarded note's "Fwd from Raj:" is blank and "@ 3" is a time like "@3"."""
    text = _LIST_MARKER.sub(lambda m: " " * len(m.group(1)) + ";", text)
    text = _FORWARDED_FROM.sub(
        lambda m: " " * len(m.group()) if slot_finders.is_given_name(m["name"]) else m.group(), text
    )
    return _AT_SIGN_TIME.sub(" @", text)


def _blank_said_filler(text: str) -> str:
    """The filler 就是说 opening a message becomes spaces (offsets are kept); later in a report
    ("见到了嗯就是说…他们想明年再上") it carries what was said."""
    return _SAID_FILLER.sub(lambda m: m.group(1) + m.group(2) + "   ", text)


def _unknown(start: int, end: int, confidence: float) -> Action:
    return Action("unknown", confidence, {}, start, end)


# "P和G的Mei Lin": a recogniser writes the ampersand of a Latin name as 和 (same length).
_LATIN_AND = re.compile(r"(?<=[A-Za-z])和(?=[A-Za-z])")


# "年底了别丢单", "周末了": the season the rep is in, said with 了, dates nothing
_SEASON = ("年底", "年末", "月底", "月末", "年关", "周末", "週末")
_WAITED_FOR = re.compile(r"(?:到|等|过|過)$")


# "周五了 瑞丰电子那边还是没消息": the day it is, opening the message or a clause
_WEEKDAY_NOW = re.compile(r"(?:周|週|星期|礼拜|禮拜)[一二三四五六日天]")
_CLAUSE_OPENS = re.compile(r"(?:^|[\s，,。；;！!])$")


def _season_now(text: str, time: TimeMention) -> bool:
    if not text.startswith("了", time.end_char):
        return False
    if time.text in _SEASON:
        return _WAITED_FOR.search(text, 0, time.start_char) is None
    return _WEEKDAY_NOW.fullmatch(time.text) is not None and (
        _CLAUSE_OPENS.search(text, 0, time.start_char) is not None
    )


# "明天和科达开会", "后天和东辰签": 天 ends the day word; 天和 heard there is no customer.
_DAY_BEFORE = frozenset("今明后昨前每当")


def _in_day_word(text: str, mention: CustomerMention) -> bool:
    """A customer matched only by sound whose first character ends a Chinese day word."""
    return (
        mention.best.score < _SURE_NAME
        and text[mention.start : mention.start + 1] == "天"
        and text[mention.start - 1 : mention.start] in _DAY_BEFORE
    )


def _extract(text: str, context: ParseContext, language: str) -> _Entities:
    customers = [
        m
        for m in (
            context.customers.find(_LATIN_AND.sub("&", text))
            if context.customers is not None
            else []
        )
        if not _in_day_word(text, m)
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
        if not _overlaps(m.start, m.end, blocked)
        # "PLC模块烧了三块", "电池鼓包了两块": a few pieces counted, no price
        and not _PIECES.fullmatch(text, m.start, m.end)
    ]
    money = _amounts_said_again(text, money)
    if language == "en":
        money += _signed_for(text, money, blocked, _default_currency(context, language))
    # Amounts are read first and masked, so "八十万上下下周四" gives 八十万上下 and 下周四.
    masked = _mask(text, [(m.start, m.end) for m in money])
    times = [
        _local_reading(text, t, context.now, language)
        for t in find_times(masked, context.now, language)
        if not _overlaps(t.start_char, t.end_char, blocked)
        and not _until_clock(text, t)
        and not _season_now(text, t)
    ]
    contacts = [
        c
        for c in (_past_customer(text, c, taken) for c in slot_finders.find_contacts(text))
        if c is not None
    ]
    unknown_orgs = [
        _without_leading_verb(m.start(), m.end(), m.group())
        for m in _ORG_SUFFIX.finditer(text)
        if not _overlaps(m.start(), m.end(), taken)
        # "去他们厂里", "经理说下周要来我们公司": a pronoun or a report is no company's name
        and not _NOT_IN_ORG_NAME.search(m.group())
    ]
    if language == "en":
        unknown_orgs += _dictated_orgs(text, taken)
    return _Entities(
        customers=customers,
        unknown_orgs=unknown_orgs,
        times=times,
        money=money,
        tickets=tickets,
        phones=phones,
        emails=emails,
        contacts=contacts,
        products=_products_said_again(
            text,
            _products(
                text,
                taken,
                [(c.start, c.end) for c in contacts]
                + [(t.start_char, t.end_char) for t in times]
                + [(m.start, m.end) for m in money],
                cued=_cued_products(
                    text,
                    customers=customers,
                    blocked=blocked
                    + [(m.start, m.end) for m in money]
                    + [(t.start_char, t.end_char) for t in times]
                    + [(c.start, c.end) for c in contacts],
                )
                if language == "en"
                else counted_goods(text, blocked + [(c.start, c.end) for c in contacts]),
            ),
        ),
        text=text,
    )


def _past_customer(
    text: str, contact: slot_finders.Found, taken: Sequence[tuple[int, int]]
) -> slot_finders.Found | None:
    """A contact clear of the customers' names; "Northwind Gareth called" read as one name is
    the customer, then Gareth: the part after the customer's name, when it is a capitalised
    name (or a role) of its own."""
    if not _overlaps(contact.start, contact.end, taken):
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
    if not fits(rest) or _overlaps(start, contact.end, taken):
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
        and not _DATED.search(mention.text)
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
        if not _LARGE.search(number.text) or _overlaps(number.start, number.end, blocked):
            continue
        if _DEAL_DONE_EN.search(text, max(0, number.start - 70), number.start) is None:
            continue
        found.append(MoneyMention(number.start, number.end, number.text, currency, number.value))
    return found[:1]


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
        and _BARE_WEEKDAY.fullmatch(mention.text.strip())
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
    if mention.end is not None and _WEEKEND.search(mention.text):
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
    if slot_finders.find_status(text) is None and not _PRIORITY_CHANGE.search(text):
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


def _mask(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """Blank out spans, keeping every offset."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


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
_NAMED_AGAIN_ZH = re.compile(
    r"(?:[哦噢]?不对|[哦噢]?不是|说错了|口误)[\s,，]*(?:嗯|呃|哦)*[\s,，]*"
)
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


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end in spans)


@cache
def _product_words() -> tuple[str, ...]:
    """The product gazetteer: the curated list plus every product annotated in the Chinese
    training file (the company's own catalogue as reps name it), longest first whatever its
    language, so "MES seats" wins over "MES". The English training products are left out: their
    spans follow each writer ("nurse call" / "nurse call upgrade"), and as a catalogue they cut
    new English phrases at the wrong place, while the shape rules read them (held out, without
    them: dev en whole 79.0 -> 79.6, exam en 58.3 -> 60.0, product precision 67 -> 71 / 64 -> 74;
    the Chinese ones help: without them dev zh 89.8 -> 88.8)."""
    data = json.loads((Path(__file__).parent / "resources" / "products.json").read_text("utf-8"))
    words = {word for items in data.values() for word in items}
    path = Path(__file__).parent / "data" / "train_zh.jsonl"
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
_ZH_PRODUCT_HEADS = (
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
    "机|器|仪|泵|箱|柜|椅|笔|枪|秤|灯|"
    # as Taiwan and Hong Kong type them: 灌溉控制系統, 自助收銀機, AGV小車
    "系統|設備|終端|模組|軟體|軟件|監控|小車|機|儀|櫃|燈"
)
_ZH_PRODUCT_HEAD = re.compile(
    rf"(?:{_ZH_PRODUCT_HEADS})(?![会构房场制关式械型票器率机科會構場製關機])"
)
# Characters a product name does not hold: particles, pronouns, measure words, numerals and the
# one-character verbs that come before an object (看了看牙椅, 问叉车电池, 把OA系统).
_ZH_PRODUCT_STOP = frozenset(
    "的了个那这哪把在和跟与及或给说是要想也都还又就很已被从到对向等啊嗯呃哦吗呢吧啦呀去来看聊谈饭"
    "签买订换加送发问让帮找约见做有没不将过着得他她我你它们该其每各些台套批张块支件条只款位圈天讲"
    # Cantonese small words and measure words: "換晒啲舊牙椅", "注塑线嘅机械手", "十部收銀機"
    "啲嘅嗰呢咗晒部張臺"
    "一二三四五六七八九十百千万两几零〇幺第共总约再先才刚又当趟次开年月号边间成下线期装完话"
)
# Words whose first character is a stop character but which name the thing: 条码打印机, 鞋底成型机.
_ZH_BOUND_WORD = re.compile(
    r"条码|成型|成像|跟踪|集装|定位|在线|线上|线下|备件|配件|零件|部件|万能|万向|一次性|一体化|审批|台式|套装"
)
_ZH_MACHINE_VERBS = frozenset("装发加开")
# A numeral that names a dimension is part of the name: 三维扫描仪, 五轴加工中心, 三坐标测量仪.
_DIMENSION = re.compile(r"[一二三四五六七八九两][维轴坐相]")
# Heads that name a product on their own.
_ZH_WHOLE_PRODUCTS = frozenset(
    {"机械手", "机器人", "分拣线", "流水线", "装配线", "分析仪", "控制器", "传感器", "一体机",
     "加工中心", "黑板", "白板", "大屏", "波峰焊", "回流焊", "班牌", "价签",
     "床垫", "网关", "平板", "摄像头", "闸机", "充电桩", "监测站", "轴承", "气缸", "油缸",
     "齿轮", "丝杠", "导轨", "电缆", "线缆"}
)  # fmt: skip
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
    r"钟头|[一二三四五六七八九十两几\d]家(?:门?店|分店|医院|学校|工厂|厂|仓库|网点|单位)"
)
# Words for the kind of thing that end a name without naming a part of it.
_ZH_KIND_WORDS = frozenset({"系统", "设备", "平台", "备件", "配件", "零件", "部件"})
_ENDS_IN_HEAD = re.compile(rf"(?:{_ZH_PRODUCT_HEADS})$")
# Words that end like a product but are not one.
_ZH_NOT_PRODUCTS = (
    "手机", "司机", "飞机", "时机", "商机", "危机", "动机", "契机", "开机", "关机", "死机", "停机",
    "宕机", "待机", "随机", "登机", "邮箱", "信箱", "礼仪", "容器", "机器", "仪器", "样机", "座机",
    "手機", "司機", "飛機", "時機", "商機", "危機", "動機", "契機", "開機", "關機", "當機", "機器",
    "實機", "实机", "樣機",
)  # fmt: skip
_ZH_PRODUCT_LEAD = re.compile(
    r"(?:新款|老款|新|老|旧|舊|原|整|全(?!自动)|同|现|現|各|该|該|上|下|本)"
)
# A brand or model in Latin letters before the name: "GPS定位终端", "E系列溶出仪", "X5型监护仪",
# "DS-2CD摄像头"; never a ticket number ("T-2090车载终端") nor a ward ("ICU监护仪").
_LATIN_BEFORE = re.compile(
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
            and not _overlaps(latin.start(), start, blocked)
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


def _zh_product_phrases(
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
        if _overlaps(head.start(), head.end(), barriers):
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


# Counts of a product ("licences of", "seats of"): what they are of is the product.
_MEASURE_NOUNS = frozenset(
    """licence licences license licenses seat seats unit units subscription subscriptions
    user users""".split()
)
# "50 licences of the analytics module", and "seats on the warehouse app", "licences for the
# document control module" when a product's noun follows: the counted thing is the product.
_MEASURE_OF = re.compile(
    r"\s+(?:of\s+(?!(?:them|it|those|these|us|which)\b)|(?:on|for)\s+(?:(?:the|their|our|"
    r"your|its|this|that|a|an)\s+)?(?:[A-Za-z0-9-]+\s+){0,3}?(?:" + _PRODUCT_HEADS + r")\b)",
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


def _products(
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
        if _overlaps(position, position + length, spans):
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
        compound = len(_HEAD_WORD.findall(text, start, end)) >= 2 and all(
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
        if _overlaps(start, end, list(taken)) or (
            _overlaps(start, end, spans)
            and not ((compound or headed or modified) and inside and not crossing)
        ):
            continue
        found = [f for f in found if f not in inside]
        found.append((start, end, text[start:end]))
    for start, end in _zh_product_phrases(text, [*taken, *barriers], [f[:2] for f in found]):
        inside = [f for f in found if start <= f[0] and f[1] <= end]
        # "船用传感器": a longer name around a catalogue word is the product; "POS机扫码枪",
        # "输液泵电池" are a product and its part, the catalogue's product first.
        if (
            _overlaps(start, end, list(taken))
            or any(_overlaps(start, end, [f[:2]]) for f in found if f not in inside)
            or any(
                f[1] < end
                and _ENDS_IN_HEAD.search(f[2])
                and f[2].casefold() not in _GENERIC_PRODUCTS
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
    r"certs|certificates?|manuals?|recall|warranty|support|servicing|service|maintenance)"
    r"\s+(?:for|on|of)|training\s+on|interested in|keen on|"
    r"looking at|asking about|asked about|ask about|asking for|talked about|talk about|"
    r"(?:problems?|issues?|trouble)\s+with|evaluating|piloting|trialling|trialing|"
    r"(?:wants?|wanted|needs?|needed)(?:\s+to\s+(?:try|buy|order|get|see|trial|test|replace|add))?|"
    r"(?:licen[cs]es?|seats?|units?|subscriptions?|users?)\s+of|"
    r"ordered|bought|renewed|renewing|signed for|signed|likes|loves|hates|"
    r"(?:un)?happy (?:with|w/)|short on|"
    r"presented|demoed|demo(?=\s+(?:the|our|their|an?)\s)|"
    r"re:?|regarding|about|(?P<report>reports?|reported|says|said|called|rang|phoned))(?=\s)"
    # a list after the customer: "Tanjong closed - RFID readers for Tuas, US$42k"
    r"|(?<=\S)[ \t]+[-–—][ \t]+|(?<=\w):[ \t]+",
    re.IGNORECASE,
)
_NP_TOKEN = re.compile(r"[ \t]*(?P<word>[A-Za-z0-9][A-Za-z0-9&'/-]*)(?P<end>[^\sA-Za-z0-9]*)")
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
    """ theyre hes shes youre im ive weve theyve thats whats theres""".split()
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
_NOT_A_PRODUCT = frozenset(
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


def _cued_products(
    text: str,
    *,
    customers: Sequence[CustomerMention],
    blocked: Sequence[tuple[int, int]],
) -> list[tuple[int, int]]:
    """English noun phrases where a product is expected (see `_PRODUCT_CUE`)."""
    found: list[tuple[int, int]] = []
    for cue in _PRODUCT_CUE.finditer(text):
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
        lead = _CUSTOMER_LEAD.match(text, end)
        at = lead.end() if lead else end
        phrase = _noun_phrase(text, at, blocked, machines=True, subject=True)
        if phrase is not None and _PREDICATE.match(text, phrase[1]):
            found.append(phrase)
    return sorted(set(found))


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
_FOLLOW_UP_ON = re.compile(
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
        if gap.strip() or len(kept) == 3 or _overlaps(start, end, blocked):
            break
        if start > 0 and text[start - 1] in "'’":
            break  # "Sunda Palm's renewal", "they'll order": a clitic names nothing
        if (
            word in _NP_STOP
            or word in _NP_SKIP
            or word in _NOT_PRODUCT_MODIFIERS
            or word in _ABOUT_PRODUCT
            or word in _NOT_A_PRODUCT  # "last order", "the new year price list"
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
        (head in _NOT_A_PRODUCT and not _plant_room(words))
        or head in _NP_SKIP
        or _company_word(text, words[-1][0], head)
    ):
        return None
    if (
        len(words) == 1
        and not head.endswith("s")
        and not _HEAD_WORD.fullmatch(head)
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
        if match is None or _overlaps(match.start("word"), match.end("word"), blocked):
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


def _drop_asked_for_event(text: str, hits: list[TriggerHit]) -> list[TriggerHit]:
    """ "the bursar asked for a call back before Friday": a request for an interaction is the
    plan it names, not news of its own; "asked for a revised quote" stays a report."""
    return [
        hit
        for hit in hits
        if not (hit.phrase in _ASKED_FOR_PHRASES and _FOR_AN_EVENT.match(text, hit.end) is not None)
    ]


# "the smart boards at the prep school": a trigger word that is part of a compound noun.
_COMPOUND_AFTER = {"prep": re.compile(r"\s*school", re.IGNORECASE)}


def _no_plan_in_compounds(text: str, hits: list[TriggerHit]) -> list[TriggerHit]:
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


def _call_named_back(text: str, hits: list[TriggerHit]) -> list[TriggerHit]:
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
    r"replied|get|gets|getting|write|writes|ring|call|phone)\s+$",
    re.IGNORECASE,
)


_RETURN_PHRASE = "revisit"


_CALLED_BACK_TO = re.compile(
    r"\b(?:call|ring|phone|get|got|give)\s+(?:(?:mr|mrs|ms|dr)\.?\s+)?[A-Za-z]+\s+$", re.IGNORECASE
)


def _return_visits(text: str, hits: list[TriggerHit]) -> list[TriggerHit]:
    """The hits with a follow-up trigger added for each return visit said as "back <time>"."""
    found = []
    for m in _RETURN_VISIT.finditer(text):
        if _PAST_BEFORE_BACK.search(text, max(0, m.start() - 12), m.start()):
            continue
        if _CALLED_BACK_TO.search(text, max(0, m.start() - 30), m.start()):
            continue  # "ring oliver back tomorrow": a call back, found as one
        if any(h.start < m.end() and m.start() < h.end for h in hits if h.phrase != "on site"):
            continue
        found.append(TriggerHit("schedule_followup", m.start(), m.end(), _RETURN_PHRASE))
    # "back on site Mon": the site is where the return goes, not a visit that happened
    kept = [h for h in hits if not any(f.start < h.end and h.start < f.end for f in found)]
    return sorted(kept + found, key=lambda hit: hit.start)


def _known_faults_dropped(
    text: str, hits: list[TriggerHit], faults: list[TriggerHit], times: list[TimeMention]
) -> list[TriggerHit]:
    """The faults found by their shape follow the trigger phrases' rule: one still there during
    a logged visit or call ("visited Blue Harbour, scales still reading heavy") is news."""
    if (
        not _latin_text(text)
        or not any(h.intent == "log_interaction" for h in hits)
        or _ticket_or_repair_asked(text, times)
    ):
        return faults
    return [f for f in faults if not _still_there(text, f)]


_STILL_IN = re.compile(r"\bstill\b", re.IGNORECASE)


def _still_there(text: str, fault: TriggerHit) -> bool:
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


def _clauses(text: str, entities: _Entities, now: datetime) -> list[_Clause]:
    """Cut the message where actions change: strong punctuation and connectives always; commas
    and time expressions only where the triggers on both sides belong to different intents."""
    pieces = _split(text, _past_name_headers(text, _strong_breaks(text), entities))
    pieces = [p for piece in pieces for p in _split_connectives(text, piece, entities)]
    contact_details = [(f.start, f.end) for f in (*entities.phones, *entities.emails)]
    # "电话 138..." and "email: x@y" label contact details; they are not a call or a message.
    hits = [
        hit
        for hit in trigger_hits(text)
        if not any(0 <= start - hit.end <= 3 for start, _ in contact_details)
        # "温湿度记录仪": a look-up word inside a product's name asks for nothing
        and not (
            hit.intent == "query_customer"
            and any(start <= hit.start and hit.end < end for start, end, _ in entities.products)
        )
    ]
    hits = [
        replace(hit, intent="schedule_followup")
        if hit.intent == "list_agenda" and _SCHEDULED.search(text, 0, hit.start)
        # "回访了一下院长", "跟进过了": a follow-up done is an interaction to log
        else replace(hit, intent="log_interaction")
        if hit.phrase in _FOLLOW_UP_DEEDS and _DONE_MARK.match(text, hit.end)
        else hit
        for hit in hits
    ]
    if _latin_text(text) and any(h.intent == "loyalty_summary" for h in hits):
        # "a proposal for loyalty screens", "milk batch at risk": no question about loyalty
        named = [(m.start(), m.end()) for m in _NOT_LOYALTY.finditer(text)]
        hits = [
            h
            for h in hits
            if h.intent != "loyalty_summary" or not any(a <= h.start < b for a, b in named)
        ]
    hits = [
        _requested_event(text, hit, entities, now)
        # "Tom said they're loyal to us", "how loyal is my dog lol": told or joked, not asked
        for hit in loyalty_told(text, hits, customer_named=bool(entities.customers))
        # "chase them for the signed contract": a signed thing is no deal being reported
        if not (
            hit.intent == "record_deal"
            and hit.phrase.strip().casefold() == "signed"
            and _DETERMINER_BEFORE.search(text, max(0, hit.start - 8), hit.start)
        )
    ]
    hits = _customer_asks_service(text, entities, _english_plans(text, hits))
    # "their export tool crashed again during the demo": when the fault showed, no second meeting
    hits = [
        h
        for h in hits
        if not (h.intent == "log_interaction" and _DURING.search(text, 0, max(0, h.start)))
    ]
    if (
        _latin_text(text)
        and any(h.intent == "log_interaction" for h in hits)
        and not _ticket_or_repair_asked(text, entities.times)
    ):
        # "video call with the estate manager, two kits still faulty": a fault already known,
        # news of the call rather than a new ticket (unless parts or a fix are now on the way)
        hits = [h for h in hits if not (h.intent == "open_ticket" and _still_there(text, h))]
    if _latin_text(text):
        # "both said they'd get back to me by friday": what they will do is no plan of ours
        hits = [h for h in hits if not (h.intent == "schedule_followup" and _theirs(text, h))]
    # "续约的事下周一再聊": a deal or talk word naming the topic of what follows is no action
    hits = [
        h
        for h in hits
        if not (h.intent in ("log_interaction", "record_deal") and _TOPIC.match(text, h.end))
        # "上次那个投影仪的问题": pointing back at what they mean, no look-up
        and not (
            h.intent == "query_customer" and h.phrase == "上次" and text.startswith("那", h.end)
        )
        # "回头客": a returning customer, not "later"
        and not (h.phrase == "回头" and text.startswith("客", h.end))
        # "改天一起吃饭啊", "回头再说吧": "some day" with nobody to follow up is chat
        and not (h.phrase in _SOME_DAY and not entities.customers and not entities.contacts)
        # "那个事回头再说吧": put off, nothing to follow up
        and not (h.phrase in _SOME_DAY and text.startswith("再说", h.end))
    ]
    hits = hits_settled_zh(text, _no_plan_in_compounds(text, _drop_asked_for_event(text, hits)))
    hits = sorted(
        _no_new_repair(text, entities, hits) + _call_named_back(text, hits),
        key=lambda hit: hit.start,
    )
    hits = no_fault_in_business_talk(text, _return_visits(text, hits))
    faults = [
        *_known_faults_dropped(text, hits, fault_hits(text, hits), entities.times),
        *fault_hits_zh(text, hits),
    ]
    # "the loggers haven't called home": the call is the fault's; nobody called
    hits = [h for h in hits if not any(f.start <= h.start < f.end for f in faults)]
    hits = _one_visit_per_fault(
        sorted(
            hits
            + _dates_not_ours(text, entities, now, _commitments(text, entities, now, hits))
            + _went_to(text, entities, hits)
            + (_at_the_customer(text, entities, hits) if _latin_text(text) else [])
            + _typed_visits(text, entities, hits)
            + _news_before_plan(text, hits)
            + _done_meetings(text, entities, hits)
            + _to_do_with(text, entities, hits)
            + _colon_report(text, entities, hits)
            + _call_back(text, hits)
            + (own_step_hits(text, hits + faults) if _latin_text(text) else [])
            + _placed_orders(text, hits)
            + won_deal_hits(
                text,
                [(m.start, m.end) for m in entities.customers],
                [(m.start, m.end) for m in entities.money],
                hits,
            )
            + errand_hits(text, hits)
            + (errand_hits_zh(text, hits, entities.times, now) if not _latin_text(text) else [])
            + moved_plan_hits(text, hits, entities.times)
            + asked_how_hits(text)
            + ticket_asked_hits(text)
            + faults,
            key=lambda hit: hit.start,
        )
    )
    clauses: list[_Clause] = []
    for start, end in pieces:
        clause_hits = [h for h in hits if start <= h.start < end]
        # "it's about forty grand": a sum guessed at is no price agreed
        priced = any(
            m.start < end and start < m.end and not (m.approximate and _latin_text(text))
            for m in entities.money
        )
        # A deal is recorded with its amount; "续约没问题", "不会下单了", "合同寄出" without
        # one are news about a deal, and so is one only wanted ("they want contract pricing,
        # about 100k", "准备下单先来五百个"): an interaction to log.
        clause_hits = [
            h
            for h in clause_hits
            if not (
                h.phrase == "单子"
                and any(t.start <= h.start and h.start - t.end <= 3 for t in entities.tickets)
            )  # "T二一零五的单子", "2201号单子": the ticket, no deal
            # "chase them about the signed contract", "send the signed order form": a document
            and not (h.phrase.startswith("signed") and _DOCUMENT_SIGNED.search(text, 0, h.start))
        ]
        clause_hits = _lost_or_negated_deals(text, start, end, clause_hits)
        # "合同今天签了": a deal word beside one that says it is done is that deal
        done = any(
            h.intent == "record_deal"
            and (h.phrase in _DEAL_DONE or _CAME_THROUGH.match(text, h.end) is not None)
            for h in clause_hits
        )
        clause_hits = [
            replace(h, intent="log_interaction")
            if h.intent == "record_deal"
            and not done
            and h.phrase not in _DEAL_DONE
            and (
                not priced
                or _INTENDED.search(text, max(start, h.start - 24), h.start)
                or _TO_BE_SIGNED.match(text, h.end)
            )
            else h
            for h in clause_hits
        ]
        clauses.extend(_split_on_intent_change(text, start, end, clause_hits, entities))
    clauses = [part for clause in clauses for part in _split_report(text, clause, entities)]
    clauses = [
        part for clause in clauses for part in _split_their_wish(text, clause, entities, now)
    ]
    clauses = [part for clause in clauses for part in _split_plans(text, clause, entities)]
    merged: list[_Clause] = []
    for clause in clauses:
        if not text[clause.start : clause.end].strip():
            continue
        news = _news_of_its_own(text, clause, merged, entities) if merged else None
        if news is not None:
            clause.hits.append(news)
        if merged and not clause.hits and not _has_own_entities(clause, entities):
            merged[-1].end = clause.end  # a clause with nothing of its own continues the last one
            continue
        if (
            merged
            and merged[-1].hits
            and all(h.intent == "log_interaction" for h in merged[-1].hits)
            and clause.hits
            and all(
                h.phrase == "report"
                or (h.intent == "log_interaction" and _TALKED.match(h.phrase))
                # "拜访了王校长，顺便看了一下电子班牌的使用情况": looked at there, no look-up
                or (
                    h.intent == "query_customer"
                    and _LOOKED_AT.search(text, clause.start, clause.end) is not None
                )
                for h in clause.hits
            )
            and not text[clause.start : clause.end].isascii()
            and not any(clause.start <= m.start < clause.end for m in entities.customers)
        ):
            # "去了鼎盛物流，物流经理说新仓库下个月投用", "去了东辰王厂长不在然后跟小刘聊了一下":
            # what was said or talked over there is that visit's
            merged[-1].end = clause.end
            continue
        if (
            merged
            and merged[-1].hits
            and merged[-1].hits[0].intent == "schedule_followup"
            and text[max(0, clause.start - 2) : clause.start] == "顺便"
            and all(h.intent in _PLANNED for h in clause.hits)
            and not any(clause.start <= m.start < clause.end for m in entities.customers)
        ):
            # "明天下午去新知教育谈智慧教室顺便把合同带过去": what else to do on that visit
            merged[-1].end = clause.end
            continue
        merged.append(clause)
    return _said_before_more(text, merged, entities) or [_Clause(0, len(text))]


_THE_REPAIR = re.compile(r"\b(?:on|after|with|for|of)\s+(?:the|that|this|their)\s+$", re.IGNORECASE)


def _no_new_repair(text: str, entities: _Entities, hits: list[TriggerHit]) -> list[TriggerHit]:
    """ "t3390 can be closed now customer signed off on the repair": beside a ticket, "the
    repair" is that ticket's, no new fault."""
    if not entities.tickets:
        return hits
    return [h for h in hits if not (h.phrase == "repair" and _THE_REPAIR.search(text, 0, h.start))]


def _dates_not_ours(
    text: str, entities: _Entities, now: datetime, hits: list[TriggerHit]
) -> list[TriggerHit]:
    """English: a time found to date something to do is the customer's own when their words
    around it say so ("they've got a board meeting at noon", "want delivery by the end of
    june"); it stays news of the clause it is in rather than a follow-up."""
    if not _latin_text(text):
        return hits
    mentions = {mention.start_char: mention for mention in entities.times}
    return [
        hit
        for hit in hits
        if not (
            hit.intent == "schedule_followup"
            and hit.start in mentions
            and _customers_own_date(text, mentions[hit.start], now)
        )
    ]


def _theirs(text: str, hit: TriggerHit) -> bool:
    """The plan word has the customer for its subject ("they'll call", "she's gonna send")."""
    if _THEY_WILL.search(text, 0, max(0, hit.start)):
        return True
    going = hit.phrase.startswith(("gonna", "going to"))
    return going and _THEY_ARE.search(text, 0, max(0, hit.start)) is not None


def _english_plans(text: str, hits: list[TriggerHit]) -> list[TriggerHit]:
    """ "next step is a demo Tues 10am", "next steps: call with their CFO": the event named as the
    next step is still to come. "dr patel wants the agenda by thursday": an agenda someone wants
    or is sent is a document, not the rep asking for their own."""
    if not _latin_text(text):
        return hits
    return [
        replace(h, intent="schedule_followup")
        if h.intent == "log_interaction" and _NEXT_STEP.search(text, max(0, h.start - 48), h.start)
        else h
        for h in hits
        if not (
            h.intent == "list_agenda"
            and h.phrase == "agenda"
            and _AGENDA_DOCUMENT.search(text, max(0, h.start - 40), h.start)
        )
    ]


def _customers_own_date(text: str, mention: TimeMention, now: datetime) -> bool:
    """The time dates the customer's own event or plan, their deadline for the goods, or a
    call or visit already made."""
    return (
        their_own_event(text, mention.start_char, mention.end_char)
        or their_wish_for_the_goods(text, mention, now)
        or _when_it_was_done(text, mention)
    )


def _when_it_was_done(text: str, mention: TimeMention) -> bool:
    """ "the head called back at four", "ops manager called after lunch": a clock time or a
    bare weekday right after a deed done is when it was done, even later the same day."""
    if mention.grain not in ("hour", "minute") and not _BARE_WEEKDAY.fullmatch(
        mention.text.strip()
    ):
        return False
    if _DEADLINE_WORD.match(mention.text) or _UNTIL.match(mention.text):
        return False
    start = max((m.end() for m in _STRONG_BREAK.finditer(text, 0, mention.start_char)), default=0)
    return _DONE_BEFORE_EN.search(text, start, mention.start_char) is not None


_AGENDA_DOCUMENT = re.compile(
    r"\b(?:wants?|needs?|asked\s+for|send|sending|sent|prepare|prep|draft|circulate|share|email|"
    r"finali[sz]e|set)\s+(?:(?:him|her|them|us)\s+)?(?:the|an|a|our|their|his|her)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)


def _said_before_more(text: str, clauses: list[_Clause], entities: _Entities) -> list[_Clause]:
    """ "港连物流的运营经理说WMS系统上线以后还挺稳的然后续约的事下周一再聊": what a customer's
    contact said, with no trigger of its own, before other actions, is news to log (not
    whatever the words in it resemble)."""
    if len(clauses) < 2 or clauses[0].hits or _latin_text(text):
        return clauses
    first = clauses[0]
    said = _SAID_ZH.search(text, first.start, first.end)
    named = (
        any(first.start <= m.start < said.start() for m in entities.customers) if said else False
    )
    if (
        said is None
        or not named
        or not any(first.start <= c.start < said.start() for c in entities.contacts)
    ):
        return clauses
    first.hits.append(TriggerHit("log_interaction", said.start(), said.end(), "report"))
    return clauses


_SAID_ZH = re.compile(r"说|反馈|表示|提到")


_TALKED = re.compile(r"聊了|谈了|沟通了|交流|碰了")
_SOME_DAY = frozenset({"回头", "改天"})
_LOOKED_AT = re.compile(r"(?:看|问|查|了解|检查|确认)了(?:一下|下|一圈|一遍)?")
_TOPIC = re.compile(r"(?:的|这个|那个)?事(?:情|儿)?")
_FOLLOW_UP_DEEDS = frozenset({"跟进", "回访", "复访", "回电"})
_DONE_MARK = re.compile(r"了(?!解)|过(?![来去])")


def _lost_or_negated_deals(
    text: str, start: int, end: int, hits: list[TriggerHit]
) -> list[TriggerHit]:
    """A lost deal ("丢单了", "went with someone else") or a deal word under a negation ("not
    signed yet", "不续约了") is news about the customer to log, not a deal to record; a fault
    said beside a lost deal is why it was lost ("fell through, budget frozen"), no ticket."""
    lost = _LOST_DEAL.search(text, start, end)
    lost_kinds = ("record_deal", "open_ticket") if lost is not None else ()
    hits = [
        replace(h, intent="log_interaction")
        if h.intent in lost_kinds
        or (
            h.intent == "record_deal"
            and (
                _NEGATED_DEAL.search(text, max(start, h.start - 12), h.start)
                or _NEGATED_AFTER.match(text, h.end) is not None
            )
        )
        else h
        for h in hits
    ]
    if lost is not None and not any(h.intent == "log_interaction" for h in hits):
        hits = sorted(
            [*hits, TriggerHit("log_interaction", lost.start(), lost.end(), "lost")],
            key=lambda hit: hit.start,
        )
    return hits


# "哪些客户有流失风险？列一下": a short "list it / send it me" after a question is how it is
# asked, no sentence of its own.
_ASK_TAIL = re.compile(
    r"[?？]\s*(?:帮我)?(?:列一下|列出来|列个表|拉一下|拉个单|发我|发给我|发我看看|给我看看|看一下)"
    r"[。!！?？\s]*$"
)


def _asked_alone(text: str) -> str:
    """The question without its closing mark or a short request to list what it asks."""
    return _ASK_TAIL.sub("", text).rstrip("?？ ")


def _strong_breaks(text: str) -> list[tuple[int, int]]:
    """Where sentences end: Chinese and exclamation/question marks, semicolons, new lines, and
    an English full stop after a word that is no abbreviation."""
    breaks = [(m.start(), m.end()) for m in _STRONG_BREAK.finditer(text)]
    breaks += [
        (m.start(), m.end())
        for m in _FULL_STOP.finditer(text)
        if not _NOT_SENTENCE_END.search(text, max(0, m.start() - 8), m.start())
    ]
    return sorted(breaks)


# What may stand beside a customer's name in a sentence of its own: "Um, Riverside Academy."
_HEADER_FILLER = re.compile(
    r"(?:\W|\b(?:um+|uh+|er+|erm|so|ok|okay|right|re|for)\b)*", re.IGNORECASE
)


def _past_name_headers(
    text: str, breaks: list[tuple[int, int]], entities: _Entities
) -> list[tuple[int, int]]:
    """A recogniser puts a full stop at each pause: "Riverside Academy. Called. The head wants a
    demo." A first sentence that is only a customer's name heads what follows (as "Riverside
    Academy: called" would), so no sentence ends after it."""
    if not breaks or not text.isascii():
        return breaks
    first = breaks[0][0]
    named = [c for c in entities.customers if c.end <= first]
    if len(named) != 1:
        return breaks
    outside = text[: named[0].start] + " " + text[named[0].end : first]
    return breaks[1:] if _HEADER_FILLER.fullmatch(outside) else breaks


def _broken_between(text: str, start: int, end: int) -> bool:
    """A sentence ends between the two offsets: read on the whole text, since a full stop is one
    only with words after it ("…telematics pilot. | Follow up next Mon")."""
    return any(start <= b < end for b, _ in _strong_breaks(text))


# "…合同签了十八万然后张总说下个季度…", "…挺急的另外他们下个月想加五十个席位": after a deal or a
# fault, a connective and someone speaking open news of their own.
# A new sentence ("…恢复正常；杨主任说下个月再订十台") links it as well as a connective does.
_NEWS_LINK_ZH = re.compile(
    r"(?:然后|另外|对了|还有|而且|并且|同时|顺便|[。；;！!\n])\s*(?:嗯|呃|那个|就是)*\s*$"
)
# "另外他们年底还有一笔预算": a time of theirs may come between the speaker and the words.
_NEWS_SPEECH_ZH = re.compile(
    r"\s*(?:[^，,。；;\s]{0,4}?(?:还|也))?(?:顺便|还|也)?(?:说|提到|表示|讲|想|要(?!求)|打算|有)"
)
# "…然后中秋前还想再追加一批": the speaker left out, the wish is still theirs.
_THEY_ALSO_ZH = re.compile(
    r"[^，,。；;\s]{0,4}?(?:(?:还|也|又)?(?:想|打算|准备)|(?:还|也|又)(?:要|说))"
)
_THEY_ZH = re.compile(r"他们|她们|他|她|对方|客户那边|客户")
_NEWS_LEAD_ZH = re.compile(r"\s*(?:嗯|呃|那个|就是)*\s*")
_NEWS_FROM = frozenset({"record_deal", "open_ticket", "update_ticket"})


def _news_of_its_own(
    text: str, clause: _Clause, earlier: list[_Clause], entities: _Entities
) -> TriggerHit | None:
    """A clause with no trigger after a Chinese deal or ticket, opened by a connective and a
    named contact (or 他们) speaking: news to log, not more of the deal or the fault. After a
    logged visit or call it is what was said there ("去了康宁养老…床垫不充电了然后年底还想再加")."""
    before = earlier[-1]
    # (a ticket moved by its number and status alone has no trigger: "T-2388 已更换备件，恢复正常")
    ticketed = any(before.start <= t.start < before.end for t in entities.tickets)
    if clause.hits or not (
        (before.hits and before.hits[0].intent in _NEWS_FROM) or (ticketed and not before.hits)
    ):
        return None
    if any(h.intent == "log_interaction" for c in earlier for h in c.hits):
        return None
    if not _NEWS_LINK_ZH.search(text, max(0, clause.start - 8), clause.start):
        return None
    lead = _NEWS_LEAD_ZH.match(text, clause.start)
    begin = lead.end() if lead else clause.start
    speaker = next((c.end for c in entities.contacts if c.start == begin), None)
    if speaker is None:
        pronoun = _THEY_ZH.match(text, begin)  # "然后他说…", "另外对方还提到…"
        speaker = pronoun.end() if pronoun else None
    if speaker is None and _THEY_ALSO_ZH.match(text, begin):
        return TriggerHit("log_interaction", begin, begin, "report")
    if speaker is None or not _NEWS_SPEECH_ZH.match(text, speaker):
        return None
    return TriggerHit("log_interaction", begin, speaker, "report")


def _split_report(text: str, clause: _Clause, entities: _Entities) -> list[_Clause]:
    """ "黄总说协同平台要扩到五百人我下周一把方案发过去", "Kelvin asked for a quote on 30 seats
    by next Friday": what the customer said is an interaction to log, the promise after it a
    follow-up. A follow-up clause with a report before its first trigger becomes two; so does a
    deal someone called or wrote about ("梁经理发微信说续约签了八万二"): the call is logged too."""
    if clause.hits and clause.hits[0].intent == "record_deal":
        return _split_deal_report(text, clause, entities)
    if not clause.hits or clause.hits[0].intent != "schedule_followup":
        return [clause]
    if any(h.phrase in _REMINDER_COMMANDS for h in clause.hits):
        return [clause]
    first, takeover = _our_first_plan(text, clause)
    if "call" in first.phrase and _ASKED_FOR.search(
        text, max(clause.start, first.start - 30), first.start
    ):
        return [clause]  # "mister lee asked for a call back at nine": the request is the plan
    cut = takeover if takeover is not None else _cut_before(text, clause.start, first, entities)
    if cut <= clause.start:
        return [clause]
    before = _Clause(clause.start, cut)
    report = (
        _REPORT.search(text, clause.start, cut)
        or _PAST_ZH.search(text, clause.start, cut)
        or _SUBJECT_AT.match(text, cut)
    )
    if report is None:
        return _split_their_request(text, clause, first.start, entities)
    if _promised_or_asked(text, report, cut):
        return [clause]
    if _only_framing(text, before, entities, slack=1):
        return [clause]
    before.hits.append(TriggerHit("log_interaction", report.start(), report.end(), "report"))
    return [before, _Clause(cut, clause.end, [h for h in clause.hits if h.start >= cut])]


def _our_first_plan(text: str, clause: _Clause) -> tuple[TriggerHit, int | None]:
    """The clause's first plan that is ours, and where the rep takes over to say it: "何总说下个月
    再谈我下个月初给他打个电话" reports their 再谈 (a "再" put off inside their words) and plans
    the call after 我 (Chinese)."""
    first = clause.hits[0]
    if _latin_text(text) or not first.phrase.startswith("再"):
        return first, None
    said = _SAID_ZH.search(text, clause.start, first.start)
    if said is None or _TAKEN_OVER.search(text, said.end(), first.start):
        return first, None
    for hit in clause.hits[1:]:
        takeovers = list(_REP_TAKES_OVER.finditer(text, first.end, hit.start))
        if hit.intent == "schedule_followup" and takeovers:
            return hit, takeovers[-1].start()
    return first, None


_REP_TAKES_OVER = re.compile(r"(?<![让叫要])我(?!们?说)")


# "told tom i'd send the pricing on thursday", "i said id visit tuesday", "asked for a meeting on
# tuesday": the words said are the plan itself, not news to log beside it.
_PROMISE_AFTER = re.compile(
    r"\s+(?:(?:for|to\s+(?:have|book|set\s+up|arrange))\s+(?:a|an|another|the)\s+"
    r"(?:quick\s+|proper\s+|follow[ -]?up\s+|review\s+|site\s+)?(?:survey\s+)?"
    r"(?:call|callback|call-back|meeting|visit|demo|catch[ -]?up|review|chat|session|workshop|"
    r"training|walk-?through|presentation|survey)\b"
    r"|(?:me|us)\s+to\s+(?:call|ring|phone|come|visit|send|meet|pop|drop|swing|get\s+back|follow)\b"
    r"|(?:[\w&'’.-]+\s+){0,6}?(?:i|we)(?:'d|’d|'ll|’ll|d|\s+would|\s+will)\s)",
    re.IGNORECASE,
)
_PROMISE_VERBS = frozenset({"told", "tells", "said", "says", "asked", "asking", "promised"})


def _promised_or_asked(text: str, report: re.Match[str], cut: int) -> bool:
    """The speech verb before a follow-up carries the promise or the request (not a report)."""
    if report.group().casefold() == "visit":
        # "he wants a visit tuesday afternoon": the visit they want is the plan
        return _WANTED.search(text, 0, report.start()) is not None
    if report.group().casefold() not in _PROMISE_VERBS:
        return False
    promise = _PROMISE_AFTER.match(text, report.end())
    return promise is not None and promise.start() < cut


_ASKED_FOR = re.compile(
    r"\b(?:asked|asks|asking|wants?|wanted|requested|would\s+like|needs?)\s+(?:for\s+)?"
    r"(?:a\s+|an\s+)?(?:quick\s+)?$",
    re.IGNORECASE,
)


# "… signed the gateways twenty six k | and want the engineers in next week", "… keep
# rebooting | and wants someone there on monday": what they want done on a day, said after a
# deal or a fault, is a plan of its own.
_AND_THEY_WANT = re.compile(
    r"\b(?:and|so)\s+(?:(?:uh+|um+|also|then|so)\s+)*(?:(?:they|he|she)\s+)?(?:also\s+)?"
    r"(?:want|wants|wanted|'d\s+like|d\s+like|would\s+like|asked\s+for|asked\s+us|need\s+us|"
    r"needs?\s+someone)\b",
    re.IGNORECASE,
)


def _split_their_wish(
    text: str, clause: _Clause, entities: _Entities, now: datetime
) -> list[_Clause]:
    """A deal or a fault, then "and they want …" with a day still to come: two actions."""
    if not _latin_text(text) or not clause.hits:
        return [clause]
    if clause.hits[0].intent not in ("record_deal", "open_ticket"):
        return [clause]
    for wish in _AND_THEY_WANT.finditer(text, clause.start, clause.end):
        if any(h.end > wish.start() for h in clause.hits):
            continue  # a trigger of its own after the wish: the other rules place it
        if not any(
            wish.end() <= t.start_char < clause.end
            and _in_future(t, now)
            and not _customers_own_date(text, t, now)
            for t in entities.times
        ):
            continue
        hit = TriggerHit("schedule_followup", wish.start(), wish.end(), "their wish")
        return [
            _Clause(clause.start, wish.start(), clause.hits, clause.shared),
            _Clause(wish.start(), clause.end, [hit]),
        ]
    return [clause]


# "monday call sunda palm … | then tuesday pencil in a visit to tanjong | and wednesday lunch
# with grace at orchard hotels", "invoice to go out fri, | check in w/ the md on the 22nd",
# "try again monday morning | and email them the cover details today": a run of plans, each with
# a time of its own, joined by a comma, "&", "and" or "then".
_PLAN_JOIN = re.compile(
    r"(?:[,;&]|\b(?:and|then)\b)\s*(?:(?:and|then|also|uh+|um+|so)\s+)*", re.IGNORECASE
)
_PLAN_VERB = re.compile(
    r"(?:(?:i|we)(?:'ll|’ll|\s+will|\s+(?:still\s+)?(?:need|have)\s+to)\s+|(?:need|have)\s+to\s+"
    r"|pls\s+|please\s+|(?:we'?re|we\s+are|i'?m|i\s+am)\s+(?:gonna\s+)?)?"
    r"(?:send|call|ring|phone|email|e-mail|text|book|chase|ping|set\s+up|meet|meeting|seeing|"
    r"schedule|visit|remind|follow|check\s+in|try|pencil|drop\s+by|swing\s+by|pop\s+in|"
    r"get\s+back|circle\s+back|touch\s+base|loop\s+back|revert|"
    # "… and get a proposal to Martin by the 18th", "and drop the samples in"
    r"get\s+(?:a|an|the|our|my)\s+(?:\w+\s+)?(?:proposal|quote|quotation|pricing|samples?|"
    r"contract|deck|offer)|drop|deliver|prepare|arrange|share)\b",
    re.IGNORECASE,
)


def _split_plans(text: str, clause: _Clause, entities: _Entities) -> list[_Clause]:
    """A follow-up clause holding several plans, each with a time of its own: one clause per
    plan. A plan starts at a join followed by a plan verb, or by its time when the plans name
    different customers."""
    if not _latin_text(text) or not clause.hits:
        return [clause]
    if any(h.intent != "schedule_followup" for h in clause.hits):
        return [clause]
    times = [t for t in entities.times if clause.start <= t.start_char < clause.end]
    if len(times) < 2:
        return [clause]
    joins = [
        m
        for m in _PLAN_JOIN.finditer(text, clause.start, clause.end)
        if _PLAN_VERB.match(text, m.end()) or any(t.start_char == m.end() for t in times)
    ]
    cuts: list[int] = []
    start = clause.start
    for index, join in enumerate(joins):
        stop = joins[index + 1].start() if index + 1 < len(joins) else clause.end
        planned = any(start <= h.start < join.start() for h in clause.hits)
        if _plan_after(text, (start, join.start()), join.end(), stop, entities, planned=planned):
            cuts.append(join.start())
            start = join.start()
    if not cuts:
        return [clause]
    bounds = [clause.start, *cuts, clause.end]
    parts = []
    for part_start, part_end in itertools.pairwise(bounds):
        hits = [h for h in clause.hits if part_start <= h.start < part_end]
        if not hits:
            own = next(t for t in times if part_start <= t.start_char < part_end)
            hits = [TriggerHit("schedule_followup", own.start_char, own.end_char, own.text)]
        parts.append(_Clause(part_start, part_end, hits, clause.shared))
    return parts


def _plan_after(
    text: str,
    before: tuple[int, int],
    start: int,
    stop: int,
    entities: _Entities,
    *,
    planned: bool,
) -> bool:
    """The words from `start` to `stop` are a plan of their own after the plan in `before`: both
    carry a time, and the second opens with a plan verb after a plan word (not after a dated
    note: "office closed 24 Dec–2 Jan, follow up on 4 Jan"), or with its time and another
    customer."""

    def timed(low: int, high: int) -> bool:
        return any(low <= t.start_char and t.end_char <= high for t in entities.times)

    if not timed(*before) or not timed(start, stop):
        return False
    if _PLAN_VERB.match(text, start):
        return planned
    first = {m.best.id for m in entities.customers if before[0] <= m.start < before[1]}
    second = {m.best.id for m in entities.customers if start <= m.start < stop}
    return bool(first) and bool(second) and not first & second


def _split_their_request(
    text: str, clause: _Clause, trigger: int, entities: _Entities
) -> list[_Clause]:
    """Run-on dictation: "kensington the it director wants to pilot the platform | she wants
    pricing by the twentieth". News, then their request with a deadline: the news is logged
    and the request followed up."""
    requests = list(_THEIR_REQUEST_IN.finditer(text, clause.start, trigger))
    if not requests:
        return [clause]
    cut = requests[-1].start()
    before = _Clause(clause.start, cut)
    if cut <= clause.start or _only_framing(text, before, entities, slack=1):
        return [clause]
    if not _NEWS.search(text, clause.start, cut):
        return [clause]
    before.hits.append(TriggerHit("log_interaction", clause.start, cut, "report"))
    return [before, _Clause(cut, clause.end, clause.hits)]


def _split_deal_report(text: str, clause: _Clause, entities: _Entities) -> list[_Clause]:
    """A deal heard on a call or in a message ("云帆黄总来电：续约签了", "call with Tom, the
    renewal is signed"): the call is an interaction of its own; a deal someone merely "said"
    was signed is the deal alone."""
    cut = _cut_before(text, clause.start, clause.hits[0], entities)
    if cut <= clause.start:
        return [clause]
    medium = _INTERACTION.search(text, clause.start, cut)
    if medium is None:
        return [clause]
    hit = TriggerHit("log_interaction", medium.start(), medium.end(), "report")
    return [_Clause(clause.start, cut, [hit]), _Clause(cut, clause.end, clause.hits)]


def _commitments(
    text: str, entities: _Entities, now: datetime, hits: list[TriggerHit]
) -> list[TriggerHit]:
    """A future time followed by something to do ("下周二前给他", "周三再过去一趟", "next Monday
    send the deck") is a follow-up even without a follow-up word: a synthetic trigger there."""
    if any(hit.intent == "list_agenda" for hit in hits):
        return []  # "明天要见谁": asking about the agenda, not promising anything
    found = []
    for mention in entities.times:
        before = text[max(0, mention.start_char - 6) : mention.start_char]
        running = (  # "让我们这周内补货": a week or month not over yet, promised
            mention.grain in ("week", "month")
            and _not_over(mention, now)
            and _COMMITMENT_BEFORE.search(before) is not None
            and not _SERVICE_REQUEST.match(text, mention.end_char)  # "这周派人去": the ticket's
        ) or (
            # "send them the case studies tonight", said at 7pm: the evening is not over
            (
                _LATER_TODAY_EN.fullmatch(mention.text.strip()) is not None
                # "kevin wants someone there this afternoon", said at half one
                or _REQUEST_BEFORE.search(text, max(0, mention.start_char - 48), mention.start_char)
                is not None
            )
            and mention.text.isascii()
            and (
                mention.grain in ("hour", "minute")
                # "they want someone to look at it this week": the week not over yet
                or (
                    mention.grain == "week"
                    and _REQUEST_BEFORE.search(
                        text, max(0, mention.start_char - 48), mention.start_char
                    )
                    is not None
                )
            )
            and _not_over(mention, now)
            # "so tanjong called tonight": when the call came in
            and not _DONE_BEFORE_EN.search(text, 0, mention.start_char)
        )
        if not _in_future(mention, now) and not running:
            continue
        if any(
            h.intent == "schedule_followup"
            and abs(h.start - mention.end_char) <= 8
            # "send the welcome pack on 4 jan | and book a review call…": the next plan's word
            and not _AND_NEXT.fullmatch(text, mention.end_char, max(h.start, mention.end_char))
            for h in hits
        ):
            continue
        after = text[mention.end_char : mention.end_char + 12]
        if mention.text.isascii():
            english_before = text[max(0, mention.start_char - 48) : mention.start_char]
            # "the harbourview meeting got moved to friday at two": the meeting, at its new time
            committed = (
                _EVENT_MOVED.search(english_before) is not None
                # "so tomorrow i'll ring aldgate": the time said first, the rep's promise after it
                or _OWN_PLAN_AFTER.match(text, mention.end_char) is not None
            ) or (
                (
                    _DEADLINE_WORD.match(mention.text) is not None
                    or _EN_TODO.search(english_before) is not None
                    or _ERRAND_BEFORE.search(english_before) is not None
                    # "he wants the contract next week": their request, dated, is ours to do
                    or (
                        mention.grain not in ("month", "quarter", "year")
                        and _REQUEST_BEFORE.search(english_before) is not None
                    )
                    or _stop_in_a_plan(text, mention, entities)
                )
                and (
                    not _NOT_COMMITMENT_BEFORE.search(english_before)
                    # "they want the site survey moved to thursday week": a visit of ours moved
                    or _WANTED_MOVED.search(english_before) is not None
                )
                and not _THEIR_FUTURE.search(english_before)
                and not (
                    _BARE_WEEKDAY.fullmatch(mention.text.strip())
                    and _DONE_BEFORE_EN.search(english_before)
                )
                and not _UNTIL.match(mention.text)
                and not _DONE_AFTER_EN.match(text, mention.end_char)
            )
        else:
            promised = _COMMITMENT_BEFORE.search(before) is not None
            event = _JOINT_EVENT.match(after)
            joint = (
                event is not None
                # "合同签了，68万，下个月实施": work of ours done in a month named is a plan too
                and (
                    mention.grain not in ("month", "quarter", "year")
                    or (
                        _OUR_WORK.search(event.group()) is not None
                        # "副校长电话里说…一月份开始实施": the month in their words is news
                        and not _SAID_BEFORE.search(_sentence_before(text, mention))
                    )
                )
                # "试点下周四开始": work with us that starts, not a contract's term
                and (
                    not event["start"]
                    or _WORK_WITH_US.search(_before_work(text, mention)) is not None
                )
            )
            # "陈主任微信说…培训想放到下周二": a meeting with us moved, in news they sent, is a plan
            moved = _MOVED_ZH.search(text, max(0, mention.start_char - 12), mention.start_char)
            joint = joint or (moved is not None and _in_their_words(text, mention))
            # "然后他们下个月要做年中盘点": their own plan, dated, unless it asks us for something
            theirs = _THEIRS_BEFORE.search(before) is not None and not _US_AFTER.match(after)
            committed = (
                (promised or joint or bool(_COMMITMENT_AFTER.match(after)))
                and not (theirs and not promised)
                and not _DONE_AFTER.match(after)
                # "让我们明天派人去看看": when the fault is seen to, the ticket's time
                and not _SERVICE_AT.match(text, mention.end_char)
                # "吸嘴老堵不急下周再说": a fault put off, the ticket's time too
                and not _NOT_URGENT_BEFORE.search(before)
                and not _SERVICE_BEFORE.search(before)  # "让售后明天过去"
                and not _done_then(text, mention)
                and (
                    promised
                    or joint
                    or _TALK_AGAIN.match(after) is not None
                    or not _in_their_words(text, mention)
                )
            )
        if committed:
            found.append(
                TriggerHit("schedule_followup", mention.start_char, mention.end_char, mention.text)
            )
    return found


def _stop_in_a_plan(text: str, mention: TimeMention, entities: _Entities) -> bool:
    """ "tmrw: Aldgate at 9, Wyvern at 2": a clock time said right after a customer, in a line
    that asks nothing, is when we see them."""
    if mention.grain not in ("hour", "minute") or "?" in text:
        return False
    return any(
        _AT_THE_STOP.fullmatch(text, m.end, mention.start_char) is not None
        for m in entities.customers
        if m.end <= mention.start_char
    )


_AT_THE_STOP = re.compile(r"\s*,?\s*", re.IGNORECASE)


_OWN_PLAN_AFTER = re.compile(
    r"\s*,?\s*(?:(?:uh+|um+|so|then)\s+)*(?:i|we)(?:'ll|’ll|\s+will|\s+(?:still\s+)?(?:need|have|got)\s+to|"
    r"\s+should|\s+wanna|'m\s+gonna|’m\s+gonna|m\s+gonna|\s+am\s+gonna|\s+gotta)\s+"
    r"(?!(?:be\s+)?(?:off|away|out|on\s+leave|on\s+holiday)\b)",
    re.IGNORECASE,
)
# "TVE mtg moved to Fri 11:00", "the review meeting got pushed back to the 3rd": a meeting with
# us, at its new time, is still to come (not "delivery pushed to march", their timeline).
_EVENT_MOVED = re.compile(
    r"\b(?:meeting|mtg|call|visit|demo|review|kick-?off|catch[ -]?up|workshop|training|"
    r"presentation|lunch|dinner|audit|survey)s?\s+(?:(?:has|have)\s+been\s+|got\s+|was\s+|were\s+|"
    r"is\s+|are\s+|been\s+)?(?:moved|pushed|postponed|rescheduled|bumped|brought\s+forward|"
    r"pulled\s+forward|changed|shifted)(?:\s+back)?\s+(?:to|till|until|for)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# "they'll review it by the 10th", "he'll confirm next week": what they will do, not our plan
# (unless the rep takes over: "they'll sign next week so i'll send the contract friday").
_THEIR_FUTURE = re.compile(
    r"\b(?:(?:they|he|she)(?:'ll|’ll|\s+will|\s+(?:are|is)\s+going\s+to|'re\s+going\s+to)|theyll"
    # "she's gonna send over the order form tomorrow": spoken, the same promise of theirs
    r"|(?:they|he|she)(?:'s|’s|'re|’re|s|re|\s+is|\s+are)?\s+(?:gonna|going\s+to)"
    # "both said they'd get back to me by friday" (but "they'd like a call friday" asks)
    r"|(?:they|he|she)(?:'d|’d|\s+would)(?!\s+(?:like|love|want|prefer|need)\b)"
    # "they're planning to order in march", "they expect to confirm by the 26th"
    r"|(?:they|he|she)(?:'re|’re|'s|’s|\s+are|\s+is)?\s+(?:planning|hoping|aiming|looking|expecting"
    r"|plan|plans|hope|hopes|aim|aims|expect|expects)\s+to)\b"
    r"(?:(?!\b(?:i|we|i'll|we'll|and|so)\b)[^.;!?,])*$",
    re.IGNORECASE,
)
# "called on friday", "rang friday about…": a weekday right after a past deed is when it was done.
_DONE_BEFORE_EN = re.compile(
    r"\b(?:called|rang|phoned|emailed|texted|messaged|met|visited|spoke|talked|came|went|was|"
    r"were|had|saw|sent)\b(?:\s+(?!and\b|but\b|so\b)[\w&'’-]+){0,4}?\s+$",
    re.IGNORECASE,
)
_DOCUMENT_SIGNED = re.compile(r"\b(?:the|a|their|our|your)\s+$", re.IGNORECASE)
_LATER_TODAY_EN = re.compile(
    r"tonight|this evening|later(?: today| on)?|by (?:the )?end of (?:the )?day|eod|by eod",
    re.IGNORECASE,
)
_AND_NEXT = re.compile(
    r"\s*(?:,|\band\b|\bthen\b)\s*(?:(?:then|also|uh+|um+|so)\s+)*", re.IGNORECASE
)
_SERVICE_BEFORE = re.compile(r"(?:让|叫|安排)(?:售后|工程师|师傅|技术员)\s*$")
_NOT_URGENT_BEFORE = re.compile(r"(?:不急|不着急|不用急|不紧急|不赶)\s*[，,]?\s*$")
_SERVICE_AT = re.compile(
    r"\s*(?:就|要|得|必须|能|尽快|赶紧|马上)?\s*(?:派人|派个人|派工程师|安排人|安排工程师|来人|"
    r"(?:让|叫)?(?:工程师|售后|师傅|技术员)(?:上门|过去|过来|到现场))"
)
_MOVED_ZH = re.compile(
    r"(?:培训|拜访|见面|会|演示|验收|安装|实施|上线|签约|饭|评审|交流)(?:时间)?\s*(?:想|要|说|就)?\s*"
    r"(?:改|放|挪|推|延|调|换)(?:到|在)\s*$"
)
_OUR_WORK = re.compile(r"实施|部署|进场|开工")
_SAID_BEFORE = re.compile(r"说|表示|提到|讲")


def _sentence_before(text: str, mention: TimeMention) -> str:
    """The words of the mention's sentence before it."""
    start = max((m.end() for m in _STRONG_BREAK.finditer(text, 0, mention.start_char)), default=0)
    return text[start : mention.start_char]


_BARE_DAY_PART = re.compile(r"中午|上午|下午|早上|晚上|傍晚")
_WORK_WITH_US = re.compile(r"试点|实施|培训|部署|安装|测试|调试|项目|验收")


def _before_work(text: str, mention: TimeMention) -> str:
    return text[max(0, mention.start_char - 12) : mention.start_char]


def _done_then(text: str, mention: TimeMention) -> bool:
    """A weekday or a time of day said without its date, followed in the same clause by a
    finished deed ("周五和宋经理通了电话"): a report of when it happened, not a plan."""
    if _DATED.search(mention.text) and not _BARE_WEEKDAY.fullmatch(mention.text.strip()):
        return False
    done = _DONE_LATER.match(text, mention.end_char)
    if done is None:
        # "周五跟海晟贸易陈经理吃饭他说…": what they said there is a report of that day
        heard = _THEY_SAID_LATER.match(text, mention.end_char)
        bare = mention.text.strip()
        return heard is not None and (
            _BARE_WEEKDAY.fullmatch(bare) is not None or _BARE_DAY_PART.fullmatch(bare) is not None
        )
    return _STILL_TO_DO.search(text, mention.start_char, done.end()) is None


# Vague times still to come, which name no day: "过几天", "过一阵子", "这两天", "两三天后".
_SOME_TIME_LATER = (
    r"过(?:几|些)天|过一?阵子?|过段时间|过些日子|晚些时候?|这两天"
    r"|[两三四五六七八九]{2}天(?:之|以)?后"
)
_ABOUT_TO = re.compile(
    r"(?:等会儿?|待会儿?|一会儿?|马上|准备|打算|回头|晚点|改天|"
    + _SOME_TIME_LATER
    + r")(?:再|要|就)?\s*$"
)


# A typed note writes a visit as 访 alone: "访东辰王厂长，聊了…", "下周三访", "再访". Not a
# part of 拜访 / 回访 / 来访 / 访问 (access) and the like.
_BARE_VISIT = re.compile(r"(?<![拜回来走复家专采暗寻探出互造])访(?![问谈客])")
_VISIT_PLANNED_BY = re.compile(r"(?:再|约|去|过去)\s*$")


# Words that ask for someone on site: a ticket of their own only when no fault came before.
_ON_SITE_ASKS = frozenset({"上门看"})


def _one_visit_per_fault(hits: list[TriggerHit]) -> list[TriggerHit]:
    """ "定位终端漂移严重，下周一前上门看": someone sent after a fault is that ticket's visit
    (its time), not a second ticket."""
    kept: list[TriggerHit] = []
    for hit in hits:
        if hit.phrase in _ON_SITE_ASKS and any(k.intent == "open_ticket" for k in kept):
            continue
        kept.append(hit)
    return kept


def _typed_visits(text: str, entities: _Entities, hits: list[TriggerHit]) -> list[TriggerHit]:
    """访 after a time to come, 再 or 约 is a visit to make; 访 opening a clause is one made."""
    found = []
    for visit in _BARE_VISIT.finditer(text):
        at = visit.start()
        if any(h.start <= at < h.end for h in hits):
            continue
        timed = any(0 <= at - t.end_char <= 1 for t in entities.times)
        if timed or _VISIT_PLANNED_BY.search(text, max(0, at - 3), at):
            found.append(TriggerHit("schedule_followup", at, at + 1, "visit"))
        elif at == 0 or text[at - 1] in " ，,；;。：:\n":
            found.append(TriggerHit("log_interaction", at, at + 1, "visit"))
    return found


# "right um at thames valley today the compressor …", "at Fairbank this morning, …": an
# engineer's write-up opens with where they were and when, the visit itself.
_AT_THE_CUSTOMER = re.compile(
    r"(?:^|[.,;:!?\n]\s*|\b(?:so|and|then)\s+)(?:(?:right|ok|okay|um+|uh+|so|well)[\s,]+)*"
    r"(?:(?:i|we)\s+(?:was|were)\s+|was\s+)?(?:on\s+site\s+)?at\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_EARLIER_TODAY = re.compile(
    # (the rest of a name said in part: "thames valley today")
    r"(?:\s+(?!today|this|earlier|yesterday|first)[a-z&'-]+){0,2}?"
    r"[\s,]*(?:today|this\s+(?:morning|afternoon)|earlier(?:\s+today)?|yesterday|first\s+thing)\b",
    re.IGNORECASE,
)


def _at_the_customer(text: str, entities: _Entities, hits: list[TriggerHit]) -> list[TriggerHit]:
    """A report opened by being at the customer earlier today is a visit (English)."""
    found = []
    for mention in entities.customers:
        at = _AT_THE_CUSTOMER.search(text, max(0, mention.start - 40), mention.start)
        if (
            at is None
            or not _EARLIER_TODAY.match(text, mention.end)
            or any(h.intent == "log_interaction" and h.start < mention.end for h in hits)
        ):
            continue
        found.append(TriggerHit("log_interaction", at.end() - 3, at.end() - 1, "visit"))
    return found


def _went_to(text: str, entities: _Entities, hits: list[TriggerHit]) -> list[TriggerHit]:
    """ "今天去华康医院陈主任说…", "周五去港联物流转了一圈": going to a customer is a visit
    whether or not a visit word follows (a plan when a time still to come is said with it)."""
    found = []
    for mention in entities.customers:
        went = _WENT_TO.search(text, max(0, mention.start - 4), mention.start)
        if went is None or any(h.start <= went.start() < h.end for h in hits):
            continue
        if _ABOUT_TO.search(text, max(0, went.start() - 6), went.start()):
            # "等会儿去趟金田新材", "准备去华康": a visit still to make
            found.append(TriggerHit("schedule_followup", went.start(), went.end(), "visit"))
            continue
        found.append(TriggerHit("log_interaction", went.start(), went.end(), "visit"))
    return found


# "Riverside want a demo of the attendance module this arvo at 2": a demo or visit asked for,
# with a time still to come, is one to book, not one that happened.
_REQUESTED = re.compile(
    r"\b(?:wants?|wanted|would like|'d like|asked for|asking for|asks for|needs?|requested)\s+"
    r"(?:(?:a|an|another|the)\s+)?(?:(?:quick|full|proper|follow[- ]up|product|live|short)\s+)?$",
    re.IGNORECASE,
)
_REQUESTED_EVENTS = frozenset({"demo", "site visit"})
# "want to push the demo to next week", "move the site visit to the 5th": an event of ours moved
_MOVED = re.compile(
    r"\b(?:push|move|moving|reschedule|postpone|shift|bring|pull)\s+(?:back\s+|forward\s+)?"
    r"(?:the|our|their|that)\s+(?:[a-z]+\s+)?$",
    re.IGNORECASE,
)
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|their|our|your|its)\s+$", re.IGNORECASE)


def _requested_event(text: str, hit: TriggerHit, entities: _Entities, now: datetime) -> TriggerHit:
    if (
        hit.intent != "log_interaction"
        or hit.phrase.casefold() not in _REQUESTED_EVENTS
        or (
            _REQUESTED.search(text, max(0, hit.start - 40), hit.start) is None
            and _MOVED.search(text, max(0, hit.start - 40), hit.start) is None
        )
    ):
        return hit
    for mention in entities.times:
        if (
            hit.end <= mention.start_char <= hit.end + 60
            and not _broken_between(text, hit.end, mention.start_char)
            and _in_future(mention, now)
        ):
            return replace(hit, intent="schedule_followup")
    return hit


# "Gareth wants 2 more kiosks, ~£24k, call him back tomorrow 9am": what the customer wants,
# then after a comma or dash an errand of ours, told as an order to oneself.
_THEIR_WANT = re.compile(
    r"\b(?:wants?|wanted|needs?|would like|asked for|asking for|keen on|interested in)\b",
    re.IGNORECASE,
)
_ERRAND_AFTER = re.compile(
    r"(?:,|;|\s[-–—]|\s(?=so\s))\s*(?P<at>(?:(?:and|so|then|um+|uh+|pls|please)\s+)*"
    r"(?:send|call|ring|phone|"
    r"email|e-mail|text|follow[ -]?up|f/u|chase|ping|book|get back to|visit|quote|proposal)\b)",
    re.IGNORECASE,
)


# "northwind meeting this morning", "call today": a meeting or call named with a time already
# gone by; "so at harbourview today": where the rep was; "ashford precision visit": a visit
# named after the customer (a plan if a time still to come goes with it).
_DONE_MEETING = re.compile(
    r"\b(?:meeting|mtg|visit|call|catch[ -]?up|demo|lunch)\s+(?:(?:earlier\s+)?this\s+"
    r"(?:morning|afternoon)|today|yesterday|earlier(?:\s+today)?|last\s+night)\b",
    re.IGNORECASE,
)
_AT_TODAY = re.compile(
    r"\s*(?:(?:earlier\s+)?this\s+(?:morning|afternoon)|today|yesterday)\b", re.IGNORECASE
)
_CUSTOMER_VISIT = re.compile(
    r"(?:\s+[a-z]+)?\s+(?:uh+\s+|um+\s+)?visit\b(?!\s+(?:to|with)\b)"
    # "tanjong call - farah reports…": a call right after the name, then what it was about
    r"|\s+call\b(?=\s*[-–—:,]|\s+(?:went|today|this|earlier|yesterday|about)\b)"
    # "Tanjong mtg: agreed pilot on line 3": a meeting right after the name, then its news
    r"|\s+(?:mtg|meeting)(?=\s*[:–—]|\s+-\s)",
    re.IGNORECASE,
)


# An errand told after a break, up to the time: "…, HK$180k - call Mr. Leung back | 3:30 tomorrow".
_ERRAND_BEFORE = re.compile(
    _ERRAND_AFTER.pattern + r"(?:[^.;!?]|(?<=mr)\.|(?<=ms)\.|(?<=mrs)\.|(?<=dr)\.)*$",
    re.IGNORECASE,
)


# "call grace back", "ring mister lee back", "give her a call": a call of ours around a name.
_CALL_SOMEONE = re.compile(
    r"\b(?:call|ring|phone)\s+(?!back\b)(?:[a-z]+\s+){1,3}?back\b"
    r"|\bgive\s+(?:[a-z]+\s+){1,3}?a\s+(?:call|ring|bell)\b",
    re.IGNORECASE,
)


def _call_back(text: str, hits: list[TriggerHit]) -> list[TriggerHit]:
    """A call of ours to someone named between the verb and "back" (the vocabulary has only
    "call him back" and "call them"), when no trigger already covers it."""
    if not _latin_text(text):
        return []
    return [
        TriggerHit("schedule_followup", m.start(), m.end(), "call back")
        for m in _CALL_SOMEONE.finditer(text)
        if not any(h.start <= m.start() < h.end or m.start() <= h.start < m.end() for h in hits)
    ]


def _news_before_plan(text: str, hits: list[TriggerHit]) -> list[TriggerHit]:
    """The customer's wish before an errand of ours is news to log, apart from the errand,
    when nothing else says what the first part is."""
    if any(is_cjk(char) for char in text):
        return []
    for errand in _ERRAND_AFTER.finditer(text):
        start = max((b for _, b in _strong_breaks(text) if b <= errand.start()), default=0)
        if any(start <= h.start < errand.start() for h in hits):
            continue
        want = _THEIR_WANT.search(text, start, errand.start())
        if want is not None:
            return [TriggerHit("log_interaction", want.start(), want.end(), "news")]
    return []


def _done_meetings(text: str, entities: _Entities, hits: list[TriggerHit]) -> list[TriggerHit]:
    """English meetings, calls and visits said without a verb of their own."""
    if not _latin_text(text):
        return []
    found = [
        TriggerHit("log_interaction", m.start(), m.end(), "report")
        for m in _DONE_MEETING.finditer(text)
    ]
    for mention in entities.customers:
        if text[max(0, mention.start - 3) : mention.start].casefold() == "at " and _AT_TODAY.match(
            text, mention.end
        ):
            found.append(TriggerHit("log_interaction", mention.start - 3, mention.start, "visit"))
        visit = _CUSTOMER_VISIT.match(text, mention.end)
        if visit is not None:
            found.append(TriggerHit("log_interaction", mention.end, visit.end(), "visit"))
    return [f for f in found if not any(h.start < f.end and f.start < h.end for h in hits)]


# "…on tuesday about the monitor order | and email tanjong the new price list": something to
# do with a customer, run on after "and" (English), is a plan even with no time of its own.
_TO_DO_WITH = re.compile(
    r"(?:\b(?:and|then|also|plus)|,)\s+(?:(?:uh+|um+|also|then|just)\s+)*"
    r"(?P<verb>call|ring|email|e-mail|text|message|ping|phone|visit|chase)\s+$",
    re.IGNORECASE,
)


def _to_do_with(text: str, entities: _Entities, hits: list[TriggerHit]) -> list[TriggerHit]:
    """A verb of contact right before a customer's name, after "and": a follow-up trigger."""
    if not _latin_text(text):
        return []
    found = []
    for mention in entities.customers:
        todo = _TO_DO_WITH.search(text, max(0, mention.start - 40), mention.start)
        if todo is None or any(h.start <= todo.start("verb") < h.end for h in hits):
            continue
        found.append(TriggerHit("schedule_followup", todo.start("verb"), todo.end("verb"), "to do"))
    return found


def _not_over(mention: TimeMention, now: datetime) -> bool:
    if mention.end is not None:
        return mention.end > now
    if mention.grain in ("hour", "minute"):
        return mention.value >= now
    length = {"week": 7, "month": 31, "quarter": 92, "year": 366}.get(mention.grain, 1)
    return (mention.value + timedelta(days=length)).date() > now.date()


def _in_their_words(text: str, mention: TimeMention) -> bool:
    """A Chinese time inside what the customer said ("陈经理微信上说月底前把货款打过来",
    "备注：海晟明年可能要换ERP") is their plan, not one the rep made: a report word or colon
    before it in the same sentence, and no 我/我们 taking over in between."""
    sentence_start = max(
        (m.end() for m in _STRONG_BREAK.finditer(text, 0, mention.start_char)), default=0
    )
    said = next(
        reversed(list(_THEIR_WORDS.finditer(text, sentence_start, mention.start_char))), None
    )
    if said is None or said.group("we"):
        return False
    if _TAKEN_OVER.search(text, said.end(), mention.start_char):
        return False  # "…说预算定了，然后周五之前要报价": the rep speaks again
    return _OUR_ACTION.match(text, mention.end_char) is None


def _in_future(mention: TimeMention, now: datetime) -> bool:
    if mention.end is not None and _MONTH_END.search(mention.text):
        mention = _for_crm(mention, now)  # 月底 is the month's last day, still to come
    if mention.end is not None and abs(mention.value - now) < timedelta(seconds=1):
        return mention.end > now  # "before Friday": a deadline from now on
    if mention.grain in ("month", "week") and _WITHIN.search(mention.text):
        return add_grain(mention.value, mention.grain, 1) > now  # 本周内: by the week's end
    if mention.end is not None and _MONTH_SPAN.search(mention.text):
        return mention.end > now  # 这个月中旬 said on the 15th: still running
    if mention.grain in ("year", "quarter", "month", "week", "day"):
        return mention.value.date() > now.date()
    return mention.value > now


def _split(text: str, breaks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    pieces = []
    position = 0
    for start, end in breaks:
        pieces.append((position, start))
        position = end
    pieces.append((position, len(text)))
    return [(s, e) for s, e in pieces if text[s:e].strip()]


def _split_connectives(
    text: str, piece: tuple[int, int], entities: _Entities
) -> list[tuple[int, int]]:
    start, end = piece
    breaks = [
        (m.start(), m.end())
        for m in _CONNECTIVE.finditer(text, start, end)
        if m.start() > start and not _plus_joins_customers(text, m, entities)
    ]
    return [(s, e) for s, e in _split(text[:end], breaks) if s >= start] if breaks else [piece]


def _plus_joins_customers(text: str, match: re.Match[str], entities: _Entities) -> bool:
    """ "TVE + Kensington both need a call back": a typed plus between two customers' names joins
    them in one plan (one follow-up each), as "and" does; it cuts only between actions."""
    if match.group().strip() != "+":
        return False
    before = text[: match.start()].rstrip()
    after = match.end() + len(text[match.end() :]) - len(text[match.end() :].lstrip())
    return any(c.end == len(before) for c in entities.customers) and any(
        c.start == after for c in entities.customers
    )


def _split_on_intent_change(
    text: str, start: int, end: int, hits: list[TriggerHit], entities: _Entities
) -> list[_Clause]:
    clauses = [_Clause(start, end, [])]
    for hit in hits:
        current = clauses[-1]
        second = _second_plan(text, current, hit, end, entities) or _after_ticket_move(
            text, current, hit, entities
        )
        if second is not None:
            current.end = second
            clauses.append(_Clause(second, end, [hit]))
            continue
        if any(h.phrase in _REMINDER_COMMANDS for h in current.hits):
            current.hits.append(hit)  # "remind me to chase them on the PO": all one reminder
            continue
        family = _family(current.hits[-1].intent) if current.hits else None
        if family in ("open_ticket", "update_ticket") and hit.intent == "query_customer":
            current.hits.append(hit)  # "派人去看看": someone to look at the fault, no look-up
            continue
        if (
            family == "schedule_followup"
            and hit.intent == "log_interaction"
            and hit.phrase == "visit"
            and _next_stop(current, hit, entities)
        ):
            # "周一先去华康医院然后周二去仁爱医院周三去博瑞医疗": each stop is a plan of its own
            cut = _cut_before(text, current.start, hit, entities)
            if cut > current.start:
                current.end = cut
                clauses.append(_Clause(cut, end, [replace(hit, intent="schedule_followup")]))
                continue
        if family == "schedule_followup" and hit.intent in _PLANNED:
            # "约了马总吃饭顺便聊一下", "周五前把框架合同寄过去": what the plan is about.
            current.hits.append(replace(hit, intent="schedule_followup"))
            continue
        another = _talk_with_another(text, current, hit, entities) if family == "talk" else None
        if another is not None and hit.intent == "log_interaction":
            current.end = another
            clauses.append(_Clause(another, end, [hit]))
            continue
        if (
            family == "talk"
            and hit.intent == "log_interaction"
            and (
                _next_stop(current, hit, entities) or _next_person_elsewhere(current, hit, entities)
            )
        ):
            # "…蓝湾见了周主任 | 最后在东辰聊到六点": a visit to another customer is another visit
            cut = _cut_before(text, current.start, hit, entities)
            if cut > current.start:
                current.end = cut
                clauses.append(_Clause(cut, end, [hit]))
                continue
        # A new customer's details (contact, phone, industry) all belong to its creation; a
        # visit or call planned after them ("…13967812345，明天下午去拜访") is a follow-up.
        planned = family == "create_customer" and hit.intent == "schedule_followup"
        if (family not in (None, "create_customer") or planned) and family != _family(hit.intent):
            after = current.hits[-1].end if current.hits else None
            cut = _cut_before(text, current.start, hit, entities, after=after)
            if cut > current.start:
                current.end = cut
                clauses.append(_Clause(cut, end, [hit]))
                continue
        current.hits.append(hit)
    return clauses


_TALK_LEAD = re.compile(r"(?:跟|和|与|同|去|在|到)\s*$")


def _talk_with_another(
    text: str, current: _Clause, hit: TriggerHit, entities: _Entities
) -> int | None:
    """ "…马总那边聊了传感器的事 | 中午跟青禾张经理吃了个饭": a talk whose customer, another than
    the clause's, is named before its verb begins a talk of its own, at the time or the 跟
    before that name (dictated stops run on without a break)."""
    if not current.hits:
        return None
    last = current.hits[-1].end
    named = [
        m
        for m in entities.customers
        if last <= m.start and m.end <= hit.start and hit.start - m.end <= 8
    ]
    earlier = {m.best.id for m in entities.customers if current.start <= m.start < last}
    if not named or not earlier or named[-1].best.id in earlier:
        return None
    start = named[-1].start
    lead = _TALK_LEAD.search(text, last, start)
    start = lead.start() if lead is not None else start
    for mention in entities.times:
        if last <= mention.start_char and mention.end_char <= start <= mention.end_char + 2:
            start = min(start, mention.start_char)
    return start if start > current.start else None


def _next_stop(current: _Clause, hit: TriggerHit, entities: _Entities) -> bool:
    """The visit word goes with a customer other than the one the clause is already about."""
    visited = next(
        (m for m in entities.customers if hit.end <= m.start <= hit.end + 2),
        None,
    )
    if visited is None:
        return False
    earlier = [m for m in entities.customers if current.start <= m.start < hit.start]
    return bool(earlier) and all(m.best.id != visited.best.id for m in earlier)


def _one_talk_per_person(
    decided: list[tuple[_Clause, str, float]], entities: _Entities
) -> list[tuple[_Clause, str, float]]:
    """ "见了云帆黄总和鼎胜物流的运营经理", "met Grace at Orchard Hotels and Raj at LCL": two
    people of two customers met in one breath are two talks, one per person."""
    result: list[tuple[_Clause, str, float]] = []
    for clause, intent, confidence in decided:
        cut = _second_persons_customer(clause, entities) if intent == "log_interaction" else None
        if cut is None:
            result.append((clause, intent, confidence))
            continue
        result.append((replace(clause, end=cut), intent, confidence))
        result.append((_Clause(cut, clause.end, []), intent, confidence))
    return result


def _second_persons_customer(clause: _Clause, entities: _Entities) -> int | None:
    """Where the second of two people, each with a customer of their own, begins."""
    text = entities.text
    people = [c for c in entities.contacts if clause.start <= c.start < clause.end]
    owned = []
    for contact in people:
        before = next(
            (
                m
                for m in entities.customers
                if m.end <= contact.start and _OWNS.fullmatch(text, m.end, contact.start)
            ),
            None,
        )
        at = _AT_THEIR_CUSTOMER.match(text, contact.end)
        after = next((m for m in entities.customers if at and m.start == at.end()), None)
        if before is not None and clause.start <= before.start:
            owned.append((before.start, before))
        elif after is not None:
            owned.append((contact.start, after))
    for (_, first), (start, second) in itertools.pairwise(owned):
        if first.best.id != second.best.id and start > clause.start:
            return start
    return None


# Between a customer and its person: "鼎胜物流的运营经理", "云帆黄总", "鼎盛那边调度主管".
_OWNS = re.compile(r"(?:的|那边的?|\s)?")
_AT_THEIR_CUSTOMER = re.compile(r"\s+(?:at|from)\s+", re.IGNORECASE)


def _next_person_elsewhere(current: _Clause, hit: TriggerHit, entities: _Entities) -> bool:
    """The talk word goes with a person of another customer than the clause's: "…, then called
    Raj at LCL", "…，下午给海达船配的孙经理打了电话": one talk per person met or called."""
    text = entities.text
    named = None
    for contact in entities.contacts:
        if hit.end <= contact.start <= hit.end + 1:  # "called Raj | at LCL"
            at = _AT_THEIR_CUSTOMER.match(text, contact.end)
            named = next((m for m in entities.customers if at and m.start == at.end()), None)
        elif contact.end <= hit.start <= contact.end + 1:  # "海达船配的孙经理 | 打了电话"
            named = next(
                (m for m in entities.customers if contact.start - 1 <= m.end <= contact.start),
                None,
            )
        if named is not None:
            break
    if named is None or not current.start < named.start:
        return False
    earlier = [
        m for m in entities.customers if current.start <= m.start < min(hit.start, named.start)
    ]
    return bool(earlier) and all(m.best.id != named.best.id for m in earlier)


# "… send it by friday | and uh can you book a call with her for next tuesday at ten": a second
# thing to do, with a time of its own, after "and".
_SECOND_PLAN = re.compile(
    # "and", "then", or the "&" typed notes write for it: "call Siobhan Thu 2pm & send …"
    # a dictated pause does as well: "delivered by friday week uh call the estates director"
    r"(?:\b(?:and|then|uh+|um+)|&)\s+(?:(?:uh+|um+|also|then|so|just)\s+)*"
    r"(?=(?:(?:can|could)\s+(?:you|we)\s+|"
    r"pls\s+|please\s+|i\s+(?:still\s+)?(?:need|have|want)\s+to\s+|i'?ll\s+|we\s+(?:need|have)\s+to\s+|"
    r"need\s+to\s+)?(?:send|call|ring|email|e-mail|book|chase|ping|set\s+up|schedule|meet|"
    r"visit|text|message|remind|follow|check|try|phone|email)\b|[a-z]+(?:\s+[a-z]+)?\s+"
    r"wants?\s+(?:one|a|an|the|to)\b"
    # "…by the end of the month | and a site visit in august"
    r"|(?:a|an|another)\s+(?:(?:site|quick|follow[ -]?up|review)\s+)?(?:visit|call|meeting|demo|"
    r"review|catch[ -]?up|workshop|training)\b)",
    re.IGNORECASE,
)


def _second_plan(
    text: str, current: _Clause, hit: TriggerHit, end: int, entities: _Entities
) -> int | None:
    """Where a second plan starts in a run-on follow-up: both plans carry a time of their own,
    or the second names a customer of its own."""
    if not _latin_text(text) or hit.intent != "schedule_followup":
        return None
    if not current.hits or current.hits[-1].intent != "schedule_followup":
        return None
    before = [t.end_char for t in entities.times if current.start <= t.start_char < hit.start]
    after = [t for t in entities.times if hit.start <= t.start_char < end]
    if before and after:
        floor = max(before)
    elif _next_stop(current, hit, entities):
        # "…come in on tuesday | and i still need to email brightwater the invoice": a plan
        # with another customer, even with no time of its own
        floor = current.hits[-1].end
    else:
        return None
    plans = [
        plan
        for plan in _SECOND_PLAN.finditer(text, floor, min(end, hit.end + 40))
        if plan.start() < hit.start
    ]
    return plans[-1].start() if plans else None


def _after_ticket_move(
    text: str, current: _Clause, hit: TriggerHit, entities: _Entities
) -> int | None:
    """ "ticket thirty three forty can be closed | and uh olivia wants the annual review on the
    twelfth at ten": a ticket moved, then a plan of someone's, are two actions."""
    if not _latin_text(text) or hit.intent != "schedule_followup" or current.hits:
        return None
    tickets = [t for t in entities.tickets if current.start <= t.start < hit.start]
    if not tickets:
        return None
    status = slot_finders.find_status(text[tickets[-1].end : hit.start])
    if status is None and _ordered_move(text, current.start, tickets[-1].start):
        # "so close ticket eleven fifty | and they want a call on the first": the move was
        # said before the ticket, the plan after it
        turns = [
            m for m in _EN_TURN.finditer(text, tickets[-1].start, hit.end) if m.start() < hit.start
        ]
        return turns[-1].start() if turns else None
    if status is None:
        # "T-2459 still not waking, parts on order, back Thurs to fit": the return visit after
        # a comma is the plan of its own
        if hit.phrase != _RETURN_PHRASE:
            return None
        commas = list(re.finditer(r"[,;]\s*", text[tickets[-1].end : hit.start]))
        return tickets[-1].end + commas[-1].end() if commas else None
    floor = tickets[-1].end + status.end
    turns = [m for m in _EN_TURN.finditer(text, floor, hit.end) if m.start() < hit.start]
    if turns:
        return turns[-1].start()
    # "T-2463 resolved, will revert to Sarah tmrw": after the ticket's news, a comma and then
    # the plan, with a time of its own
    commas = list(re.finditer(r"[,;]\s*", text[floor : hit.start]))
    if not commas:
        return None
    cut = floor + commas[-1].end()
    return cut if hit.phrase == _RETURN_PHRASE or _PLAN_LEAD.match(text, cut) else None


def _ordered_move(text: str, start: int, end: int) -> bool:
    """A status commanded right before the ticket: "close ticket 1150", "reopen T-2201"."""
    status = slot_finders.find_status(text[start:end])
    return status is not None and end - (start + status.end) <= _MOVE_REACH


_MOVE_REACH = 12


# "…, will revert to Sarah tmrw", "…, i'll update the plant mgr tmrw", "…, need to chase them
# friday": a plan of ours said right after a comma, in a voice of its own.
# "…offline, pls send someone tmrw": "pls" asks for the service the fault needs, no errand.
_SEND_SOMEONE = re.compile(
    r"\s*(?:send|get)\s+(?:someone|somebody|(?:an?\s+|the\s+)?(?:engineer|tech|technician)s?)\b",
    re.IGNORECASE,
)
_PLAN_LEAD = re.compile(
    r"[\s,]*(?:(?:uh+|um+|so|and|then|also)\s+)*(?:(?:i|we)(?:'ll|’ll|\s+will|\s+shall)|will|shall|"
    r"(?:i|we)\s+(?:still\s+)?(?:need|have|must|got)\s+to|need\s+to|pls|please|to\s+(?=\w+\s)|"
    # Singapore English plans in the present: "and i go down there monday", "i revert tomorrow"
    r"(?:i|we)\s+(?:go|come|pop|drop|revert)(?=\s+(?:down|over|out|back|in|there|to|by)\b))\b",
    re.IGNORECASE,
)


def _family(intent: str) -> str:
    # Querying and logging often share words ("最近"/"聊了"); they do not split a clause.
    return "talk" if intent in ("log_interaction", "query_customer") else intent


def _cut_before(
    text: str, floor: int, hit: TriggerHit, entities: _Entities, *, after: int | None = None
) -> int:
    """Where the clause of `hit` begins: at a weak break, or at the time expression before it.
    `after` is where the previous clause's last trigger ends: a turn ("and she wants…") before
    it belongs to that clause ("so i went to tve…")."""
    turn_floor = floor if after is None else max(floor, after)
    cut = hit.start
    subject = _SUBJECT.search(text, floor, cut)
    if subject is not None and cut - subject.start() < 6 and subject.start() > floor:
        # "…说月底要验收 | 我月底前再过去一趟"
        return _time_before_subject(text, floor, subject.start(), entities)
    for mention in entities.times:
        if (
            floor < mention.start_char < hit.start
            and hit.start - mention.end_char <= 4
            # "报价单今天发了 | 下礼拜一打电话跟一下": a day with its deed done is the report's
            and not _DONE_AFTER.match(text[mention.end_char : hit.start])
        ):
            cut = min(cut, mention.start_char)
    # The previous clause ends at the last comma before the trigger: what sits between two
    # triggers of different intents goes with the one it follows
    # ("聊了扩容，对方要报价，下周二前给他").
    breaks = list(_WEAK_BREAK.finditer(text, floor, cut))
    errands = [m.start("at") for m in _ERRAND_AFTER.finditer(text, floor, cut)]
    if opens_errand(text, hit) and text[floor : hit.start].strip():
        cut = hit.start  # "…, £18k - send the install plan …": the errand's verb opens it
    elif (
        hit.intent == "schedule_followup"
        and errands
        and (not breaks or errands[-1] > breaks[-1].end())
    ):
        cut = errands[-1]  # "…, HK$180k - call Mr. Leung back 3:30 tomorrow"
    elif breaks:
        cut = breaks[-1].end()
    elif hit.intent in ("open_ticket", "update_ticket"):
        cut = _fault_start(text, floor, cut)
    elif hit.intent == "record_deal" and not text.isascii():
        cut = _deal_start(text, floor, cut)
    subject = re.search(r"(?:他们|他|她|对方|\b(?:they|he|she))\s*$", text[floor:cut])
    lead = _errand_lead(text, floor, hit)
    if lead is not None:
        return lead
    if subject is None:
        turn = _english_turn(text, floor, turn_floor, cut, hit)
        if turn is not None:
            return turn
    if subject is not None and cut - subject.start() - floor < 6:
        cut = floor + subject.start()
    return cut


def _time_before_subject(text: str, floor: int, subject: int, entities: _Entities) -> int:
    """A clause that starts at its subject starts at the time said right before it: "他说还要再
    压一压 | 下礼拜三我再打过去" (the time is when we act, not part of what he said)."""
    return next(
        (
            t.start_char
            for t in entities.times
            if floor < t.start_char
            and t.end_char <= subject
            and not text[t.end_char : subject].strip()
        ),
        subject,
    )


def _errand_lead(text: str, floor: int, hit: TriggerHit) -> int | None:
    """ "i met grace … went well and um remind me to call her next friday": the errand starts
    at the "and" that brings it in, not at a subject said before."""
    if hit.intent != "schedule_followup":
        return None
    lead = _AND_ERRAND.search(text, max(floor, hit.start - 40), hit.start)
    return lead.start() if lead is not None and lead.start() > floor else None


def _english_turn(text: str, floor: int, turn_floor: int, cut: int, hit: TriggerHit) -> int | None:
    """Where an English clause starts at a turn of speaker, an "and" bringing in something to
    do, or the rep's own promise, when no subject pronoun says so."""
    if hit.intent in ("log_interaction", "record_deal") and _latin_text(text):
        # "…are offline again | and the farm manager wants a site visit on wednesday": someone
        # taking the word after a fault or a report starts the clause of what they want
        turns = list(_EN_TURN.finditer(text, turn_floor, cut))
        if turns and turns[-1].start("who") > floor:
            return turns[-1].start("who")
    if hit.intent != "schedule_followup":
        return None
    # "…close t twenty twenty five and she wants to talk about the renewal next week"
    turns = list(_EN_TURN.finditer(text, turn_floor, cut))
    if turns:
        return turns[-1].start("who")
    # "… is offline its urgent and uh review meeting on the seventh": the plan starts at
    # the "and" that brings in something to do
    plans = list(_AND_PLAN.finditer(text, max(floor, hit.start - 40), hit.start))
    if plans and plans[-1].start() > floor:
        return plans[-1].start("plan")
    # "…freezing at checkout | i said id visit tuesday": the rep's own promise, run on
    promises = list(_OWN_PROMISE.finditer(text, turn_floor, cut))
    if promises and promises[-1].start() > floor:
        return promises[-1].start()
    return None


def _deal_start(text: str, floor: int, cut: int) -> int:
    """ "唐总电话：贴标机合同签了", "院长来电口扫仪三台签了十八万": what was signed is said
    before the deal word, after the words that say how the news came."""
    marks = [
        m.end()
        for pattern in (_REPORTED, _CALL_ENDS, _COLON)
        for m in pattern.finditer(text, floor, cut)
    ]
    start = max(marks, default=cut)
    return start if cut - start <= _DEAL_SUBJECT_CHARS else cut


_COLON = re.compile(r"[:：]\s*")
_DEAL_SUBJECT_CHARS = 12


def _fault_start(text: str, floor: int, cut: int) -> int:
    """Where a fault said without punctuation begins."""
    # "打电话来说 | 平板充不上电": a reported fault starts after "说"
    reported = list(_REPORTED.finditer(text, floor, cut))
    if reported:
        return reported[-1].end()
    called = list(_CALL_ENDS.finditer(text, floor, cut)) or list(
        _MET_ENDS.finditer(text, floor, cut)
    )
    if called:
        return called[-1].end()  # "通了电话 | 染色机温控又坏了": the fault after the call
    subject = _ZH_FAULT_SUBJECT.search(text, floor, cut)
    if subject is not None:
        # "看了一下 | 监护仪确实有两台报警": the thing that fails goes with the fault
        return subject.start("subject")
    if _latin_text(text):
        # "call from olivia at brightwater: | meter readers on the east network offline",
        # "called riverside - | projector in the main hall not working": what a colon or a
        # dash brings in is the fault
        colons = [m.end() for m in re.finditer(r":\s*|\s[-–—]\s+", text[floor:cut])]
        if colons:
            return floor + colons[-1]
        # "visit done | two of the trackers are showing no gps fix": the fault's subject
        # starts the fault's clause, so the thing that fails goes with the ticket
        subject = _FAULT_SUBJECT.search(text, max(floor, cut - 60), cut)
        if subject is not None and subject.start() > floor:
            return subject.start()
    return cut


# "跟吴总见了面 | POS收银机有两台死机了": a meeting told as done, then the fault it brought up
_MET_ENDS = re.compile(r"见了?(?:个|一)?面|聊了(?:聊|一下|会儿)|吃了(?:个|顿)?饭")
_ZH_FAULT_SUBJECT = re.compile(
    rf"(?:看了|看过|检查了?|查了|发现)(?:一下)?"
    rf"(?P<subject>[\u4e00-\u9fffA-Za-z]{{0,6}}?(?:{_ZH_PRODUCT_HEADS}))[^，,。；;]{{0,8}}$"
)
_FAULT_SUBJECT = re.compile(
    r"\b(?:(?:one|two|three|four|five|six|some|all|most|half|both|several|a\s+few|\d+)\s+of\s+)?"
    r"(?:the|their|its|our|his|her|all\s+the|all\s+their)\s+(?:[A-Za-z0-9-]+\s+){1,5}"
    # "the cold room loggers at the bristol depot are showing…": where the thing is
    r"(?:(?:at|in|on|of|for|from)\s+(?:the\s+|their\s+)?(?:[A-Za-z0-9-]+\s+){1,3})?$",
    re.IGNORECASE,
)
_NOT_LOYALTY = re.compile(
    r"\bloyalty\s+(?:screens?|module|app|programme|program|scheme|cards?|points|platform|"
    r"kiosks?|pilot|system|signage|displays?|campaign|tablets?|"
    # what we present or sell them: "bring the new manager the loyalty deck"
    r"deck|proposal|pitch|offer|presentation|pricing|quote|demo|add-?on|features?|solution|"
    r"rollout|launch|slides|brochure|case\s+stud(?:y|ies)|renewal)\b"
    r"|\b(?:batch|batches|stock|shipment|delivery|milk|vaccines?|launch|project|deadline|"
    r"timeline|go-live|rollout|samples?|load|lorry|consignment)\s+(?:is\s+|are\s+)?at[ -]risk\b"
    # a date or a project slipping is news, not a customer slipping away
    r"|\b(?:go[ -]?live|launch|project|rollout|delivery|deliveries|install|installation|timeline|"
    r"date|deadline|kick-?off|start|handover|upgrade|migration|cutover|order)\s+(?:is\s+|are\s+|"
    r"has\s+been\s+|keeps\s+)?(?:uh+\s+|um+\s+)?slipping\b",
    re.IGNORECASE,
)
# The "and" right before an errand of ours: "… and um remind me to", "… and can someone call".
_AND_ERRAND = re.compile(
    r"\b(?:and|then|also)\s+(?:(?:uh+|um+|also|then|so|oh)\s+)*(?:(?:can|could)\s+(?:you|someone|"
    r"somebody)\s+|pls\s+|please\s+|i\s+(?:need|have|want)\s+to\s+|i'?ll\s+|we\s+(?:need|have)\s+"
    r"to\s+|need\s+to\s+)?$",
    re.IGNORECASE,
)
_OWN_PROMISE = re.compile(
    r"\b(?:(?:i|we)\s+(?:said|told\s+(?:them|him|her|the\s+\w+)|promised(?:\s+(?:them|him|her))?)"
    r"\s+(?:(?:i|we)(?:'d|’d|d|'ll|’ll|\s+would|\s+will)|to)\b|(?:i'll|i’ll|i\s+will)\b"
    r"|ill\s+(?=(?:try|call|ring|send|email|chase|visit|pop|drop|swing|get|follow|check)\b))",
    re.IGNORECASE,
)
_THEY_WILL = re.compile(
    r"\b(?:they|he|she)(?:'d|’d|'ll|’ll|ll|\s+will|\s+would)\s+(?:(?:also|then|just)\s+)?$",
    re.IGNORECASE,
)
# "she's gonna send over the order form" (the trigger is "gonna send"): their doing, not ours
_THEY_ARE = re.compile(
    r"\b(?:they|he|she)(?:'s|’s|'re|’re|s|re|\s+is|\s+are)?\s+(?:(?:also|then|just)\s+)?$",
    re.IGNORECASE,
)
_STILL = re.compile(r"\bstill\s+$", re.IGNORECASE)
_RAISE_TICKET = re.compile(
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


def _ticket_or_repair_asked(text: str, times: Sequence[TimeMention] = ()) -> bool:
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


_NEXT_STEP = re.compile(
    r"\bnext\s+steps?\b(?:\s+(?:with|for)\s+[\w&'. ]{1,30}?)?\s*(?:is|are|will\s+be|[:-])?\s*"
    r"(?:to\s+(?:have|book|set\s+up|arrange|do)\s+|to\s+)?(?:(?:a|an|the|our|another)\s+)?"
    r"(?:[a-z]+\s+)?$",
    re.IGNORECASE,
)
_DURING = re.compile(r"\bduring\s+(?:the|a|an|our|their|that|this|my)\s+$", re.IGNORECASE)
_AND_PLAN = re.compile(
    r"\b(?:and|then)\s+(?:(?:uh+|um+|so|also)\s+)*(?P<plan>(?:a\s+|the\s+)?(?:[a-z]+\s+)?"
    r"(?:meeting|mtg|call|visit|demo|review|catch[ -]?up|follow[ -]?up|training|kickoff|"
    r"kick-off|workshop|session|presentation)\b[^,.;]*$)",
    re.IGNORECASE,
)


def _has_own_entities(clause: _Clause, entities: _Entities) -> bool:
    spans = [(m.start, m.end) for m in entities.customers] + [
        (t.start, t.end) for t in entities.tickets
    ]
    return any(clause.start <= s < clause.end for s, _ in spans)


def _customers_in(clause: _Clause, entities: _Entities) -> list[tuple[int, int]]:
    """Where the clause names customers, relative to its start: the classifier masks them."""
    return [
        (m.start - clause.start, m.end - clause.start)
        for m in entities.customers
        if clause.start <= m.start and m.end <= clause.end
    ]


def _decide(
    segment: str,
    clause: _Clause,
    entities: _Entities,
    language: str,
    classifier: IntentClassifier | None,
) -> tuple[str, float]:
    """Rules where they are sure; the classifier where they are silent or disagree."""
    ruled = _rule_intent(segment, clause, entities)
    if classifier is None:
        return ruled
    rule, rule_confidence = ruled
    probabilities = classifier(segment, language, _customers_in(clause, entities))
    learned, probability = max(probabilities.items(), key=lambda item: item[1])
    if learned == "loyalty_summary" and _loyalty_told(segment, clause):
        return ruled  # "百川鞋业说他们的老客户流失得厉害": the words are told, not asked
    if rule == "unknown" or (not clause.hits and rule in _UNTRIGGERED_RULES):
        # No trigger fired: a customer alone says little; the trained model decides.
        if learned == "query_customer" and language == "zh" and _states(segment, clause, entities):
            # "蓝湾那边的咖啡真难喝": a statement naming a customer asks nothing about it;
            # what else it is, only if the model says so with some weight
            learned, probability = _runner_up(probabilities)
        elif learned == "query_customer" and rule == "log_interaction":
            learned = rule  # English news the model took for a look-up ("Tanjong - PO approved")
        elif learned in ("query_customer", "log_interaction") and rule == "open_ticket":
            learned = rule  # a priority given says it is a fault's, whatever the words
        return _untriggered(segment, clause, entities, learned, probability)
    if learned == rule or _supported(rule, clause, entities):
        return rule, max(rule_confidence, probability if learned == rule else 0.0)
    return rule, min(rule_confidence, 0.75 if probability < 0.8 else 0.6)


def _loyalty_told(segment: str, clause: _Clause) -> bool:
    """The clause says loyalty words, but as news or banter: their hits were dropped."""
    return not any(h.intent == "loyalty_summary" for h in clause.hits) and any(
        h.intent == "loyalty_summary" for h in trigger_hits(segment)
    )


# A short deal note with a winning verb and an amount: "closed Pemberton for 40k", "bagged KB
# Trading, 22k" (the trigger phrases need the verb beside "the deal" or "signed").
_WON = re.compile(
    r"\b(?:closed|won|landed|bagged|secured|clinched|nailed|converted)\b|\bis a yes\b|"
    # "the tracker deal is done", "the seats renewal went through", "blue harbour came through",
    # "northwind said yes to the renewal"
    r"\b(?:deal|renewal|order)\s+(?:is\s+|'s\s+)?done\b|\b(?:went|came)\s+through\b|"
    r"\bsaid\s+yes\b|"
    r"\bgot the (?:[\w&'-]+\s+){0,3}?(?:order|deal|business|contract|renewal|po)\b",
    re.IGNORECASE,
)
# A deal someone wants, weighs or will sign later, said with no deal trigger.
_PENDING_DEAL = re.compile(
    r"\b(?:want|wants|wanted|would like|looking for|interested in|thinking about|considering|"
    r"might|may|could|close to signing|about to sign|ready to sign|will sign|signing (?:next|on|by|"
    r"this|in|after))\b|想|打算|准备|考虑|可能|希望",
    re.IGNORECASE,
)
# The event a short English note names beside its time: "renewal mtg Thurs 2:30".
_EVENT_NOTE = re.compile(
    r"\b(?:mtg|meeting|call|visit|review|kick[ -]?off|workshop|training|presentation|"
    r"catch[ -]?up|appt|appointment)\b(?!')",
    re.IGNORECASE,
)
_GONE_BY = re.compile(r"\b(?:yesterday|last|ago|earlier|this morning)\b", re.IGNORECASE)
# Below this a guess of the trained model with no trigger behind it is chance, not a request.
_WEAK_GUESS = 0.35
_ACTS = frozenset({"confirm", "cancel", "undo"})


def _untriggered(
    segment: str, clause: _Clause, entities: _Entities, learned: str, probability: float
) -> tuple[str, float]:
    """The trained model's intent for a clause no trigger fired in, kept only when it is sure
    enough: chat ("一起打球不", "中国首都是哪里") gets a weak spread over intents, and the engine
    acts on any read intent and on writes above its floor, so a weak guess is `unknown` unless the
    clause names what it is about; a guessed dialogue act is never kept weak."""
    if _WON.search(segment) and any(clause.start <= m.start < clause.end for m in entities.money):
        return "record_deal", max(0.8, probability if learned == "record_deal" else 0.0)
    if learned == "unknown":
        return learned, min(probability, 0.3)
    if learned in _ACTS and (
        _has_own_entities(clause, entities) or segment.strip() != entities.text.strip()
    ):
        # "然后是港联物流都挺好的", the "嗯嗯" before "然后今天上午还去了一趟彩云药业": a yes
        # or an undo is a whole message (dialogue_act), never one clause of several
        return "unknown", min(0.3, probability)
    inside = range(clause.start, clause.end)
    corrected = _corrected_guess(segment, entities, inside, learned, probability)
    if corrected is not None:
        return corrected
    # A named customer keeps a weak look-up; a weak record needs more (a person, a ticket, a
    # sum, their words: "宏图塑胶说胶带粘性不够"): "东辰旁边那家面馆不错" records nothing.
    own = (
        any(c.start in inside for c in entities.contacts)
        or any(t.start in inside for t in entities.tickets)
        or any(m.start in inside for m in entities.money)
        or (
            _has_own_entities(clause, entities)
            and (learned in _ASKING or _SAID.search(segment) is not None)
        )
    )
    weak = probability < _WEAK_GUESS
    if CHATTER.search(segment) or (weak and (not own or learned in _ACTS)):
        return "unknown", min(0.3, probability)
    return learned, probability * 0.9


def _corrected_guess(
    segment: str, entities: _Entities, inside: range, learned: str, probability: float
) -> tuple[str, float] | None:
    """What the words around a weak guess say it is instead."""
    if (
        learned in ("update_ticket", "open_ticket")
        and any(m.start in inside for m in entities.money)
        and not any(t.start in inside for t in entities.tickets)
    ):
        # "Tanjong are close to signing, S$150k on the table": money and no ticket is news
        # about a deal, not a ticket guessed from the words
        return "log_interaction", probability * 0.9
    if learned == "record_deal" and _PENDING_DEAL.search(segment):
        # "CFO wants 40 seats, £36k, signing next week": a deal wanted or still to be signed
        return "log_interaction", probability * 0.9
    if (
        _EVENT_NOTE.search(segment)
        and not _PAST.search(segment)
        and any(t.start_char in inside and not _GONE_BY.search(t.text) for t in entities.times)
    ):
        # "Fairbank renewal mtg Thurs 2:30": a meeting noted with its time is a plan, no look-up
        return "schedule_followup", max(0.7, probability if learned == "schedule_followup" else 0)
    return None


# What a look-up says: a question, or a record asked for.
_LOOKS_UP = re.compile(
    r"吗|呢|[?？]|什么|(?<![没不])啥|多少|怎么|(?<![没不])咋|哪|谁|几|查|看|有没有|是不是|情况|进展|记录|资料|电话|手机|联系|"
    r"历史|到期|多久|了没|没有|邮箱|合同|列表|工单|订单|发我|帮我|给我|分析|画像|"
    r"(?P<word>[\u4e00-\u9fff])不(?P=word)"  # "算不算", "值不值得": a question too
)
_STATEMENT_CHARS = 4
_RUNNER_UP = 0.2


def _runner_up(probabilities: dict[str, float]) -> tuple[str, float]:
    """The model's best intent other than a look-up, or `unknown` when it is a weak one."""
    learned, probability = max(
        ((i, p) for i, p in probabilities.items() if i != "query_customer"),
        key=lambda item: item[1],
    )
    return ("unknown", probability) if probability < _RUNNER_UP else (learned, probability)


def _states(segment: str, clause: _Clause, entities: _Entities) -> bool:
    """A Chinese statement about a customer, not a look-up: no question or record asked for,
    and more said than the customer's (and a contact's) name."""
    if _LOOKS_UP.search(segment):
        return False
    return _states_past_names(segment, clause, entities)


def _states_past_names(segment: str, clause: _Clause, entities: _Entities) -> bool:
    """More is said than the customer's (and a contact's) name and fillers."""
    return len(_FILLERS.sub("", _said_past_names(segment, clause, entities))) > _STATEMENT_CHARS


def _said_past_names(segment: str, clause: _Clause, entities: _Entities) -> str:
    """The clause's Chinese words without the names in it ("飞鸿智能" holds no 能 of ability)."""
    spans = [(m.start, m.end) for m in entities.customers] + [
        (c.start, c.end) for c in entities.contacts
    ]
    return "".join(
        char
        for position, char in enumerate(segment, start=clause.start)
        if is_cjk(char) and not any(start <= position < end for start, end in spans)
    )


# What a Chinese request to the assistant says: a question, or a look-up asked for.
_ASKS_ZH = re.compile(
    r"吗|呢|[?？]|什么|(?<![没不])啥|多少|怎么|(?<![没不])咋|哪|谁|查|有没有|是不是|发我|帮我|给我|看看|看一下|看下|几个|几家|"
    r"(?P<word>[\u4e00-\u9fff])不(?P=word)"
)


# A Chinese statement says something happened or holds: a verb of speech, an aspect or modal
# word, a negation; "博瑞医疗的开票地址" names what to look up and states nothing.
_PREDICATES_ZH = re.compile(r"说|了|过|在|着|要|想|会|能|没|不|别|还|已经|挺|很|太|又|再")


def _tells_news(segment: str, clause: _Clause, entities: _Entities) -> bool:
    """ "润泽制药的钱主管说明年冷链要换新", "明远设计还是老样子，方案给了两个月没动静": a
    Chinese statement about a customer, what they said or how things stand, asks nothing; the
    README's convention logs it (a look-up is a question or a request)."""
    if not _HAN.search(segment) or _ASKS_ZH.search(segment):
        return False
    if not _PREDICATES_ZH.search(_said_past_names(segment, clause, entities)) and not any(
        clause.start <= t.start_char < clause.end for t in entities.times
    ):
        return False  # (a dated note states its event: "下周一上午九点半 博瑞医疗 杨主任 验收")
    return _states_past_names(segment, clause, entities)


def _supported(rule: str, clause: _Clause, entities: _Entities) -> bool:
    """A trigger backed by the slot that intent is about (签了 + an amount, 再约 + a date) stays
    confident even when the bag-of-words model leans elsewhere."""
    if not clause.hits:
        return False

    def inside(start: int) -> bool:
        return clause.start <= start < clause.end

    match rule:
        case "record_deal":
            return any(inside(m.start) for m in entities.money)
        case "schedule_followup":
            return any(inside(t.start_char) for t in entities.times)
        case "update_ticket":
            return any(inside(t.start) for t in entities.tickets)
    return False


_HOW_TO = re.compile(r"怎么|如何|怎样|咋|how\b|what do i type\b", re.IGNORECASE)
_HOW_TO_LOOK = re.compile(
    r"^\s*(?:嗯|呃|那个|请问|我想问一下|想问一下|想问下)*\s*(?:怎么|如何|怎样|咋)(?:才能)?"
    r"(?:查|看|找|调出|打开|显示|导出)"
)


# What the rules make of a clause naming a customer and no trigger: the model may overrule it.
_UNTRIGGERED_RULES = frozenset({"query_customer", "log_interaction", "open_ticket", "record_deal"})


def _untriggered_about_customer(segment: str, *, priced: bool) -> tuple[str, float]:
    """A customer named with no trigger: a look-up, unless an English note passes on news
    ("Pemberton says the rollout is slipping", "Tanjong - budget approved"), which is logged,
    tells a fault's priority (a ticket) or a deal won with its sum ("nailed Fairbank, 75k")."""
    if _latin_text(segment) and CHATTER.search(segment) and not priced:
        return "unknown", 0.3  # "lol my van just got a parking ticket outside northwind"
    if _latin_text(segment) and priced and _WON.search(segment):
        return "record_deal", 0.7
    if _latin_text(segment) and _ticket_priority_said(segment):
        return "open_ticket", 0.6
    if _latin_text(segment) and reports_news(segment):
        return "log_interaction", 0.6
    return "query_customer", 0.6


def _ticket_priority_said(segment: str) -> bool:
    """ "orchard hotels the kitchen scales are off by like fifty grams not urgent", "…, P1": a
    priority given to what is told is a fault's, so the note is a ticket even with no fault word
    we know ("asap" may hurry a quote instead, "urgently" a request: neither counts)."""
    found = slot_finders.find_priority(segment)
    return (
        found is not None
        and found.text.casefold() != "asap"
        and not segment[found.end : found.end + 1].isalpha()
    )


def _rule_intent(segment: str, clause: _Clause, entities: _Entities) -> tuple[str, float]:
    intents = {hit.intent for hit in clause.hits}
    has_ticket = any(clause.start <= t.start < clause.end for t in entities.tickets)
    has_customer = any(clause.start <= m.start < clause.end for m in entities.customers)
    status = slot_finders.find_status(segment)
    rule = next((intent for intent in PRECEDENCE if intent in intents), None)
    if rule in ("list_agenda", "loyalty_summary") and (
        any(h.intent == "help" and _HOW_TO.match(h.phrase) for h in clause.hits)
        or _HOW_TO_LOOK.match(segment)
    ):
        rule = "help"  # "怎么查看今天的日程": how to ask for the agenda, not the agenda
    reprioritised = _PRIORITY_CHANGE.search(segment) is not None
    moved = _REASSIGNED.search(segment) is not None
    if has_ticket and (
        status is not None or reprioritised or moved or rule in (None, "open_ticket")
    ):
        rule, confidence = "update_ticket", 0.95 if status is not None or reprioritised else 0.7
    elif (
        status is not None
        and not has_customer
        and status.value in ("resolved", "closed")
        # "they want it fixed by monday", "wants the install done on the 11th": a wish, dated
        and not (rule == "schedule_followup" and _WANTED_DONE.search(segment))
    ):
        rule, confidence = "update_ticket", 0.6  # "已解决" about the ticket in the conversation
    elif (
        status is not None
        and _TICKET_WORD.search(segment)
        and rule != "create_customer"
        and not _RAISE_TICKET_EN.search(segment)  # "…spamming again. Raise ticket, high"
        # "offline again open a ticket": "again" says it recurs, the request is a new ticket
        and not _NEW_TICKET.search(segment)
        and not _order_done(segment, clause, entities)
    ):
        rule, confidence = "update_ticket", 0.8  # "蓝湾那个监护仪的单子修好了"
    elif rule is not None:
        confidence = 0.92 if len(intents) == 1 else 0.85
    elif has_customer and _tells_news(segment, clause, entities):
        rule, confidence = "log_interaction", 0.6
    elif has_customer:
        priced = any(clause.start <= m.start < clause.end for m in entities.money)
        rule, confidence = _untriggered_about_customer(segment, priced=priced)
    else:
        meaningful = any(c.isalpha() or is_cjk(c) for c in segment)
        rule, confidence = "unknown", 0.3 if meaningful else 0.05
    return rule, confidence


def _order_done(segment: str, clause: _Clause, entities: _Entities) -> bool:
    """ "东辰的单子搞定了十二万八": 单子 is an order as well as a ticket; done at a price, with no
    fault and no 工单 in the clause, it is a deal won, not a ticket resolved."""
    priced = any(clause.start <= m.start < clause.end for m in entities.money)
    return (
        priced
        and "单子" in segment
        and not _TICKET_FAULT.search(segment)
        and re.search(r"工单|报修|维修|\bticket\b", segment) is None
    )


_RAISE_TICKET_EN = re.compile(
    r"\b(?:raise|open|log|create|file)\s+(?:a\s+|the\s+|new\s+)?ticket\b|\bnew\s+ticket\b|"
    # "reading wrong again need a ticket": asked for as a need, dictated
    r"\bneeds?\s+(?:a\s+)?(?:new\s+)?ticket\b|"
    # "frozen again, ticket pls": a ticket asked for in a typed note's shorthand
    r"\bticket\s+(?:pls|plz|please|asap)\b",
    re.IGNORECASE,
)
_WANTED_DONE = re.compile(
    r"\b(?:wants?|needs?|would\s+like|'d\s+like|asked\s+(?:for|to\s+have))\b[^.;!?]*"
    r"\b(?:done|fixed|sorted|resolved|finished|completed)\b",
    re.IGNORECASE,
)


def _said_again(
    text: str, clause: _Clause, inside: list[TimeMention], chosen: TimeMention
) -> TimeMention:
    """The time said last after a correction ("the weekend after next? no, make it Mon 22nd",
    "thursday no wait friday"); what the correction leaves unsaid is kept from the time it
    replaces: "at three thirty on tuesday no wait wednesday" is 15:30 on Wednesday, "tomorrow
    at nine actually ten thirty" is tomorrow at 10:30."""
    corrections = [
        m
        for m in _CORRECTION.finditer(text, clause.start, inside[-1].end_char)
        if m.start() < inside[-1].start_char
    ]
    if not corrections:
        return chosen
    cut = corrections[-1].end()
    # "上午十点哦不是十点是九点半": the time denied may be said again before the one that stands
    later = _said_instead(text, next((t for t in inside if t.start_char >= cut), None), inside)
    earlier = [t for t in inside if t.end_char <= corrections[-1].start()]
    if later is None:
        return chosen
    if earlier and is_cjk(later.text[:1] or " "):
        return _corrected_clock(earlier[-1], later)
    if not earlier or later.is_interval or earlier[-1].is_interval:
        return later
    before = earlier[-1]
    clock = ("hour", "minute")
    if later.grain == "day" and before.grain in clock:
        moved = datetime.combine(later.value.date(), before.value.timetz())
        return replace(later, value=moved, grain=before.grain)
    if later.grain in clock and not _DATE_WORD.search(later.text):
        return _clock_on_corrected_day(before, later)
    return later


def _clock_on_corrected_day(before: TimeMention, later: TimeMention) -> TimeMention:
    """A bare clock time said as a correction keeps the day of the time it corrects ("tomorrow
    at four no sorry five" is five tomorrow) and, when no am/pm is said, the half of the day
    nearest the time taken back ("at ten thirty no sorry eleven thirty" is 11:30, not 23:30)."""
    if before.grain not in ("day", "hour", "minute"):
        return later
    value = datetime.combine(before.value.date(), later.value.timetz())
    if before.grain != "day" and not _HALF_OF_DAY.search(later.text):
        hours = (value.hour % 12, value.hour % 12 + 12)
        hour = min(hours, key=lambda h: abs(h - before.value.hour))
        value = value.replace(hour=hour)
    return replace(later, value=value)


_HALF_OF_DAY = re.compile(
    r"\b(?:[ap]\.?m\b|morning|afternoon|arvo|evening|night|tonight|noon|midday|midnight)",
    re.IGNORECASE,
)


# Words that put a day in a time ("monday", "tomorrow", "the 5th"): a clock time without one
# said as a correction keeps the day of the time it corrects.
_DATE_WORD = re.compile(
    r"\b(?:today|tomorrow|tonight|yesterday|mon|tues?|wed|thu(?:rs)?|fri|sat|sun)|day\b|"
    r"\d(?:st|nd|rd|th)\b|(?:first|second|third|th)\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|"
    r"oct|nov|dec)",
    re.IGNORECASE,
)


_INSTEAD = re.compile(r"\s*(?:是|应该是|改成|改到)\s*")


def _said_instead(
    text: str, said: TimeMention | None, inside: list[TimeMention]
) -> TimeMention | None:
    """ "上午十点哦不是十点是九点半": after a correction the time denied may be said again; the
    one after 是 stands."""
    if said is None:
        return None
    instead = next((t for t in inside if t.start_char >= said.end_char), None)
    if instead is not None and _INSTEAD.fullmatch(text, said.end_char, instead.start_char):
        return instead
    return said


_UNTIL_BEFORE = re.compile(r"\b(?:until|till|til|through)\s+$", re.IGNORECASE)
_NOTE_FRAME = re.compile(
    r"\s*(?:prep|plan|plans|planning|to-?do|todo|list|recap|round-?up)\b(?!\s+(?:to|a|an|the)\b)",
    re.IGNORECASE,
)


def _time_for_intent(
    text: str, clause: _Clause, inside: list[TimeMention], intent: str, now: datetime
) -> TimeMention | None:
    """Which of a clause's times its intent is about (None: none of them is)."""
    chosen = inside[0]
    if intent == "schedule_followup":
        # "sunday night prep: monday call sunda palm": the time the note is written for is no plan
        # "out till monday so i'll try her again tuesday": how long they wait is not our time
        planned = [
            t
            for t in inside
            if not _NOTE_FRAME.match(text, t.end_char)
            and not _UNTIL.match(t.text)
            and not _UNTIL_BEFORE.search(text, max(0, t.start_char - 8), t.start_char)
        ] or inside
        promised = [t for t in planned if any(h.start == t.start_char for h in clause.hits)]
        candidates = promised or [t for t in planned if _in_future(t, now)]
        # "他们年底要上一条新产线让我下周一过去": the time of their own plan is not ours
        ours = [
            t
            for t in candidates
            if not _THEIRS_BEFORE.search(text, max(clause.start, t.start_char - 4), t.start_char)
            # "the new wing opens in april … follow up end of march": their date, not ours
            and not _NOT_COMMITMENT_BEFORE.search(
                text, max(clause.start, t.start_char - 24), t.start_char
            )
        ]
        chosen = next(iter(ours or candidates), chosen)
        # "这周签然后下周四去", "明年要换…下周给他发资料": of several Chinese times, the one
        # followed by something we do, not by what they will do then
        chosen = next(
            (
                t
                for t in ours or candidates
                if is_cjk(t.text[:1] or " ") and _ZH_OUR_ACT.match(text, t.end_char)
            ),
            chosen,
        )
        chosen = _first_of_alternatives(text, chosen, inside)
        chosen = _next_such_part_of_day(_said_again(text, clause, inside, chosen), now)
        if _latin_text(text):
            # "cancel my four o'clock … they've moved it to thursday same time"
            chosen = moved_to(text, inside) or chosen
    elif intent == "create_customer":
        return None  # a new customer's record has no time ("今天展会上认识了一家新客户")
    elif intent in ("log_interaction", "record_deal"):
        # when it happened: the plans it reports ("leaving in June") are not its time, nor is
        # a month or a year ("今年不续约了", "年底最后一单"): a contact or a deal has a day
        past = [
            t
            for t in inside
            if t.grain not in _WIDE_GRAINS
            and (not _in_future(_in_the_past(t, now), now) or _later_today(t, now))
            and not _own_day_remark(text, t)
        ]
        if not past:
            return None
        chosen = past[0]
        # "月底最后一天总结一下今天上午去了…": the part of that day said next is the finer time
        chosen = next(
            (
                t
                for t in past[1:]
                if t.grain in ("hour", "minute")
                and chosen.grain == "day"
                and chosen.end is None
                and t.value.date() == chosen.value.date()
            ),
            chosen,
        )
    elif intent == "list_agenda":
        # "prepping on a Saturday — show me everything booked for next week": the time asked about
        asked = [t for t in inside if any(h.start <= t.start_char for h in clause.hits)]
        chosen = next(iter(asked), chosen)
    elif intent in _TICKET_INTENTS:
        # when the fix is needed ("today", "明天一早派人"), not since when it is broken; when the
        # next step is due ("明天再来"), not when it was fixed ("昨天修完")
        pending = [
            t
            for t in inside
            if _not_over(t, now)
            and t.grain not in _WIDE_GRAINS
            and _zh_ticket_time(text, clause, t, inside)
        ]
        if not pending:
            return None
        chosen = pending[0]
    return chosen


# A part of the day said with no day of its own: "call Fairbank in the morning".
_BARE_PART_OF_DAY = re.compile(
    r"(?:in\s+the\s+)?(?:morning|afternoon|arvo|evening)|first\s+thing", re.IGNORECASE
)


def _next_such_part_of_day(mention: TimeMention, now: datetime) -> TimeMention:
    """A plan for "the morning" said when (almost) all of today's morning is gone is for
    tomorrow's: "call Fairbank in the morning" at half three."""
    end = _for_crm(mention, now).end  # the office's morning ends at 12, its afternoon at 18
    if (
        mention.end is None
        or end is None
        or not _BARE_PART_OF_DAY.fullmatch(mention.text.strip())
        or end - now > timedelta(hours=1)
    ):
        return mention
    day = timedelta(days=1)
    return replace(mention, value=mention.value + day, end=mention.end + day)


# The rep on their own working day: "周六还在跑", "年底最后一天还在外面跑", "周末也不闲".
_OWN_DAY = re.compile(r"\s*(?:也|还)(?:在|得|要)?(?:外面)?(?:跑|加班|上班|干活|不闲)")


def _own_day_remark(text: str, mention: TimeMention) -> bool:
    """A time the rep says of their own working day ("周六还在跑，刚从天合出来") frames the
    note; it does not date the visit told after it."""
    return _OWN_DAY.match(text, mention.end_char) is not None


_OR_ZH = re.compile(r"\s*(?:或者?|还是|或是)\s*")


def _first_of_alternatives(
    text: str, chosen: TimeMention, inside: list[TimeMention]
) -> TimeMention:
    """ "下周二或者周三去": of two days offered, the plan is booked on the first."""
    earlier = [t for t in inside if t.end_char <= chosen.start_char]
    if earlier and _OR_ZH.fullmatch(text, earlier[-1].end_char, chosen.start_char):
        return earlier[-1]
    return chosen


def _corrected_clock(taken_back: TimeMention, said: TimeMention) -> TimeMention:
    """ "明天下午三点不对四点": a bare clock time said instead of a dated one keeps its day and
    its half of the day (four in the afternoon, tomorrow)."""
    if (
        not is_cjk(said.text[:1] or " ")
        or _DATED.search(said.text)
        or said.grain not in ("hour", "minute")
        or taken_back.grain not in ("hour", "minute")
        or taken_back.end is not None
        or said.end is not None
    ):
        return said
    hour = said.value.hour
    if not _DAY_PART.search(said.text):
        hour = hour % _NOON + (_NOON if taken_back.value.hour >= _NOON else 0)
    value = taken_back.value.replace(hour=hour, minute=said.value.minute)
    return replace(said, value=value)


_NOON = 12
_DAY_PART = re.compile(r"[上中下]午|早上|早晨|晚上|傍晚|凌晨|夜")


def _later_today(mention: TimeMention, now: datetime) -> bool:
    """A Chinese time of day later today, in a report ("今天上午九点半在…开了会" noted at nine):
    the note was dictated ahead of its sending, the contact is today's."""
    return (
        mention.grain in ("hour", "minute")
        and is_cjk(mention.text[:1] or " ")
        and mention.value.date() == now.date()
    )


_ZH_WEEKDAY = re.compile(r"(?:周|星期|礼拜)[一二三四五六日天]")


def _weekday_in_week(
    text: str, chosen: TimeMention, inside: list[TimeMention]
) -> TimeMention | None:
    """A Chinese week and a bare weekday said after it ("下周想约我们技术交流，定在周四下午三点")
    make one time: that weekday of that week."""
    if chosen.grain != "week" or chosen.end is not None or not is_cjk(chosen.text[:1] or " "):
        return None
    day = next(
        (
            t
            for t in inside
            if t.start_char >= chosen.end_char
            and t.grain in ("day", "hour", "minute")
            and _ZH_WEEKDAY.match(t.text)
        ),
        None,
    )
    if day is None:
        return None
    target = chosen.value + timedelta(days=day.value.weekday() - chosen.value.weekday())
    return _on_day(day, target, text[chosen.start_char : day.end_char])


# What we do at a time we promise: "下周四去", "下周给他发", "周五前把…发过去", "下周再联系".
_ZH_OUR_ACT = re.compile(
    r"\s*(?:之前|以前|前|左右)?\s*(?:先|就|还)?"
    r"(?:我|我们|再|去|过去|给|把|发|打|联系|回访|拜访|带|约|见|找)"
)


# What a Chinese ticket's time is for: someone to come, the fix, the use it is needed for.
_ZH_TICKET_NEED = re.compile(
    r"派|来人|要人|有人|必须|务必|到场|到现场|上门|再来|过去|过来|看看|看一下|弄|(?<!没)修(?![不完])|换|装|"
    r"处理|解决|搞定|安排|验收|就行|即可|找时间|要用|有课|公开课|再说|"
    # "很急周一一早就得去", "明天必须去一趟": someone of ours goes then
    r"得去|就去|要去|去一趟|去趟"
)


def _zh_ticket_time(
    text: str, clause: _Clause, mention: TimeMention, inside: list[TimeMention]
) -> bool:
    """A Chinese time in a fault report is the ticket's when what follows it says what is needed
    then ("今天下午派人", "下午两点有课"), not when the fault struck ("今天早上又打不开了",
    "夜里有两个小时数据没了", "一早…就打电话说")."""
    if not is_cjk(mention.text[:1] or " "):
        return True
    # up to the next time: "今天修不好明天再来" is tomorrow's
    later = [t.start_char for t in inside if t.start_char >= mention.end_char]
    stop = min([clause.end, mention.end_char + 10, *later])
    return _ZH_TICKET_NEED.search(text, mention.end_char, stop) is not None


# A report's or a ticket's time is a day or an hour; a month or a year is the plan they tell of.
_WIDE_GRAINS = frozenset({"month", "quarter", "year"})


def _dates_their_doing(text: str, mention: TimeMention) -> bool:
    """ "P&G call with Mei Lin, she's sending the PO on Friday": the time is when she sends it,
    not when the call was; a report is not dated by it."""
    return their_own_event(text, mention.start_char, mention.end_char)


# "offline since 6am", "down since monday": when the fault began.
_SINCE = re.compile(r"\bsince\s+$", re.IGNORECASE)


def _fault_began(text: str, mention: TimeMention) -> bool:
    """A ticket's time is when someone will be there; the time a fault began is no part of it."""
    return _SINCE.search(text, max(0, mention.start_char - 8), mention.start_char) is not None


def _pick_time(
    text: str,
    clause: _Clause,
    entities: _Entities,
    intent: str,
    *,
    now: datetime,
    anchor: datetime | None = None,
) -> TimeMention | None:
    """The time a clause is about: a follow-up's is the one promised (the first still to come),
    a report's the first already past; a date and a clock time said apart ("下周三 … 下午两点")
    make one moment; a time of day with no day of its own takes the day named before it."""
    inside = [t for t in entities.times if clause.start <= t.start_char < clause.end]
    if intent == "log_interaction" and _latin_text(text):
        inside = [t for t in inside if not _dates_their_doing(text, t)]
    if intent == "open_ticket" and _latin_text(text):
        inside = [t for t in inside if not _fault_began(text, t)]
    if not inside:
        return None
    chosen = _time_for_intent(text, clause, inside, intent, now)
    if chosen is None:
        return None
    if intent == "schedule_followup":
        chosen = _day_said_before_clock(chosen, inside, now)
    in_week = _weekday_in_week(text, chosen, inside)
    if in_week is not None:
        return in_week
    dated = _names_a_day(chosen)
    if (
        chosen.grain == "day"
        and chosen.end is None
        and _HOLIDAY.search(chosen.text)
        and re.match(r"\s*(?:之|以)?前", text[chosen.end_char : chosen.end_char + 3])
    ):
        return _on_day(chosen, chosen.value - timedelta(days=1), chosen.text + "前")
    after_holiday = _AFTER_HOLIDAY.match(text, chosen.end_char)
    if (
        chosen.grain == "day"
        and chosen.end is None
        and _HOLIDAY.search(chosen.text)
        and after_holiday is not None
    ):
        # "元旦后再细谈", "春节后再进场": no day said, as vague as 年后
        return _after_holiday(chosen, text, after_holiday) if after_holiday["which"] else None
    if dated and chosen.grain == "day" and chosen.end is None:
        clock = next(
            (
                t
                for t in inside
                if t.start_char > chosen.start_char
                and t.grain in ("hour", "minute")
                and not _DATED.search(t.text)
            ),
            None,
        )
        if clock is not None:
            return _on_day(clock, chosen.value, text[chosen.start_char : clock.end_char])
    if (
        not dated
        and anchor is not None
        and chosen.grain in ("hour", "minute")
        and chosen.value.date() in (now.date(), now.date() + timedelta(days=1))
        and (chosen.value.date() != anchor.date() or anchor.date() != now.date())
    ):
        # "明天上午十点去仁爱然后两点半去华康": the bare clock is on the day named before it,
        # whichever of today or tomorrow it came to alone
        return _on_day(_in_working_hours(chosen), anchor, chosen.text)
    if not dated and anchor is not None:
        return _due_on_day(chosen, anchor, now)
    return chosen


def _day_said_before_clock(
    chosen: TimeMention, inside: list[TimeMention], now: datetime
) -> TimeMention:
    """ "下周二和海光仪器约好下午三点见面": a plan's clock time with no day of its own, after a
    day still to come in the same clause, is on that day (`_pick_time` joins the two)."""
    if (
        chosen.grain not in ("hour", "minute")
        or not is_cjk(chosen.text[:1] or " ")
        or _DATED.search(chosen.text)
    ):
        return chosen
    day = next(
        (
            t
            for t in reversed(inside)
            if t.end_char <= chosen.start_char
            and t.grain == "day"
            and t.end is None
            and _names_a_day(t)
            and not _HOLIDAY.search(t.text)
            and t.value.date() > now.date()
        ),
        None,
    )
    return day or chosen


def _due_on_day(mention: TimeMention, day: datetime, now: datetime) -> TimeMention:
    """A deadline of today's with no day of its own ("by close of play", "by 3"), said in a plan
    for another day: due on that day."""
    if mention.end is None or abs(mention.value - now) >= timedelta(seconds=1):
        return mention
    due = (mention.end - timedelta(seconds=1)).date()
    if due != now.date() or day.date() == now.date():
        return mention
    return replace(mention, end=mention.end + timedelta(days=(day.date() - due).days))


# "元旦后第一周", "国庆以后第一个工作日", "春节后第一天", "元旦后第一个周一": the working days
# after the holiday.
_AFTER_HOLIDAY = re.compile(
    r"""\s*(?:之|以)?后(?P<which>第一个?(?:周|星期|礼拜)(?P<weekday>[一二三四五六日天])
    |(?P<week>第一周|第一个?礼拜|第一个?星期)|第一个?工作日|第一天)?""",
    re.VERBOSE,
)
_WEEKDAY_NUMBER = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}


def _after_holiday(mention: TimeMention, text: str, after: re.Match[str]) -> TimeMention:
    """The first working day after a holiday's break (国庆's is 1-7 October), the first such
    weekday, or the week after it."""
    day = mention.value + timedelta(days=days_off(mention.text))
    if after["weekday"]:
        while day.weekday() != _WEEKDAY_NUMBER[after["weekday"]]:
            day += timedelta(days=1)
        return _on_day(mention, day, text[mention.start_char : after.end()])
    if after["week"]:
        while day.weekday() != 0:
            day += timedelta(days=1)
        said = text[mention.start_char : after.end()]
        return replace(_on_day(mention, day, said), grain="week")
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return _on_day(mention, day, text[mention.start_char : after.end()])


# A clock time that says its half of the day.
_HALF_OF_DAY_SAID = re.compile(
    r"[ap]\.?\s?m\b|morning|afternoon|evening|night|noon|midnight|arvo|上午|下午|晚|早|中午|凌晨|\b(?:1[3-9]|2\d|00)[:.h]",
    re.IGNORECASE,
)


def _in_working_hours(mention: TimeMention) -> TimeMention:
    """A bare English clock time ("at 11:30", "4.30") on a later day, read against now's hour,
    may have landed in the night: the working-day reading of the same figures is meant."""
    if not mention.text.isascii() or _HALF_OF_DAY_SAID.search(mention.text) or mention.end:
        return mention
    hour = mention.value.hour
    if 1 <= hour <= 6:
        return replace(mention, value=mention.value + timedelta(hours=12))
    if 20 <= hour <= 23:
        return replace(mention, value=mention.value - timedelta(hours=12))
    return mention


def _on_day(mention: TimeMention, day: datetime, text: str) -> TimeMention:
    shift = timedelta(days=(day.date() - mention.value.date()).days)
    return replace(
        mention,
        text=text,
        value=mention.value + shift,
        end=mention.end + shift if mention.end is not None else None,
    )


def _slots(
    text: str,
    clause: _Clause,
    entities: _Entities,
    intent: str,
    now: datetime,
    *,
    when: TimeMention | None = None,
) -> dict[str, Any]:
    slots: dict[str, Any] = {}
    segment = text[clause.start : clause.end]
    slots.update(_customer_slots(segment, clause, entities, intent))
    if when is None:
        when = _pick_time(text, clause, entities, intent, now=now)
    slots.update(_entity_slots(clause, entities, intent, now, when))
    if intent == "log_interaction":
        kind = slot_finders.find_interaction_type(segment)
        went = any(h.phrase == "visit" for h in clause.hits)
        slots["interaction_type"] = kind.value if kind else "visit" if went else "note"
    if intent in ("open_ticket", "update_ticket"):
        priority = slot_finders.find_priority(segment)
        if priority is not None:
            slots["priority"] = priority.value
    if intent == "update_ticket":
        status = slot_finders.find_status(segment)
        if status is not None:
            slots["status"] = status.value
    summary = _summary((entities.shown or text)[clause.start : clause.end])
    if summary and intent not in ("help", "list_agenda", "loyalty_summary", "unknown"):
        slots["summary"] = summary
    return slots


def _first(items: Sequence[_T], clause: _Clause, start_of: Callable[[_T], int]) -> _T | None:
    return next((item for item in items if clause.start <= start_of(item) < clause.end), None)


def _customer_slots(
    segment: str, clause: _Clause, entities: _Entities, intent: str
) -> dict[str, Any]:
    customer = _first(entities.customers, clause, lambda m: m.start)
    if customer is not None:
        return _customer_slot(customer)
    if intent == "create_customer":
        name = _new_customer_name(segment)
        contact = _first(entities.contacts, clause, lambda c: c.start)
        if contact is not None and (name is None or _names_within(contact.text, name)):
            # dictated with no pause: "new account hollins garden centre sarah patel +44 …"
            name = _new_customer_name(segment[: contact.start - clause.start]) or name
        if name is None:
            # "Lunch w/ Dr. Alvarez at Lakeshore Fertility Clinic … New account, pls add them":
            # the new company is the one named before the request
            before = [o for o in entities.unknown_orgs if o[1] <= clause.start and o[2].isascii()]
            name = before[-1][2] if before else None
        return {"customer": {"text": name, "id": None}} if name else {}
    org = _first(entities.unknown_orgs, clause, lambda o: o[0])
    if org is not None and intent in NEEDS_CUSTOMER:
        return {"customer": {"text": org[2], "id": None}}
    asked = asked_about(segment) if intent == "query_customer" else None
    if asked is not None and not any(
        _overlaps(clause.start + asked[0], clause.start + asked[1], [(c.start, c.end)])
        for c in entities.contacts
    ):
        return {"customer": {"text": asked[2], "id": None}}
    return {}


def _entity_slots(
    clause: _Clause, entities: _Entities, intent: str, now: datetime, when: TimeMention | None
) -> dict[str, Any]:
    slots: dict[str, Any] = {}
    contact = _contact(clause, entities, intent)
    if contact is not None:
        slots["contact"] = {"text": contact.text}
    if when is not None:
        settled = _for_crm(when, now)
        if intent == "log_interaction" or (
            intent == "record_deal" and _PAST.search(entities.text, clause.start, clause.end)
        ):
            settled = _in_the_past(settled, now)  # "signed Friday!": the Friday gone
        elif intent == "loyalty_summary" or (
            intent in _ASKING
            and _ASKED_ABOUT_THE_PAST.search(entities.text, clause.start, clause.end)
        ):
            # loyalty figures are of months gone: "retention numbers for May" in June
            settled = _month_gone(_in_the_past(settled, now), now)
        slots["when"] = _when_slot(settled)
    money = _amount(clause, entities)
    if money is not None:
        slots["amount"] = _amount_slot(money)
    ticket = _first(entities.tickets, clause, lambda t: t.start)
    if ticket is not None:
        slots["ticket"] = {"number": ticket.value}
    product = _product(clause, entities, intent)
    if product is not None and intent in WITH_PRODUCT:
        slots["product"] = _said_once(product[2])
    phone = _first(entities.phones, clause, lambda p: p.start)
    if phone is not None:
        slots["phone"] = phone.value
    email = _first(entities.emails, clause, lambda e: e.start)
    if email is not None:
        slots["email"] = email.value
    return slots


def _amount(clause: _Clause, entities: _Entities) -> MoneyMention | None:
    """The clause's amount: a total when one is given ("£900 each, £90k total", "每年九万，
    合同总额27万"), else the first."""
    inside = [m for m in entities.money if clause.start <= m.start < clause.end]
    totals = [
        m
        for m in inside
        if _TOTAL_BEFORE.search(entities.text, max(clause.start, m.start - 12), m.start)
        or _TOTAL_AFTER.match(entities.text, m.end)
    ]
    if totals:
        return totals[0]
    # "twenty k no sorry twenty five k": the amount said again after a correction stands
    for first, second in itertools.pairwise(inside):
        said = _CORRECTION.search(entities.text, first.end, second.end)
        if said is not None and said.start() < second.start:
            return second
    return next(iter(inside), None)


def _product(clause: _Clause, entities: _Entities, intent: str) -> tuple[int, int, str] | None:
    """The clause's product: a named one ("MES", "监护仪") before a generic word (系统, 货,
    "equipment") that only says there is one. A fault is about the product named last before
    it ("中央站软件升级以后监护仪全部离线", "POS机扫码枪没反应")."""
    inside = [p for p in entities.products if clause.start <= p[0] < clause.end]
    named = _zh_owned_things(
        entities.text, [p for p in inside if p[2].casefold() not in _GENERIC_PRODUCTS]
    )
    fault = next((h.start for h in clause.hits if h.intent == "open_ticket"), None)
    if intent == "open_ticket" and fault is not None and is_cjk(entities.text[fault]):
        before = [p for p in named if p[1] <= fault]
        if before:
            return before[-1]
    if intent == "open_ticket" and not named and _latin_text(entities.text):
        # "their CRM sync is failing", "the outage alerts are spamming": no product word, the
        # thing said to fail is the product
        faults = (h.start for h in clause.hits if h.intent == "open_ticket")
        subject = next(
            (
                f
                for f in (
                    _failing_thing(entities.text, clause.start, at, entities) for at in faults
                )
                if f
            ),
            None,
        )
        if subject is not None:
            return subject
    # a bare "system", "units", 货, 账号 names no product; a Chinese ticket takes the thing said
    # to fail ("那批配件有质量问题") when no name is said
    fallback = [p for p in inside if intent == "open_ticket" and p[2] in _ZH_FAILING_KINDS]
    return next(iter(named or fallback), None)


# Kinds of thing that can be what failed when a ticket names nothing else; 系统, 账号, 货 and
# their like are not (the data leaves "系统导出报错", "两个账号登录不了" without a product).
_ZH_FAILING_KINDS = frozenset({"设备", "机器", "仪器", "配件", "电池", "样品", "耗材"})


# "冷库的温度探头", "叉车上那个扫码枪", "冷库那套温控系统": the first names where the second is.
_ZH_OWNER_OF = re.compile(r"(?:上|里|中|内|那边)?[的嘅]?(?:那|这)?(?:个|套|台|些|批|块)?")
# What belongs to a device without being the thing bought: its reagent, its licence, a sample.
_ZH_BELONGINGS = frozenset({"试剂", "耗材", "样品", "license", "授权", "许可证", "账号", "配件"})


def _zh_owned_things(text: str, named: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Chinese "X的Y": the thing is Y, X only says where or whose it is ("冷库的温度探头",
    "智慧教室的平板"); X stays when Y is what comes with it ("血气分析仪的试剂")."""
    owners = {
        id(first)
        for first, second in itertools.pairwise(named)
        if second[0] > first[1]  # "POS机扫码枪" said in one breath is the part itself
        and _ZH_OWNER_OF.fullmatch(text, first[1], second[0])
        and second[2].casefold() not in _ZH_BELONGINGS
    }
    return [p for p in named if id(p) not in owners]


# The thing said to fail, right before the fault: "their crm sync is | failing", "the wifi in
# the science block | is down", "3 of the herd collars | not reporting".
_THING = (
    r"(?:(?:a\s+)?batch\s+of\s+|(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+|some|"
    r"several|a\s+few)\s+)?(?:(?:old|new|existing|same)\s+)?"
    r"(?P<np>[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z][A-Za-z0-9-]*){0,3}?)"
    r"(?:\s+(?:in|on|at|for|from)\s+(?:the\s+|their\s+)?[A-Za-z0-9-]+(?:\s+[A-Za-z0-9-]+){0,2}?)?"
    r"\s+(?:(?:is|are|was|were|has|have|had|been|keeps?|kept|still|again|now|all|just|"
    r"constantly)\s+)*$"
)
_FAILING_THING = re.compile(
    r"\b(?:the|their|its|our|his|her|all\s+the|all\s+their)\s+" + _THING, re.IGNORECASE
)
# "Nurse call panel in ward B is faulty", after a customer named first: no determiner
_BARE_FAILING_THING = re.compile(r"(?:^|[,:;.]|\s[-–—])\s*" + _THING, re.IGNORECASE)
_NOT_A_THING = re.compile(
    r"\b(?:i|we|they|he|she|it|its|it's|that|this|there|um|uh|so|and|but|called|rang|phoned|"
    r"emailed|says|said|saying|one|ones|some|all|everything|something|someone)\b",
    re.IGNORECASE,
)


def _ends_in_head(phrase: str) -> bool:
    """The phrase ends in a product noun, one word or two ("battery pack")."""
    return any(m.end() == len(phrase) for m in _HEAD_WORD.finditer(phrase))


def _failing_thing(
    text: str, start: int, fault: int, entities: _Entities
) -> tuple[int, int, str] | None:
    """The noun phrase a fault is said of (English), when no product word names it."""
    named = [m.end for m in entities.customers if start <= m.start < fault]
    floor = max([start, *named])
    match = _FAILING_THING.search(text, floor, fault) or _BARE_FAILING_THING.search(
        text, floor, fault
    )
    if (
        match is None
        or _NOT_A_THING.search(match["np"])
        or match["np"].casefold() in _GENERIC_PRODUCTS  # "the system is down again"
        # "the logger alerts are spamming", "the pick list printing": no product's head
        or (
            match["np"].split()[-1].casefold() in _NOT_A_PRODUCT
            and not _ends_in_head(match["np"])  # "the power pack" is no welcome pack
        )
        or match["np"].casefold().endswith("ing")
    ):
        return None
    return match.start("np"), match.end("np"), match["np"]


def _contact(clause: _Clause, entities: _Entities, intent: str) -> slot_finders.Found | None:
    """Who the clause is about: someone named before a role ("IT manager Grace"), and not
    someone said to be away ("林主任不在跟小刘聊了", "Priya out sick, saw Tom")."""
    present = [
        c
        for c in entities.contacts
        if clause.start <= c.start < clause.end and not _ABSENT.match(entities.text, c.end)
    ]
    named = [c for c in present if c.kind == "name"]
    # a new customer's contact is the one introduced as such ("…介绍了…联系人是蒋总")
    labelled = [
        c
        for c in present
        if intent == "create_customer" and slot_finders.labelled_contact(entities.text, c)
    ]
    return next(iter(labelled or named or present), None)


def _customer_slot(mention: CustomerMention) -> dict[str, Any]:
    best = mention.best
    close = [c for c in mention.candidates if best.score - c.score <= AMBIGUITY_MARGIN]
    candidates = [{"id": c.id, "name": c.name, "score": c.score} for c in close]
    if len(close) > 1:
        return {"customer": {"text": mention.text}, "customer_candidates": candidates}
    return {
        "customer": {"text": mention.text, "id": best.id, "name": best.name, "score": best.score},
        "customer_candidates": candidates,
    }


def _for_crm(mention: TimeMention, now: datetime) -> TimeMention:
    """The grammar follows Duckling (it is scored on Duckling's corpora); CRM records follow
    office conventions: mornings from 8, afternoons to 18, evenings to 22; 月底 / end of the
    month is its last day and 月初 its first; "before Friday" is due on Friday; a bare weekday
    in a report of what happened ("周五去了…") is the last one, not the next."""
    value, end, grain, text = mention.value, mention.end, mention.grain, mention.text.casefold()
    if grain in ("hour", "minute") and _LUNCH.search(text) and _DATED.search(text):
        day = value.replace(hour=0, minute=0, second=0, microsecond=0)
        return replace(mention, value=day, end=None, grain="day")
    if end is not None and grain == "hour" and _WEEKEND.search(text) and value.weekday() == 4:
        # A weekend is Saturday and Sunday in a diary, not Friday evening to Monday.
        saturday = (value + timedelta(days=1)).replace(hour=0)
        return replace(mention, value=saturday, end=end.replace(hour=0), grain="day")
    if end is not None and grain == "hour" and end - value <= timedelta(hours=24):
        if value.hour in (0, 4) and end.hour == 12:
            value = value.replace(hour=8)
        elif value.hour == 12 and end.hour == 19:
            end = end.replace(hour=18)
        elif value.hour == 18 and end.hour == 0 and end.date() > value.date():
            end = value.replace(hour=22)
        return replace(mention, value=value, end=end)
    if end is not None and _END_OF_WEEK.search(text):
        # The end of a working week is its Friday.
        friday = end - timedelta(days=1)
        while friday.weekday() != 4:
            friday -= timedelta(days=1)
        return replace(
            mention, value=friday.replace(hour=0, minute=0, second=0), end=None, grain="day"
        )
    if end is not None and _MONTH_END.search(text):
        return replace(mention, value=end - timedelta(days=1), end=None, grain="day")
    if end is not None and _MONTH_START.search(text):
        return replace(mention, end=None, grain="day")
    if end is not None and abs(value - now) < timedelta(seconds=1):
        return _deadline(mention, end, now)
    return mention


def _deadline(mention: TimeMention, end: datetime, now: datetime) -> TimeMention:
    """What is due by a time ("by Friday", "before 5"): its day, its hour, or the part of the
    day named ("by tomorrow evening")."""
    within = _by_part_of_day(mention, end, now)
    if within is not None:
        return within
    if end.time() != datetime.min.time():
        return replace(mention, value=end, end=None, grain="minute" if end.minute else "hour")
    return replace(mention, value=_due_day(mention.text, end), end=None, grain="day")


# A part of a month said as a span of days: 中旬, 月中.
_MONTH_SPAN = re.compile(r"[上中下]旬|月中")
# "三天内", "两周之内", "within 3 days": so many days from today, the last one included.
_WITHIN = re.compile(r"[天日周星期礼拜月年]\s*(?:之|以)?内|\bwithin\b", re.IGNORECASE)


def _due_day(said: str, end: datetime) -> datetime:
    """The day something due before the midnight `end` is due: that midnight's day itself when
    so many days are counted (三天内 said on Monday is Thursday), the day before a holiday
    (国庆前 is 30 September), the Friday before a weekend (周末前), else the last day."""
    if _WITHIN.search(said):
        return end
    if _WEEKEND.search(said) and end.weekday() == 0:
        return end - timedelta(days=3)
    return end - timedelta(days=2 if _HOLIDAY.search(said.casefold()) else 1)


_PART_OF_DAY = re.compile(r"\b(morning|afternoon|arvo|evening|tonight|am|pm)\b")
_PART_HOURS = {
    "am": (8, 12),  # "by Mon am"
    "pm": (12, 18),
    "morning": (8, 12),
    "afternoon": (12, 18),
    "arvo": (12, 18),
    "evening": (18, 22),
    "tonight": (18, 22),
}


def _by_part_of_day(mention: TimeMention, end: datetime, now: datetime) -> TimeMention | None:
    """ "by tomorrow evening": due within that part of the day, not just on the day."""
    part = _PART_OF_DAY.search(mention.text.casefold())
    if part is None:
        return None
    first, last = _PART_HOURS[part.group(1)]
    # the interval ends at midnight, noon or six
    day = (end - timedelta(seconds=1)).replace(minute=0, second=0, microsecond=0)
    if day.replace(hour=last) <= now:
        return None
    return replace(mention, value=day.replace(hour=first), end=day.replace(hour=last), grain="hour")


def _in_the_past(mention: TimeMention, now: datetime) -> TimeMention:
    """A bare weekday that resolved forward, said about something already done; a bare time of
    day gone by ("中午和院长吃了顿饭" at two) is today's."""
    days = 0
    if (
        _BARE_WEEKDAY.fullmatch(mention.text.strip())
        or _ZH_WEEKDAY_PART.fullmatch(mention.text.strip())
        or mention.text.strip() == "周末"
    ) and mention.value.date() > now.date():
        days = 7  # "周末去了趟科达" on a Monday: the weekend gone
    elif (
        mention.text[:1].strip() != ""
        and is_cjk(mention.text[0])
        and mention.grain in ("hour", "minute")
        and not _DATED.search(mention.text)
        and mention.value.date() == now.date() + timedelta(days=1)
    ):
        days = 1
    if not days:
        return mention
    return replace(
        mention,
        value=mention.value - timedelta(days=days),
        end=mention.end - timedelta(days=days) if mention.end else None,
    )


# "周一上午拜访了…", "周五晚上跟…吃了饭": a bare weekday with its part of the day.
_ZH_WEEKDAY_PART = re.compile(
    r"(?:周|星期|礼拜)[一二三四五六日天]\s*(?:的)?(?:[上中下]午|早上|晚上|傍晚|一早|夜里)"
)


# A question in the past tense asks about a time gone: "what did Northwind order in May?".
_ASKED_ABOUT_THE_PAST = re.compile(
    r"\b(?:did|didn't|was|were|went|had|lost|stopped|quoted|ordered|bought|spent|sold|kept|"
    r"signed|closed|won|churned|left|dropped|paid|invoiced|shipped|delivered)\b",
    re.IGNORECASE,
)
_NAMED_MONTH = re.compile(
    r"^(?:(?:in|during|for|of|back in)\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|"
    r"dec)[a-z]*\.?$",
    re.IGNORECASE,
)


def _month_gone(mention: TimeMention, now: datetime) -> TimeMention:
    """A named month that resolved forward, asked about in the past tense: the last one."""
    if mention.grain != "month" or not _NAMED_MONTH.match(mention.text.strip()):
        return mention
    value, end = mention.value, mention.end
    while value.date() > now.date():
        value = value.replace(year=value.year - 1)
        end = end.replace(year=end.year - 1) if end is not None else None
    return replace(mention, value=value, end=end)


def _when_slot(mention: TimeMention) -> dict[str, Any]:
    if mention.end is not None:
        return {
            "text": mention.text,
            "start": _iso(mention.value, mention.grain),
            "end": _iso(mention.end, mention.grain),
            "grain": mention.grain,
        }
    return {
        "text": mention.text,
        "value": _iso(mention.value, mention.grain),
        "grain": mention.grain,
    }


def _iso(moment: datetime, grain: str) -> str:
    if grain in ("year", "quarter", "month", "week", "day"):
        return moment.date().isoformat()
    return moment.isoformat()


def _amount_slot(mention: MoneyMention) -> dict[str, Any]:
    slot: dict[str, Any] = {"text": mention.text, "currency": mention.currency}
    if mention.value is not None:
        slot["value"] = _number(mention.value)
    if mention.minimum is not None:
        slot["min"] = _number(mention.minimum)
    if mention.maximum is not None:
        slot["max"] = _number(mention.maximum)
    if mention.approximate:
        slot["approximate"] = True
    return slot


def _number(value: Any) -> int | float:
    as_float = float(value)
    return int(as_float) if as_float.is_integer() else as_float


def _names_within(words: str, name: str) -> bool:
    """The contact's words inside a new customer's name: the name ran on into them."""
    if not words.isascii():
        return words in name
    return re.search(rf"(?<!\w){re.escape(words)}(?!\w)", name, re.IGNORECASE) is not None


def _new_customer_name(segment: str) -> str | None:
    # "add X as a new customer, contact Y": the name is what is added, not what follows
    match = _ADD_AS_CUSTOMER.search(segment) or _CREATE_NAME.search(segment)
    if match is None:
        return None
    name = (match.group("zh") or match.group("zh_en") or match.group("en") or "").strip(" :：'\"“”")
    name = _NAME_LEAD.sub("", name)
    name = re.split(r"\s+[-–—]\s+", name, maxsplit=1)[0].strip(" :：'\"“”")
    name = _NAME_TAIL_ZH.split(name, maxsplit=1)[0].strip()
    name = _NAME_TAIL_EN.sub("", name)
    if name and all(word in _REQUEST_WORDS for word in name.casefold().split()):
        return None  # "New account, pls add them": the request, no name
    return name or None


# Words of a request to add the customer already named, never a name: "pls add them".
_REQUEST_WORDS = frozenset(
    "pls please plz can you could add them him her it this that one too as well thanks thx "
    "to the system crm".split()
)


def _summary(segment: str) -> str:
    without_fillers = _FILLERS.sub("", segment)
    return re.sub(r"\s+", " ", without_fillers).strip(" ,，。.;；")

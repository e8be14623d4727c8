"""Cutting a message into clauses where the trigger phrases of different intents meet: reports
and plans, news and what was asked, listed stops, run-ons dictated without full stops."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from nlu import slots as slot_finders
from nlu.agenda_en import agenda_hits
from nlu.asks import loyalty_told
from nlu.deals_en import confirmed_order_hits, won_deal_hits
from nlu.deliveries_en import delivery_hits
from nlu.diary_en import diary_hits
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
from nlu.intents import TriggerHit, trigger_hits
from nlu.own_plans_en import own_step_hits
from nlu.parsing.entities import BARE_WEEKDAY, DATED
from nlu.parsing.frames import Clause, Entities
from nlu.parsing.products import (
    RETURN_PHRASE,
    ZH_PRODUCT_HEADS,
    call_named_back,
    drop_asked_for_event,
    known_faults_dropped,
    no_plan_in_compounds,
    return_visits,
    still_there,
    ticket_or_repair_asked,
)
from nlu.parsing.reading import latin_text
from nlu.parsing.slot_values import in_future, not_over
from nlu.parsing.when import NOT_COMMITMENT_BEFORE, THEIRS_BEFORE, UNTIL
from nlu.regex_scout import scouted
from nlu.text import is_cjk
from nlu.their_plans_en import their_own_event, their_wish_for_the_goods
from nlu.told_with_it_en import labels_a_detail
from nlu.trade_talk_zh import asked_how_kept, trade_talk_hits_zh
from nlu.types import TimeMention

# Something of ours to do, said before a time: "visit the estate in June", "send the quote".
EN_OWN_STEP_WORDS = re.compile(
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

# Deal words that say a deal was won or lost, with or without its amount; the others (合同,
# 订单, 续约, contract) need an amount to record a deal.
DEAL_DONE = frozenset(
    {"签了", "签约", "成交", "中标", "我们中了", "拿下", "赢单", "丢单", "签单", "signed",
     "closed the deal", "closed a deal", "deal closed", "won the", "lost the deal",
     "renewal signed", "booked a deal", "deal worth", "closed the", "signed the", "signed for",
     "won ", "awarded us", "awarded the", "po received", "got the po", "deal done",
     "order confirmed", "confirmed the order", "order is confirmed", "placed the order",
     "placed an order",
     "续约了", "续签了", "续费了", "签约了", "拿下来了", "inked", "po came in",
     "po下来了", "po到了", "收到po", "收到了po", "po收到了", "renewal locked", "po in",
     "deal locked", "locked in the", "locked it in", "renewed", "order received"}
)  # fmt: skip


# A deal lost or fallen through is news to log, not a deal to record: "丢单了，被竞争对手抢了",
# "选了别家", "lost Ashford to a competitor", "they went with someone else", "fell through".
_LOST_DEAL = scouted(
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


_STRONG_BREAK = re.compile(r"[。！？!?；;\n]+")


# An English full stop ends a sentence; not after a title, an initial or "approx." nor inside a
# number ("1.5", "S$1.2M").
_FULL_STOP = scouted(r"(?<=[A-Za-z0-9)%\]])\.(?=\s+\S)")


# (a title after a Chinese character is one too: "Tanjong的Mr. Lim", where \b sees no edge)
_NOT_SENTENCE_END = re.compile(
    r"(?:(?<![A-Za-z0-9_])(?:mr|mrs|ms|dr|st|co|no|vs|approx|ca|etc|jr|sr|inc|ltd|corp|prof|mt|ft|"
    r"e\.g|i\.e|dept|tel|ext|eng|engr)|(?<![A-Za-z0-9_])[A-Za-z])$",
    re.IGNORECASE,
)


_CONNECTIVE = scouted(
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


# Follow-up commands whose whole sentence is the thing to do, whatever words it contains.
_REMINDER_COMMANDS = frozenset({"提醒我", "remind me", "book a", "schedule a", "set up a meeting"})


# How the rep and the customer talked: a call, a message, a visit.
INTERACTION = re.compile(
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


_REPORTED = scouted(
    r"(?:说|反馈|讲|称)(?:了)?|\b(?:says|said|saying)\b(?:\s+that)?\s*"
    # "olivia called first thing | the pumping station sensors have been offline"
    r"|\b(?:called|rang|phoned|emailed|texted|messaged)\b"
    r"(?:\s+(?:first thing|this morning|this afternoon|this evening|tonight|last night|yesterday|"
    r"earlier|just now|again|(?:on\s+|last\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day))?\s*"
)


# How a report arrived, not what it says: "又打电话来说", "微信上说", "called to say".
_FRAMING = re.compile(
    r"嗯|呃|那个|就是|喂|又|刚|刚才|一早|今天|晚上|上午|下午|那边|这边|的|了|就|打电话|打了电话|来电话|打来电话|来电|电话|"
    r"微信|短信|消息|发来|过来|来|说|反馈|讲|值班|然后|他们|她们|对方|"
    r"\b(?:um|uh|so|just|called|rang|phoned|emailed|texted|messaged|to|say|said|says|that|"
    r"their|they|from|the|at)\b",
    re.IGNORECASE,
)


# "demo booked for the 14th": something booked, not a question about what is booked.
SCHEDULED = re.compile(
    r"\b(?:demo|call|meeting|mtg|visit|training|session|lunch|dinner|kickoff|kick-off|review|"
    r"install|installation|delivery|engineer|tech|technician|survey|walkthrough|workshop|"
    r"appointment|appt|fitter|installer)\s+$",
    re.IGNORECASE,
)


# Asking for someone to come and look at a fault.
SERVICE_REQUEST = re.compile(
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
    # "…, site visit after Friday prayer" ("engineer to visit Fri" is our plan, as train has it)
    r"\bsite\s+visit\b(?!\s+(?:to|with|at)\b)|"
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


_US_AFTER = re.compile(r"[^，,。；;]{0,4}?(?:我|咱)")


# The end of a call or message before what was said on it, without a 说.
_THEN_EN = re.compile(
    r"\s*(?:(?:and|&)\s+)?(?:(?:uh+|um+)\s+)*(?:then|after\s+that|afterwards)\b", re.IGNORECASE
)


_THEN_BEFORE_EN = re.compile(r"\b(?:then|after\s+that|afterwards)[\s,]*$", re.IGNORECASE)


def then_en(text: str, start: int) -> bool:
    """The clause at `start` is brought in by "then", kept in it or cut off as a connective."""
    return bool(
        _THEN_EN.match(text, start) or _THEN_BEFORE_EN.search(text, max(0, start - 16), start)
    )


_CALL_ENDS = scouted(
    r"(?:通了|通完|打了|打完)电话|接到[^，,。；;]{0,12}?电话|来电|发了?微信|发了?短信"
    # "郑总打电话 | 车载终端有三台开不了机": the customer rang; not "我打电话给…", "要打个电话"
    r"|(?<![我给要去再])打(?:了个?|个)?电话(?:过来|来)?(?![给问])"
)


# 过 after a verb is done (去过); 过 before a span is time still to pass (过几天, 过一阵子);
# "八点到的青禾": the 是…的 of what was done, not "去的时候".
PAST_ZH = re.compile(
    r"了|过(?![几两俩一二三四五六七八九十些段]{1,2}(?:个)?(?:天|周|阵|时间|日子|礼拜|星期|会|月))"
    r"|刚|已经|昨|前天|上周|上个|上次|[到去来见]的(?!时候|话|客户)"
)


# English: a future time after something to do ("send the invoice Monday", "a meeting next
# Tuesday at two", "wants a quote by Friday") is a follow-up; one that dates something else
# ("frozen till Q2", "the tender closes on the 30th") is not.
_DEADLINE_WORD = re.compile(r"(?:by|before|no later than)\b", re.IGNORECASE)


_REQUEST_BEFORE = scouted(
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
_DONE_AFTER_EN = scouted(
    r"\s*,?\s*(?:i|we|they|he|she)?\s*(?:met|visited|had|went|saw|called|rang|spoke|did|was|"
    r"were|signed|dropped)\b",
    re.IGNORECASE,
)


# "she wants the training day moved to the 9th", "they'd like the demo pushed back to Friday":
# a meeting or visit of ours they ask to move is one to book on the new day.
WANTED_MOVED = re.compile(
    r"\b(?:wants?|needs?|would\s+like|'d\s+like|asked\s+(?:for|to\s+have))\s+(?:the|our|that)\s+"
    r"(?:[a-z]+\s+){0,3}?(?:moved|pushed(?:\s+back)?|put\s+back|brought\s+forward|rescheduled|"
    r"postponed|shifted)\s+(?:to|till|until)\s+(?:on\s+|the\s+)?$",
    re.IGNORECASE,
)


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


THEIR_REQUEST_IN = re.compile(
    r"(?<=\s)(?:he|she|they)\s+(?:wants?|needs?|asked|asks|would like)\b", re.IGNORECASE
)


# Something happened or was said: a verb of news in the words before a request.
NEWS = re.compile(
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


_EN_TURN = re.compile(
    r"\b(?:and|so|but)\s+(?:(?:uh+|um+|also|then)\s+)*(?P<who>(?:she|he|they|we|i)\b"
    # "… and uh the store manager wants training on thursday", "… and imran wants a call"
    # "… and uh kb trading need a call back monday": a plural or company subject
    r"|(?:(?:the|their|his|her|our)\s+)?(?:[a-z]+\s+)?[a-z]+\s+(?=(?:wants?|needs?|asked|would\s+like)\b))",
    re.IGNORECASE,
)


# A question that asks for someone to come and see to a thing is a service request, whoever
# types it: "can u guys send someone to check the loggers?", "could you have a look at it?".
SERVICE_ASKED = re.compile(
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
    text: str, entities: Entities, hits: list[TriggerHit]
) -> list[TriggerHit]:
    """ "Marcus (Blue Harbour): printers jamming again, pls help": beside a customer, help is
    asked of us for the fault, not of the assistant for its instructions; and a question asking
    someone to come and see to a thing is a ticket's request."""
    if not entities.customers or not latin_text(text):
        return hits
    hits = [h for h in hits if not (h.intent == "help" and h.phrase == "help")]
    return sorted(hits + _service_asked(text, hits), key=lambda hit: hit.start)


def _service_asked(text: str, hits: list[TriggerHit]) -> list[TriggerHit]:
    """The customer's question asking for someone to come and see to a thing is their ticket
    ("Raj (LCL): can u guys send someone to check the temp loggers?"), unless a fault said in
    the same sentence already is."""
    found = []
    for match in SERVICE_ASKED.finditer(text):
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


_Decision = tuple[Clause, str, float]


def joined_forward(
    decided: list[_Decision], join: Callable[[int, _Decision, _Decision], Clause | None]
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


# "他们又下了十台输液泵的单", "下了个五十万的单": an order placed, its goods said inside.
_PLACED_ORDER = re.compile(r"下了[^，,。；;！!？?]{0,14}?的?单(?![位元价据])")


def _placed_orders(text: str, hits: list[TriggerHit]) -> list[TriggerHit]:
    """An order placed with what was ordered said between 下了 and 单 (no trigger spans it)."""
    return [
        TriggerHit("record_deal", found.start(), found.end(), "下单")
        for found in _PLACED_ORDER.finditer(text)
        if not any(h.start < found.end() and found.start() < h.end for h in hits)
    ]


def _colon_report(text: str, entities: Entities, hits: list[TriggerHit]) -> list[TriggerHit]:
    """ "宏图塑胶何总：传感器报价收到了": a person and a colon open what they said, a note to log
    when nothing else in the note says what it is."""
    if hits or entities.tickets or not their_question(text, entities):
        return []
    colon = next(c.end for c in entities.contacts if text[c.end : c.end + 1] in ("：", ":"))
    return [TriggerHit("log_interaction", colon, colon + 1, "report")]


def their_question(text: str, entities: Entities) -> bool:
    """ "宏图塑胶何总：机械手单价能不能再降5%？": the question is the customer's, reported after
    their name and a colon; the note logs it, it asks the assistant nothing."""
    return any(
        text[contact.end : contact.end + 1] in ("：", ":") and is_cjk(text[contact.end - 1])
        for contact in entities.contacts
    )


def only_framing(text: str, clause: Clause, entities: Entities, *, slack: int = 3) -> bool:
    spans = [(m.start, m.end) for m in entities.customers]
    spans += [(c.start, c.end) for c in entities.contacts]
    spans += [(t.start_char, t.end_char) for t in entities.times]
    kept = "".join(
        char
        for position, char in enumerate(text[clause.start : clause.end], start=clause.start)
        if not any(start <= position < end for start, end in spans)
    )
    return len(_FRAMING.sub("", kept).strip(" ,，。:：-")) <= slack


# "the farm manager wants a site visit on wednesday", "they want me on site monday": the visit
# or meeting named is the one they want, still to come.
WANTED = re.compile(
    r"\b(?:wants?|wanted|asked\s+for|asking\s+for|would\s+like|'d\s+like|needs?)\s+"
    r"(?:(?:me|us|someone|somebody|you|(?:an?|the|our|your)\s+(?:engineers?|techs?|technicians?|"
    r"team|installers?|guys?))\s+)?(?:(?:a|an|another|the)\s+)?"
    r"(?:(?:quick|proper|follow[ -]?up|review|second|joint)\s+)?$",
    re.IGNORECASE,
)


def _reaches_into_a_detail(hit: TriggerHit, details: list[tuple[int, int]]) -> bool:
    """ "…, email bob@acme.com", "mobile +65 9123 4567": a contact word that reaches into an
    address or number given is its label (a slot), not a verb ("email bob" is no plan)."""
    return any(hit.start < start < hit.end for start, _ in details)


def cut_into_clauses(text: str, entities: Entities, now: datetime) -> list[Clause]:
    """Cut the message where actions change: strong punctuation and connectives always; commas
    and time expressions only where the triggers on both sides belong to different intents."""
    pieces = _split(text, _past_name_headers(text, strong_breaks(text), entities))
    pieces = [p for piece in pieces for p in _split_connectives(text, piece, entities)]
    contact_details = [(f.start, f.end) for f in (*entities.phones, *entities.emails)]
    # "电话 138..." and "email: x@y" label contact details; they are not a call or a message.
    hits = [
        hit
        for hit in trigger_hits(text)
        if not any(
            0 <= start - hit.end <= 3 or labels_a_detail(text, hit.end, start)
            for start, _ in contact_details
        )
        # "温湿度记录仪": a look-up word inside a product's name asks for nothing
        and not (
            hit.intent == "query_customer"
            and any(start <= hit.start and hit.end < end for start, end, _ in entities.products)
        )
    ]
    hits = [
        replace(hit, intent="schedule_followup")
        if hit.intent == "list_agenda" and SCHEDULED.search(text, 0, hit.start)
        # "回访了一下院长", "跟进过了": a follow-up done is an interaction to log
        else replace(hit, intent="log_interaction")
        if hit.phrase in _FOLLOW_UP_DEEDS and _DONE_MARK.match(text, hit.end)
        else hit
        for hit in hits
    ]
    if latin_text(text) and any(h.intent == "loyalty_summary" for h in hits):
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
        latin_text(text)
        and any(h.intent == "log_interaction" for h in hits)
        and not ticket_or_repair_asked(text, entities.times)
    ):
        # "video call with the estate manager, two kits still faulty": a fault already known,
        # news of the call rather than a new ticket (unless parts or a fix are now on the way)
        hits = [h for h in hits if not (h.intent == "open_ticket" and still_there(text, h))]
    if latin_text(text):
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
    hits = hits_settled_zh(text, no_plan_in_compounds(text, drop_asked_for_event(text, hits)))
    hits = sorted(
        _no_new_repair(text, entities, hits) + call_named_back(text, hits),
        key=lambda hit: hit.start,
    )
    hits = asked_how_kept(text, no_fault_in_business_talk(text, return_visits(text, hits)))
    faults = [
        *known_faults_dropped(text, hits, fault_hits(text, hits), entities.times),
        *fault_hits_zh(text, hits),
    ]
    # "the loggers haven't called home": the call is the fault's; nobody called
    hits = [h for h in hits if not any(f.start <= h.start < f.end for f in faults)]
    hits = _one_visit_per_fault(
        sorted(
            hits
            + _dates_not_ours(text, entities, now, _commitments(text, entities, now, hits))
            + _went_to(text, entities, hits)
            + (_at_the_customer(text, entities, hits) if latin_text(text) else [])
            + _typed_visits(text, entities, hits)
            + _news_before_plan(text, hits)
            + _done_meetings(text, entities, hits)
            + _to_do_with(text, entities, hits)
            + _colon_report(text, entities, hits)
            + _call_back(text, hits)
            + (own_step_hits(text, hits + faults) if latin_text(text) else [])
            + _placed_orders(text, hits)
            + won_deal_hits(
                text,
                [(m.start, m.end) for m in entities.customers],
                [(m.start, m.end) for m in entities.money],
                hits,
            )
            + (
                confirmed_order_hits(text, [(m.start, m.end) for m in entities.money], hits)
                if latin_text(text)
                else []
            )
            + errand_hits(text, hits)
            + (errand_hits_zh(text, hits, entities.times, now) if not latin_text(text) else [])
            + (trade_talk_hits_zh(text, hits) if not latin_text(text) else [])
            + moved_plan_hits(text, hits, entities.times)
            + asked_how_hits(text)
            + (agenda_hits(text, hits) if latin_text(text) else [])
            + (
                delivery_hits(text, [(m.start, m.end) for m in entities.customers], hits)
                if latin_text(text)
                else []
            )
            + (
                diary_hits(text, [(t.start_char, t.end_char) for t in entities.times], hits)
                if latin_text(text)
                else []
            )
            + ticket_asked_hits(text)
            + faults,
            key=lambda hit: hit.start,
        )
    )
    clauses: list[Clause] = []
    for start, end in pieces:
        clause_hits = [
            h
            for h in hits
            if start <= h.start < end and not _reaches_into_a_detail(h, contact_details)
        ]
        # "it's about forty grand": a sum guessed at is no price agreed
        priced = any(
            m.start < end and start < m.end and not (m.approximate and latin_text(text))
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
            # "恁给开个单子": the ticket asked for, no deal
            and not (
                h.phrase == "单子"
                and any(
                    o.intent == "open_ticket" and o.start <= h.start and h.end <= o.end
                    for o in clause_hits
                )
            )
            # "chase them about the signed contract", "send the signed order form": a document
            and not (h.phrase.startswith("signed") and _DOCUMENT_SIGNED.search(text, 0, h.start))
        ]
        clause_hits = _lost_or_negated_deals(text, start, end, clause_hits)
        # "合同今天签了": a deal word beside one that says it is done is that deal
        done = any(
            h.intent == "record_deal"
            and (h.phrase in DEAL_DONE or _CAME_THROUGH.match(text, h.end) is not None)
            for h in clause_hits
        )
        clause_hits = [
            replace(h, intent="log_interaction")
            if h.intent == "record_deal"
            and not done
            and h.phrase not in DEAL_DONE
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
    merged: list[Clause] = []
    for clause in clauses:
        if not text[clause.start : clause.end].strip():
            continue
        news = _news_of_its_own(text, clause, merged, entities) if merged else None
        if news is not None:
            clause.hits.append(news)
        if merged and not clause.hits and not has_own_entities(clause, entities):
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
    return _said_before_more(text, merged, entities) or [Clause(0, len(text))]


_THE_REPAIR = re.compile(r"\b(?:on|after|with|for|of)\s+(?:the|that|this|their)\s+$", re.IGNORECASE)


def _no_new_repair(text: str, entities: Entities, hits: list[TriggerHit]) -> list[TriggerHit]:
    """ "t3390 can be closed now customer signed off on the repair": beside a ticket, "the
    repair" is that ticket's, no new fault."""
    if not entities.tickets:
        return hits
    return [h for h in hits if not (h.phrase == "repair" and _THE_REPAIR.search(text, 0, h.start))]


def _dates_not_ours(
    text: str, entities: Entities, now: datetime, hits: list[TriggerHit]
) -> list[TriggerHit]:
    """English: a time found to date something to do is the customer's own when their words
    around it say so ("they've got a board meeting at noon", "want delivery by the end of
    june"); it stays news of the clause it is in rather than a follow-up."""
    if not latin_text(text):
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
    if not latin_text(text):
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
        and not (
            h.intent == "list_agenda"
            and h.phrase.strip() == "schedule for"
            and _WORK_SCHEDULE.search(text, max(0, h.start - 40), h.start)
        )
    ]


# "asking for the maintenance schedule for next year": a plan of works, a document, no agenda.
_WORK_SCHEDULE = re.compile(
    r"\b(?:maintenance|delivery|deliveries|service|servicing|production|payment|training|"
    r"installation|install|project|rollout|roll-out|shipping|shipment|cleaning|inspection|"
    r"calibration|implementation|dispatch|works?|ppm|pm)\s+$",
    re.IGNORECASE,
)


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
    if mention.grain not in ("hour", "minute") and not BARE_WEEKDAY.fullmatch(mention.text.strip()):
        return False
    if _DEADLINE_WORD.match(mention.text) or UNTIL.match(mention.text):
        return False
    start = max((m.end() for m in _STRONG_BREAK.finditer(text, 0, mention.start_char)), default=0)
    return _DONE_BEFORE_EN.search(text, start, mention.start_char) is not None


_AGENDA_DOCUMENT = re.compile(
    r"\b(?:wants?|needs?|asked\s+for|send|sending|sent|prepare|prep|draft|circulate|share|email|"
    r"finali[sz]e|set)\s+(?:(?:him|her|them|us)\s+)?(?:the|an|a|our|their|his|her)\s+(?:\w+\s+)?$"
    # "please put it in agenda": an order to schedule what was said, not a look at the agenda
    r"|\b(?:put|add|enter|save|write)\s+(?:(?:it|this|that|them)\s+)?(?:in|into|to|on)\s+"
    r"(?:the\s+|my\s+|our\s+)?$",
    re.IGNORECASE,
)


def _said_before_more(text: str, clauses: list[Clause], entities: Entities) -> list[Clause]:
    """ "港连物流的运营经理说WMS系统上线以后还挺稳的然后续约的事下周一再聊": what a customer's
    contact said, with no trigger of its own, before other actions, is news to log (not
    whatever the words in it resemble)."""
    if len(clauses) < 2 or clauses[0].hits or latin_text(text):
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


def asked_alone(text: str) -> str:
    """The question without its closing mark or a short request to list what it asks."""
    return _ASK_TAIL.sub("", text).rstrip("?？ ")


def strong_breaks(text: str) -> list[tuple[int, int]]:
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
    text: str, breaks: list[tuple[int, int]], entities: Entities
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


def broken_between(text: str, start: int, end: int) -> bool:
    """A sentence ends between the two offsets: read on the whole text, since a full stop is one
    only with words after it ("…telematics pilot. | Follow up next Mon")."""
    return any(start <= b < end for b, _ in strong_breaks(text))


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


NEWS_FROM = frozenset({"record_deal", "open_ticket", "update_ticket"})


def _news_of_its_own(
    text: str, clause: Clause, earlier: list[Clause], entities: Entities
) -> TriggerHit | None:
    """A clause with no trigger after a Chinese deal or ticket, opened by a connective and a
    named contact (or 他们) speaking: news to log, not more of the deal or the fault. After a
    logged visit or call it is what was said there ("去了康宁养老…床垫不充电了然后年底还想再加")."""
    before = earlier[-1]
    # (a ticket moved by its number and status alone has no trigger: "T-2388 已更换备件，恢复正常")
    ticketed = any(before.start <= t.start < before.end for t in entities.tickets)
    if clause.hits or not (
        (before.hits and before.hits[0].intent in NEWS_FROM) or (ticketed and not before.hits)
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


def _split_report(text: str, clause: Clause, entities: Entities) -> list[Clause]:
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
    before = Clause(clause.start, cut)
    report = (
        _REPORT.search(text, clause.start, cut)
        or PAST_ZH.search(text, clause.start, cut)
        or _SUBJECT_AT.match(text, cut)
    )
    if report is None:
        return _split_their_request(text, clause, first.start, entities)
    if _promised_or_asked(text, report, cut):
        return [clause]
    if only_framing(text, before, entities, slack=1):
        return [clause]
    before.hits.append(TriggerHit("log_interaction", report.start(), report.end(), "report"))
    return [before, Clause(cut, clause.end, [h for h in clause.hits if h.start >= cut])]


def _our_first_plan(text: str, clause: Clause) -> tuple[TriggerHit, int | None]:
    """The clause's first plan that is ours, and where the rep takes over to say it: "何总说下个月
    再谈我下个月初给他打个电话" reports their 再谈 (a "再" put off inside their words) and plans
    the call after 我 (Chinese)."""
    first = clause.hits[0]
    if latin_text(text) or not first.phrase.startswith("再"):
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
        return WANTED.search(text, 0, report.start()) is not None
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


def _split_their_wish(text: str, clause: Clause, entities: Entities, now: datetime) -> list[Clause]:
    """A deal or a fault, then "and they want …" with a day still to come: two actions."""
    if not latin_text(text) or not clause.hits:
        return [clause]
    if clause.hits[0].intent not in ("record_deal", "open_ticket"):
        return [clause]
    for wish in _AND_THEY_WANT.finditer(text, clause.start, clause.end):
        if any(h.end > wish.start() for h in clause.hits):
            continue  # a trigger of its own after the wish: the other rules place it
        if not any(
            wish.end() <= t.start_char < clause.end
            and in_future(t, now)
            and not _customers_own_date(text, t, now)
            for t in entities.times
        ):
            continue
        hit = TriggerHit("schedule_followup", wish.start(), wish.end(), "their wish")
        return [
            Clause(clause.start, wish.start(), clause.hits, clause.shared),
            Clause(wish.start(), clause.end, [hit]),
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
    r"contract|deck|offer)|drop|deliver|prepare|arrange|share|organi[sz]e|line\s+up|"
    # "and fix an onsite demo the coming Monday": to fix a meeting is to arrange it
    r"fix\s+(?:up\s+)?(?:an?|the)\s+(?:[\w-]+\s+)?(?:meeting|demo|call|visit|appointment|slot|"
    r"time|date|session|walkthrough))\b",
    re.IGNORECASE,
)


def _split_plans(text: str, clause: Clause, entities: Entities) -> list[Clause]:
    """A follow-up clause holding several plans, each with a time of its own: one clause per
    plan. A plan starts at a join followed by a plan verb, or by its time when the plans name
    different customers."""
    if not latin_text(text) or not clause.hits:
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
        parts.append(Clause(part_start, part_end, hits, clause.shared))
    return parts


def _plan_after(
    text: str,
    before: tuple[int, int],
    start: int,
    stop: int,
    entities: Entities,
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
    text: str, clause: Clause, trigger: int, entities: Entities
) -> list[Clause]:
    """Run-on dictation: "kensington the it director wants to pilot the platform | she wants
    pricing by the twentieth". News, then their request with a deadline: the news is logged
    and the request followed up."""
    requests = list(THEIR_REQUEST_IN.finditer(text, clause.start, trigger))
    if not requests:
        return [clause]
    cut = requests[-1].start()
    before = Clause(clause.start, cut)
    if cut <= clause.start or only_framing(text, before, entities, slack=1):
        return [clause]
    if not NEWS.search(text, clause.start, cut):
        return [clause]
    before.hits.append(TriggerHit("log_interaction", clause.start, cut, "report"))
    return [before, Clause(cut, clause.end, clause.hits)]


def _split_deal_report(text: str, clause: Clause, entities: Entities) -> list[Clause]:
    """A deal heard on a call or in a message ("云帆黄总来电：续约签了", "call with Tom, the
    renewal is signed"): the call is an interaction of its own; a deal someone merely "said"
    was signed is the deal alone."""
    cut = _cut_before(text, clause.start, clause.hits[0], entities)
    if cut <= clause.start:
        return [clause]
    medium = INTERACTION.search(text, clause.start, cut)
    if medium is None:
        return [clause]
    hit = TriggerHit("log_interaction", medium.start(), medium.end(), "report")
    return [Clause(clause.start, cut, [hit]), Clause(cut, clause.end, clause.hits)]


def _commitments(
    text: str, entities: Entities, now: datetime, hits: list[TriggerHit]
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
            and not_over(mention, now)
            and _COMMITMENT_BEFORE.search(before) is not None
            and not SERVICE_REQUEST.match(text, mention.end_char)  # "这周派人去": the ticket's
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
            and not_over(mention, now)
            # "so tanjong called tonight": when the call came in
            and not _DONE_BEFORE_EN.search(text, 0, mention.start_char)
        )
        if not in_future(mention, now) and not running:
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
                    or EN_OWN_STEP_WORDS.search(english_before) is not None
                    or _ERRAND_BEFORE.search(english_before) is not None
                    # "he wants the contract next week": their request, dated, is ours to do
                    or (
                        mention.grain not in ("month", "quarter", "year")
                        and _REQUEST_BEFORE.search(english_before) is not None
                    )
                    or _stop_in_a_plan(text, mention, entities)
                )
                and (
                    not NOT_COMMITMENT_BEFORE.search(english_before)
                    # "they want the site survey moved to thursday week": a visit of ours moved
                    or WANTED_MOVED.search(english_before) is not None
                )
                and not THEIR_FUTURE.search(english_before)
                and not (
                    BARE_WEEKDAY.fullmatch(mention.text.strip())
                    and _DONE_BEFORE_EN.search(english_before)
                )
                and not UNTIL.match(mention.text)
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
            joint = joint or (moved is not None and in_their_words(text, mention))
            # "然后他们下个月要做年中盘点": their own plan, dated, unless it asks us for something
            theirs = THEIRS_BEFORE.search(before) is not None and not _US_AFTER.match(after)
            committed = (
                (promised or joint or bool(_COMMITMENT_AFTER.match(after)))
                and not (theirs and not promised)
                and not _DONE_AFTER.match(after)
                # "让我们明天派人去看看": when the fault is seen to, the ticket's time
                and not _SERVICE_AT.match(text, mention.end_char)
                # "吸嘴老堵不急下周再说": a fault put off, the ticket's time too
                and not _NOT_URGENT_BEFORE.search(before)
                and not _SERVICE_BEFORE.search(before)  # "让售后明天过去"
                and not done_then(text, mention)
                and (
                    promised
                    or joint
                    or _TALK_AGAIN.match(after) is not None
                    or not in_their_words(text, mention)
                )
            )
        if committed:
            found.append(
                TriggerHit("schedule_followup", mention.start_char, mention.end_char, mention.text)
            )
    return found


def _stop_in_a_plan(text: str, mention: TimeMention, entities: Entities) -> bool:
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
THEIR_FUTURE = re.compile(
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
    r"\s*(?:就|要|得|必须|能不能|可不可以|能否|可否|能|尽快|赶紧|马上)?\s*"
    r"(?:派人|派个人|派工程师|安排人|安排工程师|来人|"
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


def done_then(text: str, mention: TimeMention) -> bool:
    """A weekday or a time of day said without its date, followed in the same clause by a
    finished deed ("周五和宋经理通了电话"): a report of when it happened, not a plan."""
    if DATED.search(mention.text) and not BARE_WEEKDAY.fullmatch(mention.text.strip()):
        return False
    done = _DONE_LATER.match(text, mention.end_char)
    if done is None:
        # "周五跟海晟贸易陈经理吃饭他说…": what they said there is a report of that day
        heard = _THEY_SAID_LATER.match(text, mention.end_char)
        bare = mention.text.strip()
        return heard is not None and (
            BARE_WEEKDAY.fullmatch(bare) is not None or _BARE_DAY_PART.fullmatch(bare) is not None
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
_BARE_VISIT = scouted(r"(?<![拜回来走复家专采暗寻探出互造])访(?![问谈客])")


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


def _typed_visits(text: str, entities: Entities, hits: list[TriggerHit]) -> list[TriggerHit]:
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


def _at_the_customer(text: str, entities: Entities, hits: list[TriggerHit]) -> list[TriggerHit]:
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


def _went_to(text: str, entities: Entities, hits: list[TriggerHit]) -> list[TriggerHit]:
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


def _requested_event(text: str, hit: TriggerHit, entities: Entities, now: datetime) -> TriggerHit:
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
            and not broken_between(text, hit.end, mention.start_char)
            and in_future(mention, now)
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
_DONE_MEETING = scouted(
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
    if not latin_text(text):
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
        start = max((b for _, b in strong_breaks(text) if b <= errand.start()), default=0)
        if any(start <= h.start < errand.start() for h in hits):
            continue
        want = _THEIR_WANT.search(text, start, errand.start())
        if want is not None:
            return [TriggerHit("log_interaction", want.start(), want.end(), "news")]
    return []


def _done_meetings(text: str, entities: Entities, hits: list[TriggerHit]) -> list[TriggerHit]:
    """English meetings, calls and visits said without a verb of their own."""
    if not latin_text(text):
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


def _to_do_with(text: str, entities: Entities, hits: list[TriggerHit]) -> list[TriggerHit]:
    """A verb of contact right before a customer's name, after "and": a follow-up trigger."""
    if not latin_text(text):
        return []
    found = []
    for mention in entities.customers:
        todo = _TO_DO_WITH.search(text, max(0, mention.start - 40), mention.start)
        if todo is None or any(h.start <= todo.start("verb") < h.end for h in hits):
            continue
        found.append(TriggerHit("schedule_followup", todo.start("verb"), todo.end("verb"), "to do"))
    return found


def in_their_words(text: str, mention: TimeMention) -> bool:
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


def _split(text: str, breaks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    pieces = []
    position = 0
    for start, end in breaks:
        pieces.append((position, start))
        position = end
    pieces.append((position, len(text)))
    return [(s, e) for s, e in pieces if text[s:e].strip()]


def _split_connectives(
    text: str, piece: tuple[int, int], entities: Entities
) -> list[tuple[int, int]]:
    start, end = piece
    breaks = [
        (m.start(), m.end())
        for m in _CONNECTIVE.finditer(text, start, end)
        if m.start() > start and not _plus_joins_customers(text, m, entities)
    ]
    return [(s, e) for s, e in _split(text[:end], breaks) if s >= start] if breaks else [piece]


def _plus_joins_customers(text: str, match: re.Match[str], entities: Entities) -> bool:
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
    text: str, start: int, end: int, hits: list[TriggerHit], entities: Entities
) -> list[Clause]:
    clauses = [Clause(start, end, [])]
    for hit in hits:
        current = clauses[-1]
        second = _second_plan(text, current, hit, end, entities) or _after_ticket_move(
            text, current, hit, entities
        )
        if second is not None:
            current.end = second
            clauses.append(Clause(second, end, [hit]))
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
                clauses.append(Clause(cut, end, [replace(hit, intent="schedule_followup")]))
                continue
        if family == "schedule_followup" and hit.intent in _PLANNED:
            # "约了马总吃饭顺便聊一下", "周五前把框架合同寄过去": what the plan is about.
            current.hits.append(replace(hit, intent="schedule_followup"))
            continue
        another = _talk_with_another(text, current, hit, entities) if family == "talk" else None
        if another is not None and hit.intent == "log_interaction":
            current.end = another
            clauses.append(Clause(another, end, [hit]))
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
                clauses.append(Clause(cut, end, [hit]))
                continue
        # A new customer's details (contact, phone, industry) all belong to its creation; a
        # visit or call planned after them ("…13967812345，明天下午去拜访") is a follow-up.
        planned = family == "create_customer" and hit.intent == "schedule_followup"
        if (family not in (None, "create_customer") or planned) and family != _family(hit.intent):
            after = current.hits[-1].end if current.hits else None
            cut = _cut_before(text, current.start, hit, entities, after=after)
            if cut > current.start:
                current.end = cut
                clauses.append(Clause(cut, end, [hit]))
                continue
        current.hits.append(hit)
    return clauses


_TALK_LEAD = re.compile(r"(?:跟|和|与|同|去|在|到)\s*$")


def _talk_with_another(
    text: str, current: Clause, hit: TriggerHit, entities: Entities
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


def _next_stop(current: Clause, hit: TriggerHit, entities: Entities) -> bool:
    """The visit word goes with a customer other than the one the clause is already about."""
    visited = next(
        (m for m in entities.customers if hit.end <= m.start <= hit.end + 2),
        None,
    )
    if visited is None:
        return False
    earlier = [m for m in entities.customers if current.start <= m.start < hit.start]
    return bool(earlier) and all(m.best.id != visited.best.id for m in earlier)


def one_talk_per_person(
    decided: list[tuple[Clause, str, float]], entities: Entities
) -> list[tuple[Clause, str, float]]:
    """ "见了云帆黄总和鼎胜物流的运营经理", "met Grace at Orchard Hotels and Raj at LCL": two
    people of two customers met in one breath are two talks, one per person."""
    result: list[tuple[Clause, str, float]] = []
    for clause, intent, confidence in decided:
        cut = _second_persons_customer(clause, entities) if intent == "log_interaction" else None
        if cut is None:
            result.append((clause, intent, confidence))
            continue
        result.append((replace(clause, end=cut), intent, confidence))
        result.append((Clause(cut, clause.end, []), intent, confidence))
    return result


def _second_persons_customer(clause: Clause, entities: Entities) -> int | None:
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


def _next_person_elsewhere(current: Clause, hit: TriggerHit, entities: Entities) -> bool:
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
    text: str, current: Clause, hit: TriggerHit, end: int, entities: Entities
) -> int | None:
    """Where a second plan starts in a run-on follow-up: both plans carry a time of their own,
    or the second names a customer of its own."""
    if not latin_text(text) or hit.intent != "schedule_followup":
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
    text: str, current: Clause, hit: TriggerHit, entities: Entities
) -> int | None:
    """ "ticket thirty three forty can be closed | and uh olivia wants the annual review on the
    twelfth at ten": a ticket moved, then a plan of someone's, are two actions."""
    if not latin_text(text) or hit.intent != "schedule_followup" or current.hits:
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
        if hit.phrase != RETURN_PHRASE:
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
    return cut if hit.phrase == RETURN_PHRASE or PLAN_LEAD.match(text, cut) else None


def _ordered_move(text: str, start: int, end: int) -> bool:
    """A status commanded right before the ticket: "close ticket 1150", "reopen T-2201"."""
    status = slot_finders.find_status(text[start:end])
    return status is not None and end - (start + status.end) <= _MOVE_REACH


_MOVE_REACH = 12


PLAN_LEAD = re.compile(
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
    text: str, floor: int, hit: TriggerHit, entities: Entities, *, after: int | None = None
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


def _time_before_subject(text: str, floor: int, subject: int, entities: Entities) -> int:
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
    if hit.intent in ("log_interaction", "record_deal") and latin_text(text):
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
    if latin_text(text):
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
    rf"(?P<subject>[\u4e00-\u9fffA-Za-z]{{0,6}}?(?:{ZH_PRODUCT_HEADS}))[^，,。；;]{{0,8}}$"
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


def has_own_entities(clause: Clause, entities: Entities) -> bool:
    spans = [(m.start, m.end) for m in entities.customers] + [
        (t.start, t.end) for t in entities.tickets
    ]
    return any(clause.start <= s < clause.end for s, _ in spans)


def customers_in(clause: Clause, entities: Entities) -> list[tuple[int, int]]:
    """Where the clause names customers, relative to its start: the classifier masks them."""
    return [
        (m.start - clause.start, m.end - clause.start)
        for m in entities.customers
        if clause.start <= m.start and m.end <= clause.end
    ]

"""Which of a message's times belongs to an action: the one in its clause, one said before it,
a day named earlier with a clock now, a corrected day or clock ("no wait, Thursday")."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta

from nlu.dated_things_en import names_a_thing
from nlu.moved_plans_en import moved_to
from nlu.parsing.entities import DATED
from nlu.parsing.frames import Clause, Entities
from nlu.parsing.reading import latin_text
from nlu.parsing.slot_values import HOLIDAY, for_crm, in_future, in_the_past, not_over
from nlu.regex_scout import scouted
from nlu.text import is_cjk
from nlu.their_plans_en import their_own_event
from nlu.time.holidays import days_off
from nlu.types import TimeMention

# Words before a time that date a state or a change of theirs, not a step of ours ("until",
# "pushed to").
NOT_COMMITMENT_BEFORE = scouted(
    r"\b(?:till|until|through|ends?|ending|expires?|closes?|from|since|slipping(?: to)?|"
    r"frozen|up for renewal|(?:pushed|moved|put|delayed|postponed|slipped|bumped)(?: back)?"
    r"(?: to| until| till)?|leaving|leaves|retir(?:es|ing)|starts?|starting|launch(?:es|ing)?)"
    r"\s+(?:on\s+|in\s+|the\s+)?$"
    # "the new wing opens in april", "goes live in june": when something of theirs begins
    r"|\b(?:opens?|opening|goes\s+live|going\s+live)\s+(?:on\s+|in\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)

# "4.30", "at 11.15": a clock time written with a dot, not a date, when read as a time of day.
_DOTTED_CLOCK = re.compile(
    r"(?:(?:at|by|@)\s*)?\d{1,2}[.:][0-5]\d\s*(?:[ap]\.?m\.?)?", re.IGNORECASE
)


def day_named_first(entities: Entities, clause: Clause, when: TimeMention) -> bool:
    """ "For tomorrow: call Pemberton at 9": the clause names the day before its clock time."""
    return any(
        clause.start <= t.start_char < when.start_char and t.grain == "day" and names_a_day(t)
        for t in entities.times
    )


def names_a_day(mention: TimeMention) -> bool:
    """Whether a time mention says its day ("tmr 10am", "12/3"), not a clock time alone."""
    if mention.grain in ("hour", "minute") and _DOTTED_CLOCK.fullmatch(mention.text.strip()):
        return False
    return DATED.search(mention.text) is not None


# The customer as the subject right before a time: what follows is their plan.
THEIRS_BEFORE = re.compile(r"(?:他们|对方|她们|客户|厂里)(?:那边|这边)?$")


# "they want to delay payment until february": how long something waits, not a date promised.
UNTIL = re.compile(r"(?:until|till|til|through|up to)\b", re.IGNORECASE)


# A time taken back and said again: "Tuesday, no, make it Wednesday", "周三不对改到周四".
CORRECTION = scouted(
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


TICKET_INTENTS = frozenset({"open_ticket", "update_ticket"})


def _said_again(
    text: str, clause: Clause, inside: list[TimeMention], chosen: TimeMention
) -> TimeMention:
    """The time said last after a correction ("the weekend after next? no, make it Mon 22nd",
    "thursday no wait friday"); what the correction leaves unsaid is kept from the time it
    replaces: "at three thirty on tuesday no wait wednesday" is 15:30 on Wednesday, "tomorrow
    at nine actually ten thirty" is tomorrow at 10:30."""
    corrections = [
        m
        for m in CORRECTION.finditer(text, clause.start, inside[-1].end_char)
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
    text: str, clause: Clause, inside: list[TimeMention], intent: str, now: datetime
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
            and not UNTIL.match(t.text)
            and not _UNTIL_BEFORE.search(text, max(0, t.start_char - 8), t.start_char)
        ] or inside
        promised = [t for t in planned if any(h.start == t.start_char for h in clause.hits)]
        candidates = promised or [t for t in planned if in_future(t, now)]
        # "他们年底要上一条新产线让我下周一过去": the time of their own plan is not ours
        ours = [
            t
            for t in candidates
            if not THEIRS_BEFORE.search(text, max(clause.start, t.start_char - 4), t.start_char)
            # "the new wing opens in april … follow up end of march": their date, not ours
            and not NOT_COMMITMENT_BEFORE.search(
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
        if latin_text(text):
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
            if t.grain not in WIDE_GRAINS
            and (not in_future(in_the_past(t, now), now) or later_today(t, now))
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
    elif intent in TICKET_INTENTS:
        # when the fix is needed ("today", "明天一早派人"), not since when it is broken; when the
        # next step is due ("明天再来"), not when it was fixed ("昨天修完")
        pending = [
            t
            for t in inside
            if not_over(t, now)
            and t.grain not in WIDE_GRAINS
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
    end = for_crm(mention, now).end  # the office's morning ends at 12, its afternoon at 18
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
        or DATED.search(said.text)
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


def later_today(mention: TimeMention, now: datetime) -> bool:
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
    return on_day(day, target, text[chosen.start_char : day.end_char])


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
    r"得去|就去|要去|去一趟|去趟|"
    # "明天早上十点之前到", "今晚就得到": when someone must be there
    r"(?:之前|以前|前)到|(?<=前)到|就得到|必须到|得赶到"
)


def _zh_ticket_time(
    text: str, clause: Clause, mention: TimeMention, inside: list[TimeMention]
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
WIDE_GRAINS = frozenset({"month", "quarter", "year"})


def _dates_their_doing(text: str, mention: TimeMention) -> bool:
    """ "P&G call with Mei Lin, she's sending the PO on Friday": the time is when she sends it,
    not when the call was; a report is not dated by it."""
    return their_own_event(text, mention.start_char, mention.end_char)


# "offline since 6am", "down since monday": when the fault began.
_SINCE = re.compile(r"\bsince\s+$", re.IGNORECASE)


def _fault_began(text: str, mention: TimeMention) -> bool:
    """A ticket's time is when someone will be there; the time a fault began is no part of it."""
    return _SINCE.search(text, max(0, mention.start_char - 8), mention.start_char) is not None


def _english_times_of(text: str, inside: list[TimeMention], intent: str) -> list[TimeMention]:
    """The English times that can be an action's: not their doing dated in a report, not when a
    fault began; one naming a thing only when the clause has no other."""
    if intent == "log_interaction":
        inside = [t for t in inside if not _dates_their_doing(text, t)]
    if intent == "open_ticket":
        inside = [t for t in inside if not _fault_began(text, t)]
    # "chase the January standing order on Monday the 4th": the other time is the action's
    return [t for t in inside if not names_a_thing(text, t)] or inside


def pick_time(
    text: str,
    clause: Clause,
    entities: Entities,
    intent: str,
    *,
    now: datetime,
    anchor: datetime | None = None,
) -> TimeMention | None:
    """The time a clause is about: a follow-up's is the one promised (the first still to come),
    a report's the first already past; a date and a clock time said apart ("下周三 … 下午两点")
    make one moment; a time of day with no day of its own takes the day named before it."""
    inside = [t for t in entities.times if clause.start <= t.start_char < clause.end]
    if latin_text(text):
        inside = _english_times_of(text, inside, intent)
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
    dated = names_a_day(chosen)
    if (
        chosen.grain == "day"
        and chosen.end is None
        and HOLIDAY.search(chosen.text)
        and re.match(r"\s*(?:之|以)?前", text[chosen.end_char : chosen.end_char + 3])
    ):
        return on_day(chosen, chosen.value - timedelta(days=1), chosen.text + "前")
    after_holiday = _AFTER_HOLIDAY.match(text, chosen.end_char)
    if (
        chosen.grain == "day"
        and chosen.end is None
        and HOLIDAY.search(chosen.text)
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
                and not DATED.search(t.text)
            ),
            None,
        )
        if clock is not None:
            return on_day(clock, chosen.value, text[chosen.start_char : clock.end_char])
    if (
        not dated
        and anchor is not None
        and chosen.grain in ("hour", "minute")
        and chosen.value.date() in (now.date(), now.date() + timedelta(days=1))
        and (chosen.value.date() != anchor.date() or anchor.date() != now.date())
    ):
        # "明天上午十点去仁爱然后两点半去华康": the bare clock is on the day named before it,
        # whichever of today or tomorrow it came to alone
        return on_day(_in_working_hours(chosen), anchor, chosen.text)
    if not dated and anchor is not None:
        return _due_on_day(chosen, anchor, now)
    return chosen


def _day_said_before_clock(
    chosen: TimeMention, inside: list[TimeMention], now: datetime
) -> TimeMention:
    """ "下周二和海光仪器约好下午三点见面": a plan's clock time with no day of its own, after a
    day still to come in the same clause, is on that day (`pick_time` joins the two)."""
    if (
        chosen.grain not in ("hour", "minute")
        or not is_cjk(chosen.text[:1] or " ")
        or DATED.search(chosen.text)
    ):
        return chosen
    day = next(
        (
            t
            for t in reversed(inside)
            if t.end_char <= chosen.start_char
            and t.grain == "day"
            and t.end is None
            and names_a_day(t)
            and not HOLIDAY.search(t.text)
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
        return on_day(mention, day, text[mention.start_char : after.end()])
    if after["week"]:
        while day.weekday() != 0:
            day += timedelta(days=1)
        said = text[mention.start_char : after.end()]
        return replace(on_day(mention, day, said), grain="week")
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return on_day(mention, day, text[mention.start_char : after.end()])


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


def on_day(mention: TimeMention, day: datetime, text: str) -> TimeMention:
    shift = timedelta(days=(day.date() - mention.value.date()).days)
    return replace(
        mention,
        text=text,
        value=mention.value + shift,
        end=mention.end + shift if mention.end is not None else None,
    )

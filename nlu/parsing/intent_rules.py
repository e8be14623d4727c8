"""Rules that settle a clause's intent where the triggers alone mislead: tense (done or planned),
deals only wanted or lost, faults fixed or frozen, service asked for, framing words."""

from __future__ import annotations

import itertools
import re
from datetime import datetime

from nlu.intents import TriggerHit
from nlu.parsing.clauses import (
    DEAL_DONE,
    EN_OWN_STEP_WORDS,
    NEWS,
    PAST_ZH,
    PLAN_LEAD,
    SERVICE_REQUEST,
    THEIR_FUTURE,
    THEIR_REQUEST_IN,
    WANTED,
    WANTED_MOVED,
    broken_between,
    customers_in,
    done_then,
    has_own_entities,
    in_their_words,
    joined_forward,
    only_framing,
)
from nlu.parsing.entities import DATED
from nlu.parsing.frames import Clause, Entities, IntentClassifier
from nlu.parsing.reading import (
    latin_text,
    mask,
    report_under_heading,
    reports_speech,
)
from nlu.parsing.slot_filling import ASKING, PAST, first_or_none
from nlu.parsing.slot_values import in_future
from nlu.parsing.when import NOT_COMMITMENT_BEFORE
from nlu.regex_scout import scouted
from nlu.text import is_cjk
from nlu.their_plans_en import their_own_event
from nlu.types import TimeMention

# Work on a ticket that a time may date: an engineer coming, a part fitted.
_TICKET_WORK = re.compile(
    r"工程师|上门|派人|维修|更换|到现场|\b(?:engineer|technician|tech|on site|onsite|visiting|"
    r"coming|fix|fixing|replace|replacing|swap|install|installing|fitting)\b",
    re.IGNORECASE,
)


# Being there is an interaction of its own, not just how a fault was heard of.
VISIT = re.compile(
    r"拜访|走访|去了|见了|待了|上门|从[^，,。；;]{1,12}出来|"
    r"\b(?:visited|met|dropped by|dropped in|was at|on site)\b"
    r"|\bvisit\s*(?::|(?:done|went|completed|finished)\b)"
    # a technician's day: "finished up at kensington", "just left northwind"
    r"|\b(?:(?:just\s+)?finished\s+up\s+at|just\s+finished\s+at|dropped\s+into|popped\s+into)\b"
    r"|\bjust\s+left\b(?!\s+(?:a|an|him|her|them|msg|message|vm|voicemail|word|it)\b)",
    re.IGNORECASE,
)


# A fault of its own in the request clause makes it a ticket of its own.
TICKET_FAULT = re.compile(r"坏|报警|故障|不了|不上|\b(?:broken|down|error|failing|dead)\b")


# A clause that goes on to the next stop: "然后下午去…", "然后顺便去一趟…", "再去…".
# "然后下午回来跟云帆开视频会": coming back for the next stop is one too.
THEN_GO = re.compile(
    r"\s*(?:然后|再|接着|之后)?(?:顺便|顺路|顺道|顺带)?(?:[上下中晚]午|晚上|傍晚)?(?:再)?(?:去|回来|回公司)"
)


# "明天下午去…然后晚上请他吃饭": a later part of the day planned, whatever is done then.
_THEN_THAT_DAY = re.compile(r"\s*(?:(?:然后|接着|之后)\s*)?(?:[下中]午|晚上|傍晚)")


# "call with Tom at Pemberton, they're adding seats | he wants a call Monday": the request
# is theirs, so what came before it is a report of its own, not the plan's framing.
_THEIR_REQUEST = re.compile(
    r"[\s,]*(?:and\s+|but\s+|so\s+)?(?:he|she|they)\s+(?:wants?|needs?|asked|asks|would like)\b",
    re.IGNORECASE,
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


def customers_agree(heading: Clause, clause: Clause, entities: Entities) -> bool:
    """The clause after a heading names no customer, or the heading's."""

    def ids(c: Clause) -> set[int]:
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


_DONE_EN = frozenset(phrase for phrase in DEAL_DONE if phrase.isascii())


def deal_only_wanted_or_theirs(
    text: str, decided: list[tuple[Clause, str, float]]
) -> list[tuple[Clause, str, float]]:
    """English deals the README calls news: one only wanted ("want to extend the contract",
    however far the wish is from the deal word), and one the customer won for themselves."""
    if not latin_text(text):
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


def frozen_money_is_no_fault(
    text: str, decided: list[tuple[Clause, str, float]]
) -> list[tuple[Clause, str, float]]:
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
_FINE_SINCE = scouted(
    # "not working again" is the fault come back, not over
    r"(?<!\bnot\s)(?<!n't\s)(?<!nt\s)(?<!no\s)"
    r"\b(?:fine|ok|okay|stable|sorted|fixed|good|working(?:\s+(?:fine|properly|well))?)\s+"
    r"(?:(?:ever\s+)?since|now|again)\b|\bback\s+to\s+normal\b"
    r"|\bno\s+(?:more\s+)?(?:issues|problems|drop-?outs|faults)\s+since\b",
    re.IGNORECASE,
)


_STILL_FAULTY_AFTER = re.compile(r"\b(?:but|except|still|apart\s+from)\b", re.IGNORECASE)


def fault_since_fixed_is_news(
    text: str, decided: list[tuple[Clause, str, float]], entities: Entities
) -> list[tuple[Clause, str, float]]:
    """English: a fault told only as over ("per Dr Lim the monitors that kept dropping out have
    been fine since the firmware update") is news, no ticket to open, when no ticket is named or
    asked for and nothing after says a fault stays."""
    if not latin_text(text):
        return decided
    result = []
    for clause, intent, confidence in decided:
        fine = _FINE_SINCE.search(text, clause.start, clause.end)
        over = (
            _fault_told_in(clause, intent, entities)
            and fine is not None
            and all(h.start < fine.start() for h in clause.hits if h.intent == "open_ticket")
            and not _STILL_FAULTY_AFTER.search(text, fine.end(), clause.end)
            and not RAISE_TICKET_EN.search(text, clause.start, clause.end)
            and not any(clause.start <= t.start < clause.end for t in entities.tickets)
        )
        result.append((clause, "log_interaction" if over else intent, confidence))
    return result


def _fault_told_in(clause: Clause, intent: str, entities: Entities) -> bool:
    """The clause tells a fault: a ticket to open, or, with no ticket named anywhere, a status
    word after a fault word ("the scanners that were failing are working fine since the patch")."""
    if intent == "open_ticket":
        return True
    return (
        intent == "update_ticket"
        and not entities.tickets
        and any(h.intent == "open_ticket" for h in clause.hits)
    )


NAME_WORD = re.compile(r"[A-Za-z0-9&'’]+")


def subject_before_the_deal(
    text: str, decided: list[tuple[Clause, str, float]], entities: Entities
) -> list[tuple[Clause, str, float]]:
    """ "Meridian Hlth - nurse call upgrade | signed! £312,000": the customer and the thing
    signed, cut from the verb, are the deal's subject, not a report of their own."""
    if not latin_text(text):
        return decided
    result: list[tuple[Clause, str, float]] = []
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
                Clause(clause.start, deal.end, deal.hits, deal.shared),
                "record_deal",
                deal_confidence,
            )
            continue
        result.append((clause, intent, confidence))
    return result


def _only_names(text: str, clause: Clause, entities: Entities) -> bool:
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
        for w in NAME_WORD.findall(m.best.name)
    }
    masked = mask(text[: clause.end], spans)
    return all(
        _in_name(word.group().casefold(), named)
        or word.group().casefold() in {"uh", "um", "so", "the"}
        for word in NAME_WORD.finditer(masked, clause.start)
    )


def _in_name(word: str, named: set[str]) -> bool:
    """A word of the customer's name, or its typed short form ("Hlth" for Health)."""
    return word in named or any(
        len(word) >= 3 and name[0] == word[0] and _letters_in_order(word, name) for name in named
    )


def _letters_in_order(short: str, word: str) -> bool:
    letters = iter(word)
    return all(letter in letters for letter in short)


def approval_without_price_is_news(
    text: str, decided: list[tuple[Clause, str, float]], entities: Entities
) -> list[tuple[Clause, str, float]]:
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


CALLED_IN = frozenset({"rang", "called", "phoned"})


CALL_IN_WORD = re.compile(r"[a-z]+|'s|’s", re.IGNORECASE)


def we_called_them(text: str, start: int, end: int, entities: Entities) -> bool:
    """ "rang Meridian Health, …": a call verb before the customer has the rep for its subject;
    it is a call of ours, logged beside the fault (train: "Called Ashford Tools - spindle
    monitors showing stale data"), unlike "Meridian rang" calling in."""
    first = next((m for m in entities.customers if start <= m.start < end), None)
    return first is not None and any(
        w.group().casefold() in CALLED_IN for w in CALL_IN_WORD.finditer(text, start, first.start)
    )


_SEE_HOW = scouted(
    r"看看[^，,。？?]{0,14}(?:怎么样|如何|咋样)\s*$"
    # "明早给科达CTO打个电话问问AGV的进度": a call planned to ask them, not a look-up
    r"|(?:打个?电话|打电话|去一趟|过去)[^，,。？?]{0,4}(?:问|了解一下)"
    # "月中想过来我们公司看看新的控制器": coming over to look is a visit
    r"|(?:过来|过去|来|去)[^，,。？?]{0,6}看看"
)


def go_and_see(text: str, clauses: list[Clause]) -> bool:
    """ "下个月初再去一次天合纺织看看染色机装得怎么样": going to see how it is, a plan, not a
    question to the assistant."""
    return _SEE_HOW.search(text) is not None and any(
        h.intent == "schedule_followup" for c in clauses for h in c.hits
    )


def what_to_prepare(
    decided: list[tuple[Clause, str, float]], entities: Entities
) -> list[tuple[Clause, str, float]]:
    """ "科达的CTO下周三来公司参观，记得准备AGV小车的演示": a reminder with no time or customer of
    its own is what to do for the plan before it, one follow-up."""
    merged: list[tuple[Clause, str, float]] = []
    for clause, intent, confidence in decided:
        if (
            merged
            and merged[-1][1] == intent == "schedule_followup"
            and not any(clause.start <= t.start_char < clause.end for t in entities.times)
            and not has_own_entities(clause, entities)
            and first_or_none(entities.times, merged[-1][0], lambda t: t.start_char) is not None
        ):
            previous, kept, kept_confidence = merged[-1]
            joined = Clause(previous.start, clause.end, previous.hits + clause.hits)
            merged[-1] = (joined, kept, kept_confidence)
            continue
        merged.append((clause, intent, confidence))
    return merged


def ticket_work_times(
    text: str, decided: list[tuple[Clause, str, float]], entities: Entities
) -> list[tuple[Clause, str, float]]:
    """ "T-1003 in progress, engineer on site this afternoon": a time after a ticket update,
    with nothing to do of its own, is when the work happens, not a follow-up."""
    merged: list[tuple[Clause, str, float]] = []
    for clause, intent, confidence in decided:
        if (
            merged
            and merged[-1][1] == "update_ticket"
            and intent == "schedule_followup"
            and clause.hits
            # "parts ordered, engineer booked for Thursday"
            and all(_is_time_hit(h, entities) or h.phrase in _BOOKED for h in clause.hits)
            and not has_own_entities(clause, entities)
            and _TICKET_WORK.search(text, merged[-1][0].start, clause.end) is not None
            # "… is fixed and they want the renewal meeting thursday": their request, not the work
            and THEIR_REQUEST_IN.search(text, clause.start, clause.end) is None
            and not broken_between(text, merged[-1][0].start, clause.start)
        ):
            previous, kept, kept_confidence = merged[-1]
            joined = Clause(previous.start, clause.end, previous.hits, previous.shared)
            merged[-1] = (joined, kept, kept_confidence)
            continue
        merged.append((clause, intent, confidence))
    return merged


_BOOKED = frozenset({"booked for", "booked in for", "scheduled for"})


_REQUEST_REACH = 24


def service_requests(
    text: str, decided: list[tuple[Clause, str, float]], entities: Entities
) -> list[tuple[Clause, str, float]]:
    """ "…开不了机，问能不能明天上午派人", "…离线了，希望今天下午能过去看看": asking for someone to
    come and look is part of the fault report before it."""
    merged: list[tuple[Clause, str, float]] = []
    reach = 0 if any(is_cjk(char) for char in text) else _REQUEST_REACH
    for clause, intent, confidence in decided:
        if (
            merged
            and merged[-1][1] in ("open_ticket", "update_ticket")
            and intent in ("open_ticket", "query_customer", "schedule_followup", "unknown")
            # "… can we get someone there | by thursday": the request may end the clause before
            and SERVICE_REQUEST.search(
                text, max(merged[-1][0].start, clause.start - reach), clause.end
            )
            and not has_own_entities(clause, entities)
            and not TICKET_FAULT.search(text, clause.start, clause.end)
            and not _plan_of_its_own(text, clause, intent, merged, reach=reach, entities=entities)
        ):
            previous, kept, kept_confidence = merged[-1]
            joined = Clause(
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
    clause: Clause,
    intent: str,
    merged: list[tuple[Clause, str, float]],
    *,
    reach: int,
    entities: Entities,
) -> bool:
    """A dated wish after a fault that is a plan, not part of the fault's request."""
    if intent != "schedule_followup":
        return False
    # "…掉线然后周五我过去看一下": the rep going himself is a visit to plan
    if _REP_GOES.search(text, clause.start, clause.end):
        return True
    # "…frozen again can someone look at it today and | i'll send the renewal quote next week":
    # the rep's own errand, said in a voice of its own, is no part of the service request
    lead = PLAN_LEAD.match(text, clause.start)
    if (
        lead is not None
        and latin_text(text[clause.start : clause.end])
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


def _is_time_hit(hit: TriggerHit, entities: Entities) -> bool:
    return any(t.start_char == hit.start and t.end_char == hit.end for t in entities.times)


def one_per_ticket(
    decided: list[tuple[Clause, str, float]], entities: Entities
) -> list[tuple[Clause, str, float]]:
    """ "T-2181 处理中，T-2182 已解决", "T-1191 and T-1192 both resolved": one update per
    ticket, each clause running up to the next ticket number."""
    split: list[tuple[Clause, str, float]] = []
    for clause, intent, confidence in decided:
        starts = [t.start for t in entities.tickets if clause.start <= t.start < clause.end]
        if intent != "update_ticket" or len(starts) < 2:
            split.append((clause, intent, confidence))
            continue
        bounds = [clause.start, *starts[1:], clause.end]
        for start, end in itertools.pairwise(bounds):
            hits = [h for h in clause.hits if start <= h.start < end]
            split.append((Clause(start, end, hits, shared=clause.start), intent, confidence))
    return split


def merge_framing(
    text: str, decided: list[tuple[Clause, str, float]], entities: Entities
) -> list[tuple[Clause, str, float]]:
    """ "启航学校的郭老师打电话来说平板充不上电" reports a fault: the call is only how it
    arrived. A logging clause that is nothing but who called joins the ticket after it."""

    def framing(
        index: int, current: tuple[Clause, str, float], following: tuple[Clause, str, float]
    ) -> Clause | None:
        clause, intent, _confidence = current
        if (
            intent == "log_interaction"
            and following[1] in ("open_ticket", "update_ticket")
            and only_framing(text, clause, entities)
            and not VISIT.search(text, clause.start, clause.end)
            and not any(h.phrase == "visit" for h in clause.hits)
            and not we_called_them(text, clause.start, clause.end, entities)
            # "… called the signage is black again and they want us in on monday": a call
            # with more in it than the fault is logged
            and (index + 2 == len(decided) or not text[clause.start : following[0].end].isascii())
        ):
            return Clause(clause.start, following[0].end, clause.hits + following[0].hits)
        return None

    return joined_forward(decided, framing)


def asking_intent(
    text: str,
    clause: Clause,
    entities: Entities,
    language: str,
    classifier: IntentClassifier | None,
) -> tuple[str, float]:
    """The likeliest question intent: the classifier's best among them, else a look-up when a
    customer is named."""
    if classifier is not None:
        probabilities = classifier(text, language, customers_in(clause, entities))
        best = max(ASKING - {"unknown"}, key=lambda intent: probabilities.get(intent, 0.0))
        if probabilities.get(best, 0.0) >= 0.2:
            return best, max(0.6, probabilities[best])
    if any(clause.start <= m.start < clause.end for m in entities.customers):
        return "query_customer", 0.7
    return "unknown", 0.3


def settle_tense(
    text: str,
    decided: list[tuple[Clause, str, float]],
    entities: Entities,
    now: datetime,
    language: str,
) -> list[tuple[Clause, str, float]]:
    """A "meeting" or "visit" that has not happened yet is a follow-up to schedule: a logging
    clause with no sign of the past becomes one when it holds a future time, and merges into
    the follow-up right after it ("tomorrow 11am meeting with Tanjong", "周四拜访，记一下")."""
    settled: list[tuple[Clause, str, float]] = []
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
                and not PAST_ZH.search(segment)
                and not (clause.hits and all(h.phrase == "report" for h in clause.hits))
            ):
                first = first_or_none(entities.times, clause, lambda t: t.start_char)
                if (
                    first is not None
                    and in_future(first, now)
                    and not in_their_words(text, first)
                    and not done_then(text, first)
                ):
                    intent = "schedule_followup"
                elif (
                    settled
                    and settled[-1][1] == "schedule_followup"
                    and (THEN_GO.match(segment) or _THEN_THAT_DAY.match(segment))
                    and (first is None or not DATED.search(first.text))
                ):
                    # "下周一上午先去润泽制药然后下午去博瑞医疗": the next stop of a day
                    # still to come is planned too, on that day
                    intent = "schedule_followup"
            settled.append((clause, intent, confidence))
            index += 1
            continue
        if intent == "log_interaction" and (
            not PAST.search(segment)
            or _wanted_interaction(text, clause)
            # "the tanjong visit is confirmed for | friday morning": booked, still to come ("olivia
            # rang they want the survey moved to | thursday" asks for it: the call stays logged)
            or (_BOOKED_FOR.search(segment) is not None and not WANTED_MOVED.search(segment))
        ):
            following = decided[index + 1] if index + 1 < len(decided) else None
            if (
                following is not None
                and following[1] == "schedule_followup"
                and (not reports_speech(text, clause) or _BOOKED_FOR.search(segment))
                and not report_under_heading(text, clause, entities)
                and not broken_between(text, clause.start, following[0].start)
                # "blue harbour no show today | ill try them again tomorrow at four": a clause
                # dated today or earlier is done, not the plan that follows
                and not any(
                    clause.start <= t.start_char < clause.end and not in_future(t, now)
                    for t in entities.times
                )
                and not (
                    (
                        _THEIR_REQUEST.match(text, following[0].start)
                        # "call with lion city anna's happy with the pilot | follow up next
                        # monday": news, then a follow-up said in words of its own
                        or _OWN_FOLLOW_UP.match(text, following[0].start)
                    )
                    and NEWS.search(text, clause.start, clause.end)
                )
            ):
                # "meeting with Tanjong | tomorrow 11am" is one plan; a report ("she wants
                # pricing, | by Friday") or a sentence of its own stays a log.
                merged = Clause(clause.start, following[0].end, clause.hits + following[0].hits)
                settled.append((merged, "schedule_followup", min(confidence, following[2])))
                index += 2
                continue
            future = [
                t
                for t in entities.times
                if clause.start <= t.start_char < clause.end
                and in_future(t, now)
                and _planned_at(text, t)
                # "They'll review at their board on 30 June": their date, not ours
                and not THEIR_FUTURE.search(text, max(0, t.start_char - 48), t.start_char)
                # "P&G call with Mei Lin, she's sending the PO on Friday": what she will do
                and not their_own_event(text, t.start_char, t.end_char)
            ]
            if future:
                intent = "schedule_followup"
        settled.append((clause, intent, confidence))
        index += 1
    return settled


_BOOKED_FOR = re.compile(
    r"\b(?:confirmed|booked|scheduled|arranged|set|moved|pushed(?:\s+back)?|rescheduled|"
    r"postponed|put\s+back)\s+(?:(?:it|(?:a|an|the)\s+(?:[a-z]+\s+)?[a-z]+)"
    r"(?:\s+(?:at|with)\s+[\w&'’-]+(?:\s+[\w&'’-]+)?)?\s+)?(?:for|to|till|until)\s*$",
    re.IGNORECASE,
)


def _wanted_interaction(text: str, clause: Clause) -> bool:
    """The clause's visit or meeting word is what someone wants (English): a plan, not news."""
    if not latin_text(text) or not clause.hits:
        return False
    first = clause.hits[0]
    return first.phrase != "report" and WANTED.search(text, clause.start, first.start) is not None


# "…, will revert to Sarah tmrw", "…, i'll update the plant mgr tmrw", "…, need to chase them
# friday": a plan of ours said right after a comma, in a voice of its own.
# "…offline, pls send someone tmrw": "pls" asks for the service the fault needs, no errand.
_SEND_SOMEONE = re.compile(
    r"\s*(?:send|get)\s+(?:someone|somebody|(?:an?\s+|the\s+)?(?:engineer|tech|technician)s?)\b",
    re.IGNORECASE,
)


RAISE_TICKET_EN = re.compile(
    r"\b(?:raise|open|log|create|file)\s+(?:a\s+|the\s+|new\s+)?ticket\b|\bnew\s+ticket\b|"
    # "reading wrong again need a ticket": asked for as a need, dictated
    r"\bneeds?\s+(?:a\s+)?(?:new\s+)?ticket\b|"
    # "frozen again, ticket pls": a ticket asked for in a typed note's shorthand
    r"\bticket\s+(?:pls|plz|please|asap)\b",
    re.IGNORECASE,
)


def _planned_at(text: str, mention: TimeMention) -> bool:
    """A month, quarter or year in an English report is when *they* do something ("leaving in
    June", "might expand next year"); it is a plan of ours only after something to do ("visit
    the estate in June"). A day or a clock time is a plan either way."""
    if mention.grain not in ("month", "quarter", "year"):
        return True
    before = text[max(0, mention.start_char - 48) : mention.start_char]
    return EN_OWN_STEP_WORDS.search(before) is not None and not NOT_COMMITMENT_BEFORE.search(before)

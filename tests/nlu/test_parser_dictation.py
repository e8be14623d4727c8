"""Dictated and typed English notes, and the slot conventions a record needs: products named
before generic words, office-hours times, day-first short dates outside North America, reports
kept apart from the promise after them (rules only, no classifier)."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from nlu import slots
from nlu.customer_index import CustomerIndex, DirectoryEntry
from tests.nlu.parsing import MADE_UP_DIRECTORY, parsed

DIRECTORY = MADE_UP_DIRECTORY
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 3, 11, 10, 0, tzinfo=LONDON)  # a Wednesday


def _parse(text: str, now: datetime = NOW) -> list[tuple[str, dict[str, Any]]]:
    return parsed(text, DIRECTORY, now)


def _when(text: str, now: datetime = NOW) -> dict[str, Any]:
    frames = _parse(text, now)
    assert frames[0][0] == "schedule_followup"
    return dict(frames[0][1]["when"])


@pytest.mark.parametrize(
    ("text", "product"),
    [
        # the longest catalogue word wins whatever language listed it
        ("Wyvern signed for 12 MES seats, £30k", "MES seats"),
        # a product word inside the customer's name is not the product
        ("Aldgate Cold Storage: the chiller sensors are offline", "chiller sensors"),
        # a named product before a generic word
        ("Wyvern - the equipment in bay 2, the sensor keeps rebooting", "sensor"),
    ],
)
def test_products(text: str, product: str) -> None:
    assert _parse(text)[0][1]["product"] == product


@pytest.mark.parametrize(
    ("text", "now", "when"),
    [
        ("call Wyvern first thing Monday", NOW, {"start": "2026-03-16T08:00:00+00:00"}),
        ("uh visit aldgate friday first thing", NOW, {"start": "2026-03-13T08:00:00+00:00"}),
        ("um thursday at four meeting with wyvern", NOW, {"value": "2026-03-12T16:00:00+00:00"}),
        (
            "call Wyvern tomorrow at ten about the renewal",
            NOW,
            {"value": "2026-03-12T10:00:00+00:00"},
        ),
        ("visit Wyvern on 4/5", NOW, {"value": "2026-05-04"}),  # day first in London
        ("visit Wyvern on 4/5", NOW.astimezone(NEW_YORK), {"value": "2026-04-05"}),
        ("ring Aldgate after the weekend", NOW, {"value": "2026-03-16"}),
        ("call Wyvern end of the week", NOW, {"value": "2026-03-13"}),
        ("send Wyvern the deck by the end of the week", NOW, {"value": "2026-03-13"}),
        ("lunch with the Wyvern CTO on Friday", NOW, {"value": "2026-03-13"}),
        ("send Aldgate the quote by Friday 12 noon", NOW, {"value": "2026-03-13T12:00:00+00:00"}),
        ("uh chase aldgate for the PO by the twentieth", NOW, {"value": "2026-03-20"}),
    ],
)
def test_follow_up_times(text: str, now: datetime, when: dict[str, str]) -> None:
    got = _when(text, now)
    assert {key: got.get(key) for key in when} == when


@pytest.mark.parametrize(
    ("text", "priority"),
    [
        ("Aldgate: freezer display flickering, not urgent", "low"),
        ("um wyvern the arm is drifting fairly urgent", "high"),
        ("Wyvern line 2 down, production stopped, P1", "urgent"),
        ("Aldgate - label printer jammed, normal priority", "normal"),
        ("飞鸿智能的扫码枪坏了，客户有点着急", "high"),
        ("把工单降成低优先级", "low"),
    ],
)
def test_priority(text: str, priority: str) -> None:
    found = slots.find_priority(text)
    assert found is not None
    assert found.value == priority


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("T-4410 is back again, same error", "reopened"),
        ("T-4411 recurred overnight", "reopened"),
        ("close T-4412", "closed"),
        ("T-4413 waiting on spare parts", "in_progress"),
        ("T-4414 done", "resolved"),
        ("T-4415 vendor patch applied, monitoring", "resolved"),  # "on it" is not in "monitoring"
        ("T-4416 客户说还是不行得重新开", "reopened"),
        ("工单4417 备件到了，正在更换", "in_progress"),
    ],
)
def test_status(text: str, status: str) -> None:
    found = slots.find_status(text)
    assert found is not None
    assert found.value == status


@pytest.mark.parametrize(
    "text",
    [
        # a report, then a sentence of its own with the promise
        "Visited Wyvern, plant head happy with the arms, wants 4 more (~£60k). Quote by Tuesday.",
        # what a contact needs is logged; doing it by a date is the follow-up
        "Wyvern — Nadia needs the safety certificate by the 20th",
        "Aldgate - ops director on the phone: renewal OK at £40k, wants the invoice by Friday",
    ],
)
def test_a_report_then_a_promise(text: str) -> None:
    assert [intent for intent, _ in _parse(text)] == ["log_interaction", "schedule_followup"]


@pytest.mark.parametrize(
    "text",
    [
        "Wyvern - Nadia emailed, she's leaving in June",
        "uh aldgate emailed the tender has been pushed to september",
        "Note to self: Wyvern's contract with the other vendor ends in March",
    ],
)
def test_their_plans_in_a_month_are_news_not_a_follow_up(text: str) -> None:
    assert [intent for intent, _ in _parse(text)] == ["log_interaction"]


@pytest.mark.parametrize(
    "text",
    ["visit Wyvern on Thursday 2pm with the plant head", "meeting with Wyvern tomorrow at eleven"],
)
def test_a_plan_stays_one_follow_up(text: str) -> None:
    assert [intent for intent, _ in _parse(text)] == ["schedule_followup"]


@pytest.mark.parametrize(
    ("text", "customer"),
    [
        # 深圳市 dropped, 智能 an industry word
        ("met the CTO at Feihong Intelligent, all good", "深圳市飞鸿智能设备有限公司"),
        (
            "so the lvling agriculture people called about seeds",
            "南宁绿岭农业科技有限公司",
        ),  # ü as v
        (
            "Anlan hospital called, the pumps are fine",
            "宁波安澜医院有限公司",
        ),  # 医院 an industry word
    ],
)
def test_chinese_customers_written_in_pinyin(text: str, customer: str) -> None:
    assert _parse(text)[0][1]["customer"]["name"] == customer


ZH_DIRECTORY = [
    DirectoryEntry(11, "无锡澄远机电有限公司", ("澄远机电", "澄远")),
    DirectoryEntry(12, "绍兴越秀纺织有限公司", ("越秀纺织",)),
]
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW_ZH = datetime(2026, 3, 11, 10, 0, tzinfo=SHANGHAI)  # a Wednesday


def _parse_zh(text: str) -> list[tuple[str, dict[str, Any]]]:
    return parsed(text, ZH_DIRECTORY, NOW_ZH)


@pytest.mark.parametrize(
    "text",
    [
        # what they asked for, then the rep's promise, with no report verb in between
        "那个澄远机电的吴经理嗯伺服电机要加二十台让我周五之前报个价",
        # a report verb with a little content is still a report
        "越秀纺织丁总昨天来电催交期，答应本周五前给答复",
        # a visit that happened (了), then the next step after a comma
        "周一陪澄远吴经理看了新款伺服电机样机，下周出方案",
        # the rep takes over with 我 after what the customer said
        "越秀纺织丁总说验收要推迟我月底前再过去一趟",
    ],
)
def test_zh_a_report_then_a_promise(text: str) -> None:
    assert [intent for intent, _ in _parse_zh(text)] == ["log_interaction", "schedule_followup"]


@pytest.mark.parametrize(
    "text",
    [
        "澄远吴经理微信上说月底前把货款打过来",  # their payment, not a task of the rep's
        "备注：越秀纺织丁总电话里说明年可能要换ERP",
        "越秀纺织丁总电话里说明年预算大概五十万",
    ],
)
def test_zh_a_time_in_their_words_is_news(text: str) -> None:
    assert [intent for intent, _ in _parse_zh(text)] == ["log_interaction"]


def test_zh_the_middle_of_a_month_keeps_its_word() -> None:
    frames = _parse_zh("澄远吴经理说四月中旬让我们去工厂开会")
    assert frames[-1][0] == "schedule_followup"
    assert frames[-1][1]["when"]["text"] == "四月中旬"


@pytest.mark.parametrize(
    ("text", "intents"),
    [
        # a deal heard on a call: the call is logged too
        ("澄远吴经理来电：伺服电机年度续约签了，二十七万", ["log_interaction", "record_deal"]),
        (
            "call with Nadia at Wyvern, the renewal is signed, £40k",
            ["log_interaction", "record_deal"],
        ),
        # a deal someone only said was signed is the deal alone
        ("越秀纺织丁总说框架合同签了三十万", ["record_deal"]),
        # a deal only wanted is news
        (
            "Quick call w/ Wyvern - they want service contract pricing, about 50k",
            ["log_interaction"],
        ),
        ("澄远吴经理说样品测试通过了准备下单先来五百个大概六十万", ["log_interaction"]),
    ],
)
def test_deals_heard_and_deals_wanted(text: str, intents: list[str]) -> None:
    parse_text = _parse_zh if not text.isascii() else _parse
    assert [intent for intent, _ in parse_text(text)] == intents


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        ("called wyvern plant manager zhang about the arms", "plant manager zhang"),
        ("Wyvern - call with factory director Wang, all on track", "factory director Wang"),
        ("um wyvern's mr huang sent a wechat saying it's approved", "mr huang"),
        ("aldgate the pumps alarm for no reason director chen says", "director chen"),
        ("new customer um kestrel foods contact is mr lim wei jie", "mr lim wei jie"),
        ("add Kestrel Foods, contact Dr Lee Hwee Ling, lee@kestrel.example", "Dr Lee Hwee Ling"),
        ("met the new buyer at wyvern her name's olivia seems sharp", "olivia"),
    ],
)
def test_english_contacts(text: str, contact: str) -> None:
    assert _parse(text)[0][1]["contact"] == {"text": contact}


@pytest.mark.parametrize(
    ("text", "currency", "value"),
    [
        (
            "they signed the order one sixty eight k and one of the units arrived broken",
            "GBP",
            168000,
        ),
        ("signed for twelve scales forty five thousand six hundred sing dollars", "SGD", 45600),
        ("um wyvern expansion signed one point two million", "GBP", 1200000),
        ("Wyvern: phase 2 — £410k — signed Friday", "GBP", 410000),
        ("Wyvern signed 100 seats at £900 each, £90k total", "GBP", 90000),
        ("澄远机电预算大概 50 万，重点是伺服电机", "CNY", 500000),
        ("越秀纺织维保续签三年，每年九万，合同总额27万", "CNY", 270000),
    ],
)
def test_amounts(text: str, currency: str, value: int) -> None:
    frames = _parse(text) if text.isascii() else _parse_zh(text)
    amount = next(slots_["amount"] for _, slots_ in frames if "amount" in slots_)
    assert (amount["currency"], amount.get("value")) == (currency, value)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("ticket no. 4410 fixed", "T-4410"),
        ("case 4410 resolved", "T-4410"),
        ("incident 4410 reopened", "T-4410"),
        ("ticket four thousand four hundred and ten is done", "T-4410"),
        ("ticket forty four ten and it's urgent", "T-4410"),
        ("T-四四一零 修好了", "T-4410"),
        ("工单四四一零 客户说可以关了", "T-4410"),
    ],
)
def test_ticket_numbers(text: str, number: str) -> None:
    assert [f.value for f in slots.find_tickets(text)] == [number]


@pytest.mark.parametrize(
    ("text", "statuses"),
    [
        ("T-4410 and T-4411 both resolved", ["resolved", "resolved"]),
        ("T-4410 fixed, T-4411 still in progress", ["resolved", "in_progress"]),
        ("T-4410 处理中，T-4411 已解决", ["in_progress", "resolved"]),
        ("T-4410 和 T-4411 都已经关了", ["closed", "closed"]),
    ],
)
def test_one_update_per_ticket(text: str, statuses: list[str]) -> None:
    frames = _parse(text) if text.isascii() else _parse_zh(text)
    assert [intent for intent, _ in frames] == ["update_ticket", "update_ticket"]
    assert [slots_["status"] for _, slots_ in frames] == statuses


def test_a_ticket_update_heard_on_a_call_is_logged_first() -> None:
    frames = _parse_zh("澄远机电吴经理来电：伺服电机又报警了（T-4410），很急，另外续约合同已寄出")
    assert [intent for intent, _ in frames] == ["log_interaction", "update_ticket"]
    assert frames[0][1]["interaction_type"] == "call"
    assert frames[1][1]["ticket"] == {"number": "T-4410"}


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("the eleven forty five ticket is fixed", "T-1145"),
        ("ticket twenty one hundred can be closed", "T-2100"),
        ("ticket one double oh three reopened", "T-1003"),
    ],
)
def test_spoken_ticket_numbers(text: str, number: str) -> None:
    assert [f.value for f in slots.find_tickets(text)] == [number]


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("T-4420 the scanner is back online", "resolved"),
        ("T-4421 all sorted, you can close it out", "closed"),
        ("T-4422 engineer visiting tomorrow morning", "in_progress"),
        ("ticket 4423 the gateway is offline again", "reopened"),
        ("T-4424 冷柜又不制冷了", "reopened"),
    ],
)
def test_more_ticket_statuses(text: str, status: str) -> None:
    frames = _parse(text) if text.isascii() else _parse_zh(text)
    assert [intent for intent, _ in frames] == ["update_ticket"]
    assert frames[0][1]["status"] == status


def test_the_time_of_ticket_work_stays_with_the_ticket() -> None:
    frames = _parse("T-4430 in progress, engineer on site this afternoon")
    assert [intent for intent, _ in frames] == ["update_ticket"]
    assert frames[0][1]["when"]["start"] == "2026-03-11T12:00:00+00:00"


@pytest.mark.parametrize(
    ("text", "number", "slot", "value"),
    [
        ("4410 is fixed", "T-4410", "status", "resolved"),
        ("um forty four eleven close it we can't reach them", "T-4411", "status", "closed"),
        ("make forty four twelve high priority their ceo called", "T-4412", "priority", "high"),
    ],
)
def test_a_bare_number_moving_a_ticket(text: str, number: str, slot: str, value: str) -> None:
    frames = _parse(text)
    assert [intent for intent, _ in frames] == ["update_ticket"]
    assert frames[0][1]["ticket"] == {"number": number}
    assert frames[0][1][slot] == value


@pytest.mark.parametrize(
    "text",
    [
        "澄远机电说伺服电机一直报警让我们派人去看看",  # someone to come and look, no look-up
        "越秀纺织的验布机屏幕花屏，不急，有空派人看看",
        "澄远吴经理打电话说有两台电机开不了机然后问能不能明天上午派人",
        "越秀纺织丁总打电话说系统登不上去了挺急的",  # 登不上去了: nobody went anywhere
        "澄远机电的网关从上周开始就时好时坏",  # a fault said without a fault word
    ],
)
def test_zh_a_fault_and_its_service_request_are_one_ticket(text: str) -> None:
    assert [intent for intent, _ in _parse_zh(text)] == ["open_ticket"]


def test_a_visit_is_logged_beside_the_fault_found_there() -> None:
    frames = _parse_zh("拜访澄远机电，吴经理反馈有个探头读数为零，挺急")
    assert [intent for intent, _ in frames] == ["log_interaction", "open_ticket"]


@pytest.mark.parametrize(
    ("text", "product"),
    [
        # a product the catalogue has never seen, read by its shape
        ("Aldgate: the reefer probe kits keep dropping out", "reefer probe kits"),
        ("Wyvern want a quote for the weld cell controllers", "weld cell controllers"),
        # words before the product noun that do not name it are left out
        ("um aldgate rang the palletising robots are stuck again", "palletising robots"),
    ],
)
def test_products_read_by_their_shape(text: str, product: str) -> None:
    assert _parse(text)[0][1].get("product") == product


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        # a given name before "says" is who said it (as train annotates "tom says …")
        ("um just left wyvern uh declan says the rollout is slipping", "declan"),
        ("uh aldgate kelvin asked for a quote on the probes", "kelvin"),
        ("met priya sharma at aldgate, all good", "priya sharma"),
        ("Wyvern - lunch with grace harris, renewal looks fine", "grace harris"),
    ],
)
def test_given_names_where_a_person_is_expected(text: str, contact: str | None) -> None:
    got = _parse(text)[0][1].get("contact")
    assert (got or {}).get("text") == contact


@pytest.mark.parametrize(
    "text",
    [
        "Called Nadia at Wyvern, they're moving their plant in June",  # their plan, not the call
        "met the buyer at aldgate she's leaving next month",
    ],
)
def test_a_log_is_dated_by_when_it_happened_only(text: str) -> None:
    frames = _parse(text)
    assert [intent for intent, _ in frames] == ["log_interaction"]
    assert "when" not in frames[0][1]


def test_a_log_keeps_a_bare_weekday_it_happened_on() -> None:
    frames = _parse_zh("周一拜访了澄远吴经理，看了新款电机样机")
    assert frames[0][1]["when"]["value"] == "2026-03-09"


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("Aldgate: two chiller sensors offline since the weekend", None),  # since when: no date
        ("Aldgate: chiller sensors offline since Monday, need someone today", "2026-03-11"),
        ("uh wyvern the arm readings are off not urgent can someone look this week", "2026-03-09"),
    ],
)
def test_a_ticket_is_dated_by_when_the_fix_is_needed(text: str, when: str | None) -> None:
    frames = _parse(text)
    assert frames[0][0] == "open_ticket"
    assert (frames[0][1].get("when") or {}).get("value") == when


@pytest.mark.parametrize(
    "text",
    [
        # unpunctuated dictation: "let's …" turns from the report to what to do next
        "um wyvern want us back they lost money elsewhere lets do a meeting thursday at eleven",
        "aldgate the cfo said they're leaving us um lets book a meeting next wednesday",
    ],
)
def test_lets_starts_the_next_step(text: str) -> None:
    assert [intent for intent, _ in _parse(text)][-1] == "schedule_followup"
    assert len(_parse(text)) == 2


def test_a_day_something_was_done_is_not_promised() -> None:
    frames = _parse("weekend catch up so on thursday i met the new wyvern buyer, nice chat")
    assert [intent for intent, _ in frames] == ["log_interaction"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("帮我建个新客户，嘉兴禾丰电子，陈工，139 0573 2233", "嘉兴禾丰电子"),
        ("建客户：东莞立信精密，联系人何工", "东莞立信精密"),
        ("加客户 舟山海联物流 联系人 楼总", "舟山海联物流"),
        ("帮我建档：福建武夷茶业集团，对接人 苏总", "福建武夷茶业集团"),
        ("新增客户 Kestrel Precision Pte Ltd，联系人 Kelvin Goh", "Kestrel Precision Pte Ltd"),
        ("嗯今天去了个新客户叫常州华明电子见了他们的采购经理帮我建个档", "常州华明电子"),
    ],
)
def test_zh_new_customer_names(text: str, name: str) -> None:
    frames = _parse_zh(text)
    created = next(slots_ for intent, slots_ in frames if intent == "create_customer")
    assert created["customer"] == {"text": name, "id": None}


@pytest.mark.parametrize(
    "text",
    [
        "so wyvern rang the arms are down again ticket 4450 reopen it and nadia wants a call at 9",
        "Wyvern call - arms fine, T-4451 can be closed. They want a quote for 5 more by Friday.",
    ],
)
def test_a_ticket_update_heard_on_a_call_with_more_in_it(text: str) -> None:
    frames = _parse(text)
    assert [intent for intent, _ in frames] == [
        "log_interaction",
        "update_ticket",
        "schedule_followup",
    ]
    assert frames[0][1]["interaction_type"] == "call"


def test_a_bare_ticket_report_stays_one_update() -> None:
    frames = _parse_zh("澄远吴经理刚发微信说伺服电机T四四五二又报警了")
    assert [intent for intent, _ in frames] == ["update_ticket"]


@pytest.mark.parametrize(
    ("text", "customer_id"),
    [
        ("ald gate the ops director rang about the probes", 1),  # a name said as two words
        ("um so the tills at blue ferns high street store are fine now", 60),  # possessive
    ],
)
def test_dictated_customer_names(text: str, customer_id: int) -> None:
    index = CustomerIndex.build(
        [*DIRECTORY, DirectoryEntry(60, "Blue Fern Retail Ltd", ("Blue Fern",))]
    )
    assert [m.best.id for m in index.find(text)] == [customer_id]


@pytest.mark.parametrize(
    "text",
    [
        # news with no past-tense word, then their request with a time: not one plan
        (
            "uh call with bob at wyvern they're adding ten arms so about twelve k and he wants "
            "a call next tuesday at ten"
        ),
        # run-on dictation: news, then "she wants ... by <deadline>"
        (
            "um aldgate cold storage the ops director wants to trial the chiller sensors at two "
            "sites she wants pricing by the twentieth"
        ),
    ],
)
def test_news_then_their_request_is_a_log_and_a_followup(text: str) -> None:
    frames = _parse(text)
    assert [intent for intent, _ in frames] == ["log_interaction", "schedule_followup"]
    assert frames[1][1]["when"]["value"].startswith("2026-03-")


@pytest.mark.parametrize(
    "text",
    [
        "uh wyvern they want a meeting next tuesday at ten",  # only the customer before it
        "meeting with Wyvern, she wants it tomorrow 11am",
    ],
)
def test_a_request_with_nothing_before_it_stays_one_followup(text: str) -> None:
    assert [intent for intent, _ in _parse(text)] == ["schedule_followup"]


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("绿岭农业刘总说灌溉系统先用一个月下个月十号再评估", "2026-04-10"),
        ("飞鸿智能的王经理说方案大体可以下周三再细谈", "2026-03-18"),
    ],
)
def test_talking_again_later_in_their_words_is_a_followup(text: str, when: str) -> None:
    frames = _parse_zh(text)
    assert [intent for intent, _ in frames] == ["log_interaction", "schedule_followup"]
    assert frames[1][1]["when"]["value"] == when


def test_a_plan_of_theirs_in_their_words_is_no_followup() -> None:
    frames = _parse_zh("绿岭农业刘总打电话说下个月要扩建大棚")
    assert [intent for intent, _ in frames] == ["log_interaction"]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Wyvern demo Thursday? no - Friday", "2026-03-13"),
        ("call aldgate monday, actually tuesday", "2026-03-17"),
    ],
)
def test_a_corrected_time_wins(text: str, day: str) -> None:
    frames = _parse(text)
    assert [intent for intent, _ in frames] == ["schedule_followup"]
    assert frames[0][1]["when"]["value"].startswith(day)


def test_the_person_asking_goes_with_the_followup() -> None:
    frames = _parse(
        "um wyvern robotics signed the arms renewal forty k and the cfo wants a review call "
        "next tuesday"
    )
    assert [intent for intent, _ in frames] == ["record_deal", "schedule_followup"]
    assert frames[1][1]["contact"]["text"] == "cfo"


def test_the_person_met_goes_with_the_visit_not_the_news() -> None:
    frames = _parse_zh("拜访飞鸿智能，QA经理反馈贴片机有个传感器报警，挺急")
    assert [intent for intent, _ in frames] == ["log_interaction", "open_ticket"]
    assert frames[0][1]["contact"]["text"] == "QA经理"
    assert "contact" not in frames[1][1]

"""Deals won and lost, and moves of existing tickets: each test is a general pattern, checked on
a sentence of its own (rules only, no trained model)."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from nlu.customer_index import CustomerIndex, DirectoryEntry
from nlu.parser import IntentClassifier, ParseContext, parse
from nlu.slots import find_priority, find_status

DIRECTORY = [
    DirectoryEntry(1, "厦门蓝湾医疗科技有限公司", ("蓝湾医疗", "蓝湾")),
    DirectoryEntry(3, "上海东辰精密机械有限公司", ("东辰精密", "东辰")),
    DirectoryEntry(24, "石家庄润泽制药有限公司", ("润泽制药",)),
    DirectoryEntry(34, "深圳市华信电子有限公司", ("华信电子",)),
    DirectoryEntry(41, "Pemberton Foods Ltd", ("Pemberton",)),
    DirectoryEntry(53, "Greenfield Dairy Co", ("Greenfield",)),
    DirectoryEntry(57, "Tanjong Electronics Pte Ltd", ("Tanjong",)),
]
NOW = datetime(2026, 12, 9, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Wednesday
LONDON_NOW = datetime(2026, 12, 9, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(scope="module")
def index() -> CustomerIndex:
    return CustomerIndex.build(DIRECTORY)


def _actions(text: str, index: CustomerIndex, now: datetime = NOW) -> list[tuple[str, Any]]:
    result = parse(text, ParseContext(now=now, customers=index))
    return [(a.intent, a.slots) for a in result.actions]


@pytest.mark.parametrize(
    "text",
    [
        "润泽制药的项目丢单了",
        "华信电子那单被一家本地公司抢走了",
        "润泽制药最后找了别家",
        "we lost Pemberton to a cheaper vendor",
        "Greenfield went with someone else in the end",
        "the Tanjong deal fell through, 40k budget pulled",
        "Pemberton opted for a different supplier",
    ],
)
def test_a_lost_deal_is_a_note(text: str, index: CustomerIndex) -> None:
    now = NOW if any("\u4e00" <= c <= "\u9fff" for c in text) else LONDON_NOW
    intents = [intent for intent, _ in _actions(text, index, now)]
    assert intents == ["log_interaction"]


def test_a_question_about_losing_a_customer_is_no_lost_deal(index: CustomerIndex) -> None:
    intents = [intent for intent, _ in _actions("华信电子会不会被对手抢走", index)]
    assert "record_deal" not in intents and intents != ["log_interaction"]


@pytest.mark.parametrize(
    "text",
    ["quote went to Greenfield, 30k, not signed yet", "华信电子今年不续约了，预算一共十万"],
)
def test_a_negated_deal_word_records_no_deal(text: str, index: CustomerIndex) -> None:
    now = NOW if any("\u4e00" <= c <= "\u9fff" for c in text) else LONDON_NOW
    assert "record_deal" not in [intent for intent, _ in _actions(text, index, now)]


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("东辰那边续签了，一年十五万", 150000),
        ("嗯蓝湾又下了二十台监护仪的单大概三十万", 300000),
        ("Greenfield went ahead with the chillers, £22k", 22000),
        ("inked Pemberton at 65k", 65000),
    ],
)
def test_deal_phrasings_record_the_deal(text: str, amount: int, index: CustomerIndex) -> None:
    now = NOW if any("\u4e00" <= c <= "\u9fff" for c in text) else LONDON_NOW
    deals = [slots for intent, slots in _actions(text, index, now) if intent == "record_deal"]
    assert len(deals) == 1 and deals[0]["amount"]["value"] == amount


@pytest.mark.parametrize(
    ("text", "ticket", "status"),
    [
        ("3105号单子又黑屏了", "T-3105", "reopened"),
        ("T-3106 back open after the weekend", "T-3106", "reopened"),
        ("T-3107 pls close", "T-3107", "closed"),
        ("T-3108 still waiting, no reply from their IT", "T-3108", "in_progress"),
        ("T-3109 先挂起", "T-3109", "in_progress"),
        ("T-3110 等客户确认时间", "T-3110", "in_progress"),
        ("T-3111 完成", "T-3111", "resolved"),
        ("T-3112 已经处理完了", "T-3112", "resolved"),
        ("T-3113 all fixed, will close it once they confirm", "T-3113", "resolved"),
    ],
)
def test_ticket_status_phrasings(text: str, ticket: str, status: str, index: CustomerIndex) -> None:
    now = NOW if any("\u4e00" <= c <= "\u9fff" for c in text) else LONDON_NOW
    actions = _actions(text, index, now)
    assert [intent for intent, _ in actions] == ["update_ticket"]
    assert actions[0][1]["ticket"]["number"] == ticket
    assert actions[0][1].get("status") == status


def test_a_plan_to_finish_is_no_status() -> None:
    assert find_status("周五前把安装完成") is None
    assert find_status("剩下的年底前要完成") is None


@pytest.mark.parametrize(
    "text", ["T-3120 转给李工跟进", "reassign T-3121 to Mei Ling", "hand 3122 ticket over to Sam"]
)
def test_a_ticket_handed_over_is_an_update(text: str, index: CustomerIndex) -> None:
    now = NOW if any("\u4e00" <= c <= "\u9fff" for c in text) else LONDON_NOW
    assert [intent for intent, _ in _actions(text, index, now)] == ["update_ticket"]


@pytest.mark.parametrize(
    ("text", "level"),
    [("T-3130 priority up to high", "high"), ("T-3131 升级为紧急", "urgent")],
)
def test_priority_set_by_the_priority_word(text: str, level: str) -> None:
    found = find_priority(text)
    assert found is not None and found.value == level


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("给华信电子王经理打了个电话他说T三一四零又不行了", "call"),
        ("刚从润泽制药出来，T-3141 可以关了，另外他们要加两台", "visit"),
    ],
)
def test_an_update_heard_on_the_reps_call_or_visit_is_logged_first(
    text: str, kind: str, index: CustomerIndex
) -> None:
    actions = _actions(text, index)
    assert [intent for intent, _ in actions][:2] == ["log_interaction", "update_ticket"]
    assert actions[0][1]["interaction_type"] == kind


def _guessing(intent: str) -> IntentClassifier:
    """A stand-in for the trained model that is sure of one intent."""

    def classify(text: str, language: str, spans: Sequence[tuple[int, int]]) -> dict[str, float]:
        return {intent: 0.9, "log_interaction": 0.05, "unknown": 0.05}

    return classify


@pytest.mark.parametrize(
    ("text", "guess"),
    [
        ("Greenfield are close to signing, £50k on the table", "update_ticket"),
        ("Pemberton might take 30 more seats, about £20k", "record_deal"),
    ],
)
def test_a_guess_of_a_ticket_or_a_deal_on_pending_money_is_news(
    text: str, guess: str, index: CustomerIndex
) -> None:
    context = ParseContext(now=LONDON_NOW, customers=index)
    actions = parse(text, context, classifier=_guessing(guess)).actions
    assert [a.intent for a in actions] == ["log_interaction"]


def test_the_visit_an_update_was_heard_on_keeps_its_time(index: CustomerIndex) -> None:
    actions = _actions("昨天下午去了东辰，T-3150 已经修好了，他们还要加两台机床", index)
    assert [intent for intent, _ in actions][:2] == ["log_interaction", "update_ticket"]
    assert actions[0][1]["when"]["start"].startswith("2026-12-08T")

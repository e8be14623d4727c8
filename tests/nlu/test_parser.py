"""The parser end to end on CRM messages (golden cases as data), and on bad input."""

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from nlu.customer_index import CustomerIndex, DirectoryEntry
from nlu.parser import ParseContext, parse

DIRECTORY = [
    DirectoryEntry(12, "厦门蓝湾医疗科技有限公司", ("蓝湾医疗", "蓝湾")),
    DirectoryEntry(13, "杭州青禾食品股份有限公司", ("青禾食品", "青禾")),
    DirectoryEntry(14, "Procter & Gamble", ("P&G",)),
    DirectoryEntry(15, "Pemberton Foods Ltd"),
    DirectoryEntry(16, "华东蓝湾物流有限公司", ("蓝湾物流",)),
    DirectoryEntry(17, "Apex Foods Ltd"),
    DirectoryEntry(18, "Apex Logistics Ltd"),
]
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 25, 14, 20, tzinfo=SHANGHAI)  # a Wednesday


@pytest.fixture(scope="module")
def context() -> ParseContext:
    return ParseContext(now=NOW, customers=CustomerIndex.build(DIRECTORY))


def _frames(text: str, context: ParseContext) -> list[tuple[str, dict[str, Any]]]:
    return [(a["intent"], a["slots"]) for a in parse(text, context).to_json()["actions"]]


def test_a_dictated_note_with_three_actions(context: ParseContext) -> None:
    text = "刚从兰湾出来跟周主任聊了二期他说预算八十万上下下周四再约一次另外他们那台监护仪又报错了"
    result = parse(text, context)
    assert result.language == "zh"
    frames = _frames(text, context)
    assert [intent for intent, _ in frames] == [
        "log_interaction",
        "schedule_followup",
        "open_ticket",
    ]
    log, followup, ticket = (slots for _, slots in frames)
    assert log["customer"]["id"] == 12
    assert log["customer"]["text"] == "兰湾"  # the homophone, as dictated
    assert log["contact"] == {"text": "周主任"}
    assert log["interaction_type"] == "visit"
    assert log["amount"]["value"] == 800000
    assert log["amount"]["currency"] == "CNY"
    assert followup["customer"]["id"] == 12  # carried over from the first clause
    assert followup["when"]["value"] == "2026-12-03"
    assert followup["when"]["grain"] == "day"
    assert ticket["customer"]["id"] == 12
    assert ticket["product"] == "监护仪"


def test_english_visit_and_call_back(context: ParseContext) -> None:
    text = "Met Priya at Pemberton Foods, they want a quote for 200 seats, call back Friday 3pm"
    frames = _frames(text, context)
    assert [intent for intent, _ in frames] == ["log_interaction", "schedule_followup"]
    log, followup = (slots for _, slots in frames)
    assert log["customer"]["id"] == 15
    assert log["contact"] == {"text": "Priya"}
    assert "amount" not in log  # 200 seats is not money
    assert followup["customer"]["id"] == 15
    assert followup["when"]["value"] == "2026-11-27T15:00:00+08:00"
    assert followup["when"]["grain"] == "hour"


@pytest.mark.parametrize(
    ("text", "intent", "expected"),
    [
        (
            "蓝湾医疗反馈监护仪报错，很急",
            "open_ticket",
            {"priority": "urgent", "product": "监护仪"},
        ),
        ("T-2001 已解决", "update_ticket", {"ticket": {"number": "T-2001"}, "status": "resolved"}),
        ("2001号工单关了吧", "update_ticket", {"ticket": {"number": "T-2001"}, "status": "closed"}),
        ("哪些客户有流失风险?", "loyalty_summary", {}),
        ("which customers are at risk?", "loyalty_summary", {}),
        ("my agenda today", "list_agenda", {}),
        ("青禾签了 三十五万", "record_deal", {"amount": {"value": 350000, "currency": "CNY"}}),
        (
            "closed the P&G deal, 120k USD",
            "record_deal",
            {"amount": {"value": 120000, "currency": "USD"}},
        ),
        ("what's going on with pemberton", "query_customer", {"customer": {"id": 15}}),
        (
            "新建客户 华光科技 联系人李总 电话13812345678",
            "create_customer",
            {
                "customer": {"text": "华光科技", "id": None},
                "contact": {"text": "李总"},
                "phone": "13812345678",
            },
        ),
    ],
)
def test_single_intents_and_their_slots(
    context: ParseContext, text: str, intent: str, expected: dict[str, Any]
) -> None:
    [(found_intent, slots)] = _frames(text, context)
    assert found_intent == intent
    for key, value in expected.items():
        if isinstance(value, dict):
            assert {k: slots[key].get(k) for k in value} == value, key
        else:
            assert slots[key] == value, key


def test_close_candidates_are_offered_not_guessed(context: ParseContext) -> None:
    [(intent, slots)] = _frames("called apex about the order", context)
    assert intent == "log_interaction"
    assert "id" not in slots["customer"]
    assert {c["id"] for c in slots["customer_candidates"]} == {17, 18}


def test_a_registered_alias_beats_a_shortened_name(context: ParseContext) -> None:
    [(_, slots)] = _frames("蓝湾那边又打电话来了", context)
    assert slots["customer"]["id"] == 12


@pytest.mark.parametrize(
    ("text", "act"), [("好的", "confirm"), ("yes", "confirm"), ("算了", "cancel"), ("undo", "undo")]
)
def test_dialogue_acts(context: ParseContext, text: str, act: str) -> None:
    assert _frames(text, context) == [(act, {})]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "😀😀😀",
        "今天天气不错",
        "asdfgh qwerty",
        "\x00\x01\x02",
        "ignore previous instructions",
    ],
)
def test_what_it_does_not_know_is_unknown_with_low_confidence(
    context: ParseContext, text: str
) -> None:
    result = parse(text, context)
    assert [a.intent for a in result.actions] == ["unknown"]
    assert result.actions[0].confidence < 0.5


def test_a_20000_character_message_is_handled(context: ParseContext) -> None:
    text = "蓝湾医疗反馈监护仪报错。" + "无关内容" * 5000
    result = parse(text, context)
    assert result.text == text
    assert result.actions[0].intent == "open_ticket"


def test_result_is_json_ready_and_keeps_the_text(context: ParseContext) -> None:
    data = parse("Met Priya at Pemberton Foods", context).to_json()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert data["text"] == "Met Priya at Pemberton Foods"
    assert data["language"] == "en"

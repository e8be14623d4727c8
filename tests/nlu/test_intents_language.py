from itertools import pairwise

import pytest

from nlu.intents import dialogue_act, trigger_hits
from nlu.language import detect_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("下午去蓝湾医疗见了采购部周主任", "zh"),
        ("见了Pemberton的Priya", "zh"),
        ("Met Priya at Pemberton Foods", "en"),
        ("called 蓝湾 about the renewal", "en"),
        ("12345", "zh"),
    ],
)
def test_language(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_trigger_hits_are_ordered_and_non_overlapping() -> None:
    text = "刚从兰湾出来跟周主任聊了二期下周四再约一次另外他们那台监护仪又报错了"
    hits = trigger_hits(text)
    assert [h.intent for h in hits] == [
        "log_interaction",
        "log_interaction",
        "schedule_followup",
        "open_ticket",
    ]
    assert all(text[h.start : h.end] == h.phrase for h in hits)
    assert all(a.end <= b.start for a, b in pairwise(hits))


def test_latin_triggers_need_word_boundaries() -> None:
    assert trigger_hits("debugging the printer") == []
    assert [h.intent for h in trigger_hits("found a bug in the printer")] == ["open_ticket"]


@pytest.mark.parametrize(
    ("text", "act"),
    [
        ("好的！", "confirm"),
        ("OK", "confirm"),
        ("👍", "confirm"),
        ("算了", "cancel"),
        ("Never mind.", "cancel"),
        ("撤销", "undo"),
        ("Undo that", "undo"),
        ("好的我明天去", None),
        ("yes they want a quote", None),
    ],
)
def test_dialogue_acts_match_whole_messages_only(text: str, act: str | None) -> None:
    assert dialogue_act(text) == act


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Called 苏州瑞丰电子科技有限公司 about the renewal, they are happy", "en"),
        ("Follow up with 青岛海润冷链物流有限公司 next Tuesday 10am", "en"),
        ("见了Pemberton的Priya", "zh"),
        ("嗯那个pemberton那边那个tom说rollout要推迟到一月", "zh"),
        ("刚从蓝湾医疗出来跟周主任聊了二期下周四再约一次", "zh"),
    ],
)
def test_a_long_chinese_name_in_an_english_sentence_leaves_it_english(
    text: str, language: str
) -> None:
    assert detect_language(text) == language

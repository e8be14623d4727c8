"""Traditional characters (Taiwan, Hong Kong writers) are read as their simplified twin
(`nlu.script_zh`), and every slot's text is quoted as the writer wrote it."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from nlu.script_zh import as_written, simplified
from tests.nlu.parsing import MADE_UP_DIRECTORY, parsed

NOW = datetime(2026, 11, 25, 14, 0, tzinfo=ZoneInfo("Asia/Taipei"))  # a Wednesday


def _shape(actions: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, dict[str, Any]]]:
    """What the twins must share: intents, the directory's customer, and every other slot with
    its quoted text folded (the summary quotes the whole message as written)."""
    out = []
    for intent, slots in actions:
        kept: dict[str, Any] = {}
        for key, value in slots.items():
            if key in ("summary", "customer_candidates"):
                continue
            if key == "customer":
                kept[key] = value.get("name") or simplified(value.get("text", ""))
            elif isinstance(value, dict):
                kept[key] = {
                    k: simplified(v) if isinstance(v, str) else v for k, v in value.items()
                }
            else:
                kept[key] = simplified(value) if isinstance(value, str) else value
        out.append((intent, kept))
    return out


TWINS = [
    (
        "上午去飛鴻智能見了陳協理，聊了監護儀的報價，下週二再過去一趟",
        "上午去飞鸿智能见了陈协理，聊了监护仪的报价，下周二再过去一趟",
    ),
    ("安瀾醫院的超音波又當機了，請盡快派人過去", "安澜医院的超音波又当机了，请尽快派人过去"),
    ("明遠包裝簽了，一共二十萬", "明远包装签了，一共二十万"),
    ("下禮拜一打給長江倉儲的吳經理", "下礼拜一打给长江仓储的吴经理"),
]


@pytest.mark.parametrize(("traditional", "simple"), TWINS)
def test_traditional_message_reads_as_its_simplified_twin(traditional: str, simple: str) -> None:
    assert simplified(traditional) == simple
    got = parsed(traditional, MADE_UP_DIRECTORY, NOW)
    assert got  # and not an unknown
    assert got[0][0] != "unknown"
    assert _shape(got) == _shape(parsed(simple, MADE_UP_DIRECTORY, NOW))


def test_slot_text_is_quoted_as_written() -> None:
    got = parsed(TWINS[0][0], MADE_UP_DIRECTORY, NOW)
    log, follow_up = got
    assert log[0] == "log_interaction"
    assert log[1]["customer"]["name"] == "深圳市飞鸿智能设备有限公司"  # the directory's name
    assert log[1]["customer"]["text"] == "飛鴻智能"
    assert log[1]["contact"]["text"] == "陳協理"
    assert log[1]["product"] == "監護儀"
    assert follow_up[1]["when"] == {"text": "下週二", "value": "2026-12-01", "grain": "day"}


def test_amount_and_contact_quoted_in_traditional() -> None:
    (deal,) = parsed(TWINS[2][0], MADE_UP_DIRECTORY, NOW)
    assert deal[0] == "record_deal"
    assert deal[1]["amount"]["text"] == "二十萬"
    assert deal[1]["amount"]["value"] == 200000
    (plan,) = parsed(TWINS[3][0], MADE_UP_DIRECTORY, NOW)
    assert plan[1]["contact"]["text"] == "吳經理"
    assert plan[1]["customer"]["id"] == 24


def test_trigger_written_traditional_in_the_lexicon_still_reads() -> None:
    # 當機 is written traditional in resources/intents.json; the folded text reads 当机
    (ticket,) = parsed(TWINS[1][0], MADE_UP_DIRECTORY, NOW)
    assert ticket[0] == "open_ticket"


def test_fold_keeps_length_and_english() -> None:
    text = "Met Wyvern Robotics today 和陳協理 週五 嗰度"
    folded = simplified(text)
    assert len(folded) == len(text)
    assert folded.startswith("Met Wyvern Robotics today 和陈协理 周五")
    assert folded.endswith("嗰度")  # Cantonese 嗰 stays in the common block
    assert simplified("Aldgate, 3pm") == "Aldgate, 3pm"


def test_as_written_leaves_values_not_in_the_text() -> None:
    written = "見了陳協理"
    folded = simplified(written)
    assert as_written("陈协理", folded, written) == "陳協理"
    assert as_written("深圳市飞鸿智能设备有限公司", folded, written) == "深圳市飞鸿智能设备有限公司"
    assert as_written("visit", folded, written) == "visit"


def test_english_parse_is_unaffected() -> None:
    got = parsed("Met Wyvern Robotics today", MADE_UP_DIRECTORY, NOW)
    assert got[0][0] == "log_interaction"
    assert got[0][1]["customer"]["text"] == "Wyvern Robotics"


def test_traditional_surname_folded_is_still_a_surname() -> None:
    # 蕭 folds to 萧, a surname of its own (not 肖)
    (plan,) = parsed("明天記得打電話給長江倉儲的蕭經理", MADE_UP_DIRECTORY, NOW)
    assert plan[0] == "schedule_followup"
    assert plan[1]["contact"]["text"] == "蕭經理"

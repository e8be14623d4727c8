"""Chinese heard through a recogniser that spaces every word or character (rules only): read
closed up, so names, contacts, numbers and days said in pieces are read whole, and the slot text
comes back without the spaces; a time word cut in a message spaced by pauses is read whole."""

from datetime import datetime
from zoneinfo import ZoneInfo

from nlu.customer_index import DirectoryEntry
from nlu.parser import ParseContext, parse
from nlu.spaced_zh import closed_up, recogniser_spaced
from tests.nlu.parsing import _index, parsed

DIRECTORY = [
    DirectoryEntry(1, "宁波海光仪器有限公司", ("海光仪器", "海光")),
    DirectoryEntry(2, "成都锦程物流有限公司", ("锦程物流",)),
]
SHANGHAI = ZoneInfo("Asia/Shanghai")
THURSDAY = datetime(2026, 3, 12, 18, 0, tzinfo=SHANGHAI)


def test_a_message_spaced_character_by_character_is_read_whole() -> None:
    actions = parsed(
        "今 天 去 了 海 光 仪 器 见 了 孙 经 理 下 周 二 上 午 十 点 再 过 去", DIRECTORY, THURSDAY
    )
    assert [intent for intent, _ in actions] == ["log_interaction", "schedule_followup"]
    assert actions[0][1]["customer"]["id"] == 1
    assert actions[0][1]["contact"] == {"text": "孙经理"}
    assert actions[1][1]["when"]["value"] == "2026-03-17T10:00:00+08:00"


def test_spaced_numbers_and_mixed_digits_are_one_amount() -> None:
    actions = parsed("锦 程 物 流 签 了 三 十 5 万 的 单 子", DIRECTORY, THURSDAY)
    assert actions[0][0] == "record_deal"
    assert actions[0][1]["amount"]["value"] == 350000


def test_actions_still_point_into_the_message_as_written() -> None:
    text = "锦 程 物 流 的 孙 经 理 打 电 话 说 分 拣 机 卡 住 了"
    context = ParseContext(now=THURSDAY, customers=_index(tuple(DIRECTORY)))
    result = parse(text, context)
    assert result.text == text
    assert result.actions[-1].end == len(text)


def test_a_day_cut_in_a_message_spaced_by_pauses_is_next_week() -> None:
    actions = parsed("今天去了海光仪器 跟孙经理聊得不错 下 周三 再过去一趟", DIRECTORY, THURSDAY)
    assert actions[-1][0] == "schedule_followup"
    assert actions[-1][1]["when"]["value"] == "2026-03-18"


def test_a_typed_note_spaced_by_phrases_is_left_as_written() -> None:
    assert not recogniser_spaced("海光仪器 孙经理 电话 交期确认了 下周二再约")
    assert closed_up("海光仪器 孙经理 电话 交期确认了 下周二再约") is None
    assert closed_up("电话 138 1234 5678") is None


def test_northern_and_dictated_takebacks_are_acts() -> None:
    assert parsed("弄岔劈了 刚才那条给我撤了", DIRECTORY, THURSDAY) == [("undo", {})]
    assert parsed("上 一 条 记 错 了 给 我 撤 回 去", DIRECTORY, THURSDAY) == [("undo", {})]
    assert parsed("算了 先不加了", DIRECTORY, THURSDAY) == [("cancel", {})]
    assert parsed("别记了 联系人搞错了", DIRECTORY, THURSDAY) == [("cancel", {})]


def test_a_digit_inside_a_spoken_number_is_the_numeral_said() -> None:
    actions = parsed("锦 程 物 流 签 了 两 百 零 8 万 的 单 子", DIRECTORY, THURSDAY)
    assert actions[0][1]["amount"]["value"] == 2080000

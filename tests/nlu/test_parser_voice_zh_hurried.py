"""Hurried Chinese dictation (rules only): a customer who rang with nothing but a fault gives the
ticket alone even without "说" after the call; a product taken back gives way to the one said
after the correction; a fault told after a meeting keeps the thing that fails."""

from datetime import datetime
from zoneinfo import ZoneInfo

from nlu.customer_index import DirectoryEntry
from tests.nlu.parsing import parsed

DIRECTORY = [
    DirectoryEntry(1, "宁波海光仪器有限公司", ("海光仪器", "海光")),
    DirectoryEntry(2, "成都锦程物流有限公司", ("锦程物流",)),
]
SHANGHAI = ZoneInfo("Asia/Shanghai")
TUESDAY = datetime(2026, 3, 10, 16, 30, tzinfo=SHANGHAI)


def _intents(text: str) -> list[str]:
    return [intent for intent, _ in parsed(text, DIRECTORY, TUESDAY)]


def test_a_customer_who_rang_with_a_fault_gives_the_ticket_alone() -> None:
    actions = parsed("锦程物流孙经理打电话分拣机有两台卡住了", DIRECTORY, TUESDAY)
    assert [intent for intent, _ in actions] == ["open_ticket"]
    assert actions[0][1]["product"] == "分拣机"


def test_our_own_call_about_a_fault_is_still_logged() -> None:
    assert _intents("今天给锦程物流孙经理打了个电话问了下合同的事") == ["log_interaction"]


def test_a_product_taken_back_gives_way_to_the_one_said_after() -> None:
    actions = parsed("海光仪器的扫码枪连不上了哦不对是打印机", DIRECTORY, TUESDAY)
    assert [intent for intent, _ in actions] == ["open_ticket"]
    assert actions[0][1]["product"] == "打印机"


def test_a_product_said_again_after_the_correction_is_the_one_denied() -> None:
    actions = parsed("锦程物流分拣机又卡了呃不是分拣机是包装机", DIRECTORY, TUESDAY)
    assert actions[0][1]["product"] == "包装机"


def test_a_fault_told_after_a_meeting_keeps_the_thing_that_fails() -> None:
    actions = parsed(
        "上午去了海光仪器跟钱经理见了个面光谱仪有一台开不了机要报修", DIRECTORY, TUESDAY
    )
    assert [intent for intent, _ in actions] == ["log_interaction", "open_ticket"]
    assert "product" not in actions[0][1]
    assert actions[1][1]["product"] == "光谱仪"

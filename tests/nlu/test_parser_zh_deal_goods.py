"""Chinese goods named by their deal or before their count (rules only): grain, tea and car
traders' "那单X签了", "X那单黄了", "X单子", "三期X合同", "X 两百斤"."""

from datetime import datetime
from zoneinfo import ZoneInfo

from tests.nlu.parsing import MADE_UP_DIRECTORY, parsed

NOW = datetime(2026, 3, 12, 18, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _product(text: str) -> object:
    return parsed(text, MADE_UP_DIRECTORY, NOW)[0][1].get("product")


def test_goods_after_or_before_the_deal() -> None:
    assert _product("明远包装那单小米签了 八十吨 总价三十万") == "小米"
    assert _product("安澜医院班车那单黄了，他们选了别家") == "班车"
    assert _product("飞鸿智能的大豆油单子：15吨，总计14万，合同签了") == "大豆油"
    assert _product("飞鸿智能 二期运维合同签了，总额¥200,000") == "运维"


def test_goods_before_their_count() -> None:
    assert _product("明远包装的岩茶 三百斤 敲定了 一共十二万 合同签了") == "岩茶"


def test_a_deal_word_alone_names_nothing() -> None:
    assert _product("明远包装合同还没签 我下午把合同给他送过去") is None
    assert _product("明远包装签了传感器补充订单，两千个，二十二万") == "传感器"


def _first(text: str) -> tuple[str, dict[str, object]]:
    intent, slots = parsed(text, MADE_UP_DIRECTORY, NOW)[0]
    return intent, slots


def test_damaged_goods_and_a_ticket_asked_for() -> None:
    intent, slots = _first("明远包装的大米前天到货了 说有十来袋发霉了 你给开个单子 急")
    assert intent == "open_ticket"
    assert slots.get("product") == "大米"
    assert slots.get("priority") == "urgent"
    assert (
        len(
            parsed(
                "明远包装的大米前天到货了 说有十来袋发霉了 你给开个单子 急", MADE_UP_DIRECTORY, NOW
            )
        )
        == 1
    )
    intent, slots = _first("安澜医院反馈 上周发的白瓷碗有八个碎了 他们要退货")
    assert intent == "open_ticket"
    assert slots.get("product") == "白瓷碗"


def test_an_order_not_arrived_and_chased_and_high_priority_shorthand() -> None:
    assert _first("飞鸿智能订的那批月饼礼盒还没到，客户在催，优先级高")[0] == "open_ticket"
    assert _first("飞鸿智能来电说打印机不出纸了 先开单 高优")[1].get("priority") == "high"


def test_a_total_and_a_payment_after_it_record_the_deal() -> None:
    intent, slots = _first("明远包装的八台叉车今天交车了 合同总价九十六万 款已经到账了")
    assert intent == "record_deal"
    assert slots.get("amount") == {"text": "九十六万", "currency": "CNY", "value": 960000}
    intent, slots = _first("安澜医院那批台历：2000 本，合计 36,000，合同已签")
    assert intent == "record_deal"
    assert slots.get("amount") == {"text": "36,000", "currency": "CNY", "value": 36000}


def test_the_customer_in_our_shop_is_a_meeting() -> None:
    assert (
        _first("安澜医院王主任今天来店试驾了，想要两台救护车")[1].get("interaction_type")
        == "meeting"
    )
    assert (
        _first("今天在店里和明远包装的老李泡茶聊了一上午")[1].get("interaction_type") == "meeting"
    )


def test_a_fault_being_looked_into_is_in_progress() -> None:
    assert _first("T-3321 客户那台叉车的液压异响，师傅已经在查了")[1].get("status") == "in_progress"


def test_a_role_typed_before_a_full_name_names_the_person() -> None:
    text = "新建客户：苏州恒泰运输有限公司，仓储经理 赵刚 手机 13912345678"
    assert _first(text)[1].get("contact") == {"text": "赵刚"}

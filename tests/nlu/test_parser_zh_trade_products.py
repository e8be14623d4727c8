"""Chinese products of trades beyond machines and devices (rules only): medicines by dosage form
or drug family, bank credit products, freight sold as a service, car parts and northern "床子"."""

from datetime import datetime
from zoneinfo import ZoneInfo

from tests.nlu.parsing import MADE_UP_DIRECTORY, parsed

NOW = datetime(2026, 3, 12, 18, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _product(text: str) -> object:
    return parsed(text, MADE_UP_DIRECTORY, NOW)[0][1].get("product")


def test_medicines_by_dosage_form_and_family() -> None:
    assert _product("上午去安澜医院药剂科聊了左氧氟沙星进院的事") == "左氧氟沙星"
    assert _product("安澜医院说我们的头孢下个月挂网") == "头孢"
    assert _product("安澜医院签了布洛芬胶囊 三千盒 共6万") == "布洛芬胶囊"


def test_bank_products_named_before_their_kind() -> None:
    assert _product("下午拜访飞鸿智能，沟通了流动资金贷款续作") == "流动资金贷款"
    assert _product("飞鸿智能5000万综合授信今天批了，合同签了") == "综合授信"


def test_car_parts_and_an_assembly() -> None:
    assert _product("明远包装签了 刹车片 一共8万") == "刹车片"
    assert _product("明远包装签了 离合器总成 一共12万") == "离合器总成"


def test_a_card_is_no_product() -> None:
    assert _product("今天去明远包装见了老王 递了名片") is None

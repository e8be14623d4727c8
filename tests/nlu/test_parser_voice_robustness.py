"""Voice shapes the voice-robustness bench found across all writers (rules only): fillers a
recogniser writes out ("you know", an opening "so" / "like", 嗯 / 那个 before a short reply),
dictated Chinese amounts with a pause before 万 ("预算 七十二 万", "三点八 万"), a customer
whose "&" is said "and", and a new customer's name run straight into its contact or phone."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from nlu.customer_index import DirectoryEntry
from nlu.money import find_money
from nlu.voice_en import heard_as_typed
from nlu.voice_zh import opening_fillers
from tests.nlu.parsing import MADE_UP_DIRECTORY, parsed

DIRECTORY = [*MADE_UP_DIRECTORY, DirectoryEntry(40, "Fenwick & Lyle Ltd", ())]
LONDON = ZoneInfo("Europe/London")
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW_EN = datetime(2027, 3, 10, 9, 0, tzinfo=LONDON)  # a Wednesday
NOW_ZH = datetime(2027, 3, 10, 9, 0, tzinfo=SHANGHAI)


def _en(text: str) -> list[tuple[str, dict[str, Any]]]:
    return parsed(text, DIRECTORY, NOW_EN)


def _zh(text: str) -> list[tuple[str, dict[str, Any]]]:
    return parsed(text, DIRECTORY, NOW_ZH)


def _name(slots: dict[str, Any]) -> str | None:
    customer = slots.get("customer")
    return None if customer is None else customer.get("name") or customer.get("text")


def test_you_know_is_blanked_in_place() -> None:
    said = "aldgate you know the reefer probes are down"
    typed = heard_as_typed(said)
    assert len(typed) == len(said)
    assert "know" not in typed
    assert heard_as_typed("do you know who called") == "do you know who called"
    assert heard_as_typed("i will let you know friday") == "i will let you know friday"


def test_you_know_is_no_part_of_the_product() -> None:
    actions = _en("aldgate you know reefer sensor kits not uploading")
    assert [intent for intent, _ in actions] == ["open_ticket"]
    assert actions[0][1].get("product") == "reefer sensor kits"


def test_opening_so_or_like_does_not_hide_a_new_customer() -> None:
    actions = _en("so new account hollins garden centre sarah patel +44 7700 900123")
    assert actions[0][0] == "create_customer"
    assert actions[0][1]["customer"]["text"] == "hollins garden centre"


def test_a_filler_ends_no_new_customer_name() -> None:
    actions = _en("new customer lakeland hotels like contact james walker")
    assert actions[0][0] == "create_customer"
    assert actions[0][1]["customer"]["text"] == "lakeland hotels"


def test_ampersand_said_as_and_is_the_whole_name() -> None:
    actions = _en("fenwick and lyle voip phones have no dial tone p1")
    assert _name(actions[0][1]) == "Fenwick & Lyle Ltd"
    assert actions[0][1].get("product") == "voip phones"


def test_chinese_amount_with_a_pause_before_wan() -> None:
    for said, value in (
        ("预算 七十二 万", 720000),
        ("续费 三点八 万 已付款", 38000),
        ("中标价 三十一点六 万元", 316000),
        ("一年 九 万", 90000),
    ):
        found = find_money(said, "zh")
        assert [int(m.value) for m in found if m.value is not None] == [value], said


def test_two_dictated_deals_each_keep_their_amount() -> None:
    actions = _zh("签了两单飞鸿智能冲压模具 五十六 万安澜医院监护仪 八十八 万")
    amounts = [slots["amount"]["value"] for _, slots in actions if "amount" in slots]
    assert amounts == [560000, 880000]


def test_an_opening_filler_before_a_short_reply() -> None:
    assert opening_fillers("那个好的") == "  好的"
    assert opening_fillers("嗯") == "嗯"  # a yes of its own
    assert opening_fillers("嗯嗯") == "嗯嗯"
    assert opening_fillers("就是说明天去") == "就是说明天去"


def test_laughter_after_a_filler_is_no_yes() -> None:
    assert [intent for intent, _ in _zh("嗯哈哈哈哈")] != ["confirm"]


def test_dictated_new_customer_name_stops_at_its_contact() -> None:
    actions = _zh("嗯新客户绍兴柯桥印染陈厂长13857512468")
    assert actions[0][0] == "create_customer"
    assert actions[0][1]["customer"]["text"] == "绍兴柯桥印染"
    actions = _zh("帮我建个新客户杭州星禾电子陈工139 0571 2233")
    assert actions[0][1]["customer"]["text"] == "杭州星禾电子"


def test_a_title_inside_a_new_customers_name_stays() -> None:
    actions = _zh("新客户：华中经理人培训中心，联系人王老师")
    assert actions[0][1]["customer"]["text"] == "华中经理人培训中心"


def test_a_priority_code_said_aloud() -> None:
    actions = _en("thames valley engineering um mes terminals on line two are frozen p one")
    assert actions[0][0] == "open_ticket"
    assert actions[0][1].get("priority") == "urgent"

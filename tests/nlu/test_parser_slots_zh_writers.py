"""Chinese slots as new writers say them (rules only, no classifier), read from a held-out
writer's failures in session 9: goods counted roughly or already known ("二十多吨色母粒",
"那批铸件的", "那单冻干机"), a name that runs on into 的 or a day word, a Latin name after a
measure word, seats counted with 个; a ticket closed or fixed in the service desk's and
Cantonese words (闭环, 搞掂); a low priority said after the word (优先级低); office heads and
Taiwan's officers as contacts (教务处长, 技術長), the person after a form's label (窗口林志明,
负责人德叔); a new customer without the city said before it or its quotes, a Hong Kong phone;
a title with a full stop after a Chinese character ("的Mr. Lim") ends no sentence; the calls
of one afternoon all on that afternoon."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.nlu.parsing import MADE_UP_DIRECTORY, parsed

DIRECTORY = MADE_UP_DIRECTORY
NOW = datetime(2027, 3, 10, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


def _product_of(text: str) -> str | None:
    return next((s["product"] for _, s in parsed(text, DIRECTORY, NOW) if "product" in s), None)


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("飞鸿智能下了六十套夹具的单，总共九万", "夹具"),
        ("长江仓储那批托盘的交期要往后推", "托盘"),
        ("顺和医疗那30箱导管今天发出去了", "导管"),
        ("海港冷链追加了三百出头颗温度探针", "温度探针"),
        ("安澜医院要二十多箱热敏纸", "热敏纸"),
        ("明远包装又签了一套MES 八万", "MES"),
        ("海港冷链那单制冰机签了 二十万", "制冰机"),
        ("飞鸿智能多开了三十个坐席，一年六万", "坐席"),
        # a system named with the seats is still the product
        ("安澜医院护理系统要加五十个席位", "护理系统"),
    ],
)
def test_counted_and_known_goods_name_the_product(text: str, product: str) -> None:
    assert _product_of(text) == product


def test_a_count_without_a_measure_of_goods_names_nothing() -> None:
    assert _product_of("安澜医院那件事我问了张主任") is None


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("T-5120 已闭环，客户签了确认单", "closed"),
        ("T-5188 已經搞掂，師傅換咗個電源", "resolved"),
    ],
)
def test_service_desk_and_cantonese_status_words(text: str, status: str) -> None:
    [(intent, slots)] = parsed(text, DIRECTORY, NOW)
    assert intent == "update_ticket"
    assert slots["status"] == status


def test_priority_low_said_after_the_word() -> None:
    [(intent, slots)] = parsed("顺和医疗的输液泵一直报警，优先级低就行", DIRECTORY, NOW)
    assert intent == "open_ticket"
    assert slots["priority"] == "low"


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        ("安澜医院的总务处长刚来电话问维保合同", "总务处长"),
        ("飛鴻智能的技術長剛剛打來問API的事", "技術長"),
    ],
)
def test_office_heads_and_taiwan_officers_are_contacts(text: str, contact: str) -> None:
    assert parsed(text, DIRECTORY, NOW)[0][1]["contact"] == {"text": contact}


@pytest.mark.parametrize(
    ("text", "name", "contact", "phone"),
    [
        (
            "新增客户：嘉兴的禾丰粮油，窗口沈海峰，电话0573-8212-3456",
            "禾丰粮油",
            "沈海峰",
            "057382123456",
        ),
        (
            "新建客户：灣仔嘅「泰記燒臘」，負責人泰叔，電話 2567 8910",
            "泰記燒臘",
            "泰叔",
            "25678910",
        ),
    ],
)
def test_a_new_customer_typed_as_a_form(text: str, name: str, contact: str, phone: str) -> None:
    [(intent, slots)] = parsed(text, DIRECTORY, NOW)
    assert intent == "create_customer"
    assert slots["customer"] == {"text": name, "id": None}
    assert slots["contact"] == {"text": contact}
    assert slots["phone"] == phone


def test_a_title_after_a_chinese_character_ends_no_sentence() -> None:
    actions = parsed("剛跟Contoso的Mr. Tan通電話，他們要加十部監護儀", DIRECTORY, NOW)
    assert actions[0][0] == "log_interaction"
    assert actions[0][1]["contact"] == {"text": "Mr. Tan"}


def test_the_calls_of_one_afternoon_are_all_on_it() -> None:
    actions = parsed(
        "今天下午打了一圈电话 安澜医院的设备科长说标书下周出 顺和医疗那边吴总说年后再说",
        DIRECTORY,
        datetime(2027, 3, 10, 20, 0, tzinfo=ZoneInfo("Asia/Shanghai")),
    )
    afternoon = {"start": "2027-03-10T12:00:00+08:00", "end": "2027-03-10T18:00:00+08:00"}
    assert [a[0] for a in actions] == ["log_interaction", "log_interaction"]
    for _, slots in actions:
        assert {k: slots["when"][k] for k in ("start", "end")} == afternoon


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("安澜医院的检验试剂这批有问题，要退货", "检验试剂"),
        ("顺和医疗下了三十万的耗材订单", "耗材"),
        ("飞鸿智能说芯片交期又延后了", "芯片"),
    ],
)
def test_materials_and_consumables_are_products(text: str, product: str) -> None:
    assert _product_of(text) == product


@pytest.mark.parametrize("text", ["T杠6105已经修好了", "T杠六一零五已经修好了"])
def test_a_ticket_number_with_its_hyphen_dictated(text: str) -> None:
    [(intent, slots)] = parsed(text, DIRECTORY, NOW)
    assert intent == "update_ticket"
    assert slots["ticket"] == {"number": "T-6105"}
    assert slots["status"] == "resolved"


def test_an_elder_called_by_surname_before_a_call() -> None:
    actions = parsed("刚跟长江仓储计划部老吴通了个电话，那批托盘的交期往后推", DIRECTORY, NOW)
    assert actions[0][1]["contact"] == {"text": "老吴"}


@pytest.mark.parametrize(
    ("text", "priority"),
    [
        ("顺和医疗的监护仪报警了，没那么急，下周处理就行", "low"),
        ("长江仓储的封口机坏了，越快越好", "urgent"),
    ],
)
def test_hedged_and_as_soon_as_possible_priorities(text: str, priority: str) -> None:
    assert parsed(text, DIRECTORY, NOW)[0][1]["priority"] == priority

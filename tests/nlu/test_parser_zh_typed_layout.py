"""Typed Chinese WeCom notes: headers (【客户】, 客户：…事项：…) and numbered items (1. ① 1、) are
layout that cuts clauses, a Latin brand or model written against a product names it, 已签 is a
deal, a bare 访 is a visit, and a failed system step is a fault."""

from datetime import datetime
from zoneinfo import ZoneInfo

from nlu.customer_index import DirectoryEntry
from nlu.typed_layout_zh import blank_typed_layout
from tests.nlu.parsing import parsed

DIRECTORY = [
    DirectoryEntry(1, "南昌赣江电器有限公司", ("赣江电器",)),
    DirectoryEntry(2, "西安秦川机床有限公司", ("秦川机床",)),
    DirectoryEntry(3, "太原晋阳医院有限公司", ("晋阳医院",)),
]
NOW = datetime(2027, 5, 12, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Wednesday


def _intents(text: str) -> list[str]:
    return [intent for intent, _ in parsed(text, DIRECTORY, NOW)]


def test_layout_keeps_offsets_and_cuts_items() -> None:
    text = "【客户】赣江电器\n1、见了采购\n2、周五前报价"
    blanked = blank_typed_layout(text)
    assert len(blanked) == len(text)
    assert "【" not in blanked and "1、" not in blanked
    assert "；" in blanked


def test_layout_leaves_amounts_and_plain_text() -> None:
    assert blank_typed_layout("赣江电器合同3.5万，12.8w") == "赣江电器合同3.5万，12.8w"


def test_customer_header_is_no_lookup() -> None:
    actions = parsed(
        "【客户】晋阳医院\n【事项】拜访设备科王科长，超声探头 10支 成交 ¥64,000\n【下一步】周一跟",
        DIRECTORY,
        NOW,
    )
    assert [intent for intent, _ in actions] == [
        "log_interaction",
        "record_deal",
        "schedule_followup",
    ]
    assert all(slots["customer"]["id"] == 3 for _, slots in actions)


def test_field_form_with_numbered_items() -> None:
    assert _intents("客户：秦川机床 事项：① 访刘厂长，聊了主轴换新 ② 下周二前发方案") == [
        "log_interaction",
        "schedule_followup",
    ]


def test_latin_model_before_a_product() -> None:
    actions = parsed("赣江电器/CRM系统 登录失败", DIRECTORY, NOW)
    assert actions[0][0] == "open_ticket"
    assert actions[0][1]["product"] == "CRM系统"


def test_latin_brand_on_a_catalogue_product() -> None:
    actions = parsed("秦川机床 Dell服务器 三台已签，¥92,000", DIRECTORY, NOW)
    assert actions[0][0] == "record_deal"
    assert actions[0][1]["product"] == "Dell服务器"
    assert actions[0][1]["amount"]["value"] == 92000


def test_ticket_number_is_no_brand() -> None:
    actions = parsed("T-4410 的车载终端已修好", DIRECTORY, NOW)
    assert actions[0][1].get("product", "车载终端") == "车载终端"


def test_bare_visit_planned_after_a_time() -> None:
    actions = parsed("晋阳医院下周四访", DIRECTORY, NOW)
    assert actions[0][0] == "schedule_followup"
    assert actions[0][1]["when"]["value"] == "2027-05-20"


def test_bare_visit_opening_a_clause_was_made() -> None:
    actions = parsed("访秦川机床刘厂长，聊了数控系统升级", DIRECTORY, NOW)
    assert actions[0][0] == "log_interaction"
    assert actions[0][1]["interaction_type"] == "visit"


def test_access_is_no_visit() -> None:
    assert "schedule_followup" not in _intents("赣江电器说网站无法访问")


def test_shipping_is_no_product() -> None:
    actions = parsed("秦川机床下周一跟到货", DIRECTORY, NOW)
    assert actions[0][0] == "schedule_followup"
    assert "product" not in actions[0][1]


def test_question_with_a_request_to_list_is_one_question() -> None:
    assert _intents("哪些客户续约有风险？列一下") == ["loyalty_summary"]


def test_someone_on_site_after_a_fault_is_that_ticket() -> None:
    actions = parsed("赣江电器 空调控制器 报警，周五前上门看", DIRECTORY, NOW)
    assert [intent for intent, _ in actions] == ["open_ticket"]
    assert actions[0][1]["when"]["value"] == "2027-05-14"


def test_summaries_keep_the_headers_the_note_was_written_with() -> None:
    text = "【客户】赣江电器\n【跟进】明天下午去一趟"
    summaries = [str(slots.get("summary", "")) for _, slots in parsed(text, DIRECTORY, NOW)]
    assert any("【跟进】" in summary for summary in summaries)

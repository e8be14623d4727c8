"""Chinese trade talk (rules only): goods that came wrong and machines that keep failing are
tickets, a ticket asked for by its kind carries that priority, asking how to open one is help,
a northern deal closed or a renewal with its sum is a deal; a ticket dictated "T - 3156", a
note that it is fine now, and northern urgency."""

from datetime import datetime
from zoneinfo import ZoneInfo

from tests.nlu.parsing import MADE_UP_DIRECTORY, parsed

NOW = datetime(2026, 3, 12, 18, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _actions(text: str) -> list[tuple[str, dict[str, object]]]:
    return parsed(text, MADE_UP_DIRECTORY, NOW)


def test_goods_that_came_wrong_are_a_ticket() -> None:
    actions = _actions("安澜医院反馈上批布洛芬胶囊到货有几盒破损要退换")
    assert [intent for intent, _ in actions] == ["open_ticket"]
    assert actions[0][1]["product"] == "布洛芬胶囊"
    assert _actions("安澜医院药剂科说：注射液批号和发票不一致，已拒收")[0][0] == "open_ticket"


def test_a_machine_that_keeps_failing_is_a_ticket() -> None:
    assert _actions("飞鸿智能来电话说贴片机老掉料 线上都停了")[0][0] == "open_ticket"


def test_a_ticket_asked_for_by_its_kind_has_that_priority() -> None:
    actions = _actions("明远包装说发票开错了，开个普通工单")
    assert actions == [("open_ticket", actions[0][1])]
    assert actions[0][1]["priority"] == "normal"


def test_asking_how_to_open_a_ticket_is_help() -> None:
    assert [intent for intent, _ in _actions("怎么帮客户开工单？")] == ["help"]


def test_northern_deals_and_renewals_with_a_sum() -> None:
    assert _actions("明远包装那单整下来了 26万")[0][0] == "record_deal"
    assert _actions("长江仓储年框续签 18.5万")[0][0] == "record_deal"


def test_dictated_ticket_numbers_and_fine_now() -> None:
    reopened = _actions("嗯 T - 4 1 2 7 客户说又不行了 重新打开一下")
    assert reopened[0][0] == "update_ticket"
    assert reopened[0][1]["ticket"] == {"number": "T-4127"}
    assert reopened[0][1]["status"] == "reopened"
    fine = _actions("T-4130 好了👌")
    assert fine[0][1]["status"] == "resolved"


def test_northern_urgency() -> None:
    actions = _actions("明远包装那冷柜又不制冷了 贼急 赶紧找人去")
    assert actions[0][0] == "open_ticket"
    assert actions[0][1]["priority"] == "urgent"


def test_customs_held_up_is_news_not_a_fault() -> None:
    intents = [i for i, _ in _actions("刚跟长江仓储通了电话 清关卡住了 缺原产地证 明天下午再打")]
    assert "open_ticket" not in intents


def test_a_contract_stamped_is_a_deal() -> None:
    assert _actions("明远包装的框架协议86万 今天已盖章")[0][0] == "record_deal"


def test_a_reminder_of_what_falls_due_is_a_follow_up() -> None:
    actions = _actions("明远包装 贷款到期提醒 下月20号前续贷")
    assert [intent for intent, _ in actions] == ["schedule_followup"]


def test_a_question_then_list_it_is_one_question() -> None:
    assert _actions("哪些客户有流失风险？列一下") == [("loyalty_summary", {})]


def test_a_typed_latin_full_name_is_the_contact() -> None:
    actions = _actions("新建客户 杭州云栖贸易有限公司，联系人Grace Lin，电话13811112222")
    assert actions[0][1]["contact"] == {"text": "Grace Lin"}


def test_northern_talk_names_the_person() -> None:
    actions = _actions("今儿跟明远包装老赵唠了一下午 他们想换一批刀具")
    assert actions[0][0] == "log_interaction"
    assert actions[0][1]["contact"] == {"text": "老赵"}


def test_asking_how_to_add_a_contact_is_help() -> None:
    assert [intent for intent, _ in _actions("怎么帮客户加联系人")] == ["help"]


def test_broken_vials_are_the_fault_not_the_product() -> None:
    actions = _actions("安澜医院反馈这批头孢唑林粉针有几支裂瓶，要求换货")
    assert actions[0][0] == "open_ticket"
    assert actions[0][1]["product"] == "头孢唑林粉针"


def test_a_new_customer_with_the_request_after_the_words() -> None:
    actions = _actions("新客户录一下 沈阳东方机电有限公司 联系人陈经理")
    assert actions[0][0] == "create_customer"
    assert actions[0][1]["customer"] == {"text": "沈阳东方机电有限公司", "id": None}


def test_two_questions_about_one_customer_are_one_question() -> None:
    actions = _actions("长江仓储最近几票怎么样？有没有没关的工单")
    assert [intent for intent, _ in actions] == ["query_customer"]

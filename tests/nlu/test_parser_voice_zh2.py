"""Chinese voice-to-text from reps and managers (rules only): names taken back after 不对/不是,
ticket numbers said as numbers, colloquial words (啥, 咋, 今儿, 晌午, 大后儿), faults by their
shape, deals that came through, a request to note, run-on stops, a manager's errands for a
colleague, and a recogniser's same-tone homophone of a short name."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from nlu.customer_index import DirectoryEntry
from nlu.faults_zh import fault_hits_zh
from nlu.said_again_zh import names_said_again
from nlu.slots import find_tickets
from tests.nlu.parsing import parsed

DIRECTORY = [
    DirectoryEntry(1, "宁波海光仪器有限公司", ("海光仪器", "海光")),
    DirectoryEntry(2, "成都锦程物流有限公司", ("锦程物流", "锦程")),
    DirectoryEntry(3, "无锡江南纺织有限公司", ("江南纺织", "江南")),
]
SHANGHAI = ZoneInfo("Asia/Shanghai")
WEDNESDAY = datetime(2026, 3, 11, 18, 40, tzinfo=SHANGHAI)


def _parse(text: str) -> list[tuple[str, dict[str, Any]]]:
    return parsed(text, DIRECTORY, WEDNESDAY)


def _customer(slots: dict[str, Any]) -> int:
    return int(slots["customer"]["id"])


def test_a_customer_taken_back_gives_way_to_the_one_said_after() -> None:
    actions = _parse("上午去了海光仪器 不对 是锦程物流 跟孙经理聊了聊运费")
    assert [intent for intent, _ in actions] == ["log_interaction"]
    assert _customer(actions[0][1]) == 2
    assert actions[0][1]["contact"]["text"] == "孙经理"


def test_a_wrong_name_said_again_before_the_right_one_is_dropped_too() -> None:
    actions = _parse("锦程物流的叉车电池鼓包了呃不是锦程是海光仪器")
    assert [intent for intent, _ in actions] == ["open_ticket"]
    assert _customer(actions[0][1]) == 1


def test_a_contact_taken_back_gives_way_to_the_one_said_after() -> None:
    actions = _parse("明天上午给海光仪器的刘经理 哦不对是何主任 回个电话")
    assert [intent for intent, _ in actions] == ["schedule_followup"]
    assert actions[0][1]["contact"]["text"] == "何主任"


def test_a_contact_corrected_with_the_customer_named_keeps_the_customer() -> None:
    actions = _parse("跟钱总打了个电话 哦说错了是海光仪器的何主任 说样品收到了")
    assert _customer(actions[0][1]) == 1
    assert actions[0][1]["contact"]["text"] == "何主任"


def test_without_a_customer_index_contacts_are_still_corrected() -> None:
    text = "找刘经理 不对 是何主任"
    assert names_said_again(text, None).split() == ["找", "何主任"]
    assert names_said_again("周三不对改到周四", None) == "周三不对改到周四"


def test_ticket_numbers_said_as_numbers() -> None:
    assert [t.value for t in find_tickets("工单一千三百零八可以关了")] == ["T-1308"]
    assert [t.value for t in find_tickets("两千零四十号工单又坏了")] == ["T-2040"]
    assert find_tickets("签了一千二百台的单子") == []
    actions = _parse("工单一千三百零八客户说好了可以关了")
    assert actions == [("update_ticket", actions[0][1])]
    assert actions[0][1]["ticket"]["number"] == "T-1308"
    assert actions[0][1]["status"] == "closed"


def test_colloquial_words_ask_as_the_plain_ones_do() -> None:
    assert [intent for intent, _ in _parse("海光仪器最近咋样了")] == ["query_customer"]
    agenda = _parse("明儿都有啥安排")
    assert [intent for intent, _ in agenda] == ["list_agenda"]
    assert agenda[0][1]["when"]["value"] == "2026-03-12"


def test_a_device_that_stopped_doing_its_job_is_a_fault() -> None:
    assert [intent for intent, _ in _parse("锦程物流的扫码枪不上线了")] == ["open_ticket"]
    assert fault_hits_zh("那批货他们不要了", []) == []
    assert [h.phrase for h in fault_hits_zh("打印机不出纸了", [])] == ["不出纸了"]


def test_very_urgent_said_the_other_way_round() -> None:
    actions = _parse("海光仪器的分析仪又报错了急得很")
    assert actions[0][1]["priority"] == "urgent"


def test_an_order_done_at_a_price_is_a_deal_not_a_ticket() -> None:
    actions = _parse("海光仪器的单子搞定了二十三万六")
    assert [intent for intent, _ in actions] == ["record_deal"]
    assert actions[0][1]["amount"]["value"] == 236000


def test_a_renewal_that_came_through_is_a_deal_before_a_plan() -> None:
    actions = _parse("锦程物流的年度维保续签下来了九万八然后下周三去做巡检")
    assert [intent for intent, _ in actions] == ["record_deal", "schedule_followup"]


def test_asking_to_note_something_is_no_look_up() -> None:
    actions = _parse("帮我记一下锦程物流孙经理说九万的报价能接受")
    assert [intent for intent, _ in actions] == ["log_interaction"]


def test_a_same_tone_homophone_of_a_short_name_is_the_customer() -> None:
    actions = _parse("下午跟姜楠的王厂长通了个电话")
    assert _customer(actions[0][1]) == 3


def test_another_customers_talk_named_before_its_verb_is_its_own() -> None:
    actions = _parse("上午在海光仪器跟何主任聊了方案中午跟锦程物流孙经理吃了个饭")
    assert [intent for intent, _ in actions] == ["log_interaction", "log_interaction"]
    assert _customer(actions[1][1]) == 2
    assert actions[1][1]["when"]["value"] == "2026-03-11T12:00:00+08:00"


def test_a_day_with_its_deed_done_stays_with_the_report() -> None:
    actions = _parse("锦程物流的报价今天发了下周二打电话问问")
    assert [intent for intent, _ in actions] == ["log_interaction", "schedule_followup"]
    assert actions[0][1]["when"]["value"] == "2026-03-11"


def test_a_department_named_for_the_person_is_the_contact() -> None:
    actions = _parse("今天去了海光仪器何主任不在跟他们财务聊了聊")
    assert actions[0][1]["contact"]["text"] == "财务"


def test_each_stop_of_a_run_on_plan_takes_the_day_named_before() -> None:
    actions = _parse("后儿一早去海光仪器找何主任下午去锦程物流找孙经理晚上请江南纺织的钱总吃饭")
    assert [a[1]["when"].get("start") for a in actions] == [
        "2026-03-13T08:00:00+08:00",
        "2026-03-13T12:00:00+08:00",
        "2026-03-13T18:00:00+08:00",
    ]


def test_a_colleague_sent_or_addressed_is_no_contact() -> None:
    sent = _parse("明天让小刘去锦程物流把合同取回来")
    assert [intent for intent, _ in sent] == ["schedule_followup"]
    assert "contact" not in sent[0][1]
    addressed = _parse("小刘你周五去一趟海光仪器")
    assert "contact" not in addressed[0][1]


def test_going_there_after_a_fault_is_the_tickets_time() -> None:
    actions = _parse("锦程物流的车载终端没信号了 跟他们讲了明天下午过去")
    assert [intent for intent, _ in actions] == ["open_ticket"]
    assert actions[0][1]["when"]["start"] == "2026-03-12T12:00:00+08:00"


def test_northern_days_and_parts_of_the_day() -> None:
    assert _parse("大后儿去海光仪器")[0][1]["when"]["value"] == "2026-03-14"
    assert _parse("明儿晌午跟锦程孙经理吃饭")[0][1]["when"]["value"] == "2026-03-12T12:00:00+08:00"
    assert _parse("前儿后晌去了江南纺织")[0][1]["when"]["start"] == "2026-03-09T12:00:00+08:00"


def test_colloquial_question_words_ask_and_their_negation_states() -> None:
    assert [intent for intent, _ in _parse("咋查今天的日程")] == ["help"]
    stated = _parse("跟海光仪器何主任线上过了一遍图纸没啥大问题")
    assert [intent for intent, _ in stated] == ["log_interaction"]


def test_a_po_that_came_in_is_a_deal() -> None:
    actions = _parse("锦程物流的PO下来了十二万四")
    assert [intent for intent, _ in actions] == ["record_deal"]
    assert actions[0][1]["amount"]["value"] == 124000


def test_a_machine_that_failed_again_is_a_fault_and_a_colleague_told_is_no_contact() -> None:
    assert [intent for intent, _ in _parse("海光仪器的离心机又不行了")] == ["open_ticket"]
    told = _parse("通知小刘后天上午去江南纺织把样布拿回来")
    assert [intent for intent, _ in told] == ["schedule_followup"]
    assert "contact" not in told[0][1]


def test_a_denial_that_names_no_one_takes_no_name_back() -> None:
    actions = _parse("海光仪器何主任说这次不是他负责是刘经理负责")
    assert _customer(actions[0][1]) == 1
    assert actions[0][1]["contact"]["text"] == "何主任"
    kept = "海光仪器何主任说不是他们的问题是锦程物流那边"
    assert names_said_again(kept, None) == kept

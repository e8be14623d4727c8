"""Shapes of fast-typing FMCG and catering-supply reps and dictating after-sales engineers (rules
only): amounts as 3个W and before 成交, goods named by their count, Cantonese 陈生, a bare 急, an
engineer on site, faults said as "V不了", dated errands with no contact verb, a plan moved to
another day, and trigger words that mean something else in these shapes."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from nlu.customer_index import DirectoryEntry
from nlu.money import find_money
from nlu.slots import find_contacts, find_priority, find_status
from tests.nlu.parsing import parsed

DIRECTORY = [
    DirectoryEntry(1, "宁波海光食品有限公司", ("海光食品", "海光")),
    DirectoryEntry(2, "成都锦程物流有限公司", ("锦程物流",)),
    DirectoryEntry(3, "Harrow Print Works", ("Harrow",)),
]
SHANGHAI = ZoneInfo("Asia/Shanghai")
TUESDAY = datetime(2026, 3, 10, 16, 30, tzinfo=SHANGHAI)


def _actions(text: str) -> list[tuple[str, dict[str, Any]]]:
    return parsed(text, DIRECTORY, TUESDAY)


def _intents(text: str) -> list[str]:
    return [intent for intent, _ in _actions(text)]


def test_chat_amounts_with_a_measure_word_and_before_the_deal_word() -> None:
    assert [m.value for m in find_money("合同签回来了 一共5个W", "zh")] == [50000]
    assert [m.value for m in find_money("海光 2.4w 成交", "zh")] == [24000]
    assert find_money("打八成", "zh") == []  # 成 of a share is still no amount


def test_goods_named_by_their_count_are_the_product() -> None:
    actions = _actions("海光食品 200箱矿泉水 3万 签了")
    assert actions[0][0] == "record_deal"
    assert actions[0][1]["product"] == "矿泉水"
    assert actions[0][1]["amount"]["value"] == 30000
    # a count before a fault names no goods
    assert _actions("锦程物流的手持终端有两台 两台没信号了")[0][1]["product"] == "手持终端"


def test_cantonese_mister_by_surname_is_a_contact_not_a_word() -> None:
    assert [c.text for c in find_contacts("Harrow 何生刚WhatsApp我")] == ["何生"]
    assert find_contacts("车间要讲卫生") == []
    assert find_contacts("学生说") == []


def test_a_bare_urgent_and_an_engineer_on_site() -> None:
    urgent, calm = find_priority("那台称又死机了 急！！"), find_priority("不急")
    assert urgent is not None and urgent.value == "urgent"
    assert calm is not None and calm.value == "low"
    there = find_status("师傅已经在现场了")
    assert there is not None and there.value == "in_progress"
    actions = _actions("海光那个T-3021工单 工程师已经去了 在修了")
    assert [intent for intent, _ in actions] == ["update_ticket"]


def test_a_device_that_cannot_do_its_job_is_a_fault() -> None:
    actions = _actions("锦程物流的升降平台升降不了 他们说最好明天上午派个人过去")
    assert [intent for intent, _ in actions] == ["open_ticket"]
    assert actions[0][1]["when"]["start"].startswith("2026-03-11T08:00")


def test_a_correction_said_twice_is_no_question() -> None:
    text = "顺便说一下锦程物流那边的打印机有两台 两台不出纸了 不是不是 是三台"
    assert _intents(text) == ["open_ticket"]


def test_a_dated_errand_without_a_contact_verb_is_a_follow_up() -> None:
    actions = _actions("海光食品 签了 ¥36,500 20号之前安排一次交付会")
    assert [intent for intent, _ in actions] == ["record_deal", "schedule_followup"]
    assert actions[0][1]["amount"]["value"] == 36500  # no break inside 36,500
    assert actions[1][1]["when"]["value"] == "2026-03-20"
    actions = _actions("海光 2.4w 成交 下周一开票")
    assert [intent for intent, _ in actions] == ["record_deal", "schedule_followup"]
    # goods shipped on a day are the order's date, no errand of ours
    assert _intents("海光食品 备件单 签了 ¥5,800 清明后发货") == ["record_deal"]


def test_a_plan_moved_to_another_day_is_one_follow_up_on_the_new_day() -> None:
    actions = _actions("呃这周四本来说要去海光食品的 改到下礼拜一下午了 帮我记一下")
    assert [intent for intent, _ in actions] == ["schedule_followup"]
    assert actions[0][1]["when"]["start"].startswith("2026-03-16T12:00")
    # a trigger in the sentence already says what moved: still one follow-up
    assert _intents("锦程物流那个演示改到下周五吧") == ["schedule_followup"]


def test_words_that_mean_something_else_here() -> None:
    # goods arranged, not the agenda asked for
    assert "list_agenda" not in _intents(
        "海光食品的单子签了 一共两万八 然后那个第一批货的安排 我下个月初过去跟他们对一下"
    )
    assert _intents("周五的安排是什么") == ["list_agenda"]
    # a list asked for, no deal
    assert _intents("哪几个客户流失风险比较高？拉个单子给我") == ["loyalty_summary"]
    # the customer's own meeting, and their coming to see us
    assert _intents("刚跟锦程物流的林经理通过电话 他说下礼拜他们内部要开会评估 我们先等消息") == [
        "log_interaction"
    ]
    assert _intents("锦程物流张工微信说下礼拜他们领导来成都 想顺便来我们公司看看") == [
        "log_interaction"
    ]
    # their decision put off, told after our own deal with someone else
    assert _intents("海光 年底冲量单 成交 3.2万，Harrow 邮件回复说明年Q1再看") == [
        "record_deal",
        "log_interaction",
    ]


def test_new_phrases_of_deals_agenda_and_help() -> None:
    assert _intents("锦程物流 年框谈下来了 8万5") == ["record_deal"]
    assert _intents("嗯今天都要干嘛") == ["list_agenda"]
    assert _intents("我想问一下怎么撤回一个记录") == ["help"]


def test_a_part_that_will_not_close_and_a_ticket_asked_for_as_a_bill() -> None:
    actions = _actions("周末还在跑 海光食品冷柜门关不上 帮开个单")
    assert [intent for intent, _ in actions] == ["open_ticket"]
    assert actions[0][1]["product"] == "冷柜"
    assert "open_ticket" not in _intents("锦程物流王总电话打不通 联系不上")


def test_pounds_said_as_bang_and_taken_back() -> None:
    actions = _actions("嗯那个Harrow的单子 签了 一共是 是两万镑 不对 是一万九千镑")
    assert actions[0][0] == "record_deal"
    assert actions[0][1]["amount"] == {"text": "一万九千镑", "currency": "GBP", "value": 19000}


def test_a_meeting_moved_and_a_question_how_to_change_a_record() -> None:
    actions = _actions("Harrow 何生 改期了 下周四下午两点")
    assert [intent for intent, _ in actions] == ["schedule_followup"]
    assert actions[0][1]["when"]["value"] == "2026-03-19T14:00:00+08:00"
    assert _intents("呃我想问下怎么把一个客户的联系人改掉") == ["help"]


def test_a_plan_for_all_the_customers_just_visited_is_one_each() -> None:
    actions = _actions("呃今天跑了海光食品跟锦程物流 都是谈夏季促销的事 明天统一出报价")
    assert [intent for intent, _ in actions] == [
        "log_interaction",
        "log_interaction",
        "schedule_followup",
        "schedule_followup",
    ]
    assert actions[2][1]["customer"] != actions[3][1]["customer"]
    assert actions[3][1]["when"]["value"] == "2026-03-11"


def test_a_ticket_fixed_now() -> None:
    status = find_status("师傅下午已经过去了 换了个传感器 现在好了")
    assert status is not None and status.value == "resolved"

"""Chinese notes given the right number of actions: a deal still to be signed is news, what the
customer will do is no follow-up of ours, news told before what they ask of us is logged, a day
of several stops is one action per customer, more wanted after a fault is news of its own, and a
problem said solved in a logged visit is that visit's news. Rules only, no classifier."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from nlu.customer_index import DirectoryEntry
from tests.nlu.parsing import parsed

DIRECTORY = [
    DirectoryEntry(1, "苏州远航物流有限公司", ("远航物流",)),
    DirectoryEntry(2, "杭州青松医疗器械有限公司", ("青松医疗",)),
    DirectoryEntry(3, "合肥金桥电子有限公司", ("金桥电子",)),
    DirectoryEntry(4, "宁波海川食品有限公司", ("海川食品",)),
]
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2027, 4, 14, 17, 30, tzinfo=SHANGHAI)  # a Wednesday


def _parse(text: str) -> list[tuple[str, dict[str, Any]]]:
    return parsed(text, DIRECTORY, NOW)


def _intents(text: str) -> list[str]:
    return [intent for intent, _ in _parse(text)]


def _customers(frames: list[tuple[str, dict[str, Any]]]) -> list[str]:
    return [slots["customer"]["name"] for _, slots in frames]


@pytest.mark.parametrize(
    "text",
    [
        "嗯刚从远航物流出来孙总说那批分拣机确定了三十万下周二签",
        "那个海川食品的厂长说包装线改造大概五十万上下下周再碰一次",
    ],
)
def test_a_deal_still_to_sign_is_news_and_its_day_a_plan(text: str) -> None:
    assert _intents(text) == ["log_interaction", "schedule_followup"]


@pytest.mark.parametrize(
    "text",
    [
        "今天拜访了金桥电子李经理说贴片线运行正常另外他们下个月要做年度盘点",
        "跟青松医疗的采购通了电话，他们下周自己内部先评估一下",
        "嗯刚跟远航物流孙总见了一面他说新仓库年底前要扩容",
    ],
)
def test_what_the_customer_will_do_is_no_follow_up_of_ours(text: str) -> None:
    assert _intents(text) == ["log_interaction"]


def test_a_plan_we_are_asked_for_beside_their_own_stays() -> None:
    frames = _parse("跟金桥电子李经理通了电话，他们下周内部评审，让我们周五前把报价发过去")
    assert [intent for intent, _ in frames] == ["log_interaction", "schedule_followup"]
    assert frames[1][1]["when"]["value"] == "2027-04-16"


def test_their_own_plan_told_alone_is_news_to_log() -> None:
    assert _intents("呃青松医疗的王主任说她们下周一开完会再答复我") == ["log_interaction"]


@pytest.mark.parametrize(
    "text",
    [
        "嗯海川食品的陈工说他们新车间下个月投产到时候让我们过去做个培训",
        "远航物流孙总来电，催我们周五前把合同寄过去",
    ],
)
def test_news_or_a_call_before_what_they_ask_of_us_is_logged(text: str) -> None:
    assert _intents(text) == ["log_interaction", "schedule_followup"]


def test_stops_of_a_day_told_in_turn_are_one_visit_each() -> None:
    frames = _parse("今天先去了远航物流见了孙总然后去了金桥电子最后又到海川食品坐了一会儿")
    assert [intent for intent, _ in frames] == ["log_interaction"] * 3
    names = ["苏州远航物流有限公司", "合肥金桥电子有限公司", "宁波海川食品有限公司"]
    assert _customers(frames) == names
    assert all(slots["when"]["value"] == "2027-04-14" for _, slots in frames)


def test_customers_listed_after_a_day_of_visits_are_visits_too() -> None:
    frames = _parse("今天去了两家青松医疗还有海川食品都是谈明年的合同")
    assert [intent for intent, _ in frames] == ["log_interaction", "log_interaction"]
    assert _customers(frames) == ["杭州青松医疗器械有限公司", "宁波海川食品有限公司"]


def test_plans_for_two_customers_in_one_sentence_each_keep_their_time() -> None:
    frames = _parse("周五上午约了金桥电子的采购，周五下午约了青松医疗的王主任")
    assert [intent for intent, _ in frames] == ["schedule_followup", "schedule_followup"]
    assert _customers(frames) == ["合肥金桥电子有限公司", "杭州青松医疗器械有限公司"]
    assert frames[0][1]["when"]["start"] == "2027-04-16T08:00:00+08:00"
    assert frames[1][1]["when"]["start"] == "2027-04-16T12:00:00+08:00"


def test_two_deals_in_one_line_are_one_per_customer() -> None:
    frames = _parse("签了两单：远航物流分拣机 30 万，海川食品封口机 18 万")
    assert [intent for intent, _ in frames] == ["record_deal", "record_deal"]
    assert [slots["amount"]["value"] for _, slots in frames] == [300000, 180000]


def test_more_wanted_after_a_fault_is_news_of_its_own() -> None:
    text = "那个金桥电子的工程师说标签打印机老是卡纸不急另外下个月想再加一台"
    assert _intents(text) == ["open_ticket", "log_interaction"]


def test_more_wanted_inside_the_fault_stays_the_fault() -> None:
    assert _intents("远航物流：调度系统席位不够，想加账号，但是后台报错加不上") == ["open_ticket"]


def test_more_wanted_after_the_visit_raised_a_ticket_joins_the_visit() -> None:
    text = "今天去了海川食品厂长说有两台封口机漏气然后他们想再订十台"
    assert _intents(text) == ["log_interaction", "open_ticket"]


def test_a_problem_said_solved_in_a_visit_is_the_visits_news() -> None:
    assert _intents("昨天去青松医疗回访，呼吸机的事都解决了，王主任挺满意") == ["log_interaction"]


def test_whoever_introduced_a_new_customer_was_talked_to() -> None:
    frames = _parse("嗯海川食品陈总介绍了一个朋友叫嘉兴禾丰农场帮我建个档联系人是许总")
    assert [intent for intent, _ in frames] == ["log_interaction", "create_customer"]
    assert frames[0][1]["customer"]["name"] == "宁波海川食品有限公司"


def test_a_fault_said_then_its_ticket_is_the_update_alone() -> None:
    text = "那个远航物流孙总说分拣机又卡件了哦对了T三三零一就是那个单子重新开一下"
    assert _intents(text) == ["update_ticket"]


def test_the_next_stop_told_by_its_fault_is_a_visit_beside_the_ticket() -> None:
    frames = _parse("今天去了两家上午远航物流孙总说分拣机很好用下午青松医疗有台呼吸机报警")
    assert [intent for intent, _ in frames] == ["log_interaction", "log_interaction", "open_ticket"]
    assert _customers(frames)[1:] == ["杭州青松医疗器械有限公司", "杭州青松医疗器械有限公司"]
    assert frames[1][1]["when"]["start"] == "2027-04-14T12:00:00+08:00"


@pytest.mark.parametrize(
    ("text", "intents"),
    [
        ("上午去了海川食品陈总说封口机用得挺好等他们看完报价再说", ["log_interaction"]),
        (
            "金桥电子的工程师说有两台打印机卡纸然后新产线的事以后再谈",
            ["open_ticket", "log_interaction"],
        ),
        (
            "跟青松医疗王主任通了电话，呼吸机用得不错，回头约个时间去看看",
            ["log_interaction", "schedule_followup"],
        ),
    ],
)
def test_a_plan_with_no_day_and_no_one_of_ours_is_news(text: str, intents: list[str]) -> None:
    assert _intents(text) == intents

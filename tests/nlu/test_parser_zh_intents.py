"""Chinese intents from writers the data lacked: undo said with fillers and reasons, loyalty asked
as buying habits or a profile, meetings on chat apps and online, plans said as 回头/改天, deals
against news of deals, statements that ask nothing, news after a ticket, and a round of visits.
Rules only, no classifier."""

from datetime import datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

import pytest

from nlu.customer_index import CustomerIndex
from nlu.intents import dialogue_act
from nlu.parser import ParseContext, parse
from tests.nlu.parsing import MADE_UP_DIRECTORY, parsed

DIRECTORY = MADE_UP_DIRECTORY
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2027, 10, 13, 16, 30, tzinfo=SHANGHAI)  # a Wednesday afternoon


def _parse(text: str) -> list[tuple[str, dict[str, Any]]]:
    return parsed(text, DIRECTORY, NOW)


def _intents(text: str) -> list[str]:
    return [intent for intent, _ in _parse(text)]


def _customers(text: str) -> list[str]:
    return [slots["customer"]["name"] for _, slots in _parse(text)]


@pytest.mark.parametrize(
    "text",
    [
        "嗯那个上一条不对帮我撤了",
        "算了刚录的那个删掉吧",
        "撤销撤销 联系人记错了",
        "刚才那条删了我重新记",
        "上一条取消掉",
        "撤回我刚发的",
        "刚才那条错了",
        "回退上一步",
    ],
)
def test_an_undo_said_with_fillers_a_reason_or_its_verb_twice(text: str) -> None:
    assert dialogue_act(text) == "undo"
    assert _intents(text) == ["undo"]


@pytest.mark.parametrize(
    "text",
    [
        "刚才签的单子对方撤了",  # the customer withdrew: news
        "取消，刚才那个客户选错了",  # the question asked is called off, no record taken back
        "刚才的会议取消了",
    ],
)
def test_what_is_no_undo_of_the_last_record(text: str) -> None:
    assert dialogue_act(text) != "undo"


@pytest.mark.parametrize(
    "text",
    [
        "飞鸿智能最近下单多不多",
        "帮我拉一下安澜医院的客户画像",
        "绿岭农业是不是要跑了",
        "飞鸿智能这个客户值得深耕吗",
        "安澜医院近一年采购频次",
    ],
)
def test_buying_habits_profiles_and_churn_are_loyalty_questions(text: str) -> None:
    frames = _parse(text)
    assert [intent for intent, _ in frames] == ["loyalty_summary"]
    assert "customer" in frames[0][1]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("上午在企业微信上跟飞鸿智能王总确认了分拣线的交期", "message"),
        ("昨天跟安澜医院陈主任开了个线上会", "meeting"),
        ("刚跟绿岭农业罗总通完电话", "call"),
        ("电话回访飞鸿智能王总，分拣线运行正常", "call"),
    ],
)
def test_contact_on_chat_apps_online_or_just_finished_is_logged(text: str, kind: str) -> None:
    frames = _parse(text)
    assert [intent for intent, _ in frames] == ["log_interaction"]
    assert frames[0][1]["interaction_type"] == kind


def test_a_call_back_still_to_come_is_one_plan() -> None:
    frames = _parse("后天上午十点电话回访安澜医院陈主任")
    assert [intent for intent, _ in frames] == ["schedule_followup"]
    assert frames[0][1]["when"]["value"] == "2027-10-15T10:00:00+08:00"


@pytest.mark.parametrize(
    "text", ["回头把报价单发给飞鸿智能王总", "改天再去绿岭农业转转", "安澜医院陈主任那边回头约一下"]
)
def test_later_and_some_day_plan_a_follow_up(text: str) -> None:
    assert _intents(text) == ["schedule_followup"]


@pytest.mark.parametrize(
    "text", ["改天请你喝茶", "回头再说吧", "回头客越来越多了", "飞鸿智能那个事回头再说吧"]
)
def test_some_day_with_nobody_to_follow_up_is_no_plan(text: str) -> None:
    assert "schedule_followup" not in _intents(text)


def test_a_deal_signed_off_is_recorded() -> None:
    frames = _parse("飞鸿智能的分拣线签下来了三十万")
    assert [intent for intent, _ in frames] == ["record_deal"]
    assert frames[0][1]["amount"]["value"] == 300000


def test_a_deal_taken_by_another_vendor_is_news() -> None:
    assert _intents("听说安澜医院的呼吸机项目被别家拿走了，大概一百万") == ["log_interaction"]


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("绿岭农业罗总说明年大棚要扩建", "log_interaction"),  # what they said, asked nothing
        ("飞鸿智能那边还是没消息", "log_interaction"),  # how things stand
        ("飞鸿智能的开票地址", "query_customer"),  # a thing to look up, stating nothing
        ("下周三下午两点 安澜医院 陈主任 方案汇报", "schedule_followup"),  # a dated note
    ],
)
def test_a_statement_about_a_customer_is_news_a_noun_phrase_a_look_up(
    text: str, intent: str
) -> None:
    assert _intents(text) == [intent]


def test_news_in_the_sentence_after_a_ticket_update_is_logged_after_it() -> None:
    text = "飞鸿智能T-3001已修复，可以关了；王总说下个季度再加两条线"
    assert _intents(text) == ["update_ticket", "log_interaction"]


def test_a_wish_after_a_fault_with_the_speaker_left_out_is_news() -> None:
    assert _intents("安澜医院的呼吸机报警了挺急然后年底前还想再订五台") == [
        "open_ticket",
        "log_interaction",
    ]


def test_a_wish_told_on_a_visit_is_that_visits_news() -> None:
    text = "今天去了绿岭农业罗总说滴灌控制器有两台不出水了然后他们还想加一套监控"
    assert _intents(text) == ["log_interaction", "open_ticket"]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("昨天跑了飞鸿智能和安澜医院两家", ["深圳市飞鸿智能设备有限公司", "宁波安澜医院有限公司"]),
        (
            "今天上午拜访了三家先是飞鸿智能然后是安澜医院最后是绿岭农业都挺顺利",
            ["深圳市飞鸿智能设备有限公司", "宁波安澜医院有限公司", "南宁绿岭农业科技有限公司"],
        ),
    ],
)
def test_a_round_of_visits_logs_one_visit_per_customer(text: str, names: list[str]) -> None:
    frames = _parse(text)
    assert [intent for intent, _ in frames] == ["log_interaction"] * len(names)
    assert _customers(text) == names
    assert len({str(slots.get("when")) for _, slots in frames}) == 1


def test_what_was_looked_at_on_a_visit_is_no_look_up() -> None:
    text = "周二拜访了安澜医院陈主任，顺便查看了一下呼吸机的运行情况"
    assert _intents(text) == ["log_interaction"]


def test_a_deal_still_to_be_decided_is_news() -> None:
    assert _intents("嗯飞鸿智能王总说分拣线的单子下个月才能定大概四十万") == ["log_interaction"]


class _HearsYes:
    """A model that reads every clause as a confident yes."""

    def __call__(self, text: str, language: str, customers: object) -> dict[str, float]:
        return {"confirm": 0.9, "log_interaction": 0.05, "unknown": 0.05}


@pytest.mark.parametrize(
    "text", ["嗯嗯然后今天上午去了一趟飞鸿智能", "今天上午去了安澜医院然后是绿岭农业都挺好的"]
)
def test_a_dialogue_act_is_never_one_clause_of_several(text: str) -> None:
    context = ParseContext(now=NOW, customers=CustomerIndex.build(DIRECTORY))
    result = parse(text, context, classifier=cast(Any, _HearsYes()))
    assert "confirm" not in [a["intent"] for a in result.to_json()["actions"]]


@pytest.mark.parametrize(
    "text", ["呃我今天上午九点多到的飞鸿智能然后跟王总聊了聊分拣线的事", "我是八点到的安澜医院"]
)
def test_arriving_said_as_what_was_done_is_a_visit(text: str) -> None:
    assert _intents(text) == ["log_interaction"]


@pytest.mark.parametrize(
    "text",
    ["嗯飞鸿智能王总说合同他们法务还在看估计下周能签九十万", "安澜医院的单子还在走流程六十万"],
)
def test_a_contract_still_under_review_is_news(text: str) -> None:
    assert _intents(text)[0] == "log_interaction"
    assert "record_deal" not in _intents(text)


def test_their_talk_again_is_news_and_the_reps_call_after_it_the_plan() -> None:
    frames = _parse("嗯飞鸿智能王总说下周再聊我周五先给他打个电话")
    assert [intent for intent, _ in frames] == ["log_interaction", "schedule_followup"]
    assert frames[1][1]["when"]["value"] == "2027-10-15"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("中午和飞鸿智能王总吃了顿饭", "meeting"),
        ("陪安澜医院陈主任参观了样板间", "meeting"),
        ("钉钉上跟绿岭农业罗总聊了一下", "message"),
        ("今天跟飞鸿智能王总开了个会", "meeting"),
    ],
)
def test_meals_tours_and_chat_apps_have_their_kind(text: str, kind: str) -> None:
    assert _parse(text)[0][1]["interaction_type"] == kind


@pytest.mark.parametrize(
    "text",
    [
        "嗯飞鸿智能王总说那个订单确定了分拣线两条三十万下周一签",
        "安澜医院陈主任打电话说呼吸机又加了十台二十万合同下午签",
        "绿岭农业罗总电话里说监控系统要续费一年五万我说周五把合同发他",
    ],
)
def test_a_deal_agreed_but_signed_later_is_news_and_a_plan(text: str) -> None:
    intents = _intents(text)
    assert "record_deal" not in intents
    assert intents[0] == "log_interaction"
    assert "schedule_followup" in intents


@pytest.mark.parametrize(
    ("text", "intents"),
    [
        (
            "嗯飞鸿智能的分拣线签了两条三十万然后他说明年还想再加一条",
            ["record_deal", "log_interaction"],
        ),
        (
            "呃安澜医院的呼吸机报警了挺急的而且对方说下个月还要采购五台",
            ["open_ticket", "log_interaction"],
        ),
    ],
)
def test_news_told_by_him_or_them_after_a_deal_or_fault_is_logged(
    text: str, intents: list[str]
) -> None:
    assert _intents(text) == intents


@pytest.mark.parametrize(
    "text",
    [
        "嗯今天去了飞鸿智能王总说扫码枪的问题还没解决然后他们下个月要做年中盘点",
        "今天拜访了安澜医院设备科主任呼吸机想做一次全面检查另外他们年底前要通过评审",
    ],
)
def test_their_own_dated_plan_is_no_follow_up_of_ours(text: str) -> None:
    assert "schedule_followup" not in _intents(text)


def test_their_plan_then_ours_gives_our_follow_up_only() -> None:
    text = "刚从飞鸿智能出来王总说分拣线又报警了另外他们年底要上一条新线让我下周一过去聊聊"
    assert _intents(text) == ["log_interaction", "open_ticket", "schedule_followup"]


@pytest.mark.parametrize(
    "text",
    ["飞鸿智能的订单是不是越来越少了", "安澜医院今年比去年买得多还是少", "绿岭农业订单量趋势"],
)
def test_how_their_buying_goes_is_a_loyalty_question(text: str) -> None:
    assert _intents(text) == ["loyalty_summary"]

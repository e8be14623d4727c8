"""Message structure in the shapes of the session-9 Chinese writers (rules only): a question in
two sentences is one question, and a tender won with nothing signed is news (README
Conventions)."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from nlu.customer_index import DirectoryEntry
from tests.nlu.parsing import parsed

DIRECTORY = [
    DirectoryEntry(1, "宁波海光食品有限公司", ("海光食品", "海光")),
    DirectoryEntry(2, "成都锦程物流有限公司", ("锦程物流",)),
    DirectoryEntry(3, "杭州明远包装有限公司", ("明远包装",)),
]
SHANGHAI = ZoneInfo("Asia/Shanghai")
WEDNESDAY = datetime(2026, 5, 13, 10, 30, tzinfo=SHANGHAI)


def _actions(text: str) -> list[tuple[str, dict[str, Any]]]:
    return parsed(text, DIRECTORY, WEDNESDAY)


def _intents(text: str) -> list[str]:
    return [intent for intent, _ in _actions(text)]


def test_two_questions_or_a_question_then_a_look_up_are_one_question() -> None:
    assert _intents("锦程物流现在归谁管？上回去拜访是哪天") == ["query_customer"]
    assert _intents("海光食品的报价是不是还没回？帮我查下他们的跟进记录") == ["query_customer"]
    assert _intents("明远包装的账号上周开好了没？帮我看下负责人是谁") == ["query_customer"]
    assert _intents("跟进时间录错了能改吗？具体怎么操作") == ["help"]
    # a question then work asked for, or news, stays a report
    assert "query_customer" not in _intents("海光食品的冷柜又坏了是不是？明天上午派人过去看看")


def test_a_tender_won_is_news_until_the_contract_is_signed() -> None:
    won = _actions("海光食品冷库改造项目中标了，九十六万")
    assert [intent for intent, _ in won] == ["log_interaction"]
    assert won[0][1]["amount"]["value"] == 960000
    assert _intents("锦程物流招标结果出来了，我们中了，下周签合同") == [
        "log_interaction",
        "schedule_followup",
    ]
    assert _intents("明远包装中标的那个项目合同已经盖章了，四十二万") == ["record_deal"]


def test_our_next_step_after_a_deal_is_a_follow_up() -> None:
    assert _intents("海光食品冷柜签了 三台 一共九万 下周请他们吃个饭") == [
        "record_deal",
        "schedule_followup",
    ]
    assert _intents("锦程物流续费签了 一年四万二 下周一让实施的同事过去培训") == [
        "record_deal",
        "schedule_followup",
    ]
    # the contract sent back to us is theirs to do, not a follow-up
    assert _intents("明远包装那单签了 十二万 合同下礼拜一寄回来") == ["record_deal"]


def test_a_call_back_promised_after_their_call_is_a_follow_up() -> None:
    assert _intents("锦程物流的李经理刚打来问发票的事 我晚点查好再回电给他") == [
        "log_interaction",
        "schedule_followup",
    ]


def test_a_visit_handed_on_with_a_later_clock_is_a_plan() -> None:
    assert _intents("跟小王说一声 周五上午十点带上样品去海光食品") == ["schedule_followup"]


def test_a_yes_no_or_undo_said_with_its_reason_is_the_act() -> None:
    assert _intents("先别存了 电话不全 取消吧 我回头问清楚再录") == ["cancel"]
    assert _intents("不用建了，同事说他们早就在系统里了") == ["cancel"]
    assert _intents("对的没毛病，就这么存吧") == ["confirm"]
    assert _intents("刚那条的时间我记错了 先给我撤掉 等下重新说一遍") == ["undo"]
    # news with a day or a customer is no act
    assert _intents("算了，海光食品不要了") != ["cancel"]


def test_someone_asked_for_after_a_fault_call_is_the_tickets_time() -> None:
    actions = _actions("海光食品李主任刚打电话说冷柜又不制冷了，急！明天上午能不能派人过去")
    assert [intent for intent, _ in actions] == ["open_ticket"]
    assert actions[0][1]["when"]["start"].startswith("2026-05-14T08:00")


def test_a_ticket_asked_for_to_follow_a_fault_up_is_the_ticket() -> None:
    actions = _actions("锦程物流的扫码枪批量失灵，好几个仓都投诉了，开个工单跟进，优先级高")
    assert [intent for intent, _ in actions] == ["open_ticket"]
    assert actions[0][1]["priority"] == "high"


def test_goods_that_failed_inspection_are_a_ticket() -> None:
    actions = _actions("明远包装来邮件说上批纸箱有一半尺寸不合格，要求退换。不急，本周内安排就行")
    assert [intent for intent, _ in actions] == ["open_ticket"]
    assert actions[0][1]["priority"] == "low"


def test_a_fault_the_customer_will_watch_during_a_visit_is_news() -> None:
    assert _intents(
        "今天到海光食品跟王科长聊了一上午 那台封口机上次报修的问题偶尔还有"
        " 不影响生产 他们说先观察着"
    ) == ["log_interaction"]


def test_their_guessed_date_is_news_not_our_follow_up() -> None:
    assert _intents("锦程物流李总说方案可以，要等集团审批，估计下个月底。我明天把合同发给他") == [
        "log_interaction",
        "schedule_followup",
    ]


def test_cantonese_aspect_and_particles_read_as_mandarin() -> None:
    actions = _actions("同海光食品嘅陳生食咗個飯，佢哋想加單，約咗下個禮拜二下晝三點再傾")
    assert [intent for intent, _ in actions] == ["log_interaction", "schedule_followup"]
    assert actions[0][1]["contact"]["text"] == "陳生"  # quoted as written


def test_deal_done_agenda_and_new_customer_said_tersely() -> None:
    assert _intents("海光食品冷库那单成了，3.6个W，定金已付") == ["record_deal"]
    assert _intents("明天上午都排了些啥 念给我听听") == ["list_agenda"]
    assert _intents("新客：旺角嘅「陳記茶餐廳」，負責人陳生，手機 9876 5432") == ["create_customer"]


def test_second_batch_shapes() -> None:
    assert _intents("锦程物流现在谁负责？上回去是几号") == ["query_customer"]
    assert _intents("录错的跟进能改吗？要怎么弄") == ["help"]
    assert _intents("海光食品冷柜签了 九万 下礼拜请他们采购经理吃个饭") == [
        "record_deal",
        "schedule_followup",
    ]
    # a fault that keeps coming back, the call only how it came, someone wanted on a day
    actions = _actions("嗯明远包装王科长来电话说封箱机又卡带了 后天上午能不能安排工程师上门")
    assert [intent for intent, _ in actions] == ["open_ticket"]
    assert actions[0][1]["when"]["start"].startswith("2026-05-15T08:00")
    # what the customer told us, then our own step
    assert _intents("锦程物流李经理讲预算大概下个月才批得下来 我周五再打个电话问问") == [
        "log_interaction",
        "schedule_followup",
    ]


def test_a_round_of_calls_said_once_dates_every_customers_call() -> None:
    actions = _actions(
        "今天下午打了一圈电话 海光食品的王经理说下周出采购计划 锦程物流那边李总说年后再说"
    )
    assert [intent for intent, _ in actions] == ["log_interaction", "log_interaction"]
    assert [a[1]["interaction_type"] for a in actions] == ["call", "call"]
    assert actions[1][1]["when"]["start"] == actions[0][1]["when"]["start"]


def test_a_title_before_an_english_name_in_chinese_ends_no_sentence() -> None:
    actions = _actions("刚刚跟锦程物流的Mr. Chen通电话，他们要加两百个托盘，报价下周一前要给")
    assert [intent for intent, _ in actions] == ["log_interaction", "schedule_followup"]
    assert actions[0][1]["contact"]["text"] == "Mr. Chen"

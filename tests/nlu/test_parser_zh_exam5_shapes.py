"""Chinese shapes read from exam5_zh's failures (rules only): county customers named by their
kind of firm (合作社, 家庭农场, 农资店, 建材), building materials, packaging and farm supplies as
products, and a WeCom reply whose quoted line is someone else's words."""

from datetime import datetime
from zoneinfo import ZoneInfo

from tests.nlu.parsing import MADE_UP_DIRECTORY, parsed

NOW = datetime(2026, 3, 12, 18, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _first(text: str) -> tuple[str, dict[str, object]]:
    return parsed(text, MADE_UP_DIRECTORY, NOW)[0]


def test_a_cooperative_or_farm_is_an_unknown_customer() -> None:
    _, slots = _first("今天去了 那个光明农机合作社 见了老孙 他们要一台播种机 还在比价")
    assert slots["customer"] == {"text": "光明农机合作社", "id": None}
    assert slots["product"] == "播种机"
    _, slots = _first("那个 周家湾家庭农场 周建军 他那台插秧机 又打不着火了 尽快派人去看看")
    assert slots["customer"] == {"text": "周家湾家庭农场", "id": None}


def test_a_place_before_the_firm_is_no_part_of_it() -> None:
    _, slots = _first("石河子的北疆棉业 他们的打包机 坏了 要人去修")
    assert slots["customer"] == {"text": "北疆棉业", "id": None}


def test_building_materials_packaging_and_farm_supplies() -> None:
    assert _first("明远包装的刘总今天签了 地砖一共八万二")[1]["product"] == "地砖"
    assert _first("今天去飞鸿智能，新仓库的环氧地坪漆还没定")[1]["product"] == "环氧地坪漆"
    assert _first("飞鸿智能要做隔墙，问了轻钢龙骨石膏板的价")[1]["product"] == "轻钢龙骨石膏板"
    assert _first("昨天跟明远包装通了电话，中秋月饼礼盒要五千盒")[1]["product"] == "月饼礼盒"
    assert _first("绿岭农业今天订了一批有机肥，一共三万")[1]["product"] == "有机肥"


def test_a_boss_or_a_model_school_is_no_board() -> None:
    assert _first("今天去明远包装见了他们老板，聊得不错")[1].get("product") is None


def test_the_quoted_line_of_a_reply_is_not_read() -> None:
    actions = parsed(
        "回复 张伟：明远包装最近怎么样？\n——昨天跟明远包装的刘经理通了电话，纸箱要三万个",
        MADE_UP_DIRECTORY,
        NOW,
    )
    assert [intent for intent, _ in actions] == ["log_interaction"]


def test_a_mention_of_the_assistant_is_no_word_of_the_act() -> None:
    assert [i for i, _ in parsed("@小助手 取消吧，发错人了", MADE_UP_DIRECTORY, NOW)] == ["cancel"]
    assert [i for i, _ in parsed("要得 就这样 确认", MADE_UP_DIRECTORY, NOW)] == ["confirm"]


def test_blocked_or_leaking_is_a_fault_a_traffic_jam_is_not() -> None:
    assert _first("海港冷链 冷库 水管堵了 明天上午要人上门")[0] == "open_ticket"
    assert _first("飞鸿智能那台注塑机 液压站漏油 赶紧派个人过去")[0] == "open_ticket"
    assert _first("哎今天路上堵了两个小时")[0] != "open_ticket"


def test_the_agenda_then_a_customer_are_two_asks() -> None:
    actions = parsed(
        "帮我看看明天下午有什么安排 还有 安澜医院那个续约 谈到哪一步了", MADE_UP_DIRECTORY, NOW
    )
    assert [i for i, _ in actions] == ["list_agenda", "query_customer"]
    assert "customer" not in actions[0][1]
    assert actions[1][1]["customer"]["name"] == "宁波安澜医院有限公司"
    actions = parsed("帮我看下下周的日程，再查一下飞鸿智能的联系人电话", MADE_UP_DIRECTORY, NOW)
    assert [i for i, _ in actions] == ["list_agenda", "query_customer"]


def test_a_called_in_fault_then_another_tickets_state_logs_no_call() -> None:
    actions = parsed(
        "那个 飞鸿智能那边打电话来 说分拣机 老是卡件 然后 上周报的 T4417 那个 已经好了",
        MADE_UP_DIRECTORY,
        NOW,
    )
    assert [i for i, _ in actions] == ["open_ticket", "update_ticket"]


def test_southwestern_questions_ending_in_a_particle() -> None:
    actions = parsed("飞鸿智能最近啥子情况嘛 上回拜访是好久哦", MADE_UP_DIRECTORY, NOW)
    assert [i for i, _ in actions] == ["query_customer"]


def test_a_to_do_lists_heading_asks_for_no_agenda() -> None:
    actions = parsed(
        "@小助手 【周例会待办】\n1. 周三前给飞鸿智能发设备清单\n2. 周四下午三点约安澜医院王院长"
        "开会",
        MADE_UP_DIRECTORY,
        NOW,
    )
    assert [i for i, _ in actions] == ["schedule_followup", "schedule_followup"]


def test_what_is_replaced_is_no_product_and_no_deal() -> None:
    _, slots = _first("安澜医院说暑假要把老投影仪全部换成交互式平板 预算大概三十万")
    assert slots["product"] == "交互式平板"
    assert _first("安澜医院说暑假要把老投影仪全部换成交互式平板 预算大概三十万")[0] != "record_deal"


def test_a_new_firm_named_by_its_kind_and_its_head_called_by_name() -> None:
    intent, slots = _first("新客户 那个 信阳的 丰源农资经营部 负责人叫王长江 手机号 13912345678")
    assert intent == "create_customer"
    assert slots["customer"] == {"text": "丰源农资经营部", "id": None}
    assert slots["contact"] == {"text": "王长江"}


def test_a_ticket_update_keeps_the_firm_named_by_its_kind() -> None:
    intent, slots = _first("北疆棉业那个打包机 师傅上午到了 现在能用了 工单是T4417 算解决了")
    assert intent == "update_ticket"
    assert slots["customer"] == {"text": "北疆棉业", "id": None}


def test_a_tender_won_yesterday_is_news_of_that_day() -> None:
    actions = parsed(
        "我司已于昨日中标安澜医院护理床项目，合同拟于下周三签订。", MADE_UP_DIRECTORY, NOW
    )
    assert [i for i, _ in actions] == ["log_interaction", "schedule_followup"]
    assert actions[0][1]["when"]["value"] == "2026-03-11"


def test_customers_listed_together_are_asked_the_same_thing() -> None:
    actions = parsed(
        "飞鸿智能、安澜医院这两家最近下单少了很多，是不是有流失风险？帮我出个分析",
        MADE_UP_DIRECTORY,
        NOW,
    )
    assert [i for i, _ in actions] == ["loyalty_summary", "loyalty_summary"]


def test_when_someone_must_be_there_is_the_tickets_time() -> None:
    later = datetime(2026, 3, 12, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
    (intent, slots), *_ = parsed(
        "飞鸿智能 值班的 打电话来 说 分拣机 整条线 停了 现在 马上 要工程师 今晚就得到",
        MADE_UP_DIRECTORY,
        later,
    )
    assert intent == "open_ticket"
    assert slots["priority"] == "urgent"
    assert slots["when"]["start"] == "2026-03-12T18:00:00+08:00"
    _, slots = _first("飞鸿智能 他们的分拣机 又坏了 赶紧派个人过去 明天早上十点之前到")
    assert slots["when"] == {
        "text": "明天早上十点之前",
        "value": "2026-03-13T10:00:00+08:00",
        "grain": "hour",
    }


def test_a_chase_then_the_day_of_its_step_is_one_follow_up() -> None:
    actions = parsed(
        "嗯 年前得把飞鸿智能那笔尾款催回来 还有六万二 这周五我先打个电话问问",
        MADE_UP_DIRECTORY,
        NOW,
    )
    assert [i for i, _ in actions] == ["schedule_followup"]
    assert actions[0][1]["when"]["value"] == "2026-03-13"
    assert actions[0][1]["amount"]["value"] == 62000


def test_an_engine_smoking_is_a_fault() -> None:
    intent, slots = _first(
        "那个 周家湾家庭农场 他那台收割机 发动机冒黑烟 不急 这礼拜内安排人去看看就行"
    )
    assert intent == "open_ticket"
    assert slots["priority"] == "low"


def test_delivery_to_arrange_after_a_deal_is_a_follow_up() -> None:
    actions = parsed(
        "关于安澜医院护理床项目：今日上午已完成合同签订，金额128,000元。请于3月20日前完成首批供货。",
        MADE_UP_DIRECTORY,
        NOW,
    )
    assert [i for i, _ in actions] == ["record_deal", "schedule_followup"]


def test_a_numbered_cold_store_or_furnace_is_no_date() -> None:
    _, slots = _first("海港冷链 3号冷库温控又报警了 开个紧急工单")
    assert "when" not in slots


def test_a_new_ticket_asked_for_after_a_fault_came_back() -> None:
    intent, slots = _first("海港冷链 2号冷库温控又报警了 开个紧急工单")
    assert intent == "open_ticket"
    assert slots["priority"] == "urgent"

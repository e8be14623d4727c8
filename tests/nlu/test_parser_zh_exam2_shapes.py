"""Chinese shapes a new writer used (exam2_zh, read for diagnosis): a product named after the line
it runs on, online courses, Cantonese 嘅 for 的, and the like."""

from datetime import datetime
from zoneinfo import ZoneInfo

from tests.nlu.parsing import MADE_UP_DIRECTORY, parsed

_TZ = ZoneInfo("Asia/Shanghai")
_NOW = datetime(2027, 6, 9, 17, 0, tzinfo=_TZ)


def _products(text: str) -> list[object]:
    return [slots.get("product") for _, slots in parsed(text, MADE_UP_DIRECTORY, _NOW)]


def test_the_line_a_system_runs_on_is_not_the_product() -> None:
    assert _products("飞鸿智能签了，空调生产线的MES系统，一百二十万")[0] == "MES系统"
    assert _products("明远包装说包装线的视觉检测系统想看个演示")[0] == "视觉检测系统"


def test_online_and_inspection_line_products_keep_their_words() -> None:
    assert _products("跟顺和医疗的刘主任打了个电话，线上培训平台续约的事")[0] == "线上培训平台"
    assert _products("今天跟飞鸿智能的赵总吃饭，他说明年的轮毂检测线可能给我们做")[0] == (
        "轮毂检测线"
    )


def test_cantonese_and_taiwan_faults_are_urgent_tickets() -> None:
    actions = parsed("安澜医院IT部话个HIS接口又断咗，好急！", MADE_UP_DIRECTORY, _NOW)
    assert [intent for intent, _ in actions] == ["open_ticket"]
    assert actions[0][1]["priority"] == "urgent"
    actions = parsed(
        "飞鸿智能的林經理剛剛打來 說他們的VPN閘道器 連不上 很緊急耶", MADE_UP_DIRECTORY, _NOW
    )
    assert [intent for intent, _ in actions] == ["open_ticket"]
    assert actions[0][1]["priority"] == "urgent"


def test_a_day_said_before_my_plan_dates_it_even_when_corrected() -> None:
    now = datetime(2026, 12, 2, 11, 0, tzinfo=_TZ)
    for text in (
        "刚从飞鸿智能出来 见了李经理 下周三我带技术过去再聊一次",
        "刚从飞鸿智能出来 见了李经理 下周二 不对 下周三我带技术过去再聊一次",
    ):
        actions = parsed(text, MADE_UP_DIRECTORY, now)
        assert [intent for intent, _ in actions] == ["log_interaction", "schedule_followup"]
        assert actions[1][1]["when"]["value"] == "2026-12-09"


def test_the_season_said_with_le_dates_nothing() -> None:
    now = datetime(2026, 12, 4, 9, 0, tzinfo=_TZ)
    actions = parsed("下周一回访一下飞鸿智能 年底了别丢单", MADE_UP_DIRECTORY, now)
    assert [slots["when"]["value"] for _, slots in actions] == ["2026-12-07"]


def test_zhuyao_is_no_plan_of_ours() -> None:
    now = datetime(2027, 1, 6, 18, 0, tzinfo=_TZ)
    actions = parsed(
        "今天下午去了长江仓储 见了孙总 主要是聊明年仓库的扩容 我下周四把方案给到他们",
        MADE_UP_DIRECTORY,
        now,
    )
    assert [intent for intent, _ in actions] == ["log_interaction", "schedule_followup"]
    assert actions[1][1]["when"]["value"] == "2027-01-14"


def _contacts(text: str) -> list[object]:
    return [
        (slots.get("contact") or {}).get("text")
        for _, slots in parsed(text, MADE_UP_DIRECTORY, _NOW)
    ]


def test_cantonese_mr_by_surname_and_taiwan_xieli_are_contacts() -> None:
    assert _contacts("今日去咗飞鸿智能見陳生，佢哋想加多十部收銀機")[0] == "陳生"
    assert _contacts("剛剛跟飞鸿智能的陳協理通過電話")[0] == "陳協理"


def test_words_that_only_look_like_a_surname_and_title() -> None:
    # 分管院长 is the deputy in charge, not 管院长; 安排师傅 arranges a technician
    assert _contacts("见了安澜医院周主任，下周再约一次他们分管院长")[0] == "周主任"
    assert _contacts("顺和医疗 T-2107 配件到了，今天安排师傅过去换") == [None]


def test_cantonese_small_words_and_traditional_heads_bound_a_product() -> None:
    assert _products("今日去咗飞鸿智能見咗何生，佢哋想換晒啲舊牙椅")[0] == "牙椅"
    assert _products("安澜医院嘅何總話上禮拜裝的那套灌溉控制系統一直斷線")[0] == "灌溉控制系統"
    assert _products("头先去咗安澜医院睇咗下 嗰部B超机冇问题")[0] == "B超机"


def test_cantonese_visits_meals_and_a_po_in_hand() -> None:
    actions = parsed("今日去咗飞鸿智能見咗何生，佢哋想換晒啲舊牙椅", MADE_UP_DIRECTORY, _NOW)
    assert actions[0][1]["interaction_type"] == "visit"
    actions = parsed(
        "啱啱同顺和医疗嘅采购经理食完饭，佢话想再加两台监护仪", MADE_UP_DIRECTORY, _NOW
    )
    assert actions[0][1]["interaction_type"] == "meeting"
    assert [i for i, _ in parsed("长江仓储 PO到手 冷链监控 42.8万", MADE_UP_DIRECTORY, _NOW)] == [
        "record_deal"
    ]


def test_the_weekday_it_is_dates_nothing() -> None:
    now = datetime(2027, 3, 19, 17, 50, tzinfo=_TZ)
    actions = parsed("周五了 顺和医疗那边还是没消息 下礼拜一再催", MADE_UP_DIRECTORY, now)
    assert [s["when"]["value"] for _, s in actions if "when" in s] == ["2027-03-22"]


def test_parts_arrived_and_a_technician_sent_is_work_in_progress() -> None:
    actions = parsed("顺和医疗 T-2107 配件到了，今天安排师傅过去换", MADE_UP_DIRECTORY, _NOW)
    assert actions[0][0] == "update_ticket"
    assert actions[0][1]["status"] == "in_progress"


def test_a_loyalty_report_over_all_customers_is_no_bulk_change() -> None:
    assert [
        i for i, _ in parsed("给我看下华南区所有客户的忠诚度汇总", MADE_UP_DIRECTORY, _NOW)
    ] == ["loyalty_summary"]
    assert [i for i, _ in parsed("把所有客户导出来", MADE_UP_DIRECTORY, _NOW)] == ["unknown"]

"""Chinese follow-ups against logged interactions by aspect (`nlu/plans_zh.py`): a report that
runs on into our own next step is a log and a follow-up; the customer's words stay news; a visit
not marked done whose hours are mostly ahead is a plan."""

from datetime import datetime
from zoneinfo import ZoneInfo

from tests.nlu.parsing import MADE_UP_DIRECTORY, parsed

_TZ = ZoneInfo("Asia/Shanghai")


def _intents(text: str, now: datetime) -> list[str]:
    return [intent for intent, _ in parsed(text, MADE_UP_DIRECTORY, now)]


def test_run_on_report_then_our_step_is_a_log_and_a_follow_up() -> None:
    now = datetime(2027, 6, 8, 18, 0, tzinfo=_TZ)
    actions = parsed(
        "上午去了飞鸿智能跟采购经理看了现场他们还在比价我打算等他们比完以后再跟进",
        MADE_UP_DIRECTORY,
        now,
    )
    assert [intent for intent, _ in actions] == ["log_interaction", "schedule_followup"]
    assert actions[1][1]["customer"]["id"] == 20


def test_cantonese_call_done_then_our_reply_later() -> None:
    now = datetime(2027, 6, 9, 20, 0, tzinfo=_TZ)
    intents = _intents("今日打咗电话畀安澜医院，对方话仲要开会，我後日再覆佢。", now)
    assert intents == ["log_interaction", "schedule_followup"]


def test_the_customers_wish_to_talk_again_stays_news() -> None:
    now = datetime(2027, 6, 10, 11, 0, tzinfo=_TZ)
    assert _intents("顺和医疗的采购说价格偏高了，想再谈谈", now) == ["log_interaction"]


def test_a_visit_planned_for_the_morning_said_early_is_a_follow_up() -> None:
    now = datetime(2027, 6, 11, 8, 10, tzinfo=_TZ)
    assert _intents("今天上午先去长江仓储", now) == ["schedule_followup"]


def test_the_same_visit_reported_late_in_the_afternoon_is_logged() -> None:
    now = datetime(2027, 6, 11, 17, 30, tzinfo=_TZ)
    assert _intents("今天下午去长江仓储仓库主管不在", now) == ["log_interaction"]


def test_titles_and_surnames_typed_in_traditional_script_are_contacts() -> None:
    now = datetime(2027, 6, 14, 16, 0, tzinfo=_TZ)
    actions = parsed("剛剛跟安澜医院的鄭經理通過電話，下週再約", MADE_UP_DIRECTORY, now)
    assert actions[0][1]["contact"]["text"] == "鄭經理"

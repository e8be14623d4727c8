"""Messages that ask or command rather than report: loyalty and look-up questions, the agenda,
ticket status commands, new customers, dialogue acts, and the chat and reports that only mention
the same words. Sentences of their own, against the shared made-up directory."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from nlu.customer_index import DirectoryEntry
from nlu.parser import ParseContext, parse
from tests.nlu.parsing import MADE_UP_DIRECTORY, _index, parsed

LONDON = datetime(2027, 2, 10, 9, 30, tzinfo=ZoneInfo("Europe/London"))  # a Wednesday
SHANGHAI = datetime(2027, 2, 10, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


def _one(text: str, now: datetime = LONDON) -> tuple[str, dict[str, object]]:
    actions = parsed(text, MADE_UP_DIRECTORY, now)
    assert len(actions) == 1, actions
    return actions[0]


def _confidence(text: str, now: datetime = LONDON) -> tuple[str, float]:
    context = ParseContext(now=now, customers=_index(MADE_UP_DIRECTORY))
    (action,) = parse(text, context).actions
    return action.intent, action.confidence


@pytest.mark.parametrize(
    ("text", "customer"),
    [
        ("health check on Wyvern please", "Wyvern Robotics Ltd"),
        ("7Ps for Aldgate pls", "Aldgate Cold Storage Ltd"),
        ("帮我看下飞鸿智能的RFM", "深圳市飞鸿智能设备有限公司"),
        ("嗯那个安澜医院最近还在跟我们买东西吗", "宁波安澜医院有限公司"),
    ],
)
def test_loyalty_asked_about_a_customer(text: str, customer: str) -> None:
    intent, slots = _one(text, SHANGHAI if not text.isascii() else LONDON)
    assert intent == "loyalty_summary"
    assert slots["customer"]["name"] == customer  # type: ignore[index]


def test_portfolio_loyalty_asked_with_no_customer() -> None:
    assert _one("any of my customers about to walk?")[0] == "loyalty_summary"


@pytest.mark.parametrize(
    ("text", "now"),
    [
        ("visited Wyvern, Jo said they're loyal to us and won't switch", LONDON),
        ("call with Selby, they're worried about churn in their own customer base", LONDON),
        ("Harrow said they're at risk of losing their biggest contract", LONDON),
        ("去了安澜医院，周主任说他们对我们很忠诚，不会换供应商", SHANGHAI),
        ("给飞鸿智能打了电话，他们担心自己的客户流失", SHANGHAI),
    ],
)
def test_loyalty_words_in_a_report_are_logged(text: str, now: datetime) -> None:
    intent, slots = _one(text, now)
    assert intent == "log_interaction"
    assert "customer" in slots


def test_the_same_loyalty_words_asked_are_a_question() -> None:
    assert _one("is Harrow at risk?")[0] == "loyalty_summary"
    assert _one("安澜医院流失风险高吗", SHANGHAI)[0] == "loyalty_summary"


@pytest.mark.parametrize(
    ("text", "now"),
    [("how loyal is my cat lol", LONDON), ("我老婆说我不够忠诚哈哈", SHANGHAI)],
)
def test_loyalty_joked_about_with_no_customer_is_chat(text: str, now: datetime) -> None:
    intent, confidence = _confidence(text, now)
    assert intent == "unknown"
    assert confidence <= 0.3


def test_calling_off_a_planned_visit_books_nothing() -> None:
    intent, slots = _one("取消下周一跟飞鸿智能的拜访", SHANGHAI)
    assert intent == "unknown"
    assert slots["customer"]["name"] == "深圳市飞鸿智能设备有限公司"  # type: ignore[index]
    assert _confidence("cancel my 3pm with Selby tomorrow")[0] == "unknown"


def test_calling_off_and_moving_is_still_the_new_plan() -> None:
    assert _one("cancel my 3pm with Selby tomorrow, moved to friday same time")[0] == (
        "schedule_followup"
    )


@pytest.mark.parametrize(
    ("text", "act"),
    [
        ("scrap that", "cancel"),
        ("no wait, don't save it", "cancel"),
        ("delete what I just sent", "undo"),
    ],
)
def test_dialogue_acts(text: str, act: str) -> None:
    assert _confidence(text) == (act, 0.98)


def test_the_agenda_asked_as_follow_ups_not_done() -> None:
    intent, slots = _one("我今天还有几个跟进没做", SHANGHAI)
    assert intent == "list_agenda"
    assert slots["when"]["grain"] == "day"  # type: ignore[index]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("add Wexley Joinery as a new customer, contact Liam Byrne", "Wexley Joinery"),
        ("set up a new account for Halden Vets", "Halden Vets"),
    ],
)
def test_new_customer_named_where_it_is_added(text: str, name: str) -> None:
    intent, slots = _one(text)
    assert intent == "create_customer"
    assert slots["customer"]["text"] == name  # type: ignore[index]


def test_out_of_scope_chat_is_unsure() -> None:
    assert _confidence("你是机器人吗", SHANGHAI) == ("unknown", 0.3)


def test_a_day_word_before_and_is_no_customer_heard_by_sound() -> None:
    # "明天和" sounds like the customer "天合纺织"; 天 ends the day word
    directory = (*MADE_UP_DIRECTORY, DirectoryEntry(30, "无锡天合纺织有限公司", ("天合纺织",)))
    actions = parsed("明天和飞鸿智能开会", directory, SHANGHAI)
    assert len(actions) == 1, actions
    slots = actions[0][1]
    assert slots["customer"]["name"] == "深圳市飞鸿智能设备有限公司"
    assert slots["when"]["value"] == "2027-02-11"


def test_a_plan_named_first_then_called_off() -> None:
    intent, slots = _one("把下周三去安澜医院的行程取消掉", SHANGHAI)
    assert intent == "unknown"
    assert slots["when"]["value"] == "2027-02-17"  # type: ignore[index]


@pytest.mark.parametrize(
    ("text", "act"),
    [
        ("hold on, cancel that", "cancel"),
        ("that was the wrong account, remove it", "undo"),
        ("等一下先不要保存", "cancel"),
        ("刚那条不算", "undo"),
    ],
)
def test_dialogue_acts_with_a_pause_or_a_reason(text: str, act: str) -> None:
    assert _confidence(text, SHANGHAI if not text.isascii() else LONDON)[0] == act


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("后天我要跑哪几家", "list_agenda"),
        ("show me my follow ups for friday", "list_agenda"),
        ("hmm what do i type to see my follow ups", "help"),
        ("飞鸿智能现在属于哪类客户", "loyalty_summary"),
        ("安澜医院我们多久没去了", "query_customer"),
    ],
)
def test_asks_said_in_other_words(text: str, intent: str) -> None:
    assert _one(text, SHANGHAI if not text.isascii() else LONDON)[0] == intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("how does this thing work", "help"),
        ("remind me how to log a deal", "help"),
        ("要怎么操作", "help"),
        ("能不能发图片给你", "help"),
        ("who do I have to ring today", "list_agenda"),
        ("any visits lined up for Thursday?", "list_agenda"),
        ("my calls for this afternoon", "list_agenda"),
        ("明天上午排了啥", "list_agenda"),
    ],
)
def test_help_and_agenda_asked(text: str, intent: str) -> None:
    assert _one(text, SHANGHAI if not text.isascii() else LONDON)[0] == intent


def test_a_teacher_who_cannot_use_the_product_is_no_help_request() -> None:
    assert _one("安澜医院新来的护士不会用监护仪想约一次培训", SHANGHAI)[0] != "help"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("please create Dunmore Bakeries as a customer, contact Aoife Kelly", "Dunmore Bakeries"),
        ("帮我把绍兴恒昌布业录进系统，对接人钱总", "绍兴恒昌布业"),
        ("新开了个客户，宁波远洋渔具，回头补资料", "宁波远洋渔具"),
    ],
)
def test_new_customer_commands(text: str, name: str) -> None:
    intent, slots = _one(text, SHANGHAI if not text.isascii() else LONDON)
    assert intent == "create_customer"
    assert slots["customer"]["text"] == name  # type: ignore[index]


def test_details_promised_for_a_new_customer_are_no_follow_up() -> None:
    actions = parsed(
        "we've got a new customer - Penrose Leisure, I'll add the details later",
        MADE_UP_DIRECTORY,
        LONDON,
    )
    assert [intent for intent, _ in actions] == ["create_customer"]
    assert actions[0][1]["customer"]["text"] == "Penrose Leisure"


@pytest.mark.parametrize(
    ("text", "act"),
    [("ugh, reverse that", "undo"), ("spot on, save it", "confirm"), ("嗯可以提交", "confirm")],
)
def test_more_dialogue_acts(text: str, act: str) -> None:
    assert _confidence(text, SHANGHAI if not text.isascii() else LONDON) == (act, 0.98)

"""Short non-report messages: look-ups, loyalty questions, the agenda, help, dialogue acts and
chat. Each test is a general pattern, checked on a sentence of its own."""

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from nlu.customer_index import CustomerIndex, DirectoryEntry
from nlu.intents import dialogue_act
from nlu.parser import IntentClassifier, ParseContext, parse

DIRECTORY = [
    DirectoryEntry(1, "厦门蓝湾医疗科技有限公司", ("蓝湾医疗", "蓝湾")),
    DirectoryEntry(3, "上海东辰精密机械有限公司", ("东辰精密", "东辰")),
    DirectoryEntry(18, "扬州康宁养老服务有限公司", ("康宁养老",)),
    DirectoryEntry(41, "Pemberton Foods Ltd", ("Pemberton",)),
    DirectoryEntry(53, "Greenfield Dairy Co", ("Greenfield",)),
    DirectoryEntry(59, "Kowloon Bay Trading Ltd", ("KB Trading",)),
]
NOW = datetime(2026, 12, 9, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Wednesday
LONDON_NOW = datetime(2026, 12, 9, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(scope="module")
def index() -> CustomerIndex:
    return CustomerIndex.build(DIRECTORY)


def _intents(text: str, index: CustomerIndex, now: datetime = NOW) -> list[str]:
    return [a.intent for a in parse(text, ParseContext(now=now, customers=index)).actions]


def _guessing(probabilities: dict[str, float]) -> IntentClassifier:
    """A stand-in for the trained model that always leans the same way."""

    def classify(text: str, language: str, spans: Sequence[tuple[int, int]]) -> dict[str, float]:
        return probabilities

    return classify


@pytest.mark.parametrize(
    ("text", "act"),
    [
        # an act phrase among fillers
        ("erm forget about it", "cancel"),
        ("hmm no need", "cancel"),
        ("ok go for it", "confirm"),
        # an undo said with the no that explains it
        ("no, wrong one, undo", "undo"),
        # taking back the record just made, named by being the last or just made
        ("remove the entry you just made", "undo"),
        ("get rid of the last note", "undo"),
        ("delete Contoso", None),
        # Chinese acts said politely or softened
        ("算了谢谢", "cancel"),
        ("谢谢", None),
        ("撤销一下吧", "undo"),
        ("能不能撤销", "undo"),
        ("先不用了", "cancel"),
        # a "save it" never turns a "don't" into a yes
        ("no don't save it", "cancel"),
        # "not right" is a no, and a dash is punctuation
        ("hmm - that's not right - undo it", "undo"),
        ("错了错了 撤销刚才那条", "undo"),
        ("算啦算啦", "cancel"),
        # the reason after a no or an undo does not hide it
        ("no, wrong contact", "cancel"),
        # a short Chinese message that ends by not recording
        ("那条先别记了", "cancel"),
        ("roll it back", "undo"),
    ],
)
def test_short_dialogue_acts(text: str, act: str | None) -> None:
    assert dialogue_act(text) == act


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("how healthy is Greenfield these days", "loyalty_summary"),
        ("康宁养老健康分是多少", "loyalty_summary"),
        ("what's the LTV on KB Trading", "loyalty_summary"),
        ("is Pemberton still ordering from us?", "loyalty_summary"),
        ("which customers should I chase this week", "list_agenda"),
        ("后天下午要拜访哪些客户", "list_agenda"),
        ("明天干啥", "list_agenda"),
        ("你都会什么呀", "help"),
        ("嘉禾超市多久没下单了", "loyalty_summary"),
        ("do we risk losing KB Trading", "loyalty_summary"),
        ("有哪些指令", "help"),
    ],
)
def test_question_vocabulary(text: str, intent: str, index: CustomerIndex) -> None:
    now = LONDON_NOW if text.isascii() else NOW
    assert _intents(text, index, now) == [intent]


def test_a_chinese_question_ending_in_sha_is_a_look_up(index: CustomerIndex) -> None:
    # "买了啥" asks what they bought; nothing was bought just now
    assert _intents("蓝湾医疗去年都买了啥", index) == ["query_customer"]


def test_a_weak_guess_without_a_trigger_is_unknown(index: CustomerIndex) -> None:
    context = ParseContext(now=NOW, customers=index)
    classifier = _guessing({"query_customer": 0.25, "unknown": 0.2, "cancel": 0.1})
    [action] = parse("珠穆朗玛峰有多高", context, classifier=classifier).actions
    assert action.intent == "unknown"
    assert action.confidence < 0.35


def test_a_guessed_dialogue_act_must_be_likely(index: CustomerIndex) -> None:
    context = ParseContext(now=NOW, customers=index)
    [action] = parse("周末爬山去不", context, classifier=_guessing({"cancel": 0.3})).actions
    assert action.intent == "unknown"


def test_a_customer_named_in_laughter_is_chat(index: CustomerIndex) -> None:
    context = ParseContext(now=LONDON_NOW, customers=index)
    classifier = _guessing({"query_customer": 0.6, "unknown": 0.3})
    [action] = parse("haha Greenfield's new logo is a cow", context, classifier=classifier).actions
    assert action.intent == "unknown"
    assert action.slots["customer"]["id"] == 53  # slots are still read


def test_a_sure_guess_is_kept(index: CustomerIndex) -> None:
    context = ParseContext(now=LONDON_NOW, customers=index)
    classifier = _guessing({"query_customer": 0.9})
    [action] = parse("Greenfield Dairy", context, classifier=classifier).actions
    assert action.intent == "query_customer"
    assert action.confidence >= 0.8


def test_a_won_account_with_an_amount_is_a_deal(index: CustomerIndex) -> None:
    context = ParseContext(now=LONDON_NOW, customers=index)
    classifier = _guessing({"query_customer": 0.3, "record_deal": 0.2})
    [action] = parse("landed KB Trading for 18k", context, classifier=classifier).actions
    assert action.intent == "record_deal"
    assert action.slots["amount"]["value"] == 18000
    assert action.confidence >= 0.8


def test_asking_how_to_use_the_bot_is_help_not_chat_about_it(index: CustomerIndex) -> None:
    assert _intents("这个机器人怎么建新客户", index) == ["help"]
    assert _intents("这个机器人是谁做的", index) == ["unknown"]


def test_a_chinese_question_ending_in_sha_shihou_is_a_look_up(index: CustomerIndex) -> None:
    assert _intents("东辰上回拜访是啥时候", index) == ["query_customer"]


def test_a_weak_record_guess_needs_more_than_a_customer_name(index: CustomerIndex) -> None:
    context = ParseContext(now=NOW, customers=index)
    classifier = _guessing({"log_interaction": 0.25, "unknown": 0.2})
    [chat] = parse("东辰楼下新开了家咖啡店", context, classifier=classifier).actions
    assert chat.intent == "unknown"
    [note] = parse("东辰说包装盒容易受潮", context, classifier=classifier).actions
    assert note.intent == "log_interaction"  # their words: a report, however weakly guessed

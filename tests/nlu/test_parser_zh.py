"""Chinese notes the training messages do not phrase: products read by their shape, not from the
catalogue (rules only, no classifier)."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from nlu.customer_index import DirectoryEntry
from nlu.parsing.products import zh_product_phrases
from nlu.parsing.questions import ASKS
from tests.nlu.parsing import parsed

DIRECTORY = [
    DirectoryEntry(1, "深圳市飞鸿智能设备有限公司", ("飞鸿智能",)),
    DirectoryEntry(2, "南宁绿岭农业科技有限公司", ("绿岭农业",)),
    DirectoryEntry(3, "宁波安澜医院有限公司", ("安澜医院",)),
]
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 12, 2, 10, 30, tzinfo=SHANGHAI)  # a Wednesday


def _parse(text: str, now: datetime = NOW) -> list[tuple[str, dict[str, Any]]]:
    return parsed(text, DIRECTORY, now)


def _phrases(text: str) -> list[str]:
    return [text[start:end] for start, end in zh_product_phrases(text)]


@pytest.mark.parametrize(
    ("text", "products"),
    [
        # a product noun and the characters that name it, up to a small word of the sentence
        ("上午跟他们碰了个头，骨密度分析仪那个事还在走预算", ["骨密度分析仪"]),
        ("看了看牙科综合椅", ["牙科综合椅"]),
        # a Latin name written against it
        ("他们想把ERP系统也换掉", ["ERP系统"]),
        ("聊了聊AMR小车", ["AMR小车"]),
        # a verb that says what the machine does is part of its name
        ("灌装机那批货收到了", ["灌装机"]),
        # words that end like a product but are not one
        ("他手机打不通，发邮箱吧", []),
        ("新款光伏逆变器样机", ["光伏逆变器"]),
        # a measure word, a year or "那边" before the name is not part of it
        ("明年光伏逆变器再加两百台", ["光伏逆变器"]),
        ("那边光伏逆变器报警了", ["光伏逆变器"]),
        ("下午讨论光伏逆变器选型", ["光伏逆变器"]),
    ],
)
def test_chinese_products_by_shape(text: str, products: list[str]) -> None:
    assert _phrases(text) == products


def test_a_new_product_fills_the_slot() -> None:
    frames = _parse("飞鸿智能的光伏逆变器报警了，很急")
    assert frames[0][0] == "open_ticket"
    assert frames[0][1]["product"] == "光伏逆变器"
    assert frames[0][1]["priority"] == "urgent"


def test_a_longer_name_around_a_catalogue_word_is_the_product() -> None:
    # 传感器 is in the catalogue; 船用传感器 names which one
    frames = _parse("绿岭农业的采购经理对船用传感器兴趣不大")
    assert frames[0][1]["product"] == "船用传感器"


def test_a_catalogue_product_and_its_part_keep_the_product() -> None:
    # 输液泵 is a product and 电池 its part: the ticket is about the pump
    frames = _parse("安澜医院：输液泵电池鼓包，需要换电池")
    assert frames[0][1]["product"] == "输液泵"


def test_a_fault_is_about_the_product_named_last_before_it() -> None:
    frames = _parse("安澜医院信息科说中央站软件升级以后监护仪全部离线了")
    assert frames[0][0] == "open_ticket"
    assert frames[0][1]["product"] == "监护仪"


@pytest.mark.parametrize(
    ("text", "now", "value"),
    [
        # a weekday without 上/下/这, then a deed done: the last such day
        (
            "周四去安澜医院转了转，院长说还行",
            datetime(2026, 12, 5, 11, 0, tzinfo=SHANGHAI),
            "2026-12-03",
        ),
        (
            "周五和飞鸿智能的宋经理通了电话",
            datetime(2027, 5, 9, 9, 0, tzinfo=SHANGHAI),
            "2027-05-07",
        ),
        # a time of day gone by is today's
        (
            "中午和安澜医院的院长吃了顿便饭",
            datetime(2026, 12, 8, 14, 15, tzinfo=SHANGHAI),
            "2026-12-08T12:00:00+08:00",
        ),
    ],
)
def test_a_day_then_a_deed_done_is_a_report(text: str, now: datetime, value: str) -> None:
    frames = _parse(text, now)
    assert [intent for intent, _ in frames] == ["log_interaction"]
    assert frames[0][1]["when"]["value"] == value


def test_a_weekday_before_a_promise_is_still_a_plan() -> None:
    frames = _parse("周四要去安澜医院转一转", datetime(2026, 12, 5, 11, 0, tzinfo=SHANGHAI))
    assert frames[0][0] == "schedule_followup"
    assert frames[0][1]["when"]["value"] == "2026-12-10"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # a day they name for something done with us is a plan of ours too
        ("安澜医院的院长说标书我们过了下周一开标", "2026-12-07"),
        ("飞鸿智能胡总微信：数据分析模块想先试用两周，下周一开通", "2026-12-07"),
    ],
)
def test_their_day_for_a_joint_event_is_followed_up(text: str, value: str) -> None:
    frames = _parse(text)
    assert frames[-1][0] == "schedule_followup"
    assert frames[-1][1]["when"]["value"] == value


def test_their_own_errand_is_not_followed_up() -> None:
    frames = _parse("绿岭农业陈经理微信上说月底前把货款打过来")
    assert [intent for intent, _ in frames] == ["log_interaction"]


@pytest.mark.parametrize(
    "text",
    [
        "飞鸿智能的分拣机器人又跑偏了",
        "安澜医院的内镜清洗机漏液",
        "绿岭农业反馈温室控制器数据跳变",
        "飞鸿智能的调度软件又崩了",
        "安澜医院的工作站蓝屏了，开机就一直重启",
    ],
)
def test_fault_words_open_a_ticket(text: str) -> None:
    assert _parse(text)[0][0] == "open_ticket"


@pytest.mark.parametrize(
    ("text", "priority"),
    [
        # the level a ticket is set to outranks how the customer feels about it
        ("那个二三六二的单子降成一般吧客户说不着急", "normal"),
        ("飞鸿智能冷藏箱温度降不下来了赶紧处理", "urgent"),
    ],
)
def test_priority(text: str, priority: str) -> None:
    assert _parse(text)[0][1]["priority"] == priority


def test_a_spoken_ticket_number_before_de_danzi() -> None:
    intent, slots = _parse("那个二三六二的单子降成一般吧")[0]
    assert intent == "update_ticket"
    assert slots["ticket"] == {"number": "T-2362"}


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("T-2401 工程师排查发现是网线松了，已处理", "resolved"),
        # closing after a week of watching is not closing now
        ("T-2371 已恢复，观察一周后关闭", "resolved"),
        ("T-1193 不是我们的问题，跟客户沟通后关闭", "closed"),
    ],
)
def test_ticket_status(text: str, status: str) -> None:
    assert _parse(text)[0][1]["status"] == status


def test_an_engineer_on_site_is_work_on_the_ticket_not_a_visit() -> None:
    frames = _parse("2360号工单：工程师今天下午上门，备件已带")
    assert [intent for intent, _ in frames] == ["update_ticket"]
    assert frames[0][1]["status"] == "in_progress"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("飞鸿智能的联系人电话发我一下", "query_customer"),
        ("安澜医院 上次拜访是哪天", "query_customer"),
        ("绿岭农业今年回款多少了", "query_customer"),
        ("下周的拜访安排发我一下", "list_agenda"),
        ("下午我排了哪些事", "list_agenda"),
        ("有没有使用教程", "help"),
    ],
)
def test_questions_said_without_a_question_mark(text: str, intent: str) -> None:
    assert _parse(text)[0][0] == intent


@pytest.mark.parametrize(
    ("text", "act"),
    [
        ("嗯嗯可以的", "confirm"),
        ("就这么记吧", "confirm"),
        ("算了算了不要了", "cancel"),
        ("不用记了", "cancel"),
        ("嗯把上一条删了吧", "undo"),
        ("撤回刚刚那个工单", "undo"),
    ],
)
def test_spoken_dialogue_acts(text: str, act: str) -> None:
    assert _parse(text)[0][0] == act


@pytest.mark.parametrize(
    "text",
    [
        "不好说，明天再看",  # words of an answer inside a message of its own
        "好的我明天去安澜医院",
    ],
)
def test_a_message_with_more_than_a_yes_or_no_is_parsed(text: str) -> None:
    assert _parse(text)[0][0] not in ("confirm", "cancel", "undo")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("新增一个客户嗯杭州滨江智造联系人孔经理", "杭州滨江智造"),
        ("帮我建个客户档案：成都高新瑞康诊所，院长 苗医生，028-85123456", "成都高新瑞康诊所"),
        ("新开发的客户：苏州吴中天工模具，联系人丁总，请建档", "苏州吴中天工模具"),
        ("今天认识了一个新客户叫佛山南海伟业五金老板是黎总帮我建个档", "佛山南海伟业五金"),
    ],
)
def test_new_customer_names(text: str, name: str) -> None:
    intent, slots = _parse(text)[0]
    assert intent == "create_customer"
    assert slots["customer"] == {"text": name, "id": None}


def test_going_to_a_customer_is_a_visit_and_the_fault_heard_there_a_ticket() -> None:
    frames = _parse("今天去安澜医院陈主任说输液泵有五台报警很急")
    assert [intent for intent, _ in frames] == ["log_interaction", "open_ticket"]
    assert frames[0][1]["interaction_type"] == "visit"
    assert frames[1][1]["priority"] == "urgent"


def test_going_to_a_customer_later_is_a_plan() -> None:
    frames = _parse("明天下午去安澜医院")
    assert [intent for intent, _ in frames] == ["schedule_followup"]


def test_a_visit_to_another_customer_is_another_visit() -> None:
    frames = _parse("今天跑了两家上午在安澜医院陈主任说还行下午去了飞鸿智能")
    assert [intent for intent, _ in frames] == ["log_interaction", "log_interaction"]
    assert [slots["customer"]["id"] for _, slots in frames] == [3, 1]


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # a bare noun phrase about a customer asks for it
        ("飞鸿智能宋经理电话", "query_customer"),
        ("安澜医院的合同", "query_customer"),
        ("绿岭农业今年回款情况", "query_customer"),
        # a call made, or one to make, is not a look-up
        ("刚给飞鸿智能的梁经理打完电话", "log_interaction"),
        ("明天九点给飞鸿智能何总回电话", "schedule_followup"),
    ],
)
def test_noun_phrase_look_ups(text: str, intent: str) -> None:
    assert _parse(text)[0][0] == intent


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # the rep's own answer names the day
        ("飞鸿智能的胡总打电话来问报价什么时候能出来我说下周一", "2026-12-07"),
        # what they expect from us by a day
        ("安澜医院的陈主任说预算十二万左右下周三前要看到方案", "2026-12-09"),
        # finding a time to go
        ("绿岭农业新来的采购主管还没见过下周找机会拜访一下", "2026-12-07"),
    ],
)
def test_a_promise_inside_a_report_is_followed_up(text: str, value: str) -> None:
    frames = _parse(text)
    assert [intent for intent, _ in frames] == ["log_interaction", "schedule_followup"]
    assert frames[1][1]["when"]["value"] == value


def test_looking_at_something_later_in_a_note_is_no_question() -> None:
    frames = _parse("安澜医院陈主任微信说护理系统一切正常然后让我下个月去看一下现场")
    assert [intent for intent, _ in frames] == ["log_interaction", "schedule_followup"]


@pytest.mark.parametrize(
    ("text", "product"),
    [
        # a head that names a product on its own
        ("飞鸿智能的机械手订单确认，USD 45,000", "机械手"),
        # 小车 is a cart, not a Mr Che
        ("5月6号去飞鸿智能看AMR小车的现场", "AMR小车"),
    ],
)
def test_products_on_their_own(text: str, product: str) -> None:
    frames = _parse(text)
    assert frames[0][1]["product"] == product
    assert "contact" not in frames[0][1]


def test_a_deal_still_to_be_signed_is_news_and_a_plan() -> None:
    frames = _parse("刚跟飞鸿智能王厂长吃完饭他说激光切割机定了二十八万合同下周签")
    assert [intent for intent, _ in frames] == ["log_interaction", "schedule_followup"]
    assert frames[0][1]["amount"]["value"] == 280000


def test_when_to_send_someone_belongs_to_the_fault() -> None:
    frames = _parse("安澜医院麻醉机显示屏闪烁，不紧急，下周安排即可")
    assert [intent for intent, _ in frames] == ["open_ticket"]
    assert frames[0][1]["priority"] == "low"
    assert frames[0][1]["when"]["value"] == "2026-12-07"


@pytest.mark.parametrize("text", ["下周要回访的客户", "这周的拜访清单发我", "明天要联系的有哪些"])
def test_agenda_asked_by_what_is_to_do(text: str) -> None:
    assert _parse(text)[0][0] == "list_agenda"


def test_a_call_that_brought_a_fault_and_more_is_logged_first() -> None:
    frames = _parse(
        "安澜医院张经理打电话来说冷库温控又报警了让我们派人看一下另外他们下个月还要加十套"
    )
    assert [intent for intent, _ in frames] == ["log_interaction", "open_ticket"]
    assert frames[0][1]["contact"] == {"text": "张经理"}
    assert frames[0][1]["interaction_type"] == "call"
    assert "contact" not in frames[1][1]


def test_a_call_about_the_fault_alone_is_only_the_ticket() -> None:
    frames = _parse("安澜医院张经理打电话来说冷库温控又报警了让我们派人看一下")
    assert [intent for intent, _ in frames] == ["open_ticket"]


def test_news_after_an_update_names_its_own_product() -> None:
    frames = _parse(
        "嗯早上安澜医院王工打电话说T二零零一那个单子的监护仪修好了然后他们还想再买十台输液泵"
    )
    assert [intent for intent, _ in frames] == ["log_interaction", "update_ticket"]
    assert frames[0][1]["product"] == "输液泵"
    assert frames[1][1]["status"] == "resolved"


def test_every_stop_of_a_day_of_visits_is_on_that_day() -> None:
    now = datetime(2026, 12, 15, 21, 10, tzinfo=SHANGHAI)
    frames = _parse("今天一天跑了两家先是安澜医院见了周主任然后最后在飞鸿智能聊到六点", now)
    assert [intent for intent, _ in frames] == ["log_interaction", "log_interaction"]
    assert [slots["when"]["value"] for _, slots in frames] == ["2026-12-15", "2026-12-15"]


def test_a_weekday_meal_they_talked_at_is_a_report() -> None:
    now = datetime(2026, 9, 28, 10, 0, tzinfo=SHANGHAI)  # a Monday
    frames = _parse("周五跟飞鸿智能陈经理吃饭他说明年要换ERP", now)
    assert [intent for intent, _ in frames] == ["log_interaction"]
    assert frames[0][1]["when"]["value"] == "2026-09-25"


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("那个T二一零五的单子客户说不用派人了直接关掉", "closed"),
        ("幺二三四号工单客户说修好了可以结了", "closed"),
    ],
)
def test_a_ticket_named_with_its_danzi_is_updated(text: str, status: str) -> None:
    frames = _parse(text)
    assert [intent for intent, _ in frames] == ["update_ticket"]
    assert frames[0][1]["status"] == status


def test_a_ticket_updated_after_another_action_is_that_customers() -> None:
    frames = _parse("安澜医院郑总约了周三上午十点开年度回顾会；另外T-2090车载终端的问题已经解决")
    assert [intent for intent, _ in frames] == ["schedule_followup", "update_ticket"]
    assert frames[1][1]["customer"]["id"] == 3


@pytest.mark.parametrize(
    ("text", "now", "when"),
    [
        # the year's end is its last day, as the month's is
        ("年底前把安澜医院的回款催回来", NOW, {"value": "2026-12-31", "grain": "day"}),
        # the working days after a holiday
        (
            "元旦后第一个工作日去飞鸿智能送续约合同",
            datetime(2026, 12, 20, 10, 0, tzinfo=SHANGHAI),
            {"value": "2027-01-04", "grain": "day"},
        ),
        (
            "元旦后第一周找安澜医院聊聊",
            datetime(2026, 12, 20, 10, 0, tzinfo=SHANGHAI),
            {"value": "2027-01-04", "grain": "week"},
        ),
        # a weekday and a clock time said together
        (
            "下周一九点半跟飞鸿智能CTO视频",
            NOW,
            {"value": "2026-12-07T09:30:00+08:00", "grain": "minute"},
        ),
    ],
)
def test_follow_up_times(text: str, now: datetime, when: dict[str, str]) -> None:
    frames = _parse(text, now)
    assert frames[0][0] == "schedule_followup"
    got = frames[0][1]["when"]
    assert {k: got[k] for k in when} == when


def test_danzi_before_a_title_is_no_contact() -> None:
    intent, slots = _parse("呃T二四一二那个单子工程师说周五才能过去")[0]
    assert intent == "update_ticket"
    assert "contact" not in slots


def test_a_payment_with_its_amount_is_a_deal() -> None:
    intent, slots = _parse("嗯安澜医院陈经理今天付了尾款十二万")[0]
    assert intent == "record_deal"
    assert slots["amount"]["value"] == 120000


def test_a_reminder_after_a_plan_is_what_to_prepare_for_it() -> None:
    frames = _parse("飞鸿智能的CTO下周三来公司参观，记得准备AMR小车的演示")
    assert [intent for intent, _ in frames] == ["schedule_followup"]
    assert frames[0][1]["when"]["value"] == "2026-12-09"
    assert frames[0][1]["contact"] == {"text": "CTO"}


def test_their_question_after_a_colon_is_a_note() -> None:
    frames = _parse("安澜医院何总：机械手单价能不能再降5%？")
    assert frames[0][0] not in ("help", "query_customer", "unknown", "list_agenda")


def test_a_day_they_can_start_work_with_us_is_followed_up() -> None:
    frames = _parse("飞鸿智能刘工微信说服务器到货了下周一可以开始部署")
    assert [intent for intent, _ in frames] == ["log_interaction", "schedule_followup"]
    assert frames[1][1]["when"]["value"] == "2026-12-07"


def test_roles_by_department() -> None:
    slots = _parse("今天拜访安澜医院，运营总监不在，见了调度主管")[0][1]
    assert slots["contact"] == {"text": "调度主管"}


def test_a_filler_is_no_part_of_an_unknown_customer() -> None:
    slots = _parse("那个星河贸易有限公司的张经理说下周来公司")[0][1]
    assert slots["customer"] == {"text": "星河贸易有限公司", "id": None}


def test_going_to_see_how_it_is_is_a_plan() -> None:
    frames = _parse("嗯下个月初再去一次安澜医院看看血透机装得怎么样")
    assert [intent for intent, _ in frames] == ["schedule_followup"]
    assert frames[0][1]["when"]["value"] == "2027-01-01"


def test_a_visit_planned_after_a_new_customers_details_is_a_follow_up() -> None:
    frames = _parse("新客户：宁波甬港冷链，联系人 邵经理 13967812345，明天下午去拜访")
    assert [intent for intent, _ in frames] == ["create_customer", "schedule_followup"]
    assert frames[1][1]["customer"] == {"text": "宁波甬港冷链", "id": None}
    assert frames[1][1]["when"]["start"] == "2026-12-03T12:00:00+08:00"


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        # 工业 is a word, not an engineer surnamed 苏
        ("新建客户 苏州工业园区星海医院，设备科 蒋科长，0512-65123456", "蒋科长"),
        # 小商品城 is no Mr Shang
        ("加客户 义乌小商品城物流 联系人 楼总", "楼总"),
    ],
)
def test_new_customer_contacts(text: str, contact: str) -> None:
    assert _parse(text)[0][1]["contact"] == {"text": contact}


def test_a_contract_signed_is_the_deal_its_amount_said_after() -> None:
    frames = _parse("安澜医院二期合同今天签了！72万，40台监护仪")
    assert [intent for intent, _ in frames] == ["record_deal"]
    assert frames[0][1]["amount"]["value"] == 720000
    assert frames[0][1]["when"]["value"] == "2026-12-02"


@pytest.mark.parametrize(
    ("text", "product"),
    [
        # a generic catalogue word (机器) does not block the name around it
        ("飞鸿智能运营经理说分拣机器人的合同签了一共九十六万", "分拣机器人"),
        ("年底最后一单：绿岭农业水肥一体机签了，45 万", "水肥一体机"),
        ("安澜医院回流焊炉温度不稳很急今天就要人", "回流焊炉"),
    ],
)
def test_more_products_by_shape(text: str, product: str) -> None:
    assert _parse(text)[0][1]["product"] == product


def test_a_week_still_running_that_we_promised_is_a_follow_up() -> None:
    frames = _parse("嗯安澜医院周主任说试剂快用完了让我们这周内补货")
    assert [intent for intent, _ in frames] == ["log_interaction", "schedule_followup"]
    assert frames[1][1]["when"] == {"text": "这周内", "value": "2026-11-30", "grain": "week"}


@pytest.mark.parametrize(
    ("text", "intents"),
    [
        # a pilot that starts on a day is work with us
        (
            "嗯刚给飞鸿智能运营经理打了电话托盘机器人的试点下周四开始",
            ["log_interaction", "schedule_followup"],
        ),
        # a contract's term that starts is not
        ("那个飞鸿智能的副总说续约合同今天签了十八万下个月一号开始", ["record_deal"]),
    ],
)
def test_what_starts_on_a_day(text: str, intents: list[str]) -> None:
    assert [intent for intent, _ in _parse(text)] == intents


@pytest.mark.parametrize(
    ("text", "product"),
    [
        # a numeral that names a dimension is part of the name
        ("嗯刚从安澜医院出来王总说三维扫描仪的报价还得再压一压", "三维扫描仪"),
        # 回访 before a name is the visit, not the product
        ("下周一去绿岭农业回访水肥一体机", "水肥一体机"),
        ("康宁养老院长想了解一下智能护理床，周五下午上门演示", "智能护理床"),
    ],
)
def test_products_named_with_numerals_beds_and_after_visits(text: str, product: str) -> None:
    assert _parse(text)[0][1]["product"] == product


def test_a_ticket_reported_after_a_colon_is_updated() -> None:
    frames = _parse("飞鸿智能车队主管：手持终端 T-2633 已更换，现在正常")
    assert [intent for intent, _ in frames] == ["update_ticket"]
    assert frames[0][1]["status"] == "resolved"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("嗯这个月我还剩几家没去拜访", "list_agenda"),
        ("嗯客户以前买过什么在哪儿能看到啊", "help"),
        ("算了这条不记了", "cancel"),
        ("那个飞鸿智能郑总说冷藏箱的尾款三十万今天到账了", "record_deal"),
    ],
)
def test_more_phrasings(text: str, intent: str) -> None:
    assert _parse(text)[0][0] == intent


@pytest.mark.parametrize(
    ("text", "products"),
    [
        # a word that joins clauses or carries a thing along is no part of the name
        ("顺便带上新扫描仪的样品", ["扫描仪"]),
        ("然后智慧教室的平板还差三十台", ["智慧教室", "平板"]),
        ("聊完协同平台附件的问题", ["协同平台"]),
        # a leading 上 / 新 after a verb is the verb's, not the name's
        ("他们想上仓储管理系统", ["仓储管理系统"]),
        # 条 and 成 begin words of a name (条码, 成型) though they also count things
        ("MES的条码打印机坏了", ["条码打印机"]),
        ("鞋底成型机改造", ["鞋底成型机"]),
    ],
)
def test_product_names_without_the_clause_words_around_them(text: str, products: list[str]) -> None:
    assert _phrases(text) == products


def test_the_next_stop_of_a_planned_day_is_planned_on_that_day() -> None:
    frames = _parse("嗯下周一上午先去飞鸿智能然后下午去安澜医院")
    assert [intent for intent, _ in frames] == ["schedule_followup", "schedule_followup"]
    assert frames[1][1]["when"]["start"] == "2026-12-07T12:00:00+08:00"


def test_a_call_about_a_fault_and_when_to_come_is_the_ticket_alone() -> None:
    frames = _parse("刚跟飞鸿智能车间主任通了电话染色机温控又坏了明天上午要人过去")
    assert [intent for intent, _ in frames] == ["open_ticket"]
    assert frames[0][1]["when"]["start"] == "2026-12-03T08:00:00+08:00"


def test_the_day_they_will_answer_is_followed_up() -> None:
    frames = _parse("刚给飞鸿智能黄经理打电话新报价二十九万八他说下周一给答复")
    assert [intent for intent, _ in frames] == ["log_interaction", "schedule_followup"]
    assert frames[1][1]["when"]["value"] == "2026-12-07"


@pytest.mark.parametrize(
    ("text", "intents"),
    [
        # a priced deal still to be signed: the news, then the day of the signing
        ("飞鸿智能采购经理：贴片机加两台60万下周签", ["log_interaction", "schedule_followup"]),
        # signed next year is their timeline: news only
        ("飞鸿智能郑总：冷库监控三期明年签，约200万", ["log_interaction"]),
    ],
)
def test_a_priced_deal_signed_later_is_news_and_a_day(text: str, intents: list[str]) -> None:
    frames = _parse(text)
    assert [intent for intent, _ in frames] == intents
    assert "amount" in frames[0][1]


def test_their_plan_time_is_not_the_follow_up_time() -> None:
    frames = _parse(
        "刚从飞鸿智能出来王厂长说传感器又报警了另外他们年底要上一条新产线让我下周一过去聊聊"
    )
    assert [intent for intent, _ in frames] == [
        "log_interaction",
        "open_ticket",
        "schedule_followup",
    ]
    assert frames[2][1]["when"]["value"] == "2026-12-07"


@pytest.mark.parametrize(
    ("text", "products"),
    [("集装箱跟踪系统的定位老是漂移", ["集装箱跟踪系统"])],
)
def test_tracking_and_container_words_begin_a_name(text: str, products: list[str]) -> None:
    assert _phrases(text)[-1:] == products


@pytest.mark.parametrize(
    "text",
    [
        "飞鸿智能QA经理来电：温湿度记录仪数据丢了，很急",
        "飞鸿智能的分拣线停了很急",
        "飞鸿智能说协同平台国庆期间挂了两次",
    ],
)
def test_more_fault_words(text: str) -> None:
    assert [intent for intent, _ in _parse(text)][-1] == "open_ticket"


def test_an_order_still_to_be_placed_is_news() -> None:
    frames = _parse("今天去了飞鸿智能老板说导航仪的订单下个月要下大概三十万")
    assert [intent for intent, _ in frames] == ["log_interaction"]
    assert frames[0][1]["amount"]["value"] == 300000


def test_a_product_after_a_call_does_not_take_the_call_word() -> None:
    assert _phrases("刚打了电话集装箱跟踪系统的定位老是漂移")[-1:] == ["集装箱跟踪系统"]


def test_each_stop_of_a_planned_round_is_its_own_follow_up() -> None:
    frames = _parse("嗯周一先去飞鸿智能然后周二去安澜医院周三去绿岭农业")
    assert [intent for intent, _ in frames] == ["schedule_followup"] * 3
    assert [slots["when"]["value"] for _, slots in frames] == [
        "2026-12-07",
        "2026-12-08",
        "2026-12-09",
    ]


def test_the_next_stop_without_a_time_is_on_the_planned_day() -> None:
    frames = _parse("呃下周四上午去飞鸿智能看样机然后顺便去一趟安澜医院")
    assert [intent for intent, _ in frames] == ["schedule_followup"] * 2
    assert frames[1][1]["when"] == {"text": "", "value": "2026-12-10", "grain": "day"}


def test_a_look_up_word_inside_a_product_name_asks_for_nothing() -> None:
    frames = _parse("飞鸿智能QA经理来电：洁净室温湿度记录仪数据丢了，很急，今天要处理")
    assert [intent for intent, _ in frames] == ["open_ticket"]


@pytest.mark.parametrize(
    ("text", "intents"),
    [
        # "有几个房间没反应": a count in a report, no question
        ("嗯昨天去安澜医院院长说呼叫系统有几个房间没反应了", ["log_interaction", "open_ticket"]),
    ],
)
def test_how_many_asks_only_when_it_is_asked(text: str, intents: list[str]) -> None:
    assert [intent for intent, _ in _parse(text)] == intents
    # "还有几个客户要拜访" still asks
    assert ASKS.search("今天还有几个客户要拜访") is not None


def test_what_else_to_do_on_a_planned_visit_is_that_visit() -> None:
    frames = _parse("明天下午两点去飞鸿智能找副校长谈智慧教室顺便把合同带过去")
    assert [intent for intent, _ in frames] == ["schedule_followup"]


def test_a_fault_after_a_call_received_starts_after_the_call() -> None:
    frames = _parse("刚接到飞鸿智能电话分拣线停了很急今天下午必须有人到现场")
    assert [intent for intent, _ in frames] == ["open_ticket"]
    assert frames[0][1]["product"] == "分拣线"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # a month or a year is the plan a report tells of, not when the contact or deal was
        ("飞鸿智能的王总说今年不续约了，预算砍了", "log_interaction"),
        ("年底最后一单：绿岭农业签了，45 万", "record_deal"),
        # a fault's time is when the fix is due, never the month of their next order
        ("安澜医院的监护仪又坏了，他们下个月还要加十台", "open_ticket"),
        # a new customer's record has no time
        ("今天展会上认识了一家新客户，合肥智谷科技，先建个档，联系人吴总", "create_customer"),
    ],
)
def test_a_month_or_a_year_is_no_report_time(text: str, intent: str) -> None:
    frames = _parse(text)
    assert frames[0][0] == intent
    assert "when" not in frames[0][1]


def test_a_report_of_later_today_is_today_and_takes_the_finer_time() -> None:
    frames = _parse(
        "今天上午九点半在安澜医院开了项目启动会，王主任说监护仪下个月到货",
        datetime(2026, 12, 2, 9, 0, tzinfo=SHANGHAI),
    )
    assert frames[0][1]["when"]["value"] == "2026-12-02T09:30:00+08:00"
    frames = _parse(
        "月底最后一天总结一下今天上午去了安澜医院王主任说监护仪还行",
        datetime(2026, 11, 30, 19, 40, tzinfo=SHANGHAI),
    )
    assert frames[0][1]["when"]["start"] == "2026-11-30T08:00:00+08:00"
    frames = _parse(
        "昨天上午先去了飞鸿智能然后下午去了安澜医院监护仪验收通过了",
        datetime(2026, 12, 2, 10, 0, tzinfo=SHANGHAI),
    )
    assert frames[1][1]["when"]["start"] == "2026-12-01T12:00:00+08:00"


@pytest.mark.parametrize(
    ("text", "when"),
    [
        # when the fault struck is not the ticket's time
        ("安澜医院的监护仪今天早上又打不开了很急", None),
        ("一早安澜医院就打电话说监护仪登不上去了挺急的", None),
        # when someone is needed is
        ("安澜医院的监护仪报警了很急今天下午派人过去", "2026-12-02T12:00:00+08:00"),
        ("安澜医院的监护仪坏了很急明天上午必须到", "2026-12-03T08:00:00+08:00"),
    ],
)
def test_a_chinese_fault_time_is_when_help_is_needed(text: str, when: str | None) -> None:
    frames = _parse(text, datetime(2026, 12, 2, 9, 0, tzinfo=SHANGHAI))
    assert frames[0][0] == "open_ticket"
    got = frames[0][1].get("when")
    assert (got and (got.get("value") or got.get("start"))) == when


@pytest.mark.parametrize(
    ("text", "when"),
    [
        # of several times, the one followed by what we do then, not by their holiday or plan
        ("明天圣诞节安澜医院那边放假下周再联系王主任", "2026-12-07"),
        ("安澜医院王主任说监护仪二期下月初实施，让我们周五前把实施计划发过去", "2026-12-04"),
    ],
)
def test_the_follow_up_time_is_the_one_before_our_deed(text: str, when: str) -> None:
    frames = _parse(text)
    assert frames[-1][0] == "schedule_followup"
    assert frames[-1][1]["when"]["value"] == when


def test_a_weekday_said_after_next_week_is_in_next_week() -> None:
    # on a Monday, 周四 alone is this Thursday; after 下周 it is next week's
    frames = _parse(
        "下周去安澜医院见王主任，定在周四下午三点", datetime(2026, 11, 30, 9, 0, tzinfo=SHANGHAI)
    )
    assert frames[0][0] == "schedule_followup"
    assert frames[0][1]["when"]["value"] == "2026-12-10T15:00:00+08:00"


@pytest.mark.parametrize(
    ("text", "when"),
    [
        # an update's time is when the work comes, not a part that arrives or a wait
        ("T-2501 现场排查中，备件明天到", None),
        ("T-2371 已恢复，观察一周后关闭", None),
        ("T-2012 工程师明天上午上门", "2026-12-03T08:00:00+08:00"),
        # up to the next time: not today's failed fix but tomorrow's visit
        ("T-2451 工程师说今天修不好明天再来", "2026-12-03"),
    ],
)
def test_a_chinese_ticket_update_time_is_when_the_work_comes(text: str, when: str | None) -> None:
    frames = _parse(text, datetime(2026, 12, 2, 10, 0, tzinfo=SHANGHAI))
    assert frames[0][0] == "update_ticket"
    got = frames[0][1].get("when")
    assert (got and (got.get("value") or got.get("start"))) == when


def test_a_weekend_visited_is_the_weekend_gone() -> None:
    # on a Monday, 周末 alone is the coming weekend; in a report it is the one just gone
    frames = _parse(
        "周末去了趟飞鸿智能王总说光伏逆变器要加两百台",
        datetime(2026, 12, 7, 9, 10, tzinfo=SHANGHAI),
    )
    assert frames[0][0] == "log_interaction"
    assert (frames[0][1]["when"]["start"], frames[0][1]["when"]["end"]) == (
        "2026-12-05",
        "2026-12-07",
    )


def test_before_leaving_work_is_today() -> None:
    frames = _parse(
        "下班前给安澜医院王主任回个电话", datetime(2026, 12, 2, 17, 40, tzinfo=SHANGHAI)
    )
    assert frames[0][0] == "schedule_followup"
    assert frames[0][1]["when"]["value"] == "2026-12-02"


def test_the_next_stop_after_a_deal_is_on_the_day_of_the_visits() -> None:
    frames = _parse(
        "今天先去了飞鸿智能王总签了光伏逆变器四十一万然后去安澜医院李主任说监护仪还是有问题",
        datetime(2026, 12, 2, 20, 0, tzinfo=SHANGHAI),
    )
    assert [intent for intent, _ in frames[:3]] == [
        "log_interaction",
        "record_deal",
        "log_interaction",
    ]
    assert frames[2][1]["when"]["value"] == "2026-12-02"

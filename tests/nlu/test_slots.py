import pytest

from nlu import slots


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("下午去蓝湾医疗见了采购部周主任聊了二期", ["周主任"]),
        ("跟李总和王工吃饭", ["李总", "王工"]),
        ("和欧阳经理通了电话", ["欧阳经理"]),
        ("Met Priya at Pemberton, call Mr. Smith back", ["Priya", "Mr. Smith"]),
        ("with Dr. Chen tomorrow", ["Dr. Chen"]),
        ("2001号工单很急", []),
        ("met on Friday", []),
    ],
)
def test_contacts(text: str, expected: list[str]) -> None:
    found = slots.find_contacts(text)
    assert [f.value for f in found] == expected
    assert all(text[f.start : f.end] == f.text for f in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("T-2001 已解决", ["T-2001"]),
        ("t2001 fixed", ["T-2001"]),
        ("2001号工单很急", ["T-2001"]),
        ("ticket #3005 please close it", ["T-3005"]),
        ("工单 4002 还没处理", ["T-4002"]),
        ("预算2001万", []),
    ],
)
def test_ticket_numbers(text: str, expected: list[str]) -> None:
    assert [f.value for f in slots.find_tickets(text)] == expected


def test_phones_and_emails() -> None:
    text = "电话 138-1234-5678 座机 021-55550101 邮箱 Zhou@LanWan.com 伦敦 +44 20 7946 0958"
    assert [f.value for f in slots.find_phones(text)] == [
        "13812345678",
        "02155550101",
        "+442079460958",
    ]
    assert [f.value for f in slots.find_emails(text)] == ["zhou@lanwan.com"]
    assert slots.find_phones("预算 35000 元") == []


@pytest.mark.parametrize(
    ("text", "priority"),
    [
        ("监护仪报错，很急", "urgent"),
        ("please fix ASAP", "urgent"),
        ("尽快处理一下", "high"),
        ("不急，下周看看", "low"),
        ("打印机卡纸", None),
    ],
)
def test_priority(text: str, priority: str | None) -> None:
    found = slots.find_priority(text)
    assert (found.value if found else None) == priority


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("T-2001 已解决", "resolved"),
        ("T-2001 fixed now", "resolved"),
        ("2001 关闭吧", "closed"),
        ("T-2001 又坏了 重新打开", "reopened"),
        ("T-2001 正在处理", "in_progress"),
    ],
)
def test_ticket_status(text: str, status: str) -> None:
    found = slots.find_status(text)
    assert found is not None
    assert found.value == status


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("下午去蓝湾医疗见了周主任", "visit"),
        ("给青禾打了个电话", "call"),
        ("和Pemberton开了个视频会", "meeting"),
        ("微信上跟李总说了报价", "message"),
        ("Met Priya at Pemberton Foods", "visit"),
        ("called P&G about the renewal", "call"),
    ],
)
def test_interaction_type(text: str, kind: str) -> None:
    found = slots.find_interaction_type(text)
    assert found is not None
    assert found.value == kind


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        ("met doctor tan at wyvern robotics she wants a demo", "doctor tan"),
        ("uh call mr okafor at aldgate tomorrow at ten", "mr okafor"),
        ("aldgate mrs reyes called the probes are fine", "mrs reyes"),
        ("Met Dr. Anna Berg yesterday", "Dr. Anna Berg"),
    ],
)
def test_a_dictated_title_and_name_stop_before_the_next_words(text: str, contact: str) -> None:
    assert next(f.text for f in slots.find_contacts(text)) == contact

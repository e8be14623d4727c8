"""The WeCom API client against the loopback fake: tokens, retries, payloads, pacing."""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from pydantic import SecretStr

from bot.channels.wecom.client import (
    MemberPacer,
    RateWindow,
    SendResult,
    TokenCache,
    WeComApiError,
    WeComClient,
    WeComNetworkError,
    WeComRateLimitedError,
    WeComSettings,
    WeComTokenError,
    get_wecom_settings,
    split_content,
)
from tests.bot.wecom.fake_wecom import (
    DROP,
    MEDIA_PATH,
    SEND_PATH,
    TOKEN_PATH,
    FakeWeCom,
    Switchboard,
    serve,
)

AGENT_ID = 1000002


class FakeClock:
    """Monotonic seconds that move only when the code under test sleeps (or a test says so)."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self.now += seconds

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[Switchboard, str]]:
    switchboard = Switchboard()
    with serve(switchboard) as url:
        yield switchboard, url


@pytest.fixture
def fake(server: tuple[Switchboard, str], clock: FakeClock) -> Iterator[FakeWeCom]:
    switchboard, _ = server
    switchboard.target = FakeWeCom(clock=clock)
    yield switchboard.target
    switchboard.target = None


@pytest.fixture
def base_url(server: tuple[Switchboard, str]) -> str:
    return server[1]


ClientFactory = Callable[..., WeComClient]


@pytest.fixture
def make_client(fake: FakeWeCom, base_url: str, clock: FakeClock) -> Iterator[ClientFactory]:
    """Clients on the fake with their own token cache and the fake clock; closed afterwards."""
    clients: list[WeComClient] = []

    def make(**options: Any) -> WeComClient:
        settings: dict[str, Any] = {
            "corp_id": fake.corp_id,
            "agent_id": AGENT_ID,
            "secret": fake.secret,
            "api_base": base_url,
            "clock": clock,
            "sleep": clock.sleep,
            "tokens": TokenCache(),
            "timeout": 5.0,
        }
        settings.update(options)
        client = WeComClient(**settings)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def client(make_client: ClientFactory) -> WeComClient:
    return make_client()


def tokens_used(fake: FakeWeCom, path: str = SEND_PATH) -> list[str]:
    return [call.params["access_token"] for call in fake.calls_to(path)]


# --- tokens ---------------------------------------------------------------------------------


def test_the_token_is_fetched_once_and_cached(client: WeComClient, fake: FakeWeCom) -> None:
    client.send_text("zhangsan", "一")
    client.send_text("zhangsan", "二")
    client.send_markdown("lisi", "**三**")

    assert fake.tokens_issued == 1
    (gettoken,) = fake.calls_to(TOKEN_PATH)
    assert gettoken.method == "GET"
    assert gettoken.params == {"corpid": fake.corp_id, "corpsecret": fake.secret}
    assert tokens_used(fake) == ["token-1"] * 3


def test_the_token_is_renewed_shortly_before_it_expires(
    client: WeComClient, fake: FakeWeCom, clock: FakeClock
) -> None:
    client.send_text("zhangsan", "a")
    clock.advance(6800)  # expires_in is 7200; renewal starts 300 s before
    client.send_text("zhangsan", "b")
    assert fake.tokens_issued == 1
    clock.advance(150)
    client.send_text("zhangsan", "c")
    assert fake.tokens_issued == 2
    assert tokens_used(fake) == ["token-1", "token-1", "token-2"]


def test_clients_of_the_same_app_share_a_token_cache(
    make_client: ClientFactory, fake: FakeWeCom
) -> None:
    shared = TokenCache()
    make_client(tokens=shared).send_text("zhangsan", "a")
    make_client(tokens=shared).send_text("zhangsan", "b")
    assert fake.tokens_issued == 1


@pytest.mark.parametrize("kill", ["expire_tokens", "invalidate_tokens"])
def test_a_token_dying_mid_run_is_refreshed_once_across_threads(
    client: WeComClient, fake: FakeWeCom, kill: str
) -> None:
    client.send_text("warmup", "hi")
    getattr(fake, kill)()  # 42001 or 40014 from now on for token-1
    fake.gettoken_delay = 0.2  # keep the refresh in flight while the others hit the dead token
    threads = 8
    barrier = threading.Barrier(threads)

    def send(index: int) -> list[SendResult]:
        barrier.wait()
        return client.send_text(f"user{index}", f"message {index}")

    with ThreadPoolExecutor(max_workers=threads) as pool:
        results = list(pool.map(send, range(threads)))

    assert all(result[0].msgid == "msg-1" for result in results)
    assert fake.tokens_issued == 2  # the first token and exactly one refresh
    assert tokens_used(fake).count("token-2") == threads
    assert set(tokens_used(fake)) == {"token-1", "token-2"}


def test_a_token_refused_again_after_the_refresh_is_a_typed_error(
    client: WeComClient, fake: FakeWeCom
) -> None:
    fake.always(SEND_PATH, 42001)
    with pytest.raises(WeComTokenError) as caught:
        client.send_text("zhangsan", "hi")
    assert caught.value.errcode == 42001
    assert fake.tokens_issued == 2
    assert len(fake.calls_to(SEND_PATH)) == 2  # the call and its single retry


def test_a_wrong_secret_is_raised_at_once(make_client: ClientFactory, fake: FakeWeCom) -> None:
    client = make_client(secret=SecretStr("not-the-secret"))
    with pytest.raises(WeComApiError) as caught:
        client.send_text("zhangsan", "hi")
    assert caught.value.errcode == 40001
    assert fake.tokens_issued == 1
    assert "not-the-secret" not in str(caught.value)
    assert "not-the-secret" not in repr(client)


# --- retries --------------------------------------------------------------------------------


def test_frequency_limit_backs_off_and_succeeds(
    client: WeComClient, fake: FakeWeCom, clock: FakeClock
) -> None:
    fake.script(SEND_PATH, 45009, 45009)
    (result,) = client.send_text("zhangsan", "hi")
    assert result.msgid == "msg-1"
    assert clock.sleeps == [0.5, 1.0]
    assert len(fake.calls_to(SEND_PATH)) == 3


def test_a_lasting_frequency_limit_gives_up_after_bounded_backoff(
    make_client: ClientFactory, fake: FakeWeCom, clock: FakeClock
) -> None:
    client = make_client(max_attempts=6, backoff_max=2.0)
    fake.always(SEND_PATH, 45009)
    with pytest.raises(WeComRateLimitedError) as caught:
        client.send_text("zhangsan", "hi")
    assert caught.value.errcode == 45009
    assert clock.sleeps == [0.5, 1.0, 2.0, 2.0, 2.0]
    assert len(fake.calls_to(SEND_PATH)) == 6


def test_other_api_errors_are_typed_and_not_retried(client: WeComClient, fake: FakeWeCom) -> None:
    fake.always(SEND_PATH, 81013)
    with pytest.raises(WeComApiError) as caught:
        client.send_text("nobody", "hi")
    assert caught.value.errcode == 81013
    assert not isinstance(caught.value, WeComRateLimitedError)
    assert len(fake.calls_to(SEND_PATH)) == 1


def test_a_dropped_connection_is_retried(
    client: WeComClient, fake: FakeWeCom, clock: FakeClock
) -> None:
    fake.script(SEND_PATH, DROP)
    (result,) = client.send_text("zhangsan", "hi")
    assert result.msgid == "msg-1"
    assert len(fake.calls_to(SEND_PATH)) == 2
    assert clock.sleeps == [0.5]


def test_a_network_failure_is_a_typed_error_after_bounded_retries(
    client: WeComClient, fake: FakeWeCom, clock: FakeClock
) -> None:
    fake.always(SEND_PATH, DROP)
    with pytest.raises(WeComNetworkError) as caught:
        client.send_text("zhangsan", "hi")
    assert caught.value.attempts == 3
    assert len(fake.calls_to(SEND_PATH)) == 3
    assert clock.sleeps == [0.5, 1.0]
    assert "token-" not in str(caught.value)


def test_an_unreachable_server_is_a_typed_error(clock: FakeClock) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago, now closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = WeComClient(
        corp_id="ww",
        agent_id=1,
        secret="s",
        api_base=f"http://127.0.0.1:{port}",
        clock=clock,
        sleep=clock.sleep,
        tokens=TokenCache(),
        max_attempts=2,
    )
    with client, pytest.raises(WeComNetworkError) as caught:
        client.access_token()
    assert caught.value.path == TOKEN_PATH
    assert clock.sleeps == [0.5]


# --- payloads -------------------------------------------------------------------------------


def test_text_payload(client: WeComClient, fake: FakeWeCom) -> None:
    client.send_text(["zhangsan", "lisi"], "你好")
    (call,) = fake.calls_to(SEND_PATH)
    assert call.method == "POST"
    assert call.body == {
        "touser": "zhangsan|lisi",
        "msgtype": "text",
        "agentid": AGENT_ID,
        "text": {"content": "你好"},
        "safe": 0,
    }


def test_markdown_payload_with_the_duplicate_check(client: WeComClient, fake: FakeWeCom) -> None:
    client.send_markdown("zhangsan", "# 今日摘要\n> 3 个跟进", duplicate_check_seconds=1800)
    (call,) = fake.calls_to(SEND_PATH)
    assert call.body == {
        "touser": "zhangsan",
        "msgtype": "markdown",
        "agentid": AGENT_ID,
        "markdown": {"content": "# 今日摘要\n> 3 个跟进"},
        "enable_duplicate_check": 1,
        "duplicate_check_interval": 1800,
    }


def test_textcard_payload(client: WeComClient, fake: FakeWeCom) -> None:
    client.send_textcard(
        "zhangsan",
        title="每日摘要",
        description='<div class="gray">2026-11-28</div>3 个跟进到期',
        url="https://crm.example.com/digest",
        button_text="详情",
    )
    client.send_textcard("lisi", title="T", description="D", url="https://crm.example.com/")
    first, second = fake.calls_to(SEND_PATH)
    assert first.body == {
        "touser": "zhangsan",
        "msgtype": "textcard",
        "agentid": AGENT_ID,
        "textcard": {
            "title": "每日摘要",
            "description": '<div class="gray">2026-11-28</div>3 个跟进到期',
            "url": "https://crm.example.com/digest",
            "btntxt": "详情",
        },
    }
    assert second.body["textcard"] == {
        "title": "T",
        "description": "D",
        "url": "https://crm.example.com/",
    }


def test_long_text_goes_out_in_parts_in_order(client: WeComClient, fake: FakeWeCom) -> None:
    text = "蓝湾医疗" * 500  # 6000 bytes of UTF-8
    results = client.send_text("zhangsan", text)
    contents = [call.body["text"]["content"] for call in fake.calls_to(SEND_PATH)]
    assert len(results) == len(contents) == 3
    assert all(len(part.encode()) <= 2048 for part in contents)
    assert "".join(contents) == text


@pytest.mark.parametrize(
    ("text", "limit", "parts"),
    [
        ("", 10, [""]),
        ("short", 10, ["short"]),
        ("line one\nline two", 12, ["line one", "line two"]),
        ("abcdefghij" * 2, 10, ["abcdefghij", "abcdefghij"]),
        ("你好世界", 7, ["你好", "世界"]),  # never cuts a character
    ],
)
def test_split_content(text: str, limit: int, parts: list[str]) -> None:
    assert split_content(text, limit) == parts


@pytest.mark.parametrize("touser", ["", "a||b", ["a", ""], ["a|b"]])
def test_bad_recipients_are_refused_before_any_call(
    client: WeComClient, fake: FakeWeCom, touser: str | list[str]
) -> None:
    with pytest.raises(ValueError, match="recipient"):
        client.send_text(touser, "hi")
    assert fake.calls == []


def test_voice_media_is_downloaded(client: WeComClient, fake: FakeWeCom) -> None:
    fake.media["media-1"] = b"#!AMR\n\x00\x01\x02"
    assert client.get_media("media-1") == b"#!AMR\n\x00\x01\x02"
    (call,) = fake.calls_to(MEDIA_PATH)
    assert call.params["media_id"] == "media-1"
    with pytest.raises(WeComApiError) as caught:
        client.get_media("missing")
    assert caught.value.errcode == 40007


def test_media_download_refreshes_an_expired_token(client: WeComClient, fake: FakeWeCom) -> None:
    fake.media["media-1"] = b"#!AMR\n"
    client.access_token()
    fake.expire_tokens()
    assert client.get_media("media-1") == b"#!AMR\n"
    assert tokens_used(fake, MEDIA_PATH) == ["token-1", "token-2"]


# --- pacing ---------------------------------------------------------------------------------


def test_the_31st_message_in_a_minute_is_held_back_not_dropped(
    client: WeComClient, fake: FakeWeCom, clock: FakeClock
) -> None:
    start = clock()
    for index in range(31):
        client.send_text("zhangsan", f"message {index}")

    sends = fake.calls_to(SEND_PATH)
    assert len(sends) == 31
    assert [call.body["text"]["content"] for call in sends] == [f"message {i}" for i in range(31)]
    assert all(call.at == start for call in sends[:30])
    assert sends[30].at >= start + 60
    assert clock.sleeps == [60.0]


def test_pacing_is_per_member(client: WeComClient, fake: FakeWeCom, clock: FakeClock) -> None:
    for index in range(30):
        client.send_text("zhangsan", f"{index}")
    client.send_text("lisi", "not held back by zhangsan's quota")
    assert clock.sleeps == []
    assert len(fake.calls_to(SEND_PATH)) == 31


def test_the_pacer_books_every_window_and_all_recipients() -> None:
    clock = FakeClock(start=0.0)
    pacer = MemberPacer([RateWindow(2, 10.0), RateWindow(3, 100.0)], clock=clock)
    assert [pacer.reserve(["a"]) for _ in range(4)] == [0.0, 0.0, 10.0, 100.0]
    # a message to a and b waits for a's slot, and uses one of b's too
    assert pacer.reserve(["b", "a"]) == 100.0
    assert pacer.reserve(["b"]) == 100.0
    assert pacer.reserve(["b"]) == 110.0


def test_concurrent_senders_queue_instead_of_overrunning() -> None:
    clock = FakeClock(start=0.0)
    pacer = MemberPacer([RateWindow(30, 60.0)], clock=clock)
    with ThreadPoolExecutor(max_workers=4) as pool:
        times = sorted(pool.map(lambda _: pacer.reserve(["zhangsan"]), range(90)))
    assert times == [0.0] * 30 + [60.0] * 30 + [120.0] * 30


# --- settings and hygiene -------------------------------------------------------------------


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WECOM_CORP_ID", "ww1436e0e65a779aee")
    monkeypatch.setenv("WECOM_AGENT_ID", "1000002")
    monkeypatch.setenv("WECOM_SECRET", "app-secret")
    monkeypatch.setenv("WECOM_TOKEN", "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo")
    monkeypatch.setenv("WECOM_ENCODING_AES_KEY", "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt")
    monkeypatch.setenv("WECOM_API_BASE", "http://127.0.0.1:9/")
    get_wecom_settings.cache_clear()
    try:
        settings = get_wecom_settings()
        assert get_wecom_settings() is settings
    finally:
        get_wecom_settings.cache_clear()
    assert settings.agent_id == 1000002
    assert "app-secret" not in repr(settings)
    assert settings.crypto().receive_id == "ww1436e0e65a779aee"
    with WeComClient.from_settings(settings, tokens=TokenCache()) as client:
        assert client.api_base == "http://127.0.0.1:9"
        assert client.agent_id == 1000002


def test_the_default_api_base_is_wecom() -> None:
    settings = WeComSettings(
        corp_id="ww",
        agent_id=1,
        secret=SecretStr("s"),
        token=SecretStr("t"),
        encoding_aes_key=SecretStr("x" * 43),
    )
    assert settings.api_base == "https://qyapi.weixin.qq.com"


def test_secrets_never_reach_the_logs(
    client: WeComClient, fake: FakeWeCom, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="httpx"):
        client.send_text("zhangsan", "hi")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "cgi-bin/gettoken" in logged  # httpx did log the requests...
    assert fake.secret not in logged  # ...without the secret
    assert "token-1" not in logged

"""Which channels a long-running process wires up, from the environment alone."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.routing import APIRoute
from sqlalchemy.engine import Engine

from bot.channels.telegram import TelegramReplySender, get_telegram_settings
from bot.channels.wecom.client import get_wecom_settings
from bot.runtime import chat_routers, digest_senders


@pytest.fixture(autouse=True)
def no_channels(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in (
        "TELEGRAM_BOT_TOKEN",
        "TELEGRAM_WEBHOOK_URL",
        "TELEGRAM_WEBHOOK_SECRET",
        "WECOM_CORP_ID",
        "WECOM_SECRET",
    ):
        monkeypatch.delenv(name, raising=False)
    get_telegram_settings.cache_clear()
    get_wecom_settings.cache_clear()
    yield
    get_telegram_settings.cache_clear()
    get_wecom_settings.cache_clear()


def _paths(engine: Engine) -> set[str]:
    return {
        route.path
        for router in chat_routers(engine)
        for route in router.routes
        if isinstance(route, APIRoute)
    }


def test_nothing_configured_means_no_channels(engine: Engine) -> None:
    assert chat_routers(engine) == []
    assert digest_senders() == {}


def test_a_telegram_token_alone_pushes_digests_but_adds_no_webhook(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "1:abc")

    assert isinstance(digest_senders()["telegram"], TelegramReplySender)
    assert chat_routers(engine) == []  # polling is `crm bot`'s job


def test_a_telegram_webhook_is_served_at_its_url_path(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "1:abc")
    monkeypatch.setenv("TELEGRAM_WEBHOOK_URL", "https://crm.example.com/hooks/tg")
    monkeypatch.setenv("TELEGRAM_WEBHOOK_SECRET", "abc_DEF-123")

    assert _paths(engine) == {"/hooks/tg"}


def test_a_webhook_without_its_secret_keeps_telegram_off(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "1:abc")
    monkeypatch.setenv("TELEGRAM_WEBHOOK_URL", "https://crm.example.com/hooks/tg")

    assert chat_routers(engine) == []
    assert "telegram" not in digest_senders()
    assert "TELEGRAM_WEBHOOK_SECRET" in caplog.text

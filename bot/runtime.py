"""The composition root for long-running processes: which channels are configured, and the
digest scheduler loop that `crm worker` and `crm serve` run.

Channels are optional and configured by environment (WeCom by `WECOM_*`, Telegram by
`TELEGRAM_*`); a channel that is not configured is simply not used.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable

from fastapi import APIRouter
from pydantic import ValidationError
from sqlalchemy.engine import Engine

from bot.channels.telegram import TelegramReplySender, telegram_settings
from bot.channels.telegram_webhook import telegram_chat_router
from bot.channels.wecom.callback import WeComReplySender, wecom_callback_router
from bot.channels.wecom.client import WeComClient, WeComSettings, get_wecom_settings
from bot.digest import DigestSender, DigestWorker, TickReport
from bot.engine import ConversationEngine
from crm_core.db import make_session_factory

log = logging.getLogger(__name__)

#: How often the scheduler looks for due digests.
DEFAULT_INTERVAL_SECONDS = 30.0
#: WeCom drops a repeated message within this window: a retried digest is never shown twice.
DIGEST_DUPLICATE_CHECK_SECONDS = 1800


def wecom_settings() -> WeComSettings | None:
    try:
        return get_wecom_settings()
    except ValidationError:
        return None


def digest_senders(
    extra: dict[str, DigestSender] | None = None,
) -> dict[str, DigestSender]:
    """Senders for every configured push channel (plus any given, e.g. a test's fake)."""
    senders: dict[str, DigestSender] = dict(extra or {})
    if telegram_settings() is not None and "telegram" not in senders:
        senders["telegram"] = TelegramReplySender()
    settings = wecom_settings()
    if settings is not None and "wecom" not in senders:
        client = WeComClient.from_settings(settings)
        senders["wecom"] = WeComReplySender(
            client, duplicate_check_seconds=DIGEST_DUPLICATE_CHECK_SECONDS
        )
    return senders


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def run_scheduler(
    db_engine: Engine,
    senders: dict[str, DigestSender],
    *,
    stop: threading.Event,
    interval: float = DEFAULT_INTERVAL_SECONDS,
    on_tick: Callable[[TickReport], None] | None = None,
) -> None:
    """Tick until `stop` is set. Safe to run in several processes at once."""
    worker = DigestWorker(make_session_factory(db_engine), senders, name=worker_name())
    while not stop.is_set():
        try:
            report = worker.tick()
            if on_tick is not None:
                on_tick(report)
        except Exception:  # the loop must survive a bad tick (database restart...)
            log.exception("digest scheduler tick failed")
        stop.wait(interval)


def chat_routers(db_engine: Engine) -> list[APIRouter]:
    """The webhook routers of the configured chat channels, all feeding one engine.

    Telegram joins only in webhook mode (`TELEGRAM_WEBHOOK_URL`); polling is `crm bot`'s job.
    """
    routers: list[APIRouter] = []
    wecom = wecom_settings()
    telegram = telegram_settings()
    telegram_webhook = telegram is not None and bool(telegram.webhook_url)
    if wecom is None and not telegram_webhook:
        return routers
    engine = ConversationEngine.for_database(db_engine)
    if wecom is not None:
        client = WeComClient.from_settings(wecom)
        routers.append(
            wecom_callback_router(
                engine=engine, crypto=wecom.crypto(), sender=WeComReplySender(client)
            )
        )
    if telegram is not None and telegram_webhook:
        routers.append(telegram_chat_router(engine, telegram))
    return routers


def start_scheduler_thread(db_engine: Engine, senders: dict[str, DigestSender]) -> threading.Event:
    """The digest scheduler beside the API (`crm serve`); set the returned event to stop it."""
    stop = threading.Event()
    thread = threading.Thread(
        target=run_scheduler,
        args=(db_engine, senders),
        kwargs={"stop": stop},
        name="digest-scheduler",
        daemon=True,
    )
    thread.start()
    return stop

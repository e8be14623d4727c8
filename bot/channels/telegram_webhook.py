"""Telegram webhook mode: an ASGI route that feeds updates into the Application.

Telegram proves a delivery is ours by the `X-Telegram-Bot-Api-Secret-Token` header set with
`setWebhook`; anything else gets 403 and is never decoded. A valid update is processed before
the 200 goes back: the engine has committed by then, so a crash before the answer makes
Telegram deliver again (at least once), and the engine's dedup makes that harmless. Several
workers may serve the route: each sets the same webhook at start-up, and the engine locks the
conversation row.

The router carries a lifespan (FastAPI merges it into the app's when the router is included):
it initializes the bot, registers the webhook, and shuts the bot down with the app. Telegram
being unreachable at start-up does not keep the API down: the bot keeps trying in the
background (1 s, 2 s, 5 s ... then every minute) and webhook deliveries get 503 meanwhile, which
Telegram retries. A rejected token still fails the start-up: that is configuration, not weather.
"""

from __future__ import annotations

import asyncio
import hmac
import itertools
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager, suppress
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import PlainTextResponse
from telegram import Update
from telegram.error import NetworkError

from bot.channels.telegram import (
    ALLOWED_UPDATES,
    DEFAULT_WEBHOOK_PATH,
    TelegramApplication,
    TelegramSettings,
    build_application,
    get_telegram_settings,
    hide_token_bearing_urls,
)
from bot.messages import Engine, Transcriber

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name
#: Updates are a few kilobytes; anything far larger is not from Telegram.
MAX_BODY_BYTES = 1024 * 1024
#: Seconds between start-up attempts while Telegram is unreachable; the last one repeats.
RETRY_DELAYS = (1.0, 2.0, 5.0, 10.0, 30.0, 60.0)


def telegram_webhook_router(
    application: TelegramApplication,
    secret: str,
    path: str = DEFAULT_WEBHOOK_PATH,
    *,
    webhook_url: str | None = None,
    ready: asyncio.Event | None = None,
    retry_delays: Sequence[float] = RETRY_DELAYS,
    pause: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> APIRouter:
    """The webhook route for `application` (built with `polling=False`).

    With `webhook_url`, start-up registers it with Telegram (with `secret`); without, the
    webhook is assumed to be registered already (tests, or another worker did it). `ready` is
    set once the bot is up; `pause` waits between attempts (tests pass their own).
    """
    if not secret:
        raise ValueError("a Telegram webhook needs a secret token")
    expected = secret.encode()
    up = ready or asyncio.Event()

    async def connect() -> bool:
        try:
            await application.initialize()
            if webhook_url:
                await application.bot.set_webhook(
                    url=webhook_url, secret_token=secret, allowed_updates=list(ALLOWED_UPDATES)
                )
            await application.start()
        except NetworkError as error:  # TimedOut is one too
            log.warning("Telegram is unreachable (%s); webhook deliveries wait for it", error)
            return False
        up.set()
        return True

    async def keep_connecting() -> None:
        for delay in itertools.chain(retry_delays, itertools.repeat(retry_delays[-1])):
            await pause(delay)
            if await connect():
                log.info("Telegram reached; the webhook is live")
                return

    @asynccontextmanager
    async def lifespan(_: Any) -> AsyncIterator[None]:
        retrying = None if await connect() else asyncio.create_task(keep_connecting())
        try:
            yield
        finally:
            if retrying is not None:
                retrying.cancel()
                with suppress(asyncio.CancelledError):
                    await retrying
            if application.running:
                await application.stop()
            await application.shutdown()

    router = APIRouter(tags=["telegram"], lifespan=lifespan)

    @router.post(path, include_in_schema=False)
    async def receive(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER)
        if given is None or not hmac.compare_digest(given.encode(), expected):
            return PlainTextResponse("forbidden", status_code=403)
        if not up.is_set():  # Telegram redelivers later; nothing is lost
            return PlainTextResponse("telegram_not_ready", status_code=503)
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            return PlainTextResponse("too_large", status_code=413)
        try:
            update = Update.de_json(json.loads(body), application.bot)
        except (ValueError, TypeError, KeyError, AttributeError):
            return PlainTextResponse("bad_update", status_code=400)
        await application.process_update(update)
        return Response(status_code=200)

    return router


def telegram_chat_router(
    engine: Engine,
    settings: TelegramSettings | None = None,
    transcriber: Transcriber | None = None,
) -> APIRouter:
    """Production wiring: the webhook route of the configured bot, feeding `engine`."""
    settings = settings or get_telegram_settings()
    if settings.webhook_secret is None:
        raise ValueError("TELEGRAM_WEBHOOK_SECRET is required for webhook mode")
    hide_token_bearing_urls()
    application = build_application(engine, settings, transcriber, polling=False)
    return telegram_webhook_router(
        application,
        settings.webhook_secret.get_secret_value(),
        settings.webhook_path,
        webhook_url=settings.webhook_url,
    )

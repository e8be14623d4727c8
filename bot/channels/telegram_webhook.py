"""Telegram webhook mode: an ASGI route that feeds updates into the Application.

Telegram proves a delivery is ours by the `X-Telegram-Bot-Api-Secret-Token` header set with
`setWebhook`; anything else gets 403 and is never decoded. A valid update is processed before
the 200 goes back: the engine has committed by then, so a crash before the answer makes
Telegram deliver again (at least once), and the engine's dedup makes that harmless. Several
workers may serve the route: each sets the same webhook at start-up, and the engine locks the
conversation row.

The router carries a lifespan (FastAPI merges it into the app's when the router is included):
it initializes the bot, registers the webhook, and shuts the bot down with the app.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import PlainTextResponse
from telegram import Update

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


def telegram_webhook_router(
    application: TelegramApplication,
    secret: str,
    path: str = DEFAULT_WEBHOOK_PATH,
    *,
    webhook_url: str | None = None,
) -> APIRouter:
    """The webhook route for `application` (built with `polling=False`).

    With `webhook_url`, start-up registers it with Telegram (with `secret`); without, the
    webhook is assumed to be registered already (tests, or another worker did it).
    """
    if not secret:
        raise ValueError("a Telegram webhook needs a secret token")
    expected = secret.encode()

    @asynccontextmanager
    async def lifespan(_: Any) -> AsyncIterator[None]:
        await application.initialize()
        try:
            if webhook_url:
                await application.bot.set_webhook(
                    url=webhook_url, secret_token=secret, allowed_updates=list(ALLOWED_UPDATES)
                )
            await application.start()
            try:
                yield
            finally:
                await application.stop()
        finally:
            await application.shutdown()

    router = APIRouter(tags=["telegram"], lifespan=lifespan)

    @router.post(path, include_in_schema=False)
    async def receive(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER)
        if given is None or not hmac.compare_digest(given.encode(), expected):
            return PlainTextResponse("forbidden", status_code=403)
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

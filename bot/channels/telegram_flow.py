"""How the Telegram channel paces itself: flood control (429) and the order of updates.

`RetryAfterLimiter` plugs into python-telegram-bot's own rate-limiter hook, so every request the
bot makes (messages, edits, callback answers, chat actions) honours `retry_after` in one place,
with no retry loop around each call site. PTB's ready-made `AIORateLimiter` needs the optional
`aiolimiter` package and sleeps on the real clock; ours only reacts to 429s (the bot's traffic
is a reply per message), and its sleeper is injectable so tests do not wait.

`PerChatUpdateProcessor` lets different chats be handled at the same time while one chat's
updates stay in order (the engine locks the conversation row anyway; this keeps a user's two
quick messages from racing each other to that lock).
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import logging
import warnings
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter, BaseUpdateProcessor
from telegram.warnings import PTBDeprecationWarning

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
JSONDict = dict[str, Any]

#: Attempts after the first when Telegram answers 429.
DEFAULT_MAX_RETRIES = 3
#: A flood wait longer than this is not waited out inside a handler: the error goes up.
DEFAULT_MAX_WAIT_SECONDS = 60.0


def period_seconds(read: Callable[[], int | float | dtm.timedelta]) -> float:
    """A PTB time period in seconds.

    PTB 22 returns these as int (with a deprecation warning) or as timedelta (when the
    `PTB_TIMEDELTA` opt-in is set); accept both and keep the warning out of our logs.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = read()
    if isinstance(value, dtm.timedelta):
        return value.total_seconds()
    return float(value)


def retry_after_seconds(error: RetryAfter) -> float:
    return period_seconds(lambda: error.retry_after)


class RetryAfterLimiter(BaseRateLimiter[None]):
    """On a 429, hold every request for `retry_after` seconds, then retry (bounded)."""

    def __init__(
        self,
        *,
        max_retries: int = DEFAULT_MAX_RETRIES,
        max_wait: float = DEFAULT_MAX_WAIT_SECONDS,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.max_retries = max_retries
        self.max_wait = max_wait
        self._sleep = sleep
        self._open = asyncio.Event()  # cleared while the bot waits out a flood
        self._open.set()

    async def initialize(self) -> None:
        self._open.set()

    async def shutdown(self) -> None:
        self._open.set()

    async def process_request(  # noqa: PLR0917 - the signature is PTB's
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> bool | JSONDict | list[JSONDict]:
        attempt = 0
        while True:
            await self._open.wait()
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                wait = retry_after_seconds(error)
                if attempt >= self.max_retries or wait > self.max_wait:
                    raise
                attempt += 1
                log.warning("Telegram flood control on %s: waiting %.1f s", endpoint, wait)
                self._open.clear()
                try:
                    await self._sleep(wait)
                finally:
                    self._open.set()


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Updates of different chats run concurrently; one chat's updates run one at a time."""

    def __init__(self, max_concurrent_updates: int = 16) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, tuple[asyncio.Lock, int]] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _chat_key(update)
        if key is None:
            await coroutine
            return
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                await coroutine
        finally:
            lock, users = self._locks[key]
            if users <= 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None


def _chat_key(update: object) -> int | None:
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return None

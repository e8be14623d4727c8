"""The Telegram channel (python-telegram-bot 22): updates in, engine, replies out.

The adapter only translates. A private-chat message (text, command, voice, anything else) or a
button press becomes an `InboundMessage`; the engine runs in a worker thread (it does database
work and must not stall polling) while the chat shows "typing…"; its replies are rendered by
`telegram_render`. Commands pass through as text: the engine interprets them. Deduplication is
the engine's job (it answers a redelivery with no replies), so the adapter keeps no state.

Entry points: `run_polling(engine)` for development, `telegram_chat_router(engine)` (see
`telegram_webhook`) for production, `TelegramReplySender` for pushed digests.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import replace
from functools import lru_cache
from typing import Any, Final, TypeAlias
from urllib.parse import urlsplit

from pydantic import SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from telegram import Bot, Message, Update, Voice
from telegram.constants import ChatAction, FileSizeLimit
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ContextTypes,
    ExtBot,
    JobQueue,
    MessageHandler,
    filters,
)

from bot.channels.telegram_flow import (
    DEFAULT_MAX_RETRIES,
    PerChatUpdateProcessor,
    RetryAfterLimiter,
    Sleep,
    period_seconds,
)
from bot.channels.telegram_render import send_replies
from bot.messages import Engine, InboundMessage, Reply, Transcriber, VoiceNote
from crm_core.timeutil import utcnow

log = logging.getLogger(__name__)

DEFAULT_BASE_URL: Final = "https://api.telegram.org/bot"
DEFAULT_BASE_FILE_URL: Final = "https://api.telegram.org/file/bot"
DEFAULT_WEBHOOK_PATH: Final = "/telegram/webhook"
#: The only updates the bot asks for; everything else (edits, joins, polls) is never sent.
ALLOWED_UPDATES: Final = (Update.MESSAGE, Update.CALLBACK_QUERY)
#: Telegram shows "typing…" for about five seconds; refresh it while the engine works.
TYPING_REFRESH_SECONDS = 4.0
#: Pushes (digests) to one chat go out at most this often: Telegram asks for ~1 a second.
PUSH_PACE_SECONDS = 1.0

TelegramApplication: TypeAlias = Application[
    ExtBot[None],
    ContextTypes.DEFAULT_TYPE,
    dict[Any, Any],
    dict[Any, Any],
    dict[Any, Any],
    JobQueue[ContextTypes.DEFAULT_TYPE],
]

_SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


class TelegramSettings(BaseSettings):
    """The bot's configuration from `TELEGRAM_*` variables; the token and secret are secrets."""

    model_config = SettingsConfigDict(env_prefix="TELEGRAM_", extra="ignore")

    bot_token: SecretStr
    base_url: str = DEFAULT_BASE_URL
    base_file_url: str = DEFAULT_BASE_FILE_URL
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None

    @field_validator("webhook_secret")
    @classmethod
    def _telegram_accepts_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _SECRET_TOKEN.match(value.get_secret_value()):
            raise ValueError("the webhook secret must be 1-256 of A-Z a-z 0-9 _ -")
        return value

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> TelegramSettings:
        if self.webhook_url and self.webhook_secret is None:
            raise ValueError("TELEGRAM_WEBHOOK_URL needs TELEGRAM_WEBHOOK_SECRET")
        return self

    @property
    def webhook_path(self) -> str:
        """The route Telegram posts to: the path of the public webhook URL."""
        if not self.webhook_url:
            return DEFAULT_WEBHOOK_PATH
        return urlsplit(self.webhook_url).path or DEFAULT_WEBHOOK_PATH


@lru_cache(maxsize=1)
def get_telegram_settings() -> TelegramSettings:
    """Read once, when Telegram is first used (not at import: the channel is optional)."""
    return TelegramSettings()


def telegram_settings() -> TelegramSettings | None:
    """The settings, or None when Telegram is not configured (no token)."""
    try:
        return get_telegram_settings()
    except ValidationError as error:
        if os.environ.get("TELEGRAM_BOT_TOKEN"):  # meant to be on: say why it is not
            log.warning("Telegram is configured wrongly and stays off: %s", error)
        return None


# --- the adapter ----------------------------------------------------------------------------


class TelegramChannel:
    """The handlers: each update becomes one engine call and its replies."""

    def __init__(
        self,
        engine: Engine,
        *,
        transcriber: Transcriber | None = None,
        typing_refresh: float = TYPING_REFRESH_SECONDS,
    ) -> None:
        self.engine = engine
        self.transcriber = transcriber
        self.typing_refresh = typing_refresh

    def install(self, application: TelegramApplication) -> None:
        private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
        application.add_handler(MessageHandler(private, self.on_message))
        application.add_handler(CallbackQueryHandler(self.on_button))
        application.add_error_handler(self.on_error)

    async def on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Text, commands, voice notes, and anything else (the engine answers "empty")."""
        message, user = update.message, update.effective_user
        if message is None or user is None:
            return
        bot = context.bot

        async def inbound() -> InboundMessage:
            voice = None
            if message.voice is not None:
                voice = await self._voice_note(bot, message.voice, user.language_code)
            text = message.text if message.text is not None else message.caption
            return InboundMessage(
                channel="telegram",
                user_id=str(user.id),
                chat_id=str(message.chat_id),
                # Telegram numbers messages per chat; the engine needs one id per channel.
                message_id=f"{message.chat_id}:{message.message_id}",
                received_at=message.date,
                text=_without_bot_mention(text, bot.username) if text else text,
                voice=voice,
                language_hint=user.language_code,
                display_name=user.full_name,
            )

        await self._converse(bot, message.chat_id, inbound)

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A button press: answered at once (the client shows a spinner until then)."""
        query, user = update.callback_query, update.effective_user
        if query is None or user is None:
            return
        bot = context.bot
        try:
            await query.answer()
        except TelegramError as error:  # too old / answered: the press itself still counts
            log.info("callback query %s not answered: %s", query.id, error)
        if query.data is None:
            return
        pressed = query.message if isinstance(query.message, Message) else None
        chat_id = query.message.chat.id if query.message is not None else user.id
        data = query.data

        async def inbound() -> InboundMessage:
            return InboundMessage(
                channel="telegram",
                user_id=str(user.id),
                chat_id=str(chat_id),
                message_id=query.id,
                received_at=utcnow(),
                button_data=data,
                language_hint=user.language_code,
                display_name=user.full_name,
            )

        replies = await self._converse(bot, chat_id, inbound)
        if replies and pressed is not None and pressed.reply_markup is not None:
            await _drop_keyboard(bot, pressed)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("Telegram update failed", exc_info=context.error)

    # -- internals

    async def _converse(
        self, bot: Bot, chat_id: int, inbound: Callable[[], Awaitable[InboundMessage]]
    ) -> list[Reply]:
        """Build the message, run the engine off the event loop, send what it answers."""
        async with self._typing(bot, chat_id):
            message = await inbound()
            try:
                replies = await asyncio.to_thread(self.engine.handle, message)
            except Exception:  # the engine rolled back; the user still gets an answer
                log.exception("engine failed on telegram message %s", message.message_id)
                replies = [Reply("error.internal_error", _locale(message.language_hint))]
        await send_replies(bot, chat_id, replies)
        return replies

    @asynccontextmanager
    async def _typing(self, bot: Bot, chat_id: int) -> AsyncIterator[None]:
        """Show "typing…" until the block ends; best effort, never fails the update."""
        done = asyncio.Event()

        async def keep_typing() -> None:
            while True:
                try:
                    await bot.send_chat_action(chat_id=chat_id, action=ChatAction.TYPING)
                except TelegramError as error:
                    log.debug("chat action failed: %s", error)
                try:
                    await asyncio.wait_for(done.wait(), self.typing_refresh)
                    return
                except TimeoutError:
                    continue

        task = asyncio.create_task(keep_typing())
        try:
            yield
        finally:
            done.set()
            await task  # so no "typing…" is shown after the reply

    async def _voice_note(self, bot: Bot, voice: Voice, language_hint: str | None) -> VoiceNote:
        """The voice reference; with a transcriber, the downloaded audio's transcript too."""
        note = VoiceNote(
            file_id=voice.file_id,
            duration_seconds=round(period_seconds(lambda: voice.duration)),
            mime_type=voice.mime_type,
        )
        if self.transcriber is None:
            return note
        if voice.file_size is not None and voice.file_size > FileSizeLimit.FILESIZE_DOWNLOAD:
            return note  # bots cannot download it; the engine answers as without a transcriber
        try:
            file = await bot.get_file(voice.file_id)
            audio = bytes(await file.download_as_bytearray())
            transcript = await asyncio.to_thread(
                self.transcriber.transcribe,
                audio,
                mime_type=voice.mime_type,
                language_hint=language_hint,
            )
        except Exception:  # a failed transcription must not lose the message
            log.exception("voice %s could not be transcribed", voice.file_unique_id)
            return note
        return replace(note, transcript=transcript.strip() or None)


def _without_bot_mention(text: str, username: str | None) -> str:
    """`/help@crm_bot args` -> `/help args` (clients add the mention from the command menu)."""
    if not username or not text.startswith("/"):
        return text
    head, _, rest = text.partition(" ")
    command, at, mention = head.partition("@")
    if at and mention.lower() == username.lower():
        return f"{command} {rest}" if rest else command
    return text


def _locale(language_hint: str | None) -> str:
    """The locale for the adapter's only own reply (the engine failed before choosing one)."""
    return "zh_CN" if language_hint and language_hint.lower().startswith("zh") else "en"


async def _drop_keyboard(bot: Bot, message: Message) -> None:
    """A pressed question is settled: take its buttons away so they cannot be pressed again."""
    try:
        await bot.edit_message_reply_markup(
            chat_id=message.chat_id, message_id=message.message_id, reply_markup=None
        )
    except BadRequest as error:  # already edited, or deleted: nothing to take away
        log.debug("keyboard of message %s not removed: %s", message.message_id, error)


# --- composition ----------------------------------------------------------------------------


def hide_token_bearing_urls() -> None:
    """httpx logs every request URL at INFO, and Bot API URLs contain the token: keep it out."""
    logging.getLogger("httpx").setLevel(logging.WARNING)


def opt_into_timedelta_periods() -> None:
    """Use PTB 22's documented opt-in (`PTB_TIMEDELTA`) for time periods as timedelta.

    Without it PTB warns on every read of a period, including inside `RetryAfter`'s own
    constructor, so each flood wait would log a deprecation warning. Our code reads periods
    through `period_seconds`, which takes either form.
    """
    os.environ.setdefault("PTB_TIMEDELTA", "true")


def build_application(
    engine: Engine,
    settings: TelegramSettings | None = None,
    transcriber: Transcriber | None = None,
    *,
    polling: bool = True,
    sleep: Sleep = asyncio.sleep,
    max_retries: int = DEFAULT_MAX_RETRIES,
    typing_refresh: float = TYPING_REFRESH_SECONDS,
) -> TelegramApplication:
    """The bot wired to the engine; `polling=False` builds it without an updater (webhook).

    `sleep` is how flood waits are waited out (tests pass one that returns at once).
    """
    settings = settings or get_telegram_settings()
    opt_into_timedelta_periods()
    builder = (
        Application.builder()
        .token(settings.bot_token.get_secret_value())
        .base_url(settings.base_url)
        .base_file_url(settings.base_file_url)
        .rate_limiter(RetryAfterLimiter(max_retries=max_retries, sleep=sleep))
        .concurrent_updates(PerChatUpdateProcessor())
    )
    if not polling:
        builder = builder.updater(None)
    application = builder.build()
    TelegramChannel(engine, transcriber=transcriber, typing_refresh=typing_refresh).install(
        application
    )
    return application


def run_polling(
    engine: Engine,
    settings: TelegramSettings | None = None,
    transcriber: Transcriber | None = None,
) -> None:
    """Development mode: long-poll getUpdates until Ctrl-C (blocks; owns its event loop).

    Polling deletes any webhook first (Telegram allows only one way of receiving).
    """
    hide_token_bearing_urls()
    application = build_application(engine, settings, transcriber)
    application.run_polling(allowed_updates=list(ALLOWED_UPDATES), drop_pending_updates=False)


class TelegramReplySender:
    """Pushes replies (the daily digest) to a Telegram user from a synchronous caller.

    For `DigestWorker` (its scheduler thread has no event loop): each batch runs a short-lived
    bot in its own loop. A private chat's id is the user's id, which is what binding stored.
    """

    def __init__(
        self,
        settings: TelegramSettings | None = None,
        *,
        sleep: Sleep = asyncio.sleep,
        max_retries: int = DEFAULT_MAX_RETRIES,
        pace_seconds: float = PUSH_PACE_SECONDS,
    ) -> None:
        self.settings = settings or get_telegram_settings()
        opt_into_timedelta_periods()
        self._sleep = sleep
        self.max_retries = max_retries
        self.pace_seconds = pace_seconds

    def send(self, external_user_id: str, replies: list[Reply]) -> None:
        asyncio.run(self._send(int(external_user_id), replies))

    async def _send(self, chat_id: int, replies: list[Reply]) -> None:
        bot: ExtBot[None] = ExtBot(
            self.settings.bot_token.get_secret_value(),
            base_url=self.settings.base_url,
            base_file_url=self.settings.base_file_url,
            rate_limiter=RetryAfterLimiter(max_retries=self.max_retries, sleep=self._sleep),
        )
        async with bot:
            await send_replies(bot, chat_id, replies, pause=self._pause)

    async def _pause(self) -> None:
        await self._sleep(self.pace_seconds)

"""The Telegram channel end to end: the real python-telegram-bot against a fake Bot API server.

The bot long-polls the fake (or, in webhook mode, receives POSTs through FastAPI); an in-test
engine records what reaches it and answers with canned replies. A handler in a later group
reports each update as fully processed, which is what the tests wait on (no sleeps).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr, ValidationError
from sqlalchemy import func, select
from sqlalchemy.engine import Engine as Database
from telegram import Update
from telegram.ext import ContextTypes, TypeHandler

from bot.channels.telegram import (
    ALLOWED_UPDATES,
    TelegramApplication,
    TelegramReplySender,
    TelegramSettings,
    build_application,
)
from bot.channels.telegram_flow import period_seconds
from bot.channels.telegram_render import split_message, utf16_units
from bot.channels.telegram_webhook import SECRET_HEADER, telegram_webhook_router
from bot.engine import ConversationEngine
from bot.messages import Button, Engine, InboundMessage, Reply, render_text
from crm_core import migrate
from crm_core.context import Origin
from crm_core.customers import service as customers
from crm_core.customers.schemas import CustomerCreate
from crm_core.db import make_engine, make_session_factory
from crm_core.interactions.models import Interaction
from crm_core.staff import service as staff_service
from crm_core.staff.models import Role
from crm_core.staff.schemas import StaffCreate
from tests.bot.engine_harness import REPO
from tests.bot.fake_telegram import ChatUser, FakeTelegram, serve

USER = ChatUser()
CHAT = USER.id
WEBHOOK_SECRET = "s3cret_Token-for-tests"
CONFIRM = Reply(
    "bot.confirm",
    "en",
    {"lines": "• Visit: Pemberton Foods"},
    ((Button("bot.button.confirm", "t1:ok"), Button("bot.button.cancel", "t1:x")),),
)
SAVED = Reply("bot.done", "en", {"lines": "• Visit: Pemberton Foods"})


# --- the in-test engine and transcriber -------------------------------------------------------


class ScriptedEngine:
    """Implements `bot.messages.Engine`: records every message, answers with `answer(message)`.

    With `dedup`, a message id seen before gets no replies, as the real engine answers a
    redelivery. Called from PTB's worker threads, hence the lock.
    """

    def __init__(
        self,
        answer: Callable[[InboundMessage], list[Reply]] | None = None,
        *,
        dedup: bool = False,
    ) -> None:
        self.answer = answer or (lambda _: [SAVED])
        self.dedup = dedup
        self.received: list[InboundMessage] = []
        self._lock = threading.Lock()

    def handle(self, message: InboundMessage) -> list[Reply]:
        with self._lock:
            seen = any(earlier.message_id == message.message_id for earlier in self.received)
            self.received.append(message)
        if self.dedup and seen:
            return []
        return self.answer(message)


@dataclass
class FakeTranscriber:
    transcript: str = "  Visited Acme, talked about the renewal  "
    heard: list[tuple[bytes, str | None, str | None]] = field(default_factory=list)

    def transcribe(self, audio: bytes, *, mime_type: str | None, language_hint: str | None) -> str:
        self.heard.append((audio, mime_type, language_hint))
        return self.transcript


# --- fixtures -----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _timedelta_periods(monkeypatch: pytest.MonkeyPatch) -> None:
    """What `build_application` opts into, set here so the environment is restored after."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


@pytest.fixture
def fake() -> Iterator[FakeTelegram]:
    with serve(FakeTelegram()) as running:
        yield running


def settings_for(fake: FakeTelegram, **extra: Any) -> TelegramSettings:
    return TelegramSettings(
        bot_token=SecretStr(fake.token),
        base_url=fake.api_url,
        base_file_url=fake.file_url,
        **extra,
    )


@dataclass
class Rig:
    fake: FakeTelegram
    application: TelegramApplication
    engine: Engine
    sleeps: list[float]
    processed: asyncio.Queue[int]

    async def deliver(self, *updates: dict[str, Any]) -> None:
        """Push updates and return once the bot has fully handled each of them."""
        self.fake.push(*updates)
        expected = sorted(int(update["update_id"]) for update in updates)
        done: list[int] = []
        async with asyncio.timeout(15):
            while len(done) < len(expected):
                done.append(await self.processed.get())
        assert sorted(done) == expected

    async def say(self, text: str, user: ChatUser = USER) -> dict[str, Any]:
        update = self.fake.text_update(user, text)
        await self.deliver(update)
        return update


StartBot = Callable[..., Awaitable[Rig]]


@pytest.fixture
async def start_bot(fake: FakeTelegram) -> AsyncIterator[StartBot]:
    """Start a polling bot on `fake` (initialize, start, start_polling); stopped at teardown."""
    async with AsyncExitStack() as stack:

        async def start(
            engine: Engine, transcriber: FakeTranscriber | None = None, **options: Any
        ) -> Rig:
            sleeps: list[float] = []

            async def sleep(seconds: float) -> None:  # flood waits are recorded, not waited
                sleeps.append(seconds)

            application = build_application(
                engine, settings_for(fake), transcriber, sleep=sleep, **options
            )
            processed: asyncio.Queue[int] = asyncio.Queue()

            async def report(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
                processed.put_nowait(update.update_id)

            application.add_handler(TypeHandler(Update, report), group=1)
            await application.initialize()
            stack.push_async_callback(application.shutdown)
            await application.start()
            stack.push_async_callback(application.stop)
            assert application.updater is not None
            await application.updater.start_polling(
                timeout=5, allowed_updates=list(ALLOWED_UPDATES)
            )
            stack.push_async_callback(application.updater.stop)
            return Rig(fake, application, engine, sleeps, processed)

        yield start


# --- text, commands, buttons ------------------------------------------------------------------


async def test_a_text_reaches_the_engine_and_the_reply_comes_back_with_its_keyboard(
    start_bot: StartBot, fake: FakeTelegram
) -> None:
    engine = ScriptedEngine(lambda _: [CONFIRM])
    rig = await start_bot(engine)

    update = await rig.say("Met Priya at Pemberton Foods, call back Friday 3pm")

    [message] = engine.received
    sent = update["message"]
    assert message.channel == "telegram"
    assert message.user_id == str(USER.id)
    assert message.chat_id == str(CHAT)
    assert message.message_id == f"{CHAT}:{sent['message_id']}"
    assert message.text == "Met Priya at Pemberton Foods, call back Friday 3pm"
    assert message.button_data is None
    assert message.voice is None
    assert message.language_hint == "en"
    assert message.display_name == "Priya Shah"
    assert message.received_at.tzinfo is not None
    assert int(message.received_at.timestamp()) == sent["date"]

    [reply] = fake.calls_to("sendMessage")
    assert reply.params["chat_id"] == str(CHAT)
    assert reply.params["text"] == render_text(CONFIRM)
    assert reply.params["reply_markup"] == {
        "inline_keyboard": [
            [
                {"text": "Save", "callback_data": "t1:ok"},
                {"text": "Cancel", "callback_data": "t1:x"},
            ]
        ]
    }
    methods = fake.methods()
    assert methods[:2] == ["getMe", "deleteWebhook"]
    typing = [call for call in fake.calls_to("sendChatAction") if call.params["action"] == "typing"]
    assert typing
    assert methods.index("sendChatAction") < methods.index("sendMessage")


async def test_button_labels_follow_the_reply_locale(
    start_bot: StartBot, fake: FakeTelegram
) -> None:
    chinese = Reply(CONFIRM.key, "zh_CN", CONFIRM.params, CONFIRM.buttons)
    rig = await start_bot(ScriptedEngine(lambda _: [chinese]))

    await rig.say("下午去蓝湾医疗见了周主任")

    [reply] = fake.calls_to("sendMessage")
    assert reply.params["text"].startswith("保存前请确认")
    labels = [button["text"] for button in reply.params["reply_markup"]["inline_keyboard"][0]]
    assert labels == ["保存", "取消"]


async def test_commands_pass_through_as_text(start_bot: StartBot, fake: FakeTelegram) -> None:
    engine = ScriptedEngine()
    rig = await start_bot(engine)
    commands = ["/start ABCD-1234", "/help", "/lang zh", "/undo", "/cancel", "/agenda", "/digest"]

    for command in commands:
        await rig.say(command)
    await rig.say("/help@crm_test_bot")  # chosen from the command menu
    await rig.say("/help@some_other_bot")

    texts = [message.text for message in engine.received]
    assert texts == [*commands, "/help", "/help@some_other_bot"]


async def test_a_button_press_reaches_the_engine_and_the_query_is_answered(
    start_bot: StartBot, fake: FakeTelegram
) -> None:
    engine = ScriptedEngine(lambda message: [SAVED] if message.button_data else [CONFIRM])
    rig = await start_bot(engine)
    await rig.say("Met Priya at Pemberton Foods")
    [question] = fake.calls_to("sendMessage")
    shown = fake.messages[CHAT, max(mid for _, mid in fake.messages)]
    assert shown["reply_markup"] == question.params["reply_markup"]

    press = fake.press(USER, shown, "t1:ok")
    await rig.deliver(press)

    pressed = engine.received[-1]
    query_id = press["callback_query"]["id"]
    assert pressed.button_data == "t1:ok"
    assert pressed.message_id == query_id
    assert pressed.chat_id == str(CHAT)
    assert pressed.user_id == str(USER.id)
    assert pressed.text is None
    [answer] = fake.calls_to("answerCallbackQuery")
    assert answer.ok
    assert answer.params["callback_query_id"] == query_id
    assert fake.sent_texts()[-1] == render_text(SAVED)
    methods = fake.methods()
    assert methods.index("answerCallbackQuery") < len(methods) - 1 - methods[::-1].index(
        "sendMessage"
    )
    # the settled question loses its buttons, so it cannot be pressed again
    [edit] = fake.calls_to("editMessageReplyMarkup")
    assert edit.ok
    assert "reply_markup" not in fake.messages[CHAT, shown["message_id"]]


async def test_a_press_on_an_expired_query_still_reaches_the_engine(
    start_bot: StartBot, fake: FakeTelegram
) -> None:
    engine = ScriptedEngine(lambda _: [Reply("bot.button_expired", "en")])
    rig = await start_bot(engine)
    press = fake.press(USER, {"message_id": 1, "date": 0, "chat": USER.chat()}, "old:ok")
    fake.fail_next("answerCallbackQuery", status=400, description="Bad Request: query is too old")

    await rig.deliver(press)

    assert [message.button_data for message in engine.received] == ["old:ok"]
    assert fake.sent_texts() == [render_text(Reply("bot.button_expired", "en"))]


async def test_group_chats_are_ignored(start_bot: StartBot, fake: FakeTelegram) -> None:
    engine = ScriptedEngine()
    rig = await start_bot(engine)
    update = fake.text_update(USER, "Met Priya at Pemberton Foods")
    update["message"]["chat"] = {"id": -100123, "type": "supergroup", "title": "Sales"}

    await rig.deliver(update)

    assert engine.received == []
    assert fake.calls_to("sendMessage") == []


async def test_other_messages_reach_the_engine_without_text(
    start_bot: StartBot, fake: FakeTelegram
) -> None:
    engine = ScriptedEngine(lambda _: [Reply("bot.empty", "en")])
    rig = await start_bot(engine)
    update = fake.text_update(USER, "")
    del update["message"]["text"]
    update["message"]["sticker"] = {
        "file_id": "STICKER1",
        "file_unique_id": "uSTICKER1",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
    }

    await rig.deliver(update)

    [message] = engine.received
    assert (message.text, message.voice, message.button_data) == (None, None, None)
    assert fake.sent_texts() == [render_text(Reply("bot.empty", "en"))]


async def test_chats_run_side_by_side_but_each_chat_in_order(
    start_bot: StartBot, fake: FakeTelegram
) -> None:
    gate = threading.Event()

    def answer(message: InboundMessage) -> list[Reply]:
        if message.text == "slow":
            gate.wait(timeout=15)
        return [SAVED]

    engine = ScriptedEngine(answer)
    rig = await start_bot(engine)
    other = ChatUser(id=5151, first_name="磊", last_name="王", language_code="zh-hans")
    slow = fake.text_update(USER, "slow")
    after = fake.text_update(USER, "after")
    quick = fake.text_update(other, "quick")

    fake.push(slow, after, quick)
    async with asyncio.timeout(15):
        assert await rig.processed.get() == quick["update_id"]  # not held up by the slow chat
        assert "after" not in [message.text for message in engine.received]  # waits its turn
        gate.set()
        done = [await rig.processed.get(), await rig.processed.get()]

    assert done == [slow["update_id"], after["update_id"]]
    assert [m.text for m in engine.received if m.chat_id == str(CHAT)] == ["slow", "after"]


async def test_an_engine_failure_gets_a_clear_answer_in_the_users_language(
    start_bot: StartBot, fake: FakeTelegram
) -> None:
    def broken(message: InboundMessage) -> list[Reply]:
        raise RuntimeError("database went away")

    rig = await start_bot(ScriptedEngine(broken))

    await rig.say("蓝湾医疗反馈监护仪报错", ChatUser(language_code="zh-hans"))

    assert fake.sent_texts() == [render_text(Reply("error.internal_error", "zh_CN"))]


# --- rendering ---------------------------------------------------------------------------------


async def test_a_5000_character_reply_goes_out_as_two_messages(
    start_bot: StartBot, fake: FakeTelegram
) -> None:
    lines = "\n".join(
        f"• follow-up {index:03d}: call the purchasing office" for index in range(115)
    )
    long_reply = Reply(
        "bot.card",
        "en",
        {"name": "Pemberton Foods", "lines": lines},
        ((Button("bot.button.undo", "undo:42"),),),
    )
    text = render_text(long_reply)
    assert 4096 < len(text) <= 5200
    rig = await start_bot(ScriptedEngine(lambda _: [long_reply]))

    await rig.say("What's new with Pemberton?")

    first, second = fake.calls_to("sendMessage")
    assert all(call.ok for call in (first, second))
    assert len(first.params["text"]) <= 4096
    assert len(second.params["text"]) <= 4096
    assert first.params["text"] + "\n" + second.params["text"] == text  # cut at a line break
    assert "reply_markup" not in first.params
    assert second.params["reply_markup"] == {
        "inline_keyboard": [[{"text": "Undo", "callback_data": "undo:42"}]]
    }


def test_split_counts_utf16_units_and_cuts_long_lines_at_spaces() -> None:
    emoji = "😀" * 3000  # 6000 UTF-16 units in 3000 characters
    pieces = split_message(emoji)
    assert [utf16_units(piece) for piece in pieces] == [4096, 6000 - 4096]
    assert "".join(pieces) == emoji

    words = " ".join(["renewal"] * 1000)  # one 7999-character line
    pieces = split_message(words)
    assert len(pieces) == 2
    assert all(len(piece) <= 4096 for piece in pieces)
    assert pieces[0].endswith("renewal ")
    assert "".join(pieces) == words

    assert split_message("short") == ["short"]
    assert split_message("  \n ") == []
    assert split_message("x" * 4096) == ["x" * 4096]


def test_time_periods_read_as_seconds_in_either_form() -> None:
    assert period_seconds(lambda: 3) == 3.0
    assert period_seconds(lambda: timedelta(seconds=1.5)) == 1.5


# --- flood control -----------------------------------------------------------------------------


async def test_a_429_is_waited_out_and_the_message_arrives_once(
    start_bot: StartBot, fake: FakeTelegram
) -> None:
    rig = await start_bot(ScriptedEngine())
    fake.fail_next("sendMessage", retry_after=3)

    await rig.say("Signed 35k with Acme")

    attempts = fake.calls_to("sendMessage")
    assert [call.status for call in attempts] == [429, 200]
    assert rig.sleeps == [3.0]
    assert fake.sent_texts() == [render_text(SAVED)]


async def test_flood_retries_are_bounded_and_the_bot_keeps_going(
    start_bot: StartBot, fake: FakeTelegram
) -> None:
    rig = await start_bot(ScriptedEngine(), max_retries=2)
    fake.fail_next("sendMessage", 3, retry_after=1)

    await rig.say("first")  # three 429s: given up after the first try and two retries
    await rig.say("second")

    assert [call.status for call in fake.calls_to("sendMessage")] == [429, 429, 429, 200]
    assert rig.sleeps == [1.0, 1.0]
    assert fake.sent_texts() == [render_text(SAVED)]


# --- voice -------------------------------------------------------------------------------------

OGG = b"OggS\x00\x02fake-opus-voice-note" * 8


async def test_a_voice_note_without_a_transcriber_reaches_the_engine_untranscribed(
    start_bot: StartBot, fake: FakeTelegram
) -> None:
    engine = ScriptedEngine(lambda _: [Reply("bot.voice_disabled", "en")])
    rig = await start_bot(engine)
    update = fake.voice_update(USER, OGG, duration=7)

    await rig.deliver(update)

    [message] = engine.received
    assert message.voice is not None
    assert message.voice.file_id == update["message"]["voice"]["file_id"]
    assert message.voice.duration_seconds == 7
    assert message.voice.mime_type == "audio/ogg"
    assert message.voice.transcript is None
    assert message.text is None
    assert fake.calls_to("getFile") == []
    assert fake.sent_texts() == [render_text(Reply("bot.voice_disabled", "en"))]


async def test_with_a_transcriber_the_voice_is_downloaded_and_transcribed(
    start_bot: StartBot, fake: FakeTelegram
) -> None:
    engine = ScriptedEngine()
    transcriber = FakeTranscriber()
    rig = await start_bot(engine, transcriber)
    update = fake.voice_update(USER, OGG, duration=3)

    await rig.deliver(update)

    [message] = engine.received
    assert message.voice is not None
    assert message.voice.transcript == "Visited Acme, talked about the renewal"
    assert message.voice.file_id == update["message"]["voice"]["file_id"]
    assert transcriber.heard == [(OGG, "audio/ogg", "en")]
    [get_file] = fake.calls_to("getFile")
    assert get_file.params["file_id"] == message.voice.file_id
    assert [call.params["file_path"] for call in fake.calls_to("download")] == [
        f"voice/{message.voice.file_id}"
    ]


# --- redelivery ----------------------------------------------------------------------------------


async def test_a_redelivered_update_reaches_the_engine_twice_but_is_answered_once(
    start_bot: StartBot, fake: FakeTelegram
) -> None:
    engine = ScriptedEngine(dedup=True)
    rig = await start_bot(engine)
    update = fake.text_update(USER, "Met Priya at Pemberton Foods")

    await rig.deliver(update)
    await rig.deliver(update)  # Telegram sends it again (the confirmation was lost)

    assert [message.message_id for message in engine.received] == [
        f"{CHAT}:{update['message']['message_id']}"
    ] * 2
    assert fake.sent_texts() == [render_text(SAVED)]


# --- with the real engine and a real database ----------------------------------------------------


@dataclass
class Crm:
    db: Database
    code: str

    def interactions(self) -> int:
        with make_session_factory(self.db)() as session:
            return session.scalar(select(func.count()).select_from(Interaction)) or 0


@pytest.fixture
def crm(db_url: str) -> Iterator[Crm]:
    """A migrated database (SQLite, and PostgreSQL when it runs) with a rep and a customer."""
    db = make_engine(db_url)
    migrate.upgrade(db)
    with make_session_factory(db).begin() as session:
        system = staff_service.system_actor(session=session)
        rep = staff_service.add(
            session=session,
            actor=system,
            data=StaffCreate(email="rep@example.com", name="王磊", role=Role.REP),
            origin=Origin(),
        )
        session.flush()
        customers.create(
            session=session,
            actor=system,
            data=CustomerCreate(
                name="厦门蓝湾医疗科技有限公司", aliases=["蓝湾医疗"], owner_id=rep.id
            ),
            origin=Origin(),
        )
        code = staff_service.issue_bind_code(
            session=session, actor=system, staff=rep, origin=Origin()
        ).code
    yield Crm(db, code)
    db.dispose()


async def test_the_real_engine_binds_records_once_and_undoes_by_button(
    start_bot: StartBot, fake: FakeTelegram, crm: Crm
) -> None:
    engine = ConversationEngine.for_database(crm.db, model_dir=REPO / "var" / "models")
    rig = await start_bot(engine)

    await rig.say("拜访了蓝湾医疗")  # not bound yet: one polite refusal, nothing stored
    await rig.say(f"/start {crm.code}")
    assert crm.interactions() == 0
    assert "王磊" in fake.sent_texts()[-1]

    note = fake.text_update(USER, "拜访了蓝湾医疗，聊了二期扩容")
    await rig.deliver(note)
    saved = fake.calls_to("sendMessage")[-1]
    [[undo]] = saved.params["reply_markup"]["inline_keyboard"]
    assert undo["callback_data"].startswith("undo:")
    assert crm.interactions() == 1

    await rig.deliver(note)  # redelivered: the engine recognises it, nothing is sent
    assert crm.interactions() == 1
    assert fake.calls_to("sendMessage")[-1] == saved

    shown = fake.messages[CHAT, max(mid for chat, mid in fake.messages if chat == CHAT)]
    await rig.deliver(fake.press(USER, shown, undo["callback_data"]))
    assert crm.interactions() == 0
    assert fake.calls_to("answerCallbackQuery")[-1].ok
    assert "已撤销" in fake.sent_texts()[-1]


# --- webhook mode --------------------------------------------------------------------------------


@dataclass
class Hook:
    client: httpx.AsyncClient
    engine: ScriptedEngine
    fake: FakeTelegram

    async def post(self, body: Any, secret: str | None = WEBHOOK_SECRET) -> httpx.Response:
        headers = {SECRET_HEADER: secret} if secret is not None else {}
        if isinstance(body, bytes):
            return await self.client.post("/telegram/webhook", content=body, headers=headers)
        return await self.client.post("/telegram/webhook", json=body, headers=headers)


@pytest.fixture
async def hook(fake: FakeTelegram) -> AsyncIterator[Hook]:
    engine = ScriptedEngine(lambda _: [CONFIRM])
    settings = settings_for(fake)
    application = build_application(engine, settings, polling=False)
    app = FastAPI()
    app.include_router(
        telegram_webhook_router(
            application, WEBHOOK_SECRET, webhook_url="https://crm.example.com/telegram/webhook"
        )
    )
    async with app.router.lifespan_context(app):  # what uvicorn runs at start-up / shutdown
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://crm.test") as client:
            yield Hook(client, engine, fake)


async def test_webhook_start_up_registers_the_webhook_with_its_secret(hook: Hook) -> None:
    [registered] = hook.fake.calls_to("setWebhook")
    assert registered.params["url"] == "https://crm.example.com/telegram/webhook"
    assert registered.params["secret_token"] == WEBHOOK_SECRET
    assert registered.params["allowed_updates"] == ["message", "callback_query"]


async def test_webhook_with_the_right_secret_is_processed(hook: Hook) -> None:
    update = hook.fake.text_update(USER, "Met Priya at Pemberton Foods")

    response = await hook.post(update)

    assert response.status_code == 200
    [message] = hook.engine.received
    assert message.text == "Met Priya at Pemberton Foods"
    assert message.message_id == f"{CHAT}:{update['message']['message_id']}"
    [reply] = hook.fake.calls_to("sendMessage")
    assert reply.params["text"] == render_text(CONFIRM)
    assert reply.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "t1:ok"


@pytest.mark.parametrize("secret", [None, "", "wrong-secret", WEBHOOK_SECRET + "x"])
async def test_webhook_with_a_wrong_or_missing_secret_is_refused(
    hook: Hook, secret: str | None
) -> None:
    update = hook.fake.text_update(USER, "Met Priya at Pemberton Foods")

    response = await hook.post(update, secret=secret)

    assert response.status_code == 403
    assert hook.engine.received == []
    assert hook.fake.calls_to("sendMessage") == []
    assert hook.fake.calls_to("sendChatAction") == []


async def test_webhook_refuses_a_body_that_is_not_an_update(hook: Hook) -> None:
    assert (await hook.post(b"{not json")).status_code == 400
    assert (await hook.post({"no": "update_id"})).status_code == 400
    assert hook.engine.received == []


async def test_webhook_start_up_outlives_an_unreachable_telegram(fake: FakeTelegram) -> None:
    """Telegram down at start-up: the app starts anyway, deliveries get 503 (Telegram retries
    them), and the bot comes up on a later attempt, registering its webhook then."""
    engine = ScriptedEngine(lambda _: [CONFIRM])
    application = build_application(engine, settings_for(fake), polling=False)
    ready, retry = asyncio.Event(), asyncio.Event()
    waits: list[float] = []

    async def pause(seconds: float) -> None:
        waits.append(seconds)
        await retry.wait()

    fake.fail_next("getMe", status=502, description="Bad Gateway")
    app = FastAPI()
    app.include_router(
        telegram_webhook_router(
            application,
            WEBHOOK_SECRET,
            webhook_url="https://crm.example.com/telegram/webhook",
            ready=ready,
            pause=pause,
        )
    )
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://crm.test") as client:
            hook = Hook(client, engine, fake)
            update = fake.text_update(USER, "Met Priya at Pemberton Foods")

            refused = await hook.post(update)
            assert refused.status_code == 503
            assert engine.received == []
            assert fake.calls_to("setWebhook") == []

            retry.set()
            await asyncio.wait_for(ready.wait(), timeout=10)
            assert (await hook.post(update)).status_code == 200

    assert waits == [1.0]
    assert [call.status for call in fake.calls_to("getMe")] == [502, 200]
    [registered] = fake.calls_to("setWebhook")
    assert registered.params["secret_token"] == WEBHOOK_SECRET
    assert [message.text for message in engine.received] == ["Met Priya at Pemberton Foods"]


# --- digests and settings ------------------------------------------------------------------------


async def test_the_reply_sender_pushes_a_digest_from_a_plain_thread(fake: FakeTelegram) -> None:
    sender = TelegramReplySender(settings_for(fake))
    digest = Reply("digest.all_clear", "en", {"name": "Priya"})

    await asyncio.to_thread(sender.send, str(CHAT), [digest])

    [sent] = fake.calls_to("sendMessage")
    assert sent.params["chat_id"] == str(CHAT)
    assert sent.params["text"] == render_text(digest)


async def test_a_push_of_several_messages_is_paced_per_chat(fake: FakeTelegram) -> None:
    pauses: list[float] = []

    async def record(seconds: float) -> None:
        pauses.append(seconds)

    sender = TelegramReplySender(settings_for(fake), sleep=record, pace_seconds=1.0)
    replies = [Reply("digest.all_clear", "en", {"name": name}) for name in ("A", "B", "C")]

    await asyncio.to_thread(sender.send, str(CHAT), replies)

    assert len(fake.calls_to("sendMessage")) == 3
    assert pauses == [1.0, 1.0]  # between messages, never before the first


def test_settings_come_from_telegram_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "1:abc")
    monkeypatch.setenv("TELEGRAM_BASE_URL", "http://127.0.0.1:8081/bot")
    monkeypatch.setenv("TELEGRAM_WEBHOOK_URL", "https://crm.example.com/hooks/tg")
    monkeypatch.setenv("TELEGRAM_WEBHOOK_SECRET", "abc_DEF-123")

    settings = TelegramSettings()

    assert settings.bot_token.get_secret_value() == "1:abc"
    assert "1:abc" not in repr(settings)
    assert settings.base_url == "http://127.0.0.1:8081/bot"
    assert settings.base_file_url == "https://api.telegram.org/file/bot"
    assert settings.webhook_path == "/hooks/tg"


def test_settings_refuse_a_webhook_without_a_usable_secret(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "1:abc")
    monkeypatch.setenv("TELEGRAM_WEBHOOK_URL", "https://crm.example.com/telegram/webhook")
    with pytest.raises(ValidationError):
        TelegramSettings()
    monkeypatch.setenv("TELEGRAM_WEBHOOK_SECRET", "spaces are not allowed")
    with pytest.raises(ValidationError):
        TelegramSettings()

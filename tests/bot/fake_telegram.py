"""A fake Telegram Bot API on loopback, for driving the real python-telegram-bot in tests.

A small ASGI app served by uvicorn in a background thread (its own event loop) on a port the OS
picks. It speaks the Bot API envelope (`{"ok": true, "result": ...}` or `{"ok": false,
"error_code", "description", "parameters"}` with the same HTTP status), keeps an update queue
that getUpdates long-polls (offset confirmation, timeout honoured, woken by `push`), remembers
the messages the bot sent (so edits and callback answers are checked the way Telegram checks
them), serves files under the file URL, records every call, and can answer the next N calls of
a method with an error (429 with `parameters.retry_after` by default).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote

import uvicorn
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send

from tests.loopback import serve_on_loopback

TOKEN = "123456789:TEST-fake-token_for-tests"
BOT_USER: dict[str, Any] = {
    "id": 123456789,
    "is_bot": True,
    "first_name": "CRM Bot",
    "username": "crm_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
#: Form fields PTB sends JSON-encoded.
JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "allowed_updates",
        "commands",
        "entities",
        "reply_parameters",
        "link_preview_options",
        "scope",
    }
)
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
MAX_TEXT_UNITS = 4096
MAX_CALLBACK_DATA_BYTES = 64


@dataclass(frozen=True)
class Call:
    method: str
    params: dict[str, Any]
    status: int

    @property
    def ok(self) -> bool:
        return self.status == 200


@dataclass(frozen=True)
class ChatUser:
    """A Telegram user chatting with the bot in a private chat (chat id = user id)."""

    id: int = 4242
    first_name: str = "Priya"
    last_name: str | None = "Shah"
    language_code: str | None = "en"

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.language_code:
            data["language_code"] = self.language_code
        return data

    def chat(self) -> dict[str, Any]:
        return {"id": self.id, "type": "private", "first_name": self.first_name}


@dataclass
class _Fault:
    status: int
    description: str
    retry_after: int | None


@dataclass
class _Pending:
    update: dict[str, Any]
    delivered: bool = False

    @property
    def update_id(self) -> int:
        return int(self.update["update_id"])


@dataclass
class FakeTelegram:
    """State and behaviour of the fake; thread-safe (the server runs in its own thread)."""

    token: str = TOKEN
    base_url: str = ""
    calls: list[Call] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    #: Messages the bot sent or edited, by (chat id, message id).
    messages: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)
    webhook: dict[str, Any] = field(default_factory=dict)
    _pending: list[_Pending] = field(default_factory=list)
    _faults: dict[str, deque[_Fault]] = field(default_factory=dict)
    _open_queries: set[str] = field(default_factory=set)
    _update_ids: Iterator[int] = field(default_factory=lambda: itertools.count(10_001))
    _message_ids: Iterator[int] = field(default_factory=lambda: itertools.count(501))
    _query_ids: Iterator[int] = field(default_factory=lambda: itertools.count(9_000_001))
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _loop: asyncio.AbstractEventLoop | None = None
    _wake: asyncio.Event | None = None
    _closing: asyncio.Event | None = None

    # -- controls used by tests --------------------------------------------------------------

    @property
    def api_url(self) -> str:
        """What to give PTB as `base_url` (it appends the token)."""
        return f"{self.base_url}/bot"

    @property
    def file_url(self) -> str:
        return f"{self.base_url}/file/bot"

    def push(self, *updates: dict[str, Any]) -> None:
        """Queue updates for getUpdates (all at once: one poll may return them together)."""
        with self._lock:
            self._pending.extend(_Pending(update) for update in updates)
        if self._loop is not None and self._wake is not None:
            self._loop.call_soon_threadsafe(self._wake.set)

    def fail_next(
        self,
        method: str,
        times: int = 1,
        *,
        status: int = 429,
        retry_after: int | None = 3,
        description: str | None = None,
    ) -> None:
        """Answer the next `times` calls of `method` with an error (a flood wait by default)."""
        if description is None:
            description = (
                f"Too Many Requests: retry after {retry_after}"
                if status == 429
                else "Bad Request: scripted"
            )
        fault = _Fault(status, description, retry_after if status == 429 else None)
        with self._lock:
            self._faults.setdefault(method, deque()).extend([fault] * times)

    def calls_to(self, method: str, *, ok: bool | None = None) -> list[Call]:
        with self._lock:
            return [
                call
                for call in self.calls
                if call.method == method and (ok is None or call.ok == ok)
            ]

    def methods(self) -> list[str]:
        with self._lock:
            return [call.method for call in self.calls]

    def sent_texts(self, chat_id: int | None = None) -> list[str]:
        return [
            str(call.params["text"])
            for call in self.calls_to("sendMessage", ok=True)
            if chat_id is None or int(call.params["chat_id"]) == chat_id
        ]

    # -- building updates (the user's side) --------------------------------------------------

    def text_update(
        self,
        user: ChatUser,
        text: str,
        *,
        update_id: int | None = None,
        message_id: int | None = None,
    ) -> dict[str, Any]:
        message = self._user_message(user, message_id)
        message["text"] = text
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return self._update(update_id, message=message)

    def voice_update(
        self,
        user: ChatUser,
        audio: bytes,
        *,
        duration: int = 4,
        mime_type: str = "audio/ogg",
        update_id: int | None = None,
    ) -> dict[str, Any]:
        """A voice note; its bytes are served by getFile + the file URL."""
        message = self._user_message(user, None)
        file_id = f"VOICE-{message['message_id']}"
        with self._lock:
            self.files[file_id] = audio
        message["voice"] = {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "duration": duration,
            "mime_type": mime_type,
            "file_size": len(audio),
        }
        return self._update(update_id, message=message)

    def press(
        self, user: ChatUser, message: dict[str, Any], data: str, *, update_id: int | None = None
    ) -> dict[str, Any]:
        """The user presses a button of a message the bot sent."""
        query_id = str(next(self._query_ids))
        with self._lock:
            self._open_queries.add(query_id)
        query = {
            "id": query_id,
            "from": user.as_json(),
            "message": message,
            "chat_instance": f"ci-{user.id}",
            "data": data,
        }
        return self._update(update_id, callback_query=query)

    def _user_message(self, user: ChatUser, message_id: int | None) -> dict[str, Any]:
        return {
            "message_id": message_id if message_id is not None else next(self._message_ids),
            "date": int(time.time()),
            "chat": user.chat(),
            "from": user.as_json(),
        }

    def _update(self, update_id: int | None, **content: Any) -> dict[str, Any]:
        return {"update_id": update_id if update_id is not None else next(self._update_ids)} | (
            content
        )

    # -- the ASGI app ------------------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # pragma: no cover - lifespan is off
            return
        request = Request(scope, receive)
        path = unquote(scope["path"])
        prefix, file_prefix = f"/bot{self.token}/", f"/file/bot{self.token}/"
        if path.startswith(file_prefix):
            response = self._download(path.removeprefix(file_prefix))
        elif path.startswith(prefix):
            method = path.removeprefix(prefix)
            params = _decode(request.query_params.multi_items(), await request.body(), request)
            response = await self._call(method, params, receive)
        elif path.startswith(("/bot", "/file/bot")):
            response = _error(401, "Unauthorized")
        else:
            response = _error(404, "Not Found")
        await response(scope, receive, send)

    async def _call(self, method: str, params: dict[str, Any], receive: Receive) -> Response:
        with self._lock:
            faults = self._faults.get(method)
            fault = faults.popleft() if faults else None
        if fault is not None:
            self._record(method, params, fault.status)
            return _error(fault.status, fault.description, retry_after=fault.retry_after)
        if method == "getUpdates":
            status, result = await self._get_updates(params, receive)
        else:
            handler = _METHODS.get(method)
            if handler is None:
                status, result = 404, "Not Found"
            else:
                with self._lock:
                    status, result = handler(self, params)
        self._record(method, params, status)
        if status != 200:
            return _error(status, str(result))
        return JSONResponse({"ok": True, "result": result})

    def _record(self, method: str, params: dict[str, Any], status: int) -> None:
        with self._lock:
            self.calls.append(Call(method, params, status))

    def _download(self, file_path: str) -> Response:
        file_id = file_path.rsplit("/", 1)[-1]
        with self._lock:
            self.calls.append(Call("download", {"file_path": file_path}, 200))
            content = self.files.get(file_id)
        if content is None:
            return _error(404, "Not Found")
        return Response(content, media_type="application/octet-stream")

    # -- getUpdates: the long poll

    async def _get_updates(self, params: dict[str, Any], receive: Receive) -> tuple[int, Any]:
        if self.webhook.get("url"):
            return 409, (
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first"
            )
        offset = int(params.get("offset", 0))
        limit = int(params.get("limit", 100))
        deadline = time.monotonic() + float(params.get("timeout", 0))
        assert self._wake is not None and self._closing is not None
        disconnected = asyncio.ensure_future(receive())  # resolves when the client hangs up
        try:
            while True:
                self._wake.clear()
                batch = self._take(offset, limit)
                remaining = deadline - time.monotonic()
                if batch or remaining <= 0 or disconnected.done() or self._closing.is_set():
                    return 200, batch
                woken = asyncio.ensure_future(self._wake.wait())
                closing = asyncio.ensure_future(self._closing.wait())
                await asyncio.wait(
                    {woken, closing, disconnected},
                    timeout=remaining,
                    return_when=asyncio.FIRST_COMPLETED,
                )
                for task in (woken, closing):
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await task
        finally:
            disconnected.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await disconnected

    def _take(self, offset: int, limit: int) -> list[dict[str, Any]]:
        """Confirm what `offset` confirms; return what is not confirmed yet, oldest first.

        An update pushed again after its first delivery was confirmed comes back once more, as
        Telegram does when the bot lost the confirmation (a crash between fetch and next poll).
        """
        with self._lock:
            self._pending = [
                entry
                for entry in self._pending
                if not (entry.delivered and entry.update_id < offset)
            ]
            batch = [
                entry for entry in self._pending if not entry.delivered or entry.update_id >= offset
            ][:limit]
            for entry in batch:
                entry.delivered = True
            return [entry.update for entry in batch]

    # -- the other methods (run under the lock)

    def _get_me(self, params: dict[str, Any]) -> tuple[int, Any]:
        return 200, BOT_USER

    def _set_webhook(self, params: dict[str, Any]) -> tuple[int, Any]:
        self.webhook = dict(params)
        return 200, True

    def _delete_webhook(self, params: dict[str, Any]) -> tuple[int, Any]:
        self.webhook = {}
        if params.get("drop_pending_updates") == "true":
            self._pending.clear()
        return 200, True

    def _get_webhook_info(self, params: dict[str, Any]) -> tuple[int, Any]:
        return 200, {
            "url": self.webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }

    def _send_message(self, params: dict[str, Any]) -> tuple[int, Any]:
        text = str(params.get("text", ""))
        if not text.strip():
            return 400, "Bad Request: message text is empty"
        if len(text.encode("utf-16-le")) // 2 > MAX_TEXT_UNITS:
            return 400, "Bad Request: message is too long"
        problem = _check_markup(params.get("reply_markup"))
        if problem:
            return 400, problem
        chat_id = int(params["chat_id"])
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "from": BOT_USER,
            "text": text,
        }
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        self.messages[chat_id, message["message_id"]] = message
        return 200, message

    def _edit(self, params: dict[str, Any], *, text: bool) -> tuple[int, Any]:
        key = (int(params.get("chat_id", 0)), int(params.get("message_id", 0)))
        current = self.messages.get(key)
        if current is None:
            return 400, "Bad Request: message to edit not found"
        updated = dict(current)
        if text:
            updated["text"] = str(params.get("text", ""))
        markup = params.get("reply_markup")
        if markup:
            updated["reply_markup"] = markup
        else:
            updated.pop("reply_markup", None)
        if updated == current:
            return 400, NOT_MODIFIED
        updated["edit_date"] = int(time.time())
        self.messages[key] = updated
        return 200, updated

    def _edit_text(self, params: dict[str, Any]) -> tuple[int, Any]:
        return self._edit(params, text=True)

    def _edit_markup(self, params: dict[str, Any]) -> tuple[int, Any]:
        return self._edit(params, text=False)

    def _answer_callback_query(self, params: dict[str, Any]) -> tuple[int, Any]:
        query_id = str(params.get("callback_query_id", ""))
        if query_id not in self._open_queries:
            return 400, QUERY_TOO_OLD
        self._open_queries.discard(query_id)
        return 200, True

    def _send_chat_action(self, params: dict[str, Any]) -> tuple[int, Any]:
        return 200, True

    def _get_file(self, params: dict[str, Any]) -> tuple[int, Any]:
        file_id = str(params.get("file_id", ""))
        content = self.files.get(file_id)
        if content is None:
            return 400, "Bad Request: invalid file_id"
        return 200, {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_size": len(content),
            "file_path": f"voice/{file_id}",
        }

    def _true(self, params: dict[str, Any]) -> tuple[int, Any]:
        return 200, True

    # -- running it

    async def _serve(self, server: uvicorn.Server, sock: socket.socket) -> None:
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        self._closing = asyncio.Event()
        await server.serve(sockets=[sock])

    def _close(self) -> None:
        """Release waiting long polls, so the server can stop at once."""
        if self._loop is not None and self._closing is not None:
            self._loop.call_soon_threadsafe(self._closing.set)


_Handler = Callable[[FakeTelegram, dict[str, Any]], tuple[int, Any]]
_METHODS: dict[str, _Handler] = {
    "getMe": FakeTelegram._get_me,
    "setWebhook": FakeTelegram._set_webhook,
    "deleteWebhook": FakeTelegram._delete_webhook,
    "getWebhookInfo": FakeTelegram._get_webhook_info,
    "sendMessage": FakeTelegram._send_message,
    "editMessageText": FakeTelegram._edit_text,
    "editMessageReplyMarkup": FakeTelegram._edit_markup,
    "answerCallbackQuery": FakeTelegram._answer_callback_query,
    "sendChatAction": FakeTelegram._send_chat_action,
    "getFile": FakeTelegram._get_file,
    "setMyCommands": FakeTelegram._true,
    "deleteMyCommands": FakeTelegram._true,
    "close": FakeTelegram._true,
    "logOut": FakeTelegram._true,
}


def _decode(query: list[tuple[str, str]], body: bytes, request: Request) -> dict[str, Any]:
    """Parameters from the query string and the body (form or JSON), JSON fields decoded."""
    params: dict[str, Any] = dict(query)
    content_type = request.headers.get("content-type", "")
    if body and content_type.startswith("application/json"):
        params.update(json.loads(body))
    elif body:
        params.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    for name in JSON_FIELDS & params.keys():
        if isinstance(params[name], str):
            params[name] = json.loads(params[name]) if params[name] else None
    return params


def _check_markup(markup: Any) -> str | None:
    if not markup:
        return None
    for row in markup.get("inline_keyboard", []):
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA_BYTES:
                return "Bad Request: BUTTON_DATA_INVALID"
    return None


def _error(status: int, description: str, *, retry_after: int | None = None) -> Response:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    return JSONResponse(body, status_code=status)


@contextmanager
def serve(fake: FakeTelegram, *, stop_timeout: float = 10.0) -> Iterator[FakeTelegram]:
    """Run the fake on 127.0.0.1 in a thread; sets `fake.base_url`; stops it cleanly (waiting
    long polls are released first)."""
    with serve_on_loopback(
        fake,
        name="fake-telegram",
        serve=fake._serve,
        before_stop=fake._close,
        stop_timeout=stop_timeout,
    ) as base_url:
        fake.base_url = base_url
        yield fake

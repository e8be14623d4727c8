"""A fake WeCom API on loopback, for testing the client over real HTTP.

A small ASGI app (Starlette request/response objects) served by uvicorn in a background thread
on a port the OS picks. It issues tokens, can expire or invalidate them mid-run (42001/40014),
can answer scripted errcodes (45009...) or drop the connection mid-response, and records every
call with the time of an injectable clock.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send

from tests.loopback import serve_on_loopback

TOKEN_PATH = "/cgi-bin/gettoken"
SEND_PATH = "/cgi-bin/message/send"
MEDIA_PATH = "/cgi-bin/media/get"

#: A scripted answer: an errcode to return, or DROP to cut the connection mid-response.
DROP = "drop"
Action = int | str


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    params: dict[str, str]
    body: Any
    at: float


@dataclass
class FakeWeCom:
    """State and behaviour of the fake; thread-safe (the server runs in its own thread)."""

    corp_id: str = "wwfakecorp"
    secret: str = "fake-secret"
    expires_in: int = 7200
    clock: Callable[[], float] = time.monotonic
    #: Seconds gettoken takes, to widen races between client threads.
    gettoken_delay: float = 0.0
    media: dict[str, bytes] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    _tokens: dict[str, int] = field(default_factory=dict)  # token -> errcode (0 = valid)
    _scripts: dict[str, deque[Action]] = field(default_factory=dict)
    _always: dict[str, Action] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # -- controls used by tests --

    def expire_tokens(self) -> None:
        """Every token issued so far now answers 42001 (access_token expired)."""
        with self._lock:
            self._tokens = dict.fromkeys(self._tokens, 42001)

    def invalidate_tokens(self) -> None:
        """Every token issued so far now answers 40014 (invalid access_token)."""
        with self._lock:
            self._tokens = dict.fromkeys(self._tokens, 40014)

    def script(self, path: str, *actions: Action) -> None:
        """The next calls to `path` answer these, in order; then normal service resumes."""
        with self._lock:
            self._scripts.setdefault(path, deque()).extend(actions)

    def always(self, path: str, action: Action | None) -> None:
        """Every call to `path` answers `action` until reset with None."""
        with self._lock:
            if action is None:
                self._always.pop(path, None)
            else:
                self._always[path] = action

    def calls_to(self, path: str) -> list[Call]:
        with self._lock:
            return [call for call in self.calls if call.path == path]

    # -- the ASGI app --

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # pragma: no cover - lifespan is off
            return
        request = Request(scope, receive)
        raw = await request.body()
        body: Any = json.loads(raw) if raw else None
        params = dict(request.query_params)
        path = request.url.path
        with self._lock:
            self.calls.append(Call(request.method, path, params, body, self.clock()))
            action = self._always.get(path)
            script = self._scripts.get(path)
            if action is None and script:
                action = script.popleft()
        if action == DROP:
            await _drop(send)
            return
        if isinstance(action, int):
            await JSONResponse({"errcode": action, "errmsg": f"scripted {action}"})(
                scope, receive, send
            )
            return
        response = await self._serve(path, params, body)
        await response(scope, receive, send)

    async def _serve(self, path: str, params: dict[str, str], body: Any) -> Response:
        if path == TOKEN_PATH:
            return await self._gettoken(params)
        errcode = self._token_errcode(params.get("access_token"))
        if errcode:
            return _error(errcode, "access_token expired" if errcode == 42001 else "invalid")
        if path == SEND_PATH:
            return _send(body)
        if path == MEDIA_PATH:
            content = self.media.get(params.get("media_id", ""))
            if content is None:
                return _error(40007, "invalid media_id")
            return Response(content, media_type="audio/amr")
        return _error(404, "no such API in the fake")  # pragma: no cover

    async def _gettoken(self, params: dict[str, str]) -> Response:
        if self.gettoken_delay:
            await asyncio.sleep(self.gettoken_delay)
        if params.get("corpid") != self.corp_id:
            return _error(40013, "invalid corpid")
        if params.get("corpsecret") != self.secret:
            return _error(40001, "invalid secret")
        with self._lock:
            token = f"token-{len(self._tokens) + 1}"
            self._tokens[token] = 0
        return JSONResponse(
            {"errcode": 0, "errmsg": "ok", "access_token": token, "expires_in": self.expires_in}
        )

    def _token_errcode(self, token: str | None) -> int:
        with self._lock:
            if token is None or token not in self._tokens:
                return 40014
            return self._tokens[token]

    @property
    def tokens_issued(self) -> int:
        return len(self.calls_to(TOKEN_PATH))


class Switchboard:
    """One server for a whole test module; each test plugs in a fresh fake (starting and
    stopping uvicorn per test would cost a tenth of a second each)."""

    def __init__(self) -> None:
        self.target: FakeWeCom | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.target is None:  # pragma: no cover - a fixture always plugs one in
            raise RuntimeError("no fake plugged into the switchboard")
        await self.target(scope, receive, send)


def _error(errcode: int, errmsg: str) -> Response:
    return JSONResponse({"errcode": errcode, "errmsg": errmsg})


def _send(body: Any) -> Response:
    if not isinstance(body, dict) or body.get("msgtype") not in body:
        return _error(40008, "invalid message type")
    return JSONResponse({"errcode": 0, "errmsg": "ok", "invaliduser": "", "msgid": "msg-1"})


async def _drop(send: Send) -> None:
    """Promise a body, send part of it, and return: uvicorn then closes the connection."""
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"application/json"), (b"content-length", b"100")],
        }
    )
    await send({"type": "http.response.body", "body": b'{"errc', "more_body": True})


@contextmanager
def serve(app: FakeWeCom | Switchboard, *, stop_timeout: float = 10.0) -> Iterator[str]:
    """Run the fake on 127.0.0.1 in a thread; yields its base URL; stops it cleanly."""
    with serve_on_loopback(app, name="fake WeCom", stop_timeout=stop_timeout) as base_url:
        yield base_url

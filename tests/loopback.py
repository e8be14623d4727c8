"""Run a fake remote service (an ASGI app) on 127.0.0.1 in a thread, for tests that drive a
real client over HTTP: the fake Telegram Bot API and the fake WeCom API share this."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn

Serve = Callable[[uvicorn.Server, socket.socket], Coroutine[Any, Any, None]]


async def _plain(server: uvicorn.Server, sock: socket.socket) -> None:
    await server.serve(sockets=[sock])


@contextmanager
def serve_on_loopback(
    app: Any,
    *,
    name: str,
    serve: Serve = _plain,
    before_stop: Callable[[], None] | None = None,
    stop_timeout: float = 10.0,
) -> Iterator[str]:
    """Yields the base URL of the listening socket; stops the server (after `before_stop`) on
    exit."""
    # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY only on sockets that say so, and
    # without it every answer waits ~40 ms for a delayed ACK.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    # Listening before the server thread starts: a client that connects early waits in the
    # backlog until the server accepts, so no readiness has to be polled for.
    sock.listen(128)
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        app, log_config=None, log_level="critical", http="h11", ws="none", lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=lambda: asyncio.run(serve(server, sock)), name=name, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        if before_stop is not None:
            before_stop()
        server.should_exit = True
        thread.join(timeout=stop_timeout)
        sock.close()

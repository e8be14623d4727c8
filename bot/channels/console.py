"""The console channel (`crm chat`): a terminal conversation with the engine.

The quickest way to try the product: it talks to the configured database as a chosen staff
member. Buttons print as numbered choices; answering with the number presses the button (the
engine remembers what it offered). Typing `/quit` or end of input leaves.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable

from bot.messages import Engine, InboundMessage, Reply, render_numbered
from crm_core.timeutil import utcnow

QUIT_COMMANDS = frozenset({"/quit", "/exit", "/q", "退出"})


def console_user_id(email: str) -> str:
    return f"console:{email.lower()}"


def run_console(
    engine: Engine,
    *,
    user_id: str,
    lines: Iterable[str],
    write: Callable[[str], None],
    language_hint: str | None = None,
) -> int:
    """Feed each line to the engine and write the rendered replies; returns messages sent."""
    sent = 0
    for raw in lines:
        text = raw.rstrip("\n")
        if text.strip().lower() in QUIT_COMMANDS:
            break
        if not text.strip():
            continue
        message = InboundMessage(
            channel="console",
            user_id=user_id,
            chat_id=user_id,
            message_id=uuid.uuid4().hex,
            received_at=utcnow(),
            text=text,
            language_hint=language_hint,
        )
        sent += 1
        for reply in engine.handle(message):
            write(render(reply))
    return sent


def render(reply: Reply) -> str:
    return render_numbered(reply)

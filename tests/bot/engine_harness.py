"""Driving the real engine in tests: a chat user who types, presses buttons and reads replies.

The engine's sessions join the test's rolled-back connection as savepoints, so each message
commits (releases its savepoint) exactly as in production and nothing outlives the test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import count
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from bot.engine import ConversationEngine
from bot.messages import ChannelName, InboundMessage, Reply, VoiceNote, render_numbered
from bot.understanding import Understanding
from nlu.classifier import IntentClassifier
from nlu.customer_index import CustomerIndex, DirectoryEntry

REPO = Path(__file__).resolve().parents[2]
_CLASSIFIER: list[IntentClassifier | None] = []


def shared_classifier() -> IntentClassifier | None:
    """The classifier trained on the repository's data, once per test run (cached on disk)."""
    if not _CLASSIFIER:
        _CLASSIFIER.append(IntentClassifier.load_or_train(REPO / "var" / "models"))
    return _CLASSIFIER[0]


def understanding_for(session: Session) -> Understanding:
    from crm_core.customers import service as customers  # noqa: PLC0415

    index = CustomerIndex.build(
        DirectoryEntry(id=row_id, name=name, aliases=tuple(aliases))
        for row_id, name, aliases in customers.directory(session=session)
    )
    return Understanding(index, shared_classifier())


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


_message_ids = count(1)


@dataclass
class ChatUser:
    """One chat account talking to the engine; keeps the replies of its last message."""

    engine: ConversationEngine
    clock: Clock
    user_id: str = "tg-1"
    channel: ChannelName = "telegram"
    language_hint: str | None = None
    last: list[Reply] = field(default_factory=list)
    sent: list[InboundMessage] = field(default_factory=list)

    def _send(self, **fields: object) -> list[Reply]:
        message = InboundMessage(
            channel=self.channel,
            user_id=self.user_id,
            chat_id=f"chat-{self.user_id}",
            message_id=f"m{next(_message_ids)}",
            received_at=self.clock(),
            language_hint=self.language_hint,
            **fields,  # type: ignore[arg-type]
        )
        self.sent.append(message)
        self.last = self.engine.handle(message)
        return self.last

    def say(self, text: str) -> list[Reply]:
        return self._send(text=text)

    def voice(self, file_id: str, transcript: str | None = None) -> list[Reply]:
        return self._send(voice=VoiceNote(file_id=file_id, transcript=transcript))

    def press(self, label_key: str, nth: int = 0) -> list[Reply]:
        """Press the nth button with this label among the last replies."""
        buttons = [b for r in self.last for b in r.flat_buttons if b.label_key == label_key]
        assert buttons, f"no button {label_key!r} in {[r.key for r in self.last]}"
        return self._send(button_data=buttons[nth].data)

    def press_data(self, data: str) -> list[Reply]:
        return self._send(button_data=data)

    def redeliver(self) -> list[Reply]:
        """The platform sends the previous message again (same id)."""
        self.last = self.engine.handle(self.sent[-1])
        return self.last

    @property
    def keys(self) -> list[str]:
        return [reply.key for reply in self.last]

    @property
    def text(self) -> str:
        return "\n\n".join(render_numbered(reply) for reply in self.last)


def make_engine(
    session: Session, clock: Clock, configure: Callable[[ConversationEngine], None] | None = None
) -> ConversationEngine:
    connection = session.connection()
    sessions = sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    engine = ConversationEngine(sessions, understanding_for(session), clock=clock)
    if configure is not None:
        configure(engine)
    return engine

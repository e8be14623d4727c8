"""The neutral messages between channels and the conversation engine.

A channel adapter only translates: its platform's update becomes an `InboundMessage`, the
engine answers with `Reply` objects (catalog keys, not text), and the adapter renders them with
`render_text` / `render_buttons`. Nothing here imports a platform library.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Protocol

from locales import translate

ChannelName = Literal["telegram", "wecom", "console", "web"]

#: Telegram limits callback data to 64 bytes; every channel keeps to it.
MAX_BUTTON_DATA_BYTES = 64


@dataclass(frozen=True, slots=True)
class VoiceNote:
    """A voice message: its platform reference, and the transcript when a transcriber ran."""

    file_id: str
    duration_seconds: int | None = None
    mime_type: str | None = None
    transcript: str | None = None


@dataclass(frozen=True, slots=True)
class InboundMessage:
    """One thing a chat user did: a text, a voice note, or a button press.

    `message_id` is unique per channel and is what recognises a redelivery (for a button press,
    the callback query id). `language_hint` is the platform's language code, if any.
    """

    channel: ChannelName
    user_id: str
    chat_id: str
    message_id: str
    received_at: datetime
    text: str | None = None
    button_data: str | None = None
    voice: VoiceNote | None = None
    language_hint: str | None = None
    display_name: str | None = None


@dataclass(frozen=True, slots=True)
class Button:
    """A choice offered to the user. The label is a catalog key; `data` comes back when pressed."""

    label_key: str
    data: str
    label_params: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if len(self.data.encode("utf-8")) > MAX_BUTTON_DATA_BYTES:
            raise ValueError(
                f"button data longer than {MAX_BUTTON_DATA_BYTES} bytes: {self.data!r}"
            )


@dataclass(frozen=True, slots=True)
class Reply:
    """One message to send back: a catalog key, its parameters (already formatted), buttons.

    `buttons` is a list of rows. `locale` is decided by the engine (the message's language, else
    the staff member's setting), so adapters never guess it.
    """

    key: str
    locale: str
    params: Mapping[str, Any] = field(default_factory=dict)
    buttons: tuple[tuple[Button, ...], ...] = ()

    @property
    def flat_buttons(self) -> list[Button]:
        return [button for row in self.buttons for button in row]


def render_text(reply: Reply) -> str:
    """The reply's text in its locale."""
    return translate(reply.key, reply.locale, **dict(reply.params))


def render_button_label(button: Button, locale: str) -> str:
    return translate(button.label_key, locale, **dict(button.label_params))


def render_numbered(reply: Reply) -> str:
    """Text with buttons as numbered choices, for channels without buttons (WeCom, console).

    The user answers with the number; `choice_for_number` maps it back to the button's data.
    """
    text = render_text(reply)
    buttons = reply.flat_buttons
    if not buttons:
        return text
    lines = [text, ""]
    lines.extend(
        f"{index}. {render_button_label(button, reply.locale)}"
        for index, button in enumerate(buttons, start=1)
    )
    return "\n".join(lines)


def choice_for_number(answer: str, offered: list[Button]) -> Button | None:
    """The button a typed number ("2", "２", " 2 ") stands for, if it is one of those offered."""
    stripped = answer.strip().translate(_FULL_WIDTH_DIGITS)
    if not stripped.isdigit():
        return None
    index = int(stripped)
    if 1 <= index <= len(offered):
        return offered[index - 1]
    return None


_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


class Engine(Protocol):
    """What a channel adapter talks to. Synchronous: the engine does database work.

    It commits the message's writes before returning; the adapter sends the replies afterwards.
    A redelivered message returns no replies.
    """

    def handle(self, message: InboundMessage) -> list[Reply]: ...


class Transcriber(Protocol):
    """Speech to text, plugged in by configuration; none is bundled (no model ships here)."""

    def transcribe(
        self, audio: bytes, *, mime_type: str | None, language_hint: str | None
    ) -> str: ...

"""Rendering engine replies for Telegram: plain text cut to the message limit, inline keyboards.

Replies are sent as plain text (no parse mode): catalog texts carry user-written parameters
(customer names, notes), and plain text needs no escaping and cannot fail to parse.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterator, Sequence

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import MessageLimit

from bot.messages import Reply, render_button_label, render_text

log = logging.getLogger(__name__)

#: Telegram counts a message's length in UTF-16 code units, after entity parsing.
MAX_MESSAGE_UNITS: int = MessageLimit.MAX_TEXT_LENGTH


def utf16_units(text: str) -> int:
    """Length as Telegram counts it: characters outside the BMP (most emoji) count twice."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def split_message(text: str, limit: int = MAX_MESSAGE_UNITS) -> list[str]:
    """Cut `text` into pieces Telegram accepts, on line boundaries where possible.

    A line longer than the limit is cut at its last space inside the limit, else hard. Blank
    pieces are dropped (Telegram refuses an empty message).
    """
    if utf16_units(text) <= limit:
        return [text] if text.strip() else []
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for line in text.splitlines(keepends=True):
        for piece in _cut_line(line, limit):
            units = utf16_units(piece)
            if current and size + units > limit:
                chunks.append("".join(current))
                current, size = [], 0
            current.append(piece)
            size += units
    if current:
        chunks.append("".join(current))
    return [chunk.rstrip("\r\n") for chunk in chunks if chunk.strip()]


def _cut_line(line: str, limit: int) -> Iterator[str]:
    """Pieces of one line, each within `limit` units."""
    while utf16_units(line) > limit:
        end = _prefix_within(line, limit)
        space = line.rfind(" ", 0, end)
        cut = space + 1 if space > 0 else end
        yield line[:cut]
        line = line[cut:]
    if line:
        yield line


def _prefix_within(text: str, limit: int) -> int:
    """The longest prefix length (in characters) whose UTF-16 length is within `limit`."""
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return index
    return len(text)


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    """The reply's button rows as an inline keyboard; labels rendered in the reply's locale."""
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    render_button_label(button, reply.locale), callback_data=button.data
                )
                for button in row
            ]
            for row in reply.buttons
            if row
        ]
    )


async def send_replies(
    bot: Bot,
    chat_id: int | str,
    replies: Sequence[Reply],
    *,
    pause: Callable[[], Awaitable[None]] | None = None,
) -> int:
    """Send each reply in order; a long one goes out in pieces with its keyboard on the last.

    Returns the number of messages sent. Flood control (429) is handled below this, by the
    bot's rate limiter (`telegram_flow.RetryAfterLimiter`); `pause` runs between two messages
    (pushes pace themselves: Telegram asks for about one message a second per chat).
    """
    sent = 0
    for reply in replies:
        pieces = split_message(render_text(reply))
        markup = keyboard(reply)
        if not pieces:
            log.warning("reply %s rendered empty; not sent", reply.key)
            continue
        for index, piece in enumerate(pieces):
            last = index == len(pieces) - 1
            if sent and pause is not None:
                await pause()
            await bot.send_message(
                chat_id=chat_id, text=piece, reply_markup=markup if last else None
            )
            sent += 1
    return sent

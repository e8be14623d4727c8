"""The WeCom callback endpoint and the reply path: verify, decrypt, acknowledge, then work.

WeCom waits at most five seconds for an answer and retries otherwise, so every valid callback
gets an empty 200 at once; the engine runs after the acknowledgement (a background task) and its
replies go out through the active message API. Redeliveries are harmless: the engine recognises
the MsgId (or sender + time for events). Callbacks older than the replay window are refused.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Query, Request, Response
from fastapi.responses import PlainTextResponse

from bot.channels.wecom.client import WeComClient
from bot.channels.wecom.crypto import WeComCrypto, WeComCryptoError
from bot.channels.wecom.xml import (
    EventMessage,
    VoiceMessage,
    WeComMessage,
    decrypt_callback,
    to_inbound_message,
)
from bot.messages import Engine, InboundMessage, Reply, Transcriber, VoiceNote, render_numbered

log = logging.getLogger(__name__)

#: Callbacks whose timestamp is further than this from our clock are refused (replays).
REPLAY_WINDOW_SECONDS = 300
#: The largest callback body we read (WeCom's are a few kilobytes).
MAX_BODY_BYTES = 64 * 1024


class WeComReplySender:
    """Sends engine replies (and digests) as text; buttons become numbered choices."""

    def __init__(self, client: WeComClient, *, duplicate_check_seconds: int | None = None):
        self.client = client
        self.duplicate_check_seconds = duplicate_check_seconds

    def send(self, external_user_id: str, replies: list[Reply]) -> None:
        for reply in replies:
            self.client.send_text(
                external_user_id,
                render_numbered(reply),
                duplicate_check_seconds=self.duplicate_check_seconds,
            )


def wecom_callback_router(
    *,
    engine: Engine,
    crypto: WeComCrypto,
    sender: WeComReplySender,
    transcriber: Transcriber | None = None,
    path: str = "/wecom/callback",
    clock: Callable[[], float] = time.time,
) -> APIRouter:
    router = APIRouter(tags=["wecom"])

    @router.get(path, response_class=PlainTextResponse, summary="WeCom URL verification")
    def verify_url(
        msg_signature: str, timestamp: str, nonce: str, echostr: str
    ) -> PlainTextResponse:
        try:
            return PlainTextResponse(crypto.verify_url(msg_signature, timestamp, nonce, echostr))
        except WeComCryptoError as error:
            return PlainTextResponse(error.code, status_code=403)

    @router.post(path, summary="WeCom message delivery (encrypted XML)")
    async def receive(
        request: Request,
        background: BackgroundTasks,
        msg_signature: Annotated[str, Query()],
        timestamp: Annotated[str, Query()],
        nonce: Annotated[str, Query()],
    ) -> Response:
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            return PlainTextResponse("too_large", status_code=413)
        if not timestamp.isdigit() or abs(clock() - int(timestamp)) > REPLAY_WINDOW_SECONDS:
            return PlainTextResponse("stale_timestamp", status_code=403)
        try:
            message = decrypt_callback(
                crypto, msg_signature=msg_signature, timestamp=timestamp, nonce=nonce, body=body
            )
        except WeComCryptoError as error:
            status = 403 if error.code == "bad_signature" else 400
            return PlainTextResponse(error.code, status_code=status)
        if _worth_handling(message):
            background.add_task(_handle, engine, sender, transcriber, message)
        return Response(status_code=200)

    return router


def _worth_handling(message: WeComMessage) -> bool:
    """Entering the app, location reports and the like need no answer."""
    if isinstance(message, EventMessage):
        return message.event.lower() == "click" and bool(message.event_key)
    return True


def _handle(
    engine: Engine,
    sender: WeComReplySender,
    transcriber: Transcriber | None,
    message: WeComMessage,
) -> None:
    """After the acknowledgement: engine, then the replies through the active API."""
    inbound = to_inbound_message(message)
    if isinstance(message, VoiceMessage) and transcriber is not None:
        inbound = _transcribed(sender.client, transcriber, message, inbound)
    try:
        replies = engine.handle(inbound)
        sender.send(inbound.user_id, replies)
    except Exception:  # a background task has nobody to raise to: log it
        log.exception("WeCom message %s from %s failed", inbound.message_id, inbound.user_id)


def _transcribed(
    client: WeComClient, transcriber: Transcriber, message: VoiceMessage, inbound: InboundMessage
) -> InboundMessage:
    audio = client.get_media(message.media_id)
    text = transcriber.transcribe(audio, mime_type="audio/amr", language_hint=None)
    voice = VoiceNote(file_id=message.media_id, mime_type="audio/amr", transcript=text)
    return InboundMessage(
        channel=inbound.channel,
        user_id=inbound.user_id,
        chat_id=inbound.chat_id,
        message_id=inbound.message_id,
        received_at=inbound.received_at,
        voice=voice,
    )

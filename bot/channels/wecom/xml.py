"""WeCom's XML: the callback envelope, the decrypted message, and the encrypted reply.

Everything untrusted is parsed with defusedxml with DTDs forbidden (WeCom never sends one), so
entity expansion ("billion laughs") and external entities are refused before any parsing work.
The parsed message becomes the channel-neutral `InboundMessage` in `to_inbound_message`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeAlias
from xml.etree.ElementTree import Element, ParseError

# No stubs ship with defusedxml (types-defusedxml is not a dependency yet); the two names used
# here are typed at their use.
from defusedxml import DefusedXmlException  # type: ignore[import-untyped, unused-ignore]
from defusedxml.ElementTree import (  # type: ignore[import-untyped, unused-ignore]
    fromstring as _defused_fromstring,
)

from bot.channels.wecom.crypto import EncryptedEnvelope, WeComCrypto, WeComCryptoError
from bot.messages import InboundMessage, VoiceNote

#: Callbacks are small (text is capped at 2048 bytes); refuse anything far larger unparsed.
MAX_XML_BYTES = 256 * 1024
VOICE_MIME_TYPES = {"amr": "audio/amr", "speex": "audio/speex", "mp3": "audio/mpeg"}


class WeComXmlError(WeComCryptoError):
    """The envelope or the decrypted message is not the XML WeCom sends."""

    code = "bad_xml"
    wecom_code = -40002


class HostileXmlError(WeComXmlError):
    """A DTD, entity declaration or external reference: refused, never expanded."""

    code = "hostile_xml"


@dataclass(frozen=True, slots=True)
class Envelope:
    """The POSTed outer XML: who it is for, and the ciphertext."""

    to_user_name: str
    encrypt: str
    agent_id: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class _Base:
    to_user_name: str  # the CorpID
    from_user_name: str  # the member's UserID
    create_time: int  # Unix seconds
    msg_type: str
    agent_id: int | None


@dataclass(frozen=True, slots=True, kw_only=True)
class TextMessage(_Base):
    msg_id: str
    content: str


@dataclass(frozen=True, slots=True, kw_only=True)
class VoiceMessage(_Base):
    """A voice note: the AMR file is fetched later with `media/get` (valid for three days).

    `recognition` is a WeChat Official Account field that WeCom does not document; if it ever
    appears it is a hint only.
    """

    msg_id: str
    media_id: str
    format: str
    recognition: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class EventMessage(_Base):
    """enter_agent, click, view, subscribe, LOCATION...: no MsgId, so dedup uses the sender
    and the time."""

    event: str
    event_key: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class OtherMessage(_Base):
    """Image, video, location, link, file...: kept so the engine can answer "not supported"."""

    msg_id: str | None = None


WeComMessage: TypeAlias = TextMessage | VoiceMessage | EventMessage | OtherMessage


def _parse_root(data: str | bytes) -> Element:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if len(raw) > MAX_XML_BYTES:
        raise WeComXmlError(f"{len(raw)} bytes is more than a WeCom callback carries")
    try:
        root: Element = _defused_fromstring(raw, forbid_dtd=True)
    except DefusedXmlException as error:
        raise HostileXmlError(type(error).__name__) from error
    except ParseError as error:
        raise WeComXmlError(f"not well-formed: {error}") from error
    if root.tag != "xml":
        raise WeComXmlError(f"root element is <{root.tag}>, not <xml>")
    return root


def _optional(root: Element, tag: str) -> str | None:
    element = root.find(tag)
    if element is None:
        return None
    return element.text or ""


def _required(root: Element, tag: str) -> str:
    value = _optional(root, tag)
    if value is None:
        raise WeComXmlError(f"<{tag}> is missing")
    return value


def _optional_int(root: Element, tag: str) -> int | None:
    value = _optional(root, tag)
    if value is None or not value.strip():
        return None
    try:
        return int(value.strip())
    except ValueError as error:
        raise WeComXmlError(f"<{tag}> is not an integer") from error


def _required_int(root: Element, tag: str) -> int:
    value = _optional_int(root, tag)
    if value is None:
        raise WeComXmlError(f"<{tag}> is missing")
    return value


def parse_envelope(body: str | bytes) -> Envelope:
    """The POST body `<xml><ToUserName/><Encrypt/><AgentID/></xml>`."""
    root = _parse_root(body)
    encrypt = _required(root, "Encrypt").strip()
    if not encrypt:
        raise WeComXmlError("<Encrypt> is empty")
    agent_id = _optional(root, "AgentID")
    return Envelope(
        to_user_name=_optional(root, "ToUserName") or "",
        encrypt=encrypt,
        agent_id=agent_id.strip() if agent_id else None,
    )


def parse_message(plaintext: str | bytes) -> WeComMessage:
    """The decrypted message XML as a typed message."""
    root = _parse_root(plaintext)
    to_user_name = _required(root, "ToUserName")
    from_user_name = _required(root, "FromUserName").strip()
    if not from_user_name:
        raise WeComXmlError("<FromUserName> is empty")
    create_time = _required_int(root, "CreateTime")
    msg_type = _required(root, "MsgType").strip()
    agent_id = _optional_int(root, "AgentID")
    match msg_type:
        case "text":
            return TextMessage(
                to_user_name=to_user_name,
                from_user_name=from_user_name,
                create_time=create_time,
                msg_type=msg_type,
                agent_id=agent_id,
                msg_id=_required(root, "MsgId").strip(),
                content=_required(root, "Content"),
            )
        case "voice":
            return VoiceMessage(
                to_user_name=to_user_name,
                from_user_name=from_user_name,
                create_time=create_time,
                msg_type=msg_type,
                agent_id=agent_id,
                msg_id=_required(root, "MsgId").strip(),
                media_id=_required(root, "MediaId").strip(),
                format=(_optional(root, "Format") or "amr").strip(),
                recognition=_optional(root, "Recognition") or None,
            )
        case "event":
            return EventMessage(
                to_user_name=to_user_name,
                from_user_name=from_user_name,
                create_time=create_time,
                msg_type=msg_type,
                agent_id=agent_id,
                event=_required(root, "Event").strip(),
                event_key=_optional(root, "EventKey"),
            )
        case _:
            msg_id = _optional(root, "MsgId")
            return OtherMessage(
                to_user_name=to_user_name,
                from_user_name=from_user_name,
                create_time=create_time,
                msg_type=msg_type,
                agent_id=agent_id,
                msg_id=msg_id.strip() if msg_id else None,
            )


def decrypt_callback(
    crypto: WeComCrypto, *, msg_signature: str, timestamp: str, nonce: str, body: str | bytes
) -> WeComMessage:
    """A POSTed callback end to end: envelope, signature, decryption, message."""
    envelope = parse_envelope(body)
    return parse_message(crypto.decrypt_message(msg_signature, timestamp, nonce, envelope.encrypt))


def message_id(message: WeComMessage) -> str:
    """The redelivery key: MsgId, or sender:time:event for events (which carry no MsgId)."""
    if isinstance(message, EventMessage):
        return f"{message.from_user_name}:{message.create_time}:{message.event}"
    if message.msg_id:
        return message.msg_id
    return f"{message.from_user_name}:{message.create_time}:{message.msg_type}"


def to_inbound_message(message: WeComMessage) -> InboundMessage:
    """The neutral message for the engine. An app chat is one-to-one, so chat = user.

    A menu `click` event's EventKey arrives as `button_data`; other events and unsupported
    message types arrive with neither text nor voice.
    """
    text: str | None = None
    voice: VoiceNote | None = None
    button_data: str | None = None
    match message:
        case TextMessage(content=content):
            text = content
        case VoiceMessage(media_id=media_id, format=fmt):
            mime_type = VOICE_MIME_TYPES.get(fmt.lower(), "audio/amr")
            voice = VoiceNote(file_id=media_id, mime_type=mime_type)
        case EventMessage(event=event, event_key=key) if event.lower() == "click" and key:
            button_data = key
        case _:
            pass
    return InboundMessage(
        channel="wecom",
        user_id=message.from_user_name,
        chat_id=message.from_user_name,
        message_id=message_id(message),
        received_at=datetime.fromtimestamp(message.create_time, tz=UTC),
        text=text,
        button_data=button_data,
        voice=voice,
    )


def _cdata(value: str) -> str:
    """CDATA that survives a "]]>" inside the value (split across two sections)."""
    return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def build_text_reply(*, to_user: str, corp_id: str, content: str, create_time: int) -> str:
    """The plaintext of a passive text reply (WeCom cuts Content after 2048 bytes)."""
    return (
        "<xml>"
        f"<ToUserName>{_cdata(to_user)}</ToUserName>"
        f"<FromUserName>{_cdata(corp_id)}</FromUserName>"
        f"<CreateTime>{int(create_time)}</CreateTime>"
        "<MsgType><![CDATA[text]]></MsgType>"
        f"<Content>{_cdata(content)}</Content>"
        "</xml>"
    )


def build_encrypted_reply(envelope: EncryptedEnvelope) -> str:
    """The XML answered to a callback that carries a passive reply."""
    if not envelope.timestamp.isdigit():
        raise ValueError("the timestamp must be decimal digits")
    return (
        "<xml>\n"
        f"<Encrypt>{_cdata(envelope.encrypt)}</Encrypt>\n"
        f"<MsgSignature>{_cdata(envelope.msg_signature)}</MsgSignature>\n"
        f"<TimeStamp>{envelope.timestamp}</TimeStamp>\n"
        f"<Nonce>{_cdata(envelope.nonce)}</Nonce>\n"
        "</xml>"
    )


def encrypt_reply(crypto: WeComCrypto, plaintext: str, *, timestamp: str, nonce: str) -> str:
    """Encrypt, sign and wrap a passive reply in one step."""
    return build_encrypted_reply(
        crypto.encrypt_message(plaintext, timestamp=timestamp, nonce=nonce)
    )

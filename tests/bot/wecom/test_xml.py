"""Parsing WeCom's XML (messages, events, envelopes), refusing hostile XML, building replies."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from defusedxml.ElementTree import (  # type: ignore[import-untyped, unused-ignore]
    fromstring as safe_fromstring,
)
from hypothesis import given
from hypothesis import strategies as st

from bot.channels.wecom.crypto import InvalidSignatureError, WeComCrypto
from bot.channels.wecom.xml import (
    MAX_XML_BYTES,
    EventMessage,
    HostileXmlError,
    OtherMessage,
    TextMessage,
    VoiceMessage,
    WeComXmlError,
    build_text_reply,
    decrypt_callback,
    encrypt_reply,
    parse_envelope,
    parse_message,
    to_inbound_message,
)
from bot.messages import VoiceNote

CORP_ID = "ww1436e0e65a779aee"
CRYPTO = WeComCrypto(
    token="hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo",
    encoding_aes_key="6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt",
    receive_id=CORP_ID,
)

TEXT = """<xml><ToUserName><![CDATA[ww1436e0e65a779aee]]></ToUserName>
<FromUserName><![CDATA[zhangsan]]></FromUserName>
<CreateTime>1764300000</CreateTime>
<MsgType><![CDATA[text]]></MsgType>
<Content><![CDATA[下午去蓝湾医疗见了周主任 <b>&amp;</b>]]></Content>
<MsgId>4561255354251345929</MsgId>
<AgentID>1000002</AgentID>
</xml>"""

# Plain (not CDATA) text, as in one official sample.
TEXT_PLAIN = (
    "<xml><ToUserName>ww1436e0e65a779aee</ToUserName><FromUserName>mycreate</FromUserName>"
    "<CreateTime>1409659813</CreateTime><MsgType>text</MsgType><Content>你好</Content>"
    "<MsgId>1456453720</MsgId><AgentID>1000002</AgentID></xml>"
)

VOICE = """<xml><ToUserName><![CDATA[ww1436e0e65a779aee]]></ToUserName>
<FromUserName><![CDATA[lisi]]></FromUserName>
<CreateTime>1764300060</CreateTime>
<MsgType><![CDATA[voice]]></MsgType>
<MediaId><![CDATA[1G6nrLmr5EC3MMb_-zK1dDdzmd0p7cNliYu9V5w7o8K0]]></MediaId>
<Format><![CDATA[amr]]></Format>
<MsgId>1234567890123456</MsgId>
<AgentID>1000002</AgentID>
</xml>"""

ENTER_AGENT = """<xml><ToUserName><![CDATA[ww1436e0e65a779aee]]></ToUserName>
<FromUserName><![CDATA[wangwu]]></FromUserName>
<CreateTime>1764300120</CreateTime>
<MsgType><![CDATA[event]]></MsgType>
<Event><![CDATA[enter_agent]]></Event>
<EventKey><![CDATA[]]></EventKey>
<AgentID>1000002</AgentID>
</xml>"""

CLICK = """<xml><ToUserName><![CDATA[ww1436e0e65a779aee]]></ToUserName>
<FromUserName><![CDATA[wangwu]]></FromUserName>
<CreateTime>1764300180</CreateTime>
<MsgType><![CDATA[event]]></MsgType>
<Event><![CDATA[click]]></Event>
<EventKey><![CDATA[agenda:today]]></EventKey>
<AgentID>1000002</AgentID>
</xml>"""

IMAGE = """<xml><ToUserName><![CDATA[ww1436e0e65a779aee]]></ToUserName>
<FromUserName><![CDATA[zhangsan]]></FromUserName>
<CreateTime>1764300240</CreateTime>
<MsgType><![CDATA[image]]></MsgType>
<PicUrl><![CDATA[https://example.com/p.jpg]]></PicUrl>
<MediaId><![CDATA[media-2]]></MediaId>
<MsgId>99</MsgId>
<AgentID>1000002</AgentID>
</xml>"""


# --- messages -------------------------------------------------------------------------------


def test_a_text_message() -> None:
    message = parse_message(TEXT)
    assert message == TextMessage(
        to_user_name=CORP_ID,
        from_user_name="zhangsan",
        create_time=1764300000,
        msg_type="text",
        agent_id=1000002,
        msg_id="4561255354251345929",
        content="下午去蓝湾医疗见了周主任 <b>&amp;</b>",  # CDATA is taken literally
    )
    inbound = to_inbound_message(message)
    assert inbound.channel == "wecom"
    assert inbound.user_id == inbound.chat_id == "zhangsan"
    assert inbound.message_id == "4561255354251345929"
    assert inbound.text == "下午去蓝湾医疗见了周主任 <b>&amp;</b>"
    assert inbound.voice is None
    assert inbound.button_data is None
    assert inbound.received_at == datetime(2025, 11, 28, 3, 20, tzinfo=UTC)


def test_a_text_message_without_cdata() -> None:
    message = parse_message(TEXT_PLAIN.encode("utf-8"))
    assert isinstance(message, TextMessage)
    assert message.content == "你好"
    assert message.from_user_name == "mycreate"


def test_a_voice_message() -> None:
    message = parse_message(VOICE)
    assert isinstance(message, VoiceMessage)
    assert message.media_id == "1G6nrLmr5EC3MMb_-zK1dDdzmd0p7cNliYu9V5w7o8K0"
    assert message.format == "amr"
    assert message.recognition is None
    inbound = to_inbound_message(message)
    assert inbound.message_id == "1234567890123456"
    assert inbound.text is None
    assert inbound.voice == VoiceNote(
        file_id="1G6nrLmr5EC3MMb_-zK1dDdzmd0p7cNliYu9V5w7o8K0", mime_type="audio/amr"
    )


def test_an_enter_agent_event() -> None:
    message = parse_message(ENTER_AGENT)
    assert message == EventMessage(
        to_user_name=CORP_ID,
        from_user_name="wangwu",
        create_time=1764300120,
        msg_type="event",
        agent_id=1000002,
        event="enter_agent",
        event_key="",
    )
    inbound = to_inbound_message(message)
    assert inbound.message_id == "wangwu:1764300120:enter_agent"
    assert inbound.text is None
    assert inbound.button_data is None


def test_a_menu_click_arrives_as_button_data() -> None:
    inbound = to_inbound_message(parse_message(CLICK))
    assert inbound.message_id == "wangwu:1764300180:click"
    assert inbound.button_data == "agenda:today"


def test_an_unsupported_type_is_kept_with_its_msg_id() -> None:
    message = parse_message(IMAGE)
    assert isinstance(message, OtherMessage)
    assert message.msg_type == "image"
    inbound = to_inbound_message(message)
    assert inbound.message_id == "99"
    assert (inbound.text, inbound.voice, inbound.button_data) == (None, None, None)


@pytest.mark.parametrize(
    ("xml", "problem"),
    [
        ("<xml><FromUserName>a</FromUserName></xml>", "ToUserName"),
        (TEXT.replace("<MsgId>4561255354251345929</MsgId>", ""), "MsgId"),
        (TEXT.replace("1764300000", "yesterday"), "CreateTime"),
        (TEXT.replace("<![CDATA[zhangsan]]>", ""), "FromUserName"),
        (VOICE.replace("<MediaId>", "<Other>").replace("</MediaId>", "</Other>"), "MediaId"),
        ("<message><MsgType>text</MsgType></message>", "root"),
        ("<xml><ToUserName>unclosed</xml>", "well-formed"),
        ("", "well-formed"),
        ("\x00\xff binary junk", "well-formed"),
    ],
)
def test_malformed_messages_are_refused(xml: str, problem: str) -> None:
    with pytest.raises(WeComXmlError, match=problem) as caught:
        parse_message(xml)
    assert caught.value.code == "bad_xml"


def test_an_oversized_document_is_refused_unparsed() -> None:
    with pytest.raises(WeComXmlError, match="bytes"):
        parse_message("<xml>" + " " * MAX_XML_BYTES + "</xml>")


# --- hostile XML ----------------------------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE xml [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime>
<MsgType>text</MsgType><Content>&lol3;</Content><MsgId>1</MsgId></xml>"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE xml [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<xml><Encrypt>&secret;</Encrypt></xml>"""

PARAMETER_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE xml [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>
<xml><Encrypt>x</Encrypt></xml>"""

BARE_DOCTYPE = """<?xml version="1.0"?><!DOCTYPE xml><xml><Encrypt>x</Encrypt></xml>"""


@pytest.mark.parametrize("xml", [BILLION_LAUGHS, EXTERNAL_ENTITY, PARAMETER_ENTITY, BARE_DOCTYPE])
def test_hostile_xml_is_refused(xml: str) -> None:
    with pytest.raises(HostileXmlError) as caught:
        parse_message(xml)
    assert caught.value.code == "hostile_xml"
    with pytest.raises(HostileXmlError):
        parse_envelope(xml)


# --- envelopes, end to end, replies ---------------------------------------------------------


def test_the_post_envelope() -> None:
    envelope = parse_envelope(
        "<xml><ToUserName><![CDATA[ww1436e0e65a779aee]]></ToUserName>"
        "<Encrypt><![CDATA[ QUJD ]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>"
    )
    assert (envelope.to_user_name, envelope.encrypt, envelope.agent_id) == (CORP_ID, "QUJD", "218")


@pytest.mark.parametrize(
    "xml", ["<xml><ToUserName>a</ToUserName></xml>", "<xml><Encrypt><![CDATA[]]></Encrypt></xml>"]
)
def test_an_envelope_without_ciphertext_is_refused(xml: str) -> None:
    with pytest.raises(WeComXmlError, match="Encrypt"):
        parse_envelope(xml)


def _post_body(encrypt: str) -> str:
    return (
        f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName>"
        f"<Encrypt><![CDATA[{encrypt}]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>"
    )


def test_a_callback_end_to_end() -> None:
    envelope = CRYPTO.encrypt_message(VOICE, timestamp="1764300060", nonce="42")
    message = decrypt_callback(
        CRYPTO,
        msg_signature=envelope.msg_signature,
        timestamp="1764300060",
        nonce="42",
        body=_post_body(envelope.encrypt).encode(),
    )
    assert isinstance(message, VoiceMessage)
    assert message.from_user_name == "lisi"


def test_a_callback_with_a_bad_signature_is_refused_before_decryption() -> None:
    envelope = CRYPTO.encrypt_message(TEXT, timestamp="1764300060", nonce="42")
    with pytest.raises(InvalidSignatureError):
        decrypt_callback(
            CRYPTO,
            msg_signature="0" * 40,
            timestamp="1764300060",
            nonce="42",
            body=_post_body(envelope.encrypt),
        )


def test_hostile_xml_inside_a_valid_envelope_is_refused() -> None:
    envelope = CRYPTO.encrypt_message(BILLION_LAUGHS, timestamp="1", nonce="n")
    with pytest.raises(HostileXmlError):
        decrypt_callback(
            CRYPTO,
            msg_signature=envelope.msg_signature,
            timestamp="1",
            nonce="n",
            body=_post_body(envelope.encrypt),
        )


@given(content=st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"])))
def test_a_text_reply_keeps_any_content(content: str) -> None:
    xml = build_text_reply(to_user="zhangsan", corp_id=CORP_ID, content=content, create_time=7)
    root = safe_fromstring(xml)
    assert root.findtext("Content") == content
    assert root.findtext("ToUserName") == "zhangsan"


def test_content_with_a_cdata_terminator_survives() -> None:
    xml = build_text_reply(to_user="a", corp_id=CORP_ID, content="x]]>y<z>", create_time=7)
    assert safe_fromstring(xml).findtext("Content") == "x]]>y<z>"


def test_an_encrypted_reply_opens_with_the_same_keys() -> None:
    plaintext = build_text_reply(to_user="zhangsan", corp_id=CORP_ID, content="好的", create_time=7)
    reply = encrypt_reply(CRYPTO, plaintext, timestamp="1764300000", nonce="abc")
    root = safe_fromstring(reply)
    assert root.findtext("TimeStamp") == "1764300000"
    assert root.findtext("Nonce") == "abc"
    signature = root.findtext("MsgSignature")
    assert signature is not None
    opened = CRYPTO.decrypt_message(signature, "1764300000", "abc", parse_envelope(reply).encrypt)
    assert opened == plaintext


def test_an_encrypted_reply_needs_a_numeric_timestamp() -> None:
    with pytest.raises(ValueError, match="timestamp"):
        encrypt_reply(CRYPTO, "<xml/>", timestamp="<x>", nonce="abc")

"""The callback envelope against every published vector, round trips, and tampering."""

from __future__ import annotations

import base64
import json
import os
import struct
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.channels.wecom.crypto import (
    InvalidAESKeyError,
    InvalidBase64Error,
    InvalidCiphertextError,
    InvalidLayoutError,
    InvalidPaddingError,
    InvalidSignatureError,
    ReceiveIdMismatchError,
    WeComCrypto,
    WeComCryptoError,
    aes_key_from_encoding_key,
    pkcs7_pad,
    pkcs7_unpad,
    signature,
)
from bot.channels.wecom.xml import build_encrypted_reply, parse_envelope

#: ../shared/reference beside the repository (tests/bot/wecom -> repo -> its parent).
VECTORS_PATH = Path(__file__).resolve().parents[4] / "shared" / "reference" / "wecom_vectors.json"
EXPECTED_VECTOR_COUNT = 11

TOKEN = "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo"
AES_KEY = "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt"
CORP_ID = "ww1436e0e65a779aee"
TIMESTAMP = "1409659813"
NONCE = "1372623149"


def require_reference(path: Path) -> None:
    """In CI a missing reference file fails the run; on a laptop without it the test skips."""
    if path.exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"the WeCom crypto vectors are missing in CI: {path}")
    pytest.skip(f"no WeCom crypto vectors at {path}")


def _load_vectors() -> list[Any]:
    if not VECTORS_PATH.exists():
        return [pytest.param(None, id="vectors-missing")]
    document = json.loads(VECTORS_PATH.read_text(encoding="utf-8"))
    return [pytest.param(vector, id=vector["id"]) for vector in document["vectors"]]


def crypto_for(config: dict[str, str]) -> WeComCrypto:
    return WeComCrypto(
        token=config["token"],
        encoding_aes_key=config["encoding_aes_key"],
        receive_id=config["receive_id"],
    )


@pytest.fixture
def crypto() -> WeComCrypto:
    return WeComCrypto(token=TOKEN, encoding_aes_key=AES_KEY, receive_id=CORP_ID)


# --- the published vectors ------------------------------------------------------------------


def test_all_vectors_are_there() -> None:
    require_reference(VECTORS_PATH)
    vectors = json.loads(VECTORS_PATH.read_text(encoding="utf-8"))["vectors"]
    assert len(vectors) == EXPECTED_VECTOR_COUNT
    assert any(v.get("expected", {}).get("signature_valid") is False for v in vectors)


@pytest.mark.parametrize("vector", _load_vectors())
def test_vector(vector: dict[str, Any] | None) -> None:
    if vector is None:
        require_reference(VECTORS_PATH)
        return
    crypto = crypto_for(vector["config"])
    expected = vector["expected"]
    kind: str = vector["kind"]
    request = vector.get("request", {})

    if "derived" in vector:
        key = aes_key_from_encoding_key(vector["config"]["encoding_aes_key"])
        assert key.hex() == vector["derived"]["aes_key_hex"]

    if kind.startswith("encrypt_msg"):
        given_input = vector["input"]
        envelope = crypto.encrypt_message(
            given_input["reply_plaintext"],
            timestamp=given_input["timestamp"],
            nonce=given_input["nonce"],
            random16=given_input["random16"].encode("ascii"),
        )
        assert envelope.encrypt == expected["encrypt"]
        assert envelope.msg_signature == expected["msg_signature"]
        assert build_encrypted_reply(envelope) == expected["reply_xml"]
        return

    if "echostr" in request:
        encrypt = request["echostr"]
    elif "echostr_url_encoded" in request:
        encrypt = unquote(request["echostr_url_encoded"])
    elif kind.endswith("XML body)"):
        encrypt = parse_envelope(request["post_body"]).encrypt
    else:  # a JSON body: only the crypto is under test, not the JSON callback format
        body = json.loads(request["post_body"])
        encrypt = body.get("Encrypt") or body["encrypt"]
    assert encrypt == vector["encrypt"]
    arguments = (request["msg_signature"], request["timestamp"], request["nonce"], encrypt)

    if not expected["signature_valid"]:
        with pytest.raises(InvalidSignatureError) as caught:
            crypto.verify_url(*arguments)
        assert caught.value.code == "bad_signature"
        assert caught.value.wecom_code == -40001
        return

    if kind.startswith("verify_url"):
        plaintext = crypto.verify_url(*arguments)
    else:
        plaintext = crypto.decrypt_message(*arguments)
    assert plaintext == expected["plaintext"]
    assert crypto.receive_id == expected["receive_id_in_plaintext"]
    # our encryption reproduces the ciphertext byte for byte with the sender's random prefix
    random16 = bytes.fromhex(vector["derived"]["random16_hex"])
    assert crypto.encrypt(plaintext, random16=random16) == vector["encrypt"]


# --- round trips ----------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(
    message=st.text(),
    receive_id=st.text(max_size=40),
    random16=st.binary(min_size=16, max_size=16),
    nonce=st.text(alphabet="0123456789abcdef", min_size=1, max_size=12),
)
def test_encrypt_then_decrypt_is_the_identity(
    message: str, receive_id: str, random16: bytes, nonce: str
) -> None:
    crypto = WeComCrypto(token=TOKEN, encoding_aes_key=AES_KEY, receive_id=receive_id)
    envelope = crypto.encrypt_message(message, timestamp=TIMESTAMP, nonce=nonce, random16=random16)
    assert len(base64.b64decode(envelope.encrypt)) % 32 == 0  # WeCom pads to 32-byte blocks
    assert crypto.decrypt_message(envelope.msg_signature, TIMESTAMP, nonce, envelope.encrypt) == (
        message
    )


def test_the_random_prefix_is_fresh_each_time(crypto: WeComCrypto) -> None:
    assert crypto.encrypt("same") != crypto.encrypt("same")


@given(data=st.binary(max_size=200))
def test_pkcs7_pads_to_32_and_back(data: bytes) -> None:
    padded = pkcs7_pad(data)
    assert len(padded) % 32 == 0
    assert 1 <= padded[-1] <= 32
    assert pkcs7_unpad(padded) == data


# --- tampering ------------------------------------------------------------------------------


def _signed(crypto: WeComCrypto, encrypt: str) -> tuple[str, str, str, str]:
    return crypto.sign(TIMESTAMP, NONCE, encrypt), TIMESTAMP, NONCE, encrypt


@settings(max_examples=100, deadline=None)
@given(position=st.integers(min_value=0), replacement=st.sampled_from("AQgw+/09"))
def test_any_change_to_the_ciphertext_breaks_the_signature(position: int, replacement: str) -> None:
    crypto = WeComCrypto(token=TOKEN, encoding_aes_key=AES_KEY, receive_id=CORP_ID)
    encrypt = crypto.encrypt("<xml>hello</xml>", random16=b"0123456789abcdef")
    position %= len(encrypt)
    tampered = encrypt[:position] + replacement + encrypt[position + 1 :]
    signed = crypto.sign(TIMESTAMP, NONCE, encrypt)
    if tampered == encrypt:
        assert crypto.decrypt_message(signed, TIMESTAMP, NONCE, tampered) == "<xml>hello</xml>"
        return
    with pytest.raises(InvalidSignatureError):
        crypto.decrypt_message(signed, TIMESTAMP, NONCE, tampered)


@pytest.mark.parametrize("field", ["timestamp", "nonce"])
def test_a_changed_timestamp_or_nonce_breaks_the_signature(crypto: WeComCrypto, field: str) -> None:
    encrypt = crypto.encrypt("hello")
    signed = crypto.sign(TIMESTAMP, NONCE, encrypt)
    timestamp = "1409659814" if field == "timestamp" else TIMESTAMP
    nonce = "1372623148" if field == "nonce" else NONCE
    with pytest.raises(InvalidSignatureError):
        crypto.decrypt_message(signed, timestamp, nonce, encrypt)


@given(given_signature=st.text())
def test_a_garbage_signature_is_refused_not_crashed_on(given_signature: str) -> None:
    crypto = WeComCrypto(token=TOKEN, encoding_aes_key=AES_KEY, receive_id=CORP_ID)
    encrypt = crypto.encrypt("hello", random16=bytes(16))
    if given_signature.strip().lower() == crypto.sign(TIMESTAMP, NONCE, encrypt):
        return
    with pytest.raises(InvalidSignatureError):
        crypto.decrypt_message(given_signature, TIMESTAMP, NONCE, encrypt)


def test_the_signature_is_case_insensitive_hex(crypto: WeComCrypto) -> None:
    encrypt = crypto.encrypt("hello")
    signed = crypto.sign(TIMESTAMP, NONCE, encrypt).upper()
    assert crypto.decrypt_message(signed, TIMESTAMP, NONCE, encrypt) == "hello"


def test_the_signature_sorts_its_four_inputs() -> None:
    assert signature("b", "d", "a", "c") == signature("a", "b", "c", "d")


@pytest.mark.parametrize("cut", [16, 32, 48])
def test_a_truncated_ciphertext_is_refused(crypto: WeComCrypto, cut: int) -> None:
    raw = base64.b64decode(crypto.encrypt("<xml>" + "x" * 100 + "</xml>"))
    truncated = base64.b64encode(raw[:-cut]).decode()
    with pytest.raises(WeComCryptoError):
        crypto.decrypt_message(*_signed(crypto, truncated))


@pytest.mark.parametrize("keep", [0, 5, 31])
def test_a_ciphertext_that_is_not_whole_blocks_is_refused(crypto: WeComCrypto, keep: int) -> None:
    raw = base64.b64decode(crypto.encrypt("hello"))
    with pytest.raises(InvalidCiphertextError) as caught:
        crypto.decrypt_message(*_signed(crypto, base64.b64encode(raw[:keep]).decode()))
    assert caught.value.code == "bad_ciphertext"


def test_a_message_for_another_corp_is_refused(crypto: WeComCrypto) -> None:
    other = WeComCrypto(token=TOKEN, encoding_aes_key=AES_KEY, receive_id="wwsomeoneelse")
    envelope = other.encrypt_message("<xml/>", timestamp=TIMESTAMP, nonce=NONCE)
    with pytest.raises(ReceiveIdMismatchError) as caught:
        crypto.decrypt_message(envelope.msg_signature, TIMESTAMP, NONCE, envelope.encrypt)
    assert caught.value.wecom_code == -40005


def test_an_empty_receive_id_is_not_a_wildcard(crypto: WeComCrypto) -> None:
    robot = WeComCrypto(token=TOKEN, encoding_aes_key=AES_KEY, receive_id="")
    with pytest.raises(ReceiveIdMismatchError):
        robot.decrypt(crypto.encrypt("hello"))
    with pytest.raises(ReceiveIdMismatchError):
        crypto.decrypt(robot.encrypt("hello"))


@pytest.mark.parametrize("encrypt", ["not base64!", "QUJ", "QUJDRA==\x00", "é" * 8])
def test_bad_base64_is_refused(crypto: WeComCrypto, encrypt: str) -> None:
    with pytest.raises(InvalidBase64Error):
        crypto.decrypt_message(*_signed(crypto, encrypt))


def _raw_encrypt(plain: bytes, *, pad: bool = True) -> str:
    """Encrypt arbitrary plaintext with the test key, to reach the checks after decryption."""
    key = aes_key_from_encoding_key(AES_KEY)
    encryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).encryptor()
    body = pkcs7_pad(plain) if pad else plain
    return base64.b64encode(encryptor.update(body) + encryptor.finalize()).decode()


@pytest.mark.parametrize(
    "plain",
    [
        b"\x00" * 32,  # pad byte 0
        b"\x21" * 64,  # pad byte 33 > 32
        b"A" * 29 + b"\x01\x02\x03",  # pad byte 3, but the bytes before it differ
    ],
)
def test_bad_padding_is_refused(crypto: WeComCrypto, plain: bytes) -> None:
    with pytest.raises(InvalidPaddingError):
        crypto.decrypt_message(*_signed(crypto, _raw_encrypt(plain, pad=False)))


@pytest.mark.parametrize(
    "plain",
    [
        b"0123456789abcdef" + b"\x00\x00",  # shorter than the header
        b"0123456789abcdef" + struct.pack(">I", 1000) + b"hello" + CORP_ID.encode(),  # overrun
        b"0123456789abcdef" + struct.pack(">I", 2) + b"\xff\xfe" + CORP_ID.encode(),  # not UTF-8
    ],
)
def test_a_bad_layout_is_refused(crypto: WeComCrypto, plain: bytes) -> None:
    with pytest.raises(InvalidLayoutError):
        crypto.decrypt_message(*_signed(crypto, _raw_encrypt(plain)))


@pytest.mark.parametrize("key", ["", "x" * 42, "x" * 44, "!" * 43, "é" + "x" * 42])
def test_a_bad_encoding_aes_key_is_refused(key: str) -> None:
    with pytest.raises(InvalidAESKeyError):
        WeComCrypto(token=TOKEN, encoding_aes_key=key, receive_id=CORP_ID)


def test_the_random_prefix_must_be_16_bytes(crypto: WeComCrypto) -> None:
    with pytest.raises(ValueError, match="16 bytes"):
        crypto.encrypt("hello", random16=b"short")


def test_repr_hides_the_secrets(crypto: WeComCrypto) -> None:
    assert TOKEN not in repr(crypto)
    assert AES_KEY not in repr(crypto)

"""The WeCom callback envelope: SHA1 signature and AES-256-CBC, written from the protocol notes.

WeCom signs every callback with `sha1(sorted(token, timestamp, nonce, encrypt))` and encrypts
`random(16) || len(msg) (4 bytes, network order) || msg || receive_id` with the key from the
43-character EncodingAESKey, IV = the key's first 16 bytes, PKCS#7-padded to 32-byte blocks.
The signature is always checked before anything is decrypted, so an attacker without the token
never reaches the padding check (no padding oracle). Errors are typed, with a stable `code` for
logs and metrics and WeCom's own `wecom_code` (−400xx) where the official library defines one.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import struct
from dataclasses import dataclass

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

#: WeCom pads to 32 bytes (not AES's 16): pad values run 1..32.
PAD_BLOCK = 32
RANDOM_PREFIX_BYTES = 16
_LENGTH = struct.Struct(">I")
_HEADER_BYTES = RANDOM_PREFIX_BYTES + _LENGTH.size
ENCODING_AES_KEY_LENGTH = 43


class WeComCryptoError(Exception):
    """Anything wrong with a callback's signature or envelope. The endpoint answers 4xx."""

    code = "crypto_error"
    wecom_code = -40000

    def __init__(self, detail: str) -> None:
        super().__init__(f"{self.code}: {detail}")
        self.detail = detail


class InvalidSignatureError(WeComCryptoError):
    code = "bad_signature"
    wecom_code = -40001


class InvalidAESKeyError(WeComCryptoError):
    code = "bad_aes_key"
    wecom_code = -40004


class ReceiveIdMismatchError(WeComCryptoError):
    """The message was encrypted for another corp (or app): never accept it."""

    code = "wrong_receive_id"
    wecom_code = -40005


class InvalidCiphertextError(WeComCryptoError):
    """Empty, or not a whole number of AES blocks (a truncated message, typically)."""

    code = "bad_ciphertext"
    wecom_code = -40007


class InvalidPaddingError(WeComCryptoError):
    code = "bad_padding"
    wecom_code = -40007


class InvalidLayoutError(WeComCryptoError):
    """The plaintext is too short, its length field overruns it, or it is not UTF-8."""

    code = "bad_layout"
    wecom_code = -40008


class InvalidBase64Error(WeComCryptoError):
    code = "bad_base64"
    wecom_code = -40010


@dataclass(frozen=True, slots=True)
class EncryptedEnvelope:
    """What a passive reply carries: the ciphertext and its signature inputs."""

    encrypt: str
    msg_signature: str
    timestamp: str
    nonce: str


def signature(token: str, timestamp: str, nonce: str, encrypt: str) -> str:
    """WeCom's msg_signature: SHA1 hex of the four strings sorted and concatenated."""
    joined = "".join(sorted((token, timestamp, nonce, encrypt)))
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()  # noqa: S324 - WeCom's protocol


def aes_key_from_encoding_key(encoding_aes_key: str) -> bytes:
    """The 32-byte AES key: EncodingAESKey is unpadded base64 of 43 characters."""
    if len(encoding_aes_key) != ENCODING_AES_KEY_LENGTH:
        raise InvalidAESKeyError(f"EncodingAESKey must be {ENCODING_AES_KEY_LENGTH} characters")
    try:
        key = base64.b64decode(encoding_aes_key + "=", validate=True)
    except (binascii.Error, ValueError) as error:
        raise InvalidAESKeyError("EncodingAESKey is not base64") from error
    if len(key) != 32:  # pragma: no cover - 43 valid base64 chars always give 32 bytes
        raise InvalidAESKeyError("EncodingAESKey does not give a 32-byte key")
    return key


def pkcs7_pad(data: bytes, block: int = PAD_BLOCK) -> bytes:
    amount = block - len(data) % block
    return data + bytes([amount]) * amount


def pkcs7_unpad(data: bytes, block: int = PAD_BLOCK) -> bytes:
    """Strip WeCom's padding, refusing anything that is not 1..block copies of its length."""
    if not data:
        raise InvalidPaddingError("nothing to unpad")
    amount = data[-1]
    if not 1 <= amount <= min(block, len(data)):
        raise InvalidPaddingError(f"pad byte {amount} out of range")
    if data[-amount:] != bytes([amount]) * amount:
        raise InvalidPaddingError("pad bytes differ")
    return data[:-amount]


class WeComCrypto:
    """One callback configuration: the token, the AES key, and the receive id it must carry.

    For a self-built app the receive id is the CorpID; for WeCom's intelligent robots it is "".
    """

    __slots__ = ("_key", "receive_id", "token")

    def __init__(self, *, token: str, encoding_aes_key: str, receive_id: str) -> None:
        self.token = token
        self.receive_id = receive_id
        self._key = aes_key_from_encoding_key(encoding_aes_key)

    def __repr__(self) -> str:  # never show the token or the key
        return f"WeComCrypto(receive_id={self.receive_id!r})"

    def sign(self, timestamp: str, nonce: str, encrypt: str) -> str:
        return signature(self.token, timestamp, nonce, encrypt)

    def check_signature(self, msg_signature: str, timestamp: str, nonce: str, encrypt: str) -> None:
        """Raise unless `msg_signature` matches, comparing in constant time."""
        expected = self.sign(timestamp, nonce, encrypt).encode("ascii")
        given = msg_signature.strip().lower().encode("utf-8", "replace")
        if not hmac.compare_digest(expected, given):
            raise InvalidSignatureError("msg_signature does not match")

    def verify_url(self, msg_signature: str, timestamp: str, nonce: str, echostr: str) -> str:
        """The GET check when the callback URL is saved: answer with the returned plaintext.

        Parameters are the URL-decoded query values; the body of the answer must be exactly the
        returned string (no quotes, BOM or newline).
        """
        return self.decrypt_message(msg_signature, timestamp, nonce, echostr)

    def decrypt_message(self, msg_signature: str, timestamp: str, nonce: str, encrypt: str) -> str:
        """Check the signature over `encrypt` (the envelope's Encrypt), then decrypt it."""
        self.check_signature(msg_signature, timestamp, nonce, encrypt)
        return self.decrypt(encrypt)

    def decrypt(self, encrypt: str) -> str:
        """Decrypt without a signature check. Only for text whose signature was checked."""
        try:
            ciphertext = base64.b64decode(encrypt, validate=True)
        except (binascii.Error, ValueError) as error:
            raise InvalidBase64Error("the encrypted text is not base64") from error
        if not ciphertext or len(ciphertext) % 16:
            raise InvalidCiphertextError(f"{len(ciphertext)} bytes is not a whole AES block count")
        decryptor = Cipher(algorithms.AES(self._key), modes.CBC(self._key[:16])).decryptor()
        plain = pkcs7_unpad(decryptor.update(ciphertext) + decryptor.finalize())
        if len(plain) < _HEADER_BYTES:
            raise InvalidLayoutError("shorter than the random prefix and length")
        (length,) = _LENGTH.unpack_from(plain, RANDOM_PREFIX_BYTES)
        end = _HEADER_BYTES + length
        if end > len(plain):
            raise InvalidLayoutError("the length field overruns the plaintext")
        receive_id = plain[end:]
        if not hmac.compare_digest(receive_id, self.receive_id.encode("utf-8")):
            raise ReceiveIdMismatchError("the message is for another receive id")
        try:
            return plain[_HEADER_BYTES:end].decode("utf-8")
        except UnicodeDecodeError as error:
            raise InvalidLayoutError("the message is not UTF-8") from error

    def encrypt(self, message: str, *, random16: bytes | None = None) -> str:
        """Base64 ciphertext of `message` for this receive id (random prefix unless given)."""
        prefix = os.urandom(RANDOM_PREFIX_BYTES) if random16 is None else random16
        if len(prefix) != RANDOM_PREFIX_BYTES:
            raise ValueError(f"the random prefix must be {RANDOM_PREFIX_BYTES} bytes")
        body = message.encode("utf-8")
        plain = prefix + _LENGTH.pack(len(body)) + body + self.receive_id.encode("utf-8")
        encryptor = Cipher(algorithms.AES(self._key), modes.CBC(self._key[:16])).encryptor()
        ciphertext = encryptor.update(pkcs7_pad(plain)) + encryptor.finalize()
        return base64.b64encode(ciphertext).decode("ascii")

    def encrypt_message(
        self, message: str, *, timestamp: str, nonce: str, random16: bytes | None = None
    ) -> EncryptedEnvelope:
        """Encrypt and sign a passive reply (or a test callback)."""
        encrypt = self.encrypt(message, random16=random16)
        return EncryptedEnvelope(
            encrypt=encrypt,
            msg_signature=self.sign(timestamp, nonce, encrypt),
            timestamp=timestamp,
            nonce=nonce,
        )

"""The WeCom active message API: access tokens, message/send, media/get.

Why it is built this way (details in ../shared/reference/channels.md §5.5):
- gettoken is throttled by WeCom, so a token is cached per (API base, corp, app) and shared by
  every client in the process; when WeCom answers 40014/42001 (token invalid/expired, which it
  may do early) the token is dropped and refetched once under a per-app lock, so threads racing
  on a dead token make one gettoken call, and the failed call is retried once. (40001 is "invalid
  secret" on WeCom: a new token cannot help, so it is raised.)
- WeCom silently drops messages beyond 30 a minute (and 1000 an hour) per member and app, so
  `MemberPacer` books a send slot per member and the sender waits for it: later, never lost.
- 45009 (frequency limit), 45033 (concurrency) and -1 (busy) are retried with bounded
  exponential backoff; network failures and 5xx too, then raised as `WeComNetworkError`.
Time and sleeping are injected (`clock`, `sleep`) so tests need no real waiting.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from types import TracebackType
from typing import Any, Final, Self

import httpx
from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.channels.wecom.crypto import WeComCrypto

DEFAULT_API_BASE = "https://qyapi.weixin.qq.com"
TOKEN_PATH = "/cgi-bin/gettoken"  # noqa: S105 - a path, not a password
SEND_PATH = "/cgi-bin/message/send"
MEDIA_PATH = "/cgi-bin/media/get"

#: Token invalid (40014) or expired (42001): refetch once, retry once.
TOKEN_INVALID_ERRCODES: Final = frozenset({40014, 42001})
#: System busy (-1), API frequency (45009), concurrency (45033): back off and retry.
RETRY_LATER_ERRCODES: Final = frozenset({-1, 45009, 45033})
#: Text and markdown content are cut by WeCom after 2048 bytes; longer text is split.
MAX_CONTENT_BYTES = 2048
#: Refresh a token this long before WeCom says it expires (at most a tenth of its life).
TOKEN_REFRESH_MARGIN_SECONDS = 300.0

Clock = Callable[[], float]
Sleep = Callable[[float], None]


class WeComSettings(BaseSettings):
    """The app's credentials from `WECOM_*` variables. All secrets are SecretStr."""

    model_config = SettingsConfigDict(env_prefix="WECOM_", extra="ignore")

    corp_id: str
    agent_id: int
    secret: SecretStr
    token: SecretStr
    encoding_aes_key: SecretStr
    api_base: str = DEFAULT_API_BASE

    def crypto(self) -> WeComCrypto:
        """The callback envelope for this app (receive id = CorpID)."""
        return WeComCrypto(
            token=self.token.get_secret_value(),
            encoding_aes_key=self.encoding_aes_key.get_secret_value(),
            receive_id=self.corp_id,
        )


@lru_cache(maxsize=1)
def get_wecom_settings() -> WeComSettings:
    """Read once, when WeCom is first used (not at import: it is optional)."""
    return WeComSettings()


# --- errors -------------------------------------------------------------------------------


class WeComClientError(Exception):
    """Base of everything the client raises."""

    code = "wecom_client_error"


class WeComApiError(WeComClientError):
    """WeCom answered with a non-zero errcode. Decide by `errcode`, never by `errmsg`."""

    code = "wecom_api_error"

    def __init__(self, errcode: int, errmsg: str, *, path: str) -> None:
        super().__init__(f"WeCom {path} answered errcode {errcode}: {errmsg}")
        self.errcode = errcode
        self.errmsg = errmsg
        self.path = path


class WeComRateLimitedError(WeComApiError):
    """Still throttled (45009/45033/-1) after the bounded backoff: re-queue and try later."""

    code = "wecom_rate_limited"


class WeComTokenError(WeComApiError):
    """The token was refused again right after a refresh."""

    code = "wecom_token_refused"


class WeComNetworkError(WeComClientError):
    """No usable answer after bounded retries (connection failures, timeouts, 5xx)."""

    code = "wecom_network_error"

    def __init__(self, path: str, *, attempts: int, reason: str) -> None:
        super().__init__(f"WeCom {path} failed after {attempts} attempts: {reason}")
        self.path = path
        self.attempts = attempts


class WeComProtocolError(WeComClientError):
    """An answer that is not what the API documents (not JSON, no token...)."""

    code = "wecom_protocol_error"


def _api_error(errcode: int, errmsg: str, path: str) -> WeComApiError:
    if errcode in RETRY_LATER_ERRCODES:
        return WeComRateLimitedError(errcode, errmsg, path=path)
    if errcode in TOKEN_INVALID_ERRCODES:
        return WeComTokenError(errcode, errmsg, path=path)
    return WeComApiError(errcode, errmsg, path=path)


# --- the token cache -----------------------------------------------------------------------


TokenKey = tuple[str, str, int]


@dataclass(slots=True)
class _CachedToken:
    value: str | None = None
    expires_at: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


class TokenCache:
    """Access tokens per (API base, corp, app); one lock per app makes refreshes single-flight."""

    def __init__(self) -> None:
        self._entries: dict[TokenKey, _CachedToken] = {}
        self._lock = threading.Lock()

    def _entry(self, key: TokenKey) -> _CachedToken:
        with self._lock:
            return self._entries.setdefault(key, _CachedToken())

    def get(self, key: TokenKey, fetch: Callable[[], tuple[str, float]], clock: Clock) -> str:
        """The cached token, or a fresh one; threads arriving meanwhile wait and share it."""
        entry = self._entry(key)
        with entry.lock:
            if entry.value is not None and clock() < entry.expires_at:
                return entry.value
            started = clock()
            value, expires_in = fetch()
            margin = min(TOKEN_REFRESH_MARGIN_SECONDS, expires_in / 10)
            entry.value, entry.expires_at = value, started + expires_in - margin
            return value

    def invalidate(self, key: TokenKey, stale: str) -> None:
        """Forget `stale` if it is still the cached token (a newer one is kept)."""
        entry = self._entry(key)
        with entry.lock:
            if entry.value == stale:
                entry.value = None


#: The process-wide cache every client shares unless given its own.
SHARED_TOKENS = TokenCache()


# --- per-member pacing ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RateWindow:
    limit: int
    seconds: float


#: WeCom delivers at most 30 messages a minute and 1000 an hour per member and app.
MEMBER_WINDOWS: Final = (RateWindow(30, 60.0), RateWindow(1000, 3600.0))


class MemberPacer:
    """Books send times so that no member gets more than WeCom would deliver.

    `reserve` is atomic and FIFO per member: each send gets the earliest time at which every
    window still has room, and that time is booked at once, so concurrent senders queue rather
    than overrun. One pacer per app per process; several processes would need a shared store.
    """

    def __init__(
        self, windows: Sequence[RateWindow] = MEMBER_WINDOWS, *, clock: Clock = time.monotonic
    ) -> None:
        self._windows = tuple(windows)
        self._clock = clock
        self._keep = max(window.limit for window in self._windows)
        self._longest = max(window.seconds for window in self._windows)
        self._history: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _earliest(self, member: str, now: float) -> float:
        history = self._history.get(member)
        if not history:
            return now
        at = max(now, history[-1])
        for window in self._windows:
            if len(history) >= window.limit:
                at = max(at, history[-window.limit] + window.seconds)
        return at

    def reserve(self, members: Sequence[str]) -> float:
        """Book and return the clock time at which a message to all `members` may go."""
        with self._lock:
            now = self._clock()
            at = max((self._earliest(member, now) for member in members), default=now)
            for member in members:
                self._history.setdefault(member, deque(maxlen=self._keep)).append(at)
            if len(self._history) > 4096:
                self._forget_idle(now)
            return at

    def _forget_idle(self, now: float) -> None:
        idle = [m for m, h in self._history.items() if h[-1] + self._longest < now]
        for member in idle:
            del self._history[member]


# --- log hygiene ---------------------------------------------------------------------------


_SECRET_IN_URL = re.compile(r"((?:access_token|corpsecret)=)[^&\s\"']+")


class _RedactSecrets(logging.Filter):
    """httpx logs each request URL at INFO, and ours carry the secret or the token."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = _SECRET_IN_URL.sub(r"\1***", message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


_REDACTION_INSTALLED = threading.Event()


def _install_log_redaction() -> None:
    if not _REDACTION_INSTALLED.is_set():
        _REDACTION_INSTALLED.set()
        logging.getLogger("httpx").addFilter(_RedactSecrets())


# --- the client ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SendResult:
    """message/send's answer; WeCom still delivers to the valid recipients of a partial send."""

    msgid: str
    invalid_users: tuple[str, ...] = ()
    invalid_parties: tuple[str, ...] = ()
    invalid_tags: tuple[str, ...] = ()
    unlicensed_users: tuple[str, ...] = ()


def _ids(value: object) -> tuple[str, ...]:
    return tuple(part for part in str(value or "").split("|") if part)


def split_content(text: str, limit: int = MAX_CONTENT_BYTES) -> list[str]:
    """Cut text into parts of at most `limit` UTF-8 bytes, at a line break when one is near."""
    parts: list[str] = []
    rest = text
    while len(rest.encode("utf-8")) > limit:
        head = rest.encode("utf-8")[:limit].decode("utf-8", "ignore")  # whole characters
        newline = head.rfind("\n")
        if newline >= len(head) // 2:
            parts.append(head[:newline])
            rest = rest[newline + 1 :]
        else:
            parts.append(head)
            rest = rest[len(head) :]
    if rest or not parts:
        parts.append(rest)
    return parts


def _members(touser: str | Sequence[str]) -> list[str]:
    members = touser.split("|") if isinstance(touser, str) else list(touser)
    if not members or any(not m or "|" in m for m in members):
        raise ValueError(f"bad recipient list: {touser!r}")
    return members


class WeComClient:
    """One self-built app's API client (synchronous; safe to share between threads)."""

    def __init__(
        self,
        *,
        corp_id: str,
        agent_id: int,
        secret: SecretStr | str,
        api_base: str = DEFAULT_API_BASE,
        timeout: float = 10.0,
        max_attempts: int = 3,
        backoff_initial: float = 0.5,
        backoff_max: float = 8.0,
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
        tokens: TokenCache | None = None,
        pacer: MemberPacer | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self.corp_id = corp_id
        self.agent_id = agent_id
        self._secret = secret if isinstance(secret, SecretStr) else SecretStr(secret)
        self.api_base = api_base.rstrip("/")
        self._max_attempts = max_attempts
        self._backoff_initial = backoff_initial
        self._backoff_max = backoff_max
        self._clock = clock
        self._sleep = sleep
        self._tokens = SHARED_TOKENS if tokens is None else tokens
        self._token_key: TokenKey = (self.api_base, corp_id, agent_id)
        self.pacer = MemberPacer(clock=clock) if pacer is None else pacer
        _install_log_redaction()
        self._http = httpx.Client(base_url=self.api_base, timeout=timeout, transport=transport)

    @classmethod
    def from_settings(cls, settings: WeComSettings | None = None, **options: Any) -> Self:
        settings = get_wecom_settings() if settings is None else settings
        return cls(
            corp_id=settings.corp_id,
            agent_id=settings.agent_id,
            secret=settings.secret,
            api_base=settings.api_base,
            **options,
        )

    def __repr__(self) -> str:
        return f"WeComClient(corp_id={self.corp_id!r}, agent_id={self.agent_id})"

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # -- tokens --

    def access_token(self) -> str:
        return self._tokens.get(self._token_key, self._fetch_token, self._clock)

    def _fetch_token(self) -> tuple[str, float]:
        params = {"corpid": self.corp_id, "corpsecret": self._secret.get_secret_value()}
        _, payload = self._request("GET", TOKEN_PATH, params=params)
        data = self._checked(payload, TOKEN_PATH)
        token, expires_in = data.get("access_token"), data.get("expires_in", 7200)
        if not isinstance(token, str) or not token or not isinstance(expires_in, int | float):
            raise WeComProtocolError("gettoken answered without a token")
        return token, float(expires_in)

    # -- messages --

    def send_text(
        self,
        touser: str | Sequence[str],
        content: str,
        *,
        safe: bool = False,
        duplicate_check_seconds: int | None = None,
    ) -> list[SendResult]:
        """Send text, split into ≤2048-byte parts (WeCom would cut it), in order."""
        if not content:
            raise ValueError("WeCom refuses empty text")
        return [
            self.send_message(
                touser,
                "text",
                {"content": part},
                safe=safe,
                duplicate_check_seconds=duplicate_check_seconds,
            )
            for part in split_content(content)
        ]

    def send_markdown(
        self,
        touser: str | Sequence[str],
        content: str,
        *,
        duplicate_check_seconds: int | None = None,
    ) -> list[SendResult]:
        """Send WeCom markdown (shown in the WeCom client only), split like text."""
        if not content:
            raise ValueError("WeCom refuses empty markdown")
        return [
            self.send_message(
                touser,
                "markdown",
                {"content": part},
                duplicate_check_seconds=duplicate_check_seconds,
            )
            for part in split_content(content)
        ]

    def send_textcard(
        self,
        touser: str | Sequence[str],
        *,
        title: str,
        description: str,
        url: str,
        button_text: str | None = None,
        duplicate_check_seconds: int | None = None,
    ) -> SendResult:
        """A card with a title, a description (simple HTML allowed) and a link."""
        card = {"title": title, "description": description, "url": url}
        if button_text:
            card["btntxt"] = button_text
        return self.send_message(
            touser, "textcard", card, duplicate_check_seconds=duplicate_check_seconds
        )

    def send_message(
        self,
        touser: str | Sequence[str],
        msgtype: str,
        body: Mapping[str, Any],
        *,
        safe: bool | None = None,
        duplicate_check_seconds: int | None = None,
    ) -> SendResult:
        """One message/send call, paced per member.

        `duplicate_check_seconds` turns on WeCom's duplicate check (identical JSON within the
        interval is not delivered twice): an idempotency guard for digests. Chat replies leave it
        off, because the same short answer may rightly be sent twice.
        """
        members = _members(touser)
        payload: dict[str, Any] = {
            "touser": "|".join(members),
            "msgtype": msgtype,
            "agentid": self.agent_id,
            msgtype: dict(body),
        }
        if safe is not None:
            payload["safe"] = int(safe)
        if duplicate_check_seconds is not None:
            payload["enable_duplicate_check"] = 1
            payload["duplicate_check_interval"] = duplicate_check_seconds
        self._wait_for_slot(members)
        _, answer = self._authorized("POST", SEND_PATH, json=payload)
        data = self._checked(answer, SEND_PATH)
        return SendResult(
            msgid=str(data.get("msgid", "")),
            invalid_users=_ids(data.get("invaliduser")),
            invalid_parties=_ids(data.get("invalidparty")),
            invalid_tags=_ids(data.get("invalidtag")),
            unlicensed_users=_ids(data.get("unlicenseduser")),
        )

    def _wait_for_slot(self, members: Sequence[str]) -> None:
        delay = self.pacer.reserve(members) - self._clock()
        if delay > 0:
            self._sleep(delay)

    def get_media(self, media_id: str) -> bytes:
        """A temporary media file's bytes (a voice note is AMR; media ids live three days)."""
        response, answer = self._authorized("GET", MEDIA_PATH, params={"media_id": media_id})
        if answer is not None:
            self._checked(answer, MEDIA_PATH)
            raise WeComProtocolError("media/get answered JSON without an error")
        return response.content

    # -- HTTP --

    def _authorized(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        json: Mapping[str, Any] | None = None,
    ) -> tuple[httpx.Response, dict[str, Any] | None]:
        """A call with the access token; on 40014/42001 the token is replaced once and the call
        retried once."""
        token = self.access_token()
        response, answer = self._request(
            method, path, params={**(params or {}), "access_token": token}, json=json
        )
        if answer is not None and answer.get("errcode") in TOKEN_INVALID_ERRCODES:
            self._tokens.invalidate(self._token_key, token)
            token = self.access_token()
            response, answer = self._request(
                method, path, params={**(params or {}), "access_token": token}, json=json
            )
        return response, answer

    def _request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str],
        json: Mapping[str, Any] | None = None,
    ) -> tuple[httpx.Response, dict[str, Any] | None]:
        """One call with bounded retries. Returns the response and its JSON body, if JSON."""
        delay = self._backoff_initial
        for attempt in range(1, self._max_attempts + 1):
            last = attempt == self._max_attempts
            try:
                response = self._http.request(method, path, params=params, json=json)
            except httpx.TransportError as error:
                if last:
                    reason = type(error).__name__
                    raise WeComNetworkError(path, attempts=attempt, reason=reason) from error
            else:
                if response.status_code >= 500:
                    if last:
                        reason = f"HTTP {response.status_code}"
                        raise WeComNetworkError(path, attempts=attempt, reason=reason)
                else:
                    answer = _json_answer(response, path)
                    retry = answer is not None and answer.get("errcode") in RETRY_LATER_ERRCODES
                    if last or not retry:
                        return response, answer
            self._sleep(delay)
            delay = min(delay * 2, self._backoff_max)
        raise AssertionError("unreachable: the last attempt returns or raises")  # pragma: no cover

    @staticmethod
    def _checked(answer: dict[str, Any] | None, path: str) -> dict[str, Any]:
        if answer is None:
            raise WeComProtocolError(f"WeCom {path} did not answer JSON")
        errcode = answer.get("errcode", 0)
        if not isinstance(errcode, int):
            raise WeComProtocolError(f"WeCom {path} answered a non-integer errcode")
        if errcode != 0:
            raise _api_error(errcode, str(answer.get("errmsg", "")), path)
        return answer


_JSON_TYPES = ("application/json", "text/json", "text/plain")


def _json_answer(response: httpx.Response, path: str) -> dict[str, Any] | None:
    """The JSON body, or None for a file (media/get answers files, or JSON on error)."""
    content_type = response.headers.get("content-type", "").lower()
    if not content_type.startswith(_JSON_TYPES):
        if response.status_code >= 400:
            raise WeComProtocolError(f"WeCom {path} answered HTTP {response.status_code}")
        return None
    try:
        data = response.json()
    except ValueError as error:
        raise WeComProtocolError(f"WeCom {path} answered malformed JSON") from error
    if not isinstance(data, dict):
        raise WeComProtocolError(f"WeCom {path} answered JSON that is not an object")
    return data

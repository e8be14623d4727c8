"""One error shape for every failure: `{"error": {"code", "message", "params"}}`.

Codes are stable and machine-readable (a domain error's own code, or `invalid_input`,
`not_found`, ...); the message is the `error.<code>` catalog entry in the language the client
asked for (Accept-Language, zh or en; English by default).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import DataError, IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

import locales
from crm_core.auth.service import AuthenticationError
from crm_core.errors import (
    AmbiguousError,
    DomainError,
    DuplicateError,
    ForbiddenError,
    InvalidInputError,
    InvalidTransitionError,
    NotFoundError,
    UndoError,
)

logger = logging.getLogger(__name__)


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable machine-readable code, e.g. `customer.duplicate`.")
    message: str = Field(description="Human-readable text in the negotiated language.")
    params: dict[str, Any] = Field(description="The values the message was built from.")


class ErrorBody(BaseModel):
    """Every 4xx and 5xx answer has this shape."""

    error: ErrorDetail


_DESCRIPTIONS = {
    400: "Malformed request: a body that is not JSON, or not UTF-8.",
    401: "Missing, unknown or revoked API token.",
    403: "Not allowed for this staff member (role, team, or a deactivated account).",
    404: "No such record, or no such route.",
    405: "Method not allowed on this route.",
    409: "Conflicts with the current state: duplicate, invalid transition.",
    413: "Request body larger than the configured limit.",
    422: "Invalid input: wrong types, unknown fields, values out of range.",
}

# Every authenticated route can answer these.
COMMON_ERRORS = (400, 401, 403, 413, 422)


class PayloadTooLargeError(StarletteHTTPException):
    """A streamed body outgrew the limit (raised from `receive`, rendered as 413)."""

    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413, detail="payload too large")
        self.limit = limit


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries for the given statuses, all in the error shape."""
    return {
        status: {"model": ErrorBody, "description": _DESCRIPTIONS[status]}
        for status in sorted(set(statuses))
    }


def negotiate_locale(accept_language: str | None) -> str:
    """The catalog locale for an Accept-Language header: the best-weighted zh or en, else en."""
    if not accept_language:
        return locales.FALLBACK
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept_language.split(",")[:20]):
        tag, _, weight = part.strip().partition(";")
        quality = 1.0
        if weight.strip().startswith("q="):
            try:
                quality = float(weight.strip()[2:])
            except ValueError:
                quality = 0.0
        ranked.append((-quality, position, tag.strip().lower()))
    for negative_quality, _, tag in sorted(ranked):
        if negative_quality >= 0:
            break
        if tag.startswith("zh"):
            return "zh_CN"
        if tag.startswith("en") or tag == "*":
            return "en"
    return locales.FALLBACK


def render(
    request: Request,
    status: int,
    code: str,
    params: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    safe_params: dict[str, Any] = jsonable_encoder(params or {})
    locale = negotiate_locale(request.headers.get("accept-language"))
    key = f"error.{code}"
    message = (
        locales.translate(key, locale, **safe_params)
        if locales.has_key(key)
        else locales.translate("error.generic", locale, code=code)
    )
    body = ErrorBody(error=ErrorDetail(code=code, message=message, params=safe_params))
    return JSONResponse(
        status_code=status,
        content=body.model_dump(mode="json"),
        headers=headers,
        media_type="application/json",
    )


def status_for(error: DomainError) -> int:
    match error:
        case AuthenticationError():
            return 401
        case ForbiddenError():
            return 403
        case NotFoundError():
            return 404
        case DuplicateError() | AmbiguousError() | InvalidTransitionError() | UndoError():
            return 409
        case InvalidInputError():
            return 422
        case _:
            return 400


def install_error_handlers(app: FastAPI) -> None:
    """Route every failure through `render`, so clients parse one shape and never a trace."""

    @app.exception_handler(DomainError)
    async def _domain(request: Request, error: DomainError) -> JSONResponse:
        status = status_for(error)
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return render(request, status, error.code, error.params, headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, error: RequestValidationError) -> JSONResponse:
        problems = [_problem(issue) for issue in error.errors()]
        detail = "; ".join(f"{'.'.join(map(str, p['loc']))}: {p['msg']}" for p in problems)
        return render(request, 422, "invalid_input", {"detail": detail, "errors": problems})

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, error: StarletteHTTPException) -> JSONResponse:
        code = {
            400: "bad_request",
            404: "not_found",
            405: "method_not_allowed",
            413: "payload_too_large",
        }.get(error.status_code, "http_error")
        params: dict[str, Any] = {"status": error.status_code}
        if isinstance(error, PayloadTooLargeError):
            params["limit"] = error.limit
        return render(request, error.status_code, code, params, dict(error.headers or {}))

    @app.exception_handler(DataError)
    async def _data(request: Request, error: DataError) -> JSONResponse:
        # The database refused a value the schemas let through (a NUL character in text on
        # PostgreSQL, an integer beyond its column): bad input, not a server fault.
        logger.info("value refused by the database: %s", error.orig)
        return render(request, 422, "invalid_input", {"detail": "value refused by the database"})

    @app.exception_handler(IntegrityError)
    async def _integrity(request: Request, error: IntegrityError) -> JSONResponse:
        # A constraint the services did not pre-check (a concurrent writer won a race).
        logger.warning("integrity error: %s", error.orig)
        return render(request, 409, "conflict")

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception) -> JSONResponse:
        logger.error("unhandled error on %s %s", request.method, request.url.path, exc_info=error)
        return render(request, 500, "internal_error")


def _problem(issue: dict[str, Any]) -> dict[str, Any]:
    """A validation issue without its `input` and `ctx`, which may hold unserialisable values."""
    loc: Iterable[Any] = issue.get("loc", ())
    return {
        "loc": [part if isinstance(part, int) else str(part) for part in loc],
        "msg": str(issue.get("msg", "")),
        "type": str(issue.get("type", "")),
    }

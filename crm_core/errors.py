"""Typed domain errors. They carry a stable code and parameters, never user-facing text:
the edge (CLI, API, bot) renders them in the user's language."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of every error a service raises on purpose."""

    code: str = "error"

    def __init__(self, code: str | None = None, /, **params: Any) -> None:
        if code is not None:
            self.code = code
        self.params: dict[str, Any] = params
        super().__init__(self.code, params)

    def __str__(self) -> str:
        if not self.params:
            return self.code
        details = ", ".join(f"{key}={value!r}" for key, value in self.params.items())
        return f"{self.code} ({details})"


class NotFoundError(DomainError):
    code = "not_found"


class AmbiguousError(DomainError):
    code = "ambiguous"


class DuplicateError(DomainError):
    code = "duplicate"


class ForbiddenError(DomainError):
    code = "forbidden"


class InvalidTransitionError(DomainError):
    code = "invalid_transition"


class InvalidInputError(DomainError):
    code = "invalid_input"


class UndoError(DomainError):
    """Undo refused: expired, not the author's, already undone, or overtaken by a later change."""

    code = "undo_refused"

"""Result types of the parser: frozen dataclasses with character offsets into the input text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Literal, Protocol

Grain = Literal["year", "quarter", "month", "week", "day", "hour", "minute", "second"]
GRAINS: tuple[Grain, ...] = ("year", "quarter", "month", "week", "day", "hour", "minute", "second")


@dataclass(frozen=True, slots=True)
class NumberMention:
    start: int
    end: int
    text: str
    value: Decimal


@dataclass(frozen=True, slots=True)
class MoneyMention:
    """An amount, or a range (`minimum`/`maximum`, either open) when `value` is None."""

    start: int
    end: int
    text: str
    currency: str
    value: Decimal | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    approximate: bool = False  # 左右, 上下, about, around


@dataclass(frozen=True, slots=True)
class TimeMention:
    """An instant at a grain, or an interval [start, end) when `end` is set."""

    start_char: int
    end_char: int
    text: str
    value: datetime
    grain: Grain
    end: datetime | None = None

    @property
    def is_interval(self) -> bool:
        return self.end is not None


class Span(Protocol):
    """Anything found at offsets of the text: what the passes that only need where a name
    stands ask of a customer mention, so they need not import the customer index."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


class CustomerFinder(Protocol):
    def find(self, text: str, *, limit: int = 5) -> Sequence[Span]: ...

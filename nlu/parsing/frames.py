"""The parser's records: the context a message is read in, the actions and result it gives, and
the internal entity and clause records the stages pass along."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from nlu import slots as slot_finders
from nlu.customer_index import CustomerIndex, CustomerMention
from nlu.intents import TriggerHit
from nlu.types import MoneyMention, TimeMention


@dataclass(frozen=True, slots=True)
class ParseContext:
    now: datetime  # aware, in the staff member's zone
    customers: CustomerIndex | None = None
    language_hint: str | None = None
    # Money is in CNY unless the message says otherwise (a team abroad may set its own).
    default_currency: str = "CNY"


@dataclass(frozen=True, slots=True)
class Action:
    intent: str
    confidence: float
    slots: dict[str, Any]
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ParseResult:
    text: str
    language: str
    actions: tuple[Action, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "language": self.language,
            "actions": [
                {"intent": a.intent, "confidence": round(a.confidence, 3), "slots": a.slots}
                for a in self.actions
            ],
        }


# (clause, lang, customer spans in the clause) -> probabilities
IntentClassifier = Callable[[str, str, Sequence[tuple[int, int]]], dict[str, float]]


@dataclass(frozen=True, slots=True)
class Entities:
    customers: list[CustomerMention]
    unknown_orgs: list[tuple[int, int, str]]
    times: list[TimeMention]
    money: list[MoneyMention]
    tickets: list[slot_finders.Found]
    phones: list[slot_finders.Found]
    emails: list[slot_finders.Found]
    contacts: list[slot_finders.Found]
    products: list[tuple[int, int, str]]
    text: str = ""
    shown: str = ""  # the message as written, offsets as `text` (summaries quote it)


@dataclass
class Clause:
    start: int
    end: int
    hits: list[TriggerHit] = field(default_factory=list)
    shared: int | None = None  # where the clause it was split from began (one per ticket)

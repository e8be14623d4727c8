"""The parser as the engine uses it: one customer index and one classifier per process.

The index is built from the database once and then kept current cheaply: before each message
the engine asks for customers with an id above the highest one it has seen (one indexed query),
and customers the engine itself creates are added the moment they exist.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from crm_core.customers import service as customers
from nlu import ParseContext, ParseResult, parse
from nlu.classifier import IntentClassifier
from nlu.customer_index import CustomerIndex, DirectoryEntry

log = logging.getLogger(__name__)

DEFAULT_MODEL_DIR = Path("var") / "models"
# Customers created by another process reach this one's index within this many seconds.
REFRESH_INTERVAL_SECONDS = 1.0


class Understanding:
    def __init__(self, index: CustomerIndex, classifier: IntentClassifier | None) -> None:
        self.index = index
        self.classifier = classifier
        self._highest_id = max(index.entries, default=0)
        self._checked_at = float("-inf")

    @classmethod
    def load(cls, session: Session, *, model_dir: Path = DEFAULT_MODEL_DIR) -> Understanding:
        """Index every customer (permissions are applied later, per staff member) and load or
        train the intent classifier (trained from the repository's data, cached by its hash)."""
        index = CustomerIndex.build(
            DirectoryEntry(id=row_id, name=name, aliases=tuple(aliases))
            for row_id, name, aliases in customers.directory(session=session)
        )
        try:
            classifier: IntentClassifier | None = IntentClassifier.load_or_train(model_dir)
        except FileNotFoundError:
            log.warning("no intent training data found; the parser runs on its rules alone")
            classifier = None
        return cls(index, classifier)

    def refresh(self, session: Session) -> None:
        """Pick up customers created elsewhere (API, import, another worker): at most one
        indexed max() a second, the directory query only when something is new."""
        moment = time.monotonic()
        if moment - self._checked_at < REFRESH_INTERVAL_SECONDS:
            return
        self._checked_at = moment
        if customers.highest_id(session=session) <= self._highest_id:
            return
        for row_id, name, aliases in customers.directory(
            session=session, after_id=self._highest_id
        ):
            self.add(row_id, name, aliases)

    def add(self, customer_id: int, name: str, aliases: list[str] | tuple[str, ...] = ()) -> None:
        self.index.add(DirectoryEntry(id=customer_id, name=name, aliases=tuple(aliases)))
        self._highest_id = max(self._highest_id, customer_id)

    def parse(self, text: str, *, now: datetime, language_hint: str | None) -> ParseResult:
        context = ParseContext(now=now, customers=self.index, language_hint=language_hint)
        return parse(text, context, classifier=self.classifier)

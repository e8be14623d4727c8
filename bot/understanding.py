"""The parser as the engine uses it: one customer index and one classifier per process.

The index is built from the database once and then kept current cheaply: before each message
the engine asks for customers with an id above the highest one it has seen (one indexed query),
and customers the engine itself creates are added the moment they exist.

Building the index for 100,000 customers takes about 3 s; a process starting on an unchanged
directory loads the previous build from a pickle beside the intent models instead. The file is
keyed by a hash of the directory's rows and of the index code, written atomically, and only the
newest is kept; a file that fails to load is rebuilt, never trusted.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
import time
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from crm_core.customers import service as customers
from crm_core.db import cyclic_gc_paused
from nlu import ParseContext, ParseResult, customer_index, parse, text
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
        index = load_index(session, model_dir)
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


def load_index(session: Session, cache_dir: Path) -> CustomerIndex:
    """The index of every customer, from the cache when the directory has not changed.

    Keyed by the directory's content itself (ids, names, aliases), not by counts or dates: two
    databases seeded alike once shared a key and the index named the other one's ids. Reading
    and hashing 100,000 rows costs a fraction of the build it saves."""
    rows = customers.directory(session=session)
    digest = hashlib.sha256()
    for row_id, name, aliases in rows:
        digest.update(f"{row_id}\x1f{name}\x1f{chr(0x1E).join(aliases)}\x1d".encode())
    for module in (customer_index, text):  # a change in how names are indexed invalidates it
        digest.update(Path(str(module.__file__)).read_bytes())
    path = cache_dir / f"customer-index-{digest.hexdigest()[:16]}.pickle"
    if path.exists():
        try:
            with path.open("rb") as handle, cyclic_gc_paused():  # millions of objects, no cycles
                cached = pickle.load(handle)  # noqa: S301 - our own file, in our own var/
            if isinstance(cached, CustomerIndex):
                return cached
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError) as error:
            log.warning("customer index cache %s unreadable (%s); rebuilding", path, error)
    index = CustomerIndex.build(
        DirectoryEntry(id=row_id, name=name, aliases=tuple(aliases))
        for row_id, name, aliases in rows
    )
    try:
        _write_atomically(path, pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL))
        for stale in cache_dir.glob("customer-index-*.pickle"):
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError as error:  # a read-only deployment still starts, only slower next time
        log.warning("customer index cache not written (%s)", error)
    return index


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".customer-index-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

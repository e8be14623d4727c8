"""CSV import of deal history (won orders and their revenue, what the loyalty figures read).

The same contract as the customer import (`crm_core.csvload`): the whole file is checked first,
every problem is reported with its line number, and only a clean file is written, in bulk, in
the caller's transaction, as one audited change set that one undo reverses (deals and any
customers the import created).

Columns (header case-insensitive, Chinese names accepted): `customer` (客户), `amount` (金额),
`closed_at` (成交日期) are required; `currency` (币种, CNY when blank), `title` (标题), `product`
(产品) and `stage` (阶段, `won` when blank) are optional. A closed deal (won, lost) closes on
`closed_at`; an open one takes it, if given, as its expected close date. An aware `closed_at`
closes on the day it was in the importer's time zone; a naive one is read in that zone.

Problems, beyond the shared ones (codes and parameters, never text):

- header: `import.missing_column` (column, alias)
- a record: `import.required_field` (field), `import.invalid_field` (field, detail: "nul" or
  "string_too_long"); with the text as `value`: `import.invalid_amount`,
  `import.negative_amount`, `import.too_many_decimals`, `import.amount_too_large`,
  `import.invalid_currency`, `import.invalid_date`, `import.invalid_stage` (and `allowed`);
  `import.currency_mismatch` (symbol, currency); `import.unknown_customer`,
  `import.hidden_customer` (name), `import.ambiguous_customer` (name, candidates);
  `import.duplicate_deal` (deal_id)
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, BinaryIO, NamedTuple, cast
from zoneinfo import ZoneInfo

from babel.numbers import list_currencies
from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Integer,
    and_,
    false,
    insert,
    or_,
    select,
    true,
    type_coerce,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.schema import Table

from crm_core import csvload, permissions
from crm_core.audit import service as audit
from crm_core.context import Origin
from crm_core.csvload import ImportProblem, ImportRejected, Record, chunks
from crm_core.customers.models import Customer, CustomerAlias, CustomerStatus
from crm_core.db import cyclic_gc_paused
from crm_core.deals.models import CLOSED_STAGES, Deal, DealStage
from crm_core.normalize import normalize_name
from crm_core.settings import get_settings
from crm_core.staff.models import Staff
from crm_core.timeutil import zone

DEFAULT_TITLE = "Imported deal"
DEFAULT_CURRENCY = "CNY"

# column -> the header texts that name it (lower-cased): the canonical name first, then the
# Chinese one that messages cite.
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "customer": ("customer", "客户", "客户名称"),
    "amount": ("amount", "金额"),
    "currency": ("currency", "币种", "货币"),
    "closed_at": ("closed_at", "成交日期", "成交时间", "closed_on"),
    "title": ("title", "标题"),
    "product": ("product", "产品"),
    "stage": ("stage", "阶段"),
}
_REQUIRED = ("customer", "amount", "closed_at")
_HEADER = csvload.Header(
    names={name: column for column, names in COLUMN_NAMES.items() for name in names},
    required={
        column: ("import.missing_column", {"column": column, "alias": COLUMN_NAMES[column][1]})
        for column in _REQUIRED
    },
)

_TEXT_LIMIT = 200  # customer names, titles and products (the columns' lengths)
_TOO_LONG = "string_too_long"  # pydantic's error type, as the customer import reports it
# Money holds 16 digits with 2 decimals (DealCreate's bound): fewer than 10**16 hundredths.
_CENTS_LIMIT = 10**16
_NUMBER = re.compile(r"(?P<whole>\d{1,3}(?:,\d{3})+|\d*)(?:\.(?P<fraction>\d*))?")
_MINUS = frozenset("-−")
# A leading symbol: the currency it means when the currency cell is blank, and the currencies
# it may stand for when it is not.
_SYMBOLS: dict[str, tuple[str, frozenset[str]]] = {
    "¥": ("CNY", frozenset({"CNY", "JPY"})),
    "$": ("USD", frozenset({"USD", "HKD", "SGD", "AUD", "CAD", "NZD", "TWD", "MXN"})),
    "€": ("EUR", frozenset({"EUR"})),
}
# What Chinese spreadsheets write instead of the ISO code.
_CURRENCY_ALIASES = {
    "RMB": "CNY",
    "人民币": "CNY",
    "元": "CNY",
    "美元": "USD",
    "欧元": "EUR",
    "港币": "HKD",
    "港元": "HKD",
    "日元": "JPY",
    "英镑": "GBP",
}
_STAGE_ALIASES: dict[str, DealStage] = {
    **{stage.value: stage for stage in DealStage},
    "线索": DealStage.LEAD,
    "商机": DealStage.QUALIFIED,
    "报价": DealStage.PROPOSAL,
    "方案": DealStage.PROPOSAL,
    "赢单": DealStage.WON,
    "成交": DealStage.WON,
    "输单": DealStage.LOST,
    "丢单": DealStage.LOST,
}
_DATE = re.compile(
    r"(?P<year>\d{4})(?P<sep>[-/])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})"
    r"(?:(?:T|\s+)(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,]\d{1,6})?)?"
    r"\s*(?P<tz>[Zz]|[+-]\d{2}(?::?\d{2})?)?)?"
)
_DATE_CACHE_LIMIT = 100_000


@dataclass(frozen=True, slots=True)
class DealImportResult:
    """What an accepted file wrote: deals, their total per currency, customers created."""

    count: int
    totals: dict[str, Decimal]  # by currency code, sorted
    created_customers: int
    # Rows identical to a deal already recorded, written because duplicates were allowed.
    duplicates: int
    encoding: str
    change_set: str


class _Row(NamedTuple):
    """One record once checked, kept compact: a million-row file holds one per row."""

    line: int
    customer: str  # as written ("" when missing)
    ok: bool  # every field but the customer is valid
    cents: int
    currency: str
    day: date | None  # closed_on for a closed stage, expected_close_on for an open one
    stage: DealStage
    title: str
    product: str | None


def import_deals(
    session: Session,
    actor: Staff,
    data: bytes | BinaryIO,
    *,
    origin: Origin | None = None,
    create_customers: bool = False,
    allow_duplicates: bool = False,
    max_bytes: int | None = None,
) -> DealImportResult:
    """Import a CSV file of deals in the caller's transaction; never commits.

    Raises ImportRejected listing every problem when anything is wrong; nothing is written then.
    """
    permissions.require_role(actor, permissions.SALES_ROLES, "deal.import")
    origin = origin or Origin()
    limit = get_settings().import_max_bytes if max_bytes is None else max_bytes
    raw = csvload.read_limited(data, limit)
    with cyclic_gc_paused():
        return _import(
            session=session,
            actor=actor,
            data=raw,
            origin=origin,
            create_customers=create_customers,
            allow_duplicates=allow_duplicates,
        )


def _import(
    *,
    session: Session,
    actor: Staff,
    data: bytes,
    origin: Origin,
    create_customers: bool,
    allow_duplicates: bool,
) -> DealImportResult:
    decoded = csvload.decode(data)
    problems = decoded.problems
    records = csvload.parse(decoded.text, decoded.bad_lines, problems, _HEADER)
    if records is None:
        raise ImportRejected(problems)
    checker = _RowChecker(zone(actor.timezone), problems)
    rows = [checker.check(record) for record in records]
    if not rows:
        raise ImportRejected(problems or [ImportProblem(0, "import.empty_file")])
    customer_ids, new_customers = _resolve_customers(
        session, actor, rows, problems, create_customers=create_customers
    )
    duplicates = _find_duplicates(session, rows, customer_ids)
    if duplicates and not allow_duplicates:
        problems.extend(
            ImportProblem(line, "import.duplicate_deal", {"deal_id": deal_id})
            for line, deal_id in duplicates
        )
    if problems:
        raise ImportRejected(problems)
    _write_customers(session, actor, origin, new_customers, customer_ids)
    totals = _write_deals(session, actor, origin, rows, customer_ids)
    return DealImportResult(
        count=len(rows),
        totals={currency: Decimal(totals[currency]).scaleb(-2) for currency in sorted(totals)},
        created_customers=len(new_customers),
        duplicates=len(duplicates),
        encoding=decoded.encoding,
        change_set=origin.change_set,
    )


# --- one record -------------------------------------------------------------------------------


class _RowChecker:
    """Checks records one by one, sharing what repeats (dates, currencies, names) across rows."""

    def __init__(self, tz: ZoneInfo, problems: list[ImportProblem]) -> None:
        self._tz = tz
        self._problems = problems
        self._dates: dict[str, date | None] = {}
        self._currencies = frozenset(list_currencies())
        # One string object per distinct customer, product or currency, however many rows.
        self._shared: dict[str, str] = {}

    def check(self, record: Record) -> _Row:
        values = record.values
        line = record.line
        problems = self._problems
        nul = next((column for column, value in values.items() if "\x00" in value), None)
        if nul is not None:
            # PostgreSQL cannot store NUL in text; refuse it on every engine alike.
            problems.append(
                ImportProblem(line, "import.invalid_field", {"field": nul, "detail": "nul"})
            )
            return _Row(
                line=line,
                customer="",
                ok=False,
                cents=0,
                currency="",
                day=None,
                stage=DealStage.WON,
                title="",
                product=None,
            )
        customer = self._share(values.get("customer", ""))
        if not customer:
            problems.append(ImportProblem(line, "import.required_field", {"field": "customer"}))
        count = len(problems)  # what follows decides whether the deal itself is valid
        cents, symbol = self._amount(line, values.get("amount", ""))
        currency = self._currency(line, values.get("currency", ""), symbol)
        stage = self._stage(line, values.get("stage", ""))
        day = self._date(line, values.get("closed_at", ""), required=stage in CLOSED_STAGES)
        product = values.get("product") or None
        title = values.get("title") or product or DEFAULT_TITLE
        for column in ("title", "product"):
            if len(values.get(column, "")) > _TEXT_LIMIT:
                problems.append(
                    ImportProblem(
                        line, "import.invalid_field", {"field": column, "detail": _TOO_LONG}
                    )
                )
        return _Row(
            line=line,
            customer=customer,
            ok=len(problems) == count,
            cents=cents,
            currency=currency,
            day=day,
            stage=stage,
            title=self._share(title),
            product=self._share(product) if product else None,
        )

    def _share(self, text: str) -> str:
        return self._shared.setdefault(text, text)

    def _amount(self, line: int, text: str) -> tuple[int, str | None]:
        """The amount in hundredths and the currency symbol written before it, if any."""
        if not text:
            self._problems.append(ImportProblem(line, "import.required_field", {"field": "amount"}))
            return 0, None
        value = text if text.isascii() else unicodedata.normalize("NFKC", text)
        negative = value[:1] in _MINUS
        if negative:
            value = value[1:].lstrip()
        symbol = value[:1] if value[:1] in _SYMBOLS else None
        if symbol is not None:
            value = value[1:].lstrip()
        if not negative and value[:1] in _MINUS:
            negative = True
            value = value[1:].lstrip()
        match = _NUMBER.fullmatch(value)
        if match is None or not any(character.isdigit() for character in value):
            return self._bad(line, "import.invalid_amount", text), symbol
        fraction = match["fraction"] or ""
        if len(fraction.rstrip("0")) > 2:
            return self._bad(line, "import.too_many_decimals", text), symbol
        cents = int(match["whole"].replace(",", "") or "0") * 100 + int(fraction[:2].ljust(2, "0"))
        if negative and cents:
            return self._bad(line, "import.negative_amount", text), symbol
        if cents >= _CENTS_LIMIT:
            return self._bad(line, "import.amount_too_large", text), symbol
        return cents, symbol

    def _bad(self, line: int, code: str, text: str) -> int:
        self._problems.append(ImportProblem(line, code, {"value": text}))
        return 0

    def _currency(self, line: int, text: str, symbol: str | None) -> str:
        if not text:
            return _SYMBOLS[symbol][0] if symbol else DEFAULT_CURRENCY
        code = text.upper()
        code = _CURRENCY_ALIASES.get(code, code)
        if len(code) != 3 or code not in self._currencies:
            self._bad(line, "import.invalid_currency", text)
            return DEFAULT_CURRENCY
        if symbol is not None and code not in _SYMBOLS[symbol][1]:
            self._problems.append(
                ImportProblem(
                    line, "import.currency_mismatch", {"symbol": symbol, "currency": code}
                )
            )
        return self._share(code)

    def _stage(self, line: int, text: str) -> DealStage:
        if not text:
            return DealStage.WON
        stage = _STAGE_ALIASES.get(text.lower())
        if stage is None:
            self._problems.append(
                ImportProblem(
                    line,
                    "import.invalid_stage",
                    {"value": text, "allowed": [stage.value for stage in DealStage]},
                )
            )
            return DealStage.WON
        return stage

    def _date(self, line: int, text: str, *, required: bool) -> date | None:
        if not text:
            if required:
                self._problems.append(
                    ImportProblem(line, "import.required_field", {"field": "closed_at"})
                )
            return None
        day = self._dates.get(text)
        if day is None and text not in self._dates:
            day = self._parse_date(text)
            if len(self._dates) < _DATE_CACHE_LIMIT:
                self._dates[text] = day
        if day is None:
            self._bad(line, "import.invalid_date", text)
        return day

    def _parse_date(self, text: str) -> date | None:
        """The local day of `text`: ISO-like, `-` or `/`, with an optional time and offset."""
        match = _DATE.fullmatch(text)
        if match is None:
            return None
        try:
            day = date(int(match["year"]), int(match["month"]), int(match["day"]))
            if match["hour"] is None:
                return day
            moment = datetime(
                day.year,
                day.month,
                day.day,
                int(match["hour"]),
                int(match["minute"]),
                int(match["second"] or 0),
                tzinfo=_offset(match["tz"]) or self._tz,
            )
        except ValueError:
            return None
        return moment.astimezone(self._tz).date()


def _offset(text: str | None) -> timezone | None:
    """The fixed zone of "Z", "+08", "+0800" or "+08:00"; None when absent."""
    if text is None:
        return None
    if text in ("Z", "z"):
        return UTC
    digits = text[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + int(digits[2:] or 0)
    if minutes >= 24 * 60:
        raise ValueError(f"offset out of range: {text}")
    return timezone(timedelta(minutes=-minutes if text[0] == "-" else minutes))


# --- customers --------------------------------------------------------------------------------


@dataclass(slots=True)
class _NewCustomer:
    name: str
    key: str
    texts: list[str]  # every spelling in the file that resolves to it


@dataclass(slots=True)
class _Matches:
    """Customers found for the file's names: by normalized key, and by exact name."""

    by_key: dict[str, dict[int, str]]
    by_name: dict[str, set[int]]


def _resolve_customers(
    session: Session,
    actor: Staff,
    rows: Sequence[_Row],
    problems: list[ImportProblem],
    *,
    create_customers: bool,
) -> tuple[dict[str, int], list[_NewCustomer]]:
    """Map each customer text to the id of the one visible customer it names.

    An exact name wins, then the normalized name or an alias; several matches are ambiguous.
    Texts naming no visible customer are unknown, or become new customers when allowed (one per
    normalized name) unless an invisible customer has that name.
    """
    keys = {text: normalize_name(text) for text in dict.fromkeys(row.customer for row in rows)}
    keys.pop("", None)
    visible = _match(session, actor, keys.values(), visible_only=True)
    resolved: dict[str, int] = {}
    failed: dict[str, tuple[str, dict[str, Any]]] = {}
    unmatched: list[str] = []
    for text, key in keys.items():
        candidates = visible.by_key.get(key, {})
        # An exact name always normalizes to `key`, so it is among the candidates.
        chosen = sorted(visible.by_name.get(text) or candidates)
        if len(chosen) == 1:
            resolved[text] = chosen[0]
        elif chosen:
            named = [f"{candidates[customer_id]} (#{customer_id})" for customer_id in chosen]
            failed[text] = ("import.ambiguous_customer", {"name": text, "candidates": named})
        elif create_customers:
            unmatched.append(text)
        else:
            failed[text] = ("import.unknown_customer", {"name": text})
    new_customers = _plan_new_customers(session, actor, unmatched, keys, failed)
    if failed:
        problems.extend(
            ImportProblem(row.line, *failed[row.customer]) for row in rows if row.customer in failed
        )
    return resolved, new_customers


def _plan_new_customers(
    session: Session,
    actor: Staff,
    texts: Sequence[str],
    keys: dict[str, str],
    failed: dict[str, tuple[str, dict[str, Any]]],
) -> list[_NewCustomer]:
    """One new customer per normalized name among `texts`; a name an invisible customer
    already has is refused rather than duplicated (and too long a name is refused)."""
    if not texts:
        return []
    hidden = _match(session, actor, {keys[text] for text in texts}, visible_only=False)
    planned: dict[str, _NewCustomer] = {}
    for text in texts:
        key = keys[text]
        if key in hidden.by_key:
            failed[text] = ("import.hidden_customer", {"name": text})
        elif len(text) > _TEXT_LIMIT:
            failed[text] = ("import.invalid_field", {"field": "customer", "detail": _TOO_LONG})
        elif (known := planned.get(key or text)) is not None:
            known.texts.append(text)
        else:
            planned[key or text] = _NewCustomer(name=text, key=key, texts=[text])
    return list(planned.values())


def _match(session: Session, actor: Staff, keys: Iterable[str], *, visible_only: bool) -> _Matches:
    """The customers whose normalized name or alias is among `keys`, in chunked queries."""
    matches = _Matches(by_key=defaultdict(dict), by_name=defaultdict(set))
    dialect = session.get_bind().dialect.name
    visible = permissions.visible_customers(actor) if visible_only else true()
    for chunk in chunks(sorted(set(keys)), csvload.IN_CHUNK):
        by_name = select(Customer.normalized_name, Customer.id, Customer.name).where(
            csvload.among(Customer.normalized_name, chunk, dialect), visible
        )
        by_alias = (
            select(CustomerAlias.normalized_alias, Customer.id, Customer.name)
            .join(Customer, Customer.id == CustomerAlias.customer_id)
            .where(csvload.among(CustomerAlias.normalized_alias, chunk, dialect), visible)
        )
        for key, customer_id, name in session.execute(by_name):
            matches.by_key[key][customer_id] = name
            matches.by_name[name].add(customer_id)
        for key, customer_id, name in session.execute(by_alias):
            matches.by_key[key][customer_id] = name
    return matches


# --- duplicates -------------------------------------------------------------------------------

_DEALS = cast(Table, Deal.__table__)
_CUSTOMERS = cast(Table, Customer.__table__)


def _find_duplicates(
    session: Session, rows: Sequence[_Row], customer_ids: dict[str, int]
) -> list[tuple[int, int]]:
    """(line, deal id) of each row identical to a recorded deal, found with one query.

    Identical: same customer, amount, currency, date and title. The query reads the deals of the
    file's customers within its date range; a file identical to itself is not checked, since
    two equal orders on one day are common (CDNOW has 40).
    """
    wanted = [row for row in rows if row.ok and row.customer in customer_ids]
    if not wanted:
        return []
    ids = sorted({customer_ids[row.customer] for row in wanted})
    days = [row.day for row in wanted if row.day is not None]
    dated: ColumnElement[bool] = false()
    if days:
        low, high = min(days), max(days)
        dated = or_(Deal.closed_on.between(low, high), Deal.expected_close_on.between(low, high))
    if len(days) < len(wanted):  # rows without a date match deals without one
        dated = or_(dated, and_(Deal.closed_on.is_(None), Deal.expected_close_on.is_(None)))
    statement = select(
        Deal.id,
        Deal.customer_id,
        type_coerce(Deal.amount, BigInteger()),  # hundredths, as stored
        Deal.currency,
        Deal.closed_on,
        Deal.expected_close_on,
        Deal.title,
    ).where(dated, _customer_filter(session, ids))
    recorded: dict[tuple[int, int, str, date | None, str], int] = {}
    for deal_id, customer_id, cents, currency, closed_on, expected, title in session.execute(
        statement.execution_options(yield_per=csvload.WRITE_CHUNK)
    ):
        identity = (customer_id, int(cents), currency, closed_on or expected, title)
        recorded.setdefault(identity, deal_id)
    found = []
    for row in wanted:
        identity = (customer_ids[row.customer], row.cents, row.currency, row.day, row.title)
        match = recorded.get(identity)
        if match is not None:
            found.append((row.line, match))
    return found


def _customer_filter(session: Session, ids: list[int]) -> ColumnElement[bool]:
    """`customer_id` among `ids` in one parameter (PostgreSQL) or one IN list (SQLite, when
    short enough; otherwise the date range alone narrows the query, and the rest is a set
    lookup in Python)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql" or len(ids) <= csvload.IN_CHUNK:
        return csvload.among(Deal.customer_id, ids, dialect, Integer)
    return true()


# --- writing ----------------------------------------------------------------------------------


def _write_customers(
    session: Session,
    actor: Staff,
    origin: Origin,
    new_customers: Sequence[_NewCustomer],
    customer_ids: dict[str, int],
) -> None:
    """Insert the customers the file names but the database lacks, owned by the importer."""
    for chunk in chunks(new_customers, csvload.WRITE_CHUNK):
        ids = csvload.reserve_ids(session, _CUSTOMERS, len(chunk))
        customers = []
        for customer, customer_id in zip(chunk, ids, strict=True):
            customers.append(
                {
                    "id": customer_id,
                    "name": customer.name,
                    "normalized_name": customer.key,
                    "industry": None,
                    "region": None,
                    "tier": None,
                    "status": CustomerStatus.ACTIVE,
                    "owner_id": actor.id,
                    "phone": None,
                    "email": None,
                    "created_at": origin.at,
                    "updated_at": origin.at,
                }
            )
            for text in customer.texts:
                customer_ids[text] = customer_id
        session.execute(insert(_CUSTOMERS), customers)
        audit.record_bulk_creates(
            session=session, actor=actor, origin=origin, table=_CUSTOMERS.name, rows=customers
        )


def _write_deals(
    session: Session,
    actor: Staff,
    origin: Origin,
    rows: Sequence[_Row],
    customer_ids: dict[str, int],
) -> dict[str, int]:
    """Bulk-insert the deals and their audit entries (ids reserved up front, as the customer
    import does); the total in hundredths per currency."""
    totals: dict[str, int] = defaultdict(int)
    for chunk in chunks(rows, csvload.WRITE_CHUNK):
        ids = csvload.reserve_ids(session, _DEALS, len(chunk))
        deals = []
        for row, deal_id in zip(chunk, ids, strict=True):
            closed = row.stage in CLOSED_STAGES
            deals.append(
                {
                    "id": deal_id,
                    "title": row.title,
                    "amount": Decimal(row.cents).scaleb(-2),
                    "currency": row.currency,
                    "stage": row.stage,
                    "product": row.product,
                    "expected_close_on": None if closed else row.day,
                    "closed_on": row.day if closed else None,
                    "customer_id": customer_ids[row.customer],
                    "owner_id": actor.id,
                    "created_at": origin.at,
                    "updated_at": origin.at,
                }
            )
            totals[row.currency] += row.cents
        session.execute(insert(_DEALS), deals)
        audit.record_bulk_creates(
            session=session, actor=actor, origin=origin, table=_DEALS.name, rows=deals
        )
    return totals

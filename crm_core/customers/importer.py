"""CSV import and export of customers.

An import is all or nothing: the whole file is checked first and every problem is reported with
its line number (1-based, the header is line 1, a record spanning lines is named by its first
line, 0 is the file as a whole); only a clean file is written, in bulk, in the caller's
transaction, as one change set so that one undo reverses it.

Problems are codes and parameters, never user text (the edge renders them); reading, decoding
and the header are shared with the other importers (`crm_core.csvload`):

- line 0: `import.too_large` (size, limit), `import.empty_file`,
  `import.unsupported_encoding` (encoding)
- header: `import.missing_name_column`, `import.bad_header` (columns: the unknown ones),
  `import.duplicate_column` (column)
- any line: `import.bad_encoding` (offset: byte offset in the file, column: 1-based byte in the
  line), `import.bad_csv` (broken quoting), `import.extra_fields` (expected, found)
- a record: `import.empty_name`, `import.invalid_field` (field: the CSV column, detail: the
  pydantic error type, or "nul"), `import.alias_repeats_name` (alias), `import.unknown_owner`,
  `import.inactive_owner`, `import.forbidden_owner` (email), `import.duplicate_in_file` (name,
  first_line), `import.duplicate_existing` (name, match_id, match_name)
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple, TextIO, cast

from email_validator import SPECIAL_USE_DOMAIN_NAMES
from pydantic import ValidationError
from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session, aliased

from crm_core import csvload, permissions
from crm_core.audit import service as audit
from crm_core.context import Origin
from crm_core.csvload import ImportProblem, ImportRejected, Record, chunks
from crm_core.customers.models import Customer, CustomerAlias, CustomerStatus
from crm_core.customers.schemas import CustomerCreate
from crm_core.db import cyclic_gc_paused
from crm_core.normalize import normalize_name
from crm_core.settings import get_settings
from crm_core.staff.models import Role, Staff

__all__ = [
    "ALIAS_SEPARATOR",
    "COLUMNS",
    "ImportProblem",
    "ImportRejected",
    "ImportReport",
    "export_customers",
    "import_customers",
    "plain_email_address",
]

COLUMNS: tuple[str, ...] = (
    "name",
    "aliases",
    "industry",
    "region",
    "tier",
    "phone",
    "email",
    "owner",
)
ALIAS_SEPARATOR = "|"
_HEADER = csvload.Header(
    names={column: column for column in COLUMNS},
    required={"name": ("import.missing_name_column", {})},
)
_EXPORT_BATCH = 2_000

# An address this plain is valid for email-validator too (checked by a test); taking it as is
# spares the ~40 us the full validator spends per address (3 s for 70,000 addresses).
_PLAIN_EMAIL = re.compile(
    r"(?P<local>[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*)"
    r"@(?P<domain>(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63})"
)


@dataclass(frozen=True, slots=True)
class ImportReport:
    created: int
    aliases: int
    encoding: str
    change_set: str


class _Fields(NamedTuple):
    """A record's validated columns, kept compact: a large file holds one per row until the end
    (a pydantic model per row took five times the memory)."""

    name: str
    industry: str | None
    region: str | None
    tier: str | None
    phone: str | None
    email: str | None


@dataclass(slots=True)
class _Row:
    """What the later, whole-file checks and the writes need of one record."""

    line: int
    fields: _Fields | None  # None when a field is invalid
    # (normalized key, the text it came from) for the name and then each alias; empty without
    # a name.
    keys: list[tuple[str, str]]
    owner_email: str
    owner_id: int | None = None


def import_customers(
    *,
    session: Session,
    actor: Staff,
    data: bytes,
    origin: Origin,
    max_bytes: int | None = None,
) -> ImportReport:
    """Import a CSV file of customers in the caller's transaction; never commits.

    Raises ImportRejected listing every problem when anything is wrong; nothing is written then.
    """
    permissions.require_role(actor, permissions.SALES_ROLES, "customer.import")
    limit = get_settings().import_max_bytes if max_bytes is None else max_bytes
    csvload.read_limited(data, limit)
    with cyclic_gc_paused():
        return _import(session=session, actor=actor, data=data, origin=origin)


def _import(*, session: Session, actor: Staff, data: bytes, origin: Origin) -> ImportReport:
    decoded = csvload.decode(data)
    problems = decoded.problems
    records = csvload.parse(decoded.text, decoded.bad_lines, problems, _HEADER)
    if records is None:
        raise ImportRejected(problems)
    # Records are validated as they are parsed, so only the compact rows stay in memory.
    rows = [_validate(record, problems) for record in records]
    if not rows:
        raise ImportRejected(problems or [ImportProblem(0, "import.empty_file")])
    _assign_owners(session, actor, rows, problems)
    _check_duplicates_in_file(rows, problems)
    _check_duplicates_in_database(session, rows, problems)
    if problems:
        raise ImportRejected(problems)
    created, alias_count = _write(session=session, actor=actor, origin=origin, rows=rows)
    return ImportReport(
        created=created,
        aliases=alias_count,
        encoding=decoded.encoding,
        change_set=origin.change_set,
    )


def export_customers(*, session: Session, actor: Staff, out: TextIO) -> int:
    """Write the customers `actor` may see as import-ready CSV, by id, in batches; the count."""
    permissions.require_active(actor)
    # An alias of Staff: `visible_customers` holds a subquery on `staff` that must not be
    # correlated with the owner join.
    owner = aliased(Staff)
    statement = (
        select(
            Customer.id,
            Customer.name,
            Customer.industry,
            Customer.region,
            Customer.tier,
            Customer.phone,
            Customer.email,
            owner.email,
        )
        .outerjoin(owner, owner.id == Customer.owner_id)
        .where(permissions.visible_customers(actor))
        .order_by(Customer.id)
        .execution_options(yield_per=_EXPORT_BATCH)
    )
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    count = 0
    for batch in session.execute(statement).partitions():
        aliases = _aliases_of(session, [row[0] for row in batch])
        writer.writerows(
            (
                name,
                ALIAS_SEPARATOR.join(aliases.get(customer_id, ())),
                industry or "",
                region or "",
                tier or "",
                phone or "",
                email or "",
                owner_email or "",
            )
            for customer_id, name, industry, region, tier, phone, email, owner_email in batch
        )
        count += len(batch)
    return count


# --- validation -------------------------------------------------------------------------------


def _validate(record: Record, problems: list[ImportProblem]) -> _Row:
    """Check one record on its own (owners and duplicates are checked for the whole file later).

    A record with a name takes part in the duplicate checks even when a field is invalid, so
    one pass reports every problem.
    """
    values = record.values
    line = record.line
    name = values.get("name", "")
    if not name:
        problems.append(ImportProblem(line, "import.empty_name"))
    # The same cleaning as CustomerCreate's, done here so that invalid rows still have keys.
    aliases = list(
        dict.fromkeys(
            alias
            for part in values.get("aliases", "").split(ALIAS_SEPARATOR)
            if (alias := part.strip())
        )
    )
    keys = [(normalize_name(text), text) for text in (name, *aliases)] if name else []
    seen: set[str] = set()
    for key, text in keys:
        if key in seen:
            problems.append(ImportProblem(line, "import.alias_repeats_name", {"alias": text}))
        seen.add(key)
    return _Row(
        line=line,
        fields=_fields(record, aliases, problems),
        keys=keys,
        owner_email=values.get("owner", ""),
    )


def _fields(record: Record, aliases: list[str], problems: list[ImportProblem]) -> _Fields | None:
    """The record's columns validated by the schema the service uses, or None (problems added)."""
    values = record.values
    line = record.line
    nul = next((column for column, value in values.items() if "\x00" in value), None)
    if nul is not None:
        # PostgreSQL cannot store NUL in text; refuse it on every engine alike.
        problems.append(
            ImportProblem(line, "import.invalid_field", {"field": nul, "detail": "nul"})
        )
        return None
    name = values.get("name", "")
    email = values.get("email") or None
    plain_email = plain_email_address(email) if email else None
    try:
        data = CustomerCreate(
            name=name,
            aliases=aliases,
            industry=values.get("industry") or None,
            region=values.get("region") or None,
            tier=values.get("tier") or None,
            phone=values.get("phone") or None,
            email=None if plain_email else email,
        )
    except ValidationError as error:
        for detail in error.errors(include_url=False, include_input=False):
            column = str(detail["loc"][0]) if detail["loc"] else "name"
            if column == "name" and not name:
                continue  # already reported as empty_name
            problems.append(
                ImportProblem(
                    line, "import.invalid_field", {"field": column, "detail": detail["type"]}
                )
            )
        return None
    return _Fields(
        name=data.name,
        industry=data.industry,
        region=data.region,
        tier=data.tier,
        phone=data.phone,
        email=plain_email or data.email,
    )


def _assign_owners(
    session: Session, actor: Staff, rows: Sequence[_Row], problems: list[ImportProblem]
) -> None:
    """Resolve the `owner` emails in a few queries; default as `service.create` does."""
    emails = sorted({row.owner_email.lower() for row in rows if row.owner_email})
    staff: dict[str, Staff] = {}
    for chunk in chunks(emails, csvload.IN_CHUNK):
        for member in session.scalars(select(Staff).where(Staff.email.in_(chunk))):
            staff[member.email] = member
    default = actor.id if actor.role in (Role.REP, Role.MANAGER) else None
    for row in rows:
        if not row.owner_email:
            row.owner_id = default
            continue
        owner = staff.get(row.owner_email.lower())
        code = _owner_problem(actor, owner)
        if code is not None:
            problems.append(ImportProblem(row.line, code, {"email": row.owner_email}))
        elif owner is not None:
            row.owner_id = owner.id


def _owner_problem(actor: Staff, owner: Staff | None) -> str | None:
    if owner is None:
        return "import.unknown_owner"
    if not owner.active:
        return "import.inactive_owner"
    if not permissions.can_assign_to(actor, owner):
        return "import.forbidden_owner"
    return None


def plain_email_address(value: str) -> str | None:
    """`value` normalized as `EmailStr` would, when it is a plain ASCII address; else None.

    None means "ask the full validator", never "invalid".
    """
    match = _PLAIN_EMAIL.fullmatch(value)
    if match is None or len(value) > 254 or len(match["local"]) > 64:
        return None
    domain = match["domain"].lower()
    if "--" in domain or len(domain) > 253 or domain.rsplit(".", 1)[1] in SPECIAL_USE_DOMAIN_NAMES:
        return None
    return f"{match['local']}@{domain}"


def _check_duplicates_in_file(rows: Sequence[_Row], problems: list[ImportProblem]) -> None:
    """A name or alias equal (normalized) to one on an earlier row names that earlier line."""
    first_line: dict[str, int] = {}
    for row in rows:
        reported: set[int] = set()
        for key, text in row.keys:
            earlier = first_line.get(key) if key else None
            if earlier is not None and earlier not in reported:
                reported.add(earlier)
                problems.append(
                    ImportProblem(
                        row.line,
                        "import.duplicate_in_file",
                        {"name": text, "first_line": earlier},
                    )
                )
        for key, _text in row.keys:
            if key:
                first_line.setdefault(key, row.line)


def _check_duplicates_in_database(
    session: Session, rows: Sequence[_Row], problems: list[ImportProblem]
) -> None:
    """Names or aliases already in the database, found with chunked IN queries on the keys."""
    keys = sorted({key for row in rows for key, _text in row.keys if key})
    matches: dict[str, tuple[int, str]] = {}
    dialect = session.get_bind().dialect.name
    for chunk in chunks(keys, csvload.IN_CHUNK):
        by_name = select(Customer.normalized_name, Customer.id, Customer.name).where(
            csvload.among(Customer.normalized_name, chunk, dialect)
        )
        by_alias = (
            select(CustomerAlias.normalized_alias, Customer.id, Customer.name)
            .join(Customer, Customer.id == CustomerAlias.customer_id)
            .where(csvload.among(CustomerAlias.normalized_alias, chunk, dialect))
        )
        for statement in (by_name, by_alias):
            for key, customer_id, customer_name in session.execute(statement):
                known = matches.get(key)
                if known is None or customer_id < known[0]:
                    matches[key] = (customer_id, customer_name)
    if not matches:
        return
    for row in rows:
        reported: set[int] = set()
        for key, text in row.keys:
            match = matches.get(key)
            if match is not None and match[0] not in reported:
                reported.add(match[0])
                problems.append(
                    ImportProblem(
                        row.line,
                        "import.duplicate_existing",
                        {"name": text, "match_id": match[0], "match_name": match[1]},
                    )
                )


# --- writing ----------------------------------------------------------------------------------

_CUSTOMERS = cast(Table, Customer.__table__)
_ALIASES = cast(Table, CustomerAlias.__table__)


def _write(
    *, session: Session, actor: Staff, origin: Origin, rows: Sequence[_Row]
) -> tuple[int, int]:
    """Bulk-insert customers, then aliases, then their audit entries; the two counts.

    Ids are reserved up front and the rows inserted with a plain executemany. The audit entries
    need each row's id, and INSERT ... RETURNING with `sort_by_parameter_order` is slow here:
    SQLAlchemy has no ordering sentinel for SQLite, so it sends one statement per row, and on
    PostgreSQL its insertmanyvalues batches measured about 4x slower than psycopg's executemany.
    """
    alias_count = 0
    for chunk in chunks(rows, csvload.WRITE_CHUNK):
        ids = csvload.reserve_ids(session, _CUSTOMERS, len(chunk))
        customers = []
        for row, customer_id in zip(chunk, ids, strict=True):
            fields = row.fields
            assert fields is not None, "rows with invalid fields are never written"
            customers.append(
                {
                    "id": customer_id,
                    "name": fields.name,
                    "normalized_name": row.keys[0][0],
                    "industry": fields.industry,
                    "region": fields.region,
                    "tier": fields.tier,
                    "status": CustomerStatus.ACTIVE,
                    "owner_id": row.owner_id,
                    "phone": fields.phone,
                    "email": fields.email,
                    "created_at": origin.at,
                    "updated_at": origin.at,
                }
            )
        session.execute(insert(_CUSTOMERS), customers)
        aliases = [
            {"customer_id": customer_id, "alias": text, "normalized_alias": key}
            for row, customer_id in zip(chunk, ids, strict=True)
            for key, text in row.keys[1:]
        ]
        if aliases:
            alias_ids = csvload.reserve_ids(session, _ALIASES, len(aliases))
            for alias, alias_id in zip(aliases, alias_ids, strict=True):
                alias["id"] = alias_id
            session.execute(insert(_ALIASES), aliases)
        audit.record_bulk_creates(
            session=session,
            actor=actor,
            origin=origin,
            table=_CUSTOMERS.name,
            rows=customers,
        )
        audit.record_bulk_creates(
            session=session, actor=actor, origin=origin, table=_ALIASES.name, rows=aliases
        )
        alias_count += len(aliases)
    return len(rows), alias_count


def _aliases_of(session: Session, customer_ids: Sequence[int]) -> dict[int, list[str]]:
    aliases: dict[int, list[str]] = defaultdict(list)
    for chunk in chunks(customer_ids, csvload.IN_CHUNK):
        statement = (
            select(CustomerAlias.customer_id, CustomerAlias.alias)
            .where(CustomerAlias.customer_id.in_(chunk))
            .order_by(CustomerAlias.id)
        )
        for customer_id, alias in session.execute(statement):
            aliases[customer_id].append(alias)
    return aliases

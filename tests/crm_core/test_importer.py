"""CSV import and export: every problem by line, nothing half-written, undo, round trip."""

import gc
import io
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError
from pydantic.networks import EmailStr
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from crm_core.audit import service as audit
from crm_core.audit.models import AuditAction, AuditEntry
from crm_core.context import Origin
from crm_core.customers import service as customers
from crm_core.customers.importer import (
    ImportProblem,
    ImportRejected,
    export_customers,
    import_customers,
    plain_email_address,
)
from crm_core.customers.models import Customer, CustomerAlias
from crm_core.customers.schemas import CustomerCreate
from crm_core.errors import ForbiddenError, InvalidInputError
from crm_core.normalize import normalize_name
from crm_core.staff import service as staff_service
from crm_core.staff.models import Role, Staff
from tests.conftest import NOW, StaffFactory

HEADER = "name,aliases,industry,region,tier,phone,email,owner\n"


def _count(session: Session, model: type[Customer | CustomerAlias | AuditEntry]) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _counts(session: Session) -> tuple[int, int, int]:
    """Customers, aliases and audit entries: what a rejected import must leave unchanged."""
    return (
        _count(session, Customer),
        _count(session, CustomerAlias),
        _count(session, AuditEntry),
    )


def _problems(
    session: Session, actor: Staff, data: bytes | str, *, max_bytes: int | None = None
) -> list[ImportProblem]:
    """The problems of a rejected import, after checking that it wrote nothing."""
    before = _counts(session)
    raw = data.encode() if isinstance(data, str) else data
    with pytest.raises(ImportRejected) as caught:
        import_customers(
            session=session, actor=actor, data=raw, origin=Origin(at=NOW), max_bytes=max_bytes
        )
    assert isinstance(caught.value, InvalidInputError)
    assert caught.value.code == "import.rejected"
    assert caught.value.params == {"count": len(caught.value.problems)}
    assert _counts(session) == before
    return caught.value.problems


def _export(session: Session, actor: Staff) -> str:
    out = io.StringIO()
    export_customers(session=session, actor=actor, out=out)
    return out.getvalue()


def _by_name(session: Session, name: str) -> Customer:
    customer = session.scalars(select(Customer).where(Customer.name == name)).one()
    session.refresh(customer)
    return customer


# --- happy paths ------------------------------------------------------------------------------


def test_import_writes_customers_aliases_and_one_audited_change_set(
    session: Session, make_staff: StaffFactory, system: Staff, origin: Origin
) -> None:
    owner = make_staff(Role.REP)
    data = (
        HEADER
        + "厦门蓝湾医疗科技有限公司,蓝湾|蓝湾医疗| Blue Bay ,医疗,华东,A,0592-1234567,"
        + f"info@lanwan.cn,{owner.email.upper()}\n"
        + "Pemberton Foods Ltd,Pemberton,Food,UK,B,+44 20 7946 0000,Sales@Pemberton.CO.UK,\n"
        + "Solo Co,,,,,,,\n"
    ).encode()
    before = _counts(session)

    report = import_customers(session=session, actor=system, data=data, origin=origin)

    assert (report.created, report.aliases, report.encoding) == (3, 4, "utf-8")
    assert report.change_set == origin.change_set
    assert _counts(session) == (before[0] + 3, before[1] + 4, before[2] + 7)
    lanwan = _by_name(session, "厦门蓝湾医疗科技有限公司")
    assert lanwan.normalized_name == "厦门蓝湾医疗科技"
    assert lanwan.alias_names == ["蓝湾", "蓝湾医疗", "Blue Bay"]
    assert [a.normalized_alias for a in lanwan.aliases] == ["蓝湾", "蓝湾医疗", "bluebay"]
    assert (lanwan.industry, lanwan.region, lanwan.tier) == ("医疗", "华东", "A")
    assert (lanwan.phone, lanwan.email, lanwan.owner_id) == (
        "0592-1234567",
        "info@lanwan.cn",
        owner.id,
    )
    assert lanwan.created_at == origin.at and lanwan.updated_at == origin.at
    pemberton = _by_name(session, "Pemberton Foods Ltd")
    # Normalized as the API would (EmailStr lower-cases the domain); admins own nothing by default.
    assert (pemberton.email, pemberton.owner_id) == ("Sales@pemberton.co.uk", None)
    solo = _by_name(session, "Solo Co")
    assert (solo.industry, solo.phone, solo.email, solo.alias_names) == (None, None, None, [])

    entries = session.scalars(
        select(AuditEntry).where(AuditEntry.change_set == origin.change_set).order_by(AuditEntry.id)
    ).all()
    assert [(e.entity_type, e.action) for e in entries] == [
        *[("customers", AuditAction.CREATE)] * 3,
        *[("customer_aliases", AuditAction.CREATE)] * 4,
    ]
    assert {e.actor_id for e in entries} == {system.id}
    assert entries[0].entity_id == lanwan.id
    assert entries[0].after is not None
    assert entries[0].after == audit.snapshot(lanwan)


def test_utf8_bom_and_header_names_are_forgiving(
    session: Session, system: Staff, origin: Origin
) -> None:
    data = "\ufeff Name ,ALIASES , Industry\r\n蓝湾医疗,蓝湾,医疗\r\n\r\n,,\r\nAcme,,\r\n".encode()

    report = import_customers(session=session, actor=system, data=data, origin=origin)

    assert (report.created, report.aliases, report.encoding) == (2, 1, "utf-8-sig")
    assert _by_name(session, "蓝湾医疗").alias_names == ["蓝湾"]


def test_gb18030_from_excel_is_recognized(session: Session, system: Staff, origin: Origin) -> None:
    text = (
        HEADER + "厦门蓝湾医疗科技有限公司,蓝湾|兰湾,医疗器械,华南,A,,,\n深圳华信物流,,物流,,,,,\n"
    )
    data = text.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")

    report = import_customers(session=session, actor=system, data=data, origin=origin)

    assert (report.created, report.aliases, report.encoding) == (2, 2, "gb18030")
    assert _by_name(session, "厦门蓝湾医疗科技有限公司").alias_names == ["蓝湾", "兰湾"]
    assert _by_name(session, "深圳华信物流").industry == "物流"


def test_default_and_assigned_owners_follow_the_service_rules(
    session: Session, make_staff: StaffFactory, origin: Origin
) -> None:
    manager = make_staff(Role.MANAGER, "East")
    teammate = make_staff(Role.REP, "East")
    outsider = make_staff(Role.REP, "South")
    data = HEADER + f"Mine,,,,,,,\nTheirs,,,,,,,{teammate.email}\n"

    import_customers(session=session, actor=manager, data=data.encode(), origin=origin)

    assert _by_name(session, "Mine").owner_id == manager.id
    assert _by_name(session, "Theirs").owner_id == teammate.id
    assert _problems(session, teammate, HEADER + f"A,,,,,,,{manager.email}\n") == [
        ImportProblem(2, "import.forbidden_owner", {"email": manager.email})
    ]
    assert _problems(session, manager, HEADER + f"B,,,,,,,{outsider.email}\n") == [
        ImportProblem(2, "import.forbidden_owner", {"email": outsider.email})
    ]


def test_ids_continue_after_an_import(
    session: Session, make_staff: StaffFactory, origin: Origin
) -> None:
    """Reserved ids move the sequence on: a later ordinary create must not collide."""
    rep = make_staff(Role.REP)
    import_customers(
        session=session,
        actor=rep,
        data=(HEADER + "One,1a,,,,,,\nTwo,2a,,,,,,\n").encode(),
        origin=origin,
    )
    imported = max(_by_name(session, "One").id, _by_name(session, "Two").id)

    later = customers.create(
        session=session,
        actor=rep,
        data=CustomerCreate(name="Three", aliases=["3a"]),
        origin=Origin(at=NOW),
    )

    assert later.id > imported
    assert later.alias_names == ["3a"]


def test_a_large_file_crosses_every_batch_boundary(session: Session, system: Staff) -> None:
    rows = 12_345
    body = "".join(f"Company {i},Alias {i}|Short {i},,,,,,\n" for i in range(rows))
    report = import_customers(
        session=session, actor=system, data=(HEADER + body).encode(), origin=Origin(at=NOW)
    )
    assert (report.created, report.aliases) == (rows, 2 * rows)
    in_change_set = select(func.count()).where(AuditEntry.change_set == report.change_set)
    assert session.scalar(in_change_set) == 3 * rows
    exported = io.StringIO()
    assert export_customers(session=session, actor=system, out=exported) == rows
    assert exported.getvalue().endswith("Company 12344,Alias 12344|Short 12344,,,,,,\r\n")

    problems = _problems(session, system, HEADER + "New One,,,,,,,\nshort 12000,,,,,,,\n")

    match = _by_name(session, "Company 12000")
    assert problems == [
        ImportProblem(
            3,
            "import.duplicate_existing",
            {"name": "short 12000", "match_id": match.id, "match_name": "Company 12000"},
        )
    ]


# --- every bad file: the exact problems, and nothing written ---------------------------------


def test_missing_name_column(session: Session, system: Staff) -> None:
    assert _problems(session, system, "company,aliases\nAcme,\n") == [
        ImportProblem(1, "import.bad_header", {"columns": ["company"]}),
        ImportProblem(1, "import.missing_name_column"),
    ]


def test_unknown_and_repeated_columns(session: Session, system: Staff) -> None:
    assert _problems(session, system, "name,name,phone\nA,B,1\n") == [
        ImportProblem(1, "import.duplicate_column", {"column": "name"}),
    ]
    # Unknown columns are reported and the rows are still checked.
    assert _problems(session, system, "name,notes,Remarks\nAcme,hi,x\n,,\n,y,\n") == [
        ImportProblem(1, "import.bad_header", {"columns": ["notes", "remarks"]}),
        ImportProblem(4, "import.empty_name"),
    ]


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"\n\n  \n", b"name,aliases\n\n,\n"])
def test_empty_files(session: Session, system: Staff, data: bytes) -> None:
    assert _problems(session, system, data) == [ImportProblem(0, "import.empty_file")]


def test_empty_names_are_listed_all(session: Session, system: Staff) -> None:
    data = HEADER + "Acme,,,,,,,\n,Alias,,,,,,\nBeta,,,,,,,\n   ,,Retail,,,,,\n"
    assert _problems(session, system, data) == [
        ImportProblem(3, "import.empty_name"),
        ImportProblem(5, "import.empty_name"),
    ]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # The same name twice, three times.
        (
            "Acme,,,,,,,\nOther,,,,,,,\nAcme,,,,,,,\nAcme,,,,,,,\n",
            [(4, "Acme", 2), (5, "Acme", 2)],
        ),
        # A name equal to an earlier alias, and an alias equal to an earlier name.
        (
            "Blue Bay Medical,蓝湾,,,,,,\n蓝湾,,,,,,,\nX,Blue Bay Medical,,,,,,\n",
            [(3, "蓝湾", 2), (4, "Blue Bay Medical", 2)],
        ),
        # Equal only once normalized: legal suffix, width, case, punctuation.
        (
            "蓝湾医疗有限公司,,,,,,,\n蓝湾医疗,,,,,,,\nACME Corp.,,,,,,,\nＡｃｍｅ,,,,,,,\n",
            [(3, "蓝湾医疗", 2), (5, "Ａｃｍｅ", 4)],
        ),
    ],
)
def test_duplicates_inside_the_file_name_the_first_line(
    session: Session, system: Staff, rows: str, expected: list[tuple[int, str, int]]
) -> None:
    assert _problems(session, system, HEADER + rows) == [
        ImportProblem(line, "import.duplicate_in_file", {"name": name, "first_line": first})
        for line, name, first in expected
    ]


def test_an_alias_repeating_its_own_name(session: Session, system: Staff) -> None:
    data = HEADER + "蓝湾医疗有限公司,蓝湾医疗|蓝湾,,,,,,\nAcme,ACME|acme inc,,,,,,\n"
    assert _problems(session, system, data) == [
        ImportProblem(2, "import.alias_repeats_name", {"alias": "蓝湾医疗"}),
        ImportProblem(3, "import.alias_repeats_name", {"alias": "ACME"}),
        ImportProblem(3, "import.alias_repeats_name", {"alias": "acme inc"}),
    ]


def test_duplicates_of_existing_customers(
    session: Session, make_staff: StaffFactory, system: Staff, origin: Origin
) -> None:
    # Owned by a rep of another team: a duplicate whoever may see it.
    existing = customers.create(
        session=session,
        actor=make_staff(Role.REP, "South"),
        data=CustomerCreate(name="厦门蓝湾医疗科技有限公司", aliases=["蓝湾", "Blue Bay"]),
        origin=origin,
    )
    match = {"match_id": existing.id, "match_name": existing.name}
    data = HEADER + "New Co,,,,,,,\n厦门蓝湾医疗科技,,,,,,,\nOther,BLUE BAY|蓝湾,,,,,,\n"
    assert _problems(session, system, data) == [
        ImportProblem(3, "import.duplicate_existing", {"name": "厦门蓝湾医疗科技", **match}),
        ImportProblem(4, "import.duplicate_existing", {"name": "BLUE BAY", **match}),
    ]


def test_unknown_inactive_and_forbidden_owners(
    session: Session, make_staff: StaffFactory, system: Staff
) -> None:
    rep = make_staff(Role.REP, "East")
    gone = make_staff(Role.REP, "East")
    staff_service.set_active(
        session=session, actor=system, staff=gone, active=False, origin=Origin(at=NOW)
    )
    data = (
        HEADER
        + "A,,,,,,,nobody@example.com\n"
        + f"B,,,,,,,{gone.email}\n"
        + f"C,,,,,,,{rep.email.upper()}\n"
        + "D,,,,,,,\n"
        + ",,,,,,,Nobody@Example.com\n"
    )
    assert _problems(session, rep, data) == [
        ImportProblem(2, "import.unknown_owner", {"email": "nobody@example.com"}),
        ImportProblem(3, "import.inactive_owner", {"email": gone.email}),
        ImportProblem(6, "import.empty_name"),
        ImportProblem(6, "import.unknown_owner", {"email": "Nobody@Example.com"}),
    ]


def test_invalid_fields_are_mapped_from_the_schema(session: Session, system: Staff) -> None:
    data = (
        HEADER
        + "Acme,,,,,,not-an-email,\n"
        + f"{'N' * 201},,,,,,,\n"
        + "Beta,,,,TOO-LONG-A-TIER-VALUE-X,,a@b@c,\n"
        + "Gamma,"
        + "|".join(f"g{i}" for i in range(51))
        + ",,,,,,\n"
        + "Nul\x00Co,,,,,,,\n"
    )
    assert _problems(session, system, data) == [
        ImportProblem(2, "import.invalid_field", {"field": "email", "detail": "value_error"}),
        ImportProblem(3, "import.invalid_field", {"field": "name", "detail": "string_too_long"}),
        ImportProblem(4, "import.invalid_field", {"field": "tier", "detail": "string_too_long"}),
        ImportProblem(4, "import.invalid_field", {"field": "email", "detail": "value_error"}),
        ImportProblem(5, "import.invalid_field", {"field": "aliases", "detail": "too_long"}),
        ImportProblem(6, "import.invalid_field", {"field": "name", "detail": "nul"}),
    ]


def test_an_invalid_row_still_counts_for_duplicates(session: Session, system: Staff) -> None:
    data = HEADER + "Acme,,,,,,bad-email,\nAcme,,,,,,,\n"
    assert _problems(session, system, data) == [
        ImportProblem(2, "import.invalid_field", {"field": "email", "detail": "value_error"}),
        ImportProblem(3, "import.duplicate_in_file", {"name": "Acme", "first_line": 2}),
    ]


def test_broken_utf8_lines_are_reported_and_the_rest_still_checked(
    session: Session, system: Staff
) -> None:
    lines = [
        HEADER.encode(),
        "蓝湾医疗,,,,,,,\n".encode(),
        b"Caf\xe9 Noir,,,,,,,\n",  # Latin-1 in a UTF-8 file
        b",,Retail,,,,,\n",
        "华信,,,,,,,\n".encode(),
        b"Ok,\xff\xfe,,,,,,\n",
    ]
    data = b"".join(lines)
    third = len(lines[0]) + len(lines[1])
    sixth = sum(len(line) for line in lines[:5])
    assert _problems(session, system, data) == [
        ImportProblem(3, "import.bad_encoding", {"offset": third + 3, "column": 4}),
        ImportProblem(4, "import.empty_name"),
        ImportProblem(6, "import.bad_encoding", {"offset": sixth + 3, "column": 4}),
    ]


def test_a_bom_file_with_a_bad_line_is_broken_utf8_not_gb18030(
    session: Session, system: Staff
) -> None:
    data = b"\xef\xbb\xbf" + HEADER.encode() + "深圳华信物流".encode("gb18030") + b",,,,,,,\n"
    assert _problems(session, system, data) == [
        ImportProblem(2, "import.bad_encoding", {"offset": 3 + len(HEADER), "column": 1})
    ]


def test_utf16_is_refused_as_a_whole(session: Session, system: Staff) -> None:
    data = (HEADER + "Acme,,,,,,,\n").encode("utf-16")
    assert _problems(session, system, data) == [
        ImportProblem(0, "import.unsupported_encoding", {"encoding": "utf-16"})
    ]


def test_size_limit_is_checked_before_anything_else(session: Session, system: Staff) -> None:
    data = (HEADER + "Acme,,,,,,,\n").encode()
    assert _problems(session, system, data, max_bytes=20) == [
        ImportProblem(0, "import.too_large", {"size": len(data), "limit": 20})
    ]
    # Over the default 16 MiB, and not even CSV: refused on size alone.
    huge = b"\xff" * (16 * 1024 * 1024 + 1)
    assert _problems(session, system, huge) == [
        ImportProblem(0, "import.too_large", {"size": len(huge), "limit": 16 * 1024 * 1024})
    ]


def test_multiline_quoted_fields_keep_line_numbers(session: Session, system: Staff) -> None:
    data = (
        HEADER
        + '"Acme\nHoldings",,"Food,\nand drink",,,,,\n'  # lines 2-4
        + '"Beta","B1|\n\nB2",,,,,,\n'  # lines 5-7: a blank line inside quotes is data
        + "\n"  # line 8
        + ',"only\nan alias",,,,,,\n'  # lines 9-10: no name
        + "Acme Holdings,,,,,,,\n"  # line 11: same as line 2 once normalized
        + 'Gamma,"unterminated,,,,,,\nDelta,,,,,,,\n'  # lines 12-13: quoting never closes
    )
    assert _problems(session, system, data) == [
        ImportProblem(9, "import.empty_name"),
        ImportProblem(11, "import.duplicate_in_file", {"name": "Acme Holdings", "first_line": 2}),
        ImportProblem(12, "import.bad_csv"),
    ]


def test_a_multiline_record_imports_whole(session: Session, system: Staff, origin: Origin) -> None:
    data = HEADER + '"Beta","B1|\n\nB2","Food,\nand drink",,,,,\n'
    import_customers(session=session, actor=system, data=data.encode(), origin=origin)
    beta = _by_name(session, "Beta")
    assert (beta.alias_names, beta.industry) == (["B1", "B2"], "Food,\nand drink")


def test_stray_quotes_and_extra_fields(session: Session, system: Staff) -> None:
    data = (
        "name,industry,\n"  # an empty trailing column, as spreadsheets write
        'Acme "The Best" Co,Food,\n'  # quotes inside an unquoted field are text
        '"Beta"x,Food,\n'
        "Gamma,Food,oops\n"
        "Delta,Food,,,\n"
    )
    assert _problems(session, system, data) == [
        ImportProblem(3, "import.bad_csv"),
        ImportProblem(4, "import.extra_fields", {"expected": 2, "found": 3}),
    ]


def test_the_garbage_collector_is_back_on_after_an_import(
    session: Session, system: Staff, origin: Origin
) -> None:
    assert gc.isenabled()
    _problems(session, system, HEADER + ",,,,,,,\n")
    assert gc.isenabled()
    import_customers(
        session=session, actor=system, data=(HEADER + "Acme,,,,,,,\n").encode(), origin=origin
    )
    assert gc.isenabled()


def test_only_sales_roles_may_import(session: Session, make_staff: StaffFactory) -> None:
    service = make_staff(Role.SERVICE, "Service")
    before = _counts(session)
    with pytest.raises(ForbiddenError):
        import_customers(
            session=session,
            actor=service,
            data=(HEADER + "Acme,,,,,,,\n").encode(),
            origin=Origin(at=NOW),
        )
    assert _counts(session) == before


# --- undo and export ---------------------------------------------------------------------------


def test_undo_reverses_a_whole_import(session: Session, system: Staff, origin: Origin) -> None:
    before = _counts(session)
    data = HEADER + "Acme,ACME Foods|AF,,,,,,\nBeta,,,,,,,\n蓝湾医疗,蓝湾,,,,,,\n"
    report = import_customers(session=session, actor=system, data=data.encode(), origin=origin)

    result = audit.undo_change_set(
        session=session,
        actor=system,
        change_set=report.change_set,
        origin=Origin(at=NOW + timedelta(minutes=5)),
    )

    assert len(result.entries) == report.created + report.aliases
    assert {action for _kind, _id, action in result.entries} == {AuditAction.DELETE}
    assert _counts(session)[:2] == before[:2]
    # And the names are free again.
    again = import_customers(
        session=session, actor=system, data=data.encode(), origin=Origin(at=NOW)
    )
    assert again.created == 3


def test_export_is_visible_customers_in_id_order(
    session: Session, make_staff: StaffFactory, origin: Origin
) -> None:
    east = make_staff(Role.REP, "East")
    east_mate = make_staff(Role.REP, "East")
    south = make_staff(Role.REP, "South")
    for actor, name, aliases in [
        (east, "Zeta, Inc.", ["ZT"]),
        (south, "South Only", []),
        (east_mate, '蓝湾 "医疗"', ["蓝湾", "Blue Bay"]),
    ]:
        customers.create(
            session=session,
            actor=actor,
            data=CustomerCreate(name=name, aliases=aliases, phone="1"),
            origin=origin,
        )

    out = io.StringIO()
    count = export_customers(session=session, actor=east, out=out)

    assert count == 2
    assert out.getvalue().splitlines() == [
        HEADER.strip(),
        f'"Zeta, Inc.",ZT,,,,1,,{east.email}',
        f'"蓝湾 ""医疗""",蓝湾|Blue Bay,,,,1,,{east_mate.email}',
    ]


def test_export_then_import_round_trips(
    session: Session, make_staff: StaffFactory, system: Staff, origin: Origin
) -> None:
    rep = make_staff(Role.REP, "East")
    manager = make_staff(Role.MANAGER, "East")
    samples = [
        (rep, CustomerCreate(name="厦门蓝湾医疗科技有限公司", aliases=["蓝湾", "Blue Bay"])),
        (manager, CustomerCreate(name='Quote "Q" Co', industry="a,b", region="多\n行", tier="A")),
        (system, CustomerCreate(name="Unowned", phone="+86 138 0000 0000", email="x@y.cn")),
    ]
    for actor, data in samples:
        customers.create(session=session, actor=actor, data=data, origin=origin)
    exported = _export(session, system)
    session.execute(delete(CustomerAlias))
    session.execute(delete(Customer))

    report = import_customers(
        session=session, actor=system, data=exported.encode(), origin=Origin(at=NOW)
    )

    assert (report.created, report.aliases) == (3, 2)
    assert _export(session, system) == exported
    assert _by_name(session, "厦门蓝湾医疗科技有限公司").owner_id == rep.id


_NAME = st.text(
    st.characters(codec="utf-8", exclude_characters="\x00|"), min_size=1, max_size=40
).filter(lambda name: name == name.strip() and normalize_name(name) != "")


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(names=st.lists(_NAME, min_size=1, max_size=8, unique_by=normalize_name))
def test_any_distinct_names_round_trip(session: Session, system: Staff, names: list[str]) -> None:
    savepoint = session.begin_nested()
    try:
        session.execute(delete(CustomerAlias))
        session.execute(delete(Customer))
        for name in names:
            customers.create(
                session=session, actor=system, data=CustomerCreate(name=name), origin=Origin()
            )
        exported = _export(session, system)
        session.execute(delete(Customer))

        import_customers(session=session, actor=system, data=exported.encode(), origin=Origin())

        imported = session.scalars(select(Customer.name).order_by(Customer.id)).all()
        assert imported == names
        assert _export(session, system) == exported
    finally:
        savepoint.rollback()


_EMAIL = TypeAdapter(EmailStr)


@settings(max_examples=300)
@given(
    st.one_of(
        st.emails(),
        st.from_regex(
            r"[A-Za-z0-9._%+-]{1,20}@[A-Za-z0-9.-]{1,30}\.[A-Za-z]{2,12}", fullmatch=True
        ),
    )
)
def test_the_plain_email_shortcut_agrees_with_the_full_validator(address: str) -> None:
    shortcut = plain_email_address(address)
    if shortcut is None:
        return
    try:
        validated = _EMAIL.validate_python(address)
    except ValidationError:
        pytest.fail(f"shortcut accepted {address!r}, which the validator refuses")
    assert shortcut == validated


@pytest.mark.parametrize(
    "address",
    [
        "a..b@x.com",
        ".a@x.com",
        "a@x..com",
        "a@-x.com",
        "a@x-.com",
        "a@ab--c.com",
        "a@x.test",
        "a@localhost",
        "a@x.c",
        "a@1.23",
        "名字@例子.中国",
        "Name <a@x.com>",
        f"{'a' * 65}@x.com",
    ],
)
def test_the_plain_email_shortcut_leaves_hard_cases_to_the_validator(address: str) -> None:
    assert plain_email_address(address) is None

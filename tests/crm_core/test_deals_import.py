"""CSV import of deals: every problem by line, nothing half-written, duplicates, undo."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm_core.audit import service as audit
from crm_core.audit.models import AuditAction, AuditEntry
from crm_core.context import Origin
from crm_core.csvload import ImportProblem, ImportRejected
from crm_core.customers import service as customers
from crm_core.customers.models import Customer
from crm_core.customers.schemas import CustomerCreate
from crm_core.deals.importer import DealImportResult, import_deals
from crm_core.deals.models import Deal, DealStage
from crm_core.errors import ForbiddenError
from crm_core.staff.models import Role, Staff
from tests.conftest import NOW, StaffFactory
from tests.crm_core.loyalty.cdnow import CDNOW_CSV
from tests.nlu.corpora import require_corpus

HEADER = "customer,amount,currency,closed_at,title,product,stage\n"


def _customer(
    session: Session, actor: Staff, name: str, *aliases: str, force: bool = False
) -> Customer:
    return customers.create(
        session=session,
        actor=actor,
        data=CustomerCreate(name=name, aliases=list(aliases)),
        origin=Origin(at=NOW),
        force=force,
    )


@pytest.fixture
def lanwan(session: Session, system: Staff) -> Customer:
    return _customer(session, system, "厦门蓝湾医疗科技有限公司", "蓝湾", "Blue Bay")


@pytest.fixture
def pemberton(session: Session, system: Staff) -> Customer:
    return _customer(session, system, "Pemberton Foods Ltd")


def _counts(session: Session) -> tuple[int, int, int]:
    """Deals, customers and audit entries: what a rejected import must leave unchanged."""
    return tuple(  # type: ignore[return-value]
        int(session.scalar(select(func.count()).select_from(model)) or 0)
        for model in (Deal, Customer, AuditEntry)
    )


def _import(session: Session, actor: Staff, data: str | bytes, **options: bool) -> DealImportResult:
    raw = data.encode() if isinstance(data, str) else data
    return import_deals(session, actor, raw, origin=Origin(at=NOW), **options)


def _problems(
    session: Session, actor: Staff, data: str | bytes, **options: bool
) -> list[ImportProblem]:
    """The problems of a rejected import, after checking that it wrote nothing."""
    before = _counts(session)
    with pytest.raises(ImportRejected) as caught:
        _import(session, actor, data, **options)
    assert caught.value.params == {"count": len(caught.value.problems)}
    assert _counts(session) == before
    return caught.value.problems


def _deals(session: Session, change_set: str) -> list[Deal]:
    ids = select(AuditEntry.entity_id).where(
        AuditEntry.change_set == change_set, AuditEntry.entity_type == "deals"
    )
    return list(session.scalars(select(Deal).where(Deal.id.in_(ids)).order_by(Deal.id)))


# --- happy paths ------------------------------------------------------------------------------


def test_import_resolves_customers_reads_amounts_and_dates_and_audits_one_change_set(
    session: Session, system: Staff, lanwan: Customer, pemberton: Customer
) -> None:
    data = (
        HEADER
        + '厦门蓝湾医疗科技有限公司,"35,000.00",,2026-11-20,,,\n'  # exact name
        + "蓝湾,¥1200,,2026/11/21,,监护仪,\n"  # alias; product becomes the title
        + 'blue bay,"€ 99.5",,2026/1/5 15:30,Q1 order,,WON\n'  # alias, any case
        + "PEMBERTON FOODS,$2000,usd,2026-11-24T20:00:00-08:00,,,\n"  # normalized name
        + "Pemberton Foods Ltd,0,GBP,2026-11-24 23:30,,,lost\n"
        + "蓝湾有限公司,10,RMB,2026-12-31,,,proposal\n"  # open: expected close date
        + "蓝湾有限公司,10,RMB,,,,lead\n"
    )
    before = _counts(session)

    result = _import(session, system, data)

    assert result.count == 7
    assert result.totals == {
        "CNY": Decimal("36220.00"),
        "EUR": Decimal("99.50"),
        "GBP": Decimal("0.00"),
        "USD": Decimal("2000.00"),
    }
    assert (result.created_customers, result.duplicates, result.encoding) == (0, 0, "utf-8")
    assert _counts(session) == (before[0] + 7, before[1], before[2] + 7)
    deals = _deals(session, result.change_set)
    assert [
        (
            d.customer_id,
            d.amount,
            d.currency,
            d.stage,
            d.closed_on,
            d.expected_close_on,
            d.title,
            d.product,
        )
        for d in deals
    ] == [
        (lanwan.id, Decimal("35000.00"), "CNY", DealStage.WON, date(2026, 11, 20), None,
         "Imported deal", None),
        (lanwan.id, Decimal("1200.00"), "CNY", DealStage.WON, date(2026, 11, 21), None,
         "监护仪", "监护仪"),
        (lanwan.id, Decimal("99.50"), "EUR", DealStage.WON, date(2026, 1, 5), None,
         "Q1 order", None),
        # 20:00 at UTC-8 is 12:00 the next day in Shanghai, the importer's time zone.
        (pemberton.id, Decimal("2000.00"), "USD", DealStage.WON, date(2026, 11, 25), None,
         "Imported deal", None),
        # A naive time is already the importer's local time.
        (pemberton.id, Decimal("0.00"), "GBP", DealStage.LOST, date(2026, 11, 24), None,
         "Imported deal", None),
        (lanwan.id, Decimal("10.00"), "CNY", DealStage.PROPOSAL, None, date(2026, 12, 31),
         "Imported deal", None),
        (lanwan.id, Decimal("10.00"), "CNY", DealStage.LEAD, None, None, "Imported deal", None),
    ]  # fmt: skip
    assert {d.owner_id for d in deals} == {system.id}
    assert {(d.created_at, d.updated_at) for d in deals} == {(NOW, NOW)}
    entries = session.scalars(
        select(AuditEntry).where(AuditEntry.change_set == result.change_set)
    ).all()
    assert {(e.entity_type, e.action, e.actor_id) for e in entries} == {
        ("deals", AuditAction.CREATE, system.id)
    }
    by_id = {e.entity_id: e for e in entries}
    for deal in deals:
        session.refresh(deal)
        assert by_id[deal.id].after == audit.snapshot(deal)


def test_chinese_headers_bom_and_blank_lines(
    session: Session, system: Staff, lanwan: Customer
) -> None:
    data = (
        "\ufeff 客户 ,金额,币种,成交日期,标题,产品,阶段\r\n蓝湾,100,,2026-11-01,,,赢单\r\n,,,\r\n"
    )

    result = _import(session, system, data.encode())

    assert (result.count, result.encoding) == (1, "utf-8-sig")
    assert _deals(session, result.change_set)[0].stage is DealStage.WON


def test_gb18030_from_excel_is_recognized(
    session: Session, system: Staff, lanwan: Customer
) -> None:
    data = (
        "客户,金额,成交日期\n蓝湾,￥２００,2026-11-01\n厦门蓝湾医疗科技有限公司,1,2026-11-02\n"
    ).encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")

    result = _import(session, system, data)

    assert (result.count, result.encoding) == (2, "gb18030")
    assert result.totals == {"CNY": Decimal("201.00")}


def test_a_stream_is_read_as_well_as_bytes(
    session: Session, system: Staff, lanwan: Customer
) -> None:
    stream = io.BytesIO(b"customer,amount,closed_at\nBlue Bay,5,2026-11-01\n")

    result = import_deals(session, system, stream, origin=Origin(at=NOW))

    assert result.count == 1


def test_names_like_numbers_are_names(session: Session, system: Staff) -> None:
    _customer(session, system, "00001")
    _customer(session, system, "1")

    result = _import(session, system, "customer,amount,closed_at\n00001,29.33,1997-01-01\n")

    (deal,) = _deals(session, result.change_set)
    assert session.get(Customer, deal.customer_id).name == "00001"  # type: ignore[union-attr]


def test_cdnow_sample_loads_through_the_product_path(session: Session, system: Staff) -> None:
    require_corpus(CDNOW_CSV)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(("customer", "amount", "currency", "closed_at"))
    with CDNOW_CSV.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            writer.writerow((f"{int(row['customer_id']):05d}", row["amount"], "USD", row["date"]))

    result = _import(session, system, out.getvalue(), create_customers=True)

    # Same-day orders of equal amounts (40 rows) are not duplicates of each other.
    assert (result.count, result.created_customers) == (6919, 2357)
    assert result.totals == {"USD": Decimal("244091.94")}


# --- problems ---------------------------------------------------------------------------------


def test_every_record_problem_is_reported_by_line(
    session: Session, system: Staff, lanwan: Customer
) -> None:
    data = (
        HEADER
        + "蓝湾,100,,2026-11-01,,,\n"  # 2: fine
        + ",100,,2026-11-01,,,\n"  # 3
        + "Nobody Ltd,100,,2026-11-01,,,\n"  # 4
        + "蓝湾,,,2026-11-01,,,\n"  # 5
        + "蓝湾,abc,,2026-11-01,,,\n"  # 6
        + "蓝湾,-5,,2026-11-01,,,\n"  # 7
        + "蓝湾,1.005,,2026-11-01,,,\n"  # 8
        + "蓝湾,100000000000000,,2026-11-01,,,\n"  # 9
        + "蓝湾,1,RMBX,2026-11-01,,,\n"  # 10
        + "蓝湾,$1,EUR,2026-11-01,,,\n"  # 11
        + "蓝湾,1,,,,,\n"  # 12
        + "蓝湾,1,,2026-02-30,,,\n"  # 13
        + "蓝湾,1,,2026-11-01,,,maybe\n"  # 14
        + f"蓝湾,1,,2026-11-01,{'x' * 201},,\n"  # 15
        + "蓝湾,1,,2026-11-01,,\x00,\n"  # 16
        + '蓝湾,"1,5",,2026-11-01T10:00+25:00,,,\n'  # 17
        + "蓝湾,1,,2026-11-01,,,,extra\n"  # 18
        + 'Nobody Ltd,"1,,2026-11-01\n'  # 19: unclosed quote to the end
    )

    problems = _problems(session, system, data)

    assert problems == [
        ImportProblem(3, "import.required_field", {"field": "customer"}),
        ImportProblem(4, "import.unknown_customer", {"name": "Nobody Ltd"}),
        ImportProblem(5, "import.required_field", {"field": "amount"}),
        ImportProblem(6, "import.invalid_amount", {"value": "abc"}),
        ImportProblem(7, "import.negative_amount", {"value": "-5"}),
        ImportProblem(8, "import.too_many_decimals", {"value": "1.005"}),
        ImportProblem(9, "import.amount_too_large", {"value": "100000000000000"}),
        ImportProblem(10, "import.invalid_currency", {"value": "RMBX"}),
        ImportProblem(11, "import.currency_mismatch", {"symbol": "$", "currency": "EUR"}),
        ImportProblem(12, "import.required_field", {"field": "closed_at"}),
        ImportProblem(13, "import.invalid_date", {"value": "2026-02-30"}),
        ImportProblem(
            14,
            "import.invalid_stage",
            {"value": "maybe", "allowed": ["lead", "qualified", "proposal", "won", "lost"]},
        ),
        ImportProblem(15, "import.invalid_field", {"field": "title", "detail": "string_too_long"}),
        ImportProblem(16, "import.invalid_field", {"field": "product", "detail": "nul"}),
        ImportProblem(17, "import.invalid_amount", {"value": "1,5"}),
        ImportProblem(17, "import.invalid_date", {"value": "2026-11-01T10:00+25:00"}),
        ImportProblem(18, "import.extra_fields", {"expected": 7, "found": 8}),
        ImportProblem(19, "import.bad_csv"),
    ]


def test_header_problems(session: Session, system: Staff) -> None:
    assert _problems(session, system, "客户,customer,price\nx,y,1\n") == [
        ImportProblem(1, "import.bad_header", {"columns": ["price"]}),
        ImportProblem(1, "import.duplicate_column", {"column": "customer"}),
        ImportProblem(1, "import.missing_column", {"column": "amount", "alias": "金额"}),
        ImportProblem(1, "import.missing_column", {"column": "closed_at", "alias": "成交日期"}),
    ]
    assert _problems(session, system, "\n\n") == [ImportProblem(0, "import.empty_file")]
    assert _problems(session, system, HEADER) == [ImportProblem(0, "import.empty_file")]
    assert _problems(session, system, b"\xff\xfec\x00") == [
        ImportProblem(0, "import.unsupported_encoding", {"encoding": "utf-16"})
    ]


def test_too_large_a_file_is_refused_before_reading_it(session: Session, system: Staff) -> None:
    data = (HEADER + "蓝湾,1,,2026-11-01,,,\n").encode()
    with pytest.raises(ImportRejected) as caught:
        import_deals(session, system, io.BytesIO(data), max_bytes=10)
    assert caught.value.problems == [
        ImportProblem(0, "import.too_large", {"size": len(data), "limit": 10})
    ]


def test_a_bad_last_line_leaves_nothing_written(
    session: Session, system: Staff, lanwan: Customer
) -> None:
    good = "".join(f"蓝湾,{number},,2026-11-01,,,\n" for number in range(1, 2001))

    problems = _problems(
        session, system, HEADER + good + "Nobody,1,,2026-11-01,,,\n", create_customers=False
    )

    assert problems == [ImportProblem(2002, "import.unknown_customer", {"name": "Nobody"})]


def test_exact_name_wins_and_homonyms_are_ambiguous(session: Session, system: Staff) -> None:
    acme = _customer(session, system, "ACME Corp")
    acme_too = _customer(session, system, "Acme", force=True)
    _customer(session, system, "Twin", force=True)
    _customer(session, system, "Twin", force=True)
    data = (
        "customer,amount,closed_at\nACME Corp,1,2026-11-01\nAcme,2,2026-11-01\n"
        "acme corp.,3,2026-11-01\nTwin,4,2026-11-01\n"
    )

    problems = _problems(session, system, data)

    assert [(p.line, p.code, p.params["name"]) for p in problems] == [
        (4, "import.ambiguous_customer", "acme corp."),
        (5, "import.ambiguous_customer", "Twin"),
    ]
    assert problems[0].params["candidates"] == [
        f"ACME Corp (#{acme.id})",
        f"Acme (#{acme_too.id})",
    ]
    result = _import(
        session, system, "customer,amount,closed_at\nACME Corp,1,2026-11-01\nAcme,2,2026-11-01\n"
    )
    assert [d.customer_id for d in _deals(session, result.change_set)] == [acme.id, acme_too.id]


def test_reps_resolve_only_customers_they_may_see(
    session: Session, make_staff: StaffFactory
) -> None:
    east = make_staff(Role.REP, team="East")
    west = make_staff(Role.REP, team="West")
    _customer(session, west, "West Only Co")
    mine = _customer(session, east, "East Co")
    data = "customer,amount,closed_at\nWest Only Co,1,2026-11-01\nEast Co,2,2026-11-01\n"

    assert _problems(session, east, data) == [
        ImportProblem(2, "import.unknown_customer", {"name": "West Only Co"})
    ]
    # Creating it would duplicate a customer the rep cannot see: refused, named.
    assert _problems(session, east, data, create_customers=True) == [
        ImportProblem(2, "import.hidden_customer", {"name": "West Only Co"})
    ]
    result = _import(session, east, "customer,amount,closed_at\nEast Co,2,2026-11-01\n")
    (deal,) = _deals(session, result.change_set)
    assert (deal.customer_id, deal.owner_id) == (mine.id, east.id)


def test_service_staff_cannot_import_deals(session: Session, make_staff: StaffFactory) -> None:
    agent = make_staff(Role.SERVICE)
    with pytest.raises(ForbiddenError):
        _import(session, agent, "customer,amount,closed_at\nX,1,2026-11-01\n")


# --- duplicates, new customers, undo ----------------------------------------------------------


def test_the_same_file_twice_is_refused_unless_duplicates_are_allowed(
    session: Session, system: Staff, lanwan: Customer
) -> None:
    data = (
        "customer,amount,closed_at,product\n"
        "蓝湾,100,2026-11-01,\n"
        "蓝湾,100,2026-11-01,\n"  # the same order twice in one file is fine
        "蓝湾,100,2026-11-01,监护仪\n"
    )
    first = _import(session, system, data)
    ids = [deal.id for deal in _deals(session, first.change_set)]
    changed = data.replace("监护仪", "耗材") + "蓝湾,100.00,2026/11/01 10:00,\n"

    problems = _problems(session, system, changed)

    assert problems == [
        ImportProblem(2, "import.duplicate_deal", {"deal_id": ids[0]}),
        ImportProblem(3, "import.duplicate_deal", {"deal_id": ids[0]}),
        ImportProblem(5, "import.duplicate_deal", {"deal_id": ids[0]}),
    ]
    again = _import(session, system, changed, allow_duplicates=True)
    assert (again.count, again.duplicates) == (4, 3)


def test_create_customers_adds_each_missing_one_once_in_the_same_change_set(
    session: Session, make_staff: StaffFactory
) -> None:
    rep = make_staff(Role.REP)
    data = (
        "customer,amount,closed_at\n"
        "深圳华信物流有限公司,1,2026-11-01\n"
        "深圳华信物流,2,2026-11-02\n"  # the same customer, normalized
        "New Co,3,2026-11-03\n"
    )
    assert _problems(session, rep, data) == [
        ImportProblem(2, "import.unknown_customer", {"name": "深圳华信物流有限公司"}),
        ImportProblem(3, "import.unknown_customer", {"name": "深圳华信物流"}),
        ImportProblem(4, "import.unknown_customer", {"name": "New Co"}),
    ]
    before = _counts(session)

    result = _import(session, rep, data, create_customers=True)

    assert (result.count, result.created_customers) == (3, 2)
    assert _counts(session) == (before[0] + 3, before[1] + 2, before[2] + 5)
    deals = _deals(session, result.change_set)
    created = {deal.customer_id: session.get(Customer, deal.customer_id) for deal in deals}
    assert sorted((c.name, c.normalized_name, c.owner_id) for c in created.values() if c) == [
        ("New Co", "new", rep.id),
        ("深圳华信物流有限公司", "深圳华信物流", rep.id),
    ]
    assert deals[0].customer_id == deals[1].customer_id
    assert customers.find_by_name(session=session, actor=rep, name="深圳华信物流") is not None
    long_name = "长" * 201
    assert _problems(
        session,
        rep,
        f"customer,amount,closed_at\n{long_name},1,2026-11-01\n",
        create_customers=True,
    ) == [
        ImportProblem(2, "import.invalid_field", {"field": "customer", "detail": "string_too_long"})
    ]


def test_undo_reverses_the_whole_import_with_its_new_customers(
    session: Session, system: Staff, lanwan: Customer
) -> None:
    before = _counts(session)
    result = _import(
        session,
        system,
        "customer,amount,closed_at\n蓝湾,1,2026-11-01\nBrand New,2,2026-11-02\n",
        create_customers=True,
    )
    assert _counts(session)[:2] == (before[0] + 2, before[1] + 1)

    undone = audit.undo_last(session=session, actor=system, origin=Origin(at=NOW))

    assert undone.change_set == result.change_set
    assert len(undone.entries) == 3
    assert _counts(session)[:2] == before[:2]
    assert session.get(Customer, lanwan.id) is not None

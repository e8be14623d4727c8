"""The demo company: big enough, bilingual, a believable year, deterministic, fully audited.

The demo is seeded once per engine into its own database and committed, as `crm demo` does;
the read-only tests share it. The determinism test seeds a second time through `session`.
"""

import re
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from crm_core import migrate
from crm_core.audit.models import AuditAction, AuditEntry
from crm_core.customers import service as customers
from crm_core.customers.models import Contact, Customer, CustomerAlias, CustomerStatus
from crm_core.db import make_engine, make_session_factory, transaction
from crm_core.deals.models import Deal, DealStage
from crm_core.demo import DEMO_EMAIL_DOMAIN, DemoSummary, has_demo_data, seed_demo
from crm_core.errors import DuplicateError
from crm_core.followups.models import FollowUp, FollowUpStatus
from crm_core.interactions.models import Interaction
from crm_core.normalize import normalize_name
from crm_core.staff import service as staff_service
from crm_core.staff.models import Locale, Role, Staff, Team
from crm_core.tickets import service as tickets
from crm_core.tickets.models import Priority, Ticket, TicketStatus
from tests.conftest import NOW, create_pg_database, drop_pg_database

CJK = re.compile(r"[\u4e00-\u9fff]")
CHINESE_REGIONS = {"华东", "华南", "华北", "西南"}


@dataclass(frozen=True)
class Seeded:
    engine: Engine
    summary: DemoSummary
    seconds: float
    seeded_before: bool


@pytest.fixture(scope="module")
def seeded(engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    """A fresh database per engine, migrated, seeded and committed once for this module."""
    pg_url: str | None = None
    if engine.dialect.name == "sqlite":
        url = f"sqlite:///{Path(tmp_path_factory.mktemp('demo')) / 'demo.db'}"
    else:
        url = pg_url = create_pg_database()
    demo_engine = make_engine(url)
    try:
        migrate.upgrade(demo_engine)
        started = time.perf_counter()
        with transaction(make_session_factory(demo_engine)) as session:
            seeded_before = has_demo_data(session=session)
            summary = seed_demo(session=session, now=NOW)
        seconds = time.perf_counter() - started
        yield Seeded(demo_engine, summary, seconds, seeded_before)
    finally:
        demo_engine.dispose()
        if pg_url is not None:
            drop_pg_database(pg_url)


@pytest.fixture
def db(seeded: Seeded) -> Iterator[Session]:
    with Session(seeded.engine) as session:
        yield session


def _count(db: Session, model: type[object]) -> int:
    return int(db.scalar(select(func.count()).select_from(model)) or 0)


def test_the_company_has_the_promised_size(seeded: Seeded, db: Session) -> None:
    summary = seeded.summary
    assert not seeded.seeded_before
    assert has_demo_data(session=db)
    assert summary.teams >= 4
    assert 10 <= summary.staff <= 15
    assert summary.customers >= 60
    assert summary.contacts >= summary.customers
    assert 300 <= summary.interactions <= 1600
    assert summary.followups >= 100
    assert summary.deals >= 150
    assert 30 <= summary.tickets <= 50
    # The summary counts what is in the database (plus the system actor among the staff).
    assert _count(db, Team) == summary.teams
    assert _count(db, Staff) == summary.staff + 1
    assert _count(db, Customer) == summary.customers
    assert _count(db, Contact) == summary.contacts
    assert _count(db, Interaction) == summary.interactions
    assert _count(db, FollowUp) == summary.followups
    assert _count(db, Deal) == summary.deals
    assert _count(db, Ticket) == summary.tickets
    # Generous: the point is that seeding stays interactive (a few seconds here).
    assert seeded.seconds < 60


def test_staff_roles_locales_and_time_zones(seeded: Seeded, db: Session) -> None:
    summary = seeded.summary
    staff = staff_service.list_staff(session=db)
    assert {s.email for s in staff} == {
        e for emails in summary.emails_by_role.values() for e in emails
    }
    assert all(s.email.endswith(f"@{DEMO_EMAIL_DOMAIN}") for s in staff)
    assert "zhou.min@demo.crm.example" in summary.manager_emails
    assert len(summary.admin_emails) == 1
    assert 2 <= len(summary.service_emails) <= 3
    managers = [s for s in staff if s.role is Role.MANAGER]
    assert sorted(m.team.name for m in managers if m.team) == sorted(summary.sales_teams)
    for member in staff:
        if member.locale is Locale.ZH_CN:
            assert member.timezone == "Asia/Shanghai"
    international = [s for s in staff if s.team and s.team.name == "International Key Accounts"]
    assert international
    assert all(s.locale is Locale.EN for s in international)
    assert {s.timezone for s in international} >= {"Europe/London", "Asia/Singapore"}


def test_customers_are_bilingual_and_include_the_design_examples(db: Session) -> None:
    rows = list(db.scalars(select(Customer)))
    chinese = [c for c in rows if CJK.search(c.name)]
    english = [c for c in rows if not CJK.search(c.name)]
    assert len(chinese) >= 35
    assert len(english) >= 15
    system = staff_service.system_actor(session=db)
    for text, full_name in [
        ("蓝湾", "厦门蓝湾医疗科技有限公司"),
        ("蓝湾医疗", "厦门蓝湾医疗科技有限公司"),
        ("青禾食品", "杭州青禾食品股份有限公司"),
        ("Pemberton", "Pemberton Foods Ltd"),
        ("P&G", "Procter & Gamble"),
        ("Northwind", "Northwind Traders"),
    ]:
        assert customers.find_by_name(session=db, actor=system, name=text).name == full_name
    assert all(c.phone and c.email and c.industry and c.region for c in rows)
    assert {c.tier for c in rows} == {"A", "B", "C"}
    statuses = [c.status for c in rows]
    assert statuses.count(CustomerStatus.ACTIVE) > len(rows) * 0.7
    assert CustomerStatus.DORMANT in statuses
    assert CustomerStatus.LOST in statuses
    lanwan = customers.find_by_name(session=db, actor=system, name="蓝湾")
    contacts = customers.contacts(session=db, actor=system, customer_id=lanwan.id)
    assert any(c.name.startswith("周") and "主任" in (c.title or "") for c in contacts)
    pemberton = customers.find_by_name(session=db, actor=system, name="Pemberton")
    names = [c.name for c in customers.contacts(session=db, actor=system, customer_id=pemberton.id)]
    assert "Priya Shah" in names


def test_every_customer_is_owned_by_a_rep_of_the_right_sales_team(
    seeded: Seeded, db: Session
) -> None:
    for customer in db.scalars(select(Customer)):
        assert customer.owner_id is not None
        owner = db.get_one(Staff, customer.owner_id)
        assert owner.role in (Role.REP, Role.MANAGER)
        assert owner.team is not None
        assert owner.team.name in seeded.summary.sales_teams
        chinese_market = customer.region in CHINESE_REGIONS
        assert chinese_market == (owner.team.name != "International Key Accounts"), customer.name


def test_no_two_customers_share_a_normalized_name(db: Session) -> None:
    keys = [normalize_name(name) for name in db.scalars(select(Customer.name))]
    keys += [normalize_name(alias) for alias in db.scalars(select(CustomerAlias.alias))]
    assert len(keys) == len(set(keys))
    stored = list(db.scalars(select(Customer.normalized_name)))
    stored += list(db.scalars(select(CustomerAlias.normalized_alias)))
    assert sorted(stored) == sorted(keys)


def test_a_year_of_history_at_office_hours_by_the_owner(db: Session) -> None:
    rows = db.execute(
        select(Interaction, Customer.owner_id, Staff.timezone)
        .join(Customer, Customer.id == Interaction.customer_id)
        .join(Staff, Staff.id == Interaction.author_id)
    ).all()
    times = [interaction.occurred_at for interaction, _, _ in rows]
    assert max(times) < NOW
    assert max(times) - min(times) > timedelta(days=300)
    assert NOW - max(times) < timedelta(days=3)
    for interaction, owner_id, zone in rows:
        assert interaction.author_id == owner_id
        local = interaction.occurred_at.astimezone(ZoneInfo(zone))
        assert 9 <= local.hour < 18, (interaction.summary, local)
        assert local.weekday() < 5
        assert interaction.occurred_at <= interaction.created_at < NOW
        assert interaction.summary.strip()
    languages = {bool(CJK.search(interaction.summary)) for interaction, _, _ in rows}
    assert languages == {True, False}


def test_repeat_buyers_and_every_loyalty_segment(db: Session) -> None:
    today = NOW.date()
    orders: dict[int, list[date]] = defaultdict(list)
    for deal in db.scalars(select(Deal).where(Deal.stage == DealStage.WON)):
        assert deal.closed_on is not None
        assert deal.closed_on <= today
        assert deal.currency in ("CNY", "USD")
        if deal.currency == "CNY":
            assert Decimal(20_000) <= deal.amount <= Decimal(2_000_000), deal.title
        orders[deal.customer_id].append(deal.closed_on)
    currencies = set(db.scalars(select(Deal.currency).where(Deal.stage == DealStage.WON)))
    assert currencies == {"CNY", "USD"}

    def recency(customer_id: int) -> int:
        return (today - max(orders[customer_id])).days

    repeat = [c for c, days in orders.items() if len(days) >= 5]
    champions = [c for c in repeat if len(orders[c]) >= 8 and recency(c) <= 45]
    at_risk = [c for c in orders if len(orders[c]) >= 3 and recency(c) > 120]
    hibernating = [c for c in orders if len(orders[c]) <= 2 and recency(c) > 240]
    new = [c for c in orders if (today - min(orders[c])).days <= 60]
    never_bought = _count(db, Customer) - len(orders)
    assert len(repeat) >= 15
    assert len(champions) >= 5
    assert len(at_risk) >= 5
    assert len(hibernating) >= 4
    assert len(new) >= 3
    assert never_bought >= 3
    stages = list(db.scalars(select(Deal.stage)))
    open_pipeline = [
        s for s in stages if s in (DealStage.LEAD, DealStage.QUALIFIED, DealStage.PROPOSAL)
    ]
    assert len(open_pipeline) >= 10
    assert {DealStage.LEAD, DealStage.QUALIFIED, DealStage.PROPOSAL} <= set(open_pipeline)
    assert stages.count(DealStage.LOST) >= 3


def test_followups_upcoming_overdue_and_done(db: Session) -> None:
    rows = list(db.scalars(select(FollowUp)))
    open_rows = [f for f in rows if f.status is FollowUpStatus.OPEN]
    upcoming = [f for f in open_rows if NOW < f.due_at <= NOW + timedelta(days=14)]
    overdue = [f for f in open_rows if f.due_at <= NOW]
    done = [f for f in rows if f.status is FollowUpStatus.DONE]
    assert len(upcoming) >= 10
    assert overdue
    assert all(f.due_at > NOW - timedelta(days=11) for f in overdue)
    assert len(done) >= 100
    assert any(f.status is FollowUpStatus.CANCELLED for f in rows)
    for followup in rows:
        assert followup.created_at < NOW
        assert followup.note
        if followup.status is not FollowUpStatus.OPEN:
            assert followup.completed_at is not None
            assert followup.created_at < followup.completed_at < NOW


def test_tickets_in_every_state_some_past_their_sla(db: Session) -> None:
    rows = list(db.scalars(select(Ticket).order_by(Ticket.id)))
    numbers = [int(t.number.removeprefix("T-")) for t in rows]
    assert numbers == list(range(1001, 1001 + len(rows)))
    assert {t.status for t in rows} == set(TicketStatus)
    assert {t.priority for t in rows} == set(Priority)
    for ticket in rows:
        assert db.get_one(Staff, ticket.reporter_id).role is Role.SERVICE
        assert ticket.opened_at < NOW
        if ticket.satisfaction is not None:
            assert ticket.status in (TicketStatus.RESOLVED, TicketStatus.CLOSED)
            assert 1 <= ticket.satisfaction <= 5
        if ticket.status is TicketStatus.CLOSED:
            assert ticket.closed_at is not None
            assert ticket.opened_at < ticket.closed_at < NOW
    rated = [t.satisfaction for t in rows if t.satisfaction is not None]
    assert len(rated) >= 20
    assert min(rated) <= 2
    assert max(rated) == 5
    assert len(tickets.breaching(session=db, now=NOW)) >= 3
    titles = {t.title for t in rows}
    assert any(CJK.search(title) for title in titles)
    assert any(not CJK.search(title) for title in titles)


def test_every_write_is_audited_at_its_historical_time(db: Session) -> None:
    rows = db.execute(
        select(AuditEntry.entity_type, func.count())
        .where(AuditEntry.action == AuditAction.CREATE)
        .group_by(AuditEntry.entity_type)
    ).all()
    creates: dict[str, int] = dict(rows)
    for model in (Team, Customer, CustomerAlias, Contact, Interaction, FollowUp, Deal, Ticket):
        assert creates.get(model.__tablename__) == _count(db, model), model.__tablename__
    assert creates["staff"] == _count(db, Staff) - 1  # the system actor is not a write
    latest = db.scalar(select(func.max(AuditEntry.at)))
    assert latest is not None
    assert latest < NOW
    customer_times = sorted(db.scalars(select(Customer.created_at)))
    audited = sorted(
        db.scalars(
            select(AuditEntry.at).where(
                AuditEntry.entity_type == "customers", AuditEntry.action == AuditAction.CREATE
            )
        )
    )
    assert audited == customer_times
    assert customer_times[-1] - customer_times[0] > timedelta(days=300)
    channels = set(db.scalars(select(AuditEntry.channel).distinct()))
    assert {"wecom", "telegram"} <= channels
    # Status changes, deal stages, completed follow-ups and ticket moves are updates.
    updates = db.scalar(select(func.count()).where(AuditEntry.action == AuditAction.UPDATE))
    assert (updates or 0) > 200


def test_same_seed_same_company_and_only_once(seeded: Seeded, session: Session) -> None:
    assert not has_demo_data(session=session)
    summary = seed_demo(session=session, now=NOW)
    assert has_demo_data(session=session)
    assert summary == seeded.summary
    demo_owned = (
        select(Customer.name)
        .join(Staff, Staff.id == Customer.owner_id)
        .where(Staff.email.like(f"%@{DEMO_EMAIL_DOMAIN}"))
        .order_by(Customer.id)
    )
    summaries = select(Interaction.summary).order_by(Interaction.occurred_at, Interaction.id)
    with Session(seeded.engine) as first:
        assert list(session.scalars(demo_owned)) == list(first.scalars(demo_owned))
        assert list(session.scalars(summaries.limit(200))) == list(
            first.scalars(summaries.limit(200))
        )
    with pytest.raises(DuplicateError):
        seed_demo(session=session, now=NOW)


def test_now_must_carry_a_time_zone(session: Session) -> None:
    with pytest.raises(ValueError, match="naive"):
        seed_demo(session=session, now=datetime(2026, 11, 25, 9, 30))  # noqa: DTZ001
    assert not has_demo_data(session=session)

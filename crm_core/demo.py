"""The demo company: a year of believable, bilingual CRM history, seeded through the services.

Every row goes through the same services as real use (permission checks, duplicate refusal, the
audit log), with `Origin.at` set in the past so `created_at` and the audit trail read as a history
and the writes happen in time order. Customers follow personas (champion, loyal, at risk,
hibernating, lost, new, prospect) so the loyalty figures have every segment to find.
Deterministic for a given seed and `now`. Never commits: the caller does.
"""

from __future__ import annotations

import math
import random
import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from functools import cache, partial
from importlib import resources
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter
from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_core.context import Origin
from crm_core.customers import service as customers
from crm_core.customers.models import Customer, CustomerStatus
from crm_core.customers.schemas import ContactCreate, CustomerCreate, CustomerUpdate
from crm_core.deals import service as deals
from crm_core.deals.models import Deal, DealStage
from crm_core.errors import DuplicateError
from crm_core.followups import service as followups
from crm_core.followups.models import FollowUp
from crm_core.interactions import service as interactions
from crm_core.interactions.models import InteractionKind
from crm_core.staff import service as staff_service
from crm_core.staff.models import Channel, Locale, Role, Staff
from crm_core.staff.schemas import StaffCreate
from crm_core.tickets import service as tickets
from crm_core.tickets.models import Priority, Ticket, TicketStatus
from crm_core.timeutil import ensure_aware

# `.example` is reserved for documentation (RFC 2606) and accepted by the e-mail validator,
# unlike `.local`; no demo address can ever reach a real mailbox.
DEMO_EMAIL_DOMAIN = "demo.crm.example"

Persona = Literal["champion", "loyal", "at_risk", "hibernating", "lost", "new", "prospect"]
Tone = Literal["warm", "cool", "early", "order", "lost"]
Lang = Literal["zh", "en"]
DealTitle = Literal["order", "project", "expansion"]

_USD_PER_CNY = Decimal("7.2")
# Typical order size per tier, in CNY; each order varies around the customer's own size.
_TIER_ORDER_CNY: dict[str, tuple[int, int]] = {
    "A": (250_000, 800_000),
    "B": (80_000, 250_000),
    "C": (25_000, 70_000),
}
_MIN_ORDER_CNY = 20_000
_MAX_ORDER_CNY = 2_000_000
# Orders this large go through a proposal first rather than being booked directly.
_BIG_ORDER_CNY = 500_000
_FOLLOWUP_SLOTS = ((9, 30), (10, 0), (14, 30), (15, 0), (16, 0))


# --- the data files --------------------------------------------------------------------------


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _TeamSpec(_Spec):
    name: str
    sales: bool


class _StaffSpec(_Spec):
    key: str
    name: str
    role: Role
    team: str | None
    locale: Locale
    timezone: str


class _StaffFile(_Spec):
    teams: list[_TeamSpec]
    staff: list[_StaffSpec]


class _ContactSpec(_Spec):
    name: str
    title: str
    # How the rep refers to them in a note: 周主任, Priya, Mr. Smith.
    call: str


class _OpenDealSpec(_Spec):
    title: str
    product: str
    qty: int
    stage: DealStage


class _CustomerSpec(_Spec):
    name: str
    aliases: list[str]
    industry: str
    region: str
    tier: Literal["A", "B", "C"]
    sector: str
    persona: Persona
    owner: str
    phone: str
    email: str
    contacts: list[_ContactSpec] = Field(default_factory=list)
    open_deal: _OpenDealSpec | None = None


class _Product(_Spec):
    zh: str
    unit: str
    en: str
    en_plural: str
    price: int  # CNY per unit
    max_qty: int | None = None


class _ZhContactPool(_Spec):
    surnames: list[str]
    given: list[str]
    mobiles: list[str]
    titles: dict[str, list[tuple[str, str]]]


class _EnContactPool(_Spec):
    first: list[str]
    last: list[str]
    mobiles: dict[str, str]
    titles: dict[str, list[str]]


class _ContactPools(_Spec):
    zh: _ZhContactPool
    en: _EnContactPool


class _Phrases(_Spec):
    products: dict[str, _Product]
    sectors: dict[str, list[str]]
    contacts: _ContactPools
    interactions: dict[Lang, dict[Tone, list[tuple[InteractionKind, str]]]]
    followups: dict[Lang, list[str]]
    deal_titles: dict[Lang, dict[DealTitle, str]]
    tickets: dict[Lang, dict[str, list[tuple[str, str, Priority]]]]


@dataclass(frozen=True, slots=True)
class _DemoData:
    teams: tuple[_TeamSpec, ...]
    staff: tuple[_StaffSpec, ...]
    customers: tuple[_CustomerSpec, ...]
    phrases: _Phrases


@cache
def _load() -> _DemoData:
    """Read and validate the data files once; a typo fails loudly here, not mid-seed."""
    root = resources.files("crm_core") / "demo_data"
    staff_file = _StaffFile.model_validate_json((root / "staff.json").read_text("utf-8"))
    customer_specs = TypeAdapter(list[_CustomerSpec]).validate_json(
        (root / "customers.json").read_text("utf-8")
    )
    phrases = _Phrases.model_validate_json((root / "phrases.json").read_text("utf-8"))
    return _DemoData(
        teams=tuple(staff_file.teams),
        staff=tuple(staff_file.staff),
        customers=tuple(customer_specs),
        phrases=phrases,
    )


# --- public API --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What was seeded: row counts and the demo accounts to log in or act as."""

    teams: int
    staff: int
    customers: int
    contacts: int
    interactions: int
    followups: int
    deals: int
    tickets: int
    sales_teams: tuple[str, ...]
    admin_emails: tuple[str, ...]
    manager_emails: tuple[str, ...]
    rep_emails: tuple[str, ...]
    service_emails: tuple[str, ...]

    @property
    def emails_by_role(self) -> dict[Role, tuple[str, ...]]:
        return {
            Role.ADMIN: self.admin_emails,
            Role.MANAGER: self.manager_emails,
            Role.REP: self.rep_emails,
            Role.SERVICE: self.service_emails,
        }


def demo_email(key: str) -> str:
    """The demo address of a staff member: zhou.min -> zhou.min@demo.crm.example."""
    return f"{key}@{DEMO_EMAIL_DOMAIN}"


def has_demo_data(*, session: Session) -> bool:
    """True once any demo staff account exists, so `crm demo` seeds only once."""
    found = session.scalar(
        select(Staff.id).where(Staff.email.like(f"%@{DEMO_EMAIL_DOMAIN}")).limit(1)
    )
    return found is not None


def seed_demo(*, session: Session, now: datetime, seed: int = 7) -> DemoSummary:
    """Seed the demo company with a year of history before `now`; the caller commits."""
    now = ensure_aware(now)
    data = _load()
    if has_demo_data(session=session):
        # Said up front rather than by the first staff write that would clash.
        raise DuplicateError("staff.duplicate_email", email=demo_email(data.staff[0].key))
    return _Seeder(session=session, now=now, rng=random.Random(seed), data=data).run()


# --- planning ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _PlannedContact:
    name: str
    title: str
    call: str
    phone: str
    email: str | None
    wechat_id: str | None


@dataclass(slots=True)
class _Account:
    """One demo customer while it is planned and then written."""

    spec: _CustomerSpec
    lang: Lang
    tz: ZoneInfo
    products: list[str]
    order_size_cny: float
    created_days_ago: float
    contacts: list[_PlannedContact] = field(default_factory=list)
    order_days_ago: list[float] = field(default_factory=list)
    customer: Customer | None = None
    contact_ids: list[int] = field(default_factory=list)

    @property
    def owner(self) -> str:
        return self.spec.owner

    @property
    def short(self) -> str:
        return self.spec.aliases[0] if self.spec.aliases else self.spec.name

    @property
    def currency(self) -> str:
        return "CNY" if self.lang == "zh" else "USD"

    def row(self) -> Customer:
        assert self.customer is not None, "customer used before it was created"
        return self.customer


@dataclass(frozen=True, slots=True)
class _DealPlan:
    title: str
    items: str
    amount: Decimal
    currency: str
    product: str
    stage: DealStage
    expected_close_on: date | None = None


@dataclass(frozen=True, slots=True)
class _Text:
    kind: InteractionKind
    summary: str
    contact: int | None  # index into the account's contacts


@dataclass(frozen=True, slots=True)
class _FollowUpPlan:
    key: int
    due: datetime
    note: str


@dataclass(frozen=True, slots=True)
class _TicketPlan:
    key: int
    account: _Account
    reporter: str
    assignee: str | None
    title: str
    description: str
    priority: Priority


@dataclass(frozen=True, slots=True)
class _TicketStep:
    at: datetime
    status: TicketStatus | None = None
    rating: int | None = None


@dataclass(order=True, slots=True)
class _Event:
    """One write of the replay; `run` receives `at`, which becomes the write's `Origin.at`."""

    at: datetime
    seq: int
    run: Callable[[datetime], None] = field(compare=False)


@dataclass(slots=True)
class _Counts:
    contacts: int = 0
    interactions: int = 0
    followups: int = 0
    deals: int = 0
    tickets: int = 0


_OPEN_DEAL_CHANCE: dict[Persona, float] = {
    "champion": 0.5,
    "loyal": 0.4,
    "at_risk": 0.2,
    "new": 0.5,
    "prospect": 1.0,
}
_TICKET_WEIGHT: dict[Persona, float] = {"at_risk": 4.0, "lost": 3.0, "hibernating": 1.5}
# The live ticket queue at `now`: (hours since opened, priority, where it stands).
_LIVE_QUEUE: tuple[tuple[float, Priority, str], ...] = (
    (2, Priority.NORMAL, "new"),
    (5, Priority.HIGH, "in_progress"),
    (26, Priority.URGENT, "in_progress"),
    (50, Priority.HIGH, "new"),
    (52, Priority.NORMAL, "in_progress"),
    (120, Priority.LOW, "in_progress"),
    (190, Priority.NORMAL, "reopened"),
    (96, Priority.URGENT, "resolved"),
    (150, Priority.NORMAL, "resolved"),
    (240, Priority.HIGH, "closed"),
)
_HISTORIC_TICKETS = 30


def _every(rng: random.Random, first: float, stop: float, gap: tuple[float, float]) -> list[float]:
    """Days-ago of a repeat purchase rhythm: from `first` towards `stop`, a gap in `gap`."""
    days: list[float] = []
    day = first
    while day > stop:
        days.append(day)
        day -= rng.uniform(*gap)
    return days


# (from days ago, to days ago, mean days between two conversations, tone)
_Phase = tuple[float, float, float, Tone]


def _rhythm(
    rng: random.Random, persona: Persona, start: float
) -> tuple[list[float], list[_Phase], float | None]:
    """A persona's year: when it bought (days ago), how often the rep talked to it and in
    what mood, and when it was lost. `start` is how many days ago the customer was entered."""
    year = min(start, 365.0)
    orders: list[float] = []
    phases: list[_Phase] = [(start, 0, 14, "early")]  # a prospect: talks, has not bought yet
    lost_day: float | None = None
    if persona in ("champion", "loyal"):
        jitter, stop, gap, talk = (
            (20, 3, (18, 40), 10) if persona == "champion" else (50, 5, (45, 95), 21)
        )
        orders = _every(rng, year - rng.uniform(0, jitter), stop, gap)
        phases = [(year, 0, talk, "warm")]
    elif persona == "at_risk":
        quiet = rng.uniform(150, 220)
        orders = _every(rng, year - rng.uniform(0, 20), quiet, (25, 50))
        phases = [(year, quiet, 13, "warm"), (quiet, 0, 45, "cool")]
    elif persona == "hibernating":
        count = rng.choice((1, 1, 2))
        orders = sorted((rng.uniform(260, 355) for _ in range(count)), reverse=True)
        phases = [(year, 250, 25, "warm"), (250, 0, 110, "cool")]
    elif persona == "lost":
        lost_day = rng.uniform(120, 170)
        orders = _every(rng, year - rng.uniform(0, 30), lost_day + 45, (40, 70))
        phases = [(year, lost_day + 60, 16, "warm"), (lost_day + 60, lost_day, 14, "cool")]
    elif persona == "new":
        first = start - rng.uniform(4, 12)
        orders = [first, first - rng.uniform(18, 30)] if rng.random() < 0.4 else [first]
        orders = [day for day in orders if day > 2]
        phases = [(start, 0, 7, "early")]
    return orders, phases, lost_day


class _Seeder:
    """Plans the whole history with one random generator, then replays it in time order.

    Replaying in time order keeps ids, ticket numbers and audit entries in the order things
    happened, as they would be in a CRM that had really been used for a year.
    """

    def __init__(
        self, *, session: Session, now: datetime, rng: random.Random, data: _DemoData
    ) -> None:
        self.session = session
        self.now = now
        # Nothing is written in the last minutes before `now`: "now" must stay in the future.
        self.latest = now - timedelta(minutes=5)
        self.rng = rng
        self.data = data
        self.phrases = data.phrases
        self.staff_specs = {spec.key: spec for spec in data.staff}
        self.staff: dict[str, Staff] = {}
        self.events: list[_Event] = []
        self.deals: dict[int, Deal] = {}
        self.followups: dict[int, FollowUp] = {}
        self.tickets: dict[int, Ticket] = {}
        self.counts = _Counts()
        self._next_key = 0

    # -- driver --

    def run(self) -> DemoSummary:
        self._create_staff()
        accounts = [self._plan_account(spec) for spec in self.data.customers]
        self._plan_tickets(accounts)
        for event in sorted(self.events):
            event.run(event.at)
        self.session.flush()
        return self._summary(accounts)

    def _at(self, when: datetime, action: Callable[[datetime], None]) -> None:
        assert when < self.now, f"demo event in the future: {when.isoformat()}"
        self.events.append(_Event(when, len(self.events), action))

    def _key(self) -> int:
        self._next_key += 1
        return self._next_key

    def _summary(self, accounts: Sequence[_Account]) -> DemoSummary:
        def emails(role: Role) -> tuple[str, ...]:
            return tuple(demo_email(s.key) for s in self.data.staff if s.role is role)

        return DemoSummary(
            teams=len(self.data.teams),
            staff=len(self.staff),
            customers=len(accounts),
            contacts=self.counts.contacts,
            interactions=self.counts.interactions,
            followups=self.counts.followups,
            deals=self.counts.deals,
            tickets=self.counts.tickets,
            sales_teams=tuple(team.name for team in self.data.teams if team.sales),
            admin_emails=emails(Role.ADMIN),
            manager_emails=emails(Role.MANAGER),
            rep_emails=emails(Role.REP),
            service_emails=emails(Role.SERVICE),
        )

    # -- time and text helpers --

    def _tz(self, staff_key: str) -> ZoneInfo:
        return ZoneInfo(self.staff_specs[staff_key].timezone)

    def _origin(self, staff_key: str, at: datetime) -> Origin:
        """Chinese staff write from WeCom, the international team from Telegram."""
        chinese = self.staff_specs[staff_key].locale is Locale.ZH_CN
        return Origin(channel=Channel.WECOM if chinese else Channel.TELEGRAM, at=at)

    def _work_time(self, day: date, tz: ZoneInfo) -> datetime:
        """A moment in office hours (9:00-18:00) on `day`; a weekend moves to the Friday."""
        while day.weekday() >= 5:
            day -= timedelta(days=1)
        minute = self.rng.randrange(9 * 60, 18 * 60)
        local = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=tz)
        return local.astimezone(UTC)

    def _work_time_ago(self, days_ago: float, tz: ZoneInfo) -> datetime:
        """Office hours about `days_ago` days before now, and never after `latest`."""
        day = (self.now - timedelta(days=days_ago)).astimezone(tz).date()
        when = self._work_time(day, tz)
        while when >= self.latest:
            day -= timedelta(days=1)
            when = self._work_time(day, tz)
        return when

    def _soon_after(self, when: datetime, low: int = 3, high: int = 40) -> datetime:
        """When the rep got round to typing it: a few minutes after the fact."""
        later = when + timedelta(minutes=self.rng.randint(low, high))
        return later if later < self.latest else when

    def _fill(self, pattern: str) -> str:
        return "".join(self.rng.choice(string.digits) if c == "#" else c for c in pattern)

    def _pick_product(self, account: _Account) -> _Product:
        """Customers mostly re-buy their main product."""
        rng = self.rng
        key = account.products[0] if rng.random() < 0.6 else rng.choice(account.products)
        return self.phrases.products[key]

    # -- staff --

    def _create_staff(self) -> None:
        system = staff_service.system_actor(session=self.session)
        # One admin session set everybody up, before the first customer was entered.
        origin = Origin(channel=Channel.CLI, at=self.now - timedelta(days=400))
        for spec in self.data.staff:
            self.staff[spec.key] = staff_service.add(
                session=self.session,
                actor=system,
                data=StaffCreate(
                    email=demo_email(spec.key),
                    name=spec.name,
                    role=spec.role,
                    team=spec.team,
                    locale=spec.locale,
                    timezone=spec.timezone,
                ),
                origin=origin,
            )

    # -- customers --

    def _plan_account(self, spec: _CustomerSpec) -> _Account:
        rng = self.rng
        chinese = self.staff_specs[spec.owner].locale is Locale.ZH_CN
        products = list(self.phrases.sectors[spec.sector])
        rng.shuffle(products)
        if spec.persona == "new":
            created = rng.uniform(20, 60)
        elif spec.persona == "prospect":
            created = rng.uniform(40, 150)
        else:
            # Existing accounts were entered in the fortnight after the CRM went live.
            created = rng.uniform(375, 390)
        account = _Account(
            spec=spec,
            lang="zh" if chinese else "en",
            tz=self._tz(spec.owner),
            products=products,
            order_size_cny=rng.uniform(*_TIER_ORDER_CNY[spec.tier]),
            created_days_ago=created,
        )
        account.contacts = self._plan_contacts(account)
        created_at = self._work_time_ago(created, account.tz)
        self._at(created_at, partial(self._create_customer, account))
        for number in range(len(account.contacts)):
            at = created_at + timedelta(minutes=2 + 3 * number)
            self._at(at, partial(self._add_contact, account, number))
        self._plan_history(account, created_at)
        return account

    def _plan_contacts(self, account: _Account) -> list[_PlannedContact]:
        rng = self.rng
        spec = account.spec
        key_account = spec.tier == "A" and spec.persona in ("champion", "loyal")
        wanted = 3 if key_account else rng.choice((1, 2, 2, 3))
        wanted = max(wanted, len(spec.contacts))
        domain = spec.email.split("@", 1)[1]
        planned: list[_PlannedContact] = []
        if account.lang == "zh":
            pool = self.phrases.contacts.zh
            titles = rng.sample(
                pool.titles[spec.sector], k=min(wanted, len(pool.titles[spec.sector]))
            )
            surnames = rng.sample(pool.surnames, k=len(titles))
            for (title, short), surname in zip(titles, surnames, strict=True):
                name, call = surname + rng.choice(pool.given), surname + short
                wechat = "wxid_" + "".join(
                    rng.choices(string.ascii_lowercase + string.digits, k=12)
                )
                planned.append(
                    _PlannedContact(
                        name=name,
                        title=title,
                        call=call,
                        phone=self._fill(rng.choice(pool.mobiles)),
                        email=None,
                        wechat_id=wechat if rng.random() < 0.6 else None,
                    )
                )
        else:
            en_pool = self.phrases.contacts.en
            en_titles = rng.sample(
                en_pool.titles[spec.sector], k=min(wanted, len(en_pool.titles[spec.sector]))
            )
            firsts = rng.sample(en_pool.first, k=len(en_titles))
            lasts = rng.sample(en_pool.last, k=len(en_titles))
            mobile = en_pool.mobiles.get(spec.region, "+65 9### ####")
            for title, first, last in zip(en_titles, firsts, lasts, strict=True):
                planned.append(
                    _PlannedContact(
                        name=f"{first} {last}",
                        title=title,
                        call=first,
                        phone=self._fill(mobile),
                        email=None,
                        wechat_id=None,
                    )
                )
        # The people DESIGN.md's examples talk about replace the first generated ones.
        for number, fixed in enumerate(spec.contacts):
            planned[number] = replace(
                planned[number], name=fixed.name, title=fixed.title, call=fixed.call
            )
        if account.lang == "en":
            planned = [replace(c, email=_contact_email(c.name, domain)) for c in planned]
        return planned

    def _create_customer(self, account: _Account, at: datetime) -> None:
        spec = account.spec
        account.customer = customers.create(
            session=self.session,
            actor=self.staff[account.owner],
            data=CustomerCreate(
                name=spec.name,
                aliases=spec.aliases,
                industry=spec.industry,
                region=spec.region,
                tier=spec.tier,
                phone=self._fill(spec.phone),
                email=spec.email,
            ),
            origin=self._origin(account.owner, at),
        )

    def _add_contact(self, account: _Account, number: int, at: datetime) -> None:
        planned = account.contacts[number]
        contact = customers.add_contact(
            session=self.session,
            actor=self.staff[account.owner],
            customer_id=account.row().id,
            data=ContactCreate(
                name=planned.name,
                title=planned.title,
                phone=planned.phone,
                email=planned.email,
                wechat_id=planned.wechat_id,
            ),
            origin=self._origin(account.owner, at),
        )
        account.contact_ids.append(contact.id)
        self.counts.contacts += 1

    def _set_status(self, account: _Account, status: CustomerStatus, at: datetime) -> None:
        customers.update(
            session=self.session,
            actor=self.staff[account.owner],
            customer_id=account.row().id,
            changes=CustomerUpdate(status=status),
            origin=self._origin(account.owner, at),
        )

    # -- a customer's year --

    def _plan_history(self, account: _Account, created_at: datetime) -> None:
        """Orders, lost deals, pipeline and the conversations around them, by persona."""
        rng = self.rng
        persona = account.spec.persona
        # Days since the customer was entered, less a margin: a weekend moves a planned
        # moment back to the Friday, which must still come after the customer existed.
        start = (self.now - created_at).total_seconds() / 86_400 - 3
        orders, phases, lost_day = _rhythm(rng, persona, start)
        account.order_days_ago = orders
        for days_ago in orders:
            self._plan_order(account, days_ago)
        for begin, end, gap, tone in phases:
            day = begin - rng.uniform(0, gap)
            while day > end:
                self._plan_interaction(account, day, tone)
                day -= max(1.0, rng.expovariate(1 / gap))
        if lost_day is not None:
            self._plan_lost_deal(account, lost_day)
            when = self._work_time_ago(lost_day - rng.uniform(2, 10), account.tz)
            self._at(when, partial(self._set_status, account, CustomerStatus.LOST))
        elif persona == "at_risk" and rng.random() < 0.6:
            self._plan_lost_deal(account, rng.uniform(60, 150))
        elif persona in ("champion", "loyal") and rng.random() < 0.15:
            self._plan_lost_deal(account, rng.uniform(20, 300))
        if persona == "hibernating":
            when = self._work_time_ago(rng.uniform(30, 90), account.tz)
            self._at(when, partial(self._set_status, account, CustomerStatus.DORMANT))
        self._plan_open_deal(account, start)

    def _plan_interaction(self, account: _Account, days_ago: float, tone: Tone) -> None:
        rng = self.rng
        if tone == "warm" and rng.random() < 0.1:
            tone = "cool"  # even good customers complain now and then
        when = self._work_time_ago(days_ago, account.tz)
        text = self._text(account, tone, when)
        logged = self._soon_after(when)
        followup = None
        if text.kind is not InteractionKind.NOTE:
            followup = self._maybe_followup(account, when, logged)
        self._at(logged, partial(self._log, account, text, when, followup=followup))

    def _maybe_followup(
        self, account: _Account, after: datetime, logged: datetime
    ) -> _FollowUpPlan | None:
        """About a quarter of conversations end in "follow up on ..." (more of the recent ones,
        which are still open, some overdue); older ones were done, or now and then dropped."""
        rng = self.rng
        recent = self.now - after <= timedelta(days=14)
        if rng.random() >= (0.8 if recent else 0.22):
            return None
        ahead = rng.randint(3, 14) if recent else rng.randint(1, 9)
        day = after.astimezone(account.tz).date() + timedelta(days=ahead)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        hour, minute = rng.choice(_FOLLOWUP_SLOTS)
        due = datetime.combine(day, time(hour, minute), tzinfo=account.tz).astimezone(UTC)
        if due > self.now + timedelta(days=14):
            return None
        note = self._format(account, rng.choice(self.phrases.followups[account.lang]), after)
        plan = _FollowUpPlan(key=self._key(), due=due, note=note)
        overdue_window = self.now - timedelta(days=10)
        if due >= self.now or (due >= overdue_window and rng.random() < 0.4):
            return plan  # still open: upcoming, or overdue
        closed_day = due.astimezone(account.tz).date() + timedelta(
            days=rng.choice((-1, 0, 0, 1, 2))
        )
        closed = max(self._work_time(closed_day, account.tz), logged + timedelta(hours=2))
        if closed < self.latest:
            done = rng.random() < 0.92
            self._at(closed, partial(self._close_followup, account, plan.key, done))
        return plan

    def _plan_order(self, account: _Account, days_ago: float) -> None:
        """A won order, logged with the conversation that closed it (one chat message, one
        change set). Big ones were a proposal in the pipeline for a few weeks first."""
        rng = self.rng
        plan = self._deal_plan(account, "order", DealStage.WON)
        when = self._work_time_ago(days_ago, account.tz)
        threshold = Decimal(_BIG_ORDER_CNY) / (1 if plan.currency == "CNY" else _USD_PER_CNY)
        proposal: int | None = None
        proposal_ago = days_ago + rng.uniform(14, 40)
        if plan.amount >= threshold and proposal_ago < account.created_days_ago - 3:
            proposal = self._key()
            proposed = self._work_time_ago(proposal_ago, account.tz)
            pipeline = replace(
                plan,
                stage=DealStage.PROPOSAL,
                expected_close_on=when.astimezone(account.tz).date(),
            )
            self._at(proposed, partial(self._record_deal, account, proposal, pipeline, None))
        text = self._text(account, "order", when, deal=plan)
        self._at(
            self._soon_after(when),
            partial(self._log, account, text, when, deal=(plan, proposal)),
        )

    def _plan_lost_deal(self, account: _Account, days_ago: float) -> None:
        rng = self.rng
        proposed_ago = days_ago + rng.uniform(20, 45)
        if proposed_ago >= account.created_days_ago - 3:
            return
        plan = self._deal_plan(account, "project", DealStage.PROPOSAL)
        key = self._key()
        proposed = self._work_time_ago(proposed_ago, account.tz)
        self._at(proposed, partial(self._record_deal, account, key, plan, None))
        when = self._work_time_ago(days_ago, account.tz)
        text = self._text(account, "lost", when, deal=plan)
        lost = replace(plan, stage=DealStage.LOST)
        self._at(self._soon_after(when), partial(self._log, account, text, when, deal=(lost, key)))

    def _plan_open_deal(self, account: _Account, start: float) -> None:
        """The live pipeline: leads, qualified deals and proposals awaiting an answer, each
        recorded as a lead and moved along as it progressed."""
        rng = self.rng
        fixed = account.spec.open_deal
        persona = account.spec.persona
        if fixed is None and rng.random() >= _OPEN_DEAL_CHANCE.get(persona, 0.0):
            return
        today = self.now.astimezone(account.tz).date()
        if fixed is not None:
            product = self.phrases.products[fixed.product]
            plan = _DealPlan(
                title=fixed.title,
                items=self._items(product, account.lang, fixed.qty),
                amount=Decimal(self._unit_price(product, account.currency) * fixed.qty),
                currency=account.currency,
                product=self._product_name(product, account.lang, fixed.qty),
                stage=DealStage.LEAD,
            )
            final = fixed.stage
        else:
            plan = self._deal_plan(account, "expansion", DealStage.LEAD)
            choices = (
                (DealStage.LEAD, DealStage.QUALIFIED)
                if persona == "prospect"
                else (DealStage.QUALIFIED, DealStage.PROPOSAL, DealStage.PROPOSAL)
            )
            final = rng.choice(choices)
        plan = replace(plan, expected_close_on=today + timedelta(days=rng.randint(10, 75)))
        key = self._key()
        opened_ago = min(rng.uniform(12, 45), start - 1)
        opened = self._work_time_ago(opened_ago, account.tz)
        self._at(opened, partial(self._record_deal, account, key, plan, None))
        ladder = (DealStage.QUALIFIED, DealStage.PROPOSAL)
        steps = ladder[: ladder.index(final) + 1] if final in ladder else ()
        step_ago, previous = opened_ago, opened
        for stage in steps:
            step_ago = max(step_ago - rng.uniform(3, 12), 0.5)
            moved = self._work_time_ago(step_ago, account.tz)
            if moved <= previous:
                break
            self._at(moved, partial(self._move_deal, account, key, stage))
            previous = moved

    # -- amounts and texts --

    def _deal_plan(self, account: _Account, title: DealTitle, stage: DealStage) -> _DealPlan:
        """A realistic order: a product the customer buys, a quantity, what it comes to."""
        rng = self.rng
        product = self._pick_product(account)
        price = self._unit_price(product, account.currency)
        scale = Decimal(1) if account.currency == "CNY" else _USD_PER_CNY
        target = account.order_size_cny * rng.uniform(0.6, 1.5) / float(scale)
        unit = price * rng.uniform(0.88, 1.0)  # the discount the rep gave
        qty = max(1, round(target / price))
        if product.max_qty is not None:
            qty = min(qty, product.max_qty)
        qty = max(qty, math.ceil(float(_MIN_ORDER_CNY / scale) / unit))
        qty = min(qty, math.floor(float(_MAX_ORDER_CNY / scale) / unit))
        step = 100 if account.currency == "CNY" else 10
        amount = Decimal(max(step, round(qty * unit / step) * step))
        items = self._items(product, account.lang, qty)
        template = self.phrases.deal_titles[account.lang][title]
        name = self._product_name(product, account.lang, qty)
        return _DealPlan(
            title=template.format(short=account.short, items=items, product=name),
            items=items,
            amount=amount,
            currency=account.currency,
            product=self._product_name(product, account.lang, 2),
            stage=stage,
        )

    @staticmethod
    def _unit_price(product: _Product, currency: str) -> int:
        if currency == "CNY":
            return product.price
        return max(10, round(product.price / float(_USD_PER_CNY) / 10) * 10)

    @staticmethod
    def _product_name(product: _Product, lang: Lang, qty: int) -> str:
        if lang == "zh":
            return product.zh
        return product.en if qty == 1 else product.en_plural

    def _items(self, product: _Product, lang: Lang, qty: int) -> str:
        if lang == "zh":
            return f"{product.zh}{qty}{product.unit}"
        return f"{qty} {self._product_name(product, lang, qty)}"

    def _text(
        self, account: _Account, tone: Tone, when: datetime, deal: _DealPlan | None = None
    ) -> _Text:
        rng = self.rng
        kind, template = rng.choice(self.phrases.interactions[account.lang][tone])
        contact: int | None = None
        if "{contact}" in template:
            contact = 0 if rng.random() < 0.5 else rng.randrange(len(account.contacts))
        summary = self._format(account, template, when, contact=contact, deal=deal)
        return _Text(kind=kind, summary=summary, contact=contact)

    def _format(
        self,
        account: _Account,
        template: str,
        when: datetime,
        *,
        contact: int | None = None,
        deal: _DealPlan | None = None,
    ) -> str:
        rng = self.rng
        if contact is None:
            contact = rng.randrange(len(account.contacts))
        product = self._pick_product(account)
        qty = rng.choice((10, 20, 50, 100, 200)) if product.max_qty is None else 1
        morning = when.astimezone(account.tz).hour < 12
        if account.lang == "zh":
            part = "上午" if morning else "下午"
        else:
            part = "this morning" if morning else "this afternoon"
        values = {
            "contact": account.contacts[contact].call,
            "short": rng.choice(account.spec.aliases or [account.spec.name]),
            "product": self._product_name(product, account.lang, 2),
            "items": self._items(product, account.lang, qty),
            "amount": "",
            "part": part,
        }
        if deal is not None:
            values["product"] = deal.product
            values["items"] = deal.items
            values["amount"] = _amount_text(deal.amount, deal.currency)
        return template.format(**values)

    # -- tickets --

    def _plan_tickets(self, accounts: Sequence[_Account]) -> None:
        """Forty tickets: a year of handled ones and a live queue, some past their SLA.

        Customers drifting away raise more tickets and rate them lower: ticket load is one of
        the cheapest churn signals the loyalty figures can use.
        """
        rng = self.rng
        buyers = [a for a in accounts if a.order_days_ago]
        weights = [_TICKET_WEIGHT.get(a.spec.persona, 1.0) for a in buyers]
        planned = 0
        while planned < _HISTORIC_TICKETS:
            account = rng.choices(buyers, weights=weights)[0]
            # From the first delivery until the customer went quiet (or two weeks ago).
            first = max(account.order_days_ago) - 2
            quiet = account.spec.persona in ("hibernating", "lost")
            last = max(min(account.order_days_ago) - 60 if quiet else 15, 15)
            if first <= last:
                continue
            final = "closed" if rng.random() < 0.85 else "resolved"
            reopen = planned % 12 == 5
            self._plan_ticket(account, rng.uniform(last, first), None, final, reopen=reopen)
            planned += 1
        live = [a for a in buyers if a.spec.persona in ("champion", "loyal", "at_risk", "new")]
        for hours_ago, priority, final in _LIVE_QUEUE:
            opened_ago = (hours_ago + rng.uniform(-0.5, 0.5)) / 24
            # Only a customer who has received something calls about it.
            supplied = [a for a in live if max(a.order_days_ago) > opened_ago + 1] or live
            self._plan_ticket(rng.choice(supplied), opened_ago, priority, final)

    def _plan_ticket(
        self,
        account: _Account,
        opened_ago: float,
        priority: Priority | None,
        final: str,
        *,
        reopen: bool = False,
    ) -> None:
        rng = self.rng
        if account.lang == "zh":
            reporter, colleague = rng.sample(("liu.fang", "zhao.qiang"), k=2)
        else:
            reporter = colleague = "sophie.tan"
        assignee: str | None = reporter if rng.random() < 0.7 else colleague
        if final == "new" and rng.random() < 0.5:
            assignee = None  # nobody has picked it up yet
        pool = self.phrases.tickets[account.lang]
        choices = pool.get(account.spec.sector, []) + pool["generic"]
        if priority is None:
            # The problem sets the priority, and service staff now and then judge otherwise.
            title, description, priority = rng.choice(choices)
            if rng.random() < 0.2:
                levels = list(Priority)
                shifted = levels.index(priority) + rng.choice((-1, 1))
                priority = levels[min(max(shifted, 0), len(levels) - 1)]
        else:
            matching = [c for c in choices if c[2] is priority] or choices
            title, description, _ = rng.choice(matching)
        tz = self._tz(reporter)
        # Old tickets came in during office hours; the live queue is wherever `now` falls.
        if opened_ago >= 3:
            opened = self._work_time_ago(opened_ago, tz)
        else:
            opened = (self.now - timedelta(days=opened_ago)).replace(second=0, microsecond=0)
        happy = account.spec.persona in ("champion", "loyal", "new")
        steps = self._ticket_steps(opened, priority, final, happy=happy, reopen=reopen)
        plan = _TicketPlan(
            key=self._key(),
            account=account,
            reporter=reporter,
            assignee=assignee,
            title=title,
            description=description,
            priority=priority,
        )
        self._at(opened, partial(self._open_ticket, plan))
        worker = assignee or reporter
        for step in steps:
            if step.at < self.latest:
                self._at(step.at, partial(self._ticket_step, plan.key, worker, step))

    def _ticket_steps(
        self, opened: datetime, priority: Priority, final: str, *, happy: bool, reopen: bool
    ) -> list[_TicketStep]:
        """How a ticket moved: picked up, resolved (within the SLA or not), maybe reopened,
        rated by the customer, closed a few days later."""
        rng = self.rng
        sla = tickets.sla_for(priority)
        steps: list[_TicketStep] = []
        if final == "in_progress" or (final != "new" and rng.random() < 0.85):
            picked_up = opened + timedelta(minutes=rng.randint(10, 150))
            steps.append(_TicketStep(picked_up, TicketStatus.IN_PROGRESS))
        if final not in ("closed", "resolved", "reopened"):
            return steps
        resolved = opened + sla * rng.uniform(0.15, 1.7)
        if steps and resolved <= steps[-1].at:
            resolved = steps[-1].at + timedelta(minutes=30)
        steps.append(_TicketStep(resolved, TicketStatus.RESOLVED))
        score = rng.choice((5, 5, 4, 4, 4, 3) if happy else (1, 2, 2, 3, 3, 4))
        if resolved > opened + sla:
            score = max(1, score - 1)
        if reopen or final == "reopened":
            back = resolved + timedelta(hours=rng.uniform(4, 30))
            steps.append(_TicketStep(back, TicketStatus.REOPENED))
            if final == "reopened":
                return steps
            score = max(1, score - 1)
            again = back + timedelta(hours=rng.uniform(2, 20))
            resolved = again + timedelta(hours=rng.uniform(1, 24))
            steps.append(_TicketStep(again, TicketStatus.IN_PROGRESS))
            steps.append(_TicketStep(resolved, TicketStatus.RESOLVED))
        if rng.random() < 0.85:
            steps.append(_TicketStep(resolved + timedelta(hours=rng.uniform(1, 30)), rating=score))
        if final == "closed":
            closed = resolved + timedelta(hours=rng.uniform(31, 96))
            steps.append(_TicketStep(closed, TicketStatus.CLOSED))
        return steps

    # -- the writes, replayed in time order --

    def _log(
        self,
        account: _Account,
        text: _Text,
        occurred_at: datetime,
        at: datetime,
        *,
        deal: tuple[_DealPlan, int | None] | None = None,
        followup: _FollowUpPlan | None = None,
    ) -> None:
        """Log a conversation, with what came out of it (a follow-up; a deal booked, won or
        lost) in the same change set, as one chat message would."""
        origin = self._origin(account.owner, at)
        contact = account.contact_ids[text.contact] if text.contact is not None else None
        interactions.log(
            session=self.session,
            actor=self.staff[account.owner],
            data=interactions.InteractionCreate(
                customer_id=account.row().id,
                kind=text.kind,
                occurred_at=occurred_at,
                summary=text.summary,
                contact_id=contact,
            ),
            origin=origin,
        )
        self.counts.interactions += 1
        if followup is not None:
            self._schedule(account, followup, origin)
        if deal is None:
            return
        plan, pipeline_key = deal
        if pipeline_key is None:
            self._record_deal(account, self._key(), plan, origin, at)
        else:
            deals.move_stage(
                session=self.session,
                actor=self.staff[account.owner],
                deal_id=self.deals[pipeline_key].id,
                stage=plan.stage,
                origin=origin,
            )

    def _record_deal(
        self, account: _Account, key: int, plan: _DealPlan, origin: Origin | None, at: datetime
    ) -> None:
        self.deals[key] = deals.record(
            session=self.session,
            actor=self.staff[account.owner],
            data=deals.DealCreate(
                customer_id=account.row().id,
                title=plan.title,
                amount=plan.amount,
                currency=plan.currency,
                stage=plan.stage,
                product=plan.product,
                expected_close_on=plan.expected_close_on,
            ),
            origin=origin or self._origin(account.owner, at),
        )
        self.counts.deals += 1

    def _move_deal(self, account: _Account, key: int, stage: DealStage, at: datetime) -> None:
        deals.move_stage(
            session=self.session,
            actor=self.staff[account.owner],
            deal_id=self.deals[key].id,
            stage=stage,
            origin=self._origin(account.owner, at),
        )

    def _schedule(self, account: _Account, plan: _FollowUpPlan, origin: Origin) -> None:
        self.followups[plan.key] = followups.schedule(
            session=self.session,
            actor=self.staff[account.owner],
            data=followups.FollowUpCreate(
                customer_id=account.row().id, due_at=plan.due, note=plan.note
            ),
            origin=origin,
        )
        self.counts.followups += 1

    def _close_followup(self, account: _Account, key: int, done: bool, at: datetime) -> None:
        close = followups.complete if done else followups.cancel
        close(
            session=self.session,
            actor=self.staff[account.owner],
            followup_id=self.followups[key].id,
            origin=self._origin(account.owner, at),
        )

    def _open_ticket(self, plan: _TicketPlan, at: datetime) -> None:
        self.tickets[plan.key] = tickets.open_ticket(
            session=self.session,
            actor=self.staff[plan.reporter],
            data=tickets.TicketCreate(
                customer_id=plan.account.row().id,
                title=plan.title,
                description=plan.description,
                priority=plan.priority,
                assignee_id=self.staff[plan.assignee].id if plan.assignee else None,
            ),
            origin=self._origin(plan.reporter, at),
        )
        self.counts.tickets += 1

    def _ticket_step(self, key: int, staff_key: str, step: _TicketStep, at: datetime) -> None:
        ticket = self.tickets[key]
        actor = self.staff[staff_key]
        origin = self._origin(staff_key, at)
        if step.status is not None:
            tickets.transition(
                session=self.session, actor=actor, ticket=ticket, status=step.status, origin=origin
            )
        if step.rating is not None:
            tickets.rate(
                session=self.session,
                actor=actor,
                ticket=ticket,
                satisfaction=step.rating,
                origin=origin,
            )


def _contact_email(name: str, domain: str) -> str:
    """priya.shah@pembertonfoods.example; a courtesy title (Mr. Smith's) is not part of it."""
    parts = [part for part in name.lower().replace(".", "").split() if part]
    return ".".join(parts) + "@" + domain


def _amount_text(amount: Decimal, currency: str) -> str:
    """As reps type amounts: 35.6万, $48.5k, $1.2M."""
    if currency == "CNY":
        if amount >= 10_000:
            return f"{amount / 10_000:.1f}".removesuffix(".0") + "万"
        return f"{amount:.0f}元"
    if amount >= 1_000_000:
        return "$" + f"{amount / 1_000_000:.1f}".removesuffix(".0") + "M"
    return "$" + f"{amount / 1_000:.1f}".removesuffix(".0") + "k"

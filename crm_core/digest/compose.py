"""What goes into one staff member's digest: plain data, rendered by the channels.

Sections (each left out when empty): today's follow-ups, overdue follow-ups, open tickets near
or past their SLA, customers at risk (the loyalty portfolio's at-risk list — "Can't lose them"
first, then by revenue — followed by customers with won business and no contact for 30 days),
and yesterday's logged activity. Managers also get their team: activity per rep
yesterday, deals won this week, tickets breaching SLA, and the team's top at-risk revenue.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from crm_core.customers.models import Customer
from crm_core.deals.models import Deal, DealStage
from crm_core.followups.models import FollowUp, FollowUpStatus
from crm_core.interactions.models import Interaction
from crm_core.loyalty import service as loyalty
from crm_core.staff.models import Role, Staff
from crm_core.tickets.models import OPEN_STATUSES, Ticket

SHOWN = 5
SLA_WARNING = timedelta(hours=4)
AT_RISK_SILENCE = timedelta(days=30)


@dataclass
class Digest:
    staff_id: int
    name: str
    locale: str
    timezone: str
    local_date: str
    sections: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not any(self.sections.values())

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def compose(*, session: Session, staff: Staff, local_date: date, now: datetime) -> Digest:
    zone = ZoneInfo(staff.timezone)
    day_start = datetime.combine(local_date, time(0, 0), zone)
    day_end = day_start + timedelta(days=1)
    digest = Digest(
        staff.id, staff.name, staff.locale.value, staff.timezone, local_date.isoformat()
    )
    add = digest.sections.__setitem__
    add("today", _followups(session, staff.id, FollowUp.due_at >= day_start, day_end))
    add("overdue", _followups(session, staff.id, FollowUp.due_at < day_start, day_start))
    add("tickets", _tickets_near_sla(session, [staff.id], now))
    add("at_risk", _at_risk(session, staff, [staff.id], now, local_date))
    add("yesterday", _activity(session, [staff.id], day_start - timedelta(days=1), day_start))
    if staff.role is Role.MANAGER and staff.team_id is not None:
        team = list(
            session.scalars(
                select(Staff.id).where(Staff.team_id == staff.team_id, Staff.active.is_(True))
            )
        )
        add(
            "team_activity",
            _activity(session, team, day_start - timedelta(days=1), day_start, per_rep=True),
        )
        week_start = day_start - timedelta(days=local_date.weekday())
        add("team_won", _won(session, team, week_start.date(), local_date))
        add("team_breaching", _tickets_near_sla(session, team, now, breaching_only=True))
        add("team_at_risk", _at_risk(session, staff, team, now, local_date, team=True))
    return digest


def _followups(
    session: Session, staff_id: int, condition: Any, before: datetime
) -> list[dict[str, Any]]:
    rows = session.execute(
        select(FollowUp.due_at, FollowUp.note, Customer.name)
        .join(Customer, Customer.id == FollowUp.customer_id)
        .where(
            FollowUp.assignee_id == staff_id,
            FollowUp.status == FollowUpStatus.OPEN,
            FollowUp.due_at < before,
            condition,
        )
        .order_by(FollowUp.due_at)
        .limit(SHOWN + 1)
    ).all()
    return [
        {"due_at": due_at.isoformat(), "note": note or "", "customer": name}
        for due_at, note, name in rows
    ]


def _tickets_near_sla(
    session: Session, staff_ids: list[int], now: datetime, *, breaching_only: bool = False
) -> list[dict[str, Any]]:
    limit = now if breaching_only else now + SLA_WARNING
    rows = session.execute(
        select(Ticket.number, Ticket.title, Ticket.priority, Ticket.sla_due_at, Customer.name)
        .join(Customer, Customer.id == Ticket.customer_id)
        .where(
            Ticket.status.in_(OPEN_STATUSES),
            Ticket.sla_due_at <= limit,
            or_(
                Ticket.assignee_id.in_(staff_ids),
                and_(Ticket.assignee_id.is_(None), Customer.owner_id.in_(staff_ids)),
            ),
        )
        .order_by(Ticket.sla_due_at)
        .limit(SHOWN + 1)
    ).all()
    return [
        {
            "number": number,
            "title": title,
            "priority": priority.value,
            "sla_due_at": due.isoformat(),
            "breached": due <= now,
            "customer": name,
        }
        for number, title, priority, due, name in rows
    ]


def _at_risk(
    session: Session,
    staff: Staff,
    owner_ids: list[int],
    now: datetime,
    local_date: date,
    *,
    team: bool = False,
) -> list[dict[str, Any]]:
    """The loyalty figures' at-risk customers first (their segment as the reason), then those
    with won business and no contact for 30 days; each customer once, the first few only."""
    portfolio = loyalty.portfolio_summary(
        session=session,
        actor=staff,
        as_of=local_date,
        owner_id=None if team else staff.id,
        team_id=staff.team_id if team else None,
        limit=SHOWN,
    )
    items = [
        {
            "customer": one.name,
            "reason": one.segment.value if one.segment is not None else "overdue",
            "days_silent": (local_date - one.last_contact).days if one.last_contact else None,
            "won": str(one.revenue),
            "currency": one.currency or "CNY",
        }
        for one in portfolio.at_risk.items
    ]
    listed = {item["customer"] for item in items}
    items.extend(
        item for item in _silent(session, owner_ids, now) if item["customer"] not in listed
    )
    return items[:SHOWN]


def _silent(session: Session, owner_ids: list[int], now: datetime) -> list[dict[str, Any]]:
    """Customers with won business and no interaction for 30 days, biggest revenue first."""
    last_contact = (
        select(Interaction.customer_id, func.max(Interaction.occurred_at).label("last"))
        .group_by(Interaction.customer_id)
        .subquery()
    )
    revenue = (
        select(
            Deal.customer_id,
            func.sum(Deal.amount).label("won"),
            func.min(Deal.currency).label("currency"),
        )
        .where(Deal.stage == DealStage.WON)
        .group_by(Deal.customer_id)
        .subquery()
    )
    rows = session.execute(
        select(Customer.name, last_contact.c.last, revenue.c.won, revenue.c.currency)
        .join(revenue, revenue.c.customer_id == Customer.id)
        .outerjoin(last_contact, last_contact.c.customer_id == Customer.id)
        .where(
            Customer.owner_id.in_(owner_ids),
            or_(last_contact.c.last.is_(None), last_contact.c.last < now - AT_RISK_SILENCE),
        )
        .order_by(revenue.c.won.desc())
        .limit(SHOWN)
    ).all()
    return [
        {
            "customer": name,
            "reason": "silent",
            "days_silent": (now - last).days if last is not None else None,
            "won": str(won or Decimal(0)),
            "currency": currency,
        }
        for name, last, won, currency in rows
    ]


def _activity(
    session: Session,
    staff_ids: list[int],
    start: datetime,
    end: datetime,
    *,
    per_rep: bool = False,
) -> list[dict[str, Any]]:
    counts: dict[int, dict[str, int]] = {}
    for model, who, column in (
        (Interaction, Interaction.author_id, Interaction.created_at),
        (FollowUp, FollowUp.assignee_id, FollowUp.created_at),
        (Ticket, Ticket.reporter_id, Ticket.opened_at),
        (Deal, Deal.owner_id, Deal.created_at),
    ):
        for staff_id, count in session.execute(
            select(who, func.count())
            .where(who.in_(staff_ids), column >= start, column < end)
            .group_by(who)
        ):
            counts.setdefault(staff_id, {})[model.__tablename__] = count
    if not per_rep:
        total: dict[str, int] = {}
        for per_staff in counts.values():
            for kind, count in per_staff.items():
                total[kind] = total.get(kind, 0) + count
        return [total] if total else []
    names = dict(session.execute(select(Staff.id, Staff.name).where(Staff.id.in_(counts))).all())
    return [{"name": names[staff_id], **counts[staff_id]} for staff_id in sorted(counts)]


def _won(
    session: Session, staff_ids: list[int], first_day: date, last_day: date
) -> list[dict[str, Any]]:
    rows = session.execute(
        select(Deal.currency, func.count(), func.sum(Deal.amount))
        .where(
            Deal.owner_id.in_(staff_ids),
            Deal.stage == DealStage.WON,
            Deal.closed_on >= first_day,
            Deal.closed_on <= last_day,
        )
        .group_by(Deal.currency)
    ).all()
    return [
        {"currency": currency, "count": count, "total": str(total or Decimal(0))}
        for currency, count, total in rows
    ]

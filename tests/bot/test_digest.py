"""Daily digests: composition, rendering, the schedule's exactly-once delivery, retries.

Schedule tests commit (workers use their own sessions), so they run on a fresh database per
engine (`db_url`); three workers racing on PostgreSQL must send exactly one digest per staff
member per day.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.digest import DigestWorker, preview, render
from bot.messages import Reply, render_text
from crm_core import migrate
from crm_core.context import Origin
from crm_core.customers import service as customers
from crm_core.customers.schemas import CustomerCreate
from crm_core.db import make_engine, make_session_factory
from crm_core.deals import service as deals
from crm_core.deals.models import DealStage
from crm_core.digest.compose import compose
from crm_core.digest.models import DigestRun, DigestStatus
from crm_core.followups import service as followups
from crm_core.staff import service as staff_service
from crm_core.staff.models import Channel, ChannelIdentity, Locale, Role, Staff
from crm_core.staff.schemas import StaffCreate
from crm_core.tickets import service as tickets
from crm_core.tickets.models import Priority
from tests.conftest import NOW, StaffFactory

# 2026-11-25 09:30 UTC: 17:30 in Shanghai, 09:30 in London.


class RecordingSender:
    def __init__(self, fail_times: int = 0) -> None:
        self.sent: list[tuple[str, list[Reply]]] = []
        self.fail_times = fail_times
        self.lock = threading.Lock()

    def send(self, external_user_id: str, replies: list[Reply]) -> None:
        with self.lock:
            if self.fail_times:
                self.fail_times -= 1
                raise ConnectionError("channel down")
            self.sent.append((external_user_id, replies))


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def test_a_rep_digest_has_only_non_empty_sections(
    session: Session, make_staff: StaffFactory, system: Staff
) -> None:
    rep = make_staff(Role.REP, "East", name="王磊")
    origin = Origin(at=NOW - timedelta(days=60))
    customer = customers.create(
        session=session,
        actor=system,
        data=CustomerCreate(name="厦门蓝湾医疗科技有限公司", owner_id=rep.id),
        origin=origin,
    )
    session.flush()
    deals.record(
        session=session,
        actor=rep,
        data=deals.DealCreate(
            customer_id=customer.id, title="监护仪", amount=Decimal(80000), stage=DealStage.WON
        ),
        origin=origin,
    )
    followups.schedule(
        session=session,
        actor=rep,
        data=followups.FollowUpCreate(
            customer_id=customer.id, due_at=NOW + timedelta(hours=2), note="确认安装时间"
        ),
        origin=Origin(at=NOW - timedelta(days=1)),
    )
    tickets.open_ticket(
        session=session,
        actor=rep,
        data=tickets.TicketCreate(
            customer_id=customer.id, title="监护仪报错", priority=Priority.URGENT
        ),
        origin=Origin(at=NOW - timedelta(hours=5)),
    )
    session.flush()
    local_day = date(2026, 11, 25)
    digest = compose(session=session, staff=rep, local_date=local_day, now=NOW)
    assert [item["customer"] for item in digest.sections["today"]] == [customer.name]
    assert digest.sections["overdue"] == []
    assert digest.sections["tickets"][0]["breached"] is True
    assert digest.sections["at_risk"][0]["won"] == "80000.00"
    assert digest.sections["yesterday"] == [{"followups": 1}]
    text = render_text(render(digest))
    assert "今日待办" in text and "确认安装时间" in text and "已超SLA" in text
    assert "逾期跟进" not in text  # nothing empty is shown
    assert "¥80,000.00" in text
    assert "团队" not in text  # a rep gets no team section
    assert preview(session, rep, local_day, NOW) == text


def test_at_risk_puts_the_loyalty_list_first_with_its_reason_and_currency(
    session: Session, make_staff: StaffFactory, system: Staff
) -> None:
    """A regular buyer now long overdue (the loyalty at-risk rule) comes before a bigger
    customer that is only silent; each amount keeps its own currency."""
    rep = make_staff(Role.REP, "West", name="Priya", locale=Locale.EN)

    def customer_with_orders(name: str, currency: str, amount: int, days_ago: list[int]) -> None:
        customer = customers.create(
            session=session,
            actor=system,
            data=CustomerCreate(name=name, owner_id=rep.id),
            origin=Origin(at=NOW - timedelta(days=400)),
        )
        session.flush()
        for days in days_ago:
            deals.record(
                session=session,
                actor=rep,
                data=deals.DealCreate(
                    customer_id=customer.id,
                    title="order",
                    amount=Decimal(amount),
                    currency=currency,
                    stage=DealStage.WON,
                    closed_on=(NOW - timedelta(days=days)).date(),
                ),
                origin=Origin(at=NOW - timedelta(days=days)),
            )

    customer_with_orders("Regular Foods", "USD", 1000, [300, 270, 240])  # 30-day rhythm, 240 late
    customer_with_orders("Big Silent Co", "CNY", 90000, [45])
    session.flush()

    digest = compose(session=session, staff=rep, local_date=NOW.date(), now=NOW)

    names = [item["customer"] for item in digest.sections["at_risk"]]
    assert names == ["Regular Foods", "Big Silent Co"]
    assert digest.sections["at_risk"][1]["reason"] == "silent"
    text = render_text(render(digest))
    assert "$3,000.00" in text and "CN¥90,000.00" in text
    assert "no contact for 30+ days" in text


def test_a_manager_also_gets_the_team(
    session: Session, make_staff: StaffFactory, system: Staff
) -> None:
    manager = make_staff(Role.MANAGER, "East", name="Daniel", locale=Locale.EN)
    rep = make_staff(Role.REP, "East", name="Raj")
    customer = customers.create(
        session=session,
        actor=system,
        data=CustomerCreate(name="Pemberton Foods", owner_id=rep.id),
        origin=Origin(at=NOW - timedelta(days=3)),
    )
    session.flush()
    deals.record(
        session=session,
        actor=rep,
        data=deals.DealCreate(
            customer_id=customer.id,
            title="seats",
            amount=Decimal(35000),
            currency="GBP",
            stage=DealStage.WON,
            closed_on=date(2026, 11, 24),
        ),
        origin=Origin(at=NOW - timedelta(days=1)),
    )
    session.flush()
    digest = compose(session=session, staff=manager, local_date=date(2026, 11, 25), now=NOW)
    assert digest.sections["team_won"] == [{"currency": "GBP", "count": 1, "total": "35000.00"}]
    assert digest.sections["team_activity"] == [{"name": "Raj", "deals": 1}]
    text = render_text(render(digest))
    assert "Team deals won this week" in text and "£35,000.00" in text


def test_an_empty_day_is_one_short_line(session: Session, make_staff: StaffFactory) -> None:
    rep = make_staff(Role.REP, "East", locale=Locale.EN)
    reply = render(compose(session=session, staff=rep, local_date=date(2026, 11, 25), now=NOW))
    assert reply.key == "digest.all_clear"


# -- the schedule -------------------------------------------------------------------------------


@pytest.fixture
def committed(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    migrate.upgrade(engine)
    yield engine
    engine.dispose()


def _staff_with_channels(sessions: sessionmaker[Session]) -> dict[str, int]:
    """Shanghai and London reps on Telegram, one on WeCom, one with no channel."""
    with sessions.begin() as session:
        system = staff_service.system_actor(session=session)
        made = {}
        for email, zone, channel in (
            ("sh@example.com", "Asia/Shanghai", Channel.TELEGRAM),
            ("ldn@example.com", "Europe/London", Channel.TELEGRAM),
            ("wx@example.com", "Asia/Shanghai", Channel.WECOM),
            ("none@example.com", "Asia/Shanghai", None),
        ):
            staff = staff_service.add(
                session=session,
                actor=system,
                data=StaffCreate(email=email, name=email[:3], role=Role.REP, timezone=zone),
                origin=Origin(at=NOW),
            )
            session.flush()
            if channel is not None:
                session.add(
                    ChannelIdentity(
                        staff_id=staff.id, channel=channel, external_user_id=f"{channel}-{email}"
                    )
                )
            made[email] = staff.id
        return made


def _runs(sessions: sessionmaker[Session]) -> dict[int, DigestRun]:
    with sessions() as session:
        return {run.staff_id: run for run in session.scalars(select(DigestRun))}


def test_digests_go_out_at_each_local_time_once(committed: Engine) -> None:
    sessions = make_session_factory(committed)
    ids = _staff_with_channels(sessions)
    telegram, wecom = RecordingSender(), RecordingSender()
    clock = Clock(datetime(2026, 11, 25, 0, 29, tzinfo=UTC))  # 08:29 in Shanghai
    worker = DigestWorker(sessions, {"telegram": telegram, "wecom": wecom}, clock=clock)
    assert worker.tick().sent == 0
    clock.now = datetime(2026, 11, 25, 0, 31, tzinfo=UTC)  # 08:31 Shanghai, 00:31 London
    report = worker.tick()
    assert (report.sent, report.skipped) == (2, 1)
    assert [user for user, _ in telegram.sent] == ["telegram-sh@example.com"]
    assert [user for user, _ in wecom.sent] == ["wecom-wx@example.com"]
    runs = _runs(sessions)
    assert runs[ids["none@example.com"]].status is DigestStatus.SKIPPED
    assert ids["ldn@example.com"] not in runs  # not yet 08:30 in London
    assert worker.tick().sent == 0  # nothing twice
    clock.now = datetime(2026, 11, 25, 8, 45, tzinfo=UTC)  # 08:45 London
    assert worker.tick().sent == 1
    assert _runs(sessions)[ids["ldn@example.com"]].status is DigestStatus.SENT


def test_a_failed_delivery_is_retried_with_backoff_and_others_are_not_blocked(
    committed: Engine,
) -> None:
    sessions = make_session_factory(committed)
    ids = _staff_with_channels(sessions)
    telegram, wecom = RecordingSender(fail_times=2), RecordingSender()
    clock = Clock(datetime(2026, 11, 25, 0, 31, tzinfo=UTC))
    worker = DigestWorker(sessions, {"telegram": telegram, "wecom": wecom}, clock=clock)
    report = worker.tick()
    assert (report.sent, report.failed) == (1, 1)  # WeCom went out although Telegram failed
    run = _runs(sessions)[ids["sh@example.com"]]
    assert run.status is DigestStatus.RETRY and "channel down" in (run.error or "")
    assert run.next_attempt_at == clock.now + timedelta(minutes=1)
    assert worker.tick().sent == 0  # not before the backoff
    clock.now += timedelta(minutes=1)
    assert worker.tick().failed == 1  # second failure: wait two minutes now
    clock.now += timedelta(minutes=2)
    assert worker.tick().sent == 1
    run = _runs(sessions)[ids["sh@example.com"]]
    assert (run.status, run.attempts, run.channel) == (DigestStatus.SENT, 3, "telegram")
    assert run.content is not None and run.content["staff_id"] == ids["sh@example.com"]


def test_a_digest_missed_for_hours_is_skipped_and_recorded(committed: Engine) -> None:
    sessions = make_session_factory(committed)
    ids = _staff_with_channels(sessions)
    telegram = RecordingSender()
    clock = Clock(datetime(2026, 11, 25, 5, 0, tzinfo=UTC))  # 13:00 Shanghai: 4.5 h late
    worker = DigestWorker(sessions, {"telegram": telegram, "wecom": RecordingSender()}, clock=clock)
    worker.tick()
    assert telegram.sent == []
    run = _runs(sessions)[ids["sh@example.com"]]
    assert run.status is DigestStatus.SKIPPED and "catch-up" in (run.error or "")


def test_three_workers_racing_send_exactly_one_digest_each(committed: Engine) -> None:
    sessions = make_session_factory(committed)
    _staff_with_channels(sessions)
    telegram, wecom = RecordingSender(), RecordingSender()
    clock = Clock(datetime(2026, 11, 25, 0, 45, tzinfo=UTC))  # due in Shanghai, not London
    barrier = threading.Barrier(3)
    errors: list[BaseException] = []

    def work(name: str) -> None:
        engine = make_engine(committed.url.render_as_string(hide_password=False))
        worker = DigestWorker(
            make_session_factory(engine),
            {"telegram": telegram, "wecom": wecom},
            name=name,
            clock=clock,
        )
        try:
            barrier.wait()
            for _ in range(5):
                worker.tick()
        except BaseException as error:  # noqa: BLE001 - reported to the test thread
            errors.append(error)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    delivered = Counter(user for user, _ in telegram.sent + wecom.sent)
    assert delivered == {"telegram-sh@example.com": 1, "wecom-wx@example.com": 1}
    statuses = Counter(run.status for run in _runs(sessions).values())
    assert statuses == {DigestStatus.SENT: 2, DigestStatus.SKIPPED: 1}

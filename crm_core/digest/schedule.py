"""When digests are due, who sends them, and what became of each.

`plan` creates today's row per active staff member once their local digest time has come
(INSERT ... ON CONFLICT DO NOTHING on (staff, local date)); `claim` hands due rows to one worker
(SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL; SQLite's BEGIN IMMEDIATE serialises writers);
`mark_sent` / `mark_failed` record the outcome, with exponential backoff between attempts. A
digest missed by more than the catch-up window (downtime) is skipped and recorded as such.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from crm_core.digest.models import DigestRun, DigestStatus
from crm_core.staff.models import Staff

CATCH_UP = timedelta(hours=3)
MAX_ATTEMPTS = 5
FIRST_RETRY = timedelta(minutes=1)
DEFAULT_DIGEST_TIME = time(8, 30)


@dataclass(frozen=True, slots=True)
class Due:
    staff_id: int
    local_date: date
    due_at: datetime


def digest_time(staff: Staff) -> time:
    try:
        hours, minutes = (int(part) for part in (staff.digest_time or "").split(":"))
        return time(hours, minutes)
    except ValueError:
        return DEFAULT_DIGEST_TIME


def due_for(staff: Staff, now: datetime) -> Due:
    """Today's digest moment in the staff member's zone (it may still be ahead)."""
    zone = ZoneInfo(staff.timezone)
    local_day = now.astimezone(zone).date()
    return Due(staff.id, local_day, datetime.combine(local_day, digest_time(staff), zone))


def plan(*, session: Session, now: datetime) -> int:
    """Create the rows of every active staff member whose digest time has come today; returns
    how many were new. Rows older than the catch-up window are skipped, not sent."""
    created = 0
    dialect = session.get_bind().dialect.name
    insert_for_dialect = postgresql.insert if dialect == "postgresql" else sqlite.insert
    for staff in session.scalars(select(Staff).where(Staff.active.is_(True))):
        if staff.email.startswith("system@"):
            continue
        due = due_for(staff, now)
        if due.due_at > now:
            continue
        late = now - due.due_at > CATCH_UP
        result = session.execute(
            insert_for_dialect(DigestRun)
            .values(
                staff_id=staff.id,
                local_date=due.local_date,
                due_at=due.due_at,
                status=DigestStatus.SKIPPED if late else DigestStatus.PENDING,
                attempts=0,
                next_attempt_at=due.due_at,
                error="missed: past the catch-up window" if late else None,
                created_at=now,
            )
            .on_conflict_do_nothing(index_elements=["staff_id", "local_date"])
            .returning(DigestRun.id)
        )
        created += result.first() is not None
    return created


def claim(*, session: Session, now: datetime, worker: str, limit: int = 20) -> list[DigestRun]:
    """Due rows for this worker; rows another worker holds are skipped, not waited for."""
    rows = list(
        session.scalars(
            select(DigestRun)
            .where(
                DigestRun.status.in_((DigestStatus.PENDING, DigestStatus.RETRY)),
                DigestRun.next_attempt_at <= now,
            )
            .order_by(DigestRun.next_attempt_at, DigestRun.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )
    for row in rows:
        if now - row.due_at > CATCH_UP and row.attempts == 0:
            row.status = DigestStatus.SKIPPED
            row.error = "missed: past the catch-up window"
            continue
        row.status = DigestStatus.CLAIMED
        row.claimed_by = worker
        row.claimed_at = now
        row.attempts += 1
    session.flush()
    return [row for row in rows if row.status is DigestStatus.CLAIMED]


def mark_sent(
    *, run: DigestRun, now: datetime, channel: str | None, content: dict[str, object]
) -> None:
    run.status = DigestStatus.SENT
    run.sent_at = now
    run.channel = channel
    run.content = content
    run.error = None


def mark_failed(*, run: DigestRun, now: datetime, error: str, channel: str | None) -> None:
    """Back off 1, 2, 4, 8 minutes; give up after MAX_ATTEMPTS."""
    run.channel = channel
    run.error = error[:2000]
    if run.attempts >= MAX_ATTEMPTS:
        run.status = DigestStatus.FAILED
        return
    run.status = DigestStatus.RETRY
    run.next_attempt_at = now + FIRST_RETRY * (2 ** (run.attempts - 1))


def mark_skipped(*, run: DigestRun, reason: str) -> None:
    run.status = DigestStatus.SKIPPED
    run.error = reason


def release_stale_claims(*, session: Session, now: datetime, older_than: timedelta) -> int:
    """A worker that died mid-send leaves a claimed row; after a while it is retried."""
    stale = list(
        session.scalars(
            select(DigestRun)
            .where(
                DigestRun.status == DigestStatus.CLAIMED,
                DigestRun.claimed_at < now - older_than,
            )
            .with_for_update(skip_locked=True)
        )
    )
    for row in stale:
        row.status = DigestStatus.RETRY
        row.next_attempt_at = now
    return len(stale)

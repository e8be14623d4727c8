"""Benchmark the loyalty portfolio against the floor: one hand-written SQL aggregation.

Run: .venv/bin/python -m bench.bench_loyalty [--customers 100000] [--deals 1000000] [--pg]

Builds a company of N customers and M won deals (plus some lost and open deals, visits,
follow-ups and tickets) with bulk inserts into a freshly migrated database — a SQLite file in a
temporary directory, or with `--pg` a scratch database on the local PostgreSQL — then times:

* the floor: one GROUP BY customer of COUNT/SUM/MIN/MAX over the won deals, all rows fetched;
* the company portfolio through the service, cold (model fit included) and warm (cached fit);
* single customer summaries (median and p99 over 200 customers, cached fit).

The ratios to the floor are the figures to watch (DESIGN.md: the portfolio within 2x).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from crm_core import migrate
from crm_core.context import Origin
from crm_core.db import make_engine, make_session_factory, transaction
from crm_core.loyalty import service as loyalty
from crm_core.staff import service as staff_service
from crm_core.staff.models import Role
from crm_core.staff.schemas import StaffCreate

PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
AS_OF = date(2026, 11, 25)
EPOCH = date(1970, 1, 1)
TEAMS = 5
OWNERS_PER_TEAM = 10
HISTORY_DAYS = 4 * 365  # the first purchases spread over four years before AS_OF

_DEAL_COLUMNS = ", ".join(
    "title amount currency stage closed_on customer_id owner_id created_at updated_at".split()
)
_TICKET_COLUMNS = ", ".join(
    "number title priority status opened_at sla_due_at reporter_id customer_id updated_at".split()
)
FLOOR_SQL = """
SELECT customer_id, COUNT(*), SUM(amount), MIN(closed_on), MAX(closed_on)
FROM deals
WHERE stage = 'won' AND closed_on <= :as_of
GROUP BY customer_id
"""


# -- the company --------------------------------------------------------------------------------


def _add_staff(engine: Engine) -> list[int]:
    """Owners in a few teams (through the service: they are few)."""
    with transaction(make_session_factory(engine)) as session:
        admin = staff_service.system_actor(session=session)
        owners = [
            staff_service.add(
                session=session,
                actor=admin,
                data=StaffCreate(
                    email=f"owner{team}.{number}@bench.example.com",
                    name=f"Owner {team}.{number}",
                    role=Role.MANAGER if number == 0 else Role.REP,
                    team=f"Team {team}",
                ),
                origin=Origin(),
            )
            for team in range(TEAMS)
            for number in range(OWNERS_PER_TEAM)
        ]
        session.flush()
        return [owner.id for owner in owners]


def _day(days: np.ndarray[Any, Any]) -> list[str]:
    """Day numbers since 1970-01-01 as ISO dates (both engines read them)."""
    stamps: list[str] = np.datetime_as_string(days.astype("datetime64[D]"), unit="D").tolist()
    return stamps


def _instant(days: np.ndarray[Any, Any], sqlite: bool) -> list[str]:
    stamps = _day(days)
    return [f"{stamp} 09:00:00.000000" if sqlite else f"{stamp} 09:00:00+00" for stamp in stamps]


def build_company(engine: Engine, customers: int, deals: int, seed: int = 20261125) -> None:
    """N customers and M won deals with buy-till-you-die histories: each customer buys at its
    own rate from its first purchase until it silently drops out, in its own currency."""
    rng = np.random.default_rng(seed)
    owners = np.array(_add_staff(engine))
    sqlite = engine.dialect.name == "sqlite"
    as_of = (AS_OF - EPOCH).days

    customer_ids = np.arange(1, customers + 1)
    owner_of = np.where(rng.random(customers) < 0.9, rng.choice(owners, customers), -1)
    first = as_of - rng.integers(0, HISTORY_DAYS, customers)
    created = first - rng.integers(0, 60, customers)
    lifetime = rng.exponential(700.0, customers)
    end = np.minimum(first + lifetime, as_of).astype(np.int64)
    usd = rng.random(customers) < 0.03
    # purchase rates heterogeneous (gamma), deals shared out in proportion to rate × lifetime
    weight = rng.gamma(0.8, 1.0, customers) * (end - first + 30)
    buyer = np.sort(rng.choice(customers, deals, p=weight / weight.sum()))
    buyer[:customers] = np.arange(customers)  # everyone bought at least once
    span = end[buyer] - first[buyer]
    closed = first[buyer] + np.where(
        np.r_[True, buyer[1:] != buyer[:-1]], 0, (rng.random(deals) * (span + 1)).astype(np.int64)
    )
    spend = rng.gamma(2.0, 1500.0, customers)
    amount = np.maximum(rng.gamma(4.0, spend[buyer] / 4.0), 1.0)
    hundredths = np.round(amount * 100).astype(np.int64)

    customer_rows = [
        (
            int(cid),
            f"Bench Customer {cid}",
            f"bench customer {cid}",
            "active",
            None if owner < 0 else int(owner),
            stamp,
            stamp,
        )
        for cid, owner, stamp in zip(
            customer_ids.tolist(), owner_of.tolist(), _instant(created, sqlite), strict=True
        )
    ]
    closed_days = _day(closed)
    deal_owner = np.where(owner_of[buyer] < 0, owners[0], owner_of[buyer])
    deal_rows: list[tuple[Any, ...]] = [
        (
            "order",
            amount_,
            "USD" if usd[cid] else "CNY",
            "won",
            day,
            int(cid) + 1,
            int(owner),
            stamp,
            stamp,
        )
        for amount_, cid, day, owner, stamp in zip(
            hundredths.tolist(),
            buyer.tolist(),
            closed_days,
            deal_owner.tolist(),
            _instant(closed, sqlite),
            strict=True,
        )
    ]
    # a pipeline: lost and open deals for one customer in ten
    extra = rng.choice(customers, customers // 10)
    extra_days = as_of - rng.integers(0, 365, extra.size)
    for cid, day, stamp, lost in zip(
        extra.tolist(),
        _day(extra_days),
        _instant(extra_days, sqlite),
        (rng.random(extra.size) < 0.5).tolist(),
        strict=True,
    ):
        owner = owner_of[cid] if owner_of[cid] > 0 else owners[0]
        deal_rows.append(
            (
                "pipeline",
                500_000,
                "USD" if usd[cid] else "CNY",
                "lost" if lost else "proposal",
                day if lost else None,
                cid + 1,
                int(owner),
                stamp,
                stamp,
            )
        )
    # contacts: visits for half the customers, follow-ups and tickets for some
    visited = rng.choice(customers, customers // 2)
    visit_days = as_of - rng.integers(0, 400, visited.size)
    interaction_rows = [
        ("visit", stamp, "visit", int(owners[0]), cid + 1, stamp)
        for cid, stamp in zip(visited.tolist(), _instant(visit_days, sqlite), strict=True)
    ]
    followed = rng.choice(customers, customers // 5)
    due = as_of - rng.integers(-30, 120, followed.size)
    done = rng.random(followed.size) < 0.6
    followup_rows = [
        (
            stamp,
            "done" if finished else "open",
            cid + 1,
            int(owners[0]),
            stamp if finished else None,
            stamp,
        )
        for cid, stamp, finished in zip(
            followed.tolist(), _instant(due, sqlite), done.tolist(), strict=True
        )
    ]
    served = rng.choice(customers, customers // 10)
    opened = as_of - rng.integers(0, 200, served.size)
    status = rng.choice(["new", "in_progress", "resolved", "closed"], served.size)
    ticket_rows = [
        (f"B-{number}", "bench", "normal", state, stamp, stamp, int(owners[0]), cid + 1, stamp)
        for number, (cid, stamp, state) in enumerate(
            zip(served.tolist(), _instant(opened, sqlite), status.tolist(), strict=True)
        )
    ]
    _load(
        engine,
        {
            "customers": (
                "id, name, normalized_name, status, owner_id, created_at, updated_at",
                customer_rows,
            ),
            "deals": (
                _DEAL_COLUMNS,
                deal_rows,
            ),
            "interactions": (
                "kind, occurred_at, summary, author_id, customer_id, created_at",
                interaction_rows,
            ),
            "followups": (
                "due_at, status, customer_id, assignee_id, completed_at, created_at",
                followup_rows,
            ),
            "tickets": (
                _TICKET_COLUMNS,
                ticket_rows,
            ),
        },
    )


def _load(engine: Engine, tables: dict[str, tuple[str, list[tuple[Any, ...]]]]) -> None:
    """Bulk inserts on the raw driver: executemany on SQLite, COPY on PostgreSQL."""
    with engine.begin() as connection:
        raw: Any = connection.connection.driver_connection
        cursor = raw.cursor()
        for table, (columns, rows) in tables.items():
            if engine.dialect.name == "sqlite":
                marks = ", ".join("?" for _ in columns.split(","))
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608
            else:
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
        if engine.dialect.name == "postgresql":
            # the explicit customer ids must not collide with later inserts
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('customers', 'id'), max(id)) FROM customers"
            )
        else:
            cursor.execute("ANALYZE")
    if engine.dialect.name == "postgresql":
        # what autovacuum does to a settled database: statistics and the visibility map (which
        # lets the covering index answer alone)
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))


# -- timing -------------------------------------------------------------------------------------


def _seconds(action: Any) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def floor(engine: Engine) -> None:
    with engine.connect() as connection:
        rows = connection.execute(text(FLOOR_SQL), {"as_of": AS_OF.isoformat()}).all()
        assert rows


@contextmanager
def _database(pg: bool) -> Iterator[str]:
    if not pg:
        with tempfile.TemporaryDirectory(prefix="bench_loyalty_") as directory:
            yield f"sqlite:///{Path(directory) / 'crm.db'}"
        return
    name = f"bench_loyalty_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--deals", type=int, default=1_000_000)
    parser.add_argument("--pg", action="store_true", help="run on the local PostgreSQL")
    parser.add_argument("--summaries", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5, help="floor / warm runs (median)")
    args = parser.parse_args(argv)
    with _database(args.pg) as url:
        engine = make_engine(url)
        migrate.upgrade(engine)
        started = time.perf_counter()
        build_company(engine, args.customers, args.deals)
        print(
            f"{engine.dialect.name}: built {args.customers:,} customers and {args.deals:,} won"
            f" deals in {time.perf_counter() - started:.1f} s"
        )
        factory = make_session_factory(engine)

        def portfolio() -> None:
            with transaction(factory) as session:
                actor = staff_service.system_actor(session=session)
                loyalty.portfolio_summary(session=session, actor=actor, as_of=AS_OF)

        floor(engine)  # warm the page cache like the runs that follow
        loyalty.clear_cache()
        cold = _seconds(portfolio)
        # the cold run's parts: the company's histories (SQL + numpy), then the model fits
        loyalty.clear_cache()
        with transaction(factory) as session:
            started = time.perf_counter()
            snap = loyalty.snapshot(session=session, as_of=AS_OF)
            rebuild = time.perf_counter() - started
            fit = _seconds(lambda: loyalty.company_models(snap=snap))
        # floor and warm portfolio alternate, so a busy neighbour slows both alike
        floors, warms = [], []
        for _ in range(args.repeat):
            floors.append(_seconds(lambda: floor(engine)))
            warms.append(_seconds(portfolio))
        floor_s, warm = statistics.median(floors), statistics.median(warms)

        rng = np.random.default_rng(7)
        picks = rng.choice(np.arange(1, args.customers + 1), args.summaries, replace=False)
        times = []
        with transaction(factory) as session:
            actor = staff_service.system_actor(session=session)
            for cid in picks.tolist():
                started = time.perf_counter()
                loyalty.customer_summary(
                    session=session, actor=actor, customer_id=int(cid), as_of=AS_OF
                )
                times.append(time.perf_counter() - started)
        times.sort()
        median = statistics.median(times)
        p99 = times[min(len(times) - 1, int(0.99 * len(times)))]
        engine.dispose()
    print(f"floor (GROUP BY customer over won deals, median of {args.repeat}): {floor_s:.3f} s")
    print(f"portfolio cold (fit included): {cold:.3f} s, ratio {cold / floor_s:.2f}x")
    print(
        f"  of which: company histories rebuilt {rebuild:.3f} s (ratio {rebuild / floor_s:.2f}x),"
        f" model fits and predictions {fit:.3f} s"
    )
    print(f"portfolio warm (cached fit, median): {warm:.3f} s, ratio {warm / floor_s:.2f}x")
    print(f"customer summary: median {median * 1000:.2f} ms, p99 {p99 * 1000:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())

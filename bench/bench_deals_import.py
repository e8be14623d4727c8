"""Benchmark the CSV deal import against the floor: a bare sqlite3 executemany.

Run: .venv/bin/python -m bench.bench_deals_import [--deals 200000] [--customers 100000]
     [--db URL] [--csv PATH]

Imports a generated directory of customers (bench_import's file) into a fresh, migrated
database, then a generated file of deals naming them by full name, alias or a variant spelling,
with amounts, currencies and dates written the ways spreadsheets write them; the deal import is
timed with its commit. The same rows are then inserted into a plain table with sqlite3's
executemany: the ratio between the two is the figure to watch. Re-importing the file (every row
a duplicate, so rejected) and undoing the import are timed too.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import resource
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

from bench.bench_import import generate_csv
from crm_core import migrate
from crm_core.audit import service as audit_service
from crm_core.context import Origin
from crm_core.csvload import ImportRejected
from crm_core.customers.importer import import_customers
from crm_core.db import make_engine, make_session_factory, transaction
from crm_core.deals.importer import import_deals
from crm_core.settings import get_settings
from crm_core.staff import service as staff_service

DEAL_COLUMNS = ("customer", "amount", "currency", "closed_at", "title", "product", "stage")
_PRODUCTS = ("监护仪", "CT 扫描仪", "ERP license", "Support plan", "耗材", "培训服务", "")
_FIRST_DAY = date(2023, 1, 1)


def customer_names(directory: bytes) -> list[tuple[str, list[str]]]:
    """(name, aliases) of every customer in a generated directory file."""
    rows = csv.DictReader(io.StringIO(directory.decode("utf-8"), newline=""))
    return [(row["name"], [a for a in row["aliases"].split("|") if a]) for row in rows]


def generate_deals(count: int, customers: list[tuple[str, list[str]]], seed: int = 7) -> bytes:
    """A UTF-8 CSV of `count` deals; customers named as a sales team's export would."""
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(DEAL_COLUMNS)
    for _ in range(count):
        name, aliases = rng.choice(customers)
        pick = rng.random()
        if pick < 0.2 and aliases:
            name = rng.choice(aliases)
        elif pick < 0.3:
            name = name.upper()  # same normalized name
        cents = rng.randrange(100, 50_000_000)
        whole, fraction = divmod(cents, 100)
        style = rng.random()
        currency = ""
        if style < 0.5:
            amount = f"{whole}.{fraction:02d}"
        elif style < 0.8:
            amount = f"{whole:,}.{fraction:02d}"
        elif style < 0.9:
            amount = f"¥{whole:,}.{fraction:02d}"
        else:
            amount, currency = f"${whole:,}.{fraction:02d}", "USD"
        if not currency and rng.random() < 0.3:
            currency = "CNY"
        day = _FIRST_DAY + timedelta(days=rng.randrange(3 * 365))
        form = rng.random()
        if form < 0.7:
            closed_at = day.isoformat()
        elif form < 0.9:
            closed_at = day.strftime("%Y/%m/%d")
        else:
            closed_at = f"{day.isoformat()}T{rng.randrange(8, 20):02d}:30:00+08:00"
        product = rng.choice(_PRODUCTS)
        writer.writerow((name, amount, currency, closed_at, "", product, ""))
    return out.getvalue().encode("utf-8")


def baseline_executemany(data: bytes, directory: Path) -> float:
    """Seconds to insert the same rows into a plain sqlite3 table and commit: the floor."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))[1:]
    connection = sqlite3.connect(directory / "baseline_deals.db")
    columns = ", ".join(f"{column} TEXT" for column in DEAL_COLUMNS)
    connection.execute(f"CREATE TABLE deals ({columns})")
    placeholders = ", ".join("?" for _ in DEAL_COLUMNS)
    started = time.perf_counter()
    connection.executemany(f"INSERT INTO deals VALUES ({placeholders})", rows)  # noqa: S608
    connection.commit()
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


@contextmanager
def _database(url: str | None) -> Iterator[tuple[str, Path]]:
    with tempfile.TemporaryDirectory(prefix="bench_deals_") as directory:
        yield url or f"sqlite:///{Path(directory) / 'crm.db'}", Path(directory)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--deals", type=int, default=200_000)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument(
        "--db", help="URL of an empty database to use (default: a fresh SQLite file)"
    )
    parser.add_argument("--csv", type=Path, help="also save the generated deals file here")
    args = parser.parse_args(argv)

    with _database(args.db) as (url, directory):
        engine = make_engine(url)
        migrate.upgrade(engine)
        factory = make_session_factory(engine)

        started = time.perf_counter()
        customers_csv = generate_csv(args.customers, owners=[""])
        with transaction(factory) as session:
            admin = staff_service.system_actor(session=session)
            import_customers(
                session=session,
                actor=admin,
                data=customers_csv,
                origin=Origin(),
                max_bytes=len(customers_csv),
            )
        customers = customer_names(customers_csv)
        data = generate_deals(args.deals, customers)
        if args.csv:
            args.csv.write_bytes(data)
        limit = get_settings().import_max_bytes
        print(
            f"setup: {len(customers)} customers imported, {args.deals} deals generated"
            f" ({len(data) / 2**20:.1f} MiB, {'under' if len(data) <= limit else 'OVER'} the"
            f" {limit / 2**20:.0f} MiB default limit) in {time.perf_counter() - started:.1f} s"
        )

        started = time.perf_counter()
        with transaction(factory) as session:
            admin = staff_service.system_actor(session=session)
            result = import_deals(session, admin, data, max_bytes=len(data))
        elapsed = time.perf_counter() - started
        peak = _peak_rss_mib()

        started = time.perf_counter()
        try:
            with transaction(factory) as session:
                admin = staff_service.system_actor(session=session)
                import_deals(session, admin, data, max_bytes=len(data))
        except ImportRejected as rejected:
            repeated = len(rejected.problems)
        else:
            repeated = 0
        again_elapsed = time.perf_counter() - started

        started = time.perf_counter()
        with transaction(factory) as session:
            admin = staff_service.system_actor(session=session)
            undone = audit_service.undo_change_set(
                session=session, actor=admin, change_set=result.change_set
            )
        undo_elapsed = time.perf_counter() - started
        engine.dispose()

        floor = baseline_executemany(data, directory)
        totals = ", ".join(f"{currency} {total:,.2f}" for currency, total in result.totals.items())
        print(
            f"import {result.count} deals ({totals}): {elapsed:.1f} s"
            f" ({result.count / elapsed:,.0f} rows/s); baseline raw executemany: {floor:.2f} s"
            f" ({result.count / floor:,.0f} rows/s); ratio {elapsed / floor:.1f}x"
        )
        print(f"re-import of the same file: rejected, {repeated} duplicates, {again_elapsed:.1f} s")
        print(f"undo of the whole import ({len(undone.entries)} rows): {undo_elapsed:.1f} s")
        print(f"peak memory (max RSS of the process): {peak:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

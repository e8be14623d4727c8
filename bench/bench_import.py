"""Benchmark the CSV customer import against the floor: a bare sqlite3 executemany.

Run: .venv/bin/python bench/bench_import.py [--rows 100000] [--db URL] [--csv PATH]

Generates a realistic file (Chinese and English company names, aliases, phones, emails, a few
owners), imports it into a fresh, migrated database and commits, then inserts the same rows into
a plain table with sqlite3's executemany. The ratio between the two is the figure to watch: the
absolute times depend on the machine, the ratio much less.
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
from pathlib import Path

from crm_core import migrate
from crm_core.audit import service as audit_service
from crm_core.context import Origin
from crm_core.customers.importer import COLUMNS, export_customers, import_customers
from crm_core.db import make_engine, make_session_factory, transaction
from crm_core.normalize import normalize_name
from crm_core.settings import get_settings
from crm_core.staff import service as staff_service
from crm_core.staff.models import Role
from crm_core.staff.schemas import StaffCreate

_CITIES = (
    "北京 上海 广州 深圳 厦门 杭州 南京 苏州 成都 重庆 武汉 西安 天津 青岛 大连 宁波 福州 "
    "长沙 郑州 济南 合肥 昆明 沈阳 哈尔滨 无锡 佛山 东莞 珠海 泉州 温州"
).split()
_ZH_SYLLABLES = (
    "蓝 湾 华 信 恒 达 宏 远 金 鼎 新 创 瑞 丰 盛 安 泰 博 通 联 德 源 海 天 星 辰 光 明 "
    "嘉 禾 汇 川 卓 越 中 科 启 航 万 象 云 峰 佳 和 永 康 长 青 正 阳 东 方 润 泽 锦 程 凯 旋"
).split()
_ZH_TRADES = (
    "医疗科技 物流 软件 食品 建材 电子 机械 生物制药 教育咨询 环保工程 新能源 贸易 "
    "餐饮管理 服饰 光电 汽车配件 信息技术 农业发展 文化传媒 精密仪器"
).split()
_ZH_FORMS = ("有限公司", "股份有限公司", "有限责任公司", "集团有限公司")
_EN_WORDS = (
    "Pemberton Ashford Blackwell Carrington Dalton Everly Fairmont Greenway Harlow Ingram "
    "Kensington Lockwood Marlow Northgate Oakridge Prescott Quinlan Redfield Sterling Thornbury "
    "Upton Westbrook Yardley Brightwater Silverline Bluepeak Redstone Ironbridge Clearview Summit"
).split()
_EN_TRADES = (
    "Foods Logistics Software Medical Robotics Analytics Energy Textiles Pharma Systems "
    "Consulting Labs Networks Devices Materials Capital Retail Marine Aerospace Security"
).split()
_EN_FORMS = ("Ltd", "Inc.", "LLC", "Co.", "GmbH", "plc", "Pte Ltd", "Corporation")
_INDUSTRIES = ("医疗", "制造", "零售", "物流", "软件", "Healthcare", "Manufacturing", "Retail")
_REGIONS = ("华东", "华南", "华北", "西南", "East China", "South China", "APAC", "EMEA")
_TIERS = ("A", "B", "C", "")
_OWNERS = 8


def generate_csv(rows: int, owners: list[str], seed: int = 20261125) -> bytes:
    """A UTF-8 CSV of `rows` distinct customers (no two names or aliases normalize alike)."""
    rng = random.Random(seed)
    taken: set[str] = set()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    written = 0
    while written < rows:
        if rng.random() < 0.6:
            name, aliases = _chinese_company(rng)
        else:
            name, aliases = _english_company(rng)
        key = normalize_name(name)
        if key in taken:
            continue
        taken.add(key)
        kept = []
        for alias in aliases:
            alias_key = normalize_name(alias)
            if alias_key not in taken:
                taken.add(alias_key)
                kept.append(alias)
        written += 1
        writer.writerow(
            (
                name,
                "|".join(kept),
                rng.choice(_INDUSTRIES),
                rng.choice(_REGIONS),
                rng.choice(_TIERS),
                f"1{rng.choice('3578')}{rng.randrange(10**9):09d}",
                f"contact{written}@example-{written % 997}.com" if rng.random() < 0.7 else "",
                rng.choice(owners) if rng.random() < 0.8 else "",
            )
        )
    return out.getvalue().encode("utf-8")


def _chinese_company(rng: random.Random) -> tuple[str, list[str]]:
    core = "".join(rng.choices(_ZH_SYLLABLES, k=rng.choice((2, 2, 3))))
    trade = rng.choice(_ZH_TRADES)
    city = rng.choice(_CITIES)
    name = f"{city}{core}{trade}{rng.choice(_ZH_FORMS)}"
    return name, [f"{core}{trade}", f"{city}{core}"] if rng.random() < 0.7 else [core + trade]


def _english_company(rng: random.Random) -> tuple[str, list[str]]:
    first, second = rng.sample(_EN_WORDS, 2)
    trade = rng.choice(_EN_TRADES)
    name = f"{first} {second} {trade} {rng.choice(_EN_FORMS)}"
    initials = f"{first[0]}{second[0]}{trade[0]}"
    return name, [f"{first} {trade}", initials] if rng.random() < 0.5 else [f"{first} {trade}"]


def baseline_executemany(data: bytes, directory: Path) -> float:
    """Seconds to insert the same rows into a plain sqlite3 table and commit: the floor."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))[1:]
    connection = sqlite3.connect(directory / "baseline.db")
    connection.execute(f"CREATE TABLE customers ({', '.join(f'{c} TEXT' for c in COLUMNS)})")
    placeholders = ", ".join("?" for _ in COLUMNS)
    started = time.perf_counter()
    connection.executemany(f"INSERT INTO customers VALUES ({placeholders})", rows)  # noqa: S608
    connection.commit()
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


@contextmanager
def _database(url: str | None) -> Iterator[tuple[str, Path]]:
    with tempfile.TemporaryDirectory(prefix="bench_import_") as directory:
        yield url or f"sqlite:///{Path(directory) / 'crm.db'}", Path(directory)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument(
        "--db", help="URL of an empty database to use (default: a fresh SQLite file)"
    )
    parser.add_argument("--csv", type=Path, help="also save the generated file here")
    args = parser.parse_args(argv)

    with _database(args.db) as (url, directory):
        engine = make_engine(url)
        migrate.upgrade(engine)
        factory = make_session_factory(engine)
        origin = Origin()
        with transaction(factory) as session:
            admin = staff_service.system_actor(session=session)
            owners = [
                staff_service.add(
                    session=session,
                    actor=admin,
                    data=StaffCreate(
                        email=f"bench.owner{number}@example.com",
                        name=f"Owner {number}",
                        role=Role.MANAGER if number == 0 else Role.REP,
                        team="Bench",
                    ),
                    origin=origin,
                ).email
                for number in range(_OWNERS)
            ]

        started = time.perf_counter()
        data = generate_csv(args.rows, owners)
        generated = time.perf_counter() - started
        if args.csv:
            args.csv.write_bytes(data)
        limit = get_settings().import_max_bytes
        size_note = "under" if len(data) <= limit else "OVER"
        print(
            f"file: {len(data) / 2**20:.2f} MiB for {args.rows} rows "
            f"({size_note} the {limit / 2**20:.0f} MiB limit), generated in {generated:.1f} s"
        )

        peak_before = _peak_rss_mib()
        started = time.perf_counter()
        with transaction(factory) as session:
            admin = staff_service.system_actor(session=session)
            report = import_customers(
                session=session,
                actor=admin,
                data=data,
                origin=Origin(),
                max_bytes=max(limit, len(data)),
            )
        elapsed = time.perf_counter() - started
        peak_after = _peak_rss_mib()

        started = time.perf_counter()
        with transaction(factory) as session:
            admin = staff_service.system_actor(session=session)
            exported = export_customers(session=session, actor=admin, out=io.StringIO())
        export_elapsed = time.perf_counter() - started

        started = time.perf_counter()
        with transaction(factory) as session:
            admin = staff_service.system_actor(session=session)
            undone = audit_service.undo_change_set(
                session=session, actor=admin, change_set=report.change_set
            )
        undo_elapsed = time.perf_counter() - started
        engine.dispose()

        floor = baseline_executemany(data, directory)
        print(
            f"import {report.created} rows: {elapsed:.1f} s ({report.created / elapsed:.0f} rows/s;"
            f" {report.aliases} aliases); baseline raw executemany: {floor:.2f} s;"
            f" ratio {elapsed / floor:.1f}x"
        )
        print(f"export {exported} rows: {export_elapsed:.1f} s")
        print(f"undo of the whole import ({len(undone.entries)} rows): {undo_elapsed:.1f} s")
        print(
            f"peak memory (max RSS of the process): {peak_after:.0f} MiB after the import,"
            f" {peak_before:.0f} MiB before it (generating the file)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

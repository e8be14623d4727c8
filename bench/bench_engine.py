"""Messages per second through the conversation engine, database write included.

    .venv/bin/python -m bench.bench_engine [--messages 2000] [--db URL]

Seeds the demo company into a fresh database (SQLite in a temporary folder unless `--db` names
an empty one), binds the demo rep to a console identity, and sends realistic one-line notes that
are written at once (visits, calls, follow-ups, tickets, deals on the rep's own customers). Each
message is one transaction: dedup record, conversation row, CRM writes and audit. The baseline
is the parse-only rate of the same messages in the same run.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from bot.channels.console import console_user_id
from bot.engine import ConversationEngine
from bot.messages import InboundMessage
from crm_core import demo, migrate
from crm_core.context import Origin
from crm_core.customers import service as customers
from crm_core.db import make_engine, make_session_factory, transaction
from crm_core.interactions.models import Interaction
from crm_core.staff import service as staff_service
from crm_core.staff.models import Channel
from crm_core.timeutil import utcnow

TEMPLATES = [
    "今天上午拜访了{c}，和采购聊了二期扩容",
    "刚给{c}打了电话，确认了下周的交付安排",
    "下周四下午三点再约{c}",
    "{c}反馈设备又报错了，很急",
    "跟{c}签了三万五",
    "Called {c} about the renewal, they are happy",
    "Follow up with {c} next Tuesday 10am",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--db", help="an empty database URL (default: SQLite in a temp folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite:///{Path(folder) / 'bench.db'}"
        run(url, args.messages)


def run(url: str, count: int) -> None:
    db_engine = make_engine(url)
    migrate.upgrade(db_engine)
    sessions = make_session_factory(db_engine)
    email = demo.demo_email("wang.lei")
    with transaction(sessions) as session:
        demo.seed_demo(session=session, now=utcnow())
        rep = staff_service.require_by_email(session=session, email=email)
        staff_service.bind_identity(
            session=session,
            actor=rep,
            staff=rep,
            channel=Channel.CONSOLE,
            external_user_id=console_user_id(email),
            origin=Origin(channel=Channel.CONSOLE),
        )
        own = [name for _, name, _ in customers.directory(session=session, actor=rep)]
    rng = random.Random(5)
    texts = [rng.choice(TEMPLATES).format(c=rng.choice(own)) for _ in range(count)]

    engine = ConversationEngine.for_database(db_engine)
    now = utcnow()
    parse_seconds = []
    for text in texts:
        started = time.perf_counter()
        engine.understanding.parse(text, now=now, language_hint=None)
        parse_seconds.append(time.perf_counter() - started)

    handle_seconds = []
    answered = 0
    outcomes: Counter[str] = Counter()
    for number, text in enumerate(texts):
        message = InboundMessage(
            channel="console",
            user_id=console_user_id(email),
            chat_id="bench",
            message_id=f"bench-{number}",
            received_at=now + timedelta(milliseconds=number),
            text=text,
        )
        started = time.perf_counter()
        replies = engine.handle(message)
        handle_seconds.append(time.perf_counter() - started)
        answered += bool(replies)
        outcomes[replies[0].key if replies else "(none)"] += 1
    with sessions() as session:
        logged = session.scalar(
            select(func.count())
            .select_from(Interaction)
            .where(Interaction.source_channel == "console")
        )
    db_engine.dispose()

    parse_rate = len(texts) / sum(parse_seconds)
    handle_rate = len(texts) / sum(handle_seconds)
    print(
        f"database: {make_engine(url).dialect.name}; messages: {len(texts)}; answered: {answered}"
    )
    print(f"interactions written: {logged}")
    print("first reply: " + ", ".join(f"{key} {count}" for key, count in outcomes.most_common()))
    print(f"parse only (baseline): {parse_rate:,.0f} msg/s")
    print(
        f"engine with DB write:  {handle_rate:,.0f} msg/s "
        f"(median {statistics.median(handle_seconds) * 1000:.2f} ms, "
        f"p99 {sorted(handle_seconds)[int(len(handle_seconds) * 0.99) - 1] * 1000:.2f} ms)"
    )
    print(f"ratio engine/parse: {handle_rate / parse_rate:.2f} (budget: >= 300 msg/s on SQLite)")


if __name__ == "__main__":
    main()

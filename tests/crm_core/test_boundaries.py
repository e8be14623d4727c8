"""Commit-at-the-boundary behaviour on real, committed databases (both engines)."""

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from crm_core import migrate
from crm_core.audit.models import AuditEntry
from crm_core.context import Origin
from crm_core.customers import service as customers
from crm_core.customers.models import Customer, CustomerAlias
from crm_core.customers.schemas import CustomerCreate
from crm_core.db import make_engine, make_session_factory, transaction
from crm_core.errors import DuplicateError
from crm_core.staff import service as staff_service
from crm_core.tickets import service as tickets


@pytest.fixture
def factory(db_url: str) -> Iterator[sessionmaker[Session]]:
    engine: Engine = make_engine(db_url)
    migrate.upgrade(engine)
    yield make_session_factory(engine)
    engine.dispose()


def _counts(factory: sessionmaker[Session]) -> tuple[int, int, int]:
    with factory() as session:
        return tuple(  # type: ignore[return-value]
            int(session.scalar(select(func.count()).select_from(model)) or 0)
            for model in (Customer, CustomerAlias, AuditEntry)
        )


def test_a_failed_use_case_leaves_no_half_record(factory: sessionmaker[Session]) -> None:
    with transaction(factory) as session:
        system = staff_service.system_actor(session=session)
        customers.create(
            session=session, actor=system, data=CustomerCreate(name="Globex"), origin=Origin()
        )
    before = _counts(factory)

    def use_case() -> None:
        with transaction(factory) as session:
            system = staff_service.system_actor(session=session)
            # The first write succeeds and is flushed; the second fails: neither may survive.
            customers.create(
                session=session,
                actor=system,
                data=CustomerCreate(name="Initech", aliases=["INTC"]),
                origin=Origin(),
            )
            customers.create(
                session=session,
                actor=system,
                data=CustomerCreate(name="Globex Ltd"),
                origin=Origin(),
            )

    with pytest.raises(DuplicateError):
        use_case()
    assert _counts(factory) == before


def test_ticket_numbers_stay_unique_under_concurrent_writers(
    factory: sessionmaker[Session],
) -> None:
    with transaction(factory) as session:
        system = staff_service.system_actor(session=session)
        customer_id = customers.create(
            session=session, actor=system, data=CustomerCreate(name="Busy Co"), origin=Origin()
        ).id

    def open_many(count: int) -> list[str]:
        numbers = []
        for _ in range(count):
            with transaction(factory) as session:
                actor = staff_service.system_actor(session=session)
                ticket = tickets.open_ticket(
                    session=session,
                    actor=actor,
                    data=tickets.TicketCreate(customer_id=customer_id, title="报错"),
                    origin=Origin(),
                )
                numbers.append(ticket.number)
        return numbers

    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(open_many, [15, 15, 15]))
    numbers = [number for batch in results for number in batch]
    assert len(numbers) == 45
    assert sorted(numbers, key=lambda n: int(n[2:])) == [f"T-{n}" for n in range(1001, 1046)]

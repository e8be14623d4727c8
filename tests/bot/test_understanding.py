"""The customer index cache: reused while the directory is unchanged, rebuilt when it changes.

Runs on SQLite and PostgreSQL (through the `session` fixture).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from bot import understanding
from crm_core.context import Origin
from crm_core.customers import service as customers
from crm_core.customers.models import Customer
from crm_core.customers.schemas import CustomerCreate, CustomerUpdate
from crm_core.staff.models import Staff
from nlu.customer_index import CustomerIndex
from tests.conftest import NOW


@pytest.fixture
def lanwan(session: Session, system: Staff) -> Customer:
    customer = customers.create(
        session=session,
        actor=system,
        data=CustomerCreate(name="厦门蓝湾医疗科技有限公司", aliases=["蓝湾"]),
        origin=Origin(at=NOW),
    )
    session.flush()
    return customer


def _found(index: CustomerIndex, text: str) -> list[int]:
    return [mention.best.id for mention in index.find(text)]


def test_an_unchanged_directory_is_loaded_from_the_cache(
    session: Session, lanwan: Customer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = understanding.load_index(session, tmp_path)
    assert _found(built, "拜访了蓝湾") == [lanwan.id]
    [cached] = tmp_path.glob("customer-index-*.pickle")

    def no_build(_: object) -> CustomerIndex:
        raise AssertionError("the index was built again")

    monkeypatch.setattr(CustomerIndex, "build", no_build)
    loaded = understanding.load_index(session, tmp_path)

    assert loaded is not built
    assert _found(loaded, "拜访了蓝湾") == [lanwan.id]
    assert list(tmp_path.glob("customer-index-*.pickle")) == [cached]


def test_a_renamed_customer_or_a_new_alias_rebuilds_it(
    session: Session, lanwan: Customer, system: Staff, tmp_path: Path
) -> None:
    understanding.load_index(session, tmp_path)
    [first] = tmp_path.glob("customer-index-*.pickle")
    customers.update(
        session=session,
        actor=system,
        customer_id=lanwan.id,
        changes=CustomerUpdate(name="厦门碧海医疗科技有限公司", aliases=["碧海"]),
        origin=Origin(at=NOW + timedelta(minutes=1)),
    )
    session.flush()

    rebuilt = understanding.load_index(session, tmp_path)

    assert _found(rebuilt, "拜访了碧海") == [lanwan.id]
    assert _found(rebuilt, "拜访了蓝湾") == []
    assert [path.name for path in tmp_path.glob("customer-index-*.pickle")] != [first.name]
    assert len(list(tmp_path.glob("customer-index-*.pickle"))) == 1


def test_an_unreadable_cache_is_rebuilt_not_trusted(
    session: Session, lanwan: Customer, tmp_path: Path
) -> None:
    understanding.load_index(session, tmp_path)
    [cached] = tmp_path.glob("customer-index-*.pickle")
    cached.write_bytes(b"not a pickle")

    index = understanding.load_index(session, tmp_path)

    assert _found(index, "拜访了蓝湾") == [lanwan.id]
    assert cached.read_bytes() != b"not a pickle"


def test_the_cache_follows_the_names_themselves_not_counts_or_dates(
    session: Session, lanwan: Customer, tmp_path: Path
) -> None:
    """Two databases seeded alike once shared a key (same counts, same newest id and date) and
    the index named the other database's customers; a name changed behind the ORM's back (an
    undo restores the old `updated_at` too) must rebuild it just the same."""
    understanding.load_index(session, tmp_path)
    session.execute(
        update(Customer)
        .where(Customer.id == lanwan.id)
        .values(name="厦门碧海医疗科技有限公司", updated_at=lanwan.updated_at)
    )
    session.expire_all()

    index = understanding.load_index(session, tmp_path)

    assert _found(index, "拜访了碧海医疗") == [lanwan.id]

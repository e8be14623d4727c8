"""Shared fixtures: the real migrations on SQLite and PostgreSQL, each test rolled back.

Every test that takes `session` runs once per engine. PostgreSQL is mandatory when CI=true;
elsewhere its half of the suite runs when the server answers.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from crm_core import migrate
from crm_core.context import Origin
from crm_core.db import make_engine
from crm_core.loyalty import service as loyalty_service
from crm_core.staff import service as staff_service
from crm_core.staff.models import Channel, Locale, Role, Staff
from crm_core.staff.schemas import StaffCreate

# CI explores the same examples every run (a red build must be reproducible); developers'
# machines keep exploring new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")

PG_ADMIN_URL = os.environ.get(
    "CRM_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)


def _pg_available() -> bool:
    engine = create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except OperationalError:
        return False
    finally:
        engine.dispose()


def _require_pg() -> None:
    if _pg_available():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"PostgreSQL is required in CI and did not answer at {PG_ADMIN_URL}")
    pytest.skip("PostgreSQL is not running here (it is mandatory in CI)")


def create_pg_database() -> str:
    """A fresh, empty database on the local server; returns its URL."""
    name = f"crm_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)


def drop_pg_database(url: str) -> None:
    name = make_url(url).database
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(autouse=True)
def _fresh_loyalty_cache() -> Iterator[None]:
    """Each test's data is rolled back and ids are handed out again, so a loyalty snapshot
    cached by one test could match another's fingerprint: none may outlive its test."""
    loyalty_service.clear_cache()
    yield
    loyalty_service.clear_cache()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """A migrated database per engine, shared by the whole run."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("sqlite") / "crm.db"
        db_engine = make_engine(f"sqlite:///{path}")
        migrate.upgrade(db_engine)
        yield db_engine
        db_engine.dispose()
        return
    _require_pg()
    url = create_pg_database()
    db_engine = make_engine(url)
    try:
        migrate.upgrade(db_engine)
        yield db_engine
    finally:
        db_engine.dispose()
        drop_pg_database(url)


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session inside an outer transaction that is rolled back: services may flush and even
    commit (savepoints), and nothing outlives the test."""
    connection = engine.connect()
    outer = connection.begin()
    db_session = Session(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    try:
        yield db_session
    finally:
        db_session.close()
        outer.rollback()
        connection.close()


@pytest.fixture
def db_url(request: pytest.FixtureRequest, tmp_path: Path, engine: Engine) -> Iterator[str]:
    """An empty, unmigrated database on the same engine as `engine`, for tests that commit."""
    if engine.dialect.name == "sqlite":
        yield f"sqlite:///{tmp_path / 'cli.db'}"
        return
    url = create_pg_database()
    try:
        yield url
    finally:
        drop_pg_database(url)


@pytest.fixture
def origin() -> Origin:
    return Origin(channel=Channel.CLI, at=NOW)


@pytest.fixture
def system(session: Session) -> Staff:
    return staff_service.system_actor(session=session)


StaffFactory = Callable[..., Staff]


@pytest.fixture
def make_staff(session: Session, system: Staff) -> StaffFactory:
    counter = iter(range(1, 10_000))

    def _make(
        role: Role = Role.REP,
        team: str | None = "East",
        *,
        name: str | None = None,
        locale: Locale = Locale.ZH_CN,
        timezone: str = "Asia/Shanghai",
    ) -> Staff:
        number = next(counter)
        return staff_service.add(
            session=session,
            actor=system,
            data=StaffCreate(
                email=f"{role.value}{number}@example.com",
                name=name or f"{role.value.title()} {number}",
                role=role,
                team=team,
                locale=locale,
                timezone=timezone,
            ),
            origin=Origin(at=NOW),
        )

    return _make

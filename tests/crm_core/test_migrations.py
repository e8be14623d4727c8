"""The migrations and the models describe the same schema, on both engines."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Engine

from crm_core import migrate
from crm_core.db import make_engine
from crm_core.models import Base


def test_models_match_the_migrated_schema(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_downgrade_to_base_and_upgrade_again(db_url: str) -> None:
    fresh = make_engine(db_url)
    try:
        migrate.upgrade(fresh)
        assert migrate.current_revision(fresh) is not None
        assert "customers" in inspect(fresh).get_table_names()
        migrate.downgrade(fresh, "base")
        assert "customers" not in inspect(fresh).get_table_names()
        migrate.upgrade(fresh)
        assert set(Base.metadata.tables) <= set(inspect(fresh).get_table_names())
    finally:
        fresh.dispose()

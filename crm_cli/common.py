"""What every `crm` command shares: the state from the root options, output, the transaction."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm import Session

import locales
from crm_core import migrate
from crm_core.customers.importer import ImportRejected
from crm_core.db import make_engine, make_session_factory, transaction
from crm_core.errors import DomainError
from crm_core.staff import service as staff_service
from crm_core.staff.models import Staff

# Wide tables stay readable when piped (Rich would assume 80 columns).
_WIDTH = max(shutil.get_terminal_size((160, 24)).columns, 120)
out = Console(soft_wrap=True, width=_WIDTH)
err = Console(stderr=True, soft_wrap=True, width=_WIDTH)


@dataclass
class CliState:
    database_url: str
    lang: str
    _engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = make_engine(self.database_url)
        return self._engine

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


def state_of(ctx: typer.Context) -> CliState:
    state = ctx.find_root().obj
    assert isinstance(state, CliState)
    return state


def say(state: CliState, key: str, /, **params: Any) -> None:
    out.print(locales.translate(key, state.lang, **params), markup=False, highlight=False)


@contextmanager
def unit_of_work(state: CliState) -> Iterator[Session]:
    """One command, one transaction; a domain error is printed in the CLI's language, exit 1."""
    try:
        with transaction(make_session_factory(state.engine)) as session:
            yield session
    except ImportRejected as rejected:
        _print_import_problems(rejected, state.lang)
        raise typer.Exit(1) from rejected
    except DomainError as error:
        err.print(render_error(error, state.lang), markup=False, highlight=False)
        raise typer.Exit(1) from error
    except (OperationalError, ProgrammingError) as error:
        # A missing table is a database nobody set up (or one behind this code): say what to run
        # instead of a traceback. Other database failures are real and stay loud.
        if migrate.is_current(state.engine):
            raise
        err.print(locales.translate("cli.db.not_ready", state.lang), markup=False)
        raise typer.Exit(2) from error


def _print_import_problems(rejected: ImportRejected, lang: str) -> None:
    """Every problem of a rejected file, by line number, then the verdict."""
    table = Table("line", "problem")
    for problem in rejected.problems:
        table.add_row(
            str(problem.line) if problem.line else "-",
            locales.translate(f"error.{problem.code}", lang, **problem.params),
        )
    err.print(table)
    err.print(
        locales.translate("cli.customers.import_rejected", lang, count=len(rejected.problems)),
        markup=False,
    )


def render_error(error: DomainError, lang: str) -> str:
    key = f"error.{error.code}"
    if locales.has_key(key):
        return locales.translate(key, lang, **error.params)
    return locales.translate("error.generic", lang, code=error.code)


def actor_for(session: Session, email: str | None) -> Staff:
    if email is None:
        return staff_service.system_actor(session=session)
    return staff_service.require_by_email(session=session, email=email)

"""`crm`: one entry point with subcommands. Each command is one transaction, committed here."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from babel.lists import format_list
from pydantic import ValidationError
from rich.table import Table
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

import locales
from crm_cli import (
    bot_commands,
    chat_commands,
    digest_commands,
    loyalty_commands,
    nlu_commands,
    serve_commands,
    worker_commands,
)
from crm_cli.common import (
    CliState,
    actor_for,
    err,
    out,
    say,
    state_of,
    unit_of_work,
)
from crm_core import demo as demo_data
from crm_core import migrate
from crm_core.audit import service as audit_service
from crm_core.auth import service as auth_service
from crm_core.context import Origin
from crm_core.customers import importer
from crm_core.customers import service as customer_service
from crm_core.customers.models import Customer
from crm_core.customers.schemas import CustomerCreate
from crm_core.deals import importer as deal_importer
from crm_core.settings import get_settings
from crm_core.staff import service as staff_service
from crm_core.staff.models import Channel, Locale, Role
from crm_core.staff.schemas import StaffCreate
from crm_core.timeutil import utcnow

app = typer.Typer(help="Conversational CRM assistant.", no_args_is_help=True, add_completion=False)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
staff_app = typer.Typer(help="Staff accounts.", no_args_is_help=True)
customers_app = typer.Typer(help="Customers.", no_args_is_help=True)
deals_app = typer.Typer(help="Deals.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(staff_app, name="staff")
app.add_typer(customers_app, name="customers")
app.add_typer(deals_app, name="deals")


@app.callback()
def _root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db", envvar="CRM_DATABASE_URL", help="Database URL (default: SQLite under ./var/)."
        ),
    ] = None,
    lang: Annotated[str, typer.Option("--lang", envvar="CRM_CLI_LANG", help="zh_CN or en.")] = "en",
) -> None:
    state = CliState(database_url=db or get_settings().database_url, lang=lang)
    ctx.obj = state
    ctx.call_on_close(state.close)


def _origin() -> Origin:
    return Origin(channel=Channel.CLI)


AsOption = Annotated[
    str | None, typer.Option("--as", help="Act as this staff e-mail (default: the system admin).")
]


# --- db ----------------------------------------------------------------------------------------


@db_app.command("upgrade")
def db_upgrade(ctx: typer.Context) -> None:
    """Create or migrate the schema to the latest revision."""
    state = state_of(ctx)
    migrate.upgrade(state.engine)
    say(state, "cli.db.upgraded", revision=migrate.current_revision(state.engine) or "-")


# --- staff -------------------------------------------------------------------------------------


@staff_app.command("add")
def staff_add(
    ctx: typer.Context,
    email: str,
    name: Annotated[str, typer.Option(help="Display name.")],
    role: Annotated[Role, typer.Option(help="rep, service, manager or admin.")],
    team: Annotated[str | None, typer.Option(help="Team name (created if new).")] = None,
    locale: Annotated[Locale, typer.Option(help="zh_CN or en.")] = Locale.ZH_CN,
    tz: Annotated[str, typer.Option("--tz", help="IANA time zone.")] = "Asia/Shanghai",
) -> None:
    """Create a staff account."""
    state = state_of(ctx)
    data = _validated(
        state,
        StaffCreate,
        email=email,
        name=name,
        role=role,
        team=team,
        locale=locale,
        timezone=tz,
    )
    with unit_of_work(state) as session:
        staff = staff_service.add(
            session=session,
            actor=staff_service.system_actor(session=session),
            data=data,
            origin=_origin(),
        )
        say(
            state,
            "cli.staff.added",
            role=staff.role.value,
            name=staff.name,
            email=staff.email,
            id=staff.id,
        )


@staff_app.command("list")
def staff_list(ctx: typer.Context) -> None:
    """All staff accounts."""
    state = state_of(ctx)
    with unit_of_work(state) as session:
        table = Table("id", "email", "name", "role", "team", "locale", "time zone", "active")
        for staff in staff_service.list_staff(session=session):
            table.add_row(
                str(staff.id),
                staff.email,
                staff.name,
                staff.role.value,
                staff.team.name if staff.team else "",
                staff.locale.value,
                staff.timezone,
                "yes" if staff.active else "no",
            )
        out.print(table)


@staff_app.command("bind-code")
def staff_bind_code(ctx: typer.Context, email: str) -> None:
    """Issue a one-time code that binds a chat account to this staff member (printed last)."""
    state = state_of(ctx)
    with unit_of_work(state) as session:
        staff = staff_service.require_by_email(session=session, email=email)
        issued = staff_service.issue_bind_code(
            session=session,
            actor=staff_service.system_actor(session=session),
            staff=staff,
            origin=_origin(),
        )
        say(
            state,
            "cli.staff.bind_code",
            email=staff.email,
            expires=locales.format_local_datetime(issued.expires_at, staff.timezone, state.lang),
            code=issued.code,
        )
        out.print(issued.code, markup=False, highlight=False)


@staff_app.command("deactivate")
def staff_deactivate(ctx: typer.Context, email: str) -> None:
    """Deactivate a staff account: its chats are refused from now on."""
    state = state_of(ctx)
    with unit_of_work(state) as session:
        staff = staff_service.require_by_email(session=session, email=email)
        staff_service.set_active(
            session=session,
            actor=staff_service.system_actor(session=session),
            staff=staff,
            active=False,
            origin=_origin(),
        )
        say(state, "cli.staff.deactivated", email=staff.email)


@staff_app.command("token")
def staff_token(ctx: typer.Context, email: str) -> None:
    """Issue an API token for this staff member: shown once, printed as the last line."""
    state = state_of(ctx)
    with unit_of_work(state) as session:
        staff = staff_service.require_by_email(session=session, email=email)
        issued = auth_service.issue_token(
            session=session,
            actor=staff_service.system_actor(session=session),
            staff=staff,
            origin=_origin(),
        )
        say(state, "cli.staff.token", email=staff.email, prefix=issued.api_token.prefix)
    # Printed only once the token is committed, so a shown token always works.
    out.print(issued.token, markup=False, highlight=False, soft_wrap=True)


# --- customers ---------------------------------------------------------------------------------


@customers_app.command("add")
def customers_add(
    ctx: typer.Context,
    name: str,
    alias: Annotated[
        list[str] | None, typer.Option("--alias", help="Another name (repeatable).")
    ] = None,
    industry: Annotated[str | None, typer.Option()] = None,
    region: Annotated[str | None, typer.Option()] = None,
    tier: Annotated[str | None, typer.Option()] = None,
    phone: Annotated[str | None, typer.Option()] = None,
    email: Annotated[str | None, typer.Option()] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Create even if the name clashes.")
    ] = False,
    as_email: AsOption = None,
) -> None:
    """Create one customer (refused when the name duplicates an existing one, unless --force)."""
    state = state_of(ctx)
    data = _validated(
        state,
        CustomerCreate,
        name=name,
        aliases=alias or [],
        industry=industry,
        region=region,
        tier=tier,
        phone=phone,
        email=email,
    )
    with unit_of_work(state) as session:
        customer = customer_service.create(
            session=session,
            actor=actor_for(session, as_email),
            data=data,
            origin=_origin(),
            force=force,
        )
        say(state, "cli.customers.created", name=customer.name, id=customer.id)


@customers_app.command("list")
def customers_list(
    ctx: typer.Context,
    search: Annotated[str | None, typer.Option(help="Part of a name, alias or phone.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 50,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    as_email: AsOption = None,
) -> None:
    """Customers you may see."""
    state = state_of(ctx)
    with unit_of_work(state) as session:
        actor = actor_for(session, as_email)
        rows = customer_service.search(
            session=session, actor=actor, query=search, limit=limit, offset=offset
        )
        if not rows:
            say(state, "cli.customers.none")
            return
        out.print(_customer_table(session, rows))


@customers_app.command("show")
def customers_show(ctx: typer.Context, name_or_id: str, as_email: AsOption = None) -> None:
    """One customer by id, name or alias."""
    state = state_of(ctx)
    with unit_of_work(state) as session:
        actor = actor_for(session, as_email)
        if name_or_id.isdigit():
            customer = customer_service.get(
                session=session, actor=actor, customer_id=int(name_or_id)
            )
        else:
            customer = customer_service.find_by_name(session=session, actor=actor, name=name_or_id)
        out.print(_customer_table(session, [customer]))
        contacts = customer_service.contacts(session=session, actor=actor, customer_id=customer.id)
        if contacts:
            table = Table("contact", "title", "phone", "email", "wechat")
            for contact in contacts:
                table.add_row(
                    contact.name,
                    contact.title or "",
                    contact.phone or "",
                    contact.email or "",
                    contact.wechat_id or "",
                )
            out.print(table)


@customers_app.command("import")
def customers_import(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    max_bytes: Annotated[
        int | None, typer.Option(help="Refuse larger files (default: CRM_IMPORT_MAX_BYTES).")
    ] = None,
    as_email: AsOption = None,
) -> None:
    """Import customers from CSV: all rows or none; every problem is listed by line number."""
    state = state_of(ctx)
    with unit_of_work(state) as session:
        report = importer.import_customers(
            session=session,
            actor=actor_for(session, as_email),
            data=file.read_bytes(),
            origin=_origin(),
            max_bytes=max_bytes,
        )
    say(
        state,
        "cli.customers.imported",
        created=report.created,
        aliases=report.aliases,
        encoding=report.encoding,
    )


@customers_app.command("export")
def customers_export(
    ctx: typer.Context,
    out_file: Annotated[
        Path | None, typer.Option("--out", help="Write here instead of standard output.")
    ] = None,
    as_email: AsOption = None,
) -> None:
    """Export the customers you may see as CSV (the import format)."""
    state = state_of(ctx)
    with unit_of_work(state) as session:
        actor = actor_for(session, as_email)
        if out_file is None:
            importer.export_customers(session=session, actor=actor, out=sys.stdout)
            return
        # With a BOM, so Excel (common in China) opens the file as UTF-8.
        with out_file.open("w", encoding="utf-8-sig", newline="") as handle:
            count = importer.export_customers(session=session, actor=actor, out=handle)
        say(state, "cli.customers.exported", count=count)


# --- deals -------------------------------------------------------------------------------------


@deals_app.command("import")
def deals_import(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    create_customers: Annotated[
        bool,
        typer.Option(
            "--create-customers", help="Create the customers the file names but you lack."
        ),
    ] = False,
    allow_duplicates: Annotated[
        bool,
        typer.Option("--allow-duplicates", help="Import rows identical to deals already recorded."),
    ] = False,
    max_bytes: Annotated[
        int | None, typer.Option(help="Refuse larger files (default: CRM_IMPORT_MAX_BYTES).")
    ] = None,
    as_email: AsOption = None,
) -> None:
    """Import deal history from CSV (customer, amount, currency, closed_at; optional title,
    product, stage): all rows or none; every problem is listed by line number."""
    state = state_of(ctx)
    with unit_of_work(state) as session, file.open("rb") as handle:
        result = deal_importer.import_deals(
            session,
            actor_for(session, as_email),
            handle,
            origin=_origin(),
            create_customers=create_customers,
            allow_duplicates=allow_duplicates,
            max_bytes=max_bytes,
        )
    if result.created_customers:
        say(state, "cli.deals.created_customers", count=result.created_customers)
    if result.duplicates:
        say(state, "cli.deals.duplicates_allowed", count=result.duplicates)
    lang = state.lang if state.lang in locales.LOCALES else locales.FALLBACK
    totals = format_list(
        [locales.format_money(total, currency, lang) for currency, total in result.totals.items()],
        locale=lang,
    )
    say(state, "cli.deals.imported", count=result.count, totals=totals)


@app.command("demo")
def demo(ctx: typer.Context) -> None:
    """Migrate, seed the bilingual demo company once, and show around."""
    state = state_of(ctx)
    migrate.upgrade(state.engine)
    label = database_label(state.database_url)
    with unit_of_work(state) as session:
        if demo_data.has_demo_data(session=session):
            say(state, "cli.demo.already", database=label)
        else:
            demo_data.seed_demo(session=session, now=utcnow())
            say(state, "cli.demo.seeded", database=label)
    with unit_of_work(state) as session:
        staff_table = Table("email", "name", "role", "team", "locale")
        for staff in staff_service.list_staff(session=session):
            staff_table.add_row(
                staff.email,
                staff.name,
                staff.role.value,
                staff.team.name if staff.team else "",
                staff.locale.value,
            )
        out.print(staff_table)
        actor = staff_service.system_actor(session=session)
        total = customer_service.count_visible(session=session, actor=actor)
        rows = customer_service.search(session=session, actor=actor, limit=12)
        out.print(_customer_table(session, rows))
        say(state, "cli.demo.next", shown=len(rows), total=total)


@app.command("undo")
def undo(ctx: typer.Context, as_email: AsOption = None) -> None:
    """Undo your last change (within the undo window)."""
    state = state_of(ctx)
    with unit_of_work(state) as session:
        result = audit_service.undo_last(
            session=session, actor=actor_for(session, as_email), origin=_origin()
        )
        say(state, "cli.undo.done", count=len(result.entries))


def _customer_table(session: Session, rows: list[Customer]) -> Table:
    owners = {staff.id: staff for staff in staff_service.list_staff(session=session)}
    table = Table("id", "name", "aliases", "industry", "region", "tier", "status", "owner", "phone")
    for customer in rows:
        owner = owners.get(customer.owner_id) if customer.owner_id is not None else None
        table.add_row(
            str(customer.id),
            customer.name,
            " | ".join(customer.alias_names),
            customer.industry or "",
            customer.region or "",
            customer.tier or "",
            customer.status.value,
            owner.name if owner else "",
            customer.phone or "",
        )
    return table


def _validated(state: CliState, model: Any, **fields: Any) -> Any:
    try:
        return model(**fields)
    except ValidationError as error:
        detail = "; ".join(
            f"{'.'.join(str(part) for part in issue['loc'])}: {issue['msg']}"
            for issue in error.errors()
        )
        err.print(locales.translate("error.invalid_input", state.lang, detail=detail), markup=False)
        raise typer.Exit(2) from error


def database_label(url: str) -> str:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return str(Path(parsed.database or ":memory:"))
    return parsed.render_as_string(hide_password=True)


nlu_commands.register(app)
chat_commands.register(app)
digest_commands.register(app)
worker_commands.register(app)
serve_commands.register(app)
bot_commands.register(app)
loyalty_commands.register(app)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)

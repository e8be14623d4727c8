"""`crm loyalty`: a customer's or a portfolio's loyalty summary, as JSON or a short text."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

import typer
from babel.numbers import format_decimal, format_percent

import locales
from crm_cli.common import actor_for, out, state_of, unit_of_work
from crm_core.customers import service as customer_service
from crm_core.loyalty import service as loyalty
from crm_core.loyalty.schemas import CustomerLoyalty, ModelKind, ModelsInfo, Portfolio, Unavailable

AsOf = Annotated[
    datetime | None,
    typer.Option("--as-of", formats=["%Y-%m-%d"], help="As of this date (default: today)."),
]
ModelOption = Annotated[
    ModelKind, typer.Option("--model", help="Purchase model: mbg_nbd (default) or bg_nbd.")
]
AsOption = Annotated[
    str | None, typer.Option("--as", help="Act as this staff e-mail (default: the system admin).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")]
SHOWN = 5  # at-risk customers in the text rendering


def register(app: typer.Typer) -> None:
    loyalty_app = typer.Typer(
        help="Loyalty summaries: RFM, purchase models, health, 7P.", no_args_is_help=True
    )
    app.add_typer(loyalty_app, name="loyalty")

    @loyalty_app.command("customer")
    def customer_command(
        ctx: typer.Context,
        name_or_id: Annotated[str, typer.Argument(help="Customer id, name or alias.")],
        as_of: AsOf = None,
        model: ModelOption = ModelKind.MBG_NBD,
        as_email: AsOption = None,
        as_json: JsonOption = False,
    ) -> None:
        """One customer's loyalty summary."""
        state = state_of(ctx)
        with unit_of_work(state) as session:
            actor = actor_for(session, as_email)
            if name_or_id.isdigit():
                customer_id = int(name_or_id)
            else:
                customer_id = customer_service.find_by_name(
                    session=session, actor=actor, name=name_or_id
                ).id
            summary = loyalty.customer_summary(
                session=session,
                actor=actor,
                customer_id=customer_id,
                as_of=as_of.date() if as_of else loyalty.local_today(actor),
                model=model,
            )
        if as_json:
            _print_json(summary.model_dump(mode="json"))
        else:
            _print_lines(render_customer(summary, state.lang))

    @loyalty_app.command("portfolio")
    def portfolio_command(
        ctx: typer.Context,
        owner: Annotated[
            str | None, typer.Option("--owner", help="One owner's customers (e-mail or id).")
        ] = None,
        team: Annotated[
            str | None, typer.Option("--team", help="One team's customers (name or id).")
        ] = None,
        as_of: AsOf = None,
        model: ModelOption = ModelKind.MBG_NBD,
        limit: Annotated[int, typer.Option(min=1, max=500, help="At-risk customers listed.")] = 50,
        as_email: AsOption = None,
        as_json: JsonOption = False,
    ) -> None:
        """A portfolio's loyalty summary: everything you may see, one owner's or one team's."""
        state = state_of(ctx)
        with unit_of_work(state) as session:
            actor = actor_for(session, as_email)
            summary = loyalty.portfolio_summary(
                session=session,
                actor=actor,
                as_of=as_of.date() if as_of else loyalty.local_today(actor),
                owner_id=loyalty.find_owner(session=session, key=owner).id if owner else None,
                team_id=loyalty.find_team(session=session, key=team).id if team else None,
                model=model,
                limit=limit,
            )
        if as_json:
            _print_json(summary.model_dump(mode="json"))
        else:
            _print_lines(render_portfolio(summary, state.lang))


def _print_json(document: object) -> None:
    typer.echo(json.dumps(document, ensure_ascii=False, indent=2))


def _print_lines(lines: list[str]) -> None:
    for line in lines:
        out.print(line, markup=False, highlight=False)


# -- text rendering -------------------------------------------------------------------------


class _Format:
    """Numbers, money, shares and labels in one locale (Babel and the catalogs)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in locales.LOCALES else locales.FALLBACK

    def text(self, key: str, /, **params: object) -> str:
        return locales.translate(key, self.lang, **params)

    def none(self) -> str:
        return self.text("cli.loyalty.none")

    def number(self, value: float | None, digits: int = 2) -> str:
        if value is None:
            return self.none()
        return format_decimal(value, format=f"#,##0.{'#' * digits}", locale=self.lang)

    def share(self, value: float | None) -> str:
        return self.none() if value is None else format_percent(value, "#,##0.#%", self.lang)

    def money(self, value: Decimal | float | None, currency: str | None) -> str:
        if value is None:
            return self.none()
        amount = Decimal(str(round(float(value), 2))) if isinstance(value, float) else value
        if currency is None:
            return self.number(float(amount))
        return locales.format_money(amount, currency, self.lang)

    def day(self, value: date | None) -> str:
        return value.isoformat() if value else self.text("cli.loyalty.never")

    def label(self, family: str, code: str | None) -> str:
        return self.none() if code is None else self.text(f"loyalty.{family}.{code}")

    def unavailable(self, reason: Unavailable, info: ModelsInfo) -> str:
        return self.text(
            f"loyalty.unavailable.{reason.value}",
            customers=self.number(info.customers),
            repeat_buyers=self.number(info.repeat_buyers),
            min_customers=self.number(info.min_customers),
            min_repeat_buyers=self.number(info.min_repeat_buyers),
            correlation=self.number(info.spend_frequency_correlation),
        )


def render_customer(summary: CustomerLoyalty, lang: str) -> list[str]:
    fmt = _Format(lang)
    rfm = summary.rfm
    lines = [fmt.text("cli.loyalty.customer.title", name=summary.name, as_of=summary.as_of)]
    if rfm.recency_days is None:
        lines.append(fmt.text("cli.loyalty.customer.no_orders"))
    else:
        lines.append(
            fmt.text(
                "cli.loyalty.customer.rfm",
                r=rfm.r,
                f=rfm.f,
                m=rfm.m,
                segment=fmt.label("segment", rfm.segment),
                orders=fmt.number(rfm.frequency),
                revenue=fmt.money(rfm.monetary, summary.currency),
                recency=fmt.number(rfm.recency_days),
            )
        )
    lines.extend(_models_lines(fmt, summary))
    lines.append(
        fmt.text(
            "cli.loyalty.customer.lifecycle",
            lifecycle=fmt.label("lifecycle", summary.lifecycle),
            overdue=fmt.number(summary.overdue_ratio),
            last_contact=fmt.day(summary.last_contact),
        )
    )
    lines.append(
        fmt.text(
            "cli.loyalty.customer.health",
            score=fmt.number(summary.health.score, 0),
            band=fmt.label("band", summary.health.band),
            factors=", ".join(fmt.label("factor", one.factor) for one in summary.health.factors)
            or fmt.none(),
        )
    )
    if summary.next_action is not None:
        lines.append(
            fmt.text(
                "cli.loyalty.customer.next_action", action=fmt.label("action", summary.next_action)
            )
        )
    return lines


def _models_lines(fmt: _Format, summary: CustomerLoyalty) -> list[str]:
    info = summary.models
    if info.reason is not None:
        return [
            fmt.text("cli.loyalty.models_unavailable", reason=fmt.unavailable(info.reason, info))
        ]
    lines = []
    if summary.p_alive is not None:
        lines.append(
            fmt.text(
                "cli.loyalty.customer.models",
                model=fmt.label("model", info.purchase_model),
                p_alive=fmt.share(summary.p_alive),
                e30=fmt.number(summary.expected_purchases_30d),
                e90=fmt.number(summary.expected_purchases_90d),
                order_value=fmt.money(summary.expected_order_value, summary.currency),
                clv=fmt.money(summary.clv_12m, summary.currency),
            )
        )
    if info.spend_reason is not None:
        lines.append(
            fmt.text(
                "cli.loyalty.spend_unavailable", reason=fmt.unavailable(info.spend_reason, info)
            )
        )
    return lines


def render_portfolio(summary: Portfolio, lang: str) -> list[str]:
    fmt = _Format(lang)
    counts, revenue, currency = summary.customers, summary.revenue, summary.currency
    lines = [
        fmt.text(
            "cli.loyalty.portfolio.title",
            as_of=summary.as_of,
            total=fmt.number(counts.total),
            buyers=fmt.number(counts.buyers),
            prospects=fmt.number(counts.prospects),
        ),
        fmt.text(
            "cli.loyalty.portfolio.activity",
            active=fmt.number(counts.active_90d),
            lapsed=fmt.number(counts.lapsed_365d),
            repeat_rate=fmt.share(counts.repeat_rate),
            retention=fmt.share(summary.retention.rate),
            churned=fmt.number(summary.retention.churned),
        ),
        fmt.text(
            "cli.loyalty.portfolio.revenue",
            last_12m=fmt.money(revenue.last_12m, currency),
            growth=fmt.share(None if revenue.growth_pct is None else revenue.growth_pct / 100),
            top_share=fmt.share(revenue.top_20pct_share),
            largest_share=fmt.share(revenue.largest_share),
        ),
    ]
    if summary.models.reason is not None:
        reason = fmt.unavailable(summary.models.reason, summary.models)
        lines.append(fmt.text("cli.loyalty.models_unavailable", reason=reason))
    else:
        lines.append(
            fmt.text(
                "cli.loyalty.portfolio.forecast",
                orders=fmt.number(summary.forecast.expected_orders_90d, 1),
                revenue=fmt.money(summary.forecast.expected_revenue_90d, currency),
                clv=fmt.money(summary.forecast.clv_12m, currency),
            )
        )
    segments = [
        fmt.text(
            "cli.loyalty.portfolio.segment_item",
            segment=fmt.label("segment", one.segment),
            count=fmt.number(one.customers),
        )
        for one in summary.segments
        if one.customers
    ]
    lines.append(
        fmt.text("cli.loyalty.portfolio.segments", segments=", ".join(segments) or fmt.none())
    )
    bands = summary.health
    lines.append(
        fmt.text(
            "cli.loyalty.portfolio.health",
            green=fmt.number(bands.green),
            yellow=fmt.number(bands.yellow),
            red=fmt.number(bands.red),
            unknown=fmt.number(bands.unknown),
        )
    )
    lines.append(
        fmt.text(
            "cli.loyalty.portfolio.service",
            open_tickets=fmt.number(summary.service.open_tickets),
            heavy=fmt.number(summary.service.customers_with_4_tickets_90d),
            overdue=fmt.number(summary.service.followups_overdue),
        )
    )
    lines.append(
        fmt.text(
            "cli.loyalty.portfolio.not_contacted",
            days_30=fmt.number(summary.not_contacted.days_30),
            days_90=fmt.number(summary.not_contacted.days_90),
        )
    )
    risk = summary.at_risk
    lines.append(
        fmt.text(
            "cli.loyalty.portfolio.at_risk",
            count=fmt.number(risk.total),
            revenue=fmt.money(risk.revenue, currency),
        )
    )
    lines.extend(
        fmt.text(
            "cli.loyalty.portfolio.item",
            name=one.name,
            segment=fmt.label("segment", one.segment),
            revenue=fmt.money(one.revenue, one.currency),
            p_alive=fmt.share(one.p_alive),
            overdue=fmt.number(one.overdue_ratio),
            action=fmt.label("action", one.next_action),
        )
        for one in risk.items[:SHOWN]
    )
    return lines

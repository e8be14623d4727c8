"""`crm loyalty` against a real database on both engines: JSON and localized text."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

import locales
from crm_cli.main import app
from crm_core.db import make_engine, make_session_factory, transaction
from crm_core.staff import service as staff_service
from tests.crm_core.loyalty.loyalty_data import small_company
from tests.crm_core.loyalty.test_service import CUSTOMER_FIELDS

runner = CliRunner()


def crm(db_url: str, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--db", db_url, *args], catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture
def company_db(db_url: str) -> str:
    code, output = crm(db_url, "db", "upgrade")
    assert code == 0, output
    engine = make_engine(db_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            small_company(session, staff_service.system_actor(session=session))
    finally:
        engine.dispose()
    return db_url


def as_json(output: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(output)
    return document


def test_customer_as_json(company_db: str) -> None:
    code, output = crm(
        company_db,
        "loyalty",
        "customer",
        "Xiamen Lanwan Medical",
        "--as-of",
        "2026-11-25",
        "--as",
        "a@loyalty.example.com",
        "--json",
    )
    assert code == 0, output
    document = as_json(output)
    assert set(document) == CUSTOMER_FIELDS
    assert document["rfm"]["frequency"] == 5 and document["rfm"]["monetary"] == "1050.50"
    assert document["models"]["reason"] == "insufficient_data"
    code, output = crm(
        company_db, "loyalty", "customer", str(document["customer_id"]), "--model", "bg_nbd"
    )
    assert code == 0, output


def test_customer_as_text_in_both_languages(company_db: str) -> None:
    code, output = crm(
        company_db, "loyalty", "customer", "Yellowstone Foods", "--as-of", "2026-11-25"
    )
    assert code == 0, output
    assert "Yellowstone Foods" in output
    assert "Hibernating" in output and "CN¥1,500.00" in output
    assert "Models unavailable: not enough data (3 customers with orders" in output
    assert locales.translate("loyalty.lifecycle.lost", "en") in output
    code, output = crm(
        company_db,
        "--lang",
        "zh_CN",
        "loyalty",
        "customer",
        "Yellowstone Foods",
        "--as-of",
        "2026-11-25",
    )
    assert code == 0, output
    assert "休眠客户" in output and "¥1,500.00" in output and "模型不可用" in output


def test_permissions_and_unknown_names(company_db: str) -> None:
    code, output = crm(
        company_db, "loyalty", "customer", "Zephyr Logistics", "--as", "a@loyalty.example.com"
    )
    assert code == 1 and "No customer matches Zephyr Logistics" in output  # not visible to A
    code, output = crm(company_db, "loyalty", "portfolio", "--team", "Nowhere")
    assert code == 1 and "No team Nowhere" in output
    code, output = crm(
        company_db, "loyalty", "portfolio", "--team", "West", "--as", "a@loyalty.example.com"
    )
    assert code == 1 and "your own or your team's portfolio" in output
    code, output = crm(company_db, "loyalty", "customer", "Xiamen Lanwan Medical", "--as-of", "x")
    assert code == 2


def test_portfolio_as_json_and_text(company_db: str) -> None:
    code, output = crm(
        company_db,
        "loyalty",
        "portfolio",
        "--as-of",
        "2026-11-25",
        "--owner",
        "a@loyalty.example.com",
        "--json",
    )
    assert code == 0, output
    document = as_json(output)
    assert document["customers"]["total"] == 3  # X, Y and the prospect P
    assert document["at_risk"]["total"] == 1
    code, output = crm(company_db, "loyalty", "portfolio", "--as-of", "2026-11-25")
    assert code == 0, output
    assert "Portfolio as of 2026-11-25: 4 customers, 3 with orders, 1 prospects" in output
    assert "At risk: 1 customers, CN¥1,500.00" in output
    assert "Yellowstone Foods" in output
    code, output = crm(
        company_db, "--lang", "zh_CN", "loyalty", "portfolio", "--as-of", "2026-11-25"
    )
    assert code == 0, output
    assert "有流失风险：1 个客户" in output

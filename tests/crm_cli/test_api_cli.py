"""`crm staff token` and `crm serve`, against a real database on both engines."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from api.app import create_app
from crm_cli.main import app
from crm_core.db import make_engine
from tests.api.conftest import ApiClient

runner = CliRunner()


def crm(db_url: str, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--db", db_url, *args], catch_exceptions=False)
    return result.exit_code, result.output


def test_staff_token_prints_a_working_token_last(db_url: str) -> None:
    assert crm(db_url, "db", "upgrade")[0] == 0
    code, output = crm(
        db_url, "staff", "add", "priya@example.com", "--name", "Priya", "--role", "rep"
    )
    assert code == 0, output
    code, output = crm(db_url, "staff", "token", "Priya@Example.com")
    assert code == 0, output
    token = output.strip().splitlines()[-1]
    assert re.fullmatch(r"crm_[A-Za-z0-9_-]{43}", token), output
    assert "priya@example.com" in output and token[:12] in output
    engine = make_engine(db_url)
    try:
        client = ApiClient(create_app(engine=engine))
        response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200, response.text
        assert response.json()["email"] == "priya@example.com"
        assert (
            client.get("/api/v1/me", headers={"Authorization": "Bearer crm_x"}).status_code == 401
        )
    finally:
        engine.dispose()
    second = crm(db_url, "staff", "token", "priya@example.com")[1].strip().splitlines()[-1]
    assert second != token


def test_staff_token_for_an_unknown_email_fails_cleanly(db_url: str) -> None:
    assert crm(db_url, "db", "upgrade")[0] == 0
    result = runner.invoke(app, ["--db", db_url, "staff", "token", "nobody@example.com"])
    assert result.exit_code == 1
    assert "crm_" not in result.output


def test_serve_is_registered_with_its_options() -> None:
    result = runner.invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--host" in result.output and "--port" in result.output

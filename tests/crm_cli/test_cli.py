"""The `crm` command against a real database on both engines (each test its own database)."""

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crm_cli.main import app

runner = CliRunner()


def crm(db_url: str, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--db", db_url, *args], catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture
def migrated(db_url: str) -> str:
    code, output = crm(db_url, "db", "upgrade")
    assert code == 0, output
    assert re.search(r"revision \d{4}", output), output
    return db_url


def test_staff_add_list_and_bind_code(migrated: str) -> None:
    code, output = crm(
        migrated,
        "staff",
        "add",
        "Zhou@Example.com",
        "--name",
        "周敏",
        "--role",
        "rep",
        "--team",
        "华东",
        "--tz",
        "Asia/Shanghai",
    )
    assert code == 0, output
    assert "zhou@example.com" in output
    code, output = crm(migrated, "staff", "list")
    assert code == 0 and "周敏" in output and "华东" in output
    code, output = crm(migrated, "staff", "bind-code", "zhou@example.com")
    assert code == 0
    assert re.fullmatch(r"[A-Z2-9]{8}", output.strip().splitlines()[-1])


def test_bad_input_gets_a_clear_error_and_exit_code(migrated: str) -> None:
    code, output = crm(
        migrated,
        "staff",
        "add",
        "x@example.com",
        "--name",
        "X",
        "--role",
        "rep",
        "--tz",
        "Mars/Base",
    )
    assert code == 2 and "unknown IANA time zone" in output
    code, output = crm(migrated, "staff", "bind-code", "nobody@example.com")
    assert code == 1 and "No staff member nobody@example.com" in output
    code, output = crm(migrated, "customers", "show", "Nobody Inc")
    assert code == 1 and "No customer matches Nobody Inc" in output


def test_duplicate_customer_is_refused_then_forced_and_undone(migrated: str) -> None:
    code, output = crm(migrated, "customers", "add", "厦门蓝湾医疗科技有限公司", "--alias", "蓝湾")
    assert code == 0, output
    code, output = crm(migrated, "--lang", "zh_CN", "customers", "add", "蓝湾")
    assert code == 1
    assert "已存在同名客户：厦门蓝湾医疗科技有限公司" in output
    code, output = crm(migrated, "customers", "add", "蓝湾", "--force")
    assert code == 0, output
    code, output = crm(migrated, "undo")
    assert code == 0 and "Undone: 1 change(s)." in output
    code, output = crm(migrated, "customers", "list", "--search", "蓝湾")
    assert output.count("蓝湾") >= 1 and "#2" not in output
    code, output = crm(migrated, "customers", "show", "蓝湾")
    assert code == 0 and "厦门蓝湾" in output


def test_import_lists_every_problem_and_imports_nothing(migrated: str, tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text("name,aliases\n厦门蓝湾医疗科技有限公司,蓝湾|蓝湾医疗\n", encoding="utf-8-sig")
    code, output = crm(migrated, "customers", "import", str(good))
    assert code == 0, output
    assert "Imported 1 customers and 2 aliases" in output
    bad = tmp_path / "bad.csv"
    bad.write_bytes(
        "name,owner\n蓝湾医疗有限公司,\nNew Co,nobody@example.com\nNew Co Ltd,\n".encode("gb18030")
    )
    code, output = crm(migrated, "customers", "import", str(bad))
    assert code == 1
    assert "already exists: 厦门蓝湾医疗科技有限公司" in output
    assert "No staff member nobody@example.com" in output
    assert "duplicates line 3" in output
    assert "Nothing was imported: the file has 3 problem(s)." in output
    code, output = crm(migrated, "customers", "list", "--search", "New Co")
    assert "No customers." in output
    exported = tmp_path / "out.csv"
    code, output = crm(migrated, "customers", "export", "--out", str(exported))
    assert code == 0
    assert exported.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 with a BOM
    assert "蓝湾|蓝湾医疗" in exported.read_text(encoding="utf-8-sig")


def test_demo_seeds_once_and_shows_the_company(db_url: str) -> None:
    code, output = crm(db_url, "demo")
    assert code == 0, output
    assert "Seeded the demo company" in output
    assert "of 60 customers" in output
    code, output = crm(db_url, "demo")
    assert code == 0
    assert "already" in output
    code, output = crm(db_url, "customers", "show", "蓝湾")
    assert code == 0
    assert "厦门蓝湾医疗科技有限公司" in output
    assert "采购部主任" in output


def test_parse_one_message_and_a_jsonl_stream(migrated: str) -> None:
    code, output = crm(migrated, "customers", "add", "厦门蓝湾医疗科技有限公司", "--alias", "蓝湾")
    assert code == 0, output
    code, output = crm(
        migrated, "parse", "--now", "2026-11-25T14:20:00", "--tz", "Asia/Shanghai",
        "蓝湾反馈监护仪报错，很急 下周四再去一趟",
    )  # fmt: skip
    assert code == 0, output
    result = json.loads(output.strip().splitlines()[-1])
    assert result["language"] == "zh"
    assert [a["intent"] for a in result["actions"]] == ["open_ticket", "schedule_followup"]
    assert result["actions"][0]["slots"]["customer"]["name"] == "厦门蓝湾医疗科技有限公司"
    assert result["actions"][1]["slots"]["when"]["value"] == "2026-12-03"
    lines = "\n".join(
        [
            '{"text": "T-1001 已解决"}',
            "not json",
            '{"text": "哈哈", "tz": "Mars/Base"}',
            '{"text": "好的"}',
        ]
    )
    result_lines = runner.invoke(
        app, ["--db", migrated, "parse", "--jsonl"], input=lines, catch_exceptions=False
    ).output
    answers = [json.loads(line) for line in result_lines.splitlines() if line.startswith("{")]
    assert [a.get("actions", [{}])[0].get("intent") for a in answers] == [
        "update_ticket",
        None,
        None,
        "confirm",
    ]
    assert answers[1]["error"]["code"] == "bad_line"
    assert answers[1]["line"] == 2
    assert "Mars/Base" in answers[2]["error"]["message"]


def test_a_database_nobody_set_up_gets_told_what_to_run(db_url: str) -> None:
    """`db_url` is an empty database: commands say to migrate instead of printing a traceback."""
    code, output = crm(db_url, "customers", "list")
    assert code == 2
    assert "crm db upgrade" in output

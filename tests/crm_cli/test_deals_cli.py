"""`crm deals import` against a real database on both engines (each test its own database)."""

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
    code, output = crm(db_url, "customers", "add", "厦门蓝湾医疗科技有限公司", "--alias", "蓝湾")
    assert code == 0, output
    return db_url


def _csv(tmp_path: Path, text: str, encoding: str = "utf-8") -> str:
    path = tmp_path / "deals.csv"
    path.write_bytes(text.encode(encoding))
    return str(path)


def test_import_summarises_count_and_totals_and_refuses_the_same_file_twice(
    migrated: str, tmp_path: Path
) -> None:
    file = _csv(
        tmp_path,
        '客户,金额,币种,成交日期\n蓝湾,"¥35,000.00",,2026-11-20\n蓝湾,1200.5,USD,2026/11/21\n',
        "gb18030",
    )

    code, output = crm(migrated, "deals", "import", file)

    assert code == 0, output
    assert output.strip().splitlines()[-1] == "Imported 2 deals (CN¥35,000.00 and $1,200.50)."
    code, output = crm(migrated, "--lang", "zh_CN", "deals", "import", file)
    assert code == 1
    assert "与已记录的交易 #1 的客户、金额、币种、日期和标题都相同" in output
    assert "未导入任何数据：文件有 2 处问题。" in output
    code, output = crm(migrated, "--lang", "zh_CN", "deals", "import", file, "--allow-duplicates")
    assert code == 0, output
    assert "其中 2 笔与已记录的交易相同" in output
    assert output.strip().splitlines()[-1] == "已导入 2 笔交易（¥35,000.00和US$1,200.50）。"


def test_problems_are_listed_by_line_and_nothing_is_imported(migrated: str, tmp_path: Path) -> None:
    file = _csv(
        tmp_path,
        "customer,amount,closed_at\n蓝湾,100,2026-11-01\nNobody Ltd,abc,2026-11-31\n蓝湾,5,\n",
    )

    code, output = crm(migrated, "deals", "import", file)

    assert code == 1
    assert "No customer “Nobody Ltd” among those you can see" in output
    assert "“abc” is not an amount" in output
    assert "“2026-11-31” is not a date" in output
    assert "The “closed_at” cell is empty." in output
    assert "Nothing was imported: the file has 4 problem(s)." in output
    code, output = crm(migrated, "undo")
    assert code == 0, output
    assert "Undone: 2 change(s)." in output  # the fixture's customer and alias: no import


def test_create_customers_then_undo_the_whole_import(migrated: str, tmp_path: Path) -> None:
    file = _csv(tmp_path, "customer,amount,closed_at\n00001,29.33,1997-01-01\n00002,5,1997-01-02\n")

    code, output = crm(migrated, "deals", "import", file, "--create-customers")

    assert code == 0, output
    assert "Created 2 new customers." in output
    assert output.strip().splitlines()[-1] == "Imported 2 deals (CN¥34.33)."
    code, output = crm(migrated, "customers", "list", "--search", "0000")
    assert code == 0 and "00001" in output and "00002" in output
    code, output = crm(migrated, "undo")
    assert code == 0 and "Undone: 4 change(s)." in output
    code, output = crm(migrated, "customers", "list", "--search", "0000")
    assert "No customers." in output

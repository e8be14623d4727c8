"""Both catalogs hold the same keys and placeholders; every domain error code has a message."""

import re
from decimal import Decimal
from pathlib import Path

import pytest

import locales

ROOT = Path(__file__).resolve().parents[2]
ERROR_CODE = re.compile(r"(?:Error|Rejected)\(\s*\"([a-z_]+\.[a-z_.]+)\"")


def test_same_keys_in_every_locale() -> None:
    keys = {locale: set(locales.catalog(locale)) for locale in locales.LOCALES}
    assert keys["zh_CN"] == keys["en"]


@pytest.mark.parametrize("key", sorted(locales.catalog("en")))
def test_same_placeholders_in_every_locale(key: str) -> None:
    found = {
        frozenset(locales.placeholders(locales.catalog(locale)[key])) for locale in locales.LOCALES
    }
    assert len(found) == 1, key


def test_every_raised_error_code_has_a_message() -> None:
    codes = {
        code
        for path in (ROOT / "crm_core").rglob("*.py")
        for code in ERROR_CODE.findall(path.read_text(encoding="utf-8"))
    }
    assert len(codes) > 20
    missing = sorted(code for code in codes if not locales.has_key(f"error.{code}"))
    assert missing == []


def test_rendering_uses_the_locale_and_babel() -> None:
    assert (
        locales.translate("cli.customers.exported", "en", count=12345)
        == "Exported 12,345 customers."
    )
    assert locales.translate("cli.customers.exported", "zh_CN", count=3) == "已导出 3 个客户。"
    assert locales.format_money(Decimal("35000"), "CNY", "zh_CN") == "¥35,000.00"
    assert locales.format_money(Decimal("2000"), "USD", "en") == "$2,000.00"


def test_unknown_keys_and_locales_degrade_gracefully() -> None:
    assert locales.translate("no.such.key", "en") == "no.such.key"
    assert locales.translate("cli.customers.none", "fr") == "No customers."

"""Key-based message catalogs (zh_CN, en) and their rendering.

The domain emits keys and parameters; the edges (CLI, bot, API) render them here. Both catalogs
hold the same keys with the same placeholders (checked by a test). Numbers, money and dates are
formatted per locale by Babel.
"""

from __future__ import annotations

import json
import string
from datetime import datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from babel.numbers import format_currency, format_decimal

CATALOG_DIR = Path(__file__).parent
LOCALES = ("zh_CN", "en")
FALLBACK = "en"


@cache
def catalog(locale: str) -> dict[str, str]:
    path = CATALOG_DIR / f"{locale}.json"
    data: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return data


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def has_key(key: str) -> bool:
    return key in catalog(FALLBACK)


def translate(key: str, locale: str = FALLBACK, /, **params: Any) -> str:
    """Render `key` in `locale`; an unknown key renders as itself so nothing is ever lost."""
    locale = locale if locale in LOCALES else FALLBACK
    template = catalog(locale).get(key) or catalog(FALLBACK).get(key)
    if template is None:
        return key if not params else f"{key} {params}"
    wanted = placeholders(template)
    values = {name: format_value(params.get(name, ""), locale) for name in wanted}
    return template.format(**values)


def format_value(value: Any, locale: str) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Decimal | float):
        return format_decimal(value, locale=locale)
    if isinstance(value, int):
        return format_decimal(value, locale=locale)
    if isinstance(value, datetime):
        return format_datetime(value, "medium", locale=locale)
    if isinstance(value, list | tuple):
        return ", ".join(format_value(item, locale) for item in value)
    return str(value)


def format_money(amount: Decimal, currency: str, locale: str) -> str:
    return format_currency(amount, currency, locale=locale)


def format_local_datetime(moment: datetime, timezone: str, locale: str) -> str:
    return format_datetime(moment, "medium", tzinfo=ZoneInfo(timezone), locale=locale)

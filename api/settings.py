"""The API's settings: the core settings plus the knobs only the HTTP edge has."""

from __future__ import annotations

from functools import lru_cache

from crm_core.settings import Settings


class ApiSettings(Settings):
    """`CRM_*` variables; the API's own are `CRM_API_*`."""

    # Bodies above this are refused with 413 before anything parses them. Every write the
    # API takes is a small JSON document; 1 MiB leaves room for long notes and many aliases.
    api_max_body_bytes: int = 1024 * 1024


@lru_cache(maxsize=1)
def get_api_settings() -> ApiSettings:
    return ApiSettings()

"""The rules-only parse most parser tests read: each action as (intent, slots)."""

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any

from nlu.customer_index import CustomerIndex, DirectoryEntry
from nlu.parser import ParseContext, parse


@cache
def _index(directory: tuple[DirectoryEntry, ...]) -> CustomerIndex:
    return CustomerIndex.build(directory)  # built once per test module's directory


def parsed(
    text: str, directory: Sequence[DirectoryEntry], now: datetime
) -> list[tuple[str, dict[str, Any]]]:
    context = ParseContext(now=now, customers=_index(tuple(directory)))
    return [(a["intent"], a["slots"]) for a in parse(text, context).to_json()["actions"]]

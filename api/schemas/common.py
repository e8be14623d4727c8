"""Shared field types and the page envelope."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Generic, TypeVar

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field

from crm_core import listing

# Ids are 32-bit integers on PostgreSQL; anything larger can only be a mistake.
MAX_ID = 2**31 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def _as_utc(value: datetime) -> datetime:
    try:
        return value.astimezone(UTC)
    except OverflowError as error:  # 9999-12-31T23:00-05:00 has no UTC form
        raise ValueError("the instant is out of range") from error


# An instant with an explicit offset, normalised to UTC.
UtcInstant = Annotated[AwareDatetime, AfterValidator(_as_utc)]

ReadT = TypeVar("ReadT", bound=BaseModel)
RowT = TypeVar("RowT")


class ReadModel(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Page(BaseModel, Generic[ReadT]):
    """One page of a list: offset pagination, `total` counts every match."""

    items: list[ReadT]
    total: int = Field(ge=0, description="How many records match the filters.")
    limit: int = Field(ge=1, description="Page size asked for.")
    offset: int = Field(ge=0, description="How many matching records were skipped.")


def page_of(page: listing.Page[RowT], read: type[ReadT]) -> Page[ReadT]:
    return Page[read](  # type: ignore[valid-type]
        items=[read.model_validate(item) for item in page.items],
        total=page.total,
        limit=page.limit,
        offset=page.offset,
    )

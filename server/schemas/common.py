"""Shapes every resource shares: errors, pages, identifiers and safe text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any, Generic, TypeVar

from pydantic import AfterValidator, BaseModel, Field
from pydantic_core import PydanticCustomError

T = TypeVar("T")

MAX_ID = 2**31 - 1
"""Largest integer id a path or body may name (the databases' 32-bit primary keys)."""

THREAD_ID_PATTERN = r"^[^\x00-\x1f\x7f]{1,64}$"
"""Thread and run ids: 1-64 characters, no control characters."""


@dataclass(frozen=True)
class PageParams:
    """Which slice of a list to return."""

    limit: int
    offset: int


class ErrorBody(BaseModel):
    """Every 4xx answer: one sentence saying what was wrong."""

    error: str = Field(description="One sentence naming what was wrong and how to fix it.")
    argument: str | None = Field(default=None, description="The argument at fault, if one.")
    details: list[dict[str, Any]] | None = Field(
        default=None, description="Validation details for malformed requests."
    )


class Page(BaseModel, Generic[T]):
    """One page of a list, newest first unless the route says otherwise."""

    items: list[T]
    total: int = Field(description="How many items match, across all pages.")
    limit: int
    offset: int


_DESCRIPTIONS = {
    400: "The body could not be read (not UTF-8 JSON).",
    401: "No API key, or an unknown, revoked, rotated or expired one.",
    403: "The key's role is below the one this operation needs, or the tenant's "
    "separation of duties forbids this caller.",
    404: "Not found for this tenant (another tenant's records are never shown).",
    409: "Conflict: the thread is busy, or the record is in a state that forbids this.",
    413: "The request body is too large.",
    422: "Malformed or unacceptable input; the message names the argument.",
}
BODY_ERRORS = (400, 413)
"""What any route with a request body can also answer."""


def error_responses(*codes: int, json_only: bool = False) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for the error codes a route can answer (401 and 422 always).

    ``json_only`` documents the errors as ``application/json`` on a route whose success
    is another media type (a server-sent event stream); ``ErrorBody`` must be in the
    schema's components (every other route puts it there).
    """
    wanted = sorted({401, 422, *codes})
    if json_only:
        ref = {"$ref": "#/components/schemas/ErrorBody"}
        return {
            code: {
                "description": _DESCRIPTIONS[code],
                "content": {"application/json": {"schema": ref}},
            }
            for code in wanted
        }
    return {code: {"model": ErrorBody, "description": _DESCRIPTIONS[code]} for code in wanted}


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise PydanticCustomError("nul_character", "must not contain NUL characters")
    return value


def reject_nul(value: Any) -> Any:
    """``value`` unchanged; a validation error when any string inside holds a NUL character."""
    if isinstance(value, str):
        return _no_nul(value)
    if isinstance(value, dict):
        for key, item in value.items():
            reject_nul(key)
            reject_nul(item)
    elif isinstance(value, list):
        for item in value:
            reject_nul(item)
    return value


SafeText = Annotated[str, AfterValidator(_no_nul)]
"""Free text the databases can store (Postgres refuses NUL characters)."""


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


UtcDateTime = Annotated[datetime, AfterValidator(_utc)]
"""A timestamp, always with its zone (SQLite hands back naive UTC values)."""

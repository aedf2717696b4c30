"""Shapes every resource shares: errors, pages and identifiers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any, Generic, TypeVar

from pydantic import AfterValidator, BaseModel, Field

T = TypeVar("T")

MAX_ID = 2**31 - 1
"""Largest integer id a path or body may name (the databases' 32-bit primary keys)."""

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"
"""Every id a client names (thread, run, checkpoint and interrupt ids).

1-64 ASCII letters, digits, '-' or '_', starting with a letter or digit. What legitimate
callers send fits: this service's UUIDs (``uuid4().hex``), CopilotKit's and the AG-UI
client's ``crypto.randomUUID()`` strings, LangGraph's checkpoint ids, and names such as
``support-42``. What does not: ``..``, ``/``, ``:`` (the outbox key's separator),
spaces, control characters and anything a log, URL or file path could misread.
"""
ID_RULE = "must be 1 to 64 letters, digits, '-' or '_', starting with a letter or digit"
"""The sentence a malformed id gets (instead of the regular expression)."""


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


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


UtcDateTime = Annotated[datetime, AfterValidator(_utc)]
"""A timestamp, always with its zone (SQLite hands back naive UTC values)."""

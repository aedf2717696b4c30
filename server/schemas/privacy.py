"""Data-subject requests: an export of what is held about a person, and an erasure receipt."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from server.schemas.common import MAX_ID
from server.schemas.request_body import RequestBody


class Identifiers(BaseModel):
    """How the person was found."""

    emails: list[str]
    names: list[str]
    phones: list[str]


class Conversation(BaseModel):
    """A thread whose checkpoints mention the person."""

    thread_id: str
    messages: list[dict[str, Any]] = Field(description="The latest messages of the thread.")
    mentions: list[str] = Field(
        description="Distinct texts anywhere in the thread's checkpoints that mention the person."
    )


class PrivacyExport(BaseModel):
    """Everything held about a person (GDPR Art. 15), row by row, per table."""

    tenant: str
    identifiers: Identifiers
    generated_at: str
    tables: dict[str, list[dict[str, Any]]] = Field(
        description="Table name -> the rows that hold or reference the person."
    )
    row_count: int
    suppressed: bool = Field(description="Whether the address is on the do-not-contact list.")
    conversations: list[Conversation]


class ErasureRequest(RequestBody):
    """Who to erase: an email address and/or a contact id, plus phones to search for."""

    email: str | None = Field(default=None, max_length=254)
    contact_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    phones: list[str] = Field(default_factory=list, max_length=10)


class ErasureReceiptView(BaseModel):
    """Proof of an erasure; holds no personal data."""

    receipt_id: int
    subject: str = Field(description="The person's pseudonym, erased:<hmac>.")
    erased_at: str
    requested_by: str
    rows: dict[str, int] = Field(description="Rows changed per table; checkpoint threads deleted.")
    threads: list[str] = Field(description="Threads whose checkpoints were deleted.")

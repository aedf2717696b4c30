"""API keys as the admin console sees them: never the digest; the secret once."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from server.schemas.common import UtcDateTime
from server.schemas.request_body import RequestBody

RoleName = Literal["viewer", "operator", "approver", "admin"]
LIFETIME_PATTERN = r"^\s*\d{1,5}\s*[mhdw]\s*$"


class KeyView(BaseModel):
    """One API key: who holds it, what it may do, whether it still works."""

    id: int
    name: str
    role: RoleName
    person: str | None = Field(description="Who holds the key, if recorded.")
    prefix: str = Field(description="The secret's first characters, to tell keys apart.")
    status: Literal["active", "revoked", "expired"]
    created_at: UtcDateTime
    last_used_at: UtcDateTime | None
    expires_at: UtcDateTime | None
    revoked_at: UtcDateTime | None
    replaced_by_id: int | None = Field(description="The key that replaced this one on rotation.")


class KeyCreate(RequestBody):
    """A new key of the caller's tenant."""

    name: str = Field(min_length=1, max_length=100, description="A label for the key.")
    role: RoleName = Field(default="viewer", description="What the key may do; least by default.")
    person: str | None = Field(
        default=None, max_length=200, description="Who holds it: 'Ada <ada@example.com>'."
    )
    expires_in: str | None = Field(
        default=None,
        pattern=LIFETIME_PATTERN,
        description="Lifetime: a number and m, h, d or w (90m, 12h, 30d, 2w); none: no expiry.",
    )


class KeyRotate(RequestBody):
    """Options of a rotation."""

    expires_in: str | None = Field(
        default=None,
        pattern=LIFETIME_PATTERN,
        description="Lifetime of the new secret; by default the old key's lifetime again.",
    )


class KeyIssued(BaseModel):
    """A key just created or rotated, with its secret: shown this once, never again."""

    key: KeyView
    secret: str = Field(description="Send as 'Authorization: Bearer <secret>'; store it now.")

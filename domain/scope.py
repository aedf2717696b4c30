"""The scope every domain function runs in: one session, one tenant, one business day."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from sqlalchemy.orm import Session

from domain.caller import Caller

DEV_PRIVACY_KEY = b"switchboard-development-privacy-key"
"""Used when ``SWITCHBOARD_PRIVACY_KEY`` is unset; set a secret of your own in production."""


@dataclass(frozen=True)
class Scope:
    """Who is acting, for which tenant, on which day.

    Attributes:
        session: open SQLAlchemy session; the caller owns its transaction.
        tenant_id: every query filters on it, so one tenant never sees another's rows.
        today: the business date (see ``domain.clock``).
        actor: the department agent or user acting, recorded on what it writes.
        idempotency_key: key for the external action this call performs, when the
            caller (the approval executor) has one; tools derive one otherwise.
        caller: the API key and person the work is done for (audit rows name them);
            None when no key is involved (the local CLI, tests).
        privacy_key: the deployment's secret for keyed hashes of addresses (suppression
            list, erasure pseudonyms); see ``domain.privacy.pseudonym``.
    """

    session: Session
    tenant_id: str
    today: date
    actor: str = "human"
    idempotency_key: str | None = field(default=None)
    caller: Caller | None = field(default=None)
    privacy_key: bytes = field(default=DEV_PRIVACY_KEY, repr=False)

    @property
    def now(self) -> datetime:
        """Noon UTC of the business day: a stable 'now' for demo data and tests."""
        if self.today == date.today():
            return datetime.now(UTC)
        return datetime.combine(self.today, time(12, 0), tzinfo=UTC)

"""The do-not-contact list: keyed hashes of addresses whose owners asked to be erased."""

from __future__ import annotations

from sqlalchemy import select

from domain.models import Suppression
from domain.privacy.pseudonym import email_hash
from domain.scope import Scope


def is_suppressed(scope: Scope, email: str) -> bool:
    """Whether ``email`` is on the tenant's suppression list."""
    digest = email_hash(scope.privacy_key, scope.tenant_id, email)
    found = scope.session.scalar(
        select(Suppression.id).where(
            Suppression.tenant_id == scope.tenant_id, Suppression.email_hash == digest
        )
    )
    return found is not None


def suppress(scope: Scope, email: str, *, reason: str = "erasure") -> bool:
    """Put ``email`` on the list (once); whether it was new."""
    if is_suppressed(scope, email):
        return False
    digest = email_hash(scope.privacy_key, scope.tenant_id, email)
    scope.session.add(
        Suppression(
            tenant_id=scope.tenant_id, email_hash=digest, reason=reason, created_at=scope.now
        )
    )
    scope.session.flush()
    return True

"""Unsubscribe links: a signed token names the tenant and the address; using it opts out.

The token is ``base64url(tenant \\n address) . base64url(HMAC-SHA256)``: it needs no
database row, cannot be forged without the service's secret, and works for one tenant
only, so a link can never opt a person out of another tenant's mail.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from domain.errors import InvalidArgumentError
from domain.mail.queue import same_mailbox_contacts
from domain.models import Contact


def make_token(secret: bytes, tenant_id: str, address: str) -> str:
    """The unsubscribe token for ``address`` at ``tenant_id``."""
    payload = f"{tenant_id}\n{address.strip().lower()}".encode()
    return f"{_b64(payload)}.{_b64(_sign(secret, payload))}"


def read_token(secret: bytes, token: str) -> tuple[str, str]:
    """The tenant and address a token names.

    Raises:
        InvalidArgumentError: the token is malformed or its signature does not match.
    """
    encoded, _, signature = token.strip().partition(".")
    try:
        payload = _unb64(encoded)
        given = _unb64(signature)
    except ValueError:
        raise InvalidArgumentError("token", "this unsubscribe link is not valid") from None
    if not hmac.compare_digest(given, _sign(secret, payload)):
        raise InvalidArgumentError("token", "this unsubscribe link is not valid")
    tenant_id, _, address = payload.decode(errors="replace").partition("\n")
    if not tenant_id or "@" not in address:
        raise InvalidArgumentError("token", "this unsubscribe link is not valid")
    return tenant_id, address


def opt_out(session: Session, tenant_id: str, address: str, *, now: datetime) -> int:
    """Opt every contact of the tenant on ``address``'s mailbox out of mail at once; how many."""
    ids = [c.id for c in same_mailbox_contacts(session, tenant_id, address) if not c.opted_out]
    if not ids:
        return 0
    session.execute(
        update(Contact)
        .where(Contact.id.in_(ids))
        .values(opted_out=True, opted_out_at=now)
        .execution_options(synchronize_session=False)
    )
    return len(ids)


def _sign(secret: bytes, payload: bytes) -> bytes:
    return hmac.new(secret, b"unsubscribe\n" + payload, hashlib.sha256).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError) as exc:
        raise ValueError(str(exc)) from None

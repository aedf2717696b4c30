"""Who an outreach action goes to, and the rules that forbid contacting them."""

from __future__ import annotations

from domain import outbox
from domain.errors import InvalidArgumentError
from domain.lookups import get_owned
from domain.models import Contact, OutboxMessage
from domain.research.email_verification import contact_by_email
from domain.scope import Scope


def resolve_recipient(
    scope: Scope, email: str | None, contact_id: int | None, *, email_argument: str
) -> tuple[str, Contact | None]:
    """The address and (when known) contact an action targets.

    Raises:
        InvalidArgumentError: neither given, or the address is not the contact's.
        NotFoundError: unknown contact id.
    """
    contact = None
    if contact_id is not None:
        contact = get_owned(scope, Contact, contact_id, argument="contact_id")
        if email and email.lower() != contact.email.lower():
            raise InvalidArgumentError(
                email_argument,
                f"{email} is not the address of contact {contact_id} ({contact.email})",
            )
        return contact.email, contact
    if not email:
        raise InvalidArgumentError(email_argument, f"give {email_argument} or contact_id")
    return email, contact_by_email(scope, email)


def ensure_contactable(contact: Contact | None, *, argument: str) -> None:
    """Refuse opted-out contacts and addresses known to bounce."""
    if contact is None:
        return
    if contact.opted_out:
        when = f" on {contact.opted_out_at:%Y-%m-%d}" if contact.opted_out_at else ""
        raise InvalidArgumentError(
            argument, f"{contact.email} opted out of outreach{when}; do not contact"
        )
    if contact.email_status == "bounced":
        raise InvalidArgumentError(
            argument,
            f"{contact.email} bounced before; find another address for {contact.full_name}",
        )


def already_recorded(scope: Scope, key: str) -> OutboxMessage | None:
    """The outbox row of an action already taken under ``key``, if any.

    Checked before the contact rules so a replay of an action that went out before an
    opt-out reports the earlier send instead of failing.
    """
    return outbox.find(scope, key)

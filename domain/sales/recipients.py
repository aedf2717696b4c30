"""Who an outreach action goes to, and the rules that forbid contacting them."""

from __future__ import annotations

from domain import outbox
from domain.errors import InvalidArgumentError
from domain.lookups import get_owned
from domain.mailboxes import same_mailbox
from domain.models import Contact, OutboxMessage
from domain.research.email_verification import contact_by_email, contacts_by_email
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
        if email and not same_mailbox(email, contact.email):
            raise InvalidArgumentError(
                email_argument,
                f"{email} is not the address of contact {contact_id} ({contact.email})",
            )
        return contact.email, contact
    if not email:
        raise InvalidArgumentError(email_argument, f"give {email_argument} or contact_id")
    return email, contact_by_email(scope, email)


def ensure_contactable(
    scope: Scope, address: str, contact: Contact | None, *, argument: str
) -> None:
    """Refuse opted-out contacts and addresses known to bounce.

    Checked for ``contact`` and for every contact whose address reaches the same
    mailbox as ``address`` (``name+tag@``, other case, gmail dots): an opt-out or a
    bounce recorded under any spelling stops them all.
    """
    named = [contact] if contact is not None else []
    for person in [*named, *contacts_by_email(scope, address)]:
        if person.opted_out:
            when = f" on {person.opted_out_at:%Y-%m-%d}" if person.opted_out_at else ""
            raise InvalidArgumentError(
                argument, f"{person.email} opted out of outreach{when}; do not contact"
            )
        if person.email_status == "bounced":
            raise InvalidArgumentError(
                argument,
                f"{person.email} bounced before; find another address for {person.full_name}",
            )


def already_recorded(scope: Scope, key: str) -> OutboxMessage | None:
    """The outbox row of an action already taken under ``key``, if any.

    Checked before the contact rules so a replay of an action that went out before an
    opt-out reports the earlier send instead of failing.
    """
    return outbox.find(scope, key)

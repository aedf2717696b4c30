"""Who a data-subject request is about: their addresses, names, phones, contacts and orders."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import func, or_, select

from domain.errors import InvalidArgumentError
from domain.lookups import get_owned
from domain.models import Attendee, Contact, Deliverable, Order, SupportCase, Vendor
from domain.privacy.pseudonym import normalise_email
from domain.privacy.text_match import is_phone
from domain.scope import Scope

T = TypeVar("T")
EMAIL_SHAPE = re.compile(r"^[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f]+$")
MIN_NAME_LENGTH = 5
"""Shorter names are not searched for in free text: too many unrelated words contain them."""


@dataclass(frozen=True)
class DataSubject:
    """Everything that identifies one person within a tenant.

    Attributes:
        emails: normalised addresses (the one asked about, plus the contact's).
        names: full names as the records spell them.
        phones: numbers the requester gave (no table has a phone column; free text may).
        contact_ids: the person's contact rows.
        order_ids: orders the person bought (by buyer email).
    """

    emails: tuple[str, ...]
    names: tuple[str, ...]
    phones: tuple[str, ...]
    contact_ids: tuple[int, ...]
    order_ids: tuple[int, ...]

    @property
    def primary_email(self) -> str:
        """The address the pseudonym and suppression entry are derived from."""
        return self.emails[0]

    @property
    def needles(self) -> tuple[str, ...]:
        """Every identifying string searched for in free text, longest first."""
        found = {*self.emails, *self.names, *self.phones}
        return tuple(sorted(found, key=lambda n: (-len(n), n)))


def find_subject(
    scope: Scope,
    *,
    email: str | None = None,
    contact_id: int | None = None,
    phones: tuple[str, ...] = (),
) -> DataSubject:
    """The person named by an address or a contact id, with what the tenant holds of them.

    Raises:
        InvalidArgumentError: neither given, or not an email address.
        NotFoundError: unknown ``contact_id``.
    """
    emails: list[str] = []
    contacts: list[Contact] = []
    if contact_id is not None:
        contact = get_owned(scope, Contact, contact_id, argument="contact_id")
        contacts.append(contact)
        emails.append(normalise_email(contact.email))
    if email is not None:
        if not EMAIL_SHAPE.match(email.strip()):
            raise InvalidArgumentError("email", f"{email!r} is not an email address")
        emails.insert(0, normalise_email(email))
    if not emails:
        raise InvalidArgumentError("email", "give an email address or a contact id")
    for phone in phones:
        if not is_phone(phone.strip()):
            raise InvalidArgumentError(
                "phone", f"{phone!r} is not a phone number (six or more digits, + ( ) . - spaces)"
            )
    emails = list(dict.fromkeys(emails))
    contacts += [c for c in _by_email(scope, Contact, Contact.email, emails) if c not in contacts]
    orders = _by_email(scope, Order, Order.buyer_email, emails)
    names = {c.full_name for c in contacts}
    names |= {o.buyer_name for o in orders}
    names |= {a.name for a in _by_email(scope, Attendee, Attendee.email, emails)}
    names |= {
        s.requester_name for s in _by_email(scope, SupportCase, SupportCase.requester_email, emails)
    }
    names |= {v.contact_name for v in _by_email(scope, Vendor, Vendor.contact_email, emails)}
    names |= {d.owner_name for d in _by_email(scope, Deliverable, Deliverable.owner_email, emails)}
    return DataSubject(
        emails=tuple(emails),
        names=tuple(sorted(n.strip() for n in names if len(n.strip()) >= MIN_NAME_LENGTH)),
        phones=tuple(p.strip() for p in phones if p.strip()),
        contact_ids=tuple(sorted(c.id for c in contacts)),
        order_ids=tuple(sorted(o.id for o in orders)),
    )


def _by_email(scope: Scope, model: type[T], column: Any, emails: list[str]) -> list[T]:
    table: Any = model
    query = select(model).where(
        table.tenant_id == scope.tenant_id, or_(*(func.lower(column) == e for e in emails))
    )
    return list(scope.session.scalars(query))

"""The Lead Source step: a lead becomes a contact row, and its ``sourced`` step, at once."""

from __future__ import annotations

from domain.errors import ConflictError, InvalidArgumentError
from domain.leads.stages import run_stage
from domain.lookups import get_owned
from domain.models import Company, Contact
from domain.privacy.suppression import is_suppressed
from domain.research.email_verification import contact_by_email, is_email_syntax
from domain.scope import Scope


def source_contact(scope: Scope, contact_id: int, *, consumer: str = "source") -> int:
    """Put an existing contact into the pipeline (its ``sourced`` step, once); its id."""
    run_stage(scope, "sourced", contact_id, consumer=consumer)
    return contact_id


def source_lead(
    scope: Scope,
    *,
    company_id: int,
    email: str,
    first_name: str,
    last_name: str,
    title: str,
    consumer: str = "source",
) -> tuple[int, bool]:
    """Create the contact (or find the one on the same mailbox) and record it sourced.

    Seniority, department, time zone and email status are left for enrichment to derive.

    Returns:
        ``(contact_id, created)``.

    Raises:
        InvalidArgumentError: a malformed address or an empty name.
        NotFoundError: the company is not this tenant's.
        ConflictError: the address belongs to an erased person (suppression list).
    """
    email = email.strip()
    if not is_email_syntax(email):
        raise InvalidArgumentError("email", f"{email!r} is not an email address")
    first_name, last_name, title = first_name.strip(), last_name.strip(), title.strip()
    if not first_name or not last_name:
        raise InvalidArgumentError("first_name", "give the lead's first and last name")
    company = get_owned(scope, Company, company_id, argument="company_id")
    if is_suppressed(scope, email):
        raise ConflictError("that address is on the suppression list: it is never sourced again")
    existing = contact_by_email(scope, email)
    if existing is not None:
        return source_contact(scope, existing.id, consumer=consumer), False
    contact = Contact(
        tenant_id=scope.tenant_id,
        company_id=company.id,
        first_name=first_name[:100],
        last_name=last_name[:100],
        email=email[:254],
        email_status="unknown",
        title=title[:200],
        department="",
        seniority="",
        timezone="UTC",
    )
    scope.session.add(contact)
    scope.session.flush()
    return source_contact(scope, contact.id, consumer=consumer), True

"""Email checks from internal data only: syntax, company domain, bounces, opt-outs.

No DNS or SMTP probing happens here; the verdict is what Switchboard's own records
support. ``valid`` means well-formed, on the contact's company domain and never
bounced; ``risky`` means deliverable in form but unconfirmed; ``invalid`` means it will
not arrive (malformed or a known bounce).
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, select

from domain.lookups import get_owned
from domain.mailboxes import canonical_mailbox, mailbox_candidates
from domain.models import Company, Contact
from domain.scope import Scope

EMAIL_PATTERN = re.compile(
    r"^(?=.{3,254}$)[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)
"""A practical address shape: local part, '@', dotted domain with an alphabetic TLD."""

FREE_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "yahoo.com",
        "hotmail.com",
        "outlook.com",
        "icloud.com",
        "proton.me",
        "protonmail.com",
        "aol.com",
        "gmx.com",
        "mail.com",
    }
)
ROLE_LOCAL_PARTS = frozenset(
    {
        "info",
        "sales",
        "support",
        "admin",
        "contact",
        "hello",
        "marketing",
        "noreply",
        "no-reply",
        "office",
        "team",
    }
)


def is_email_syntax(address: str) -> bool:
    """True when ``address`` has a plausible email shape (no consecutive or edge dots)."""
    if not EMAIL_PATTERN.match(address):
        return False
    local = address.split("@", 1)[0]
    return not (local.startswith(".") or local.endswith(".") or ".." in local)


def domain_matches(email_domain: str, company_domain: str) -> bool:
    """The address is on the company's domain or one of its subdomains."""
    email_domain, company_domain = email_domain.lower(), company_domain.lower()
    return email_domain == company_domain or email_domain.endswith("." + company_domain)


def contacts_by_email(scope: Scope, address: str) -> list[Contact]:
    """The tenant's contacts whose address reaches the same mailbox as ``address``.

    ``jordan.reyes+summit@globex.example`` finds ``Jordan.Reyes@globex.example`` (see
    ``domain.mailboxes``). An exact (case-insensitive) match comes first, then by id.
    """
    wanted = canonical_mailbox(address)
    rows = scope.session.scalars(
        select(Contact)
        .where(Contact.tenant_id == scope.tenant_id, mailbox_candidates(Contact.email, address))
        .order_by(Contact.id)
    ).all()
    same = [c for c in rows if canonical_mailbox(c.email) == wanted]
    exact = address.strip().lower()
    return sorted(same, key=lambda c: c.email.strip().lower() != exact)


def contact_by_email(scope: Scope, address: str) -> Contact | None:
    """The tenant's contact with this mailbox (case, aliases, gmail dots ignored), if any."""
    found = contacts_by_email(scope, address)
    return found[0] if found else None


def verify_email(scope: Scope, address: str) -> dict[str, Any]:
    """Judge an address from internal records and say why.

    Args:
        scope: tenant scope.
        address: the address to check; a malformed one yields status ``invalid``.

    Returns:
        ``{email, status, reasons, syntax_ok, domain_consistent, known_bounce,
        opted_out, contact_id, company, contactable}``.
    """
    address = address.strip()
    reasons: list[str] = []
    result: dict[str, Any] = {
        "email": address,
        "syntax_ok": is_email_syntax(address),
        "domain_consistent": None,
        "known_bounce": False,
        "opted_out": False,
        "contact_id": None,
        "company": None,
    }
    if not result["syntax_ok"]:
        reasons.append("malformed address: expected local-part@domain.tld")
        return {**result, "status": "invalid", "reasons": reasons, "contactable": False}
    local, domain = address.rsplit("@", 1)
    status = "valid"
    same_mailbox = contacts_by_email(scope, address)
    contact = same_mailbox[0] if same_mailbox else None
    if contact is None:
        status = "risky"
        reasons.append("address is not on any contact in the CRM")
        owner = scope.session.scalars(
            select(Company).where(
                Company.tenant_id == scope.tenant_id, func.lower(Company.domain) == domain.lower()
            )
        ).first()
        if owner is not None:
            result["company"] = owner.name
            result["domain_consistent"] = True
            reasons.append(f"domain belongs to {owner.name}")
    else:
        company = get_owned(scope, Company, contact.company_id, argument="email")
        opted_out = any(c.opted_out for c in same_mailbox)  # any spelling of this mailbox
        result.update(contact_id=contact.id, company=company.name, opted_out=opted_out)
        result["domain_consistent"] = domain_matches(domain, company.domain)
        if not result["domain_consistent"]:
            status = "risky"
            reasons.append(f"domain {domain} differs from {company.name}'s domain {company.domain}")
        if any(c.email_status == "bounced" for c in same_mailbox):
            status = "invalid"
            result["known_bounce"] = True
            reasons.append("a previous message to this address bounced")
        elif contact.email_status != "verified" and status == "valid":
            status = "risky"
            reasons.append(f"address not yet verified (status {contact.email_status})")
        if opted_out:
            reasons.append("contact opted out of outreach: do not email")
    if domain.lower() in FREE_MAIL_DOMAINS:
        status = "invalid" if status == "invalid" else "risky"
        reasons.append("free-mail domain, not a company address")
    if local.lower() in ROLE_LOCAL_PARTS:
        status = "invalid" if status == "invalid" else "risky"
        reasons.append(f"role address ({local}@) rather than a person")
    if status == "valid":
        reasons.append("verified address on the company domain with no bounces")
    contactable = status != "invalid" and not result["opted_out"]
    return {**result, "status": status, "reasons": reasons, "contactable": contactable}

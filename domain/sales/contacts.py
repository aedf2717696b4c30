"""find_contacts: the decision makers at a company, best first."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from domain.models import Contact
from domain.research.accounts import find_company
from domain.research.people import SENIORITY_RANK
from domain.scope import Scope

SENIORITY_POINTS = {"c_level": 50, "vp": 40, "director": 30, "manager": 15, "ic": 5}
DEPARTMENT_POINTS = {
    "marketing": 40,
    "partnerships": 40,
    "events": 40,
    "sales": 15,
    "communications": 20,
    "brand": 20,
}
EMAIL_POINTS = {"verified": 10, "unverified": 5, "unknown": 5, "bounced": 0}


def contact_relevance(seniority: str, department: str, email_status: str) -> int:
    """0–100: seniority (50) + a sponsorship-buying department (40) + reachable email (10)."""
    return (
        SENIORITY_POINTS.get(seniority, 0)
        + DEPARTMENT_POINTS.get(department.lower(), 0)
        + EMAIL_POINTS.get(email_status, 0)
    )


def find_contacts(
    scope: Scope,
    company_id: int | None = None,
    company: str | None = None,
    include_opted_out: bool = False,
    limit: int = 10,
) -> dict[str, Any]:
    """Rank a company's contacts by seniority and how close their department is to buying.

    Returns:
        ``{company_id, company, total, excluded_opted_out, contacts: [{contact_id, name,
        title, seniority, department, email, email_status, relevance, ...}]}``.
    """
    account = find_company(scope, company_id, company)
    people = scope.session.scalars(
        select(Contact).where(
            Contact.tenant_id == scope.tenant_id, Contact.company_id == account.id
        )
    ).all()
    kept = [c for c in people if include_opted_out or not c.opted_out]
    ranked = sorted(
        kept,
        key=lambda c: (
            -contact_relevance(c.seniority, c.department, c.email_status),
            -SENIORITY_RANK.get(c.seniority, 0),
            c.last_name,
            c.first_name,
            c.id,
        ),
    )
    return {
        "company_id": account.id,
        "company": account.name,
        "total": len(people),
        "excluded_opted_out": len(people) - len(kept),
        "contacts": [
            {
                "contact_id": c.id,
                "name": c.full_name,
                "title": c.title,
                "seniority": c.seniority,
                "department": c.department,
                "email": c.email,
                "email_status": c.email_status,
                "opted_out": c.opted_out,
                "outreach_status": c.outreach_status,
                "relevance": contact_relevance(c.seniority, c.department, c.email_status),
            }
            for c in ranked[:limit]
        ],
    }

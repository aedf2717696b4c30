"""Finding companies and reading their dated buying signals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from domain.errors import InvalidArgumentError, NotFoundError
from domain.lookups import get_owned
from domain.models import Company
from domain.research.dates import parse_day
from domain.scope import Scope


@dataclass(frozen=True)
class Signal:
    """One buying signal on a company: funding, hiring, launch, leadership, expansion..."""

    kind: str
    day: date | None
    detail: str

    def as_dict(self) -> dict[str, object]:
        """Plain form for tool results."""
        return {"type": self.kind, "date": self.day, "detail": self.detail}


def signals_of(company: Company) -> list[Signal]:
    """The company's signals, newest first; undated ones last."""
    parsed = [
        Signal(
            kind=str(raw.get("type", "signal")),
            day=parse_day(raw.get("date")),
            detail=str(raw.get("detail", "")),
        )
        for raw in (company.signals or [])
        if isinstance(raw, dict)
    ]
    return sorted(parsed, key=lambda s: (s.day is not None, s.day or date.min), reverse=True)


def find_company(
    scope: Scope, company_id: int | None, name: str | None, *, argument: str = "company"
) -> Company:
    """A company by id, else by name (exact, then a unique partial match).

    Raises:
        InvalidArgumentError: neither given, or the name matches several companies.
        NotFoundError: nothing matches.
    """
    if company_id is not None:
        return get_owned(scope, Company, company_id, argument="company_id")
    if not name:
        raise InvalidArgumentError(argument, "give a company id or a company name")
    owned = select(Company).where(Company.tenant_id == scope.tenant_id)
    exact = scope.session.scalars(
        owned.where(func.lower(Company.name) == name.lower()).order_by(Company.id)
    ).first()
    if exact is not None:
        return exact
    pattern = f"%{name.lower()}%"
    partial = scope.session.scalars(
        owned.where(func.lower(Company.name).like(pattern)).order_by(Company.name).limit(6)
    ).all()
    if not partial:
        raise NotFoundError("company", name, argument=argument)
    if len(partial) > 1:
        names = ", ".join(c.name for c in partial[:5])
        raise InvalidArgumentError(argument, f"{name!r} matches several companies: {names}")
    return partial[0]

"""Declarative base and the column helpers every table shares."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, MetaData, Numeric, String
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Money = Numeric(12, 2)


def utcnow() -> datetime:
    """Timezone-aware now, the only clock for created/updated stamps."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Root of every table."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {  # noqa: RUF012 - SQLAlchemy reads this mapping
        dict[str, Any]: JSON,
        list[Any]: JSON,
        Decimal: Money,
        datetime: DateTime(timezone=True),
    }


class TenantScoped:
    """Mixin: integer id plus the owning tenant, indexed, on every business table."""

    id: Mapped[int] = mapped_column(primary_key=True)

    @declared_attr
    def tenant_id(cls) -> Mapped[str]:  # noqa: N805 - declared_attr takes the class
        return mapped_column(String(64), ForeignKey("tenants.id", ondelete="CASCADE"), index=True)

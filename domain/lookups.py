"""Tenant-scoped lookups shared by every department."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import select

from domain.base import Base
from domain.errors import NotFoundError
from domain.models import Event
from domain.scope import Scope

ModelT = TypeVar("ModelT", bound=Base)


def get_owned(scope: Scope, model: type[ModelT], key: int, *, argument: str) -> ModelT:
    """Fetch a row by id, or NotFoundError if it is missing or another tenant's."""
    row = scope.session.get(model, key)
    if row is None or getattr(row, "tenant_id", None) != scope.tenant_id:
        raise NotFoundError(_singular(model.__tablename__), key, argument=argument)
    return row


def _singular(table: str) -> str:
    """``companies`` → ``company``, ``contacts`` → ``contact``, ``lead_pipeline_steps`` →
    ``lead pipeline step``: the record's name in a sentence."""
    name = table.replace("_", " ")
    if name.endswith("ies"):
        return name[:-3] + "y"
    return name.removesuffix("s")


def resolve_event(scope: Scope, event_id: int | None = None) -> Event:
    """The event a request is about: the given id, else the next upcoming event.

    Falls back to the most recent past event when nothing is upcoming, so a tenant
    whose season has ended still gets answers about its last event.
    """
    if event_id is not None:
        return get_owned(scope, Event, event_id, argument="event_id")
    events = select(Event).where(Event.tenant_id == scope.tenant_id)
    upcoming = scope.session.scalars(
        events.where(Event.ends_on >= scope.today).order_by(Event.starts_on).limit(1)
    ).first()
    if upcoming is not None:
        return upcoming
    latest = scope.session.scalars(events.order_by(Event.starts_on.desc()).limit(1)).first()
    if latest is None:
        raise NotFoundError("event", "upcoming", argument="event_id")
    return latest

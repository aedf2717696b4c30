"""Claiming due periods exactly once, across every scheduler process (cross-tenant).

A period is claimed in one transaction by two statements that each stop a second
scheduler on their own:

1. a conditional update moves the cron's ``next_run_at`` from the period's due time
   to the first due time after *now* (only if it still holds that due time), and
2. an insert of the ``(cron_id, scheduled_for)`` row into ``cron_fires`` that does
   nothing on conflict with the unique constraint.

Two schedulers that read the same due cron race on the update: on Postgres the second
waits for the first's row lock, then finds ``next_run_at`` changed and updates nothing;
SQLite serialises writers outright. A cron that was due several times while no
scheduler ran (downtime) fires once, with ``missed`` saying how many periods it
covered. A tenant that paused all automation has its periods claimed as ``skipped``,
so they are not made up when it resumes.

A claimed fire whose process died before its run was recorded is claimed again after
the lease; the run id is derived from the fire, so the run is still recorded once
(``domain.runs.start_run`` refuses a used id).

These functions take a plain session (cross-tenant work: ``system_transaction``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from domain.models import Cron, CronFire, Tenant
from domain.schedules.expressions import next_after, periods_due

PAUSED_DETAIL = "the tenant paused all automation"


@dataclass(frozen=True)
class ClaimedFire:
    """One period a scheduler claimed: what to run, for whom, under which ids."""

    fire_id: int
    cron_id: int
    cron_name: str
    tenant_id: str
    kind: str
    request_text: str
    scheduled_for: datetime
    missed: int
    key_id: int | None
    person: str | None
    bound_thread_id: str | None = None

    @property
    def thread_id(self) -> str:
        """The cron's thread if it is bound to one, else a thread of its own per fire, so
        one fire's waiting approvals never block the next."""
        return self.bound_thread_id or f"cron-{self.cron_id}-fire-{self.fire_id}"

    @property
    def run_id(self) -> str:
        """Derived from the fire: a re-claimed fire cannot record a second run."""
        return f"cron-fire-{self.fire_id}"

    @property
    def actor(self) -> str:
        """Recorded as the actor of the run and of everything it writes."""
        return f"cron:{self.cron_name}"

    def run_input(self) -> dict[str, Any]:
        """The run record's input: the request and the schedule that started it."""
        return {
            "text": self.request_text,
            "via": "cron",
            "cron_id": self.cron_id,
            "cron_name": self.cron_name,
            "cron_kind": self.kind,
            "scheduled_for": self.scheduled_for.isoformat(),
            "missed_periods": self.missed,
        }


@dataclass
class Claims:
    """What one claiming pass got: fires to start, and periods skipped while paused."""

    to_start: list[ClaimedFire]
    skipped: int = 0


def claim_due(session: Session, *, now: datetime, lease: timedelta, limit: int = 50) -> Claims:
    """Claim every due period (at most ``limit`` crons) and any fire whose lease ran out."""
    claims = Claims(to_start=[])
    due = session.execute(
        select(Cron, Tenant.automation_paused)
        .join(Tenant, Tenant.id == Cron.tenant_id)
        .where(Cron.paused.is_(False), Cron.next_run_at <= now)
        .order_by(Cron.next_run_at, Cron.id)
        .limit(limit)
    ).all()
    for cron, tenant_paused in due:
        fire = _claim_period(session, cron, now, skipped=bool(tenant_paused))
        if fire is None:
            continue
        if tenant_paused:
            claims.skipped += 1
        else:
            claims.to_start.append(_claimed(cron, fire))
    claims.to_start += _reclaim_stale(session, now=now, lease=lease, limit=limit)
    return claims


def _claim_period(session: Session, cron: Cron, now: datetime, *, skipped: bool) -> CronFire | None:
    due_at = cron.next_run_at
    following = next_after(cron.schedule, cron.timezone, now)
    moved = session.execute(
        update(Cron)
        .where(Cron.id == cron.id, Cron.next_run_at == due_at, Cron.paused.is_(False))
        .values(next_run_at=following, last_fired_at=now)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        return None  # another scheduler claimed it (or it was paused or retimed)
    missed = periods_due(cron.schedule, cron.timezone, utc(due_at), now) - 1
    values = {
        "tenant_id": cron.tenant_id,
        "cron_id": cron.id,
        "scheduled_for": due_at,
        "fired_at": now,
        "missed": max(missed, 0),
        "status": "skipped" if skipped else "claimed",
        "detail": PAUSED_DETAIL if skipped else None,
    }
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    inserted = session.execute(
        dialect.insert(CronFire)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["cron_id", "scheduled_for"])
        .returning(CronFire.id)
    ).scalar()
    if inserted is None:
        return None  # this period already fired (the cron was retimed back onto it)
    fire = session.get(CronFire, inserted)
    assert fire is not None
    return fire


def _reclaim_stale(
    session: Session, *, now: datetime, lease: timedelta, limit: int
) -> list[ClaimedFire]:
    stale = session.execute(
        select(CronFire, Cron)
        .join(Cron, Cron.id == CronFire.cron_id)
        .where(CronFire.status == "claimed", CronFire.fired_at < now - lease)
        .order_by(CronFire.id)
        .limit(limit)
    ).all()
    out = []
    for fire, cron in stale:
        taken = session.execute(
            update(CronFire)
            .where(
                CronFire.id == fire.id,
                CronFire.status == "claimed",
                CronFire.fired_at == fire.fired_at,
            )
            .values(fired_at=now)
            .execution_options(synchronize_session=False)
        )
        if taken.rowcount == 1:  # type: ignore[attr-defined]
            out.append(_claimed(cron, fire))
    return out


def _claimed(cron: Cron, fire: CronFire) -> ClaimedFire:
    return ClaimedFire(
        fire_id=fire.id,
        cron_id=cron.id,
        cron_name=cron.name,
        tenant_id=cron.tenant_id,
        kind=cron.kind,
        request_text=cron.request_text,
        scheduled_for=utc(fire.scheduled_for),
        missed=fire.missed,
        key_id=cron.created_key_id,
        person=cron.created_person,
        bound_thread_id=cron.thread_id,
    )


def utc(moment: datetime) -> datetime:
    """``moment`` as aware UTC (SQLite hands stored times back without their zone)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def mark_started(session: Session, fire: ClaimedFire, run_id: str) -> None:
    """Record the run the fire started (and the cron's last run)."""
    session.execute(
        update(CronFire)
        .where(CronFire.id == fire.fire_id)
        .values(status="started", run_id=run_id, thread_id=fire.thread_id)
    )
    session.execute(update(Cron).where(Cron.id == fire.cron_id).values(last_run_id=run_id))


def mark_failed(session: Session, fire: ClaimedFire, detail: str) -> None:
    """Record why the fire started no run (a spent budget, a failure); it is not retried."""
    session.execute(
        update(CronFire)
        .where(CronFire.id == fire.fire_id)
        .values(status="failed", detail=detail[:2000], thread_id=fire.thread_id)
    )

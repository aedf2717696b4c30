"""Fire the tenants' due crons: claim each period once, start its run like a typed request.

``fire_due`` is the one entry point. The server calls it from its scheduler loop
(``server.scheduler_loop``), ``switchboard scheduler`` from a standalone loop, and a
queue job can call it the same way: it claims every due period in one transaction
(``domain.schedules.firing``: exactly once across processes), then hands each claimed
fire to ``launch``, which records the run (with the cron's id) and starts it through
the supervisor graph, policy, approvals and outbox like any request. The clock is a
parameter, so tests and benchmarks step time instead of sleeping through periods.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

from adapters.services import Services
from domain.clock import Clock, wall_clock
from domain.db import system_transaction
from domain.errors import ConflictError, DomainError
from domain.models import RunRecord
from domain.schedules.firing import ClaimedFire, claim_due, mark_failed, mark_started
from graphs.context import Context

log = logging.getLogger("switchboard.scheduler")

Launch = Callable[[ClaimedFire], str]
"""Starts a claimed fire's run and returns its run id; raises DomainError if refused."""


@dataclass
class TickReport:
    """What one pass did."""

    started: list[str] = field(default_factory=list)
    skipped: int = 0
    failed: int = 0

    def as_json(self) -> dict[str, object]:
        return asdict(self)


def fire_context(fire: ClaimedFire) -> Context:
    """The run context of a fire: its tenant, the cron as actor, for the key that made it."""
    return Context(
        tenant_id=fire.tenant_id, actor=fire.actor, key_id=fire.key_id, person=fire.person
    )


def fire_due(
    services: Services, launch: Launch, *, now: datetime | None = None, limit: int = 50
) -> TickReport:
    """Claim the due periods of every tenant's crons and start one run for each.

    A launch refused by the domain (a spent run budget, a busy thread) is recorded on
    the fire as ``failed`` with the sentence; the period is not retried.
    """
    moment = now or wall_clock()
    lease = timedelta(seconds=services.settings.scheduler_lease_seconds)
    with system_transaction(services.sessions) as session:
        claims = claim_due(session, now=moment, lease=lease, limit=limit)
    report = TickReport(skipped=claims.skipped)
    for fire in claims.to_start:
        try:
            run_id = launch(fire)
        except ConflictError as exc:
            if not _run_recorded(services, fire.run_id):
                _fail(services, fire, str(exc), report)
                continue
            run_id = fire.run_id  # a re-claimed fire whose run was already recorded
        except DomainError as exc:
            _fail(services, fire, str(exc), report)
            continue
        except Exception as exc:  # a launch that broke is recorded, never raised
            log.exception("cron %s (fire %s) could not start", fire.cron_name, fire.fire_id)
            _fail(services, fire, f"{type(exc).__name__}: {exc}", report)
            continue
        with system_transaction(services.sessions) as session:
            mark_started(session, fire, run_id)
        report.started.append(run_id)
    return report


def _run_recorded(services: Services, run_id: str) -> bool:
    with system_transaction(services.sessions) as session:
        return session.get(RunRecord, run_id) is not None


def _fail(services: Services, fire: ClaimedFire, detail: str, report: TickReport) -> None:
    log.warning("cron %s (fire %s) started no run: %s", fire.cron_name, fire.fire_id, detail)
    with system_transaction(services.sessions) as session:
        mark_failed(session, fire, detail)
    report.failed += 1


def run_loop(
    services: Services,
    launch: Launch,
    stop: threading.Event,
    *,
    clock: Clock = wall_clock,
    tick: float | None = None,
    on_tick: Callable[[TickReport], None] | None = None,
) -> None:
    """Call ``fire_due`` every ``tick`` seconds until ``stop`` is set."""
    pause = tick if tick is not None else services.settings.scheduler_tick_seconds
    while not stop.is_set():
        try:
            report = fire_due(services, launch, now=clock())
        except Exception:  # a failed pass is logged; the next one tries again
            log.exception("scheduler pass failed")
        else:
            if on_tick is not None:
                on_tick(report)
        stop.wait(pause)

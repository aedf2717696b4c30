"""A tenant's crons: create, change, pause, resume, delete, list (all in a ``Scope``).

Each kind but ``request`` asks the supervisor a standard request, written so the
router sends it to the right department as it would a person's typed request (seed
000: daily operations check, daily insights, campaign optimisation every four hours;
seed 001: the follow-up agent executes due follow-ups).
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from domain.errors import ConflictError, InvalidArgumentError, NotFoundError
from domain.models import Cron, CronFire, CronKind, Tenant
from domain.runs import owned_thread
from domain.schedules.expressions import check_schedule, next_after, zone
from domain.scope import Scope

STANDARD_REQUESTS: dict[CronKind, str] = {
    CronKind.DAILY_OPERATIONS: "Run the daily operations check",
    CronKind.DAILY_INSIGHTS: "Give me the daily insights",
    CronKind.CAMPAIGN_OPTIMISATION: "Optimise the marketing campaigns",
    CronKind.DUE_FOLLOWUPS: (
        "Follow up with sponsor prospects who have not replied to our outreach: "
        "send the due follow-ups"
    ),
}
"""What each kind asks; ``request`` crons carry their own text."""

DEFAULT_SCHEDULES: dict[CronKind, str] = {
    CronKind.DAILY_OPERATIONS: "0 8 * * *",
    CronKind.DAILY_INSIGHTS: "0 7 * * *",
    CronKind.CAMPAIGN_OPTIMISATION: "0 */4 * * *",
    CronKind.DUE_FOLLOWUPS: "0 * * * *",
}
"""Seed 000's cadence: daily checks in the morning, campaigns every four hours."""

NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
MAX_REQUEST_CHARS = 20_000


def kind_of(value: str) -> CronKind:
    """The cron kind named ``value``.

    Raises:
        InvalidArgumentError: no such kind.
    """
    try:
        return CronKind(value)
    except ValueError:
        kinds = ", ".join(k.value for k in CronKind)
        raise InvalidArgumentError(
            "kind", f"{value!r} is not a cron kind; use one of {kinds}"
        ) from None


def create_cron(
    scope: Scope,
    *,
    name: str,
    kind: str,
    now: datetime,
    schedule: str | None = None,
    timezone: str = "UTC",
    request_text: str | None = None,
    paused: bool = False,
    thread_id: str | None = None,
) -> Cron:
    """A new cron of the tenant, first due at its schedule's next time after ``now``.

    With ``thread_id`` (a thread of the tenant's) every fire runs on that thread, and a
    fire that finds it busy starts nothing (recorded as ``failed`` with the reason);
    without, each fire runs on a new thread of its own.

    Raises:
        InvalidArgumentError: a bad name, kind, schedule, zone or request text.
        ConflictError: the tenant already has a cron of that name.
    """
    cron_kind = kind_of(kind)
    if not NAME.match(name):
        raise InvalidArgumentError(
            "name",
            "use 1-64 lower-case letters, digits, '-' or '_', starting with a letter or digit",
        )
    text = _request_text(cron_kind, request_text)
    if schedule is not None and not schedule.strip():
        raise InvalidArgumentError(
            "schedule", "the schedule is empty; give a cron expression, e.g. '0 9 * * 1-5'"
        )
    if schedule is None and cron_kind not in DEFAULT_SCHEDULES:
        raise InvalidArgumentError(
            "schedule", "a 'request' cron has no default schedule; give one, e.g. '0 9 * * 1-5'"
        )
    expression = check_schedule(schedule or DEFAULT_SCHEDULES[cron_kind], timezone)
    if thread_id is not None:
        owned_thread(scope, thread_id)
    caller = scope.caller
    cron = Cron(
        thread_id=thread_id,
        tenant_id=scope.tenant_id,
        name=name,
        kind=cron_kind.value,
        schedule=expression,
        timezone=timezone,
        request_text=text,
        paused=paused,
        next_run_at=next_after(expression, timezone, now),
        created_by=scope.actor,
        created_key_id=caller.key_id if caller else None,
        created_person=caller.person if caller else None,
    )
    try:
        with scope.session.begin_nested():
            scope.session.add(cron)
    except IntegrityError:
        raise ConflictError(f"this tenant already has a cron named {name!r}") from None
    return cron


def _request_text(kind: CronKind, text: str | None) -> str:
    if text is not None and not text.strip():
        raise InvalidArgumentError("request_text", "the request is empty; say what to run")
    if text is not None and len(text) > MAX_REQUEST_CHARS:
        raise InvalidArgumentError("request_text", f"at most {MAX_REQUEST_CHARS} characters")
    if kind is CronKind.REQUEST:
        if text is None:
            raise InvalidArgumentError(
                "request_text", "a 'request' cron needs the request to run, in plain words"
            )
        return text.strip()
    return text.strip() if text else STANDARD_REQUESTS[kind]


def get_cron(scope: Scope, cron_id: int) -> Cron:
    """The tenant's cron, or NotFoundError (also for another tenant's)."""
    cron = scope.session.get(Cron, cron_id)
    if cron is None or cron.tenant_id != scope.tenant_id:
        raise NotFoundError("cron", cron_id, argument="cron_id")
    return cron


def find_cron(scope: Scope, ref: str) -> Cron:
    """The tenant's cron by id (digits) or name."""
    if ref.isdigit():
        return get_cron(scope, int(ref))
    cron = scope.session.scalars(
        select(Cron).where(Cron.tenant_id == scope.tenant_id, Cron.name == ref)
    ).first()
    if cron is None:
        raise NotFoundError("cron", ref, argument="cron")
    return cron


def list_crons(scope: Scope) -> list[Cron]:
    """The tenant's crons by name."""
    return list(
        scope.session.scalars(
            select(Cron).where(Cron.tenant_id == scope.tenant_id).order_by(Cron.name)
        )
    )


def update_cron(
    scope: Scope,
    cron: Cron,
    *,
    now: datetime,
    paused: bool | None = None,
    schedule: str | None = None,
    timezone: str | None = None,
    request_text: str | None = None,
) -> Cron:
    """Change what is given. A new schedule, a new zone or a resume restarts the count
    from ``now``: the next due time is the first after now (periods missed while paused
    are not made up).

    Raises:
        InvalidArgumentError: a bad schedule, zone or request text.
    """
    if timezone is not None:
        zone(timezone)
    retime = False
    if schedule is not None or timezone is not None:
        cron.schedule = check_schedule(schedule or cron.schedule, timezone or cron.timezone)
        cron.timezone = timezone or cron.timezone
        retime = True
    if request_text is not None:
        cron.request_text = _request_text(CronKind(cron.kind), request_text)
    if paused is not None and paused != cron.paused:
        cron.paused = paused
        retime = retime or not paused
    if retime:
        cron.next_run_at = next_after(cron.schedule, cron.timezone, now)
    scope.session.flush()
    return cron


def delete_cron(scope: Scope, cron: Cron) -> None:
    """Delete the cron and its fire history; its runs stay, no longer linked."""
    scope.session.delete(cron)
    scope.session.flush()


def recent_fires(scope: Scope, cron: Cron, limit: int = 20) -> list[CronFire]:
    """The cron's last ``limit`` fires, newest first."""
    return list(
        scope.session.scalars(
            select(CronFire)
            .where(CronFire.tenant_id == scope.tenant_id, CronFire.cron_id == cron.id)
            .order_by(CronFire.scheduled_for.desc())
            .limit(limit)
        )
    )


def set_automation_paused(scope: Scope, paused: bool) -> bool:
    """Pause or resume all of the tenant's automation; returns whether it changed."""
    tenant = scope.session.get(Tenant, scope.tenant_id)
    if tenant is None:
        raise NotFoundError("tenant", scope.tenant_id)
    changed = tenant.automation_paused != paused
    tenant.automation_paused = paused
    scope.session.flush()
    return changed


def automation_paused(scope: Scope) -> bool:
    """Whether the tenant has paused all automation."""
    tenant = scope.session.get(Tenant, scope.tenant_id)
    return bool(tenant is not None and tenant.automation_paused)

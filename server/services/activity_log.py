"""The activity log: audit events and runs merged, newest first.

Audit events name their agent through their approval, or (for ``configured`` events)
in their detail; policy outcomes that never needed a human (``allowed``/``denied``) are
attributed to the departments that own the tool. A run belongs to every agent it routed to.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import String, and_, cast, func, or_, select
from sqlalchemy.sql import Select

import tools  # noqa: F401 - importing the package registers every tool
from domain.models import Approval, AuditEvent, RunRecord
from domain.scope import Scope
from server.schemas.activity import ActivityItem
from server.schemas.common import Page, PageParams
from tools.registry import REGISTRY, tools_for


def activity_page(scope: Scope, page: PageParams, agent: str | None) -> Page[ActivityItem]:
    """One page of the merged log, optionally of one agent."""
    audits = _audit_query(scope, agent)
    runs = _run_query(scope, agent)
    total = sum(
        scope.session.scalar(select(func.count()).select_from(q.subquery())) or 0
        for q in (audits, runs)
    )
    wanted = page.offset + page.limit
    items = [
        _audit_item(event, approval)
        for event, approval in scope.session.execute(
            audits.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc()).limit(wanted)
        )
    ]
    items += [
        _run_item(run)
        for run in scope.session.scalars(
            runs.order_by(RunRecord.started_at.desc(), RunRecord.id.desc()).limit(wanted)
        )
    ]
    items.sort(key=lambda item: item.at, reverse=True)
    return Page[ActivityItem](
        items=items[page.offset : wanted], total=total, limit=page.limit, offset=page.offset
    )


def _audit_query(scope: Scope, agent: str | None) -> Select[AuditEvent, Approval]:
    query = (
        select(AuditEvent, Approval)
        .outerjoin(Approval, Approval.id == AuditEvent.approval_id)
        .where(AuditEvent.tenant_id == scope.tenant_id)
    )
    if agent is None:
        return query
    owned_tools = [spec.name for spec in tools_for(agent)]
    return query.where(
        or_(
            Approval.agent == agent,
            AuditEvent.detail["agent"].as_string() == agent,
            and_(
                AuditEvent.approval_id.is_(None),
                AuditEvent.detail["tool"].as_string().in_(owned_tools),
            ),
        )
    )


def _run_query(scope: Scope, agent: str | None) -> Select[RunRecord]:
    query = select(RunRecord).where(RunRecord.tenant_id == scope.tenant_id)
    if agent is not None:  # agents is a JSON list of known names: match the quoted name
        query = query.where(cast(RunRecord.agents, String).like(f'%"{agent}"%'))
    return query


def _audit_item(event: AuditEvent, approval: Approval | None) -> ActivityItem:
    detail: dict[str, Any] = dict(event.detail or {})
    tool = approval.tool if approval else detail.get("tool")
    if approval is not None:
        agents = [approval.agent]
    elif "agent" in detail:
        agents = [str(detail["agent"])]
    elif tool in REGISTRY:
        agents = [d.value for d in REGISTRY[str(tool)].departments]
    else:
        agents = []
    what = f" {tool}" if tool else ""
    return ActivityItem(
        id=f"audit:{event.id}",
        kind="audit",
        at=_aware(event.created_at),
        event=event.event,
        agents=agents,
        thread_id=event.thread_id,
        actor=event.actor,
        key_id=event.key_id,
        key_name=event.key_name,
        person=event.person,
        summary=f"{event.event}{what} ({', '.join(agents) or 'no agent'}) by {event.actor}"
        + _on_behalf(event),
        detail=detail,
    )


def _on_behalf(event: AuditEvent) -> str:
    """`` for Ada <ada@…>`` when the row was done for a key other than its actor."""
    if event.key_name is None:
        return f" ({event.person})" if event.person else ""
    if event.actor == f"key:{event.key_name}":
        return f" ({event.person})" if event.person else ""
    return f" for key:{event.key_name}" + (f" ({event.person})" if event.person else "")


def _run_item(run: RunRecord) -> ActivityItem:
    request = str((run.input or {}).get("text", "")) or run.kind
    cron = (run.input or {}).get("cron_name")
    started_by = f" (scheduled by cron {cron})" if run.cron_id is not None and cron else ""
    return ActivityItem(
        id=f"run:{run.id}",
        kind="run",
        at=_aware(run.started_at),
        event=run.status,
        agents=[str(a) for a in run.agents or []],
        thread_id=run.thread_id,
        actor=run.actor,
        summary=f"{run.kind} {run.status}{started_by}: {request[:120]}",
        detail={
            "run_id": run.id,
            "duration_ms": run.duration_ms,
            "error": run.error,
            "cron_id": run.cron_id,
        },
    )


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)

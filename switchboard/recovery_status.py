"""Which threads read ``recovering``: work a dead process left, seen from the database.

Unfinished means a run still ``running``, or an approved or edited action never executed
(nor failed) while nothing on the thread waits for a human. A live run looks the same,
so threads whose lock a live process holds are taken out
(``adapters.thread_locks.held_threads``: on Postgres a session advisory lock dies with
its process, and ``pg_locks`` shows every process's).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import Select, exists, select
from sqlalchemy.orm import Session, aliased

from adapters.services import Services
from adapters.thread_locks import held_threads
from domain.models import Approval, AuditEvent, RunRecord

RECOVERY_ACTOR = "recovery"
"""The actor of recovery runs and of the actions they carry out."""


def never_executed(row: type[Approval]) -> list[Any]:
    """Conditions: approved or edited, never executed nor failed, no sibling still pending.

    A thread with a pending approval waits for a human; its decided ones run with it.
    """
    waiting = aliased(Approval)
    return [
        row.status.in_(("approved", "edited")),
        row.executed_at.is_(None),
        ~exists().where(
            AuditEvent.approval_id == row.id, AuditEvent.event.in_(("executed", "failed"))
        ),
        ~exists().where(
            waiting.tenant_id == row.tenant_id,
            waiting.thread_id == row.thread_id,
            waiting.status == "pending",
        ),
    ]


def _unfinished(tenant_id: str | None, thread_ids: Collection[str] | None) -> list[Select[Any]]:
    """Queries for thread ids with work a process may have left unfinished."""
    running = select(RunRecord.thread_id).where(
        RunRecord.status == "running",
        RunRecord.worker_id.is_(None),  # workers' runs: requeued
    )
    decided = select(Approval.thread_id).where(*never_executed(Approval))
    if tenant_id is not None:
        running = running.where(RunRecord.tenant_id == tenant_id)
        decided = decided.where(Approval.tenant_id == tenant_id)
    if thread_ids is not None:
        running = running.where(RunRecord.thread_id.in_(list(thread_ids)))
        decided = decided.where(Approval.thread_id.in_(list(thread_ids)))
    return [running.distinct(), decided.distinct()]


def unfinished_threads(
    session: Session, *, tenant_id: str | None = None, thread_ids: Collection[str] | None = None
) -> set[str]:
    """Threads with a run still ``running`` or a decided action never executed.

    A live run looks the same; :func:`recovering_threads` tells them apart.
    """
    if thread_ids is not None and not thread_ids:
        return set()
    found: set[str] = set()
    for query in _unfinished(tenant_id, thread_ids):
        found.update(str(t) for t in session.scalars(query))
    return found


def recovering_threads(
    services: Services,
    session: Session,
    *,
    tenant_id: str | None = None,
    thread_ids: Collection[str] | None = None,
) -> set[str]:
    """Threads a dead process left unfinished: unfinished and not held by a live one."""
    candidates = unfinished_threads(session, tenant_id=tenant_id, thread_ids=thread_ids)
    return candidates - held_threads(services.engine, candidates)

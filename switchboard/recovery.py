"""Finish what a dead process left on a thread, so no approved action is lost or stuck.

A process can die anywhere between a human's decision and the action it allows:

- the decision is in the approvals table, the graph was never resumed (the interrupt is
  still there, every one of its approvals decided);
- the approval step is checkpointed with its ``execute`` tasks due, none finished;
- an action committed, its step not checkpointed (it is run again; the outbox key
  finds the row and nothing is repeated);
- one of two actions ran, the other did not.

In every case LangGraph holds the rest as due steps or as an interrupt. New input on
such a thread would make LangGraph drop the due steps, so every entry point (CLI
``run``/``resume``, REST runs and approvals, AG-UI, the server's start-up sweep and
``switchboard recover``) calls :func:`recover_thread` while it holds the thread's lock,
before it applies anything new. Recovery is a recorded run of kind ``recover`` (actor
``recovery``) that finishes the due steps (``graph.stream(None)``), resumes the
interrupt with the decisions recorded in the database, or, when the graph no longer
holds an approved action at all, carries it out (``switchboard.stranded_actions``).
Runs left ``running`` by the dead process are closed as ``error`` with "process died;
recovered by run X".

Until that happens the thread reads as ``recovering`` (``switchboard.recovery_status``).
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any, Literal

from langgraph.graph.state import CompiledStateGraph
from langgraph.types import Command
from sqlalchemy import select
from sqlalchemy.orm import Session

from adapters.services import Services
from adapters.thread_locks import thread_lock
from domain import approvals
from domain.approvals import Decision
from domain.base import utcnow
from domain.db import transaction
from domain.errors import ConflictError
from domain.models import RunRecord, ThreadRecord
from graphs.context import Context
from switchboard.recovery_status import RECOVERY_ACTOR, recovering_threads
from switchboard.runs import Progress, RunOutcome, recorded_execute
from switchboard.stranded_actions import carry_out_stranded, stranded

log = logging.getLogger("switchboard.recovery")

HISTORY_LOOKBACK = 4
"""Checkpoints looked back for the approval that due steps follow (gate, then execute)."""

How = Literal["finished_steps", "resumed_decisions", "carried_out", "closed_runs"]


@dataclass
class Recovery:
    """What recovering one thread did."""

    thread_id: str
    tenant_id: str
    how: How
    action_ids: list[str] = field(default_factory=list)
    orphaned_runs: list[str] = field(default_factory=list)
    outcome: RunOutcome | None = None

    def as_json(self) -> dict[str, Any]:
        """The JSON ``switchboard recover --json`` prints per thread."""
        return {
            "thread_id": self.thread_id,
            "tenant_id": self.tenant_id,
            "how": self.how,
            "action_ids": self.action_ids,
            "orphaned_runs": self.orphaned_runs,
            "run_id": self.outcome.run_id if self.outcome else None,
            "status": self.outcome.status if self.outcome else None,
            "error": self.outcome.error if self.outcome else None,
        }

    def sentence(self) -> str:
        """One line for people."""
        what = {
            "finished_steps": "finished the steps a dead process left due",
            "resumed_decisions": "resumed the approval with the decisions already recorded",
            "carried_out": "carried out approved actions the graph no longer held",
            "closed_runs": "closed runs of a dead process; nothing was left to finish",
        }[self.how]
        line = f"thread {self.thread_id} ({self.tenant_id}): {what}"
        if self.outcome is not None:
            line += f" in run {self.outcome.run_id} ({self.outcome.status})"
        if self.orphaned_runs:
            line += f"; closed {', '.join(self.orphaned_runs)}"
        return line


def recover_thread(
    services: Services,
    graph: CompiledStateGraph[Any, Any, Any, Any],
    thread_id: str,
    *,
    tenant_id: str | None = None,
    on_progress: Callable[[Progress], None] | None = None,
) -> Recovery | None:
    """Finish the thread's decided-but-unexecuted work; None when there is none.

    The caller holds the thread's lock, so no live process runs the thread and any run
    still marked ``running`` belongs to a dead one. With ``tenant_id`` only that
    tenant's thread is touched (another tenant's is left to the caller's 404).
    """
    with transaction(services.sessions) as session:
        thread = session.get(ThreadRecord, thread_id)
        if thread is None or tenant_id not in (None, thread.tenant_id):
            return None
        tenant = thread.tenant_id
        orphans = list(
            session.scalars(
                select(RunRecord.id)
                .where(
                    RunRecord.thread_id == thread_id,
                    RunRecord.status == "running",
                    RunRecord.worker_id.is_(None),  # a queue worker's runs are requeued
                )
                .order_by(RunRecord.started_at)
            )
        )
        owed = stranded(session, tenant, thread_id)  # in this transaction: the lock is held
    config: dict[str, Any] = {"configurable": {"thread_id": thread_id}}
    state = graph.get_state(config)  # type: ignore[arg-type]
    how: How | None = None
    graph_input: Command[Any] | None = None
    action_ids: list[str] = []
    if state.next and not state.interrupts:
        # Due steps of a run that failed while its process lived are left to the errors
        # screen's retry; only a dead process's, or ones owing approved actions, run here.
        if orphans or owed:
            how = "finished_steps"
            action_ids = _last_interrupt_ids(graph, config)
    elif state.interrupts:
        resume = _recorded_resume(services, tenant, thread_id, state.interrupts)
        if resume is not None:
            how, graph_input, action_ids = "resumed_decisions", resume[0], resume[1]
    if how is None and owed:
        how = "carried_out"
        action_ids = [r.action_id for r in owed]
    if how is None and not orphans:
        return None
    run_id = uuid.uuid4().hex if how is not None else None
    _close_orphans(services, tenant, thread_id, orphans, run_id, interrupted=bool(state.interrupts))
    if how == "carried_out" and run_id is not None:
        log.info("thread %s: carrying out %s the graph lost", thread_id, action_ids)
        done = carry_out_stranded(services, graph, thread_id, tenant, owed, run_id, orphans)
        return Recovery(thread_id, tenant, how, action_ids, orphans, done)
    if how is None:
        log.info("thread %s: closed runs %s of a dead process", thread_id, orphans)
        return Recovery(thread_id, tenant, "closed_runs", orphaned_runs=orphans)
    log.info("thread %s: recovering (%s) in run %s", thread_id, how, run_id)
    outcome = recorded_execute(
        services,
        graph,
        graph_input,
        thread_id=thread_id,
        context=Context(tenant_id=tenant, actor=RECOVERY_ACTOR),
        kind="recover",
        run_input={"recovered": how, "action_ids": action_ids, "orphaned_runs": orphans},
        on_progress=on_progress,
        run_id=run_id,
    )
    return Recovery(thread_id, tenant, how, action_ids, orphans, outcome)


def _on_the_queue(session: Session) -> set[str]:
    """Threads with a run queued or running on a queue worker: that worker finishes them.

    A queued approval resume leaves decided actions unexecuted until a worker takes it;
    recovering its thread here would run the resume in this process instead.
    """
    on_queue = (RunRecord.status == "queued") | (
        (RunRecord.status == "running") & RunRecord.worker_id.is_not(None)
    )
    return {str(t) for t in session.scalars(select(RunRecord.thread_id).where(on_queue))}


def _last_interrupt_ids(
    graph: CompiledStateGraph[Any, Any, Any, Any], config: dict[str, Any]
) -> list[str]:
    """The action ids of the approval the due steps follow (a few checkpoints back)."""
    for snapshot in graph.get_state_history(config, limit=HISTORY_LOOKBACK):  # type: ignore[arg-type]
        ids = _interrupt_ids(snapshot.interrupts)
        if ids:
            return ids
    return []


def _interrupt_ids(interrupts: Collection[Any]) -> list[str]:
    return next(
        (
            [str(a) for a in i.value["action_ids"]]
            for i in interrupts
            if isinstance(i.value, dict) and i.value.get("action_ids")
        ),
        [],
    )


def _recorded_resume(
    services: Services, tenant: str, thread_id: str, interrupts: Collection[Any]
) -> tuple[Command[Any], list[str]] | None:
    """The resume carrying the recorded decisions, when every waiting action has one."""
    ids = _interrupt_ids(interrupts)
    if not ids:
        return None
    with services.scope(tenant, actor=RECOVERY_ACTOR) as scope:
        rows = [approvals.get(scope, thread_id, a) for a in ids]
        if not all(r is not None and r.status != "pending" for r in rows):
            return None  # still waiting for a human: nothing to recover
        decisions = [Decision.from_row(r).as_hitl(r.tool) for r in rows if r is not None]
    return Command(resume={"decisions": decisions}), ids


def _close_orphans(
    services: Services,
    tenant: str,
    thread_id: str,
    orphans: list[str],
    run_id: str | None,
    *,
    interrupted: bool,
) -> None:
    """Close the dead process's runs with a sentence saying what became of them."""
    with services.scope(tenant, actor=RECOVERY_ACTOR) as scope:
        for orphan in orphans:
            run = scope.session.get(RunRecord, orphan)
            if run is None or run.status != "running":
                continue
            run.status = "error"
            run.error = (
                f"process died; recovered by run {run_id}"
                if run_id
                else "process died; nothing was left to finish"
            )
            run.finished_at = utcnow()
        if run_id is None:
            thread = scope.session.get(ThreadRecord, thread_id)
            if thread is not None and thread.status in ("busy", "recovering"):
                thread.status = "interrupted" if interrupted else "idle"


def recover_all(
    services: Services,
    graph: CompiledStateGraph[Any, Any, Any, Any],
    *,
    stop: threading.Event | None = None,
) -> list[Recovery]:
    """Recover every thread of every tenant a dead process left unfinished.

    A thread whose lock a live process holds (now, or by the time it is tried) is left
    to that process. One thread failing to recover does not stop the others.
    """
    with transaction(services.sessions) as session:
        todo = sorted(recovering_threads(services, session) - _on_the_queue(session))
    done: list[Recovery] = []
    for thread_id in todo:
        if stop is not None and stop.is_set():
            break
        try:
            with thread_lock(services.engine, thread_id):
                recovery = recover_thread(services, graph, thread_id)
        except ConflictError:
            continue  # a live process took the thread meanwhile; it recovers it itself
        except Exception:  # one broken thread must not stop the sweep
            log.exception("recovering thread %s failed", thread_id)
            continue
        if recovery is not None:
            done.append(recovery)
    return done

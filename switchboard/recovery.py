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
``recovery``) that either finishes the due steps (``graph.stream(None)``) or resumes the
interrupt with the decisions recorded in the database. Runs left ``running`` by the dead
process are closed as ``error`` with "process died; recovered by run X".

Until that happens the thread reads as ``recovering``: :func:`recovering_threads` is
what the database says was left unfinished (a run still ``running``, or an approved or
edited action never executed while nothing on the thread waits for a human) minus the
threads whose lock a live process holds (``adapters.thread_locks.held_threads``; on
Postgres a session advisory lock dies with its process, across every server process).
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any, Literal, cast

from langchain_core.messages import AIMessage
from langgraph.graph.state import CompiledStateGraph
from langgraph.types import Command
from sqlalchemy import Select, exists, select
from sqlalchemy.orm import Session, aliased

from adapters.services import Services
from adapters.thread_locks import held_threads, thread_lock
from domain import approvals, runs
from domain.approvals import Decision
from domain.base import utcnow
from domain.db import transaction
from domain.errors import ConflictError
from domain.models import Approval, AuditEvent, RunRecord, ThreadRecord
from graphs.context import Context
from graphs.state import ActionOutcome, DepartmentName, PendingAction
from nodes.approval import action_line, carry_out
from switchboard.runs import Progress, RunOutcome, recorded_execute

log = logging.getLogger("switchboard.recovery")

RECOVERY_ACTOR = "recovery"
"""The actor of recovery runs and of the decisions they carry out."""

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
                .where(RunRecord.thread_id == thread_id, RunRecord.status == "running")
                .order_by(RunRecord.started_at)
            )
        )
    config: dict[str, Any] = {"configurable": {"thread_id": thread_id}}
    state = graph.get_state(config)  # type: ignore[arg-type]
    how: How | None = None
    graph_input: Command[Any] | None = None
    action_ids: list[str] = []
    stranded = _stranded(services, tenant, thread_id)
    if state.next and not state.interrupts:
        # Due steps of a run that failed while its process lived are left to the errors
        # screen's retry; only a dead process's, or ones owing approved actions, run here.
        if orphans or stranded:
            how = "finished_steps"
            action_ids = _last_interrupt_ids(graph, config)
    elif state.interrupts:
        resume = _recorded_resume(services, tenant, thread_id, state.interrupts)
        if resume is not None:
            how, graph_input, action_ids = "resumed_decisions", resume[0], resume[1]
    if how is None and stranded:
        how = "carried_out"
        action_ids = [r.action_id for r in stranded]
    if how is None and not orphans:
        return None
    run_id = uuid.uuid4().hex if how is not None else None
    _close_orphans(services, tenant, thread_id, orphans, run_id, interrupted=bool(state.interrupts))
    if how == "carried_out" and run_id is not None:
        log.info("thread %s: carrying out %s the graph lost", thread_id, action_ids)
        done = _carry_out(services, graph, thread_id, tenant, stranded, run_id, orphans)
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


def _stranded(services: Services, tenant: str, thread_id: str) -> list[Approval]:
    """Approved or edited actions never executed, while none of the thread's is pending.

    When the graph holds nothing that would run them (no due steps, no interrupt asking
    for them), they are carried out directly: only a run that applied new input over
    due steps (before recovery existed) leaves that, and the approvals table is the
    record of what a human allowed.
    """
    with services.scope(tenant, actor=RECOVERY_ACTOR) as scope:
        stranded = select(Approval).where(
            Approval.tenant_id == tenant,
            Approval.thread_id == thread_id,
            *_never_executed(Approval),
        )
        return list(scope.session.scalars(stranded.order_by(Approval.id)))


def _carry_out(
    services: Services,
    graph: CompiledStateGraph[Any, Any, Any, Any],
    thread_id: str,
    tenant: str,
    rows: list[Approval],
    run_id: str,
    orphans: list[str],
) -> RunOutcome:
    """Run each stranded action through the executor (outbox key: exactly once) in a run."""
    context = Context(tenant_id=tenant, actor=RECOVERY_ACTOR)
    with services.scope(tenant, actor=RECOVERY_ACTOR) as scope:
        runs.start_run(
            scope,
            run_id=run_id,
            thread_id=thread_id,
            kind="recover",
            run_input={
                "recovered": "carried_out",
                "action_ids": [r.action_id for r in rows],
                "orphaned_runs": orphans,
            },
        )
    outcomes = [_carry_out_one(services, context, thread_id, r) for r in rows]
    text = "Recovered after a restart:\n" + "\n".join(action_line(o) for o in outcomes)
    failed = [o for o in outcomes if o["status"] != "executed"]
    outcome = RunOutcome(thread_id, "done", [], text, run_id=run_id)
    config: dict[str, Any] = {"configurable": {"thread_id": thread_id}}
    try:  # the conversation says what happened, as a finished run's answer would
        graph.update_state(
            config,  # type: ignore[arg-type]
            {"messages": [AIMessage(text, name="switchboard")], "answer": text},
            as_node="respond",
        )
    except Exception as exc:  # the actions are done; the note in the history is a nicety
        log.exception("thread %s: could not add the recovery note", thread_id)
        outcome.error = f"{type(exc).__name__}: {exc}"
    with services.scope(tenant, actor=RECOVERY_ACTOR) as scope:
        runs.finish_run(
            scope,
            run_id,
            status="error" if failed else "done",
            output=outcome.as_json(),
            error="; ".join(str(o.get("message")) for o in failed) or outcome.error,
        )
    outcome.status = "error" if failed else "done"
    return outcome


def _carry_out_one(
    services: Services, context: Context, thread_id: str, row: Approval
) -> ActionOutcome:
    """One stranded action; an unexpected error is recorded as failed, not retried forever."""
    action = _action(row)
    try:
        return carry_out(services, context, thread_id, action, list(row.reasons))
    except Exception as exc:
        log.exception("thread %s: action %s failed in recovery", thread_id, row.action_id)
        message = f"{type(exc).__name__}: {exc}"
        with services.scope(context.tenant_id, actor=RECOVERY_ACTOR) as scope:
            approvals.audit(
                scope,
                "failed",
                approval=scope.session.get(Approval, row.id),
                detail={"tool": row.tool, "message": message, "duplicate": False},
            )
        return ActionOutcome(action=action, status="failed", reasons=[], message=message)


def _action(row: Approval) -> PendingAction:
    decision = Decision.from_row(row)
    args = decision.args if decision.type == "edit" and decision.args is not None else row.args
    return PendingAction(
        action_id=row.action_id,
        department=cast(DepartmentName, row.agent),
        tool=row.tool,
        args=dict(args),
        summary=row.summary,
        facts={},
    )


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


def _never_executed(row: type[Approval]) -> list[Any]:
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
    running = select(RunRecord.thread_id).where(RunRecord.status == "running")
    decided = select(Approval.thread_id).where(*_never_executed(Approval))
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
        todo = sorted(recovering_threads(services, session))
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

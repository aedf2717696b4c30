"""The executor's last look: the policy again under the limit lock, and where that leads.

``judge`` runs inside the transaction that acts (see ``domain.policy.execution``): an
allowed action that other runs have since pushed past a limit goes to a human instead
of running (``ask_human``), a denied one does not run. ``settle`` joins the parallel
``execute`` tasks: it sends the run back to the approval gate when one of them had to
ask a human, and answers only once every approved action has finished.
"""

from __future__ import annotations

from typing import Any

from langgraph.graph import END
from langgraph.types import Command

from domain import approvals, outbox
from domain.errors import ConflictError
from domain.models import Approval
from domain.policy.execution import ExecutionCheck, check_at_execution
from domain.scope import Scope
from graphs.state import PendingAction, SupervisorState
from tools.previews import preview
from tools.registry import get_tool


def judge(
    scope: Scope, thread_id: str, action: PendingAction, row: Approval | None
) -> ExecutionCheck | None:
    """The policy's verdict now, under the action's limit lock; None for a replay.

    ``row`` is the action's approval: none for an action the policy allowed, approved or
    edited for one a human allowed.
    """
    try:
        if outbox.find(scope, approvals.outbox_key(thread_id, action["action_id"])):
            return None  # it already happened: the tool returns the first result
    except ConflictError:
        return None  # rejected: the tool says so
    return check_at_execution(
        scope,
        agent=action["department"],
        tool=action["tool"],
        effect=get_tool(action["tool"]).effect.value,
        args=action["args"],
        human_approved=row is not None,
        action=(thread_id, action["action_id"]),
    )


def ask_human(
    scope: Scope, thread_id: str, action: PendingAction, reasons: list[dict[str, Any]]
) -> Approval:
    """Queue ``action`` for a human: a pending approval and its outbox row (once each)."""
    row = approvals.request_approval(
        scope,
        thread_id=thread_id,
        action_id=action["action_id"],
        agent=action["department"],
        tool=action["tool"],
        args=action["args"],
        summary=action["summary"],
        reasons=reasons,
    )
    outbox.propose(
        scope,
        key=approvals.outbox_key(thread_id, action["action_id"]),
        payload={"tool": action["tool"], "args": action["args"]},
        agent=action["department"],
        **preview(action["tool"], action["args"]),
    )
    return row


def settle(state: SupervisorState) -> Command[Any]:
    """After the ``execute`` tasks: back to the approval gate, answer, or wait.

    Approved or edited actions still show that status while their ``execute`` task runs
    (a task started with this one, e.g. beside an interrupted gate): their own settle
    comes after them, so this one ends without answering twice.
    """
    statuses = [o["status"] for o in state.get("actions", {}).values()]
    if any(s in ("approved", "edited") for s in statuses):
        return Command(goto=END)
    if any(s == "awaiting_approval" for s in statuses):
        return Command(goto="approval_gate")
    return Command(goto="respond")

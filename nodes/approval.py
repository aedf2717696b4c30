"""Human in the loop: policy review, the approval gate, exactly-once execution.

    synthesize -> review --(allowed)--Send--> execute --> respond -> END
                        \\--(needs a human)--> approval_gate --Send--> execute
                         \\--(nothing to do)--> END

``review`` applies the policy (code, never the model) and records what needs a human.
``approval_gate`` does nothing but build the request and call ``interrupt()``: LangGraph
re-runs a node from its start on resume, so no effect may happen before that call.
``execute`` runs one approved action in its own transaction under the idempotency key
(thread id + action id): a replay, a double resume or a crash after the send finds the
outbox row and does not act again.
"""

from __future__ import annotations

import time
from typing import Any, TypedDict

from langchain_core.messages import AIMessage
from langchain_core.runnables import RunnableConfig
from langgraph.config import get_config
from langgraph.graph import END
from langgraph.runtime import Runtime
from langgraph.types import Command, Send, interrupt

from adapters.kill_points import pause_at
from adapters.services import Services
from domain import approvals, outbox, policy
from domain.approvals import Decision
from domain.errors import ConflictError, DomainError, InvalidArgumentError, NotFoundError
from domain.models import Approval
from domain.policy.execution import ExecutionCheck
from domain.scope import Scope
from graphs.context import Context
from graphs.state import ActionOutcome, ActionStatus, PendingAction, SupervisorState
from nodes.answer_frame import frame_only, framed_answer
from nodes.department_steps import bounded
from nodes.execution_check import ask_human, judge
from tools.registry import ToolArgumentError, call_tool, get_tool, parse_args
from tools.serialize import jsonable

DECISIONS = ["approve", "edit", "reject", "respond"]


class ExecuteWork(TypedDict):
    """The input of one ``execute`` task (sent with ``Send``)."""

    action: PendingAction
    reasons: list[dict[str, Any]]
    decided: bool


def thread_of(config: RunnableConfig) -> str:
    """The run's thread id (the half of every idempotency key that is not the action)."""
    return str(config.get("configurable", {}).get("thread_id", "no-thread"))


def proposed_actions(state: SupervisorState) -> list[PendingAction]:
    """Every department's pending actions, in plan order."""
    results = state.get("results", {})
    return [
        a
        for s in state.get("plan", [])
        if s["id"] in results
        for a in results[s["id"]]["pending_actions"]
    ]


def review(
    state: SupervisorState, config: RunnableConfig, runtime: Runtime[Context], services: Services
) -> Command[Any]:
    """Decide every proposed action by policy; queue the ones that need a human."""
    actions = proposed_actions(state)
    if not actions:
        return Command(goto=END)
    thread_id = thread_of(config)
    outcomes: dict[str, ActionOutcome] = {}
    with services.scope(
        runtime.context.tenant_id, actor="policy", caller=runtime.context.caller
    ) as scope:
        going: list[PendingAction] = []  # judged together: a run cannot split a limit
        for action in actions:
            decision = _policy(scope, action, state.get("request", ""), going)
            status = _queue(scope, thread_id, action, decision)
            if status != "denied":
                going.append(action)
            outcomes[action["action_id"]] = ActionOutcome(
                action=action, status=status, reasons=decision["reasons"]
            )
    goto: list[Any] = [
        Send("execute", ExecuteWork(action=o["action"], reasons=o["reasons"], decided=False))
        for o in outcomes.values()
        if o["status"] == "allowed"
    ]
    update: dict[str, Any] = {"actions": outcomes}
    if any(o["status"] == "awaiting_approval" for o in outcomes.values()):
        goto.append("approval_gate")
        # While a human decides, the answer already says what waits for whom.
        decided = {**state, "actions": {**state.get("actions", {}), **outcomes}}
        update["answer"] = framed_answer(decided) or state.get("answer", "")
    return Command(goto=goto or "respond", update=update)


def _policy(
    scope: Any, action: PendingAction, request: str, earlier: list[PendingAction]
) -> dict[str, Any]:
    """The policy's decision; an action naming something that does not exist is denied.

    ``earlier`` are this run's actions already allowed or queued for approval: the
    cumulative limits (refunds per order and customer, the outreach cap) count them.
    """
    try:
        return policy.decide(
            scope,
            agent=action["department"],
            tool=action["tool"],
            effect=get_tool(action["tool"]).effect.value,
            args=action["args"],
            context={"request_text": request},
            earlier=[dict(a) for a in earlier],
        ).as_json()
    except DomainError as exc:
        return {
            "outcome": "deny",
            "facts": {},
            "reasons": [{"rule": "invalid_action", "message": str(exc)}],
        }


def _queue(
    scope: Any, thread_id: str, action: PendingAction, decision: dict[str, Any]
) -> ActionStatus:
    outcome = decision["outcome"]
    if outcome == "allow":
        approvals.audit(
            scope,
            "allowed",
            thread_id=thread_id,
            action_id=action["action_id"],
            detail={"tool": action["tool"], "reasons": decision["reasons"]},
        )
        return "allowed"
    if outcome == "deny":
        approvals.audit(
            scope,
            "denied",
            thread_id=thread_id,
            action_id=action["action_id"],
            detail={"tool": action["tool"], "reasons": decision["reasons"]},
        )
        return "denied"
    ask_human(scope, thread_id, action, decision["reasons"])
    return "awaiting_approval"


def hitl_request(waiting: list[ActionOutcome]) -> dict[str, Any]:
    """The standard HITL request (``action_requests`` + ``review_configs``) for CopilotKit."""
    return {
        "action_requests": [
            {
                "name": o["action"]["tool"],
                "args": o["action"]["args"],
                "description": o["action"]["summary"]
                + "\n"
                + "\n".join(f"- {r['message']}" for r in o["reasons"]),
            }
            for o in waiting
        ],
        "review_configs": [
            {"action_name": name, "allowed_decisions": DECISIONS}
            for name in dict.fromkeys(o["action"]["tool"] for o in waiting)
        ],
        "action_ids": [o["action"]["action_id"] for o in waiting],
    }


def approval_gate(
    state: SupervisorState, runtime: Runtime[Context], services: Services
) -> Command[Any]:
    """Ask a human about every waiting action; route the answers. No effects before."""
    waiting = [o for o in state.get("actions", {}).values() if o["status"] == "awaiting_approval"]
    response = interrupt(hitl_request(waiting))
    decisions = _recorded(services, runtime.context, waiting, _decisions(response, len(waiting)))
    outcomes: dict[str, ActionOutcome] = {}
    sends: list[Any] = []
    for outcome, decision in zip(waiting, decisions, strict=True):
        action = outcome["action"].copy()
        kind = decision["type"]
        if kind == "denied":
            outcomes[action["action_id"]] = ActionOutcome(
                action=outcome["action"],
                status="denied",
                reasons=[{"rule": "edit_denied", "message": decision["message"]}],
            )
            continue
        if kind in ("approve", "edit"):
            if kind == "edit":
                action["args"] = decision["edited_action"]["args"]
            # Not "awaiting" any more: ``settle`` waits for it instead of asking again.
            outcomes[action["action_id"]] = ActionOutcome(
                action=action,
                status="approved" if kind == "approve" else "edited",
                reasons=outcome["reasons"],
            )
            sends.append(
                Send(
                    "execute", ExecuteWork(action=action, reasons=outcome["reasons"], decided=True)
                )
            )
            continue
        outcomes[action["action_id"]] = ActionOutcome(
            action=outcome["action"],
            status="rejected" if kind == "reject" else "responded",
            reasons=outcome["reasons"],
            message=decision.get("message"),
        )
    return Command(goto=sends or "respond", update={"actions": outcomes})


def _recorded(
    services: Services,
    context: Context,
    waiting: list[ActionOutcome],
    decisions: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """Record each decision in the approvals table unless the caller already did.

    A client may resume the graph directly (CopilotKit does); its decisions are
    recorded here, after ``interrupt()`` returned. When an approval was already decided
    differently elsewhere, the first decision stands. An edit the policy denies becomes
    a ``denied`` outcome.
    """
    final: list[dict[str, Any]] = []
    thread_id = thread_of(get_config())
    with services.scope(context.tenant_id, actor=context.actor, caller=context.caller) as scope:
        for outcome, raw in zip(waiting, decisions, strict=True):
            action = outcome["action"]
            decision = Decision.from_hitl(raw)
            row = approvals.get(scope, thread_id, action["action_id"])
            try:
                if decision.type == "edit":
                    decision = checked_edit(
                        scope, action["department"], action["tool"], decision, action=row
                    )
                row = approvals.record_if_pending(scope, thread_id, action["action_id"], decision)
            except InvalidArgumentError as exc:
                final.append({"type": "denied", "message": str(exc)})
                continue
            except ConflictError:
                row = approvals.get(scope, thread_id, action["action_id"])
            # The approvals table is the record: what it says is what runs.
            decision = Decision.from_row(row) if row is not None else decision
            final.append(decision.as_hitl(action["tool"]))
    return final


def edit_args(tool: str, decision: Decision) -> dict[str, Any]:
    """An edit's arguments as the tool reads them (``"150"`` and ``150.0`` compare equal).

    Raises:
        InvalidArgumentError: no arguments, or arguments that do not fit the tool.
    """
    if decision.args is None:
        raise InvalidArgumentError("args", "an edit needs the new arguments as JSON")
    try:
        parsed = parse_args(get_tool(tool), decision.args, strict=True)
    except ToolArgumentError as exc:
        raise InvalidArgumentError("args", str(exc)) from None
    args: dict[str, Any] = jsonable(parsed.model_dump(exclude_none=True))
    return args


def checked_edit(
    scope: Scope, agent: str, tool: str, decision: Decision, *, action: Approval | None = None
) -> Decision:
    """An edit's arguments must fit the tool and pass the full policy when decided.

    The edited action is judged like a new one (every rule, the cumulative limits
    included, without counting the action's own earlier version): an edit the policy
    denies (a refund above the order's refundable remainder, an opted-out recipient,
    the outreach cap...) is refused. An edit that needs approval is accepted, because
    the reviewer editing it is the human the policy asks for; the verdict and its
    reasons are kept with the decision (``policy``).

    Raises:
        InvalidArgumentError: no arguments, arguments that do not fit the tool, or the
            policy denies the edited action (the sentence names why).
    """
    spec = get_tool(tool)
    args = edit_args(tool, decision)
    replacing = (action.thread_id, action.action_id) if action is not None else None
    try:
        verdict = policy.decide(
            scope, agent=agent, tool=tool, effect=spec.effect.value, args=args, replacing=replacing
        )
    except (InvalidArgumentError, NotFoundError) as exc:
        raise InvalidArgumentError("args", f"the edited action cannot be checked: {exc}") from None
    if verdict.outcome == policy.Outcome.DENY:
        denying = {rule.__name__ for rule in policy.DENY_RULES}
        reasons = "; ".join(r.message for r in verdict.reasons if r.rule in denying)
        raise InvalidArgumentError("args", f"the edited action is denied: {reasons}")
    review = {
        "outcome": verdict.outcome.value,
        "reasons": [r.as_json() for r in verdict.reasons],
    }
    return Decision(type="edit", args=args, message=decision.message, policy=review)


def _decisions(response: Any, expected: int) -> list[dict[str, Any]]:
    decisions = response.get("decisions") if isinstance(response, dict) else None
    if (
        not isinstance(decisions, list)
        or len(decisions) != expected
        or not all(isinstance(d, dict) and d.get("type") in DECISIONS for d in decisions)
    ):
        raise ValueError(
            f"resume with {{'decisions': [...]}}: one of {DECISIONS} per action "
            f"({expected} expected), got {response!r}"
        )
    return decisions


def execute(
    work: ExecuteWork, config: RunnableConfig, runtime: Runtime[Context], services: Services
) -> dict[str, Any]:
    """Run one action exactly once, in one transaction with its approval and audit rows."""
    action = work["action"]
    outcome = carry_out(services, runtime.context, thread_of(config), action, work["reasons"])
    return {"actions": {action["action_id"]: outcome}}


def carry_out(
    services: Services,
    context: Context,
    thread_id: str,
    action: PendingAction,
    reasons: list[dict[str, Any]],
) -> ActionOutcome:
    """The ``execute`` step's work, also used by recovery for actions the graph lost.

    The outbox key (thread + action id) makes a second call find the first's row.
    """
    key = approvals.outbox_key(thread_id, action["action_id"])
    status: ActionStatus = "executed"
    message: str | None = None
    result: dict[str, Any] | None = None
    _kill_point_before(services, context, thread_id, action["action_id"])
    with services.scope(
        context.tenant_id,
        actor=action["department"],
        idempotency_key=key,
        caller=context.caller,
    ) as scope:
        row = approvals.get(scope, thread_id, action["action_id"])
        if row is not None and row.status == "pending":
            # Asked for at execution (below) and not decided yet: a replay of that step.
            status, reasons = "awaiting_approval", list(row.reasons or reasons)
        elif row is not None and row.status not in ("approved", "edited"):
            status, message = "failed", f"the approval is {row.status}, not approved"
        elif (check := judge(scope, thread_id, action, row)) is not None and (
            check.verdict != "run"
        ):
            status, reasons, message = _not_now(scope, thread_id, action, row, check)
        else:
            try:
                with scope.session.begin_nested():
                    result = call_tool(action["tool"], action["args"], scope)
            except (ToolArgumentError, DomainError) as exc:
                status, message = "failed", str(exc)
            if result is not None and row is not None:
                approvals.mark_executed(
                    scope, row, outbox_id=result.get("outbox_id"), result=bounded(result, 2000)
                )
            approvals.audit(
                scope,
                "executed" if status == "executed" else "failed",
                approval=row,
                thread_id=thread_id,
                action_id=action["action_id"],
                detail={
                    "tool": action["tool"],
                    "message": message,
                    "duplicate": bool(result and result.get("duplicate")),
                },
            )
    pause = services.settings.test_pause_after_action_seconds
    if pause:  # crash tests kill the process here: after the commit, before the checkpoint
        time.sleep(pause)
    pause_at(services.settings, "after_execute", thread_id)
    return ActionOutcome(
        action=action,
        status=status,
        reasons=reasons,
        result=bounded(result, 1500) if result else None,
        message=message,
    )


def _not_now(
    scope: Scope, thread_id: str, action: PendingAction, row: Approval | None, check: ExecutionCheck
) -> tuple[ActionStatus, list[dict[str, Any]], str | None]:
    """The action may not run now: ask a human, or record why it is denied.

    See ``domain.policy.execution`` for the rule.
    """
    key = approvals.outbox_key(thread_id, action["action_id"])
    detail: dict[str, Any] = {"tool": action["tool"], "at": "execution", "lock": check.lock}
    if check.verdict == "needs_approval":
        reasons = check.reasons()
        approval = ask_human(scope, thread_id, action, reasons)
        detail["reasons"] = reasons
        approvals.audit(scope, "escalated", approval=approval, detail=detail)
        return "awaiting_approval", reasons, None
    reasons = check.reasons(deny_only=True)
    message = "denied at execution: " + "; ".join(r["message"] for r in reasons)
    if row is None:
        approvals.audit(
            scope,
            "denied",
            thread_id=thread_id,
            action_id=action["action_id"],
            detail={**detail, "reasons": reasons},
        )
    else:  # a human approved it: "failed" closes the approval (recovery leaves it alone)
        outbox.reject(scope, key)
        approvals.audit(scope, "failed", approval=row, detail={**detail, "message": message})
    return "denied", reasons, message


def _kill_point_before(services: Services, context: Context, thread_id: str, action: str) -> None:
    """Crash tests' pauses before an action runs (``adapters.kill_points``)."""
    settings = services.settings
    if settings.test_pause_at == "before_execute":
        pause_at(settings, "before_execute", thread_id)
    elif settings.test_pause_at == "between_actions":
        with services.scope(context.tenant_id, actor="test") as scope:
            earlier = approvals.decided_before(scope, thread_id, action)
        if earlier:  # the thread's first decided action runs; this later one waits
            pause_at(settings, "between_actions", thread_id)


def respond(state: SupervisorState) -> dict[str, Any]:
    """Tell the user what became of every action (``nodes.answer_frame``)."""
    answer = framed_answer(state)
    if answer is None:
        return {}
    return {"messages": [AIMessage(frame_only(answer), name="switchboard")], "answer": answer}

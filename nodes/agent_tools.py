"""The registry's tools as LangChain tools for a department agent.

Read tools run at once, in their own transaction, scoped to the run's tenant. Draft tools
run at once when the policy allows them (a deal closing past negotiation does not).
External tools never run here: the call becomes a pending action in the agent's state
and the model is told it is proposed, not done; the review and approval gate decide. An
action the request rules out ("don't send") is not even proposed.
"""

from __future__ import annotations

import json
import operator
from typing import Annotated, Any, NotRequired

from langchain.agents import AgentState
from langchain_core.messages import HumanMessage, ToolMessage
from langchain_core.tools import BaseTool, StructuredTool
from langgraph.prebuilt import ToolRuntime
from langgraph.types import Command
from pydantic import BaseModel, ConfigDict, Field

from adapters.services import Services
from domain import policy
from domain.errors import DomainError
from domain.negation import withheld_reason
from domain.policy.limit_locks import hold_limit_lock
from domain.scope import Scope
from graphs.context import Context
from graphs.state import DepartmentName, PendingAction
from nodes.actions import pending_action
from tools.registry import Effect, ToolArgumentError, ToolSpec, call_tool, parse_args, tools_for
from tools.serialize import jsonable


class DepartmentAgentState(AgentState[Any]):
    """create_agent's state plus the step being worked on and the actions it proposes."""

    step_id: NotRequired[str]
    pending_actions: NotRequired[Annotated[list[PendingAction], operator.add]]


def langchain_tools(department: DepartmentName, services: Services) -> list[BaseTool]:
    """Every tool of ``department``, bound to the services' database."""
    return [_as_langchain_tool(spec, department, services) for spec in tools_for(department)]


def _as_langchain_tool(spec: ToolSpec, department: DepartmentName, services: Services) -> BaseTool:
    def run(runtime: ToolRuntime[Context, DepartmentAgentState], **kwargs: Any) -> Any:
        context = runtime.context or Context()
        if spec.effect is Effect.EXTERNAL:
            return _queue(spec, department, kwargs, runtime)
        try:
            with services.scope(context.tenant_id, actor=department) as scope:
                if spec.effect is Effect.DRAFT:
                    # Decided and done in one transaction, under the limit lock.
                    hold_limit_lock(scope, tool=spec.name, agent=department, args=kwargs)
                    verdict = _draft_verdict(scope, spec, department, kwargs)
                    if verdict.outcome is policy.Outcome.DENY:
                        return "denied: " + "; ".join(r.message for r in verdict.reasons)
                    if verdict.outcome is policy.Outcome.REQUIRE_APPROVAL:
                        return _queue(spec, department, kwargs, runtime)
                result = call_tool(spec.name, kwargs, scope)
        except (ToolArgumentError, DomainError) as exc:
            return f"error: {exc}"
        return json.dumps(result, default=str)

    return StructuredTool.from_function(
        func=run,
        name=spec.name,
        description=spec.description,
        args_schema=_with_runtime(spec.args_model),
        metadata={"effect": spec.effect.value, "departments": [d.value for d in spec.departments]},
    )


def _draft_verdict(
    scope: Scope, spec: ToolSpec, department: DepartmentName, raw: dict[str, Any]
) -> policy.PolicyDecision:
    """The policy on a draft tool: most run at once, some need a human (closing a deal)."""
    args = jsonable(parse_args(spec, raw).model_dump(exclude_none=True))
    return policy.decide(
        scope, agent=department, tool=spec.name, effect=spec.effect.value, args=args
    )


def _with_runtime(args_model: type[BaseModel]) -> type[BaseModel]:
    """The tool's argument model plus LangChain's injected ``runtime`` field.

    Our argument models forbid unknown keys; the injected runtime must be a declared
    field, and its ``ToolRuntime`` type keeps it out of the schema the model sees.
    """
    namespace = {
        "__annotations__": {"runtime": Annotated[ToolRuntime, Field(exclude=True)]},
        "__module__": __name__,
        "model_config": ConfigDict(arbitrary_types_allowed=True),
    }
    return type(f"{args_model.__name__}ForAgent", (args_model,), namespace)


def _queue(
    spec: ToolSpec,
    department: DepartmentName,
    raw: dict[str, Any],
    runtime: ToolRuntime[Context, DepartmentAgentState],
) -> Command[Any] | str:
    """Validate an external call and record it as a pending action instead of running it."""
    try:
        args = jsonable(parse_args(spec, raw).model_dump(exclude_none=True))
    except ToolArgumentError as exc:
        return f"error: {exc}"
    state = runtime.state or {}
    withheld = withheld_reason(spec.name, _task_text(state))
    if withheld is not None:
        return f"not queued: {withheld}"
    action = pending_action(
        step_id=str(state.get("step_id", "adhoc")),
        department=department,
        tool=spec.name,
        args=args,
        summary=f"{spec.name} " + ", ".join(f"{k}={v}" for k, v in sorted(args.items())),
    )
    note = {
        "status": "queued_for_approval",
        "action_id": action["action_id"],
        "tool": spec.name,
        "note": "proposed, not done: the approval policy runs it, asks an approver or denies it",
    }
    message = ToolMessage(json.dumps(note), tool_call_id=runtime.tool_call_id or "", name=spec.name)
    return Command(update={"pending_actions": [action], "messages": [message]})


def _task_text(state: Any) -> str:
    """The agent's task (its first human message), without upstream departments' notes."""
    for message in state.get("messages", []):
        if isinstance(message, HumanMessage):
            return message.text.split("\nFrom ", 1)[0]
    return ""

"""State shapes shared by the supervisor and the department subgraphs.

The supervisor keeps only narrow department outputs (summaries, bounded structured data,
pending actions), so its checkpoints stay small and sub-agent chatter never reaches a
client. Department subgraphs keep their own working state.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Sequence
from typing import Annotated, Any, Literal, NotRequired

from langchain_core.messages import AnyMessage
from langgraph.channels.delta import DeltaChannel
from langgraph.graph.message import add_messages
from typing_extensions import TypedDict

from domain.departments import DEPARTMENTS as DEPARTMENTS
from domain.departments import DepartmentName as DepartmentName
from domain.departments import RouteDecision as RouteDecision


class PlanStep(TypedDict):
    """One department's part of a request; ``depends_on`` names earlier step ids."""

    id: str
    department: DepartmentName
    task: str
    playbook: str | None
    depends_on: list[str]


class PendingAction(TypedDict):
    """An external action a department wants; it runs only after the approval policy.

    ``action_id`` is stable for the same step, tool and arguments, so with the thread id
    it makes the outbox idempotency key.
    """

    action_id: str
    department: DepartmentName
    tool: str
    args: dict[str, Any]
    summary: str
    facts: dict[str, Any]


class DepartmentResult(TypedDict):
    """What a department hands back to the supervisor: small and structured."""

    step_id: str
    department: DepartmentName
    playbook: str | None
    status: Literal["done", "error"]
    summary: str
    data: dict[str, Any]
    tools_used: list[str]
    pending_actions: list[PendingAction]


def merge_keyed(left: dict[str, Any] | None, right: dict[str, Any] | None) -> dict[str, Any]:
    """Reducer for per-request maps: parallel writers add their own keys.

    Writing an empty dict clears the map; the planner does that when a new request
    starts on a thread, so one request's results never leak into the next.
    """
    if right is None:
        return dict(left or {})
    if not right:
        return {}
    return {**(left or {}), **right}


ActionStatus = Literal[
    "allowed",
    "denied",
    "awaiting_approval",
    "approved",
    "edited",
    "rejected",
    "responded",
    "executed",
    "failed",
]


class ActionOutcome(TypedDict):
    """What became of one pending action: policy outcome, human decision, execution."""

    action: PendingAction
    status: ActionStatus
    reasons: list[dict[str, Any]]
    result: NotRequired[dict[str, Any] | None]
    message: NotRequired[str | None]


def add_message_batch(state: list[AnyMessage], writes: Sequence[Any]) -> list[AnyMessage]:
    """``add_messages`` over a batch of writes, oldest first, as ``DeltaChannel`` replays them.

    A left fold, so replaying writes in any batching gives the same list (the contract
    ``DeltaChannel`` states), with ``add_messages``' own semantics: ids for new messages,
    replacement by id, ``RemoveMessage``.
    """
    return functools.reduce(add_messages, writes, state)  # type: ignore[arg-type]


class SupervisorState(TypedDict):
    """The supervisor graph's state (what Studio shows, what the checkpointer stores).

    ``messages`` is a ``DeltaChannel``: a checkpoint stores only the messages written in
    its step, and reading a state replays them (from the newest full snapshot, written
    every ``snapshot_frequency`` updates). With a plain ``add_messages`` channel every
    new version stored the whole list, so a thread's checkpoints grew with the square
    of its length. The price: LangGraph's ``prune(strategy="keep_latest")`` refuses
    such threads (see ``adapters.checkpoint_retention``).
    """

    messages: Annotated[list[AnyMessage], DeltaChannel(add_message_batch)]
    request: NotRequired[str]
    route: NotRequired[RouteDecision]
    plan: NotRequired[list[PlanStep]]
    results: NotRequired[Annotated[dict[str, DepartmentResult], merge_keyed]]
    actions: NotRequired[Annotated[dict[str, ActionOutcome], merge_keyed]]
    answer: NotRequired[str]


class DepartmentTask(TypedDict):
    """The input a department receives from the supervisor (sent with ``Send``)."""

    step: PlanStep
    inputs: dict[str, DepartmentResult]
    request: str


class DepartmentState(TypedDict):
    """A department subgraph's working state; ``messages`` is its agent's private chatter."""

    step: PlanStep
    inputs: dict[str, DepartmentResult]
    request: str
    messages: NotRequired[Annotated[list[AnyMessage], add_messages]]
    step_id: NotRequired[str]
    pending_actions: NotRequired[Annotated[list[PendingAction], operator.add]]
    result: NotRequired[DepartmentResult]
    results: NotRequired[dict[str, DepartmentResult]]


class DepartmentOutput(TypedDict):
    """What leaves a department subgraph: its one result, keyed by step id."""

    results: dict[str, DepartmentResult]

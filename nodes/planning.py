"""Turn a routed request into plan steps, and dispatch the steps whose inputs are ready."""

from __future__ import annotations

from typing import Any

from langgraph.types import Command, Send

from graphs.state import DepartmentTask, PlanStep, RouteDecision, SupervisorState
from nodes.playbooks.catalog import match_playbook
from nodes.playbooks.finding_only import keep_playbook
from nodes.routing import plan_from_request
from nodes.routing.classifier import trained_classifier
from nodes.routing.record_name_index import RecordNameIndex
from nodes.routing.references import resolve_back_references

SYNTHESIZE = "synthesize"


def build_plan(
    request: str, route: RouteDecision, names: RecordNameIndex | None = None
) -> list[PlanStep]:
    """One step per department clause of the request, with its dependencies and playbook.

    The router splits the request into clauses (a department may appear twice when a
    later clause depends on another department's work); a routed department without a
    clause of its own acts on the whole request. A dependent clause's "them" becomes the
    name the clause it waits for mentions (``references``). ``names`` are the tenant's
    record names the route was read with.
    """
    clauses = resolve_back_references(
        plan_from_request(request, agents=route["agents"], names=names),
        trained_classifier().names.name_phrases,
    )
    whole = request if len(clauses) == 1 else None
    steps = [
        _step(
            f"s{i + 1}",
            clause.department,
            clause.text,
            whole,
            [f"s{d + 1}" for d in clause.depends_on],
        )
        for i, clause in enumerate(clauses)
    ]
    for step in steps:
        step["playbook"] = keep_playbook(step["playbook"], request)
    return steps


def _step(
    step_id: str, department: Any, text: str, whole: str | None, depends: list[str]
) -> PlanStep:
    """A plan step; its playbook is matched on its own clause (or, for a one-step plan,
    on the whole request): in "Find decision makers at Initech and then email them a
    sponsorship offer" the words "find ... sponsorship" span two clauses and must not
    start sales' whole outreach campaign."""
    playbook = match_playbook(department, text) or (
        match_playbook(department, whole) if whole else None
    )
    return PlanStep(
        id=step_id, department=department, task=text, playbook=playbook, depends_on=depends
    )


def ready_steps(state: SupervisorState) -> list[PlanStep]:
    """Steps not yet done whose dependencies are all done."""
    done = set(state.get("results", {}))
    return [
        step
        for step in state.get("plan", [])
        if step["id"] not in done and all(d in done for d in step["depends_on"])
    ]


def dispatch(state: SupervisorState) -> Command[Any]:
    """Send every ready step to its department at once; synthesize when none are left.

    Independent steps go out in the same superstep, so they run in parallel.
    """
    ready = ready_steps(state)
    if not ready:
        return Command(goto=SYNTHESIZE)
    results = state.get("results", {})
    return Command(
        goto=[
            Send(
                step["department"],
                DepartmentTask(
                    step=step,
                    inputs={d: results[d] for d in step["depends_on"]},
                    request=state.get("request", ""),
                ),
            )
            for step in ready
        ]
    )

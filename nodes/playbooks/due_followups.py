"""Due follow-ups (seed 001's follow-up agent) as an explicit graph.

claim (each due row once; stop on reply, opt-out, bounce or the maximum) → draft (the
model writes each email; saved as an outreach draft, proposed as a ``send_email`` that
the supervisor's policy allows or sends for approval, then the outbox and the SMTP
relay) → schedule the next attempt → summary. The ``due_followups`` cron runs it.
"""

from __future__ import annotations

import operator
from typing import Annotated, Any, NotRequired, TypedDict

from langgraph.config import get_config
from langgraph.runtime import Runtime

from adapters.services import Services
from domain.agent_config import agent_settings
from domain.lookups import resolve_event
from domain.sales.due_followups import claim_due_followups, record_draft
from domain.sales.followups import schedule_followup
from domain.sales.outreach_context import event_context
from domain.sales.outreach_drafts import save_outreach_draft
from graphs.context import Context
from graphs.state import DepartmentResult, PendingAction, PlanStep
from nodes.actions import pending_action
from nodes.playbooks import due_followups_steps as steps
from nodes.playbooks.catalog import Playbook
from nodes.playbooks.playbook_kit import department_result, sequential_graph, thread_of
from nodes.playbooks.sponsor_outreach_steps import parse_email
from nodes.writing import write

NAME = "due_followups"


class FollowUpsState(TypedDict):
    """Working state of one pass over the due follow-ups."""

    step: PlanStep
    inputs: dict[str, DepartmentResult]
    request: str
    paused: NotRequired[bool]
    event: NotRequired[dict[str, Any]]
    tone: NotRequired[str]
    to_draft: NotRequired[list[dict[str, Any]]]
    stopped: NotRequired[list[dict[str, Any]]]
    drafts: NotRequired[list[dict[str, Any]]]
    next_scheduled: NotRequired[list[dict[str, Any]]]
    actions: NotRequired[list[PendingAction]]
    errors: Annotated[list[dict[str, str]], operator.add]
    result: NotRequired[DepartmentResult]


def build(services: Services) -> Any:
    """The due follow-ups graph (uncompiled)."""

    def claim(state: FollowUpsState, runtime: Runtime[Context]) -> dict[str, Any]:
        thread = thread_of(get_config()) or "no-thread"
        with services.scope(runtime.context.tenant_id, actor="followup") as scope:
            claimed = claim_due_followups(scope, now=scope.now, thread_id=thread)
            event = event_context(scope, None) if claimed.to_draft else {}
            tone = agent_settings(scope, "sales").tone
        return {
            "paused": claimed.paused,
            "event": event,
            "tone": tone,
            "to_draft": [f.as_dict() for f in claimed.to_draft],
            "stopped": claimed.stopped,
        }

    def draft(state: FollowUpsState, runtime: Runtime[Context]) -> dict[str, Any]:
        due = state.get("to_draft", [])
        event, tone = state.get("event", {}), state.get("tone", "professional")
        written = [
            parse_email(
                write(services.model, "followup_email", steps.email_facts(f, event, tone)),
                steps.subject_for(f, event),
            )
            for f in due
        ]
        drafts, scheduled = [], []
        with services.scope(runtime.context.tenant_id, actor="followup") as scope:
            settings = agent_settings(scope, "sales")
            event_row = resolve_event(scope, event.get("event_id")) if due else None
            for item, (subject, body) in zip(due, written, strict=True):
                row = save_outreach_draft(
                    scope,
                    contact_id=item["contact_id"],
                    subject=subject,
                    body=body,
                    personalization={"followup_id": item["followup_id"], **item},
                )
                record_draft(scope, item["followup_id"], row, body)
                drafts.append({**item, "draft_id": row.id, "subject": subject, "body": body})
                following = schedule_followup(
                    scope,
                    item["contact_id"],
                    delay_days=settings.followup_delay_days,
                    max_followups=settings.max_followups,
                    event=event_row,
                    draft_id=row.id,
                )
                scheduled.append(following.as_dict())
        step_id = state["step"]["id"]
        actions = [
            pending_action(
                step_id=step_id,
                department="sales",
                tool="send_email",
                args={
                    "to": d["email"],
                    "subject": d["subject"],
                    "body": d["body"],
                    "contact_id": d["contact_id"],
                },
                summary=f"Follow-up {d['attempt']} ({d['followup_type']}) to {d['contact']} "
                f"({d['company']}): {d['subject']}",
                facts={"draft_id": d["draft_id"], "followup_id": d["followup_id"]},
            )
            for d in drafts
        ]
        return {"drafts": drafts, "next_scheduled": scheduled, "actions": actions}

    def summarise(state: FollowUpsState) -> dict[str, Any]:
        facts = steps.summary_facts(state)
        summary = write(services.model, "followups_summary", facts, answer=True)
        data = {
            "paused": bool(state.get("paused")),
            "drafted": [
                {
                    k: d[k]
                    for k in (
                        "followup_id",
                        "draft_id",
                        "contact_id",
                        "attempt",
                        "followup_type",
                        "subject",
                    )
                }
                for d in state.get("drafts", [])
            ],
            "stopped": state.get("stopped", []),
            "next_scheduled": state.get("next_scheduled", []),
            "errors": state.get("errors", []),
        }
        return {
            "result": department_result(
                state["step"],
                department="sales",
                playbook=NAME,
                summary=summary,
                data=data,
                tools_used=["send_email"] if state.get("actions") else [],
                pending_actions=state.get("actions", []),
            )
        }

    return sequential_graph(
        FollowUpsState, [("claim", claim), ("draft", draft), ("summarise", summarise)]
    )


PLAYBOOK = Playbook(
    name=NAME,
    department="sales",
    build=build,
    triggers=(
        "due follow-ups",
        "follow-ups that are due",
        "send the follow-ups",
        "follow up with prospects who have not replied",
        "follow up with sponsor prospects",
    ),
    description="Due follow-ups: each due follow-up once; stop on reply, opt-out, bounce or "
    "the maximum (escalating to the user), else draft the reminder, value-add or check-in "
    "email (sent only through the approval policy) and schedule the next.",
)

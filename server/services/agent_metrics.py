"""Per-agent metrics from the runs, outbox, agent messages and activities tables.

The definitions are part of the API's answer (``DEFINITIONS``) so the console can show
them beside the numbers.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import func, select

from domain.models import Activity, AgentMessage, Department, OutboxMessage, RunRecord
from domain.scope import Scope
from server.schemas.metrics import AgentMetrics, MetricsReport

AGENTS = [d.value for d in Department]
DEFINITIONS = {
    "tasks_completed": "Departments' parts of requests that finished: for each run of kind "
    "'run' (a resume continues a task, it does not start one), each agent it routed to "
    "counts once, as completed when its department result was 'done' (REST runs record "
    "per-department status in output.departments), or, without that record, when the run "
    "ended done or interrupted (waiting for approval).",
    "tasks_failed": "As tasks_completed, counted when the department result was 'error' or "
    "the run ended in error. Running and cancelled runs count as neither.",
    "messages_sent": "outbox_sent + agent_messages_sent.",
    "outbox_sent": "External actions the agent performed: outbox rows it recorded (status "
    "'recorded'; proposals awaiting approval and rejected ones are not sent).",
    "agent_messages_sent": "Messages from the agent in agent_messages.",
    "responses": "agent_responses + email_replies.",
    "agent_responses": "Agent messages of type 'response' addressed to the agent.",
    "email_replies": "Emails the agent sent (activities created by the agent) that the "
    "recipient replied to.",
    "response_rate": "responses / messages_sent, null when nothing was sent.",
    "tokens_used": "Input plus output tokens of every finished run, split evenly across the "
    "agents the run routed to (a run's routing and synthesis tokens included); the "
    "remainder of an uneven split goes to the first agents in route order.",
    "unattributed_tokens": "Tokens of runs that routed to no agent (failed before routing).",
}


def agent_metrics(scope: Scope) -> MetricsReport:
    """Every department agent's metrics for the scope's tenant."""
    completed, failed, tokens, unattributed = _from_runs(scope)
    outbox = _count_by(
        scope,
        OutboxMessage.agent,
        OutboxMessage.tenant_id == scope.tenant_id,
        OutboxMessage.status == "recorded",
    )
    sent = _count_by(scope, AgentMessage.from_agent, AgentMessage.tenant_id == scope.tenant_id)
    answered = _count_by(
        scope,
        AgentMessage.to_agent,
        AgentMessage.tenant_id == scope.tenant_id,
        AgentMessage.message_type == "response",
    )
    replies = _count_by(
        scope,
        Activity.created_by,
        Activity.tenant_id == scope.tenant_id,
        Activity.kind == "email",
        Activity.replied.is_(True),
    )
    rows = []
    for agent in AGENTS:
        messages = outbox[agent] + sent[agent]
        responses = answered[agent] + replies[agent]
        rows.append(
            AgentMetrics(
                agent=agent,
                tasks_completed=completed[agent],
                tasks_failed=failed[agent],
                messages_sent=messages,
                outbox_sent=outbox[agent],
                agent_messages_sent=sent[agent],
                responses=responses,
                agent_responses=answered[agent],
                email_replies=replies[agent],
                response_rate=round(responses / messages, 4) if messages else None,
                tokens_used=tokens[agent],
            )
        )
    return MetricsReport(agents=rows, unattributed_tokens=unattributed, definitions=DEFINITIONS)


def _count_by(scope: Scope, column: Any, *where: Any) -> Counter[str]:
    rows = scope.session.execute(select(column, func.count()).where(*where).group_by(column))
    return Counter({str(name): int(count) for name, count in rows})


def _from_runs(scope: Scope) -> tuple[Counter[str], Counter[str], Counter[str], int]:
    completed: Counter[str] = Counter()
    failed: Counter[str] = Counter()
    tokens: Counter[str] = Counter()
    unattributed = 0
    rows = scope.session.execute(
        select(
            RunRecord.kind,
            RunRecord.status,
            RunRecord.agents,
            RunRecord.output,
            RunRecord.input_tokens + RunRecord.output_tokens,
        ).where(RunRecord.tenant_id == scope.tenant_id, RunRecord.status != "running")
    )
    for kind, status, agents, output, used in rows:
        names = [str(a) for a in agents or [] if str(a) in AGENTS]
        if not names:
            unattributed += int(used or 0)
            continue
        share, remainder = divmod(int(used or 0), len(names))
        for index, name in enumerate(names):
            tokens[name] += share + (1 if index < remainder else 0)
        if kind != "run":
            continue
        departments = (output or {}).get("departments") or {}
        for name in names:
            outcome = departments.get(name) or status
            if outcome in ("done", "interrupted"):
                completed[name] += 1
            elif outcome == "error":
                failed[name] += 1
    return completed, failed, tokens, unattributed

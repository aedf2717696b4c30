"""``switchboard approvals`` and ``switchboard resume``: the human side of the loop."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

import typer
from rich.console import Console
from rich.table import Table

from domain import approvals
from domain.approvals import Decision
from domain.errors import ConflictError, DomainError, NotFoundError
from switchboard.cli.context import cli_scope, fail, tenant_transaction
from switchboard.settings import get_settings

CONFLICT_EXIT = 3
"""Exit code when someone else decided first or is resuming the same thread."""


def list_approvals(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON lines.")] = False,
    agent: Annotated[str | None, typer.Option("--agent", help="Only this agent's.")] = None,
) -> None:
    """List the actions waiting for a human decision, across threads."""
    settings = get_settings()
    with tenant_transaction(settings) as (session, tenant):
        scope = cli_scope(session, tenant, settings)
        rows = [_row_json(r) for r in approvals.pending(scope, agent=agent)]
    if as_json:
        typer.echo(json.dumps(rows, default=str))
        return
    table = Table("id", "thread", "agent", "tool", "summary", "why", title="Pending approvals")
    for row in rows:
        table.add_row(
            str(row["id"]),
            row["thread_id"],
            row["agent"],
            row["tool"],
            row["summary"][:60],
            "; ".join(r["message"] for r in row["reasons"]),
        )
    Console().print(table)


def _row_json(row: approvals.Approval) -> dict[str, Any]:
    return {
        "id": row.id,
        "thread_id": row.thread_id,
        "action_id": row.action_id,
        "agent": row.agent,
        "tool": row.tool,
        "args": row.args,
        "summary": row.summary,
        "reasons": row.reasons,
        "created_at": row.created_at,
    }


def resume(
    thread: Annotated[str, typer.Argument(help="The thread whose approval you answer.")],
    decision: Annotated[
        Literal["approve", "edit", "reject", "respond"],
        typer.Option("--decision", help="approve, edit, reject or respond."),
    ],
    args: Annotated[str | None, typer.Option("--args", help="New arguments (edit).")] = None,
    message: Annotated[
        str | None, typer.Option("--message", help="Why (reject), or the answer (respond).")
    ] = None,
    action: Annotated[
        str | None, typer.Option("--action", help="Answer only this action id.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one final JSON object.")] = False,
) -> None:
    """Answer a thread's pending approval and let the run finish."""
    # The graph and its tools load here, not with the module: `approvals` only lists.
    from switchboard.approval_flow import NothingToResumeError, answer_thread
    from switchboard.cli.graph_session import supervisor_session
    from switchboard.cli.run_cmd import print_outcome, show_progress
    from tools.registry import ToolArgumentError

    answer = Decision(type=decision, args=_edit_args(decision, args), message=message)
    if decision == "respond" and not message:
        fail("--decision respond needs --message with the answer", 2)
    try:
        with supervisor_session() as (services, graph, context):
            outcome = answer_thread(
                services,
                graph,
                context=context,
                thread_id=thread,
                decision=answer,
                action_id=action,
                on_progress=None if as_json else show_progress,
            )
    except ConflictError as exc:
        fail(f"conflict: {exc}", CONFLICT_EXIT)
    except (NothingToResumeError, NotFoundError) as exc:
        fail(str(exc), 1)
    except (ToolArgumentError, DomainError) as exc:
        fail(str(exc), 2)
    print_outcome(outcome, as_json=as_json)


def _edit_args(decision: str, raw: str | None) -> dict[str, Any] | None:
    if raw is None:
        if decision == "edit":
            fail("--decision edit needs --args with the new arguments as a JSON object", 2)
        return None
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        fail(f"--args is not valid JSON: {exc.msg} (line {exc.lineno} column {exc.colno})", 2)
    if not isinstance(value, dict):
        fail("--args must be a JSON object", 2)
    return value

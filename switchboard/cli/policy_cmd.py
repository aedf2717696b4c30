"""``switchboard policy check``: what the approval policy says about one proposed action.

Nothing is executed: the command reads the facts the action touches and prints the
decision (allow, require_approval or deny), every reason that fired and the facts.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from sqlalchemy.exc import SQLAlchemyError

from domain.errors import DomainError, InvalidArgumentError, NotFoundError
from domain.policy import AGENTS, MODES
from switchboard.cli.context import cli_scope, fail, first_line, tenant_transaction
from switchboard.cli.tools_cmd import parse_raw_args
from switchboard.settings import get_settings

policy_app = typer.Typer(help="Ask the approval policy about an action.", no_args_is_help=True)


@policy_app.callback()
def policy() -> None:
    """Ask the approval policy about an action (nothing is executed)."""


def _argument_error(tool: str, exc: DomainError) -> str:
    argument = exc.argument if isinstance(exc, InvalidArgumentError | NotFoundError) else None
    message = str(exc).split(": ", 1)[-1] if isinstance(exc, InvalidArgumentError) else str(exc)
    where = f"argument '{argument}'" if argument else "arguments"
    return f"{tool}: {where}: {message}"


def _validated(tool: str, raw: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The tool's declared effect and its arguments as the tool would accept them."""
    from tools.registry import ToolArgumentError, UnknownToolError, get_tool, parse_args

    try:
        spec = get_tool(tool)
        args = parse_args(spec, raw)
    except (UnknownToolError, ToolArgumentError) as exc:
        fail(str(exc), code=2)
    return str(spec.effect), args.model_dump(mode="json", exclude_none=True)


@policy_app.command("check")
def check(
    agent: Annotated[str, typer.Argument(help=f"The acting agent: {', '.join(AGENTS)}.")],
    tool: Annotated[str, typer.Argument(help="Tool name (see `switchboard tools list`).")],
    args: Annotated[str, typer.Option("--args", help="The tool's arguments as JSON.")] = "{}",
    mode: Annotated[
        str | None,
        typer.Option("--mode", help=f"Autonomy mode instead of the agent's: {', '.join(MODES)}."),
    ] = None,
    context: Annotated[
        str | None,
        typer.Option("--context", help="The request's text, screened for escalation signals."),
    ] = None,
) -> None:
    """Print the policy decision for AGENT calling TOOL with --args, as JSON."""
    from domain.policy import decide

    raw = parse_raw_args(args)
    if agent not in AGENTS:
        fail(f"AGENT must be one of {', '.join(AGENTS)}, not {agent!r}", code=2)
    if mode is not None and mode not in MODES:
        fail(f"--mode must be one of {', '.join(MODES)}, not {mode!r}", code=2)
    effect, checked = _validated(tool, raw)
    request = {"request_text": context} if context else None
    try:
        settings = get_settings()
        with tenant_transaction(settings) as (session, tenant):
            scope = cli_scope(session, tenant, settings)
            decision = decide(
                scope,
                agent=agent,
                tool=tool,
                effect=effect,
                args=checked,
                context=request,
                mode=mode,
            )
    except DomainError as exc:
        fail(_argument_error(tool, exc), code=2)
    except SQLAlchemyError as exc:
        fail(f"policy check: database error: {first_line(exc)}")
    typer.echo(json.dumps(decision.as_json(), indent=2, ensure_ascii=False))

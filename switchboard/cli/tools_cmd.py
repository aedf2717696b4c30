"""``switchboard tools list|call``: the department tools, straight from the registry.

The ``tools`` package is imported when a command runs (importing it registers every
tool), so ``seed`` and ``db`` keep working while a tool module is being changed.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.exc import SQLAlchemyError

from domain.models import Department
from switchboard.cli.context import cli_scope, fail, first_line, tenant_transaction
from switchboard.settings import get_settings

if TYPE_CHECKING:
    from tools.registry import ToolSpec

tools_app = typer.Typer(help="List and call the department tools.", no_args_is_help=True)

EFFECT_STYLES = {"read": "green", "draft": "yellow", "external": "red"}


def tool_summary(spec: ToolSpec) -> dict[str, Any]:
    """A tool as ``tools list --json`` shows it."""
    return {
        "name": spec.name,
        "departments": [str(d) for d in spec.departments],
        "effect": str(spec.effect),
        "description": spec.description,
        "args_schema": spec.schema(),
    }


def describe_args(schema: dict[str, Any]) -> str:
    """One line per argument: ``name*: type`` (``*`` marks required ones)."""
    required = set(schema.get("required", []))
    lines = []
    for name, prop in schema.get("properties", {}).items():
        options = prop.get("anyOf", [prop])
        types = [o.get("type") or o.get("$ref", "?").rsplit("/", 1)[-1] for o in options]
        shown = " | ".join(t for t in types if t != "null")
        lines.append(f"{name}{'*' if name in required else ''}: {shown}")
    return "\n".join(lines) or "-"


def _selected_tools(department: str | None) -> list[ToolSpec]:
    from tools.registry import REGISTRY, tools_for

    if department is None:
        return list(REGISTRY.values())
    try:
        return tools_for(department)
    except ValueError:
        known = ", ".join(d.value for d in Department)
        fail(f"--department must be one of {known}, not {department!r}", code=2)


@tools_app.command("list")
def list_tools(
    department: Annotated[
        str | None, typer.Option("--department", "-d", help="Only this department's tools.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (with schemas).")] = False,
) -> None:
    """Show every tool: name, departments, effect and arguments (* = required)."""
    specs = _selected_tools(department)
    if as_json:
        typer.echo(json.dumps([tool_summary(spec) for spec in specs], indent=2))
        return
    table = Table(title=f"{len(specs)} tools")
    for column in ("tool", "departments", "effect", "arguments"):
        table.add_column(column)
    for spec in specs:
        effect = str(spec.effect)
        table.add_row(
            spec.name,
            ", ".join(str(d) for d in spec.departments),
            f"[{EFFECT_STYLES.get(effect, 'white')}]{effect}[/]",
            describe_args(spec.schema()),
        )
    Console().print(table)


def parse_raw_args(text: str) -> dict[str, Any]:
    """The ``--args`` value as a JSON object; exit 2 with one line otherwise."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        fail(f"--args is not valid JSON: {exc}", code=2)
    if not isinstance(value, dict):
        fail(f"--args must be a JSON object such as '{{}}', not {type(value).__name__}", code=2)
    return value


@tools_app.command("call")
def call(
    name: Annotated[str, typer.Argument(help="Tool name (see `switchboard tools list`).")],
    args: Annotated[str, typer.Option("--args", help="Arguments as a JSON object.")] = "{}",
    as_json: Annotated[bool, typer.Option("--json", help="Print compact JSON.")] = False,
    key: Annotated[
        str | None,
        typer.Option("--key", help="Idempotency key: a repeated call with it acts only once."),
    ] = None,
) -> None:
    """Call one tool as the tenant's CLI user and print its result; changes are committed."""
    from tools.registry import ToolArgumentError, UnknownToolError, call_tool, get_tool, parse_args

    raw = parse_raw_args(args)
    try:
        parse_args(get_tool(name), raw)
        settings = get_settings()
        with tenant_transaction(settings) as (session, tenant):
            result = call_tool(name, raw, cli_scope(session, tenant, settings, key))
    except UnknownToolError as exc:
        fail(str(exc), code=2)
    except ToolArgumentError as exc:
        fail(str(exc), code=2)
    except SQLAlchemyError as exc:
        fail(f"{name}: database error: {first_line(exc)}")
    except typer.Exit:
        raise
    except Exception as exc:  # a bug in a tool: still one line, naming the exception
        fail(f"{name} failed: {type(exc).__name__}: {first_line(exc)}")
    if as_json:
        typer.echo(json.dumps(result, separators=(",", ":"), ensure_ascii=False))
    else:
        Console().print_json(data=result)

"""Tool specifications, the registry, and the one way to call a tool.

A tool is a pydantic argument model, a description written for a model, a declared
effect and a handler ``(Scope, args) -> dict``. The effect is what the approval policy
reads: ``read`` changes nothing, ``draft`` writes internal records only, ``external``
reaches someone outside (email, refund, post, invite) and always goes through the
outbox.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from domain.errors import DomainError, InvalidArgumentError, NotFoundError
from domain.models import Department
from domain.outbox import derive_key
from domain.scope import Scope
from tools.serialize import jsonable


class Effect(StrEnum):
    """What calling a tool does to the world."""

    READ = "read"
    DRAFT = "draft"
    EXTERNAL = "external"


ArgsT = TypeVar("ArgsT", bound=BaseModel)
Handler = Callable[[Scope, Any], dict[str, Any]]


@dataclass(frozen=True)
class ToolSpec:
    """One tool: its name, owners, effect, argument model and handler."""

    name: str
    departments: tuple[Department, ...]
    effect: Effect
    description: str
    args_model: type[BaseModel]
    handler: Handler

    def schema(self) -> dict[str, Any]:
        """JSON schema of the arguments, as a model sees it."""
        return self.args_model.model_json_schema()


class ToolArgumentError(ValueError):
    """Bad arguments to a tool; the message is one line naming the argument."""

    def __init__(self, tool: str, argument: str | None, message: str) -> None:
        self.tool = tool
        self.argument = argument
        where = f"argument '{argument}'" if argument else "arguments"
        super().__init__(f"{tool}: {where}: {message}")


class UnknownToolError(KeyError):
    """No tool by that name."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(name)

    def __str__(self) -> str:
        return f"no tool named '{self.name}'; `switchboard tools list` shows them all"


REGISTRY: dict[str, ToolSpec] = {}


def register(
    name: str,
    *,
    departments: Department | tuple[Department, ...],
    effect: Effect,
    args: type[ArgsT],
    description: str,
) -> Callable[[Callable[[Scope, ArgsT], dict[str, Any]]], Callable[[Scope, ArgsT], dict[str, Any]]]:
    """Decorator: register ``handler`` as tool ``name``."""
    owners = departments if isinstance(departments, tuple) else (departments,)

    def decorate(
        handler: Callable[[Scope, ArgsT], dict[str, Any]],
    ) -> Callable[[Scope, ArgsT], dict[str, Any]]:
        if name in REGISTRY:
            raise RuntimeError(f"tool {name!r} registered twice")
        REGISTRY[name] = ToolSpec(name, owners, effect, description.strip(), args, handler)
        return handler

    return decorate


def get_tool(name: str) -> ToolSpec:
    """The tool called ``name``, or UnknownToolError."""
    try:
        return REGISTRY[name]
    except KeyError:
        raise UnknownToolError(name) from None


def tools_for(department: Department | str) -> list[ToolSpec]:
    """Every tool a department may call, in registration order."""
    dept = Department(department)
    return [spec for spec in REGISTRY.values() if dept in spec.departments]


def parse_args(spec: ToolSpec, raw: dict[str, Any] | None, *, strict: bool = False) -> BaseModel:
    """Validate raw arguments, turning pydantic's report into one line naming the argument.

    ``strict`` is for arguments a person typed as JSON (an edited approval): they are
    validated as JSON, strictly, so ``true`` is not an amount of 1 and ``"yes"`` is not a
    boolean; a model's arguments are validated leniently (``"400"`` is 400).
    """
    try:
        if strict:
            return spec.args_model.model_validate_json(_as_json(spec, raw), strict=True)
        return spec.args_model.model_validate(raw or {})
    except ValidationError as exc:
        first = exc.errors()[0]
        argument = ".".join(str(p) for p in first["loc"]) or None
        message = first["msg"]
        if first["type"] == "extra_forbidden":
            message = "is not an argument of this tool"
        raise ToolArgumentError(spec.name, argument, message) from None


def _as_json(spec: ToolSpec, raw: dict[str, Any] | None) -> str:
    try:
        return json.dumps(raw or {}, allow_nan=False)
    except (TypeError, ValueError):  # NaN, Infinity, or not JSON at all
        raise ToolArgumentError(spec.name, None, "must be JSON with finite numbers") from None


def action_key(scope: Scope, tool: str, args: BaseModel) -> str:
    """The idempotency key of an external action: the caller's, else one from the arguments."""
    return scope.idempotency_key or derive_key(tool, args.model_dump(mode="json"))


def call_tool(name: str, raw_args: dict[str, Any] | None, scope: Scope) -> dict[str, Any]:
    """Validate arguments and run a tool, returning JSON-able data.

    Raises:
        UnknownToolError: no such tool.
        ToolArgumentError: the arguments are malformed or name something that does not
            exist for this tenant; the message names the argument.
    """
    spec = get_tool(name)
    args = parse_args(spec, raw_args)
    try:
        result = spec.handler(scope, args)
    except NotFoundError as exc:
        raise ToolArgumentError(spec.name, exc.argument, str(exc)) from None
    except InvalidArgumentError as exc:
        raise ToolArgumentError(spec.name, exc.argument, str(exc).split(": ", 1)[-1]) from None
    except DomainError as exc:
        raise ToolArgumentError(spec.name, None, str(exc)) from None
    return jsonable(result)

"""Fill a tool's arguments from a request, and say which required ones are missing.

Every argument is filled by name (``fillers.FILLERS``, ``drafting.TEXT_FILLERS``) or,
for enums, from the request's words (``enums``). The constraints come from the tool's
own JSON schema: enums, bounds and lengths, and the groups of arguments a call must
give one of (``x-one-of`` / ``x-exactly-one-of``) and the value a required choice takes
when the request does not say (``x-when-unstated``), declared in the tools' argument
models.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from adapters.offline import dates
from adapters.offline.argspec import ArgSpec
from adapters.offline.drafting import TEXT_FILLERS
from adapters.offline.enums import enum_value, enum_values
from adapters.offline.fillers import FILLERS
from adapters.offline.named_groups import named_group
from adapters.offline.providers import provided
from adapters.offline.request import Request

ONE_OF_KEY = "x-one-of"
"""Schema keyword on each argument of a group a call needs at least one of (``tools.common``)."""
EXACTLY_ONE_OF_KEY = "x-exactly-one-of"
"""The same for a group a call gives exactly one of, the first listed preferred."""
WHEN_UNSTATED_KEY = "x-when-unstated"
"""Schema keyword: the value a required argument takes when the request does not say."""
ECHOED = frozenset({"summary", "details", "query"})
"""Arguments filled with the request text itself (no evidence the tool fits)."""
SETTINGS = frozenset({"language"})
"""Arguments filled from how the request is written, not what it asks (no evidence either)."""


@dataclass(frozen=True)
class ToolInfo:
    """A bound tool as the model sees it: name, description and JSON-schema parameters."""

    name: str
    description: str
    parameters: dict[str, Any]

    @property
    def properties(self) -> dict[str, dict[str, Any]]:
        """The argument schemas by name."""
        return dict(self.parameters.get("properties", {}))

    @property
    def required(self) -> list[str]:
        """Names of the required arguments."""
        return list(self.parameters.get("required", []))

    @property
    def one_of_groups(self) -> list[tuple[tuple[str, ...], bool]]:
        """Groups the call must give one of, with whether exactly one, from the schema."""
        groups: dict[tuple[str, ...], bool] = {}
        for schema in self.properties.values():
            for key, exactly in ((ONE_OF_KEY, False), (EXACTLY_ONE_OF_KEY, True)):
                if isinstance(schema.get(key), list):
                    groups.setdefault(tuple(schema[key]), exactly)
        return list(groups.items())

    @classmethod
    def from_openai(cls, tool: dict[str, Any]) -> ToolInfo:
        """From an OpenAI-format tool (``convert_to_openai_tool``)."""
        function = tool.get("function", tool)
        return cls(
            function["name"], function.get("description", ""), function.get("parameters", {})
        )


@dataclass
class Filled:
    """Arguments found for one call and the required ones still missing."""

    args: dict[str, Any] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    grounded: set[str] = field(default_factory=set)

    @property
    def complete(self) -> bool:
        """Whether the call can be made."""
        return not self.missing


def fill_arguments(tool: ToolInfo, req: Request) -> Filled:
    """The arguments of ``tool`` for ``req``, plus what is missing."""
    args: dict[str, Any] = {}
    grounded: set[str] = set()
    required = set(tool.required)
    for name, schema in tool.properties.items():
        value = fill_one(ArgSpec(tool.name, name, schema), req, required=name in required)
        if value is not None and value != []:
            value = _coerce(value, schema)
            if not _admitted(value, schema):
                continue  # the schema refuses it: the argument stays missing
            args[name] = value
            if _grounded(name, value, schema, req):
                grounded.add(name)
    split = _split_for_named_part(tool, args, req)
    if split is not None:
        args["group_by"] = split
        grounded.add("group_by")
    groups = tool.one_of_groups
    for group, exactly in groups:
        present = [name for name in group if name in args]
        if exactly:
            for extra in present[1:]:
                args.pop(extra)
    missing = [name for name in tool.required if name not in args]
    missing += [
        " or ".join(group)
        for group, _ in groups
        if not any(name in args for name in group) and all(n in tool.properties for n in group)
    ]
    return Filled(args, missing, grounded & set(args))


def _split_for_named_part(tool: ToolInfo, args: dict[str, Any], req: Request) -> str | None:
    """A metric left unsplit whose request names one part of it ("attendees from fintech",
    "what share are VIP?") is split by that part's dimension (``named_groups``)."""
    schema = tool.properties.get("group_by")
    metric = args.get("metric")
    if schema is None or "group_by" in args or not isinstance(metric, str):
        return None
    split = named_group(req, metric)
    return split if split in ArgSpec(tool.name, "group_by", schema).enum() else None


def _grounded(name: str, value: Any, schema: dict[str, Any], req: Request) -> bool:
    """Whether a value comes from the request itself, not a default, a draft or an echo.

    Only grounded arguments count as evidence that a tool fits the request.
    """
    if name in ECHOED or name in SETTINGS:
        return False
    if schema.get(WHEN_UNSTATED_KEY) == value and not enum_value(
        name, ArgSpec("", name, schema).enum(), req.text
    ):
        return False
    if isinstance(value, str) and name in TEXT_FILLERS:
        return value in req.text or value in req.as_typed
    return True


def fill_one(arg: ArgSpec, req: Request, *, required: bool = False) -> Any:
    """One argument's value, or None."""
    enum = arg.enum()
    if enum:
        value = enum_value(arg.name, enum, req.text)
        if value is None and req.as_typed != req.text:
            # a respelling can hide the value's word ("pretending to be" read as "pending")
            value = enum_value(arg.name, enum, req.as_typed)
        if value is None and arg.name in SPLIT_BY_PERIOD:
            value = _compared_unit(req, enum)
        if value is None and required:
            value = provided(req, arg.tool, arg.name)  # the record's own severity
        if value is None and required:
            default = arg.schema.get(WHEN_UNSTATED_KEY)
            value = default if default in enum else None
        return value
    item_enum = arg.item_enum()
    if item_enum:
        return enum_values(arg.name, item_enum, req.text) or None
    filler = TEXT_FILLERS.get(arg.name) or FILLERS.get(arg.name)
    if is_free_text(arg):
        req = req.typed_request  # what the user wrote, not its respelling
    return filler(req, arg) if filler else None


FREE_TEXT = frozenset(TEXT_FILLERS) - {"query", "language"} | {"message", "content"}
"""Arguments written out for people (an email's subject and body, notes, a title): they
are filled from the request as typed; the respelling only chooses tools and reads
structured values ("postponing" is no misspelt "posting")."""


def is_free_text(arg: ArgSpec) -> bool:
    """Whether ``arg`` is written out for people (``FREE_TEXT``, a new campaign's name)."""
    return arg.name in FREE_TEXT or (arg.name == "name" and arg.tool == "create_campaign")


SPLIT_BY_PERIOD = frozenset({"group_by"})
"""Arguments that split a figure; two periods compared ("August vs July", "this week vs
last") split it by month or week, so the one call returns a figure for each period."""


def _compared_unit(req: Request, enum: list[Any]) -> str | None:
    compared = dates.compared_periods(req.numeric_text, req.today)
    return compared[2] if compared and compared[2] in enum else None


def _admitted(value: Any, schema: dict[str, Any]) -> bool:
    """Whether the argument's schema accepts a filled value: its pattern, exclusive bounds.

    ``_coerce`` already clamped what can be clamped; a value that still breaks the
    schema (text not matching the pattern, an id of 0 where ids start at 1) would only
    earn a validation error, so it is not proposed.
    """
    variants = [schema, *schema.get("anyOf", [])]
    if isinstance(value, str):
        patterns = [s["pattern"] for s in variants if "pattern" in s]
        if patterns and not any(re.search(p, value) for p in patterns):
            return False
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        low = next((s["exclusiveMinimum"] for s in variants if "exclusiveMinimum" in s), None)
        high = next((s["exclusiveMaximum"] for s in variants if "exclusiveMaximum" in s), None)
        if (low is not None and value <= low) or (high is not None and value >= high):
            return False
    return True


def _coerce(value: Any, schema: dict[str, Any]) -> Any:
    """Fit a value to the argument's type and bounds (an int for integers, clamped)."""
    variants = [schema, *schema.get("anyOf", [])]
    types = {s.get("type") for s in variants}
    bounds: dict[str, Any] = next((s for s in variants if "minimum" in s or "maximum" in s), {})
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "integer" in types and "number" not in types:
            value = int(value)
        if "minimum" in bounds:
            value = max(value, bounds["minimum"])
        if "maximum" in bounds:
            value = min(value, bounds["maximum"])
    if isinstance(value, str):
        limit = next((s["maxLength"] for s in variants if "maxLength" in s), None)
        if limit:
            value = value[:limit]
    if isinstance(value, list):
        limit = next((s["maxItems"] for s in variants if "maxItems" in s), None)
        if limit:
            value = value[:limit]
    return value

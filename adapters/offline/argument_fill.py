"""Fill a tool's arguments from a request, and say which required ones are missing.

Every argument is filled by name (``fillers.FILLERS``, ``drafting.TEXT_FILLERS``) or,
for enums, from the request's words (``enums``). Tools whose schema leaves "give one
of these" to the description declare it in ``ONE_OF``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from adapters.offline.argspec import ArgSpec
from adapters.offline.drafting import TEXT_FILLERS
from adapters.offline.enums import ENUM_DEFAULTS, enum_value, enum_values
from adapters.offline.fillers import FILLERS
from adapters.offline.providers import provided
from adapters.offline.request import Request

ONE_OF: dict[str, tuple[tuple[str, ...], ...]] = {
    "research_contact": (("contact_id", "email"),),
    "research_company": (("company_id", "name"),),
    "find_contacts": (("company_id", "company"),),
    "qualify_lead": (("company_id", "opportunity_id"),),
    "analyze_engagement": (("contact_id", "company_id"),),
    "enrich_lead": (("contact_id", "company_id"),),
    "send_reminder": (("deliverable_id", "vendor_id"),),
    "lookup_ticket": (("order_number", "email"),),
    "escalate_to_human": (("case_id", "order_number", "requester_email"),),
    "schedule_meeting": (("contact_id", "attendee_email"),),
    "update_crm": (("stage", "next_step", "notes", "value", "probability"),),
}
"""Groups of arguments of which a call needs at least one (from the tools' descriptions)."""
EXACTLY_ONE = frozenset(
    {
        "research_contact",
        "research_company",
        "find_contacts",
        "qualify_lead",
        "analyze_engagement",
        "enrich_lead",
        "send_reminder",
        "lookup_ticket",
        "schedule_meeting",
    }
)
"""Tools whose ``ONE_OF`` group takes only its first filled argument."""
ECHOED = frozenset({"summary", "details", "query"})
"""Arguments filled with the request text itself (no evidence the tool fits)."""


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
            args[name] = _coerce(value, schema)
            if _grounded(name, value, schema, req):
                grounded.add(name)
    for group in ONE_OF.get(tool.name, ()):
        present = [name for name in group if name in args]
        if tool.name in EXACTLY_ONE:
            for extra in present[1:]:
                args.pop(extra)
    missing = [name for name in tool.required if name not in args]
    missing += [
        " or ".join(group)
        for group in ONE_OF.get(tool.name, ())
        if not any(name in args for name in group) and all(n in tool.properties for n in group)
    ]
    return Filled(args, missing, grounded & set(args))


def _grounded(name: str, value: Any, schema: dict[str, Any], req: Request) -> bool:
    """Whether a value comes from the request itself, not a default, a draft or an echo.

    Only grounded arguments count as evidence that a tool fits the request.
    """
    if name in ECHOED:
        return False
    if ENUM_DEFAULTS.get(name) == value and not enum_value(
        name, ArgSpec("", name, schema).enum(), req.text
    ):
        return False
    if isinstance(value, str) and name in TEXT_FILLERS:
        return value in req.text
    return True


def fill_one(arg: ArgSpec, req: Request, *, required: bool = False) -> Any:
    """One argument's value, or None."""
    enum = arg.enum()
    if enum:
        value = enum_value(arg.name, enum, req.text)
        if value is None and required:
            value = provided(req, arg.tool, arg.name)  # the record's own severity
        if value is None and required:
            default = ENUM_DEFAULTS.get(arg.name)
            value = default if default in enum else None
        return value
    item_enum = arg.item_enum()
    if item_enum:
        return enum_values(arg.name, item_enum, req.text) or None
    filler = TEXT_FILLERS.get(arg.name) or FILLERS.get(arg.name)
    return filler(req, arg) if filler else None


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

"""Argument pieces many tools share."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema


class ToolArgs(BaseModel):
    """Base for every tool's arguments: unknown arguments are an error, not ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class EventArgs(ToolArgs):
    """Arguments for tools about one event (the next upcoming one by default)."""

    event_id: int | None = Field(
        default=None, gt=0, description="Event id; omit for the next upcoming event."
    )


ONE_OF_KEY = "x-one-of"
"""JSON-schema extension on each argument of a group a call needs at least one of."""
EXACTLY_ONE_OF_KEY = "x-exactly-one-of"
"""The same for a group a call gives exactly one of."""


@dataclass(frozen=True)
class OneOf:
    """``Annotated`` metadata: this argument belongs to a group the call must give from.

    A model reads the rule from the argument's JSON schema: ``x-one-of`` (at least one)
    or ``x-exactly-one-of`` (exactly one), listing the group in order of preference. It
    is metadata, not ``json_schema_extra``, because LangChain rebuilds a tool's argument
    model from each field's metadata and would drop the extra. The domain function
    behind the tool enforces the rule and says which arguments to give.
    """

    names: tuple[str, ...]
    exactly: bool = False

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """The argument's schema plus the group under its extension keyword."""
        schema = handler(core_schema)
        schema[EXACTLY_ONE_OF_KEY if self.exactly else ONE_OF_KEY] = list(self.names)
        return schema


def one_of(*names: str) -> OneOf:
    """A group the call needs at least one of (``Annotated[int | None, GROUP]``)."""
    return OneOf(names)


def exactly_one_of(*names: str) -> OneOf:
    """A group the call gives exactly one of; the first listed is preferred."""
    return OneOf(names, exactly=True)


WHEN_UNSTATED_KEY = "x-when-unstated"
"""JSON-schema extension: the value to give a required argument the request does not state."""


@dataclass(frozen=True)
class WhenUnstated:
    """``Annotated`` metadata: the value a caller gives when the request does not say.

    For a required choice with a safe usual answer (an escalation is ``high`` unless the
    request says otherwise). It shows in the JSON schema as ``x-when-unstated``; like
    ``OneOf``, it is metadata so it survives LangChain's copy of the argument model.
    """

    value: str

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """The argument's schema plus the value under its extension keyword."""
        schema = handler(core_schema)
        schema[WHEN_UNSTATED_KEY] = self.value
        return schema

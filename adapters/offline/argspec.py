"""One argument of one bound tool, and the filler signature."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from adapters.offline.request import Request


@dataclass(frozen=True)
class ArgSpec:
    """One argument of one tool, as the model sees it (JSON schema)."""

    tool: str
    name: str
    schema: dict[str, Any]

    def variants(self) -> list[dict[str, Any]]:
        """The schema and its ``anyOf`` alternatives."""
        return [self.schema, *self.schema.get("anyOf", [])]

    def enum(self) -> list[str]:
        """Allowed values of an enum argument (empty when it is not one)."""
        return [v for s in self.variants() for v in s.get("enum", []) if isinstance(v, str)]

    def item_enum(self) -> list[str]:
        """Allowed values of a list-of-enum argument."""
        return [v for s in self.variants() for v in s.get("items", {}).get("enum", [])]

    def types(self) -> set[str]:
        """JSON types the argument accepts."""
        return {s["type"] for s in self.variants() if isinstance(s.get("type"), str)}


Filler = Callable[[Request, ArgSpec], Any]

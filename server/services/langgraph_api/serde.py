"""Graph values, messages and interrupts as the JSON LangGraph's server API sends.

Messages are their pydantic dump (``type``, ``content``, ``id``...), an ``Interrupt`` is
``{value, id}``, a ``Send`` is ``{node, arg}``; dates are ISO strings.
"""

from __future__ import annotations

import dataclasses
import json
import uuid
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from langgraph.types import Interrupt, Send
from pydantic import BaseModel


def jsonable(value: Any) -> Any:
    """``value`` made of dicts, lists, strings, numbers, booleans and None only."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if isinstance(value, Interrupt):
        return {"value": jsonable(value.value), "id": value.id}
    if isinstance(value, Send):
        return {"node": value.node, "arg": jsonable(value.arg)}
    if isinstance(value, BaseModel):
        return jsonable(value.model_dump())
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Enum):
        return jsonable(value.value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return str(value)


def dumps(value: Any) -> str:
    """Compact JSON of ``value`` (see ``jsonable``)."""
    return json.dumps(jsonable(value), ensure_ascii=False, separators=(",", ":"))

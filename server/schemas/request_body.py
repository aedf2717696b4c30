"""What every request body must be before any route reads it: strict and storable.

Strict: a JSON ``"yes"`` is not a boolean, ``"5"`` or ``5.0`` is not an integer, ``1``
is not ``true``; a wrong type is a 422, never a guess. Storable: no string anywhere in
the body (values or keys, however deep) holds a NUL character (Postgres text and jsonb
refuse it) or a lone UTF-16 surrogate (a JSON ``"\\ud800"`` escape decodes to one; it is
not Unicode, so no database, log or JSON encoder can write it), no integer is beyond 64
bits (Postgres bigint and the checkpoints' msgpack stop there), and no value is nested
deeper than ``MAX_DEPTH`` levels. Checking the whole body at once means a free-form
field (``args``, ``state``, ``forwardedProps``) cannot forget to.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator
from pydantic_core import PydanticCustomError

MAX_DEPTH = 32
"""Deepest nesting of objects and arrays a body may have (real bodies use under 10)."""
UNSTORABLE = frozenset({"nul_character", "lone_surrogate", "too_deep", "int_too_large"})
"""The error types ``check_storable`` raises; their message names the place itself."""


def _where(path: tuple[str | int, ...]) -> str:
    shown = ".".join(str(p)[:40] for p in path)
    return f"the value at {shown}" if shown else "the body"


def _check_text(text: str, path: tuple[str | int, ...]) -> None:
    if "\x00" in text:
        raise PydanticCustomError(
            "nul_character",
            "{where} holds a NUL character (\\u0000), which cannot be stored; remove it",
            {"where": _where(path)},
        )
    if any("\ud800" <= c <= "\udfff" for c in text):
        raise PydanticCustomError(
            "lone_surrogate",
            "{where} holds a lone UTF-16 surrogate (a \\ud800-\\udfff escape without its "
            "pair), which is not valid Unicode; send UTF-8 text",
            {"where": _where(path)},
        )


def check_storable(value: Any, path: tuple[str | int, ...] = ()) -> Any:
    """``value`` unchanged, or a validation error naming where it cannot be stored."""
    if len(path) > MAX_DEPTH:
        raise PydanticCustomError(
            "too_deep",
            "{where} is nested deeper than {depth} levels; flatten it",
            {"where": _where(path[:MAX_DEPTH]), "depth": MAX_DEPTH},
        )
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and not -(2**63) <= value < 2**63:
        raise PydanticCustomError(
            "int_too_large",
            "{where} is outside the 64-bit integer range, which nothing here can store",
            {"where": _where(path)},
        )
    if isinstance(value, str):
        _check_text(value, path)
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str):
                _check_text(key, (*path, "<key>"))
            check_storable(item, (*path, key))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            check_storable(item, (*path, index))
    return value


class RequestBody(BaseModel):
    """Base of every REST request body: strict types, no unknown fields, storable text."""

    model_config = ConfigDict(extra="forbid", strict=True)

    @model_validator(mode="before")
    @classmethod
    def _storable(cls, data: Any) -> Any:
        return check_storable(data)

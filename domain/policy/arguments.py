"""Reading a proposed action's raw arguments (JSON from a model or a person) defensively."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from domain.errors import InvalidArgumentError


def arg_int(args: Mapping[str, Any], name: str) -> int | None:
    """An integer argument (``12`` or ``"12"``), None when absent."""
    value = args.get(name)
    if value is None:
        return None
    if isinstance(value, bool):
        raise InvalidArgumentError(name, "must be an integer")
    try:
        return int(str(value).strip())
    except ValueError:
        raise InvalidArgumentError(name, f"must be an integer, not {value!r}") from None


def arg_ints(args: Mapping[str, Any], name: str) -> list[int]:
    """A list of integers, empty when absent."""
    value = args.get(name)
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise InvalidArgumentError(name, "must be a list of integers")
    return [i for i in (arg_int({name: v}, name) for v in value) if i is not None]


def arg_decimal(args: Mapping[str, Any], name: str) -> Decimal | None:
    """A money or percent argument as Decimal (from number or string), None when absent."""
    value = args.get(name)
    if value is None:
        return None
    if isinstance(value, bool):
        raise InvalidArgumentError(name, "must be a number")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise InvalidArgumentError(name, f"must be a number, not {value!r}") from None
    if not number.is_finite():
        raise InvalidArgumentError(name, "must be a finite number")
    return number


def arg_str(args: Mapping[str, Any], name: str) -> str | None:
    """A text argument, stripped; None when absent or blank."""
    value = args.get(name)
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def texts(value: Any) -> Iterator[str]:
    """Every string inside ``value`` (nested dicts and lists included)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from texts(item)

"""What the policy answers: an outcome, the rules that fired and the facts behind them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import Enum, StrEnum
from typing import Any

from domain.policy.wording import worded as _worded


class Outcome(StrEnum):
    """What may happen to a proposed action, least strict first."""

    ALLOW = "allow"
    REQUIRE_APPROVAL = "require_approval"
    DENY = "deny"

    @property
    def strictness(self) -> int:
        """0 for allow, 1 for require_approval, 2 for deny."""
        return list(Outcome).index(self)


@dataclass(frozen=True)
class Reason:
    """One rule that fired: its id (``refund_over_limit``...) and a sentence with the numbers.

    ``wording`` and ``values`` say the same in any reply language
    (``domain.policy.wording``); ``message`` is the English sentence.
    """

    rule: str
    message: str
    wording: str | None = field(default=None, compare=False)
    values: Mapping[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def worded(cls, rule: str, wording: str | None = None, /, **values: Any) -> Reason:
        """The reason ``rule`` stated with the ``wording`` key (the rule id by default)."""
        key = wording or rule
        return cls(rule, _worded(key, values), key, values)

    def as_json(self) -> dict[str, Any]:
        """``{"rule", "message"}``, plus ``wording`` and ``values`` when it has them."""
        if self.wording is None:
            return {"rule": self.rule, "message": self.message}
        return {
            "rule": self.rule,
            "message": self.message,
            "wording": self.wording,
            "values": json_ready(self.values),
        }


@dataclass(frozen=True)
class PolicyDecision:
    """The policy's answer for one action.

    Attributes:
        outcome: allow, require_approval or deny.
        reasons: every rule that fired, deny rules first, in rule order.
        facts: what the rules looked at (amounts, stage, counts, mode), JSON-ready.
    """

    outcome: Outcome
    reasons: tuple[Reason, ...]
    facts: dict[str, Any] = field(default_factory=dict)

    @property
    def rules(self) -> tuple[str, ...]:
        """The ids of the rules that fired."""
        return tuple(reason.rule for reason in self.reasons)

    def as_json(self) -> dict[str, Any]:
        """``{"outcome", "reasons": [{"rule", "message"}], "facts"}`` as plain JSON values."""
        return {
            "outcome": self.outcome.value,
            "reasons": [r.as_json() for r in self.reasons],
            "facts": json_ready(self.facts),
        }


def json_ready(value: Any) -> Any:
    """A JSON-able copy: money as a float rounded to cents, dates as ISO strings."""
    if isinstance(value, Mapping):
        return {str(k): json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_ready(v) for v in value]
    if isinstance(value, Decimal):
        return round(float(value), 2)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value

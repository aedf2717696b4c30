"""Turning an external tool call into a pending action instead of running it."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from graphs.state import DepartmentName, PendingAction


def pending_action(
    *,
    step_id: str,
    department: DepartmentName,
    tool: str,
    args: dict[str, Any],
    summary: str,
    facts: dict[str, Any] | None = None,
) -> PendingAction:
    """A pending action whose id is stable for the same step, tool and arguments.

    A replayed node proposes the same action under the same id, so the outbox key
    (thread id + action id) stays the same and the action cannot happen twice.
    """
    canonical = json.dumps([step_id, tool, args], sort_keys=True, default=str)
    action_id = hashlib.sha256(canonical.encode()).hexdigest()[:16]
    return PendingAction(
        action_id=action_id,
        department=department,
        tool=tool,
        args=args,
        summary=summary,
        facts=facts or {},
    )

"""Run-scoped context (LangGraph ``context_schema``): who is asking, for which tenant."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Context:
    """Passed with every run (``graph.invoke(..., context=Context(...))``).

    Plain fields only, so LangGraph Studio can render and edit it.

    Attributes:
        tenant_id: every tool call and query is scoped to this tenant.
        actor: the user (or API key) the run acts for, recorded in audit rows.
    """

    tenant_id: str = "demo"
    actor: str = "user"

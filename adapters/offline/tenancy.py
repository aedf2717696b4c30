"""Which tenant a model call serves: the graph run's context, else a default."""

from __future__ import annotations

from typing import Any


def current_tenant(default: str) -> str:
    """``runtime.context.tenant_id`` inside a LangGraph run, else ``default``."""
    from langgraph.runtime import get_runtime

    try:
        runtime = get_runtime()
    except (RuntimeError, KeyError):
        return default
    context: Any = getattr(runtime, "context", None)
    if isinstance(context, dict):
        tenant = context.get("tenant_id")
    else:
        tenant = getattr(context, "tenant_id", None)
    return tenant if isinstance(tenant, str) and tenant else default

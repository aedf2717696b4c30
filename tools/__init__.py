"""LLM-facing tools, one module per department. Thin: validate, call domain, return data.

Importing this package registers every tool in ``tools.registry.REGISTRY``.
"""

from tools import analytics, marketing, operations, research, sales, support  # noqa: F401
from tools.registry import REGISTRY, Effect, ToolSpec, call_tool, get_tool, tools_for

__all__ = ["REGISTRY", "Effect", "ToolSpec", "call_tool", "get_tool", "tools_for"]

"""The offline tool picker over one department's registered tools, for unit tests."""

from __future__ import annotations

from langchain_core.tools import StructuredTool
from langchain_core.utils.function_calling import convert_to_openai_tool

import tools  # noqa: F401  (registers every tool)
from adapters.offline.argument_fill import ToolInfo
from adapters.offline.tool_picker import ToolPicker
from tools.registry import tools_for


def department_tool_infos(department: str) -> dict[str, ToolInfo]:
    """``department``'s tools by name, described as the model sees them."""
    infos = {}
    for spec in tools_for(department):
        tool = StructuredTool.from_function(
            func=lambda **_: {},
            name=spec.name,
            description=spec.description,
            args_schema=spec.args_model,
        )
        infos[spec.name] = ToolInfo.from_openai(convert_to_openai_tool(tool))
    return infos


def department_picker(department: str) -> ToolPicker:
    """A ``ToolPicker`` over ``department``'s tools, described as the model sees them."""
    return ToolPicker(list(department_tool_infos(department).values()))

"""One scripted chat model for every system in the benchmark; it answers by the call's shape.

A single instance serves the whole run, so both systems meet the same behaviour:

- a routing call (Switchboard's fallback, ``RouteChoice`` bound) names the departments
  the request needs;
- a supervisor call (``transfer_to_<department>`` handoff tools bound) hands off to the
  next needed department not yet visited, then answers once all have reported;
- a department agent call (a department's tools bound) makes one tool call, then answers;
- a writing call (no tools: playbook summaries, synthesis) returns a fixed paragraph.

Every call is recorded with its role, the characters of its input messages, the size of
the tool schemas sent with it and the time the policy itself took (so timings can leave
the model out).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import count
from time import perf_counter
from typing import Any, Literal

from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.runnables import Runnable
from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import Field

from domain.demo import anchors

Role = Literal["route", "supervisor", "agent", "writer"]
ROUTE_TOOL = "RouteChoice"
HANDOFF_PREFIX = "transfer_to_"

AGENT_TOOL: dict[str, tuple[str, dict[str, Any]]] = {
    "sales": ("search_sponsors", {}),
    "marketing": ("monitor_metrics", {}),
    "operations": ("track_budget", {}),
    "support": ("lookup_ticket", {"order_number": anchors.ORDER_BELOW_REFUND_THRESHOLD}),
    "analytics": ("query_database", {"metric": "tickets_sold"}),
    "research": ("find_event_attendance", {}),
}
"""The one read tool each department's agent calls (unique names: they identify the agent)."""

ANSWER = (
    "Done. I checked the records for this request and summarised what matters: the key "
    "figures, what changed since last week and the next step I recommend for the team."
)
"""Every final answer and written paragraph (the same length on both sides)."""


@dataclass(frozen=True)
class ModelCall:
    """One call the model answered."""

    role: Role
    message_chars: int
    tool_schema_chars: int
    seconds: float

    @property
    def input_tokens(self) -> float:
        """Input tokens estimated as (message + tool schema characters) / 4."""
        return (self.message_chars + self.tool_schema_chars) / 4


class PolicyChatModel(BaseChatModel):
    """Zero-latency scripted model; set ``needed`` to the request's departments first."""

    needed: list[str] = Field(default_factory=list)
    calls: list[ModelCall] = Field(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "bench-policy"

    def bind_tools(
        self,
        tools: Sequence[dict[str, Any] | type | Callable[..., Any] | BaseTool],
        *,
        tool_choice: Any = None,
        parallel_tool_calls: bool | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, AIMessage]:
        """Bind the tools' OpenAI schemas, so each call sees (and is charged for) them."""
        return self.bind(tools=[convert_to_openai_tool(t) for t in tools], **kwargs)

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: Any = None,
        **kwargs: Any,
    ) -> ChatResult:
        start = perf_counter()
        tools: list[dict[str, Any]] = kwargs.get("tools") or []
        names = [t["function"]["name"] for t in tools]
        role, reply = self._decide(messages, names)
        self.calls.append(
            ModelCall(role, message_chars(messages), len(json.dumps(tools)), perf_counter() - start)
        )
        return ChatResult(generations=[ChatGeneration(message=reply)])

    def _decide(self, messages: list[BaseMessage], names: list[str]) -> tuple[Role, AIMessage]:
        if ROUTE_TOOL in names:
            args = {"agents": list(self.needed), "reason": "The request names this work."}
            return "route", _call(ROUTE_TOOL, args)
        if any(n.startswith(HANDOFF_PREFIX) for n in names):
            return "supervisor", self._supervise(messages)
        if names:
            return "agent", _act(messages, names)
        return "writer", AIMessage(ANSWER)

    def _supervise(self, messages: list[BaseMessage]) -> AIMessage:
        handed = {
            call["name"]
            for m in messages
            if isinstance(m, AIMessage)
            for call in m.tool_calls
            if call["name"].startswith(HANDOFF_PREFIX)
        }
        for department in self.needed:
            if HANDOFF_PREFIX + department not in handed:
                return _call(HANDOFF_PREFIX + department, {})
        return AIMessage(ANSWER)


_ids = count(1)


def _call(name: str, args: dict[str, Any]) -> AIMessage:
    return AIMessage("", tool_calls=[{"name": name, "args": args, "id": f"call_{next(_ids)}"}])


def _act(messages: list[BaseMessage], names: list[str]) -> AIMessage:
    """A department agent: its tool once since the task arrived, then the answer."""
    tool = next((t for t, _ in AGENT_TOOL.values() if t in names), None)
    if tool is None:
        return AIMessage(ANSWER)
    start = 0
    for i, m in enumerate(messages):
        if isinstance(m, HumanMessage) or (
            isinstance(m, ToolMessage) and (m.name or "").startswith(HANDOFF_PREFIX)
        ):
            start = i
    if any(isinstance(m, ToolMessage) and m.name == tool for m in messages[start:]):
        return AIMessage(ANSWER)
    args = next(a for t, a in AGENT_TOOL.values() if t == tool)
    return _call(tool, dict(args))


def message_chars(messages: Sequence[BaseMessage]) -> int:
    """Characters of the messages' text plus any tool calls they carry."""
    total = 0
    for m in messages:
        total += len(m.text)
        if isinstance(m, AIMessage) and m.tool_calls:
            total += len(json.dumps([{"name": c["name"], "args": c["args"]} for c in m.tool_calls]))
    return total

"""Read an agent conversation: the current request and the tool calls made for it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage

from adapters.offline.answers import CallOutcome
from adapters.offline.request import is_error, parse_result, request_text
from domain.reply_language import requested_language


@dataclass
class Turn:
    """The last human request and what happened since."""

    request: str | None
    calls: list[CallOutcome] = field(default_factory=list)
    unanswered: list[str] = field(default_factory=list)
    language: str | None = None
    """The reply language the task names ("Reply in Spanish."), if it names one."""

    @property
    def executed(self) -> list[str]:
        """Names of the tools called for this request, in order."""
        return [call.tool for call in self.calls] + self.unanswered

    @property
    def results(self) -> list[tuple[str, Any]]:
        """Successful results by tool name, in order."""
        return [(c.tool, c.result) for c in self.calls if not c.failed]

    @property
    def failed(self) -> bool:
        """Whether a call for this request failed."""
        return any(c.failed for c in self.calls)


def read_turn(messages: Sequence[BaseMessage]) -> Turn:
    """The request (last human message) and the calls answered by tool messages after it."""
    start = next(
        (i for i in range(len(messages) - 1, -1, -1) if isinstance(messages[i], HumanMessage)), None
    )
    if start is None:
        return Turn(None)
    answers = {m.tool_call_id: m for m in messages[start + 1 :] if isinstance(m, ToolMessage)}
    turn = Turn(
        request_text(messages[start].text), language=requested_language(messages[start].text)
    )
    for message in messages[start + 1 :]:
        if not isinstance(message, AIMessage):
            continue
        for call in message.tool_calls:
            reply = answers.get(call.get("id") or "")
            if reply is None:
                turn.unanswered.append(call["name"])
                continue
            result = parse_result(reply.content)
            failed = is_error(result, getattr(reply, "status", None))
            turn.calls.append(
                CallOutcome(call["name"], dict(call.get("args") or {}), result, failed)
            )
    return turn


def message_chars(messages: Sequence[BaseMessage]) -> int:
    """Characters of text and tool calls in ``messages`` (for the token estimate)."""
    total = 0
    for message in messages:
        total += len(message.text)
        if isinstance(message, AIMessage):
            total += sum(len(str(c.get("args"))) + len(c["name"]) for c in message.tool_calls)
    return total

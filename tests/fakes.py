"""Scripted chat models for tests, in the style of langgraph's own test suite."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage
from langchain_core.runnables import Runnable


class ScriptedChatModel(GenericFakeChatModel):
    """Replies with the given messages in order and records every prompt it was sent."""

    prompts: list[Any] = []  # noqa: RUF012 - pydantic field, copied per instance

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> Runnable[Any, Any]:
        return self

    def _generate(self, messages: list[Any], *args: Any, **kwargs: Any) -> Any:
        self.prompts.append(list(messages))
        return super()._generate(messages, *args, **kwargs)


def scripted(replies: Iterable[AIMessage | str]) -> ScriptedChatModel:
    """A scripted model; strings become plain AI messages."""
    messages = [r if isinstance(r, AIMessage) else AIMessage(r) for r in replies]
    return ScriptedChatModel(messages=iter(messages), prompts=[])


def tool_call(name: str, args: dict[str, Any], call_id: str) -> AIMessage:
    """An AI message that calls one tool."""
    return AIMessage("", tool_calls=[{"name": name, "args": args, "id": call_id}])

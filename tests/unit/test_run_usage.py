"""A run's usage handler counts model tokens without sending callbacks to the thread pool."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypedDict

from langchain_core.callbacks import BaseCallbackHandler, UsageMetadataCallbackHandler
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage
from langgraph.graph import END, START, StateGraph

from adapters.run_usage import RunUsageHandler


class _CountingPool(ThreadPoolExecutor):
    submitted = 0

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        type(self).submitted += 1
        return super().submit(fn, *args, **kwargs)


class _State(TypedDict):
    answer: str


def _graph() -> Any:
    reply = AIMessage(
        "done",
        usage_metadata={"input_tokens": 7, "output_tokens": 3, "total_tokens": 10},
        response_metadata={"model_name": "fake"},
    )
    model = GenericFakeChatModel(messages=iter([reply, reply]))

    async def ask(state: _State) -> _State:
        answer = await model.ainvoke("hello")
        return {"answer": str(answer.content)}

    async def tidy(state: _State) -> _State:
        return {"answer": state["answer"].upper()}

    builder = StateGraph(_State)
    builder.add_node("ask", ask)
    builder.add_node("tidy", tidy)
    builder.add_edge(START, "ask")
    builder.add_edge("ask", "tidy")
    builder.add_edge("tidy", END)
    return builder.compile()


async def _hops_and_usage(handler: BaseCallbackHandler) -> tuple[int, Any]:
    loop = asyncio.get_running_loop()
    pool = _CountingPool(max_workers=2)
    loop.set_default_executor(pool)
    _CountingPool.submitted = 0
    async for _ in _graph().astream({"answer": ""}, {"callbacks": [handler]}):
        pass
    return _CountingPool.submitted, getattr(handler, "usage_metadata", None)


async def test_the_run_usage_handler_counts_tokens_without_the_stock_handlers_hops() -> None:
    """LangChain's own handler sends each node's start and end to the thread pool (the
    graph's run, its two nodes: at least six hops more than the model's own)."""
    hops, usage = await _hops_and_usage(RunUsageHandler())
    stock_hops, stock_usage = await _hops_and_usage(UsageMetadataCallbackHandler())
    assert usage == stock_usage
    assert usage["fake"]["total_tokens"] == 10
    assert stock_hops - hops >= 6, (hops, stock_hops)

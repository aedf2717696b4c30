"""Which budget handler works where: the synchronous one off an event loop, the async one
on it, and no handler work per streamed token on an async call."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from langchain_core.messages import HumanMessage

from adapters.budget_guard import AsyncModelBudgetHandler, BudgetGuard, ModelBudgetHandler
from adapters.offline import OfflineChatModel


def _watched() -> tuple[OfflineChatModel, ModelBudgetHandler, AsyncModelBudgetHandler]:
    model = OfflineChatModel(today=date(2026, 9, 1))
    BudgetGuard(sessions=None).watch(model, "offline")  # type: ignore[arg-type]
    handlers = list(model.callbacks or [])  # type: ignore[arg-type]
    sync = next(h for h in handlers if isinstance(h, ModelBudgetHandler))
    on_loop = next(h for h in handlers if isinstance(h, AsyncModelBudgetHandler))
    return model, sync, on_loop


def _record(handler: ModelBudgetHandler, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    for name in ("on_chat_model_start", "on_llm_new_token", "on_llm_end"):

        def record(*args: Any, _name: str = name, **kwargs: Any) -> None:
            seen.append(f"{_name}@{threading.get_ident()}")

        monkeypatch.setattr(handler, name, record)
    return seen


def test_watch_attaches_both_once() -> None:
    model, _, _ = _watched()
    BudgetGuard(sessions=None).watch(model, "offline")  # type: ignore[arg-type]
    kinds = [type(h).__name__ for h in model.callbacks or []]  # type: ignore[union-attr]
    assert sorted(kinds) == ["AsyncModelBudgetHandler", "ModelBudgetHandler"]


def test_off_a_loop_the_sync_handler_sees_every_event(monkeypatch: pytest.MonkeyPatch) -> None:
    model, sync, on_loop = _watched()
    seen = _record(sync, monkeypatch)
    assert not sync.ignore_llm and on_loop.ignore_llm and on_loop.ignore_chat_model
    chunks = list(model.stream([HumanMessage("hello")]))
    names = [s.split("@")[0] for s in seen]
    assert names.count("on_llm_new_token") == len(chunks)
    assert names[0] == "on_chat_model_start" and names[-1] == "on_llm_end"


async def test_on_a_loop_tokens_cost_no_handler_work(monkeypatch: pytest.MonkeyPatch) -> None:
    model, sync, on_loop = _watched()
    seen = _record(sync, monkeypatch)
    assert sync.ignore_llm and sync.ignore_chat_model and not on_loop.ignore_llm
    chunks = [c async for c in model.astream([HumanMessage("hello")])]
    assert len(chunks) > 10
    names = [s.split("@")[0] for s in seen]
    # start and end reach the accounting (in a worker thread); tokens never do
    assert names == ["on_chat_model_start", "on_llm_end"]
    assert all(int(s.split("@")[1]) != threading.get_ident() for s in seen)

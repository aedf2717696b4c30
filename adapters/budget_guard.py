"""Budgets at the model seam: every call of every chat model the services hand out.

``BudgetGuard.watch`` attaches a callback handler to a chat model (the configured one,
the fallback, or a test's scripted one). Callbacks fire for ``invoke``, ``stream``,
``bind_tools`` and ``with_structured_output`` alike, so agents, playbook writing,
synthesis and the routing fallback are all covered without each knowing about budgets.

- ``on_chat_model_start`` runs before the provider is called: when the tenant or the
  agent has a limit, it counts the call (and the agent's run, on a department task's
  first call) and raises ``BudgetExceededError`` when a budget is spent. The handler has
  ``raise_error``, so the model is never called.
- ``on_llm_end`` adds the reply's ``usage_metadata`` tokens and their configured price
  (and the call's count, when nothing was limited: one write per call instead of two).
  A reply that reports no usage is charged an estimate (characters / 4), never 0.

Calls are attributed from the LangGraph run they happen in: the tenant from the run's
``Context``, the agent from the first segment of the checkpoint namespace (a department
subgraph, else the supervisor). A call outside any graph run (``switchboard route``, the
evals) has no tenant and is not budgeted.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from langchain_core.callbacks import (
    AsyncCallbackHandler,
    BaseCallbackHandler,
    BaseCallbackManager,
)
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage
from langchain_core.outputs import LLMResult
from langgraph.config import get_config
from langgraph.runtime import get_runtime
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from adapters.serving_loop import on_a_loop_thread
from domain.budgets import admit_model_call, cost_micro_usd, is_limited, record_model_usage
from domain.db import transaction
from domain.models import Department
from switchboard.settings import ModelPrice

log = logging.getLogger("switchboard.budgets")

DEPARTMENTS = frozenset(d.value for d in Department)
SEEN_TASKS = 10_000
"""How many department tasks are remembered to count each agent run once."""


@dataclass(frozen=True)
class Attribution:
    """Whose budget a call is charged to."""

    tenant_id: str
    agent: str
    thread_id: str | None
    task: str | None
    """The department task (thread + namespace head); its first call counts an agent run."""


def current_attribution() -> Attribution | None:
    """The tenant and agent of the graph run this call happens in, or None outside one."""
    try:
        config = get_config()
    except RuntimeError:
        return None
    configurable: Mapping[str, Any] = config.get("configurable") or {}
    runtime = get_runtime()
    tenant_id = getattr(getattr(runtime, "context", None), "tenant_id", None)
    if not tenant_id:
        return None
    thread_id = configurable.get("thread_id")
    head = str(configurable.get("checkpoint_ns") or "").split("|", 1)[0]
    node = head.split(":", 1)[0]
    if node in DEPARTMENTS:
        return Attribution(str(tenant_id), node, thread_id, f"{thread_id}|{head}")
    return Attribution(str(tenant_id), "supervisor", thread_id, None)


@dataclass(frozen=True)
class _OpenCall:
    who: Attribution
    counted: bool
    """Whether ``admit_model_call`` already counted it (a limit was set)."""
    new_run: bool
    prompt_chars: int


class BudgetGuard:
    """The budget state shared by every model of one ``Services``."""

    def __init__(
        self, sessions: sessionmaker[Session], prices: Mapping[str, ModelPrice] | None = None
    ) -> None:
        self.sessions = sessions
        self.prices = dict(prices or {})
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def watch(self, model: BaseChatModel, name: str) -> BaseChatModel:
        """Attach the guard to ``model`` (priced as ``name``); the same model, in place."""
        handler = ModelBudgetHandler(self, name)
        handlers: list[BaseCallbackHandler] = [handler, AsyncModelBudgetHandler(handler)]
        ours = (ModelBudgetHandler, AsyncModelBudgetHandler)
        callbacks = model.callbacks
        if isinstance(callbacks, BaseCallbackManager):
            manager = callbacks.copy()
            for old in [h for h in manager.handlers if isinstance(h, ours)]:
                manager.remove_handler(old)
            for new in handlers:
                manager.add_handler(new, inherit=False)
            model.callbacks = manager
        else:
            kept = [h for h in callbacks or [] if not isinstance(h, ours)]
            model.callbacks = [*kept, *handlers]
        return model

    def price_of(self, name: str) -> ModelPrice:
        """The configured price of a model (``provider:model`` or bare name), else free."""
        bare = name.split(":", 1)[-1]
        return self.prices.get(name) or self.prices.get(bare) or ModelPrice()

    def first_call_of(self, task: str | None) -> bool:
        """True the first time a department task calls a model (that is one agent run)."""
        if task is None:
            return False
        with self._lock:
            if task in self._seen:
                return False
            self._seen[task] = None
            if len(self._seen) > SEEN_TASKS:
                self._seen.popitem(last=False)
            return True


class ModelBudgetHandler(BaseCallbackHandler):
    """Counts and refuses calls before the model runs; charges tokens after.

    This one serves calls whose callbacks are dispatched synchronously (``invoke`` in a
    worker thread or the CLI); on an event loop's thread it ignores every event and
    ``AsyncModelBudgetHandler`` does the same work there. A synchronous handler called
    from an async call would otherwise be run in an executor thread for each event,
    every streamed token included: a thread hop per token for nothing.
    """

    raise_error = True
    """A spent budget must stop the call, not be logged and ignored."""
    run_inline = True
    """Skipped inline on an event loop (see the ``ignore_*`` properties), not in a task."""

    @property
    def ignore_llm(self) -> bool:
        return on_a_loop_thread()

    @property
    def ignore_chat_model(self) -> bool:
        return on_a_loop_thread()

    def __init__(self, guard: BudgetGuard, model_name: str) -> None:
        self.guard = guard
        self.model_name = model_name
        self._open: dict[UUID, _OpenCall] = {}

    def on_chat_model_start(
        self,
        serialized: dict[str, Any],
        messages: list[list[BaseMessage]],
        *,
        run_id: UUID,
        **kwargs: Any,
    ) -> None:
        who = current_attribution()
        if who is None:
            return
        new_run = self.guard.first_call_of(who.task)
        with transaction(self.guard.sessions) as session:
            limited = is_limited(session, who.tenant_id, who.agent)
        if limited:  # count and check now; otherwise the count rides with the tokens
            with transaction(self.guard.sessions) as session:
                admit_model_call(
                    session,
                    who.tenant_id,
                    who.agent,
                    new_agent_run=new_run,
                    thread_id=who.thread_id,
                )
        prompt_chars = sum(len(m.text) for batch in messages for m in batch)
        self._open[run_id] = _OpenCall(who, limited, new_run, prompt_chars)

    def on_llm_end(self, response: LLMResult, *, run_id: UUID, **kwargs: Any) -> None:
        call = self._open.pop(run_id, None)
        if call is None:
            return
        who = call.who
        tokens_in, tokens_out = usage_of(response)
        if tokens_in == tokens_out == 0:  # no usage reported (some providers when streaming)
            tokens_in, tokens_out = estimated_usage(call.prompt_chars, response)
        price = self.guard.price_of(self.model_name)
        cost = cost_micro_usd(
            tokens_in, tokens_out, Decimal(price.input_per_million), price.output_per_million
        )
        try:
            with transaction(self.guard.sessions) as session:
                record_model_usage(
                    session,
                    who.tenant_id,
                    who.agent,
                    input_tokens=tokens_in,
                    output_tokens=tokens_out,
                    cost_micro_usd=cost,
                    llm_calls=0 if call.counted else 1,
                    agent_runs=1 if call.new_run and not call.counted else 0,
                    thread_id=who.thread_id,
                )
        except IntegrityError:  # no such tenant: the run fails on its own; nothing to charge
            log.warning("model usage not recorded: tenant %r does not exist", who.tenant_id)

    def on_llm_error(self, error: BaseException, *, run_id: UUID, **kwargs: Any) -> None:
        self._open.pop(run_id, None)


class AsyncModelBudgetHandler(AsyncCallbackHandler):
    """``ModelBudgetHandler``'s work for calls whose callbacks are awaited on a loop.

    The database work runs in a worker thread (with the call's context, so the run's
    tenant and agent are found) and is awaited before the model runs, so a spent
    budget still stops the call. Streamed tokens cost nothing: ``on_llm_new_token`` is
    a plain no-op called inline. Off an event loop it ignores every event.
    """

    raise_error = True
    run_inline = True

    def __init__(self, handler: ModelBudgetHandler) -> None:
        self.handler = handler

    @property
    def ignore_llm(self) -> bool:
        return not on_a_loop_thread()

    @property
    def ignore_chat_model(self) -> bool:
        return not on_a_loop_thread()

    @property
    def ignore_retry(self) -> bool:
        return not on_a_loop_thread()

    @property
    def ignore_custom_event(self) -> bool:
        return not on_a_loop_thread()

    async def on_chat_model_start(
        self,
        serialized: dict[str, Any],
        messages: list[list[BaseMessage]],
        *,
        run_id: UUID,
        **kwargs: Any,
    ) -> None:
        await asyncio.to_thread(
            self.handler.on_chat_model_start, serialized, messages, run_id=run_id, **kwargs
        )

    def on_llm_new_token(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        return None

    async def on_llm_end(self, response: LLMResult, *, run_id: UUID, **kwargs: Any) -> None:
        await asyncio.to_thread(self.handler.on_llm_end, response, run_id=run_id, **kwargs)

    async def on_llm_error(self, error: BaseException, *, run_id: UUID, **kwargs: Any) -> None:
        self.handler.on_llm_error(error, run_id=run_id, **kwargs)


def usage_of(response: LLMResult) -> tuple[int, int]:
    """Input and output tokens a reply reports (``usage_metadata``), summed over generations."""
    tokens_in = tokens_out = 0
    for generations in response.generations:
        for generation in generations:
            usage = getattr(getattr(generation, "message", None), "usage_metadata", None) or {}
            tokens_in += int(usage.get("input_tokens", 0) or 0)
            tokens_out += int(usage.get("output_tokens", 0) or 0)
    return tokens_in, tokens_out


CHARS_PER_TOKEN = 4
"""The usual rough ratio for English text, used only when a reply reports no usage."""


def estimated_usage(prompt_chars: int, response: LLMResult) -> tuple[int, int]:
    """Input and output tokens estimated from text length (a call is never free)."""
    reply_chars = sum(
        len(getattr(generation, "text", "") or "")
        for batch in response.generations
        for generation in batch
    )
    return (
        -(-prompt_chars // CHARS_PER_TOKEN),
        -(-reply_chars // CHARS_PER_TOKEN),
    )

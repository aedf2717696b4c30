"""A chat model with a fixed latency per call, for the serving benchmarks.

It answers exactly like the offline model (same plans, same streamed words) but every
call first waits ``latency`` seconds, as a remote model would before its first token.
It counts its calls, so a benchmark can subtract the time spent "in the model".
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

from langchain_core.callbacks import AsyncCallbackManagerForLLMRun, CallbackManagerForLLMRun
from langchain_core.messages import BaseMessage
from langchain_core.outputs import ChatGenerationChunk, ChatResult
from pydantic import PrivateAttr

from adapters.offline import OfflineChatModel
from adapters.services import Services, build_services
from switchboard.settings import Settings


class LatencyChatModel(OfflineChatModel):
    """The offline model, waiting ``latency`` seconds at the start of every call."""

    latency: float = 0.0
    _calls: int = PrivateAttr(default=0)
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    @property
    def calls(self) -> int:
        """Calls made so far."""
        return self._calls

    def _count(self) -> None:
        with self._lock:
            self._calls += 1

    def _wait(self) -> None:
        self._count()
        if self.latency:
            time.sleep(self.latency)

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        self._wait()
        return super()._generate(messages, stop, run_manager, **kwargs)

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        self._wait()
        yield from super()._stream(messages, stop, run_manager, **kwargs)

    async def _astream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[ChatGenerationChunk]:
        self._count()
        if self.latency:
            await asyncio.sleep(self.latency)
        async for chunk in super()._astream(messages, stop, run_manager, **kwargs):
            yield chunk


def latency_services(settings: Settings, latency: float) -> Services:
    """Services whose chat model is the offline model behind a fixed latency."""
    services = build_services(settings)
    offline = services.model
    assert isinstance(offline, OfflineChatModel)
    services.model = LatencyChatModel(
        resolver=offline.resolver,
        default_tenant=offline.default_tenant,
        today=offline.today,
        latency=latency,
    )
    return services

"""A run's token usage, counted where the model reports it, with no thread hop.

LangChain hands each callback of a handler that is not ``run_inline`` to the event
loop's default thread pool when a graph runs on a loop, and the graph reports every
node's start and end to every handler in the run's config. LangChain's own
``UsageMetadataCallbackHandler`` is neither inline nor selective, so each run sent 38
no-op ``on_chain_start``/``on_chain_end`` calls through the thread pool; under 50
clients that was 10% of a queue worker's CPU (py-spy, GIL-holding thread), spent in
``ThreadPoolExecutor.submit`` and the hops it starts.
"""

from __future__ import annotations

from langchain_core.callbacks import UsageMetadataCallbackHandler


class RunUsageHandler(UsageMetadataCallbackHandler):
    """``UsageMetadataCallbackHandler`` that only hears model ends, on the caller's thread.

    Safe inline: ``on_llm_end`` adds to a dict under a lock held for microseconds.
    """

    run_inline = True

    @property
    def ignore_chain(self) -> bool:
        return True

    @property
    def ignore_agent(self) -> bool:
        return True

    @property
    def ignore_retriever(self) -> bool:
        return True

    @property
    def ignore_retry(self) -> bool:
        return True

    @property
    def ignore_chat_model(self) -> bool:
        """``on_chat_model_start`` is not counted (usage comes with the model's end)."""
        return True

    @property
    def ignore_custom_event(self) -> bool:
        return True

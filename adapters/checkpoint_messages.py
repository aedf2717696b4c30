"""The supervisor's messages as a checkpointer stores them: whole, or as deltas.

Since ``messages`` became a ``DeltaChannel`` (``graphs.state``), most checkpoints do not
hold the list: a checkpoint's ``channel_values`` has it only at a snapshot, and
otherwise the list is rebuilt from the writes of the checkpoint's ancestors since the
nearest stored value. Code that reads checkpoints without the graph (retention, a
privacy export) rebuilds it here, through the channel itself so the result is the one
the graph would see.
"""

from __future__ import annotations

from typing import Any

from langchain_core.messages import AnyMessage
from langgraph.channels.delta import DeltaChannel
from langgraph.checkpoint.base import BaseCheckpointSaver, Checkpoint, CheckpointTuple

from graphs.state import add_message_batch

MESSAGES = "messages"


def stored_messages(saver: BaseCheckpointSaver[Any], saved: CheckpointTuple) -> list[AnyMessage]:
    """The supervisor's messages at ``saved`` (a root-namespace checkpoint of ``saver``)."""
    channel: DeltaChannel[list[AnyMessage]] = DeltaChannel(add_message_batch, list)
    channel.key = MESSAGES
    values = saved.checkpoint.get("channel_values", {})
    if MESSAGES in values:  # a snapshot, or a checkpoint from before DeltaChannel
        return list(channel.from_checkpoint(values[MESSAGES]).get())
    if MESSAGES not in saved.checkpoint.get("channel_versions", {}):
        return []
    history = saver.get_delta_channel_history(config=saved.config, channels=[MESSAGES])[MESSAGES]
    rebuilt = channel.from_checkpoint(history.get("seed"))
    rebuilt.replay_writes(history["writes"])
    return list(rebuilt.get())


def with_messages_stored(saver: BaseCheckpointSaver[Any], saved: CheckpointTuple) -> bool:
    """Store ``saved`` again with its whole message list in it, so it needs no ancestor.

    Retention keeps only a thread's latest checkpoint; with deltas, that checkpoint's
    messages live in the writes of the checkpoints retention deletes. The list is saved
    as a new version of the channel, which ``DeltaChannel`` reads as a stored value
    (the form it reads from threads that predate it) and later checkpoints replay
    their writes on. Returns False when there was nothing to do.
    """
    values = saved.checkpoint.get("channel_values", {})
    versions = saved.checkpoint.get("channel_versions", {})
    if MESSAGES in values or MESSAGES not in versions:
        return False
    messages = stored_messages(saver, saved)
    version = saver.get_next_version(versions[MESSAGES], None)
    checkpoint: Checkpoint = {
        **saved.checkpoint,
        "channel_values": {**values, MESSAGES: messages},
        "channel_versions": {**versions, MESSAGES: version},
    }
    metadata: dict[str, Any] = dict(saved.metadata)
    counters = dict(metadata.pop("counters_since_delta_snapshot", None) or {})
    counters.pop(MESSAGES, None)  # the list is stored whole again: replay starts here
    if counters:
        metadata["counters_since_delta_snapshot"] = counters
    configurable = saved.config["configurable"]
    parent = {
        "configurable": {
            "thread_id": configurable["thread_id"],
            "checkpoint_ns": configurable.get("checkpoint_ns", ""),
            "checkpoint_id": (saved.parent_config or {})
            .get("configurable", {})
            .get("checkpoint_id"),
        }
    }
    saver.put(parent, checkpoint, metadata, {MESSAGES: version})  # type: ignore[arg-type]
    return True

"""Request bodies of LangGraph's server API as ``langgraph-sdk`` (Python and JS) sends them.

Fields the SDKs send that this server does not act on are accepted and named in their
descriptions (``context`` and ``config.configurable`` never choose the tenant: the API
key does). Fields that would change what runs, and that it cannot honour (webhooks,
delayed starts, static interrupts), are refused with a sentence rather than ignored.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from server.schemas.common import ID_PATTERN
from server.schemas.request_body import RequestBody

Json = dict[str, Any]
MultitaskStrategy = Literal["reject", "interrupt", "rollback", "enqueue"]
StreamMode = Literal[
    "values",
    "updates",
    "messages",
    "messages-tuple",
    "custom",
    "events",
    "debug",
    "tasks",
    "checkpoints",
]
DecisionType = Literal["approve", "edit", "reject", "respond"]
IGNORED = "Accepted and ignored by this server."


class CommandBody(RequestBody):
    """``Command(resume=...)``: the HITL decisions for the actions waiting for approval."""

    resume: Any = Field(
        default=None,
        description="`{decisions: [{type: approve|edit|reject|respond, ...}]}`, one per "
        "action of the pending interrupt, in order.",
    )
    update: Any = Field(default=None, description="Refused: state updates bypass the policy.")
    goto: Any = Field(default=None, description="Refused: jumps bypass the approval gate.")


class RunCreate(RequestBody):
    """A run on a thread: new input, or a resume of the pending approval."""

    assistant_id: str = Field(max_length=64, description="`switchboard` or its assistant id.")
    input: Json | None = Field(default=None, description="The graph input, e.g. `{messages}`.")
    command: CommandBody | None = None
    stream_mode: StreamMode | list[StreamMode] = Field(default="values")
    stream_subgraphs: bool = False
    stream_resumable: bool = Field(default=False, description=IGNORED)
    multitask_strategy: MultitaskStrategy | None = Field(
        default=None, description="What to do while the thread runs (default: enqueue)."
    )
    if_not_exists: Literal["create", "reject"] = "reject"
    on_disconnect: Literal["cancel", "continue"] = "continue"
    checkpoint_id: str | None = Field(
        default=None, pattern=ID_PATTERN, description="Run from this checkpoint."
    )
    checkpoint: Json | None = Field(default=None, description="`{checkpoint_id}` to run from.")
    config: Json | None = Field(default=None, description=IGNORED)
    context: Json | None = Field(default=None, description=IGNORED + " The key sets the tenant.")
    metadata: Json | None = Field(default=None, description=IGNORED)
    checkpoint_during: bool | None = Field(default=None, description=IGNORED)
    durability: Literal["sync", "async", "exit"] | None = Field(
        default=None, description=IGNORED + " Runs always checkpoint synchronously."
    )
    on_completion: Literal["delete", "keep"] | None = Field(default=None, description=IGNORED)
    feedback_keys: list[str] | None = Field(default=None, description=IGNORED)
    langsmith_tracer: Json | None = Field(default=None, description=IGNORED)
    strict_resume: bool | None = Field(default=None, description=IGNORED)
    interrupt_before: Literal["*"] | list[str] | None = Field(default=None, description="Refused.")
    interrupt_after: Literal["*"] | list[str] | None = Field(default=None, description="Refused.")
    webhook: str | None = Field(default=None, description="Refused: no webhooks here.")
    after_seconds: float | None = Field(default=None, description="Refused unless 0.")

    @model_validator(mode="after")
    def _supported(self) -> RunCreate:
        if self.webhook:
            raise ValueError("webhooks are not supported by this server; poll or stream")
        if self.after_seconds:
            raise ValueError("delayed runs (after_seconds) are not supported by this server")
        if self.interrupt_before or self.interrupt_after:
            raise ValueError(
                "static interrupts (interrupt_before/after) are not supported; the graph "
                "stops for approvals by itself"
            )
        if self.command is not None and (self.command.update or self.command.goto):
            raise ValueError(
                "a command may only resume (command.resume with the decisions); update "
                "and goto would bypass the approval gate"
            )
        if self.command is not None and self.command.resume is None:
            raise ValueError("command.resume is required: the decisions for the pending actions")
        if self.command is not None and self.input is not None:
            raise ValueError("send either input or command, not both")
        return self

    def modes(self) -> list[str]:
        """The stream modes as a list."""
        return [self.stream_mode] if isinstance(self.stream_mode, str) else list(self.stream_mode)

    def from_checkpoint(self) -> str | None:
        """The checkpoint id to run from, if any."""
        if self.checkpoint_id:
            return self.checkpoint_id
        value = (self.checkpoint or {}).get("checkpoint_id")
        return str(value) if value else None


class ThreadCreate(RequestBody):
    """A thread, with an id of the caller's or a new one."""

    thread_id: str | None = Field(default=None, pattern=ID_PATTERN)
    metadata: Json | None = Field(default=None, description=IGNORED)
    if_exists: Literal["raise", "do_nothing"] = "raise"
    ttl: Json | None = Field(default=None, description=IGNORED)
    supersteps: list[Json] | None = Field(default=None, description="Refused.")

    @model_validator(mode="after")
    def _supported(self) -> ThreadCreate:
        if self.supersteps:
            raise ValueError("supersteps are not supported: start a run instead")
        return self


class ThreadSearch(RequestBody):
    """Which threads to list."""

    metadata: Json | None = None
    values: Json | None = Field(default=None, description="Top-level values to match.")
    ids: list[str] | None = Field(default=None, max_length=200)
    status: Literal["idle", "busy", "interrupted", "error"] | None = None
    limit: int = Field(default=10, ge=1, le=200)
    offset: int = Field(default=0, ge=0, le=100_000)
    sort_by: Literal["thread_id", "status", "created_at", "updated_at"] | None = None
    sort_order: Literal["asc", "desc"] | None = None
    select: list[str] | None = Field(default=None, description=IGNORED)
    extract: Json | None = Field(default=None, description=IGNORED)


class HistoryQuery(RequestBody):
    """Which checkpoints to list, newest first."""

    limit: int = Field(default=10, ge=1, le=1000)
    before: str | Json | None = None
    metadata: Json | None = Field(default=None, description="Metadata the checkpoints match.")
    checkpoint: Json | None = Field(default=None, description="`{checkpoint_ns}` to read.")
    select: list[str] | None = Field(default=None, description=IGNORED)

    def before_id(self) -> str | None:
        """The checkpoint id older ones are listed from."""
        if isinstance(self.before, dict):
            value = self.before.get("checkpoint_id")
            return str(value) if value else None
        return self.before


class StateUpdate(RequestBody):
    """New messages for a thread that waits for nothing."""

    values: Json | list[Json] | None = None
    as_node: str | None = Field(default=None, max_length=64)
    checkpoint_id: str | None = Field(default=None, pattern=ID_PATTERN)
    checkpoint: Json | None = None


class CheckpointQuery(RequestBody):
    """A checkpoint to read the state at."""

    checkpoint: Json
    subgraphs: bool = False


class AssistantSearch(RequestBody):
    """Which assistants to list."""

    graph_id: str | None = Field(default=None, max_length=64)
    name: str | None = Field(default=None, max_length=200)
    metadata: Json | None = None
    limit: int = Field(default=10, ge=1, le=1000)
    offset: int = Field(default=0, ge=0, le=100_000)
    sort_by: str | None = Field(default=None, max_length=64)
    sort_order: Literal["asc", "desc"] | None = None
    select: list[str] | None = Field(default=None, description=IGNORED)


CRON_REFUSED = "Refused unless empty: this server cannot honour it on a schedule."


class CronFields(RequestBody):
    """What a cron of the server API carries, mapped onto a ``request`` schedule."""

    input: Json | None = Field(
        default=None,
        description="`{messages: [...]}`; the last user message is what each run asks.",
    )
    timezone: str | None = Field(default=None, max_length=64, description="IANA zone (UTC).")
    enabled: bool | None = Field(default=None, description="False creates it paused.")
    metadata: Json | None = Field(default=None, description=IGNORED)
    config: Json | None = Field(default=None, description=IGNORED)
    context: Json | None = Field(default=None, description=IGNORED + " The key sets the tenant.")
    checkpoint_during: bool | None = Field(default=None, description=IGNORED)
    durability: Literal["sync", "async", "exit"] | None = Field(default=None, description=IGNORED)
    stream_mode: StreamMode | list[StreamMode] | None = Field(default=None, description=IGNORED)
    stream_subgraphs: bool | None = Field(default=None, description=IGNORED)
    stream_resumable: bool | None = Field(default=None, description=IGNORED)
    multitask_strategy: MultitaskStrategy | None = Field(default=None, description=IGNORED)
    on_run_completed: Literal["delete", "keep"] | None = Field(
        default=None, description="Only `keep`: a fired run's thread stays."
    )
    interrupt_before: Literal["*"] | list[str] | None = Field(default=None, description="Refused.")
    interrupt_after: Literal["*"] | list[str] | None = Field(default=None, description="Refused.")
    webhook: str | None = Field(default=None, description="Refused: no webhooks here.")
    end_time: str | None = Field(default=None, max_length=64, description=CRON_REFUSED)
    command: Json | None = Field(default=None, description="Refused: a cron starts new input.")

    @model_validator(mode="after")
    def _supported(self) -> CronFields:
        if self.webhook:
            raise ValueError("webhooks are not supported by this server; read the runs instead")
        if self.interrupt_before or self.interrupt_after:
            raise ValueError(
                "static interrupts (interrupt_before/after) are not supported; the graph "
                "stops for approvals by itself"
            )
        if self.command is not None:
            raise ValueError("a cron cannot send a command; give input with a user message")
        if self.end_time:
            raise ValueError("end_time is not supported; delete the cron when it should stop")
        if self.on_run_completed == "delete":
            raise ValueError("on_run_completed='delete' is not supported; runs keep their thread")
        if self.input is not None:
            request_text(self.input)
        return self


def request_text(value: Json) -> str:
    """The text of the last user message of ``input.messages``.

    Raises:
        ValueError: no messages, or the last message is not a user's text.
    """
    messages = value.get("messages")
    if isinstance(messages, dict):
        messages = [messages]
    if not isinstance(messages, list) or not messages:
        raise ValueError("input needs messages ending with a user message, the request to run")
    last = messages[-1]
    if isinstance(last, str):
        return last
    role = last.get("role", last.get("type")) if isinstance(last, dict) else None
    content = last.get("content") if isinstance(last, dict) else None
    if role not in ("user", "human") or not isinstance(content, str) or not content.strip():
        raise ValueError(
            "the last message of input.messages must be a user message with text content"
        )
    return content


class CronCreate(CronFields):
    """A new cron: the request to run and when."""

    assistant_id: str = Field(max_length=64, description="`switchboard` or its assistant id.")
    schedule: str = Field(max_length=200, description="A cron expression, e.g. `0 9 * * 1-5`.")

    @model_validator(mode="after")
    def _needs_input(self) -> CronCreate:
        if self.input is None:
            raise ValueError("input is required: {messages: [{role: user, content: ...}]}")
        return self


class CronUpdate(CronFields):
    """What to change of a cron; what is not given stays."""

    schedule: str | None = Field(default=None, max_length=200)


class CronSearch(RequestBody):
    """Which crons to list."""

    assistant_id: str | None = Field(default=None, max_length=64)
    thread_id: str | None = Field(default=None, pattern=ID_PATTERN)
    enabled: bool | None = None
    metadata: Json | None = Field(default=None, description=IGNORED)
    limit: int = Field(default=10, ge=1, le=1000)
    offset: int = Field(default=0, ge=0, le=100_000)
    sort_by: (
        Literal[
            "cron_id",
            "assistant_id",
            "thread_id",
            "created_at",
            "updated_at",
            "next_run_date",
            "end_time",
        ]
        | None
    ) = None
    sort_order: Literal["asc", "desc"] | None = None
    select: list[str] | None = Field(default=None, description=IGNORED)


class CronCount(RequestBody):
    """Which crons to count."""

    assistant_id: str | None = Field(default=None, max_length=64)
    thread_id: str | None = Field(default=None, pattern=ID_PATTERN)
    metadata: Json | None = Field(default=None, description=IGNORED)

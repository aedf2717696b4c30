"""The one settings class. Nothing else in Switchboard reads ``os.environ``.

Every setting can be given as an environment variable with the ``SWITCHBOARD_``
prefix (``SWITCHBOARD_DATABASE_URL``) or in a ``.env`` file in the working folder.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Literal

from limits import parse_many
from pydantic import BaseModel, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

KillPoint = Literal[
    "decided",
    "before_execute",
    "after_execute",
    "between_actions",
    "lead_step_read",
    "lead_step_committed",
    "worker_run",
    "worker_record",
]
"""Where a crash test may stop a process: on the way from a decision to its action, or in a
lead pipeline step (read from its stream, not yet done; done and committed, not yet acked),
or in a queue worker that has claimed a run and not yet started its graph, or whose run has
ended and is not yet recorded."""

DEFAULT_DATA_DIR = Path("var")


WORKER_MAX_JOBS_LIMIT = 10
"""Runs one worker may execute at once: each holds a pooled business connection for its
thread's lock and the pool has 15, so more stall every run on the pool's timeout."""


class ModelPrice(BaseModel):
    """What one model costs, in US dollars per million tokens."""

    input_per_million: Decimal = Field(default=Decimal(0), ge=0)
    output_per_million: Decimal = Field(default=Decimal(0), ge=0)


class Settings(BaseSettings):
    """Runtime configuration, embedded defaults first."""

    model_config = SettingsConfigDict(
        env_prefix="SWITCHBOARD_", env_file=".env", extra="ignore", frozen=True
    )

    data_dir: Path = Field(
        default=DEFAULT_DATA_DIR, description="Folder for the embedded SQLite files."
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the business database; SQLite in data_dir when unset. "
        "A postgresql:// URL uses psycopg 3.",
    )
    database_tenant_role: str = Field(
        default="switchboard_app",
        pattern=r"^[a-z_][a-z0-9_]{0,62}$",
        description="Postgres role (NOLOGIN, created by the migrations) that every "
        "tenant-scoped transaction switches to, so row-level security applies; the "
        "connecting role must be a superuser or have BYPASSRLS for cross-tenant work.",
    )
    model_base_url: str | None = Field(
        default=None,
        description="OpenAI-compatible server (vLLM, llama.cpp, LM Studio); a bare model "
        "name then means 'openai:<name>'.",
    )
    model_api_key: SecretStr | None = Field(
        default=None,
        description="API key for the provider (else its own variable, e.g. OPENAI_API_KEY).",
    )
    model_timeout: float = Field(default=60.0, gt=0, description="Seconds per model call.")
    model_max_retries: int = Field(
        default=2, ge=0, le=10, description="Retries of a failed model call (backoff)."
    )
    model_retry_initial_delay: float = Field(
        default=1.0, ge=0, description="Seconds before the first retry; doubles, at most 30."
    )
    fallback_model: str | None = Field(
        default=None,
        description="Model tried when the primary's retries are spent: 'offline' or an "
        "init_chat_model string.",
    )
    agent_model_call_limit: int = Field(
        default=12, ge=1, description="Most model calls one department agent run may make."
    )
    agent_tool_call_limit: int = Field(
        default=20, ge=1, description="Most tool calls one department agent run may make."
    )
    model_prices: dict[str, ModelPrice] = Field(
        default_factory=dict,
        description="Prices per model name as configured (JSON): "
        '{"openai:gpt-4o-mini": {"input_per_million": 0.15, "output_per_million": 0.6}}. '
        "A model without a price costs 0 (the offline model); its tokens still count.",
    )
    budgets_enabled: bool = Field(
        default=True,
        description="Enforce the daily run, model-call, token and cost budgets set with "
        "PATCH /budgets, and keep the usage ledger.",
    )
    rate_limit_enabled: bool = Field(
        default=True, description="Refuse requests over the per-key rate limits with 429."
    )
    rate_limit_runs: str = Field(
        default="30/minute",
        description="Run-starting requests (POST /threads/{id}/runs[/stream], /agui, "
        "/errors/{id}/retry) per API key, in the limits library's notation "
        "('20/minute', '5/second;100/hour').",
    )
    rate_limit_requests: str = Field(
        default="600/minute", description="Every other request per API key (health is free)."
    )
    rate_limit_strategy: Literal["moving-window", "sliding-window-counter"] = Field(
        default="moving-window",
        description="The limits library's strategy: exact moving window, or the cheaper "
        "sliding-window counter.",
    )
    redis_url: str | None = Field(
        default=None,
        description="redis://host:port/db: rate-limit counters shared by every API process, "
        "the lead pipeline's streams (consumer groups) and runs' event logs (resumable "
        "streams); unset keeps them in this process's memory.",
    )
    run_events_retention_seconds: float = Field(
        default=600.0,
        gt=0,
        le=7 * 24 * 3600,
        description="How long a finished run's events stay readable (a client that "
        "reconnects with Last-Event-ID, or joins, gets the rest within this time).",
    )
    run_events_max_events: int = Field(
        default=10_000,
        ge=100,
        le=10_000_000,
        description="Events kept per run's log; the oldest are trimmed first.",
    )
    stream_idle_check_seconds: float = Field(
        default=10.0,
        gt=0,
        le=3600,
        description="A run's stream that waits this long for an event checks that the run "
        "is still going, and ends with an error event if it ended without closing its log.",
    )
    lead_stream_prefix: str = Field(
        default="switchboard:",
        pattern=r"^[A-Za-z0-9:_.-]{0,64}$",
        description="Prefix of the lead pipeline's Redis stream keys ('switchboard:lead.sourced').",
    )
    lead_claim_idle_seconds: float = Field(
        default=30.0,
        gt=0,
        description="A lead event read but not acknowledged for this long (its consumer "
        "died) is claimed by another consumer.",
    )
    lead_max_attempts: int = Field(
        default=3, ge=1, le=20, description="Attempts of a lead step before the error queue."
    )
    lead_retry_seconds: float = Field(
        default=0.5, ge=0, description="Wait before a lead step's second attempt; doubles."
    )
    lead_sweep_seconds: float = Field(
        default=60.0,
        gt=0,
        description="How often a pipeline worker re-publishes leads whose next step is "
        "missing (an event lost between a commit and its publish), and how old they must be.",
    )
    run_queue: Literal["auto", "in_process", "redis"] = Field(
        default="auto",
        description="Where runs started over REST or the LangGraph server API execute: "
        "in_process (an asyncio task in the API process that accepted them), redis (queued "
        "for `switchboard worker` processes through arq; API processes only accept and "
        "stream), auto (redis when redis_url is set).",
    )
    run_queue_name: str = Field(
        default="switchboard:runs",
        pattern=r"^[A-Za-z0-9:_.-]{1,64}$",
        description="The arq queue of runs; also the prefix of the worker heartbeat and "
        "run cancel keys.",
    )
    worker_heartbeat_seconds: float = Field(
        default=15.0,
        gt=0,
        le=600,
        description="A worker renews its heartbeat key every third of this; a worker "
        "silent this long is dead and the sweeper requeues its runs.",
    )
    worker_max_jobs: int = Field(
        default=8,
        ge=1,
        le=WORKER_MAX_JOBS_LIMIT,
        description="Runs one `switchboard worker` executes at once. Each holds a business "
        "database connection for its thread's lock (the pool has 15), so at most 10; "
        "run more workers for more.",
    )
    worker_drain_seconds: int = Field(
        default=60,
        ge=0,
        le=3600,
        description="On SIGTERM a worker takes no new runs and waits this long for its "
        "runs to finish; runs still going are put back on the queue.",
    )
    shutdown_grace_seconds: int = Field(
        default=30,
        ge=0,
        le=3600,
        description="On SIGTERM `switchboard serve` stops the runs it executes (each "
        "recorded cancelled, its stream ended), then waits this long for its other "
        "connections to close before it cuts them.",
    )
    run_max_tries: int = Field(
        default=5,
        ge=1,
        le=50,
        description="Attempts of a queued run (transient errors, dead workers) before it "
        "is recorded as failed.",
    )
    run_retry_seconds: float = Field(
        default=1.0, ge=0, le=300, description="Wait before a run's second attempt; doubles."
    )
    run_timeout_seconds: float = Field(
        default=3600.0, gt=0, description="A queued run taking longer is stopped as failed."
    )
    max_live_runs: int | None = Field(
        default=None,
        ge=1,
        le=1000,
        description="Runs one API process executes at once (without a run queue). Unset: "
        "half the business database's connection pool on Postgres, unbounded on SQLite.",
    )
    run_slot_wait_seconds: float = Field(
        default=5.0,
        ge=0,
        le=300,
        description="How long a run request waits for a free run slot before it is "
        "answered 503 with Retry-After.",
    )
    max_db_requests: int | None = Field(
        default=None,
        ge=1,
        le=1000,
        description="Requests one API process lets work on the business database at once "
        "(the rest wait their turn without holding a thread). Unset: the connections of the "
        "pool that runs leave free; never more than the worker threads less 8.",
    )
    db_admission_wait_seconds: float = Field(
        default=10.0,
        ge=0,
        le=300,
        description="How long a request waits for its turn on the business database before "
        "it is answered 503 with Retry-After.",
    )
    checkpoint_url: str | None = Field(
        default=None,
        description="Where graph checkpoints live: a postgresql:// URL for production, "
        "else a SQLite file in data_dir.",
    )
    checkpoint_pool_size: int = Field(default=10, ge=1, le=200)
    checkpoint_pool_max_idle: float = Field(
        default=300.0, gt=0, description="Seconds an idle pooled connection is kept."
    )
    checkpoint_pool_max_lifetime: float = Field(
        default=1800.0, gt=0, description="Seconds before a pooled connection is replaced."
    )
    host: str = Field(default="127.0.0.1", description="Address `switchboard serve` binds.")
    port: int = Field(default=8000, ge=1, le=65535, description="Port `switchboard serve` uses.")
    max_request_bytes: int = Field(
        default=256 * 1024, ge=1024, description="Largest request body the server accepts."
    )
    cors_origins: list[str] = Field(
        default_factory=list, description="Browser origins allowed to call the API."
    )
    tenant: str = Field(default="demo", description="Tenant the CLI acts for.")
    today: date | None = Field(
        default=None,
        description="Pins the business clock (YYYY-MM-DD). Unset: the tenant's demo "
        "snapshot date, else the real date.",
    )
    model: str = Field(
        default="offline",
        description="Chat model: 'offline' or any init_chat_model string such as "
        "'openai:gpt-4o-mini'.",
    )
    smtp_url: str | None = Field(
        default=None,
        description="SMTP server the outbox relay mails through: smtp://[user:pass@]host[:port]"
        "[?starttls=true] or smtps://... Unset: nothing is mailed (the outbox only records).",
    )
    smtp_from: str = Field(
        default="Switchboard <switchboard@localhost>",
        description="Sender address of mailed actions; the display name is the tenant's.",
    )
    smtp_timeout: float = Field(default=30.0, gt=0, description="Seconds per SMTP operation.")
    public_base_url: str = Field(
        default="http://127.0.0.1:8000",
        description="Where people reach this service; unsubscribe links point here.",
    )
    secret_key: SecretStr | None = Field(
        default=None,
        description="Signs unsubscribe links. Unset: a random key kept in data_dir/secret.key "
        "(set it explicitly when several machines serve one database).",
    )
    web_dir: Path = Field(
        default=Path("web"),
        description="The browser app's folder: its built bundle (dist/) is served at /app/ "
        "and its CopilotKit runtime (server/runtime.mjs) answers /copilotkit.",
    )
    web_enabled: bool = Field(
        default=True,
        description="Serve the browser app and its CopilotKit runtime when the bundle is built.",
    )
    node_binary: str = Field(
        default="node", description="Node.js executable that runs the CopilotKit runtime."
    )
    session_hours: float = Field(
        default=12.0,
        gt=0,
        le=24 * 30,
        description="How long a console sign-in (an HttpOnly cookie made from a key) lasts.",
    )
    relay_interval_seconds: float = Field(
        default=5.0, gt=0, description="How often the outbox relay looks for mail to send."
    )
    relay_lease_seconds: float = Field(
        default=300.0,
        ge=0,
        description="How long a claimed message is left to its relay before another may "
        "send it (a relay that died mid-send).",
    )
    relay_max_attempts: int = Field(
        default=8, ge=1, description="Attempts before a message is marked failed."
    )
    relay_retry_seconds: float = Field(
        default=30.0, ge=0, description="Wait before the first retry; doubles per attempt."
    )
    scheduler_enabled: bool = Field(
        default=True,
        description="The server fires the tenants' crons itself (an in-process scheduler "
        "loop); every process may run one: each period fires once across all of them.",
    )
    scheduler_tick_seconds: float = Field(
        default=1.0,
        gt=0,
        le=3600,
        description="How often the scheduler looks for due crons: a run starts at most "
        "this long (plus the claim) after its due time.",
    )
    scheduler_lease_seconds: float = Field(
        default=300.0,
        ge=1,
        description="A claimed fire whose scheduler died before starting its run is "
        "claimed again after this long (its run is still recorded once).",
    )
    scheduler_workers: int = Field(
        default=4,
        ge=1,
        le=32,
        description="Scheduled runs one process executes at once (the server's loop and "
        "`switchboard scheduler`); further due crons wait for a free slot.",
    )
    test_pause_after_send_seconds: float = Field(
        default=0.0,
        ge=0,
        le=60,
        description="Crash tests only: sleep after the SMTP server accepted a message, "
        "before it is marked delivered.",
    )
    test_pause_after_action_seconds: float = Field(
        default=0.0,
        ge=0,
        le=60,
        description="Crash tests only: sleep after an action commits, before the run's "
        "checkpoint is written, so a test can kill the process in that window.",
    )
    test_pause_at: KillPoint | None = Field(
        default=None,
        description="Crash tests only: pause at this point of the approval path for "
        "test_pause_seconds (after writing 'switchboard: test pause at POINT' to stderr) "
        "so a test can kill -9 the process there. decided: the decision is recorded, the "
        "graph not yet resumed; before_execute: the approval step is checkpointed, no "
        "action has run; after_execute: an action committed, its step not checkpointed; "
        "between_actions: the thread's first decided action may run, later ones wait; "
        "lead_step_read: a lead event was read, its step not done; lead_step_committed: "
        "the step committed, the event not acknowledged; worker_run: a worker claimed a "
        "queued run, its graph has not started; worker_record: a worker's run ended, its end "
        "is not yet recorded.",
    )
    test_pause_seconds: float = Field(
        default=30.0, ge=0, le=120, description="Crash tests only: how long test_pause_at waits."
    )
    recover_on_startup: bool = Field(
        default=True,
        description="The server finishes, at start-up, every thread a dead process left "
        "with decided but unexecuted actions or unfinished steps (see switchboard.recovery).",
    )
    recovery_sweep_interval_seconds: float = Field(
        default=60.0,
        ge=0,
        le=86_400,
        description="The server sweeps again every this many seconds, so an approved action "
        "a dead process left runs even when no request touches its thread (0: only the "
        "start-up sweep). With several servers on one database one sweeps each round "
        "(see switchboard.recovery_sweep).",
    )
    privacy_key: SecretStr | None = Field(
        default=None,
        description="Secret for the keyed hashes of erased people's addresses (suppression "
        "list, `erased:<hmac>` pseudonyms). Unset: derived from the service secret "
        "(SWITCHBOARD_SECRET_KEY or data_dir/secret.key); keep it: changing it forgets "
        "who is suppressed.",
    )
    test_postgres_url: str = Field(
        default="postgresql://postgres@127.0.0.1:5432/postgres",
        description="Postgres server the integration tests use; they create and drop "
        "their own scratch databases on it.",
    )
    test_redis_url: str = Field(
        default="redis://127.0.0.1:6379/15", description="Redis server the integration tests use."
    )
    test_require_services: bool = Field(
        default=False,
        description="Fail, instead of skip, tests whose Postgres or Redis is unreachable "
        "(set by .ci/run).",
    )

    def privacy_key_bytes(self) -> bytes | None:
        """The privacy key as bytes, or None to use the development key."""
        return self.privacy_key.get_secret_value().encode() if self.privacy_key else None

    @field_validator("rate_limit_runs", "rate_limit_requests")
    @classmethod
    def _rate_limit_notation(cls, value: str) -> str:
        try:
            parse_many(value)
        except ValueError:
            raise ValueError(
                f"{value!r} is not a rate limit; write it like '20/minute' or '5/second;100/hour'"
            ) from None
        return value

    def queued_runs(self) -> bool:
        """Runs go through the Redis queue to `switchboard worker` processes."""
        return self.run_queue == "redis" or (self.run_queue == "auto" and bool(self.redis_url))

    @model_validator(mode="after")
    def _queue_needs_redis(self) -> Settings:
        if self.run_queue == "redis" and not self.redis_url:
            raise ValueError("run_queue=redis needs redis_url (SWITCHBOARD_REDIS_URL)")
        return self

    def resolved_database_url(self) -> str:
        """The business database URL, with the embedded SQLite default filled in."""
        if self.database_url:
            return normalise_database_url(self.database_url)
        return f"sqlite:///{(self.data_dir / 'switchboard.db').as_posix()}"


def normalise_database_url(url: str) -> str:
    """Point bare ``postgresql://`` URLs at the psycopg 3 driver SQLAlchemy ships."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()

"""Daily budgets: enforced before every model call, charged after, alerted once.

Domain tests run on SQLite and Postgres; graph tests run the real supervisor with the
offline model or a scripted one; API tests run the real app in process.
"""

from __future__ import annotations

import json
import math
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from langchain_core.messages import AIMessage, AIMessageChunk, HumanMessage
from langchain_core.outputs import ChatGenerationChunk
from langgraph.checkpoint.memory import InMemorySaver
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from adapters.services import build_services
from domain.budgets import (
    BudgetExceededError,
    admit_model_call,
    admit_run,
    record_model_usage,
    set_limits,
    usage_day,
)
from domain.budgets.ledger import increment, usage_of
from domain.db import make_engine, session_factory, transaction
from domain.demo import anchors
from domain.migrate import upgrade
from domain.models import AgentMessage, AuditEvent, Tenant
from domain.scope import Scope
from graphs.context import Context
from graphs.supervisor import compile_supervisor
from switchboard.settings import Settings
from tests.api_helpers import TENANT_A, serve
from tests.fakes import ScriptedChatModel, scripted
from tests.services import scratch_postgres_database

ORDER = anchors.ORDER_BELOW_REFUND_THRESHOLD
LOOKUP = f"Can you look up order {ORDER} for me?"


def _usage(input_tokens: int, output_tokens: int) -> dict[str, int]:
    return {
        "input_tokens": input_tokens,
        "output_tokens": output_tokens,
        "total_tokens": input_tokens + output_tokens,
    }


def _alerts(session: Session) -> list[AuditEvent]:
    return list(
        session.scalars(
            select(AuditEvent)
            .where(AuditEvent.event == "budget_alert", AuditEvent.tenant_id == TENANT_A)
            .order_by(AuditEvent.id)
        )
    )


def test_alert_is_written_once_per_threshold(scope: Scope) -> None:
    session = scope.session
    set_limits(session, TENANT_A, "*", {"max_tokens": 1000})

    record_model_usage(
        session, TENANT_A, "sales", input_tokens=700, output_tokens=100, cost_micro_usd=0
    )
    record_model_usage(
        session, TENANT_A, "sales", input_tokens=50, output_tokens=0, cost_micro_usd=0
    )
    record_model_usage(
        session, TENANT_A, "support", input_tokens=10, output_tokens=0, cost_micro_usd=0
    )

    [alert] = _alerts(session)
    assert (alert.detail["metric"], alert.detail["threshold"], alert.detail["used"]) == (
        "tokens",
        80,
        800,
    )
    assert alert.detail["budget"] == "*"
    messages = session.scalars(
        select(AgentMessage).where(
            AgentMessage.tenant_id == TENANT_A, AgentMessage.to_agent == "user"
        )
    ).all()
    budget_messages = [m for m in messages if m.payload.get("kind") == "budget_alert"]
    assert [(m.message_type, m.payload["threshold"]) for m in budget_messages] == [
        ("notification", 80)
    ]

    record_model_usage(
        session, TENANT_A, "sales", input_tokens=200, output_tokens=0, cost_micro_usd=0
    )
    assert [(a.detail["metric"], a.detail["threshold"]) for a in _alerts(session)] == [
        ("tokens", 80),
        ("tokens", 100),
    ]
    with pytest.raises(BudgetExceededError, match="daily token budget of tenant demo is spent"):
        admit_model_call(session, TENANT_A, "sales")
    assert len(_alerts(session)) == 2  # refusing does not alert again


def test_model_calls_are_refused_past_the_agent_limit(scope: Scope) -> None:
    session = scope.session
    set_limits(session, TENANT_A, "sales", {"max_llm_calls": 2})
    admit_model_call(session, TENANT_A, "sales")
    admit_model_call(session, TENANT_A, "sales")
    with pytest.raises(BudgetExceededError, match="model-call budget of agent sales") as raised:
        admit_model_call(session, TENANT_A, "sales")
    assert raised.value.metric == "llm_calls"
    admit_model_call(session, TENANT_A, "support")  # another agent still works
    today = usage_of(session, TENANT_A, usage_day())
    assert today["sales"].llm_calls >= 2 and today["support"].llm_calls >= 1


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    """A migrated database with one tenant ``t``, committed for real (threads race on it)."""

    def ready(url: str) -> Any:
        engine = make_engine(url)
        upgrade(engine)
        sessions = session_factory(engine)
        with transaction(sessions) as session:
            session.add(Tenant(id="t", name="T"))
        return engine, sessions

    if request.param == "sqlite":
        engine, sessions = ready(f"sqlite:///{tmp_path / 'race.db'}")
        yield sessions
        engine.dispose()
    else:
        with scratch_postgres_database("sb_budget") as url:
            engine, sessions = ready(url)
            yield sessions
            engine.dispose()


def test_concurrent_increments_are_never_lost_and_limits_hold(empty_db: Any) -> None:
    sessions = empty_db
    with transaction(sessions) as session:
        set_limits(session, "t", "sales", {"max_llm_calls": 30})
    admitted: list[int] = []
    refused: list[int] = []

    def work() -> None:
        for _ in range(10):
            with transaction(sessions) as session:
                increment(session, "t", "research", usage_day(), input_tokens=3, output_tokens=1)
            try:
                with transaction(sessions) as session:
                    admit_model_call(session, "t", "sales")
                admitted.append(1)
            except BudgetExceededError:
                refused.append(1)

    threads = [threading.Thread(target=work) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    with transaction(sessions) as session:
        today = usage_of(session, "t", usage_day())
    assert today["research"].input_tokens == 180 and today["research"].output_tokens == 60
    assert (len(admitted), len(refused)) == (30, 30)
    assert today["sales"].llm_calls == 30  # refused calls were rolled back


def test_every_model_call_of_a_run_is_charged_to_its_agent(make_services: Any) -> None:
    from adapters.models import build_chat_model

    services = make_services(None)
    services.model = build_chat_model(services.settings, services)
    graph = compile_supervisor(services, checkpointer=InMemorySaver())

    graph.invoke(
        {"messages": [HumanMessage("Coordinate the event launch")]},
        {"configurable": {"thread_id": "launch"}},
        context=Context(),
    )

    with transaction(services.sessions) as session:
        today = usage_of(session, TENANT_A, usage_day())
    departments = {"analytics", "operations", "support", "sales", "marketing"}
    assert departments <= set(today)
    for name in departments:
        assert today[name].runs == 1, name  # one department task each
        assert today[name].llm_calls >= 1 and today[name].tokens > 0, name
        assert today[name].cost_micro_usd == 0  # the offline model is free
    assert today["supervisor"].llm_calls >= 1  # the synthesis of five reports is charged too
    total = today["*"]
    assert total.llm_calls == sum(u.llm_calls for a, u in today.items() if a != "*")
    assert total.tokens == sum(u.tokens for a, u in today.items() if a != "*")


def test_cost_is_tokens_times_the_configured_price(fresh_demo_url: str, tmp_path: Path) -> None:
    settings = Settings(
        database_url=fresh_demo_url,
        data_dir=tmp_path,
        model="openai:gpt-4o-mini",
        model_prices={"openai:gpt-4o-mini": {"input_per_million": 0.15, "output_per_million": 0.6}},
    )
    model = scripted(
        [
            AIMessage(
                "",
                tool_calls=[{"name": "lookup_ticket", "args": {"order_number": ORDER}, "id": "c1"}],
                usage_metadata=_usage(1000, 200),  # type: ignore[arg-type]
            ),
            AIMessage(f"Order {ORDER} is paid.", usage_metadata=_usage(1333, 7)),  # type: ignore[arg-type]
        ]
    )
    services = build_services(settings, model=model)
    graph = compile_supervisor(services, checkpointer=InMemorySaver())
    graph.invoke(
        {"messages": [HumanMessage(LOOKUP)]},
        {"configurable": {"thread_id": "c"}},
        context=Context(),
    )

    expected = math.ceil(1000 * 0.15 + 200 * 0.6) + math.ceil(1333 * 0.15 + 7 * 0.6)
    with transaction(services.sessions) as session:
        today = usage_of(session, TENANT_A, usage_day())
    assert today["support"].cost_micro_usd == today["*"].cost_micro_usd == expected == 475
    assert today["support"].tokens == 2540


async def test_token_budget_spent_mid_run_ends_it_before_the_next_call(
    fresh_demo_url: str, tmp_path: Path
) -> None:
    model: ScriptedChatModel = scripted(
        [
            AIMessage(
                "",
                tool_calls=[{"name": "lookup_ticket", "args": {"order_number": ORDER}, "id": "c1"}],
                usage_metadata=_usage(600, 100),  # type: ignore[arg-type]
            ),
            "never sent",
        ]
    )
    async with serve(fresh_demo_url, tmp_path / "data", model=lambda _: model) as api:
        patched = await api.a.patch("/budgets", json={"max_tokens": 500})
        assert patched.status_code == 200, patched.text
        assert patched.json()["limits"]["max_tokens"] == 500

        run = await api.run(LOOKUP)

        assert run["status"] == "error"
        assert "daily token budget of tenant demo is spent (700 of 500" in run["error"]
        assert len(model.prompts) == 1  # the second model call never happened
        budgets = (await api.a.get("/budgets")).json()
        [tenant] = [b for b in budgets["items"] if b["agent"] is None]
        assert tenant["used"]["tokens"] == 700 and tenant["used"]["runs"] == 1
        [support] = [b for b in budgets["items"] if b["agent"] == "support"]
        assert support["used"]["llm_calls"] == 1

        thread = await api.new_thread()
        refused = await api.a.post(f"/threads/{thread}/runs", json={"text": LOOKUP})
        assert refused.status_code == 429
        assert "daily token budget of tenant demo is spent" in refused.json()["error"]
        assert int(refused.headers["retry-after"]) > 0


async def test_spent_run_budget_refuses_new_runs_with_429(
    fresh_demo_url: str, tmp_path: Path
) -> None:
    async with serve(fresh_demo_url, tmp_path / "data") as api:
        assert (await api.a.patch("/budgets", json={"max_runs": 1})).status_code == 200
        first = await api.run("Give me the daily insights")
        assert first["status"] == "done"

        thread = await api.new_thread()
        for path in (f"/threads/{thread}/runs", f"/threads/{thread}/runs/stream"):
            refused = await api.a.post(path, json={"text": "daily insights"})
            assert refused.status_code == 429, path
            assert refused.json()["error"].startswith(
                "the daily run budget of tenant demo is spent (1 of 1 used today, UTC)"
            )
        agui = await api.a.post(
            "/agui",
            json={
                "threadId": "agui-budget",
                "runId": "r1",
                "state": {},
                "messages": [{"id": "m1", "role": "user", "content": "daily insights"}],
                "tools": [],
                "context": [],
                "forwardedProps": {},
            },
        )
        assert agui.status_code == 429 and "run budget" in agui.json()["error"]
        # The other tenant's budget is its own.
        other = await api.b.post(
            f"/threads/{await api.new_thread(api.b)}/runs", json={"text": "hi"}
        )
        assert other.status_code == 202

        activity = (await api.a.get("/activity", params={"limit": 200})).json()["items"]
        alerts = [i for i in activity if i["event"] == "budget_alert"]
        assert sorted(a["detail"]["threshold"] for a in alerts) == [80, 100]
        messages = (await api.a.get("/messages", params={"limit": 200})).json()["items"]
        escalations = [m for m in messages if m["payload"].get("kind") == "budget_alert"]
        assert len(escalations) == 2

        assert (await api.a.patch("/budgets", json={"max_runs": None})).status_code == 200
        again = await api.a.post(f"/threads/{thread}/runs", json={"text": "daily insights"})
        assert again.status_code == 202  # raising the limit lets work go on the same day


async def test_budget_updates_are_checked(fresh_demo_url: str, tmp_path: Path) -> None:
    async with serve(fresh_demo_url, tmp_path / "data") as api:
        for body in (
            {"max_tokens": -1},
            {"agent": "janitor", "max_runs": 3},
            {"max_cost_usd": "lots"},
            {"max_tokenz": 3},
        ):
            response = await api.a.patch("/budgets", json=body)
            assert response.status_code == 422, body
            assert response.json()["error"], body
        set_cost = await api.a.patch("/budgets", json={"agent": "sales", "max_cost_usd": 1.25})
        assert set_cost.status_code == 200
        assert set_cost.json() == {
            "agent": "sales",
            "limits": {
                "max_runs": None,
                "max_llm_calls": None,
                "max_tokens": None,
                "max_cost_usd": 1.25,
            },
            "used": {
                "runs": 0,
                "llm_calls": 0,
                "input_tokens": 0,
                "output_tokens": 0,
                "tokens": 0,
                "cost_usd": 0.0,
            },
        }


def test_admit_run_counts_new_runs_only_against_the_tenant(scope: Scope) -> None:
    set_limits(scope.session, TENANT_A, "*", {"max_runs": 2})
    admit_run(scope.session, TENANT_A)
    admit_run(scope.session, TENANT_A)
    with pytest.raises(BudgetExceededError, match="run budget"):
        admit_run(scope.session, TENANT_A)
    count = scope.session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.event == "budget_alert")
    )
    assert count == 2  # 80 % (2 of 2 passes it) and 100 %


def test_cli_run_with_the_run_budget_spent_exits_4_with_the_sentence(
    fresh_demo_url: str, tmp_path: Path
) -> None:
    from tests.process_helpers import cli_env, console_script

    engine = make_engine(fresh_demo_url)
    with transaction(session_factory(engine)) as session:
        set_limits(session, TENANT_A, "*", {"max_runs": 0})
    engine.dispose()
    env = cli_env(fresh_demo_url, tmp_path)
    env.pop("SWITCHBOARD_CHECKPOINT_URL")  # checkpoints in the data folder's SQLite file
    done = subprocess.run(
        [console_script(), "run", "daily insights", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 4, done.stderr
    assert done.stderr.startswith(
        "the daily run budget of tenant demo is spent (0 of 0 used today, UTC)"
    )
    assert done.stdout == ""


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_the_budget_migration_goes_down_and_up(backend: str, tmp_path: Path) -> None:
    import importlib

    from sqlalchemy import inspect

    from domain.migrate import downgrade

    below = importlib.import_module("domain.migrations.versions.0007_budgets").down_revision
    tables = {"budgets", "budget_usage", "budget_alerts"}

    def check(url: str) -> None:
        engine = make_engine(url)
        try:
            upgrade(engine)
            assert tables <= set(inspect(engine).get_table_names())
            downgrade(engine, below)
            assert not tables & set(inspect(engine).get_table_names())
            upgrade(engine)
            assert tables <= set(inspect(engine).get_table_names())
        finally:
            engine.dispose()

    if backend == "sqlite":
        check(f"sqlite:///{tmp_path / 'migrate.db'}")
    else:
        with scratch_postgres_database("sb_budget_mig") as url:
            check(url)


def test_an_agent_run_budget_counts_department_tasks(scope: Scope) -> None:
    session = scope.session
    set_limits(session, TENANT_A, "sales", {"max_runs": 1})
    admit_model_call(session, TENANT_A, "sales", new_agent_run=True)
    admit_model_call(session, TENANT_A, "sales")  # later calls of the same task are free
    with pytest.raises(BudgetExceededError, match="daily run budget of agent sales"):
        admit_model_call(session, TENANT_A, "sales", new_agent_run=True)


def test_the_fallback_model_and_retries_respect_the_budget(make_services: Any) -> None:
    from langchain.agents.middleware import ModelFallbackMiddleware, ModelRetryMiddleware

    from adapters.budget_guard import ModelBudgetHandler
    from adapters.models import agent_middleware

    services = make_services(scripted(["hi"]))
    settings = services.settings.model_copy(update={"fallback_model": "offline"})
    middleware = agent_middleware(settings, services)
    [fallback] = [m for m in middleware if isinstance(m, ModelFallbackMiddleware)]
    [model] = fallback.models
    assert any(isinstance(h, ModelBudgetHandler) for h in model.callbacks or [])
    [retry] = [m for m in middleware if isinstance(m, ModelRetryMiddleware)]
    spent = BudgetExceededError(TENANT_A, "*", "tokens", "10", "10")
    assert retry.retry_on(spent) is False  # type: ignore[operator]
    assert retry.retry_on(TimeoutError("provider")) is True  # type: ignore[operator]


class StreamingScriptedModel(ScriptedChatModel):
    """Streams each scripted reply as one chunk that keeps its usage (as providers do)."""

    def _stream(self, messages: list[Any], *args: Any, **kwargs: Any) -> Iterator[Any]:
        reply = self._generate(messages, *args, **kwargs).generations[0].message
        chunks = [
            {"name": c["name"], "args": json.dumps(c["args"]), "id": c["id"], "index": i}
            for i, c in enumerate(reply.tool_calls)
        ]
        message = AIMessageChunk(
            content=reply.content, tool_call_chunks=chunks, usage_metadata=reply.usage_metadata
        )
        yield ChatGenerationChunk(message=message)


async def test_agui_run_over_budget_ends_with_run_error_and_the_sentence(
    fresh_demo_url: str, tmp_path: Path
) -> None:
    model = StreamingScriptedModel(
        prompts=[],
        messages=iter(
            [
                AIMessage(
                    "",
                    tool_calls=[
                        {"name": "lookup_ticket", "args": {"order_number": ORDER}, "id": "c1"}
                    ],
                    usage_metadata=_usage(600, 100),  # type: ignore[arg-type]
                ),
                AIMessage("never sent"),
            ]
        ),
    )
    async with serve(fresh_demo_url, tmp_path / "data", model=lambda _: model) as api:
        assert (await api.a.patch("/budgets", json={"max_tokens": 500})).status_code == 200
        body = {
            "threadId": "agui-tokens",
            "runId": "agui-run-1",
            "state": {},
            "messages": [{"id": "m1", "role": "user", "content": LOOKUP}],
            "tools": [],
            "context": [],
            "forwardedProps": {},
        }
        response = await api.a.post("/agui", json=body)
        assert response.status_code == 200
        assert '"type":"RUN_ERROR"' in response.text.replace(" ", "")
        assert "daily token budget of tenant demo is spent" in response.text
        assert len(model.prompts) == 1
        run = (await api.a.get("/runs/agui-run-1")).json()
        assert run["status"] == "error"
        assert "daily token budget of tenant demo is spent" in run["error"]


def test_a_reply_without_usage_is_charged_an_estimate(make_services: Any) -> None:
    services = make_services(scripted(["x" * 400]))  # the fake reports no usage
    graph = compile_supervisor(services, checkpointer=InMemorySaver())
    graph.invoke(
        {"messages": [HumanMessage(LOOKUP)]},
        {"configurable": {"thread_id": "e"}},
        context=Context(),
    )
    with transaction(services.sessions) as session:
        support = usage_of(session, TENANT_A, usage_day())["support"]
    assert support.output_tokens == 100  # 400 characters / 4
    assert support.input_tokens > 0

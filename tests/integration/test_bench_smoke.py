"""The supervisor benchmark runs end to end on a tiny subset and shows Switchboard's savings."""

from __future__ import annotations

import re
from typing import Any

import pytest
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage

pytest.importorskip("langgraph_supervisor", reason="needs the dev dependency langgraph-supervisor")

from bench.policy_model import PolicyChatModel
from bench.scenarios import load_scenarios
from bench.supervisor_vs_baselines import main
from tests.bench_results import parse_results

pytestmark = pytest.mark.usefixtures("bench_demo_from_template")  # seeded once per session


def test_a_small_limit_still_covers_every_kind() -> None:
    cases = load_scenarios(5)
    assert [c.kind for c in cases] == ["formal", "casual", "misspelt", "non_english", "multi"]
    assert load_scenarios(5) == cases  # a fixed subset
    assert len(load_scenarios(None)) == 165


def test_benchmark_prints_fewer_llm_calls_for_switchboard(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--limit", "5", "--runs", "3"]) == 0

    out = capsys.readouterr().out
    results = parse_results(out)
    assert set(results) == {
        "llm_calls_per_request",
        "input_tokens_per_request",
        "coordination_calls_per_request",
        "overhead_ms",
    }
    calls = results["llm_calls_per_request"]
    ours, theirs, ratio = calls.ours, calls.base, calls.ratio
    assert ours < theirs
    assert calls.ratio_fits_the_figures(), calls
    assert ratio < 1
    # create_supervisor: a supervisor turn to route plus one to finish, at least.
    assert theirs >= 4
    coordination = results["coordination_calls_per_request"]
    assert coordination.ours < 1  # the local classifier routes; nobody hands back
    assert coordination.base >= 2
    tokens = results["input_tokens_per_request"]
    assert tokens.ours < tokens.base
    assert results["overhead_ms"].ours > 0
    assert results["overhead_ms"].base > 0
    # The per-kind table has one row per kind and the total.
    rows = re.findall(r"^(formal|casual|misspelt|non_english|multi|all)\s+(\d+) \|", out, re.M)
    assert rows == [
        ("formal", "1"),
        ("casual", "1"),
        ("misspelt", "1"),
        ("non_english", "1"),
        ("multi", "1"),
        ("all", "5"),
    ]
    assert "failed request" not in out


def test_policy_model_hands_off_then_answers() -> None:
    """The scripted supervisor visits each needed department once, then answers."""
    model = PolicyChatModel(needed=["sales", "marketing"])
    handoffs: list[Any] = [
        {"name": f"transfer_to_{d}", "description": f"Hand off to {d}.", "parameters": {}}
        for d in ("sales", "marketing")
    ]
    bound = model.bind_tools(handoffs)
    history: list[BaseMessage] = [HumanMessage("Find sponsors and then announce them")]
    first = bound.invoke(history)
    assert isinstance(first, AIMessage)
    assert [c["name"] for c in first.tool_calls] == ["transfer_to_sales"]
    history += [first, ToolMessage("ok", tool_call_id=first.tool_calls[0]["id"])]
    second = bound.invoke(history)
    assert [c["name"] for c in second.tool_calls] == ["transfer_to_marketing"]
    history += [second, ToolMessage("ok", tool_call_id=second.tool_calls[0]["id"])]
    last = bound.invoke(history)
    assert last.tool_calls == []
    assert [c.role for c in model.calls] == ["supervisor"] * 3
    assert model.calls[0].tool_schema_chars > 0

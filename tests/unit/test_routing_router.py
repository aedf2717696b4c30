"""route(): confident routes make no LLM call; unsure ones make exactly one."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage
from langchain_core.runnables import Runnable, RunnableLambda

from nodes.routing import CONFIDENCE_THRESHOLD, RouteChoice, analyse_request, route
from nodes.routing.calibration import HeldOut, choose_threshold, coverage_and_precision
from nodes.routing.fallback import fallback_messages
from nodes.routing.local_answer import request_from_messages, route_choice_responder
from tests.fakes import scripted, tool_call

UNSURE = "the summit needs more attention"
CONFIDENT = "resend the ticket for order ORD-10501"


class StructuredFake(GenericFakeChatModel):
    """A fake whose structured output is a fixed reply (or an error); counts calls."""

    reply: Any = None
    error: Exception | None = None
    calls: list[Any] = []  # noqa: RUF012 - pydantic field, copied per instance

    def with_structured_output(self, schema: Any, **kwargs: Any) -> Runnable[Any, Any]:
        assert schema is RouteChoice

        def answer(messages: Any) -> Any:
            self.calls.append(messages)
            if self.error is not None:
                raise self.error
            return self.reply

        return RunnableLambda(answer)


def fake(reply: Any = None, error: Exception | None = None) -> StructuredFake:
    return StructuredFake(messages=iter([]), reply=reply, error=error, calls=[])


def test_the_test_requests_sit_on_either_side_of_the_threshold() -> None:
    assert analyse_request(UNSURE).confidence < CONFIDENCE_THRESHOLD
    assert analyse_request(CONFIDENT).confidence >= CONFIDENCE_THRESHOLD


def test_a_confident_route_makes_no_llm_call() -> None:
    model = fake(error=AssertionError("must not be called"))
    decision = route(CONFIDENT, model)
    assert decision == {
        "agents": ["support"],
        "confidence": decision["confidence"],
        "method": "classifier",
        "llm_calls": 0,
    }
    assert decision["confidence"] >= CONFIDENCE_THRESHOLD
    assert model.calls == []


def test_an_unsure_route_asks_the_model_once_and_follows_it() -> None:
    model = fake(RouteChoice(agents=["analytics"], reason="revenue projection"))
    decision = route(UNSURE, model)
    assert decision["agents"] == ["analytics"]
    assert decision["method"] == "llm"
    assert decision["llm_calls"] == 1
    assert decision["confidence"] < CONFIDENCE_THRESHOLD
    assert len(model.calls) == 1
    system, human = model.calls[0]
    assert isinstance(system, SystemMessage) and "- research:" in system.text
    assert isinstance(human, HumanMessage) and human.text.endswith(f"Request: {UNSURE}")


def test_llm_departments_the_classifier_found_come_first() -> None:
    [found] = analyse_request(UNSURE).agents
    first, second = [d for d in ("research", "analytics", "operations") if d != found][:2]
    model = fake(RouteChoice(agents=[first, second, found, first], reason="x"))
    assert route(UNSURE, model)["agents"] == [found, first, second]


@pytest.mark.parametrize(
    "model",
    [
        fake(error=RuntimeError("provider down")),
        fake(RouteChoice(agents=[], reason="no idea")),
        fake({"agents": ["finance"], "reason": "not a department"}),
        fake(None),
    ],
    ids=["raises", "empty", "invalid", "nothing"],
)
def test_a_failed_fallback_keeps_the_classifier_answer_and_counts_the_call(
    model: StructuredFake,
) -> None:
    decision = route(UNSURE, model)
    assert decision["agents"] == analyse_request(UNSURE).agents
    assert decision["method"] == "classifier"
    assert decision["llm_calls"] == 1


def test_a_model_without_structured_output_costs_nothing() -> None:
    class NoStructured(GenericFakeChatModel):
        def with_structured_output(self, schema: Any, **kwargs: Any) -> Runnable[Any, Any]:
            raise NotImplementedError

    decision = route(UNSURE, NoStructured(messages=iter([])))
    assert (decision["method"], decision["llm_calls"]) == ("classifier", 0)


def test_a_scripted_tool_calling_model_goes_through_with_structured_output() -> None:
    model = scripted([tool_call("RouteChoice", {"agents": ["analytics"], "reason": "r"}, "c1")])
    decision = route(UNSURE, model)
    assert (decision["agents"], decision["method"], decision["llm_calls"]) == (
        ["analytics"],
        "llm",
        1,
    )
    assert len(model.prompts) == 1


def test_without_a_model_an_unsure_route_keeps_the_classifier_answer() -> None:
    decision = route(UNSURE)
    assert decision["method"] == "classifier"
    assert decision["llm_calls"] == 0
    assert decision["agents"] == analyse_request(UNSURE).agents


def test_the_event_launch_rule_needs_no_model() -> None:
    model = fake(error=AssertionError("must not be called"))
    decision = route("Coordinate the event launch for the summit", model)
    assert decision == {
        "agents": ["analytics", "sales", "marketing", "operations", "support"],
        "confidence": 1.0,
        "method": "rule",
        "llm_calls": 0,
    }


def test_an_empty_request_is_refused() -> None:
    with pytest.raises(ValueError, match="empty"):
        route("   ")


def test_offline_responder_answers_with_the_classifier_reading() -> None:
    messages = fallback_messages(UNSURE, analyse_request(UNSURE))
    assert request_from_messages(messages) == UNSURE
    answer = route_choice_responder(messages, {})
    assert answer["agents"] == analyse_request(UNSURE).agents
    assert answer["reason"].startswith("local router")
    RouteChoice.model_validate(answer)


def test_offline_model_answers_the_fallback_call() -> None:
    offline = pytest.importorskip("adapters.offline")
    model: BaseChatModel = offline.OfflineChatModel()
    decision = route(UNSURE, model)
    assert decision["method"] == "llm"
    assert decision["llm_calls"] == 1
    assert decision["agents"] == analyse_request(UNSURE).agents


def test_threshold_choice_is_the_lowest_reaching_the_target_precision() -> None:
    def held(confidence: float, correct: bool) -> HeldOut:
        return HeldOut("sales", ["sales"] if correct else ["marketing"], confidence)

    routes = [held(0.95, True)] * 8 + [held(0.62, True), held(0.52, False), held(0.4, False)]
    assert coverage_and_precision(routes, 0.6) == (9 / 11, 1.0)
    assert coverage_and_precision(routes, 0.5) == (10 / 11, 0.9)
    assert choose_threshold(routes, target=0.97) == 0.55
    assert choose_threshold(routes, target=0.85) == 0.45
    assert choose_threshold([held(0.99, False)], target=0.97) == 0.9


def test_scripted_messages_are_plain_ai_messages() -> None:
    # Guard for the helper used above: a reply without a tool call is not a RouteChoice.
    model = scripted([AIMessage("analytics")])
    decision = route(UNSURE, model)
    assert (decision["method"], decision["llm_calls"]) == ("classifier", 1)

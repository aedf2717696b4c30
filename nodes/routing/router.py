"""``route(text, model)``: which departments a request needs, cheaply.

1. Seed 000's event launch is a known plan: method "rule", no LLM call.
2. The local classifier reads the request (clauses, departments, confidence). When its
   confidence reaches ``CONFIDENCE_THRESHOLD`` it decides alone: 0 LLM calls.
3. Otherwise, with a model, ONE structured call (``RouteChoice``) decides; if that
   call fails or answers nothing valid, the classifier's answer stands. Without a
   model (the offline CLI, the eval) the classifier's answer stands at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from domain.departments import DepartmentName, RouteDecision
from nodes.routing.plan import Analysis, analyse_request
from nodes.routing.record_name_index import RecordNameIndex

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

CONFIDENCE_THRESHOLD = 0.75
"""Routes at or above this confidence make no LLM call.

Chosen by cross-validation on the training file (``nodes.routing.calibration``): the
lowest threshold at which out-of-fold routes this confident are right 97% of the time.
The classifier is trained on smoothed targets, so its probabilities are softer than
they were (0.85 before, with 62% of requests confident): 66% are confident at 0.75.
"""


def _decision(
    agents: list[DepartmentName],
    analysis: Analysis,
    method: Literal["classifier", "llm", "rule"],
    llm_calls: int,
) -> RouteDecision:
    return RouteDecision(
        agents=agents,
        confidence=round(analysis.confidence, 4),
        method=method,
        llm_calls=llm_calls,
    )


def _in_mention_order(chosen: list[DepartmentName], analysis: Analysis) -> list[DepartmentName]:
    """The model's departments, those the classifier also found first, in its order."""
    known = analysis.agents
    rank = {
        dept: known.index(dept) if dept in known else len(known) + i
        for i, dept in enumerate(chosen)
    }
    return sorted(chosen, key=lambda dept: rank[dept])


def needs_model(analysis: Analysis, threshold: float = CONFIDENCE_THRESHOLD) -> bool:
    """Whether this reading is unsure enough to ask the LLM."""
    return analysis.method != "rule" and analysis.confidence < threshold


def route(
    text: str,
    model: BaseChatModel | None = None,
    threshold: float = CONFIDENCE_THRESHOLD,
    names: RecordNameIndex | None = None,
) -> RouteDecision:
    """Decide which departments handle ``text``.

    Args:
        text: the user's request.
        model: the chat model for the fallback call; None keeps the classifier's answer.
        threshold: confidence at or above which no LLM call is made.
        names: the tenant's record names (``record_name_index.RecordNameIndex``): a vendor's,
            campaign's, attendee's... name read as what it names. None (the CLI, a
            request with no tenant) reads the words only.

    Returns:
        The departments in order of first mention, the classifier's confidence (1.0 for
        the event-launch rule), the method that decided and the LLM calls made.

    Raises:
        ValueError: the request is empty.
    """
    if not text.strip():
        raise ValueError("the request is empty")
    analysis = analyse_request(text, names=names)
    if not needs_model(analysis, threshold) or model is None:
        return _decision(analysis.agents, analysis, analysis.method, 0)
    from nodes.routing.fallback import ask_model  # LangChain only when a model is asked

    chosen, calls = ask_model(model, text, analysis)
    if chosen is None:
        return _decision(analysis.agents, analysis, "classifier", calls)
    return _decision(_in_mention_order(chosen, analysis), analysis, "llm", calls)

"""The one structured LLM call the router makes when the classifier is unsure.

The model is asked for a ``RouteChoice`` through ``with_structured_output``; the
prompt is ``prompts/route_fallback.md``. Any failure (the provider raises, the reply
does not validate, it names no department) returns ``None`` and the router keeps the
classifier's answer. There is never a second call.
"""

from __future__ import annotations

import logging
from string import Template
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, Field, ValidationError

from domain.departments import DepartmentName
from nodes.routing.local_answer import register_route_answer
from nodes.routing.plan import Analysis
from prompts.loader import template_sections

logger = logging.getLogger(__name__)

PROMPT = "route_fallback"
TASK_LINE = "Task: route_request"
"""Ends the system prompt so a model answering from templates can recognise the routing call."""


class RouteChoice(BaseModel):
    """Which departments a request needs, as the fallback LLM answers it."""

    agents: list[DepartmentName] = Field(
        description="Every department the request needs, in the order it mentions them."
    )
    reason: str = Field(description="One sentence: why these departments.")


def guesses_text(analysis: Analysis) -> str:
    """The classifier's reading, for the prompt: "sales 0.41, marketing 0.32, ..."."""
    ranked = sorted(analysis.whole.items(), key=lambda item: item[1], reverse=True)
    return ", ".join(f"{dept} {p:.2f}" for dept, p in ranked[:3])


def fallback_messages(text: str, analysis: Analysis) -> list[SystemMessage | HumanMessage]:
    """The system and human messages of the routing call."""
    sections = template_sections(PROMPT)
    human = Template(sections["human"]).safe_substitute(
        request=text.strip(), guesses=guesses_text(analysis)
    )
    return [SystemMessage(f"{sections['system'].strip()}\n\n{TASK_LINE}"), HumanMessage(human)]


def _as_choice(reply: Any) -> RouteChoice | None:
    if isinstance(reply, RouteChoice):
        return reply
    if isinstance(reply, dict) and "parsed" in reply:  # include_raw style replies
        return _as_choice(reply["parsed"])
    try:
        return RouteChoice.model_validate(reply)
    except ValidationError:
        return None


def ask_model(
    model: BaseChatModel, text: str, analysis: Analysis
) -> tuple[list[DepartmentName] | None, int]:
    """Make the one routing call.

    Args:
        model: any chat model supporting ``with_structured_output``.
        text: the request.
        analysis: the classifier's reading (its guesses go into the prompt).

    Returns:
        The distinct departments in the model's order (None on any failure) and the
        number of LLM calls made (1, or 0 when the model cannot do structured output).
    """
    register_route_answer()  # the answer a model without judgement of its own gives
    try:
        structured = model.with_structured_output(RouteChoice)
    except Exception as exc:  # no structured output on this model: nothing was called
        logger.warning("routing fallback unavailable: %s: %s", type(exc).__name__, exc)
        return None, 0
    try:
        reply = structured.invoke(fallback_messages(text, analysis))
    except Exception as exc:  # any provider error: the classifier's answer stands
        logger.warning("routing fallback failed: %s: %s", type(exc).__name__, exc)
        return None, 1
    choice = _as_choice(reply)
    if choice is None or not choice.agents:
        logger.warning("routing fallback gave no valid departments: %r", reply)
        return None, 1
    return list(dict.fromkeys(choice.agents)), 1

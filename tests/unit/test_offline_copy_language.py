"""The offline model gives ``generate_content`` and ``ab_test`` the language their drafts
are written in: the request's, or the one the task's reply line names; nothing for English."""

from __future__ import annotations

from datetime import date

from adapters.offline.argument_fill import ToolInfo, fill_arguments
from adapters.offline.drafting import draft_language
from adapters.offline.request import Request
from tools.registry import get_tool

TODAY = date(2026, 9, 1)


def _tool(name: str = "generate_content") -> ToolInfo:
    spec = get_tool(name)
    return ToolInfo(spec.name, spec.description, spec.schema())


def test_a_spanish_request_asks_for_spanish_copy() -> None:
    req = Request("Escribe tres publicaciones para LinkedIn sobre los ponentes", None, TODAY)
    filled = fill_arguments(_tool(), req)
    assert filled.args["language"] == "es"
    assert (filled.args["kind"], filled.args["variants"]) == ("social", 3)
    assert "language" not in filled.grounded  # how it is written is no evidence of the tool


def test_french_and_german_requests() -> None:
    french = Request("Rédige un post LinkedIn sur les intervenants, ne publie rien", None, TODAY)
    german = Request("Schreib mir eine E-Mail für die Kampagne, nur als Entwurf", None, TODAY)
    assert fill_arguments(_tool(), french).args["language"] == "fr"
    assert fill_arguments(_tool(), german).args["language"] == "de"


def test_an_english_request_leaves_the_argument_out() -> None:
    req = Request("draft a linkedin post about early-bird tickets, don't post it", None, TODAY)
    assert "language" not in fill_arguments(_tool(), req).args


def test_the_reply_line_wins_over_a_clause_too_short_to_show_its_language() -> None:
    """A planner clause ("LinkedIn post Data Summit") keeps the request's language."""
    clause = Request("LinkedIn post Data Summit", None, TODAY)
    assert draft_language(clause) == "en"
    told = Request("LinkedIn post Data Summit", None, TODAY, reply_language="de")
    assert draft_language(told) == "de"
    assert fill_arguments(_tool(), told).args["language"] == "de"


def test_an_ab_test_asked_in_french_designs_french_variants() -> None:
    text = "Peux-tu préparer un test A/B des objets pour notre campagne, avec trois variantes ?"
    req = Request(text, None, TODAY)
    filled = fill_arguments(_tool("ab_test"), req)
    assert filled.args["language"] == "fr"
    assert "language" not in filled.grounded

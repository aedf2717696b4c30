"""Issue 9: drafts in the request's language, and plain answers when nothing was found
or a conditional action could not be proposed."""

from __future__ import annotations

from datetime import date

from langchain_core.tools import StructuredTool
from langchain_core.utils.function_calling import convert_to_openai_tool

import tools  # noqa: F401  (registers every tool)
from adapters.offline import answers
from adapters.offline.argument_fill import ToolInfo, fill_arguments
from adapters.offline.request import Request
from adapters.offline.withheld_draft import withheld_email_draft
from evals.e2e_checks import detect_language
from tools.registry import ToolSpec, tools_for

TODAY = date(2026, 9, 1)


def _info(spec: ToolSpec) -> ToolInfo:
    tool = StructuredTool.from_function(
        func=lambda **_: {},
        name=spec.name,
        description=spec.description,
        args_schema=spec.args_model,
    )
    return ToolInfo.from_openai(convert_to_openai_tool(tool))


def _sales() -> dict[str, ToolInfo]:
    return {spec.name: _info(spec) for spec in tools_for("sales")}


def _body(text: str) -> str:
    return str(fill_arguments(_sales()["send_email"], Request(text, None, TODAY)).args["body"])


def test_an_email_body_follows_the_request_language() -> None:
    assert _body("Escribe un correo a Marta sobre el paquete Oro y mándalo").startswith("Hola")
    assert _body("Envoie un e-mail à Marc au sujet du package Or, merci").startswith("Bonjour")
    german = _body("Schick bitte eine E-Mail an Jonas über das Gold-Paket")
    assert german.startswith("Hallo,")  # no contact on record: no stray English "there"
    assert "Viele Grüße" in german
    assert _body("email Marta about the Gold package").startswith("Hi there")


def test_a_draft_the_request_says_not_to_send_is_shown_in_its_language() -> None:
    text = "Redacta un correo a marta@example.com sobre el paquete Oro, no lo envíes"
    shown = withheld_email_draft(_sales(), Request(text, None, TODAY), "es")
    assert "borrador, sin enviar" in shown and "Hola" in shown
    assert detect_language(shown) == "es"
    sent = "Manda un correo a marta@example.com sobre el paquete Oro"
    assert withheld_email_draft(_sales(), Request(sent, None, TODAY), "es") == ""


def test_a_search_that_found_nothing_says_so_and_offers_the_next_step() -> None:
    call = answers.CallOutcome("search_knowledge_base", {"query": "perro"}, {"count": 0})
    text = "\n".join(answers.summarise_call(call, "es"))
    assert "No encontré ningún artículo" in text and "persona del equipo" in text
    english = "\n".join(answers.summarise_call(call, "en"))
    assert "could not find" in english and "rephrase" in english
    found = answers.CallOutcome(
        "search_knowledge_base",
        {"query": "parking"},
        {"count": 1, "query": "parking", "results": [{"title": "Parking", "snippet": "400"}]},
    )
    assert "could not find" not in "\n".join(answers.summarise_call(found, "en"))


def test_a_serious_check_with_an_unwritable_action_says_it_was_not_proposed() -> None:
    line = answers.condition_unfilled("send_reminder", ["deliverable_id"], "critical", "de")
    assert "Nicht vorgeschlagen" in line and "kritisch" in line
    assert detect_language(line) == "de"
    english = answers.condition_unfilled("send_reminder", ["deliverable_id"], "high", "en")
    assert "Not proposed" in english and "deliverable" in english


def test_the_withheld_action_is_named_in_the_reply_language() -> None:
    assert "ningún envío" in answers.withheld_note(("send",), "es")
    assert "(Versand)" in answers.withheld_note(("send",), "de")
    assert "did not send" in answers.withheld_note(("send",), "en")


def test_the_topic_of_a_french_or_german_email_is_found() -> None:
    french = _body("Envoie un e-mail à Marc au sujet du package Platinum")
    assert "package Platinum" in french
    assert "„dem Gold-Paket“" in _body("schreib eine Mail an Jonas wegen dem Gold-Paket")

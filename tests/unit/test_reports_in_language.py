"""Operations, analytics and research answers in the request's language (issue 9, pattern 4).

A request in Spanish, French or German got English blocks for these tools, English
result words ("yes", "valid") and, for a clause cut from a longer request, an English
answer because the clause alone was too short to show its language.
"""

from __future__ import annotations

from typing import Any

import pytest

from adapters.offline.answers import CallOutcome, final_answer
from adapters.offline.conversation import read_turn
from domain.language import detect_language
from domain.reply_language import reply_line, requested_language, without_reply_line
from evals.e2e_checks import detect_language as reply_language_of
from nodes.department_steps import task_prompt

VERIFIED = {
    "email": "ana.ruiz@example.org",
    "status": "invalid",
    "contactable": False,
    "known_bounce": True,
    "opted_out": False,
    "reasons": ["a previous message to this address bounced"],
}
STATUS_REPORT: dict[str, Any] = {
    "event": {"id": 1, "name": "Expo"},
    "event_name": "Expo",
    "week_ending": "2026-05-01",
    "overall_severity": "high",
    "issue_counts": {"critical": 0, "high": 2, "medium": 1},
    "issues": [
        {"severity": "high", "summary": "'Signage' is 2 day(s) overdue", "action": "remind"},
        {"severity": "high", "summary": "Budget line Food +12%", "action": "escalate"},
    ],
    "sections": {
        "vendors": {
            "counts": {"confirmed": 1, "pending": 2},
            "vendors": [
                {"name": "Fast Chairs", "status": "pending"},
                {"name": "Good Food", "status": "confirmed"},
                {"name": "Loud Sound", "status": "pending"},
            ],
        }
    },
}


@pytest.mark.parametrize(
    ("language", "words"),
    [("es", ["no válida", "Rebote anterior: sí"]), ("fr", ["invalide", "Rebond antérieur : oui"])],
)
def test_an_email_check_reads_in_the_request_language(language: str, words: list[str]) -> None:
    text = final_answer([CallOutcome("verify_email", {}, VERIFIED)], language=language)
    assert all(word in text for word in words), text
    assert reply_language_of(text) == language


def test_the_status_report_lists_its_issues_and_every_pending_vendor() -> None:
    text = final_answer([CallOutcome("generate_status_report", {}, STATUS_REPORT)])
    assert "Budget line Food +12%" in text
    assert "Vendors: 1 confirmed, 2 pending (Fast Chairs, Loud Sound)." in text
    german = final_answer([CallOutcome("generate_status_report", {}, STATUS_REPORT)], language="de")
    assert "Dienstleister: 1 bestätigt, 2 noch offen (Fast Chairs, Loud Sound)" in german


def test_a_short_clause_of_a_spanish_request_is_told_to_reply_in_spanish() -> None:
    request = "Research Globex, por favor, y luego revisa el presupuesto del evento"
    clause = "Research Globex"
    assert detect_language(clause) == "en"  # too few words on its own
    state: Any = {"request": request, "step": {"task": clause}, "inputs": {}}
    prompt = task_prompt(state)
    assert prompt.endswith("Reply in Spanish.")
    assert requested_language(prompt) == "es"
    assert without_reply_line(prompt).strip() == clause


def test_no_reply_line_when_the_clause_shows_its_language_or_is_english() -> None:
    assert reply_line("Check the budget, please", "Check the budget") == ""
    french = "Vérifie l'adresse de Marie s'il te plaît"
    assert reply_line(french, french) == ""


def test_the_offline_model_reads_the_reply_line_but_not_as_part_of_the_request() -> None:
    from langchain_core.messages import HumanMessage

    turn = read_turn([HumanMessage("Investiga la empresa Globex\nReply in Spanish.")])
    assert turn.request == "Investiga la empresa Globex"
    assert turn.language == "es"


def test_a_french_question_with_y_a_t_il_is_french() -> None:
    assert detect_language("Y a-t-il eu des anomalies dans les annulations ?") == "fr"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Recherche l'entreprise Initech", "fr"),
        ("Prüfe die Adresse", "de"),
        ("Research Initech", "en"),
    ],
)
def test_a_short_command_shows_its_language_by_its_verb(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_the_deliverables_check_lists_every_item_up_to_ten() -> None:
    """Most urgent first; a short list is whole (the ``...and N more`` case is in
    test_offline_list_lines)."""
    items = [
        {
            "title": f"Task {n}",
            "owner_name": "Ana",
            "due_on": f"2026-05-0{n}",
            "state": "overdue",
            "severity": "high",
        }
        for n in range(1, 6)
    ]
    counts = {"overdue": 5, "blocked": 0, "due_soon": 0, "done": 0}
    result = {"event_name": "Expo", "total": 5, "counts": counts, "deliverables": items}
    text = final_answer([CallOutcome("check_deliverables", {}, result)])
    assert "1. Task 1" in text and "5. Task 5" in text
    assert "more" not in text

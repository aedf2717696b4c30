"""Finding sponsors lists them; only a request that also asks to act starts the outreach."""

from __future__ import annotations

import pytest

from domain.departments import RouteDecision
from nodes.planning import build_plan
from nodes.playbooks.finding_only import asks_to_act, keep_playbook


def _sales_playbook(text: str) -> str | None:
    decision = RouteDecision(agents=["sales"], confidence=0.9, method="llm", llm_calls=1)
    return build_plan(text, decision)[0]["playbook"]


@pytest.mark.parametrize(
    "text",
    [
        "find sponsors that fit our audience",
        "could you find sponsors in healthcare for me?",
        "prospect sponsors among fintech companies",
    ],
)
def test_finding_sponsors_runs_no_outreach(text: str) -> None:
    assert _sales_playbook(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "find sponsors and reach out to the best five",
        "run the sponsor outreach for the summit",
        "find sponsors and email them our Gold offer",
    ],
)
def test_finding_and_contacting_keeps_the_outreach(text: str) -> None:
    assert _sales_playbook(text) == "sponsor_outreach"


def test_other_languages_asking_to_act() -> None:
    assert asks_to_act("Busca patrocinadores y contáctalos")
    assert asks_to_act("Trouve des sponsors et écris-leur")
    assert asks_to_act("Finde Sponsoren und schreib ihnen")
    assert not asks_to_act("Finde passende Sponsoren aus dem Bereich Fintech")


def test_playbooks_that_contact_nobody_are_kept() -> None:
    assert keep_playbook("research_brief", "find out about Initech") == "research_brief"


@pytest.mark.parametrize(
    "text",
    [
        "no need to reach out to sponsors, who at Globex handles partnerships?",
        "don't email anyone yet - which contact at Initech should we pitch sponsorship to?",
    ],
)
def test_a_request_that_rules_out_contacting_runs_no_outreach(text: str) -> None:
    assert _sales_playbook(text) is None


def test_naming_the_outreach_keeps_it_even_when_sends_wait() -> None:
    assert _sales_playbook("run the sponsor outreach but don't send anything yet") == (
        "sponsor_outreach"
    )

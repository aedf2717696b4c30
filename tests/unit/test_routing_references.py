"""Issue 9, pattern 3: "them" in a second clause is the company named in the first, and
a playbook starts only from its own clause's words."""

from __future__ import annotations

from domain.departments import RouteDecision
from nodes.planning import build_plan
from nodes.routing import route
from nodes.routing.classifier import trained_classifier
from nodes.routing.plan import PlannedClause
from nodes.routing.references import resolve_back_references

NAMES = trained_classifier().names


def test_multi_word_names_are_found_as_written() -> None:
    assert NAMES.name_phrases("Research Tidal AI before the call with Acme Cloud") == [
        "Tidal AI",
        "Acme Cloud",
    ]
    assert NAMES.name_phrases("look up acme") == ["acme"]


def test_them_in_a_dependent_clause_becomes_the_earlier_clause_name() -> None:
    clauses = [
        PlannedClause("research", "Research Globex", []),
        PlannedClause("sales", "draft a sponsorship proposal for them", [0]),
        PlannedClause("marketing", "add them to the newsletter", []),
    ]
    resolved = resolve_back_references(clauses, NAMES.name_phrases)
    assert resolved[1].text == "draft a sponsorship proposal for Globex"
    assert resolved[2].text == "add them to the newsletter"  # waits for nothing


def test_their_becomes_a_possessive_and_a_named_clause_is_left_alone() -> None:
    clauses = [
        PlannedClause("research", "Profile Acme Cloud", []),
        PlannedClause("sales", "update their deal stage", [0]),
        PlannedClause("sales", "email them and Initech the offer", [0]),
    ]
    resolved = resolve_back_references(clauses, NAMES.name_phrases)
    assert resolved[1].text == "update Acme Cloud's deal stage"
    assert resolved[2].text == "email them and Initech the offer"


def test_the_plan_names_the_company_in_both_steps() -> None:
    text = "Research Globex, then draft a sponsorship proposal for them"
    plan = build_plan(text, route(text))
    assert [(s["department"], s["task"]) for s in plan] == [
        ("research", "Research Globex"),
        ("sales", "draft a sponsorship proposal for Globex"),
    ]


def test_a_playbook_is_not_matched_across_clauses() -> None:
    """ "find ... sponsorship" spans two clauses: no sponsor outreach campaign."""
    text = "Find decision makers at Initech and then email them a sponsorship offer"
    plan = build_plan(text, route(text))
    assert [s["playbook"] for s in plan] == [None, None]
    assert plan[1]["task"] == "email Initech a sponsorship offer"


def test_a_one_step_plan_still_matches_its_playbook_on_the_whole_request() -> None:
    decision = RouteDecision(agents=["sales"], confidence=0.5, method="llm", llm_calls=1)
    plan = build_plan("Please run the sponsor outreach for the summit", decision)
    assert plan[0]["playbook"] == "sponsor_outreach"


def test_the_company_and_there_name_the_previous_step_company() -> None:
    clauses = [
        PlannedClause("sales", "open the Globex opportunity", []),
        PlannedClause("research", "summarise the company's latest news", [0]),
        PlannedClause("sales", "list the decision makers there", [0]),
    ]
    resolved = resolve_back_references(clauses, NAMES.name_phrases)
    assert resolved[1].text == "summarise Globex's latest news"
    assert resolved[2].text == "list the decision makers at Globex"


def test_a_step_waiting_for_nothing_takes_the_name_of_the_step_right_before() -> None:
    clauses = [
        PlannedClause("sales", "score the Initech lead", []),
        PlannedClause("research", "profile their head of marketing", []),
    ]
    resolved = resolve_back_references(clauses, NAMES.name_phrases)
    assert resolved[1].text == "profile Initech's head of marketing"


def test_an_existential_there_is_not_a_place() -> None:
    clauses = [
        PlannedClause("research", "Research Globex", []),
        PlannedClause("support", "check if there are refunds pending", [0]),
    ]
    resolved = resolve_back_references(clauses, NAMES.name_phrases)
    assert resolved[1].text == "check if there are refunds pending"

"""plan_from_request: department clauses in mention order, with their dependencies."""

from __future__ import annotations

from nodes.routing.plan import (
    EVENT_LAUNCH_PLAN,
    MULTI_LABEL_MIN,
    PlannedClause,
    ScoredClause,
    _add_second_label,
    analyse_request,
    plan_from_request,
)


def test_architecture_example_analytics_first_then_sales_and_marketing() -> None:
    plan = plan_from_request(
        "Launch the event: analyse the audience, then find sponsors and start the campaign"
    )
    assert plan == [
        PlannedClause("analytics", "analyse the audience", []),
        PlannedClause("sales", "find sponsors", [0]),
        PlannedClause("marketing", "start the campaign", [0]),
    ]


def test_seed_event_launch_is_a_known_plan() -> None:
    for text in (
        "Coordinate the event launch",
        "launch the summit!",
        "Please launch the Northwind AI Summit next month",
        "Lanza el evento",
    ):
        analysis = analyse_request(text)
        assert analysis.method == "rule"
        assert analysis.confidence == 1.0
        plan = plan_from_request(text)
        assert [(p.department, p.depends_on) for p in plan] == [
            ("analytics", []),
            ("sales", [0]),
            ("marketing", [0]),
            ("operations", []),
            ("support", []),
        ]
        assert [p.text for p in plan] == [task for _, task, _ in EVENT_LAUNCH_PLAN]


def test_independent_clauses_have_no_dependencies() -> None:
    assert plan_from_request("check the budget and answer the refund emails") == [
        PlannedClause("operations", "check the budget", []),
        PlannedClause("support", "answer the refund emails", []),
    ]


def test_a_chain_depends_on_the_stage_just_before() -> None:
    plan = plan_from_request(
        "Research Acme Cloud, then draft a sponsorship proposal, "
        "after that schedule the launch post on LinkedIn"
    )
    assert [(p.department, p.depends_on) for p in plan] == [
        ("research", []),
        ("sales", [0]),
        ("marketing", [1]),
    ]


def test_clauses_of_one_department_merge_at_its_first_mention() -> None:
    plan = plan_from_request(
        "Find sponsors for the summit and forecast attendance; also send proposals to the "
        "top prospects, then resend the missing tickets"
    )
    assert plan == [
        PlannedClause(
            "sales", "Find sponsors for the summit; send proposals to the top prospects", []
        ),
        PlannedClause("analytics", "forecast attendance", []),
        PlannedClause("support", "resend the missing tickets", [0]),
    ]


def test_a_clause_waiting_for_a_later_entry_stays_separate() -> None:
    text = (
        "Find sponsors for the summit; forecast attendance; "
        "then send proposals to the top prospects"
    )
    assert plan_from_request(text) == [
        PlannedClause("sales", "Find sponsors for the summit", []),
        PlannedClause("analytics", "forecast attendance", []),
        PlannedClause("sales", "send proposals to the top prospects", [1]),
    ]
    assert analyse_request(text).agents == ["sales", "analytics"]


def test_a_single_department_request_is_one_clause_with_the_whole_text() -> None:
    assert plan_from_request("Hola, no me ha llegado la entrada") == [
        PlannedClause("support", "Hola, no me ha llegado la entrada", [])
    ]


def test_agents_chosen_elsewhere_filter_and_complete_the_plan() -> None:
    text = "Forecast attendance, then pitch the top sponsor prospects"
    assert plan_from_request(text, agents=["sales", "marketing"]) == [
        PlannedClause("sales", "pitch the top sponsor prospects", []),
        PlannedClause("marketing", text, []),
    ]


def test_confidence_is_the_weakest_clause() -> None:
    analysis = analyse_request("check the budget and answer the refund emails")
    assert analysis.agents == ["operations", "support"]
    assert analysis.confidence == min(c.confidence for c in analysis.clauses)
    assert 0.5 < analysis.confidence <= 1.0


def test_multi_label_check_adds_a_likely_second_department_in_mention_order() -> None:
    text = "attendance forecast for sponsors"
    only = ScoredClause(text, "sales", 0.5)
    whole = {"sales": 0.5, "analytics": 0.46, "marketing": 0.04}
    added = _add_second_label(text, only, whole)  # type: ignore[arg-type]
    assert [(c.department, c.confidence) for c in added] == [("analytics", 0.46), ("sales", 0.5)]
    # Below the bar, or without the department's keyword, nothing is added.
    below = {"sales": 0.6, "analytics": MULTI_LABEL_MIN - 0.01}
    assert _add_second_label(text, only, below) == [only]  # type: ignore[arg-type]
    no_keyword = {"sales": 0.5, "support": 0.49}
    assert _add_second_label(text, only, no_keyword) == [only]  # type: ignore[arg-type]


def test_a_launch_word_with_department_business_is_not_the_launch_plan() -> None:
    assert analyse_request("plan the launch post on LinkedIn").agents == ["marketing"]
    analysis = analyse_request("launch the summit campaign on social media")
    assert (analysis.method, analysis.agents) == ("classifier", ["marketing"])


def test_a_step_sequenced_with_then_stands_alone_on_a_weaker_reading() -> None:
    """Its department read at under 0.5, "then email <address> about ..." was folded
    into the step before it as context; "then" says a new step starts."""
    text = (
        "segment our contacts by seniority, then email "
        "leo.tanaka@novametrics.example about the Platinum package"
    )

    planned = plan_from_request(text)

    assert [p.department for p in planned] == ["marketing", "sales"]
    assert planned[1].depends_on == [0]


def test_a_short_sequenced_fragment_is_still_context() -> None:
    assert [p.department for p in plan_from_request("check the deliverables, then thanks")] == [
        "operations"
    ]


def test_a_question_about_the_things_just_named_stays_with_them() -> None:
    """ "what does each one cost" asks about the tiers of the clause before it."""
    text = "what sponsorship tiers do we offer and what does each one cost?"

    assert [p.department for p in plan_from_request(text)] == ["sales"]


def test_steps_listed_with_commas_go_to_their_own_departments() -> None:
    plan = plan_from_request(
        "Work out how many guests to expect, line up two backup caterers, "
        "and get a teaser post scheduled"
    )
    assert [clause.department for clause in plan] == ["analytics", "operations", "marketing"]
    assert [
        clause.department
        for clause in plan_from_request(
            "Forecast ticket sales for the autumn summit, check how the referral campaign performed"
        )
    ] == ["analytics", "marketing"]
    assert [
        clause.department
        for clause in plan_from_request(
            "Regarde les inscriptions de la semaine, relance les sponsors en attente"
        )
    ] == ["analytics", "sales"]


def test_a_list_of_names_stays_one_step() -> None:
    plan = plan_from_request("invite Priya, Tom and Elena to the speaker dinner")
    assert len(plan) == 1
    assert plan[0].text == "invite Priya, Tom and Elena to the speaker dinner"


def test_a_tell_me_step_after_and_is_its_own_step_in_german() -> None:
    plan = plan_from_request(
        "Prüfe die Lieferanten für Halle 3 und sag mir, wie viele Tickets wir im Mai verkauft haben"
    )
    assert [clause.department for clause in plan] == ["operations", "analytics"]


def test_a_pronoun_after_a_preposition_leaves_the_instruction_its_own_object() -> None:
    from nodes.routing.plan import _pronouns

    assert not _pronouns("email all attendees about it")  # the object is "all attendees"
    assert not _pronouns("post about this on LinkedIn")
    assert _pronouns("send them a reminder")  # acts on what the step before found
    assert _pronouns("ask if they're ready")
    assert _pronouns("write to the caterer about it and ask them to confirm")

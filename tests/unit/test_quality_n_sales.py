"""General sales fixes found with end-to-end dev set n, each pinned by requests of my own.

None of these requests is in an eval set or the router's training file.

1. Questions about several deals at once ("what's sitting in negotiation", "how many deals
   have we won") are answered by a pipeline review (``review_pipeline``), not one deal's
   scorecard or "no tool".
2. A deal's status, its next step and why it was lost are read from the deal
   (``qualify_lead``, whose answer now states the next step and a lost deal's reason).
3. Writing to someone *about* a proposal or a package is an email, not a new proposal.
4. A deal's new value stated without a currency ("raise the opportunity to 35 thousand",
   "signed for 40k") is filled; a won/lost stage in French or German is read.
5. "Thursday next week" is the Thursday of the coming calendar week, not this one.
6. A company whose only deal is closed is qualified with that deal (won or lost, and why).
7. The router's sales keywords know qualifying, "el trato", "der Deal", "l'affaire".
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

import tools  # noqa: F401  (registers every tool)
from adapters.offline.argument_fill import fill_arguments
from adapters.offline.dates import moment
from adapters.offline.enums import enum_value
from adapters.offline.planner import make_plan
from adapters.offline.request import Request
from domain.models import Company, Opportunity, Stage
from domain.sales.pipeline import review_pipeline
from domain.sales.qualification import qualify_lead
from domain.scope import Scope
from nodes.routing.classifier import training_examples
from nodes.routing.lexicon import keyword_positions
from nodes.routing.text import normalise
from tests.offline_pickers import department_picker, department_tool_infos

TUESDAY = date(2026, 9, 1)
STAGES = [s.value for s in Stage]


def _best(text: str) -> str:
    """The top-scored sales tool (no database here, so names are not resolved into ids)."""
    picker = department_picker("sales")
    return make_plan(picker, Request(text, None, TUESDAY)).scores[0].name


MINE = (
    "list every opportunity in the qualified stage",
    "how many deals did we lose, and what were they worth",
    "¿Cuántos tratos tenemos en negociación?",
    "Combien d'affaires avons-nous gagnées ?",
    "email Jordan at Globex about the Gold package",
    "follow up with Sam on the Initech proposal",
    "globex deal status?",
    "what's the next step on the Initech opportunity",
)


def test_these_requests_are_not_training_examples() -> None:
    trained = {normalise(text) for text, _ in training_examples()}
    assert not trained & {normalise(text) for text in MINE}


# 1 -------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", MINE[:4])
def test_a_question_about_several_deals_reviews_the_pipeline(text: str) -> None:
    assert _best(text) == "review_pipeline"


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("how many deals did we lose", "closed_lost"),
        ("which opportunities are at proposal stage", "proposal"),
        ("wie viele Deals sind in der Verhandlung", "negotiation"),
    ],
)
def test_the_stage_asked_about_is_the_review_s_filter(text: str, stage: str) -> None:
    assert enum_value("stage", STAGES, text) == stage


def test_the_pipeline_review_totals_every_deal_at_the_stage(sqlite_scope: Scope) -> None:
    result = review_pipeline(sqlite_scope, "negotiation", limit=100)

    assert result["count"] == len(result["deals"]) > 0
    assert {d["stage"] for d in result["deals"]} == {"negotiation"}
    assert result["total_value"] == sum(d["value"] for d in result["deals"])
    assert result["weighted_value"] < result["total_value"]
    closes = [d["expected_close"] for d in result["deals"]]
    assert closes == sorted(closes)


def test_without_a_stage_the_review_covers_the_open_deals_only(sqlite_scope: Scope) -> None:
    result = review_pipeline(sqlite_scope, limit=2)

    assert set(result["by_stage"]) <= {"prospect", "qualified", "proposal", "negotiation"}
    assert result["count"] == sum(row["count"] for row in result["by_stage"].values())
    assert len(result["deals"]) == 2 < result["count"]


# 2 -------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [*MINE[6:8], "why did we lose Globex?", "où en est l'affaire ?"])
def test_a_question_about_one_deal_reads_the_deal(text: str) -> None:
    assert _best(text) == "qualify_lead"


# 3 -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [*MINE[4:6], "make sure the CMO at Initech hears from us about the Silver tier"],
)
def test_writing_about_a_proposal_or_package_is_an_email(text: str) -> None:
    assert _best(text) == "send_email"


def test_asking_for_a_proposal_still_drafts_one() -> None:
    assert _best("draft a Gold proposal for Globex with 5% off") == "generate_proposal"


# 4 -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("lift the Initech opportunity to 45 thousand", 45_000),
        ("Globex signed for 12k, mark it won", 12_000),
        ("drop the deal to 7.5k", 7_500),
    ],
)
def test_a_deal_value_without_currency_is_filled(text: str, value: int) -> None:
    filled = fill_arguments(
        department_tool_infos("sales")["update_crm"], Request(text, None, TUESDAY)
    )
    assert filled.args.get("value") == value


def test_a_number_that_is_not_the_deal_value_is_not_filled() -> None:
    text = "move the Initech deal to negotiation, they have 3 people on the call"
    filled = fill_arguments(
        department_tool_infos("sales")["update_crm"], Request(text, None, TUESDAY)
    )
    assert "value" not in filled.args


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("Globex a signé, passe l'affaire en gagnée", "closed_won"),
        ("l'affaire est perdue", "closed_lost"),
        ("Der Deal ist verloren", "closed_lost"),
        ("Initech hat den Deal gewonnen", "closed_won"),
    ],
)
def test_won_and_lost_in_french_and_german(text: str, stage: str) -> None:
    assert enum_value("stage", STAGES, text) == stage


# 5 -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wednesday next week at 9am", datetime(2026, 9, 9, 9, 0)),
        ("next week on Monday at 4pm", datetime(2026, 9, 7, 16, 0)),
        ("el viernes de la próxima semana a las 11", datetime(2026, 9, 11, 11, 0)),
        ("lundi de la semaine prochaine à 14h", datetime(2026, 9, 7, 14, 0)),
        ("nächste Woche Dienstag um 10 Uhr", datetime(2026, 9, 8, 10, 0)),
        ("Wednesday at 9am", datetime(2026, 9, 2, 9, 0)),  # no week named: the coming one
    ],
)
def test_a_weekday_of_next_week_is_in_next_week(text: str, expected: datetime) -> None:
    assert moment(text, TUESDAY) == expected


# 6 -------------------------------------------------------------------------------------
def test_a_company_with_only_a_closed_deal_is_qualified_with_it(sqlite_scope: Scope) -> None:
    lost = (
        sqlite_scope.session.query(Opportunity)
        .filter(Opportunity.tenant_id == sqlite_scope.tenant_id, Opportunity.stage == "closed_lost")
        .order_by(Opportunity.id)
        .first()
    )
    assert lost is not None
    others = (
        sqlite_scope.session.query(Opportunity)
        .filter(Opportunity.company_id == lost.company_id, Opportunity.id != lost.id)
        .count()
    )
    assert others == 0  # the demo company has just this deal
    lost.lost_reason = "Chose a cheaper conference"

    lead = qualify_lead(sqlite_scope, company_id=lost.company_id)["lead"]

    assert lead["opportunity_id"] == lost.id
    assert lead["stage"] == "closed_lost"
    assert lead["lost_reason"] == "Chose a cheaper conference"


def test_an_open_deal_still_wins_over_a_closed_one(sqlite_scope: Scope) -> None:
    open_deal = (
        sqlite_scope.session.query(Opportunity)
        .filter(Opportunity.tenant_id == sqlite_scope.tenant_id, Opportunity.stage == "proposal")
        .order_by(Opportunity.id)
        .first()
    )
    assert open_deal is not None
    company = sqlite_scope.session.get(Company, open_deal.company_id)
    assert company is not None
    sqlite_scope.session.add(
        Opportunity(
            tenant_id=sqlite_scope.tenant_id,
            company_id=company.id,
            event_id=open_deal.event_id,
            name=f"{company.name} — old",
            stage="closed_lost",
            value=Decimal(1000),
            probability=0,
            lost_reason="too small",
        )
    )
    sqlite_scope.session.flush()

    lead = qualify_lead(sqlite_scope, company_id=company.id)["lead"]

    assert lead["opportunity_id"] == open_deal.id
    assert lead["lost_reason"] is None


# 7 -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "qualify Globex",
        "¿cómo va el trato con Initech?",
        "Wie steht der Deal mit Globex?",
        "Où en est l'affaire Initech ?",
    ],
)
def test_sales_keywords_in_other_phrasings(text: str) -> None:
    assert "sales" in keyword_positions(text)

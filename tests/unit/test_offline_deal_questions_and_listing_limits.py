"""Sales requests the offline path missed (dev set W), one test per mechanism.

Requests of my own, not from any eval set:
- a question about one deal's standing (its stage, close date, win probability, why it
  was lost), also in es/fr/de, reads the deal (``qualify_lead``);
- moving a deal "to the proposal stage" / "auf die Angebotsphase" updates the CRM, and
  the stage is read; "proposal" there names a stage, not a proposal to draft;
- "wen sollten wir bei X ansprechen" and its es/fr forms look for contacts;
- a pipeline stage is written in the reply's language, with its CRM code;
- a listing honours the limits the request puts on it (a value bound, a company left out),
  its count and totals recomputed from the rows kept;
- a Spanish or French campaign named after its noun ("la campaña de LinkedIn") is found.
"""

from __future__ import annotations

from datetime import date

import pytest

from adapters.offline.answers import CallOutcome, phrases
from adapters.offline.conditions import value_bound
from adapters.offline.entities import Catalog, Entity
from adapters.offline.enums import enum_value
from adapters.offline.list_limits import WHOLE_STAGE, excluded_companies, limited, widened
from tests.unit.test_sales_support_question_tools import _best

STAGES = ["prospect", "qualified", "proposal", "negotiation", "closed_won", "closed_lost"]


@pytest.mark.parametrize(
    "text",
    [
        "leave everything as it is, which stage is the Zenith Health deal at?",
        "when is the Circuit Logic opportunity expected to close?",
        "when will the Granite Cloud deal sign, roughly?",
        "¿Cuál es la probabilidad de cerrar lo de Tidal Logic?",
        "Quelle est la probabilité de gagner Blue Data ?",
        "Warum haben wir Crest Logic eigentlich verloren?",
        "pourquoi avons-nous perdu Iron Metrics ?",
    ],
)
def test_a_question_about_one_deal_reads_the_deal(text: str) -> None:
    assert _best("sales", text) == "qualify_lead"


@pytest.mark.parametrize(
    "text",
    [
        "Granite Labs liked the demo, push them on to the proposal stage",
        "Schieb den Deal mit Tidal Logic in die Angebotsphase",
        "Setz die Phase von Beacon Logic auf proposal",
    ],
)
def test_moving_a_deal_to_the_proposal_stage_updates_the_crm(text: str) -> None:
    assert _best("sales", text) == "update_crm"
    assert enum_value("stage", STAGES, text) == "proposal"


def test_drafting_a_proposal_still_drafts_one() -> None:
    assert _best("sales", "write a proposal for Granite Labs") == "generate_proposal"


@pytest.mark.parametrize(
    "text",
    [
        "Wen sollten wir bei Tidal Logic kontaktieren?",
        "¿A quién deberíamos escribir en Blue Data?",
        "Qui devrions-nous contacter chez Granite Labs ?",
    ],
)
def test_asking_whom_to_approach_finds_contacts(text: str) -> None:
    assert _best("sales", text) == "find_contacts"


@pytest.mark.parametrize(
    ("language", "word"), [("es", "negociación"), ("fr", "négociation"), ("de", "Verhandlung")]
)
def test_a_stage_is_written_in_the_reply_language_with_its_code(language: str, word: str) -> None:
    words = phrases("values", language)
    assert words["negotiation"] == f"{word} (negotiation)"
    assert all(stage in words for stage in STAGES)


def test_value_bounds_of_a_listing_are_read_without_an_if() -> None:
    above = value_bound("only the deals above 20k")
    assert above is not None and above.bound == 20_000 and not above.below
    german = value_bound("Nur die Deals über 10.000 Dollar")
    assert german is not None and german.bound == 10_000
    assert value_bound("list every deal in negotiation") is None


def test_the_companies_a_request_leaves_out_are_found_by_whole_or_first_name() -> None:
    companies = ["Granite Labs", "Granite Cloud", "Tidal Logic", "Blue Data"]
    assert excluded_companies("the deals at proposal, except Tidal Logic", companies) == {
        "Tidal Logic"
    }
    assert excluded_companies("leave Blue out of it", companies) == {"Blue Data"}
    assert excluded_companies("sin contar Granite Cloud", companies) == {"Granite Cloud"}
    assert excluded_companies("don't email anyone, list the deals", companies) == set()


def _listing() -> CallOutcome:
    deals = [
        {"company": "Granite Labs", "value": 4000.0, "probability": 50},
        {"company": "Tidal Logic", "value": 20000.0, "probability": 50},
        {"company": "Blue Data", "value": 75000.0, "probability": 40},
    ]
    result = {"count": 3, "total_value": 99000.0, "weighted_value": 42000.0, "deals": deals}
    return CallOutcome("review_pipeline", {"stage": "proposal"}, result)


def test_a_listing_keeps_only_the_rows_within_the_limit_and_recounts_them() -> None:
    kept = limited(_listing(), "which proposal-stage deals are worth more than 10k, not Blue Data")
    assert [d["company"] for d in kept.result["deals"]] == ["Tidal Logic"]
    assert kept.result["count"] == 1
    assert kept.result["total_value"] == 20000.0
    assert kept.result["weighted_value"] == 10000.0
    assert kept.result["left_out"] == 2


def test_a_listing_without_a_limit_or_with_a_duration_is_left_whole() -> None:
    assert limited(_listing(), "list the deals at proposal").result["count"] == 3
    assert limited(_listing(), "deals closing in under 10 days").result["count"] == 3


def test_a_limited_listing_asks_for_the_whole_stage() -> None:
    asked = widened("review_pipeline", {"stage": "proposal"}, "only the ones above 20k")
    assert asked["limit"] == WHOLE_STAGE
    assert widened("review_pipeline", {"stage": "proposal"}, "list them") == {"stage": "proposal"}
    assert widened("qualify_lead", {"company_id": 3}, "above 20k") == {"company_id": 3}


@pytest.mark.parametrize("text", ["¿cómo va la campaña de LinkedIn?", "et la campagne LinkedIn ?"])
def test_a_campaign_named_after_a_romance_noun_is_found(text: str) -> None:
    campaigns = [
        Entity("campaign", 4, "LinkedIn community buzz"),
        Entity("campaign", 1, "Early-bird email push"),
    ]
    catalog = Catalog("t", "T", date(2026, 9, 1), 3, {"campaign": campaigns})
    assert [m.entity.id for m in catalog.find(text, "campaign")] == [4]

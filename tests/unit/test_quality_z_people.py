"""General fixes found with end-to-end dev set z, each pinned by requests of my own.

None of these requests is in an eval set or the router's training file; the records are
a small hand-made catalog (no database), so the names are mine too.

1. A person stands for their company's deal (``adapters.offline.people``): "qualify the
   lead for Bo Lind" fills the deal of Bo Lind's company; "Bo Lind's company", "his
   firm", "la empresa de Bo Lind" name the company; of two people sharing a full name,
   the one whose company has a current deal is meant; a first name alone ("Ulla's
   deal") names the one deal contact who has it.
2. What a message to a person is about is not a job of its own
   (``adapters.offline.topics``): "chase Bo Lind on the proposal" is an email about the
   proposal, not a new proposal; a named person reads as the word "person" to the
   trigger phrases, so "nudge/ping/chase/relance person" is outreach whatever the name.
3. Whether a deal has signed, been won or lost is a question about the deal's state
   (``question_kind`` "outcome"), not a stage change.
4. A passed-on question ("my colleague wants to know how many...", "mein Chef fragt,
   ob...") is the request, not context (``nodes.routing.clause_roles``); a short
   pronoun question after it ("... and what they paid") is about the same object.
5. A support message that rules a refund out ("no refund, just the facts") is not a
   refund request (``support_request_parsing.categorise`` reads what is left).
6. A company profile states its funding stage ("has Echo Labs raised money?").
"""

from __future__ import annotations

from datetime import date

import pytest

from adapters.offline.argument_fill import fill_arguments
from adapters.offline.entities import Catalog, Entity
from adapters.offline.people import company_phrase, deal_contact_by_first_name
from adapters.offline.planner import make_plan
from adapters.offline.question_kind import question_kinds
from adapters.offline.request import Request
from adapters.offline.text import normal, tokens
from adapters.offline.topics import inside, mark_people, topic_spans
from nodes.routing.classifier import training_examples
from nodes.routing.clause_roles import Role, refers_back_only, role_of
from nodes.routing.text import normalise
from tests.offline_pickers import department_picker

TODAY = date(2026, 9, 1)


def _catalog() -> Catalog:
    """Two companies with deals (11 current, 12 current), one without (13); Bo Lind at 11,
    Ulla Brandt at 12, and a second Cy Moss at 13 beside the one at 12."""
    companies = [
        Entity("company", 11, "Fjord Widgets", {"domain": "fjord.example"}),
        Entity("company", 12, "Tarn Optics", {"domain": "tarn.example"}),
        Entity("company", 13, "Moor Freight", {"domain": "moor.example"}),
    ]
    contacts = [
        Entity("contact", 101, "Bo Lind", _person("Bo", 11, "bo.lind@fjord.example")),
        Entity("contact", 102, "Cy Moss", _person("Cy", 13, "cy.moss@moor.example")),
        Entity("contact", 103, "Cy Moss", _person("Cy", 12, "cy.moss@tarn.example")),
        Entity("contact", 104, "Ulla Brandt", _person("Ulla", 12, "ulla@tarn.example")),
        Entity("contact", 105, "Ulla Berg", _person("Ulla", 13, "ulla@moor.example")),
    ]
    deals = [
        Entity("opportunity", 51, "Fjord Widgets — Gold", _deal(11, 101)),
        Entity("opportunity", 52, "Tarn Optics — Silver", _deal(12, 104)),
    ]
    return Catalog(
        tenant_id="t",
        tenant_name="T",
        today=TODAY,
        current_event_id=3,
        entities={"company": companies, "contact": contacts, "opportunity": deals},
    )


def _person(first: str, company: int, email: str) -> dict[str, object]:
    return {"first_name": first, "company_id": company, "email": email, "title": "VP"}


def _deal(company: int, primary: int) -> dict[str, object]:
    return {
        "company_id": company,
        "stage": "proposal",
        "open": True,
        "current": True,
        "primary_contact_id": primary,
    }


MINE = (
    "qualify the lead for Bo Lind",
    "how engaged has Bo Lind's company been lately?",
    "what's the latest on Ulla's deal?",
    "chase Bo Lind on the proposal we sent",
    "Relance Bo Lind au sujet de notre proposition",
    "has Bo Lind's firm signed yet?",
    "my colleague wants to know how many seats were on ORD-10999 and what they paid",
)


def test_these_requests_are_not_training_examples() -> None:
    trained = {normalise(text) for text, _ in training_examples()}
    assert not trained & {normalise(text) for text in MINE}


# 1 -------------------------------------------------------------------------------------
def _request(text: str) -> Request:
    return Request(text, _catalog(), TODAY)


def test_a_persons_deal_is_their_companys() -> None:
    tool = department_picker("sales").tools["qualify_lead"]

    filled = fill_arguments(tool, _request(MINE[0]))

    assert filled.args.get("opportunity_id") == 51


@pytest.mark.parametrize(
    "text",
    [
        "how engaged has Bo Lind's company been lately?",
        "who else works at Bo Lind's firm",
        "dime cómo va la empresa de Bo Lind",
        "wie aktiv war die Firma von Bo Lind",
        "Bo Lind never answers; how engaged is his company overall?",
    ],
)
def test_a_company_phrase_names_the_persons_company(text: str) -> None:
    req = _request(text)

    assert [c.id for c in req.entities("company")] == [11]
    assert req.company_through_person


def test_the_person_alone_names_no_company() -> None:
    req = _request("how engaged has Bo Lind been lately?")

    assert req.entities("company") == []
    assert not company_phrase(tokens("Bo Lind replied to the company email"), ["bo", "lind"])


def test_engagement_of_a_persons_company_is_the_companys() -> None:
    tool = department_picker("sales").tools["analyze_engagement"]

    filled = fill_arguments(tool, _request(MINE[1]))

    assert filled.args.get("company_id") == 11
    assert "contact_id" not in filled.args


def test_of_two_namesakes_the_one_with_a_deal_is_meant() -> None:
    req = _request("draft a proposal for Cy Moss")

    assert [c.id for c in req.entities("contact")] == [103]
    tool = department_picker("sales").tools["generate_proposal"]
    assert fill_arguments(tool, req).args.get("opportunity_id") == 52


def test_a_first_name_names_the_one_deal_contact_with_it() -> None:
    catalog = _catalog()

    found = deal_contact_by_first_name(catalog, MINE[2], catalog.record_words)

    assert found is not None and found.id == 104  # Ulla Berg's company has no deal


def test_of_two_deal_contacts_with_the_first_name_the_deals_primary_one_is_meant() -> None:
    catalog = _catalog()
    catalog.entities["contact"].append(
        Entity("contact", 106, "Bo Hale", _person("Bo", 12, "bo@tarn.example"))
    )

    found = deal_contact_by_first_name(catalog, "how is Bo's deal going?")

    assert found is not None and found.id == 101  # Bo Lind is Fjord's primary contact


def test_a_first_name_shared_by_two_primary_contacts_names_nobody() -> None:
    catalog = _catalog()
    catalog.entities["contact"].append(
        Entity("contact", 106, "Bo Hale", _person("Bo", 12, "bo@tarn.example"))
    )
    catalog.entities["opportunity"][1].attrs["primary_contact_id"] = 106

    assert deal_contact_by_first_name(catalog, "how is Bo's deal going?") is None


def test_a_word_of_a_company_name_is_not_a_first_name() -> None:
    catalog = _catalog()
    catalog.entities["contact"].append(
        Entity("contact", 107, "Tarn Holt", _person("Tarn", 11, "t@fjord.example"))
    )

    assert deal_contact_by_first_name(catalog, "how is Tarn doing?", {"tarn"}) is None


# 2 -------------------------------------------------------------------------------------
def test_a_named_person_reads_as_one_word() -> None:
    text = mark_people("chase bo lind on the proposal", [["bo", "lind"]])

    assert text == "chase person on the proposal"
    spans = topic_spans(text, [["person"]])
    start = text.index("proposal")
    assert inside((start, start + len("proposal")), spans)


def test_a_conjunction_ends_the_topic() -> None:
    text = "email person about the package and draft a proposal for them"

    (span,) = topic_spans(text, [["person"]])

    assert text[span[0] : span[1]] == "the package"


@pytest.mark.parametrize("text", [MINE[3], MINE[4], "nudge Ulla about the Silver package"])
def test_chasing_a_person_about_a_proposal_is_an_email(text: str) -> None:
    picker = department_picker("sales")

    plan = make_plan(picker, _request(text))

    assert plan.scores[0].name == "send_email"


def test_drafting_a_proposal_for_a_person_is_still_a_proposal() -> None:
    plan = make_plan(department_picker("sales"), _request("draft a proposal for Bo Lind"))

    assert plan.scores[0].name == "generate_proposal"


# 3 -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "has Bo Lind's firm signed yet?",
        "I wonder if Tarn Optics has won",
        "¿Ya firmaron los de Tarn Optics? Quiero saber si ha firmado",
        "ob Tarn Optics schon unterschrieben hat",
    ],
)
def test_whether_a_deal_signed_asks_for_its_outcome(text: str) -> None:
    assert "outcome" in question_kinds(normal(text))


def test_signing_a_contract_is_no_outcome_question() -> None:
    assert "outcome" not in question_kinds(normal("sign the contract with Tarn Optics"))


def test_an_outcome_question_reads_the_deal() -> None:
    plan = make_plan(department_picker("sales"), _request(MINE[5]))

    assert plan.scores[0].name == "qualify_lead"


# 4 -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "piece",
    [
        "my colleague wants to know how many seats were on ORD-10999",
        "our CFO is asking whether the venue deposit went out",
        "mi jefa quiere saber cuántas entradas vendimos",
        "Mein Chef fragt, ob der Vertrag unterschrieben ist",
    ],
)
def test_a_passed_on_question_is_the_request(piece: str) -> None:
    assert role_of(piece, first=True) is Role.REQUEST


def test_a_statement_about_someone_stays_context() -> None:
    assert role_of("my colleague bought two tickets last week", first=True) is Role.CONTEXT


@pytest.mark.parametrize("piece", ["what they paid", "when it ships", "how much it cost"])
def test_a_short_pronoun_question_refers_back(piece: str) -> None:
    assert refers_back_only(piece)


# 5 -------------------------------------------------------------------------------------
def test_a_refund_ruled_out_is_no_refund_request() -> None:
    from nodes.playbooks.support_request_parsing import categorise

    assert categorise("how much did ORD-10999 cost? no refund, just checking", []) != "refund"
    assert categorise("please refund ORD-10999, but don't resend anything", []) == "refund"


# 6 -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "Funding stage: Series A"), ("de", "Finanzierungsphase: Series A")],
)
def test_a_company_profile_states_its_funding_stage(language: str, words: str) -> None:
    from adapters.offline.answers import CallOutcome, summarise_call

    profile = {"name": "Fjord Widgets", "industry": "Retail", "funding_stage": "Series A"}
    lines = summarise_call(CallOutcome("research_company", {}, profile), language)

    assert any(words in line for line in lines)


@pytest.mark.parametrize("piece", ["leave the catering quote aside", "put that aside for now"])
def test_setting_something_aside_with_its_object_is_a_dismissal(piece: str) -> None:
    assert role_of(piece, first=True) is Role.CONTEXT


def test_a_resend_ruled_out_still_names_the_ticket_topic() -> None:
    from nodes.playbooks.support_request_parsing import categorise

    text = "the buyer on ORD-10999 never got the ticket; look it up, no need to resend it"
    assert categorise(text, []) == "resend"


@pytest.mark.parametrize(
    "text",
    [
        "Mark it lost, they went with someone else",
        "Chase them up about the renewal.",
        "Thanks. Bill the client for the extra booth",
        "Will you check the pipeline?",
    ],
)
def test_a_first_name_that_opens_a_sentence_as_its_verb_names_nobody(text: str) -> None:
    catalog = _catalog()
    for number, first in enumerate(("Mark", "Chase", "Bill", "Will"), start=120):
        email = f"{first.lower()}@fjord.example"
        catalog.entities["contact"].append(
            Entity("contact", number, f"{first} Holt", _person(first, 11, email))
        )

    assert deal_contact_by_first_name(catalog, text) is None


@pytest.mark.parametrize(
    "text", ["Mark wants a call on Friday", "Mark's deal: where is it?", "ping Mark about it"]
)
def test_the_same_first_name_as_a_person_still_names_them(text: str) -> None:
    catalog = _catalog()
    catalog.entities["contact"].append(
        Entity("contact", 120, "Mark Holt", _person("Mark", 11, "mark@fjord.example"))
    )

    found = deal_contact_by_first_name(catalog, text)

    assert found is not None and found.id == 120

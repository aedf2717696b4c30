"""General fixes found with end-to-end dev set V (analytics, negated and chatty requests),
each pinned by requests of my own.

None of these requests is in an eval set or the router's training file.

1. Small talk is no department's step: praise for the assistant ("you're a legend"),
   remarks on the day or the weather ("what a week", "gorgeous weather"), "keep it brief",
   repeated greetings ("hey hey"), and pleasantries longer than four words ("sorry to be
   a pain") are asides.
2. A department reads the request without its asides, the rest verbatim: a period named
   in the small talk ("thanks for last week's help") is not the period of the question.
3. A month named as the subject, with no preposition ("what did July bring in"), is the
   period asked about, when it has begun; a bound ("by July") or a month ahead is not.
"""

from __future__ import annotations

from datetime import date

import pytest

from adapters.offline.dates import date_range
from nodes.routing.clause_roles import Role, role_of
from nodes.routing.plan import analyse_request
from nodes.routing.units import without_pleasantries

TODAY = date(2026, 9, 1)


@pytest.mark.parametrize(
    "piece",
    [
        "you're a legend",
        "much appreciated",
        "what a week it has been",
        "gorgeous weather out there today",
        "keep it brief",
        "hey hey",
        "sorry to be a pain about this",
        "happy friday everyone",
        "vaya semana llevo",
        "du bist ein Schatz",
    ],
)
def test_small_talk_is_an_aside(piece: str) -> None:
    assert role_of(piece) is Role.ASIDE


@pytest.mark.parametrize(
    "piece",
    [
        "keep the budget line for catering open",
        "what was the week's revenue",
        "check the weather contingency deliverable",
    ],
)
def test_requests_near_small_talk_words_stay_requests(piece: str) -> None:
    assert role_of(piece) is not Role.ASIDE


def test_a_department_reads_the_request_without_its_small_talk() -> None:
    text = "Thanks heaps for last week's help! What did refunds cost us in July? You're a legend"
    assert without_pleasantries(text) == "What did refunds cost us in July?"
    (clause,) = analyse_request(text).clauses
    assert "last week" not in clause.text
    assert clause.department == "analytics"


def test_small_talk_removal_keeps_restrictions_and_punctuation() -> None:
    text = "What a week! Look up ORD-10463 for me, but don't refund it. Cheers"
    assert without_pleasantries(text) == "Look up ORD-10463 for me, but don't refund it."


def test_only_small_talk_is_kept_whole() -> None:
    assert without_pleasantries("Thanks so much, have a lovely weekend!") == (
        "Thanks so much, have a lovely weekend!"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("what did July bring in for ticket revenue?", (date(2026, 7, 1), date(2026, 7, 31))),
        ("June's refunds, please", (date(2026, 6, 1), date(2026, 6, 30))),
        ("which deliverables are due by September", (None, None)),
        ("how are the October summit numbers looking", (None, None)),
        ("did July beat June on tickets", (date(2026, 6, 1), date(2026, 7, 31))),
    ],
)
def test_a_month_named_as_the_subject_is_the_period(
    text: str, expected: tuple[date | None, date | None]
) -> None:
    assert date_range(text, TODAY) == expected


# --- 4-8: analytics and negated requests ----------------------------------------------
#
# 4. A bare question asking for advice ("¿qué hacemos?", "que faire ?", "was sollen wir
#    tun?", "what would you recommend?") points back at the situation before it: one
#    step, read on the whole.
# 5. The figure so far set against where it will end up ("actual vs forecast") is the
#    forecast's question (it reports both); "the daily/overall picture" is the overview.
# 6. A clause that only rules something out ("don't open a new campaign - ...") names no
#    tool: the picker reads the rest.
# 7. Trigger phrases: which campaign "converts best" is the metrics monitor; "find out
#    whatever you can about" a company is its research brief; how much a deal "closed
#    for" reads that deal.


@pytest.mark.parametrize(
    "text",
    [
        "Las inscripciones van lentas. ¿Qué hacemos?",
        "Le taux d'ouverture baisse. Que faire ?",
        "Die Buchungen stagnieren. Was sollen wir dagegen tun?",
        "The newsletter's clicks dropped again. What would you recommend?",
    ],
)
def test_a_bare_request_for_advice_is_one_step_with_its_situation(text: str) -> None:
    analysis = analyse_request(text)
    assert len(analysis.clauses) == 1


def test_advice_questions_refer_back() -> None:
    from nodes.routing.clause_roles import refers_back_only

    assert refers_back_only("¿qué nos recomiendas?")
    assert refers_back_only("was empfiehlst du")
    assert not refers_back_only("what would you recommend for the Gold tier price")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("registrations to date against where we'll land by October", "future"),
        ("give me the overall picture for the summit", "overview"),
    ],
)
def test_question_kinds_of_forecast_vs_actual_and_the_picture(text: str, kind: str) -> None:
    from adapters.offline.question_kind import question_kinds
    from adapters.offline.text import normal

    assert kind in question_kinds(normal(text))


def test_the_figure_so_far_alone_is_not_the_future() -> None:
    from adapters.offline.question_kind import question_kinds
    from adapters.offline.text import normal

    assert "future" not in question_kinds(normal("how many registrations have we had so far"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "don't open another campaign - just say which existing one converts best",
            "just say which existing one converts best",
        ),
        (
            "not the projection, how much have we actually taken in?",
            "how much have we actually taken in?",
        ),
        ("look at ORD-10463, but no need to resend anything", "look at ORD-10463"),
        ("n'envoyez rien, regardez seulement le budget", "regardez seulement le budget"),
        ("don't forget to remind the caterer", "don't forget to remind the caterer"),
        ("¿No hay descuento para estudiantes?", "¿No hay descuento para estudiantes?"),
        ("no need to escalate", "no need to escalate"),
    ],
)
def test_clauses_that_only_rule_something_out(text: str, expected: str) -> None:
    from domain.negation import without_ruled_out

    assert without_ruled_out(text) == expected


@pytest.mark.parametrize(
    ("department", "text", "tool"),
    [
        (
            "marketing",
            "don't open another campaign - just say which existing one converts best",
            "monitor_metrics",
        ),
        ("research", "find out whatever you can about Cobalt AI", "research_company"),
        ("sales", "how much did the Beacon Pay deal close for?", "qualify_lead"),
        (
            "analytics",
            "registrations to date against where we'll land - both please",
            "predict_attendance",
        ),
        ("analytics", "what's the overall picture this morning?", "generate_report"),
    ],
)
def test_the_picker_reads_what_is_asked(department: str, text: str, tool: str) -> None:
    from adapters.offline.request import Request
    from tests.offline_pickers import department_picker

    best = department_picker(department).score(Request(text, None, TODAY))[0]
    assert best.name == tool


# 8. Whether a named contact's address is valid verifies the address on record.


def test_verifying_a_named_contacts_address_uses_the_one_on_record() -> None:
    from adapters.offline.argument_fill import fill_arguments
    from adapters.offline.entities import Catalog, Entity
    from adapters.offline.request import Request
    from tests.offline_pickers import department_tool_infos

    contact = Entity("contact", 7, "Ottilie Brandt", {"email": "ottilie.brandt@lindenhof.example"})
    catalog = Catalog(
        tenant_id="t",
        tenant_name="t",
        today=TODAY,
        current_event_id=None,
        entities={"contact": [contact]},
    )
    req = Request("is Ottilie Brandt's email address still good?", catalog, TODAY)
    filled = fill_arguments(department_tool_infos("research")["verify_email"], req)
    assert filled.args["email"] == "ottilie.brandt@lindenhof.example"


def test_doubt_rules_nothing_out() -> None:
    from domain.negation import without_ruled_out

    text = "a colleague thinks Lindenhof Systems moved to Munich, not sure that's right"
    assert without_ruled_out(text) == text


# 9. "I only need to know ..." after a dash that rules an action out is a question.


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("no emails - I just need to know how many clicked the newsletter", True),
        ("all I want to know is which vendors are still pending", True),
        ("check the catering budget - then remind the caterer", False),
    ],
)
def test_a_need_to_know_after_a_dash_only_asks(text: str, asks: bool) -> None:
    from domain.question_mood import asks_for_information

    assert asks_for_information(text) is asks


@pytest.mark.parametrize(
    "text",
    [
        "no he recibido el correo de confirmación, pedido ORD-10463",
        "never received the badge email, order ORD-10463",
        "not arrived yet - the ticket for ORD-10463",
    ],
)
def test_what_did_not_happen_is_a_statement_not_a_rule(text: str) -> None:
    from domain.negation import without_ruled_out

    assert without_ruled_out(text) == text

"""The least-covered tools reached from everyday phrasings nobody tuned for (issue 9).

Each case is a paraphrase in other words, other records or another language of a kind of
request the tools' own names do not cover: starting a new campaign, filling a contact's
gaps, asking whether an address is reliable, raising a problem with the organiser, a
write-up, a day that stood out, what to fix first, a ticket going to someone else."""

from __future__ import annotations

from datetime import date

import pytest

from adapters.offline import extract
from adapters.offline.argspec import ArgSpec
from adapters.offline.derived_values import derived_values
from adapters.offline.entities import Catalog, Entity
from adapters.offline.enums import enum_value
from adapters.offline.planner import make_plan
from adapters.offline.record_fillers import RECORD_FILLERS
from adapters.offline.request import Request
from domain.support.signals import EscalationReason, detect_escalation_signals
from nodes.routing.classifier import best, trained_classifier
from tests.unit.test_offline_picker import picker, request


@pytest.mark.parametrize(
    ("department", "text", "tool"),
    [
        (
            "marketing",
            "let's kick off a new email campaign for the early bird deadline",
            "create_campaign",
        ),
        ("marketing", "could you start a LinkedIn campaign aimed at CTOs?", "create_campaign"),
        (
            "marketing",
            "Lanza una nueva campaña en redes sociales para los estudiantes",
            "create_campaign",
        ),
        ("marketing", "Starte eine neue E-Mail-Kampagne für die Workshops", "create_campaign"),
        ("marketing", "launch the VIP campaign to the engaged segment", "send_email_campaign"),
        ("research", "flesh out the contact record for Ravi Singh", "enrich_lead"),
        ("research", "Reichere bitte den Kontakt von Ravi Singh an.", "enrich_lead"),
        ("research", "is priya@litware.example a reliable address?", "verify_email"),
        ("research", "¿Es fiable el correo luis@proseware.example?", "verify_email"),
        ("research", "Ist die Adresse tim@adatum.example zuverlässig?", "verify_email"),
        (
            "operations",
            "The AV vendor keeps slipping - take it up with the organiser",
            "escalate_issue",
        ),
        (
            "operations",
            "Budget is blown on catering - raise it with the organiser.",
            "escalate_issue",
        ),
        (
            "operations",
            "can you put together a one-pager on where ops stands for the board?",
            "generate_status_report",
        ),
        (
            "analytics",
            "refund requests piled up lately, did any single day stand out?",
            "identify_anomalies",
        ),
        (
            "analytics",
            "which problems should we tackle first before doors open?",
            "recommend_actions",
        ),
        (
            "analytics",
            "Was sollten wir vor der Konferenz am dringendsten angehen?",
            "recommend_actions",
        ),
        (
            "support",
            "I can't attend - can my ticket ORD-10444 go to my colleague Ana Ruiz (ana@x.example)?",
            "transfer_ticket",
        ),
        ("marketing", "¿A qué hora conviene mandar el boletín?", "optimize_timing"),
    ],
)
def test_everyday_phrasings_pick_the_tool(department: str, text: str, tool: str) -> None:
    assert make_plan(picker(department), request(text)).primary == tool


def test_a_later_imperative_sentence_leads_but_not_a_deferred_one() -> None:
    ops = picker("operations")
    now = make_plan(
        ops, request("Ticket sales are far behind target. Raise it with the organiser.")
    )
    assert now.primary == "escalate_issue"
    later = make_plan(
        ops, request("Ticket sales are far behind target. Tomorrow raise it with the organiser.")
    )
    assert later.primary != "escalate_issue"
    conditional = make_plan(
        ops, request("Check ticket sales - if we are still behind, raise it with the organiser.")
    )
    assert conditional.primary != "escalate_issue"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("could her ticket go to her brother Marco Bellini instead?", "Marco Bellini"),
        ("pasa la entrada a mi hermana Lucía Pérez", "Lucía Pérez"),
        ("übertrage das Ticket an meinen Bruder Jan Berg", "Jan Berg"),
        ("transfer it to Bo Li", "Bo Li"),
    ],
)
def test_new_holder_named_after_a_possessive_and_relation(text: str, name: str) -> None:
    assert extract.person_after_preposition(text) == name


REASONS = ["refund_over_limit", "safety", "security", "legal", "upset_attendee", "unresolved"]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("A caller pretending to be your box office wanted my card number", "security"),
        ("Ein Mann gab sich als Ihr Support aus und wollte meine Kartendaten", "security"),
        ("alguien se hace pasar por ustedes por correo", "security"),
        ("Un hombre me acosa en el foro del evento", "safety"),
        ("Un participant la harcèle depuis hier", "safety"),
        ("Ein Teilnehmer belästigt meine Kollegin", "safety"),
        ("I ordered the scampi at the gala dinner", None),
        ("Der Betrag betrug 300 Euro", None),
        ("please update my payment details", None),
        ("I am afraid to say I cannot come", None),
        ("Maria Acosta would like a human", None),
    ],
)
def test_escalation_reason_from_the_message(text: str, reason: str | None) -> None:
    assert enum_value("reason", REASONS, text) == reason
    signals = detect_escalation_signals(text)
    if reason is None:
        assert not set(signals) & {EscalationReason.SAFETY, EscalationReason.SECURITY}
    else:
        assert EscalationReason(reason) in signals


@pytest.mark.parametrize(
    ("text", "department"),
    [
        ("is nadia.k@contoso.example still safe to use?", "research"),
        ("¿Es válido todavía el correo pia@tailspin.example?", "research"),
        ("tweet on 3 October at noon that the workshop list is out", "marketing"),
        ("cancellation mails flooded the helpdesk - did a single day stand out?", "analytics"),
        ("what are the most urgent things to fix before the expo?", "analytics"),
    ],
)
def test_routing_reaches_the_tool_owner(text: str, department: str) -> None:
    assert best(trained_classifier().scores(text))[0] == department


def test_a_best_hour_found_without_a_weekday_is_still_stated() -> None:
    result = {
        "best": {"basis": "hour", "weekday": None, "hour_utc": 14, "sends": 90, "open_rate": 0.5}
    }
    values = derived_values("optimize_timing", result)
    assert values["slot_hour_value"] == "14"
    assert values["slot_hour_open_rate_pct"] == "50.0%"
    full = {"best": {"basis": "weekday_hour", "weekday": "Monday", "hour_utc": 9, "open_rate": 0.4}}
    assert "slot_hour_value" not in derived_values("optimize_timing", full)


def _campaign_request(text: str) -> Request:
    catalog = Catalog(
        tenant_id="t",
        tenant_name="t",
        today=date(2026, 9, 1),
        current_event_id=None,
        entities={"campaign": [Entity("campaign", 3, "Agenda launch newsletter")]},
    )
    return Request(text, catalog, date(2026, 9, 1))


def test_the_next_newsletter_is_not_the_past_one() -> None:
    fill = RECORD_FILLERS["campaign_id"]
    arg = ArgSpec(tool="optimize_timing", name="campaign_id", schema={})
    assert fill(_campaign_request("best hour for the Agenda launch newsletter?"), arg) == 3
    assert fill(_campaign_request("best hour to send the next newsletter?"), arg) is None


def test_an_enum_value_is_read_from_the_words_as_typed() -> None:
    from adapters.offline.argument_fill import fill_one

    arg = ArgSpec(tool="escalate_to_human", name="reason", schema={"enum": REASONS})
    respelled = Request(
        "an email pending to be us asked for card numbers",
        None,
        date(2026, 9, 1),
        typed="an email pretending to be us asked for card numbers",
    )
    assert fill_one(arg, respelled) == "security"


def test_a_campaign_name_in_quotes_beside_the_noun() -> None:
    from adapters.offline.fillers import FILLERS

    arg = ArgSpec(tool="create_campaign", name="name", schema={"type": "string"})
    for text, name in [
        ("Crée une campagne e-mail « Derniers billets » pour le sommet", "Derniers billets"),
        ("Erstelle die Kampagne „Frühbucher“ bitte", "Frühbucher"),
        ("set up the 'Spring push' campaign", "Spring push"),
    ]:
        assert FILLERS["name"](Request(text, None, date(2026, 9, 1)), arg) == name


@pytest.mark.parametrize(
    ("text", "question"),
    [
        (
            "StreamHouse still hasn't confirmed. Don't chase them yet - when is their deadline?",
            True,
        ),
        ("The AV firm is late again. Don't escalate. Send them a reminder.", False),
        ("Harbor Catering still hasn't confirmed. By when do they have to confirm?", False),
    ],
)
def test_a_statement_beside_a_question_is_context_when_an_action_is_ruled_out(
    text: str, question: bool
) -> None:
    from domain.question_mood import asks_for_information

    assert asks_for_information(text) is question

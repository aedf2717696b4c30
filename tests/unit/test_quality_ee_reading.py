"""General reading fixes found with end-to-end dev set EE, each pinned by requests of my own.

None of these requests is in an eval set or the router's training file.

1. A statement of not knowing ("no idea when X confirms", "keine Ahnung, bis wann...",
   "je ne sais pas qui...") asks a question: no action is proposed for it
   (``domain.stated_unknowns``); with a verb of doing beside it, it still acts.
2. Discourse markers before a question word ("first, what's...", "anyway, which...") do
   not hide the question (``domain.question_mood``); "will X ...?" is a yes/no question.
3. A field named inside a question ("what's the next step there?") is asked about, not
   given the rest of the sentence as its new value (``adapters.offline.field_questions``).
4. A deal's end in idiom ("come through", "pull out", "walk away") asks for the deal's
   state (``question_kind`` "outcome").
5. A refund *rate* in es/fr/de is an analytics figure, not a support request.
"""

from __future__ import annotations

from datetime import date

import pytest

import tools  # noqa: F401  (registers every tool)
from adapters.offline.field_questions import asked_about, only_points_back
from adapters.offline.planner import make_plan
from adapters.offline.question_kind import question_kinds
from adapters.offline.request import Request
from adapters.offline.text import normal
from domain.question_mood import asks_for_information
from domain.stated_unknowns import states_unknown
from nodes.routing.lexicon import keyword_positions
from tests.offline_pickers import department_picker

TUESDAY = date(2026, 9, 1)


@pytest.mark.parametrize(
    "text",
    [
        "Honestly no clue by when the photographer has to confirm.",
        "not sure whether Bloom Decor signed the contract",
        "I can't remember who owns the wayfinding signs",
        "No sé cuándo tiene que confirmar el proveedor de catering.",
        "je ne sais pas quand le traiteur doit confirmer",
        "Keine Ahnung, bis wann der Caterer bestätigen muss.",
        "ich weiß nicht, wer die Shuttles organisiert",
    ],
)
def test_a_stated_unknown_asks(text: str) -> None:
    assert asks_for_information(text)


@pytest.mark.parametrize(
    "text",
    [
        "no idea when they confirm, so remind them please",
        "not sure when the caterer confirms - chase them",
        "I don't know the deadline",  # no question word: a statement, left to the rest
    ],
)
def test_a_stated_unknown_with_an_action_or_no_question_is_not_a_question(text: str) -> None:
    assert not asks_for_information(text)


def test_states_unknown_needs_the_question_word() -> None:
    assert states_unknown("no idea when the shuttle timetable is due")
    assert not states_unknown("no idea, just send it")


@pytest.mark.parametrize(
    "text",
    [
        "Don't touch the Granite Cloud deal. First, what stage is it in?",
        "anyway, which vendor still has to confirm?",
        "Right, how many opens did the newsletter get?",
        "Will the caterer sign the menu in time?",
    ],
)
def test_discourse_markers_and_will_keep_the_question(text: str) -> None:
    assert asks_for_information(text)


def test_will_you_is_still_a_request() -> None:
    assert not asks_for_information("Will you remind the caterer to confirm?")


def test_a_stated_unknown_proposes_no_reminder() -> None:
    picker = department_picker("operations")
    plan = make_plan(picker, Request("not sure when the AV vendor has to confirm", None, TUESDAY))
    assert "send_reminder" not in plan.steps


@pytest.mark.parametrize(
    ("before", "asked"),
    [
        ("what's the agreed ", True),
        ("Which is the ", True),
        ("¿cual es el ", True),
        ("set the ", False),
        ("change the Globex ", False),
    ],
)
def test_a_field_named_in_a_question_is_asked_about(before: str, asked: bool) -> None:
    assert asked_about(before) is asked


@pytest.mark.parametrize(
    ("value", "points_back"),
    [
        ("there?", True),
        ("with them", True),
        ("on that deal", True),
        ("send the revised deck", False),
        ("book a call with legal", False),
    ],
)
def test_a_value_that_only_points_back_is_none(value: str, points_back: bool) -> None:
    assert only_points_back(value) is points_back


def test_asking_the_next_step_writes_nothing() -> None:
    picker = department_picker("sales")
    text = "hold the meeting for now, but what's the next step with Globex?"
    plan = make_plan(picker, Request(text, None, TUESDAY))
    assert "update_crm" not in plan.steps


@pytest.mark.parametrize(
    "text",
    [
        "will Globex come through for us this year?",
        "did Initech pull out of the sponsorship?",
        "has Umbrella walked away?",
        "whether Hooli is likely to sign",
    ],
)
def test_deal_end_idioms_ask_the_outcome(text: str) -> None:
    assert "outcome" in question_kinds(normal(text))


@pytest.mark.parametrize(
    "text",
    [
        "Quel est le taux de remboursement du mois dernier ?",
        "¿Qué tasa de reembolsos tenemos?",
        "Wie hoch ist die Erstattungsquote?",
    ],
)
def test_a_refund_rate_is_an_analytics_figure(text: str) -> None:
    found = keyword_positions(text)
    assert "analytics" in found and "support" not in found


def test_a_refund_request_in_french_stays_with_support() -> None:
    assert "support" in keyword_positions("je voudrais un remboursement pour ma commande")


# 6. Praise for someone's work is small talk, like thanks: the question after it is read alone.
@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (
            "Great job on the speaker page! Which vendor still has to confirm?",
            "Which vendor still has to confirm?",
        ),
        ("Kudos on the banners. How many VIP tickets are left?", "How many VIP tickets are left?"),
        ("Beau travail sur la newsletter ! Combien d'ouvertures ?", "Combien d'ouvertures ?"),
    ],
)
def test_praise_is_small_talk(text: str, kept: str) -> None:
    from nodes.routing.units import without_pleasantries

    assert without_pleasantries(text) == kept


def test_praise_with_a_request_in_it_still_asks() -> None:
    from nodes.routing.units import without_pleasantries

    text = "Nice work on the deck, but send it to Leo"
    assert "send it to Leo" in without_pleasantries(text)


# 7. A "please" inside a sentence that only rules an action out asks for nothing to be done.
@pytest.mark.parametrize(
    "text",
    [
        "Bitte nichts verschicken. Wie viele Tickets sind noch übrig?",
        "Please don't chase anyone. Which deliverables are blocked?",
    ],
)
def test_please_in_a_ruling_out_sentence_keeps_the_question(text: str) -> None:
    assert asks_for_information(text)


def test_please_beside_a_command_still_commands() -> None:
    assert not asks_for_information("Bitte nichts eskalieren. Erinnere den Caterer.")
    assert not asks_for_information("Don't escalate. Could you remind the caterer please?")


# 8. Something stuck ("hängt fest", "steckt fest") is an operations task held up; "stuck",
# "blocked", banners and signage ask the deliverables check.
@pytest.mark.parametrize(
    "text", ["Warum hängt der neue Fahrplan fest?", "Woran stecken die Drucksachen fest?"]
)
def test_a_german_stuck_is_an_operations_word(text: str) -> None:
    assert "operations" in keyword_positions(text)


def test_a_stuck_task_is_a_deliverables_check() -> None:
    picker = department_picker("operations")
    plan = make_plan(picker, Request("Warum steckt die Beschilderung fest?", None, TUESDAY))
    assert plan.steps[:1] == ["check_deliverables"]


# 9. A short German question is told by its function words ("welcher", "steht", "kein").
@pytest.mark.parametrize(
    "text",
    [
        "In welchem Stadium steht der Deal mit Nova Metrics?",
        "Warum hat StreamHouse noch nicht bestätigt?",
        "Kein Reminder an TranslateNow. Wer ist dort zuständig?",
    ],
)
def test_short_german_questions_are_german(text: str) -> None:
    from domain.language import detect_language

    assert detect_language(text) == "de"


def test_english_with_a_shared_word_stays_english() -> None:
    from domain.language import detect_language

    text = "where does the Harbor Cloud deal stand, and who is the man in charge?"
    assert detect_language(text) == "en"


# 10. Doubt about reaching a target in the subjunctive asks the forecast ("dudo que
# alcancemos la meta", "je doute qu'on atteigne l'objectif").
@pytest.mark.parametrize(
    "text",
    [
        "no creo que lleguemos al objetivo de asistentes",
        "dudo que alcancemos la meta este mes",
        "je ne pense pas qu'on atteigne l'objectif",
    ],
)
def test_doubt_about_a_target_asks_the_forecast(text: str) -> None:
    assert "future" in question_kinds(normal(text))


# 11. Tickets that are slow to sell and a ticket target are analytics' words; an expected
# close is a deal's.
@pytest.mark.parametrize(
    ("text", "department"),
    [
        ("the Early Bird tickets are hardly selling", "analytics"),
        ("¿Cómo vamos con la meta de ventas?", "analytics"),
        ("Wie weit sind wir vom Ticketziel entfernt?", "analytics"),
        ("when do we expect the Granite Cloud deal to close?", "sales"),
        ("what's the expected close for Willow Labs?", "sales"),
    ],
)
def test_selling_pace_and_close_dates_name_their_department(text: str, department: str) -> None:
    assert department in keyword_positions(text)


# 12. Ticket sales and anything abnormal are analytics' words in es/fr/de too.
@pytest.mark.parametrize(
    "text",
    [
        "Les ventes de billets stagnent depuis lundi",
        "Hubo algo inusual en las ventas?",
        "Gab es ungewöhnliche Tage beim Ticketverkauf?",
    ],
)
def test_ticket_sales_and_abnormal_days_are_analytics_words(text: str) -> None:
    assert "analytics" in keyword_positions(text)

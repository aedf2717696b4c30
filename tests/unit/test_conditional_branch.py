"""An action asked for only if something holds is proposed only when the read says it
holds; a condition nothing can check keeps it out (issue 9, conditionals)."""

from __future__ import annotations

import pytest

from adapters.offline.answers import branch_not_taken
from adapters.offline.conditional_branch import branch_for, condition_clause

BOUND = {
    "generate_status_report",
    "analyze_campaign",
    "monitor_metrics",
    "lookup_ticket",
    "send_reminder",
    "process_refund",
    "ab_test",
}


@pytest.mark.parametrize(
    ("text", "clause"),
    [
        ("In case PhotoLane hasn't confirmed, send them a reminder.", "PhotoLane hasn't confirmed"),
        (
            "Si el pedido ORD-1 costó menos de 500 dólares, reembólsalo",
            "el pedido ORD-1 costó menos de 500 dólares",
        ),
        (
            "Wenn die Bestellung unter 100 liegt, dann erstatte sie",
            "die Bestellung unter 100 liegt",
        ),
        ("Sí, envíalo", None),
        ("send the reminder", None),
        ("if possible", None),
        ("If you can, send StreamHouse a reminder", None),
        ("If it's not too much trouble, refund ORD-10501", None),
        ("si puedes, mándale un recordatorio a StreamHouse", None),
    ],
)
def test_the_condition_a_request_opens_with(text: str, clause: str | None) -> None:
    assert condition_clause(text) == clause


def test_a_vendor_state_is_read_from_the_status_report() -> None:
    branch = branch_for(
        "If TranslateNow still hasn't confirmed, ping them", ["send_reminder"], BOUND, True, False
    )
    assert branch is not None and branch.read == "generate_status_report"
    report = {"sections": {"vendors": {"vendors": [{"vendor_id": 9, "status": "confirmed"}]}}}
    assert branch.verdict([("generate_status_report", report)], [9]) == (False, "confirmed")
    report["sections"]["vendors"]["vendors"][0]["status"] = "pending"
    assert branch.verdict([("generate_status_report", report)], [9]) == (True, "pending")


def test_a_rate_bound_is_read_from_the_campaign() -> None:
    branch = branch_for(
        "If the click rate of the retargeting is below 2%, set up an A/B test",
        ["ab_test"],
        BOUND,
        False,
        True,
    )
    assert branch is not None and branch.read == "analyze_campaign"
    result = {"rates": {"click_rate": 0.097}}
    assert branch.verdict([("analyze_campaign", result)], []) == (False, "9.7%")


@pytest.mark.parametrize(
    ("text", "amount", "holds"),
    [
        ("if ORD-10501 cost less than 500, refund it", 349, True),
        ("Si el pedido ORD-10500 costó menos de 500 dólares, reembólsalo", 1250, False),
        ("Wenn die Bestellung ORD-10500 weniger als 2000 kostet, erstatte sie", 1250, True),
    ],
)
def test_an_amount_bound_is_read_from_the_order(text: str, amount: int, holds: bool) -> None:
    branch = branch_for(text, ["lookup_ticket", "process_refund"], BOUND, False, False)
    assert branch is not None and branch.read == "lookup_ticket"
    assert branch.tools == {"process_refund"}
    assert branch.verdict([("lookup_ticket", {"amount": str(amount)})], [])[0] is holds


@pytest.mark.parametrize(
    "text",
    [
        "if the keynote speaker's flight lands late tomorrow, send Atlas Shuttles a reminder",
        "if it rains on the day, remind StreamHouse",
        "si llueve mañana, mándale un recordatorio a StreamHouse",
    ],
)
def test_a_condition_nothing_can_check_holds_the_action_back(text: str) -> None:
    branch = branch_for(text, ["send_reminder"], BOUND, True, False)
    assert branch is not None and branch.read is None
    assert branch.verdict([], [])[0] is None


def test_conditions_graded_by_their_checks_are_left_to_them() -> None:
    text = "if ticket sales are still under 4,000, escalate it to the ops lead"
    assert branch_for(text, ["escalate_issue"], BOUND, False, False) is None
    assert (
        branch_for("if it rains, tell me the weather", ["lookup_ticket"], BOUND, False, False)
        is None
    )


def test_the_answer_quotes_the_condition_as_typed() -> None:
    line = branch_not_taken(["send_reminder"], "Bloom Decor hasn't confirmed", "confirmed")
    assert "Bloom Decor hasn't confirmed" in line and "confirmed" in line
    unknown = branch_not_taken(["send_reminder"], "the flight lands late", None, "es")
    assert "the flight lands late" in unknown and "No propuesto" in unknown


@pytest.mark.parametrize(
    ("text", "clause"),
    [
        (
            "If you can't reach Bloom Decor by noon, escalate it",
            "you can't reach Bloom Decor by noon",
        ),
        (
            "If you can't find ORD-10404 in the system, escalate it to a human",
            "you can't find ORD-10404 in the system",
        ),
        ("If that's okay with the client, refund ORD-10404", "that's okay with the client"),
        ("If possible delays hit the venue, escalate it", "possible delays hit the venue"),
        ("If you could not verify the order, escalate it", "you could not verify the order"),
        ("Si puedes confirmar que no vienen, reembolsa ORD-1", "puedes confirmar que no vienen"),
        ("If you can get hold of PhotoLane, send them a reminder", "you can get hold of PhotoLane"),
        ("Wenn du kannst nicht erreichen, eskaliere es", "du kannst nicht erreichen"),
        ("If you have a minute, refund ORD-10501", None),
        ("wenn du kannst, schick ihnen eine Erinnerung", None),
        ("If you can please, send StreamHouse a reminder", None),
    ],
)
def test_a_courtesy_is_the_whole_condition_or_none(text: str, clause: str | None) -> None:
    assert condition_clause(text) == clause


@pytest.mark.parametrize(
    "text",
    [
        "If TranslateNow has failed to confirm, ping them",
        "If TranslateNow has still to confirm, ping them",
        "If TranslateNow is yet to confirm, ping them",
        "If TranslateNow confirmed nothing, ping them",
        "If TranslateNow never confirmed, ping them",
        "Wenn TranslateNow nichts bestätigt hat, erinnere sie",
    ],
)
def test_a_negated_predicate_sends_the_reminder_only_when_not_confirmed(text: str) -> None:
    branch = branch_for(text, ["send_reminder"], BOUND, True, False)
    assert branch is not None and branch.read == "generate_status_report" and branch.negated


@pytest.mark.parametrize(
    "text",
    [
        "If TranslateNow is confirmed and no one objects, ping them",
        "If TranslateNow has confirmed but the client is not happy, ping them",
    ],
)
def test_a_conjunct_the_report_cannot_settle_holds_the_action_back(text: str) -> None:
    branch = branch_for(text, ["send_reminder"], BOUND, True, False)
    assert branch is not None and branch.read is None


def test_vendors_joined_in_the_subject_are_still_one_condition() -> None:
    branch = branch_for(
        "If Bloom Decor and PhotoLane haven't confirmed, ping them",
        ["send_reminder"],
        BOUND,
        True,
        False,
    )
    assert branch is not None and branch.read == "generate_status_report" and branch.negated

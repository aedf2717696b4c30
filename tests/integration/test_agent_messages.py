"""Agent-to-agent messages and the follow-up agent's handling, on SQLite and Postgres."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from domain.agent_messages import (
    handle_followup_notification,
    list_messages,
    respond,
    send_message,
)
from domain.demo import anchors
from domain.errors import InvalidArgumentError, NotFoundError
from domain.models import AgentConfig, AgentMessage, Contact, FollowUp, MessageType
from domain.sales.followups import followup_moment, followup_type
from domain.sales.outreach_drafts import save_outreach_draft
from domain.scope import Scope


def _contact_id(scope: Scope, email: str) -> int:
    contact_id = scope.session.scalar(
        select(Contact.id).where(Contact.tenant_id == scope.tenant_id, Contact.email == email)
    )
    assert contact_id is not None
    return contact_id


def _followups(scope: Scope, contact_id: int) -> list[FollowUp]:
    return list(
        scope.session.scalars(
            select(FollowUp)
            .where(FollowUp.tenant_id == scope.tenant_id, FollowUp.contact_id == contact_id)
            .order_by(FollowUp.id)
        )
    )


def _notify(scope: Scope, contact_ids: list[int], days: int, **extra: object) -> AgentMessage:
    payload = {"contact_ids": contact_ids, "follow_up_in_days": days, **extra}
    return send_message(scope, "sales", "followup", "notification", payload)


MATEO = "mateo.schmidt@acmecloud.example"
EMMA = "emma.rossi@acmecloud.example"


def test_send_and_list_messages_by_agent(scope: Scope) -> None:
    first = send_message(scope, "research", "sales", MessageType.NOTIFICATION, {"note": "a"})
    second = send_message(
        scope, "sales", "planning", "request", {"q": "b"}, priority="high", requires_response=True
    )

    assert [m.id for m in list_messages(scope, "sales")] == [second.id, first.id]
    assert [m.id for m in list_messages(scope, "research")] == [first.id]
    assert list_messages(scope, "marketing") == []
    assert [m.id for m in list_messages(scope, limit=1)] == [second.id]
    assert (second.priority, second.requires_response, second.read_at) == ("high", True, None)


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"from_agent": "ghost"}, "from_agent"),
        ({"to_agent": "nobody"}, "to_agent"),
        ({"message_type": "gossip"}, "message_type"),
        ({"priority": "whenever"}, "priority"),
    ],
)
def test_bad_message_arguments_name_the_argument(
    scope: Scope, kwargs: dict[str, str], argument: str
) -> None:
    base = {"from_agent": "sales", "to_agent": "followup", "message_type": "notification"}
    call = {**base, **kwargs}
    priority = call.pop("priority", "medium")
    with pytest.raises(InvalidArgumentError) as error:
        send_message(scope, payload={}, priority=priority, **call)  # type: ignore[arg-type]
    assert error.value.argument == argument


def test_respond_links_the_answer_and_is_idempotent(scope: Scope) -> None:
    request = send_message(
        scope, "sales", "research", "request", {"ask": "speaker X"}, thread_id="th-1"
    )

    answer = respond(scope, request.id, {"found": "published on MLOps"})
    again = respond(scope, request.id, {"found": "something else"})

    assert (answer.from_agent, answer.to_agent, answer.message_type) == (
        "research",
        "sales",
        "response",
    )
    assert (answer.response_to_id, answer.thread_id) == (request.id, "th-1")
    assert again.id == answer.id and again.payload == {"found": "published on MLOps"}
    assert request.responded_at is not None and request.read_at is not None
    with pytest.raises(InvalidArgumentError, match="is a response"):
        respond(scope, answer.id, {})
    with pytest.raises(NotFoundError) as missing:
        respond(scope, 10**9, {})
    assert missing.value.argument == "message_id"


def test_notification_schedules_reminders_after_the_delay_and_skips_unreachable(
    scope: Scope,
) -> None:
    mateo, emma = _contact_id(scope, MATEO), _contact_id(scope, EMMA)
    opted_out = _contact_id(scope, anchors.OPTED_OUT_EMAIL)
    bounced = _contact_id(scope, anchors.BOUNCED_EMAIL)
    draft = save_outreach_draft(
        scope, contact_id=mateo, subject="Hi", body="Hello", personalization={}
    )
    message = _notify(scope, [mateo, emma, opted_out, bounced], 3, draft_ids=[draft.id])

    outcome = handle_followup_notification(scope, message)

    assert [s["contact_id"] for s in outcome["scheduled"]] == [mateo, emma]
    assert {s["contact_id"]: s["skipped"] for s in outcome["skipped"]} == {
        opted_out: "opted out",
        bounced: "email bounced",
    }
    [row] = _followups(scope, mateo)
    assert row.scheduled_for.date() == date(2026, 9, 4)  # business today 2026-09-01 + 3 days
    assert (row.followup_type, row.attempt, row.status) == ("reminder", 1, "scheduled")
    assert row.original_draft_id == draft.id
    assert _followups(scope, emma)[0].original_draft_id is None
    assert _followups(scope, opted_out) == [] and _followups(scope, bounced) == []
    assert message.read_at is not None and outcome["escalation_message_id"] is None

    replay = handle_followup_notification(scope, message)

    assert replay["scheduled"] == []
    assert len(_followups(scope, mateo)) == 1 and len(_followups(scope, emma)) == 1


def test_later_attempts_add_value_then_escalate_past_the_tenant_limit(scope: Scope) -> None:
    mateo = _contact_id(scope, MATEO)
    config = scope.session.scalars(
        select(AgentConfig).where(
            AgentConfig.tenant_id == scope.tenant_id, AgentConfig.agent == "sales"
        )
    ).one()
    config.max_followups = 2

    types = []
    for _ in range(3):
        outcome = handle_followup_notification(scope, _notify(scope, [mateo], 2))
        [scheduled] = outcome["scheduled"]
        types.append(scheduled["followup_type"])
        _followups(scope, mateo)[-1].status = "executed"  # the follow-up went out

    assert types == ["reminder", "value_add", "escalation"]
    [escalation] = [m for m in list_messages(scope, "user") if m.message_type == "escalation"]
    assert escalation.payload["contact_ids"] == [mateo]
    assert escalation.from_agent == "followup" and escalation.requires_response


def test_follow_up_on_the_event_eve_moves_two_days_before_the_event(scope: Scope) -> None:
    mateo = _contact_id(scope, MATEO)
    days_to_eve = anchors.EVENT_STARTS_IN_DAYS - 1  # would land on 2026-10-12, the eve

    outcome = handle_followup_notification(scope, _notify(scope, [mateo], days_to_eve))

    [scheduled] = outcome["scheduled"]
    assert scheduled["scheduled_for"] == "2026-10-11"  # the event starts 2026-10-13


def test_followup_dates_and_types_as_pure_rules() -> None:
    now = datetime(2026, 9, 1, 12, tzinfo=UTC)
    assert followup_moment(now, 3, date(2026, 10, 13)) == now + timedelta(days=3)
    assert followup_moment(now, 30, date(2026, 9, 20)) == datetime(2026, 9, 18, 12, tzinfo=UTC)
    assert followup_moment(now, 3, date(2026, 9, 3)) is None  # the eve is tomorrow
    assert followup_moment(now, 3, None) == now + timedelta(days=3)
    assert [followup_type(a, 3) for a in (1, 2, 3, 4)] == [
        "reminder",
        "value_add",
        "check_in",
        "escalation",
    ]


def test_only_follow_up_notifications_are_handled(scope: Scope) -> None:
    request = send_message(scope, "sales", "followup", "request", {"contact_ids": [1]})
    with pytest.raises(InvalidArgumentError, match="not a notification"):
        handle_followup_notification(scope, request)
    bad_delay = _notify(scope, [1], 0)
    bad_delay.payload = {"contact_ids": [1], "follow_up_in_days": -2}
    with pytest.raises(InvalidArgumentError) as error:
        handle_followup_notification(scope, bad_delay)
    assert error.value.argument == "follow_up_in_days"

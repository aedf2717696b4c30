"""The compact AG-UI state: plan progress, waiting approvals, outcomes, the answer."""

from __future__ import annotations

from typing import Any

from server.agui_state import UI_KEYS, ui_state


def step(step_id: str, department: str, *depends_on: str) -> dict[str, Any]:
    return {
        "id": step_id,
        "department": department,
        "task": "t",
        "playbook": None,
        "depends_on": list(depends_on),
    }


def outcome(action_id: str, status: str) -> dict[str, Any]:
    action = {"action_id": action_id, "department": "sales", "tool": "send_email"}
    reasons = [{"rule": "external_default", "message": "needs a human"}]
    return {
        "action": {**action, "args": {"to": "x@y.z"}, "summary": "Email X", "facts": {}},
        "status": status,
        "reasons": reasons,
    }


def test_progress_tells_waiting_working_done_and_error_steps() -> None:
    plan = [
        step("s1", "analytics"),
        step("s2", "research"),
        step("s3", "sales", "s1", "s2"),
        step("s4", "marketing", "s2"),
    ]
    results = {"s1": {"status": "done", "data": {"big": "x" * 5000}}, "s2": {"status": "error"}}
    view = ui_state({"plan": plan, "results": results, "route": {"agents": ["analytics"]}})

    assert [(p["step"], p["status"]) for p in view["progress"]] == [
        ("s1", "done"),
        ("s2", "error"),
        ("s3", "working"),
        ("s4", "working"),
    ]
    assert view["agents"] == ["analytics"]
    assert "x" * 100 not in str(view)  # department data stays on the server


def test_only_waiting_actions_are_approvals_and_every_action_has_an_outcome() -> None:
    actions = {"a": outcome("a", "awaiting_approval"), "b": outcome("b", "executed")}
    view = ui_state({"actions": actions, "answer": "Done.", "messages": ["m"] * 50})

    assert view["approvals"] == [
        {
            "action_id": "a",
            "tool": "send_email",
            "department": "sales",
            "summary": "Email X",
            "reasons": ["needs a human"],
        }
    ]
    assert [(o["action_id"], o["status"]) for o in view["outcomes"]] == [
        ("a", "awaiting_approval"),
        ("b", "executed"),
    ]
    assert view["reply"] == "Done."
    assert tuple(view) == UI_KEYS


def test_an_empty_state_is_an_empty_view() -> None:
    assert ui_state(None) == {
        "agents": [],
        "progress": [],
        "approvals": [],
        "outcomes": [],
        "reply": "",
    }

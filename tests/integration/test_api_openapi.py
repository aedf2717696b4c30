"""The OpenAPI document: every REST operation summarised, typed, and its errors documented."""

from __future__ import annotations

from typing import Any

import pytest

from server.app import create_app

NOT_REST = {"/health/live", "/health/ready", "/agui", "/unsubscribe"}


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return create_app().openapi()


def operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, methods in spec["paths"].items()
        if path not in NOT_REST
        for method, operation in methods.items()
    ]


def test_every_operation_has_a_summary_a_typed_success_and_documented_errors(
    spec: dict[str, Any],
) -> None:
    found = operations(spec)
    assert len(found) == 81  # 49 console + 32 LangGraph server API (/langgraph)
    for method, path, operation in found:
        where = f"{method} {path}"
        assert operation.get("summary") and operation.get("tags"), where
        success = [code for code in operation["responses"] if code.startswith("2")]
        assert len(success) == 1, where
        if success == ["204"]:  # a deletion answers with no body
            assert "content" not in operation["responses"]["204"], where
            continue
        content = operation["responses"][success[0]]["content"]
        media = "text/event-stream" if path.endswith("/stream") else "application/json"
        assert list(content) == [media], where
        assert content[media].get("schema") or content[media].get("itemSchema"), where
        for code in ("401", "422"):
            error = operation["responses"][code]["content"]["application/json"]["schema"]
            assert error == {"$ref": "#/components/schemas/ErrorBody"}, (where, code)


def test_writes_document_conflicts_and_unreadable_bodies(spec: dict[str, Any]) -> None:
    paths = spec["paths"]
    for path in ("/threads/{thread_id}/runs", "/threads/{thread_id}/runs/stream"):
        assert {"400", "404", "409", "413"} <= set(paths[path]["post"]["responses"]), path
    assert "409" in paths["/threads"]["post"]["responses"]
    assert "409" in paths["/approvals/{approval_id}/approve"]["post"]["responses"]
    limit = next(p for p in paths["/runs"]["get"]["parameters"] if p["name"] == "limit")["schema"]
    assert (limit["minimum"], limit["maximum"], limit["default"]) == (1, 200, 50)

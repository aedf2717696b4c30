"""Agents over REST: the six departments, their tools and their seed 001 configuration."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from tests.api_helpers import Api, serve, serve_demo_copy

SHARED = pytest.mark.asyncio(loop_scope="module")
"""The mark of a read-only case on ``shared_api`` (the module's app runs in the module's loop)."""


@pytest.fixture
async def api(fresh_demo_url: str, tmp_path: Path) -> AsyncIterator[Api]:
    async with serve(fresh_demo_url, tmp_path / "data") as running:
        yield running


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def shared_api(
    demo_sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Api]:
    """One app for the cases that change nothing (reads, refused patches, unknown agents)."""
    async with serve_demo_copy(demo_sqlite_template, tmp_path_factory.mktemp("agents")) as running:
        yield running


@SHARED
async def test_the_six_agents_with_defaults_and_tools(shared_api: Api) -> None:
    api = shared_api
    agents = (await api.a.get("/agents")).json()
    assert [a["agent"] for a in agents] == [
        "sales",
        "marketing",
        "operations",
        "support",
        "analytics",
        "research",
    ]
    support = next(a for a in agents if a["agent"] == "support")
    assert {k: support[k] for k in ("enabled", "autonomy_mode", "auto_approve", "tone")} == {
        "enabled": True,
        "autonomy_mode": "assisted",
        "auto_approve": False,
        "tone": "professional",
    }
    effects = {t["name"]: t["effect"] for t in support["tools"]}
    assert effects["process_refund"] == "external"
    assert effects["search_knowledge_base"] == "read"
    assert all(t["description"] and "\n" not in t["description"] for t in support["tools"])
    assert (await api.a.get("/agents/support")).json() == support


async def test_patch_changes_only_what_is_sent_and_is_audited(api: Api) -> None:
    before = (await api.a.get("/agents/sales")).json()
    response = await api.a.patch(
        "/agents/sales",
        json={
            "enabled": False,
            "autonomy_mode": "review_only",
            "tone": "friendly",
            "max_followups": 5,
        },
    )
    assert response.status_code == 200
    after = response.json()
    changed = {k for k in before if before[k] != after[k]}
    assert changed == {"enabled", "autonomy_mode", "tone", "max_followups", "updated_at"}
    assert (after["enabled"], after["autonomy_mode"], after["tone"], after["max_followups"]) == (
        False,
        "review_only",
        "friendly",
        5,
    )
    assert (await api.a.get("/agents/sales")).json() == after
    unchanged = await api.a.patch("/agents/sales", json={"tone": None})
    assert unchanged.json() == after

    activity = (await api.a.get("/activity", params={"agent": "sales"})).json()["items"]
    configured = [i for i in activity if i["event"] == "configured"]
    assert len(configured) == 1
    assert configured[0]["detail"]["changes"]["tone"] == ["professional", "friendly"]
    assert configured[0]["actor"] == "key:tests" and configured[0]["agents"] == ["sales"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"max_followups": 11}, "max_followups: Input should be less than or equal to 10"),
        (
            {"max_daily_outreach": -1},
            "max_daily_outreach: Input should be greater than or equal to 0",
        ),
        (
            {"followup_delay_days": 0},
            "followup_delay_days: Input should be greater than or equal to 1",
        ),
        (
            {"autonomy_mode": "yolo"},
            "autonomy_mode: Input should be 'full_auto', 'assisted' or 'review_only'",
        ),
        ({"tone": "angry"}, "tone: Input should be 'professional', 'friendly' or 'casual'"),
        ({"temperature": 1}, "temperature: Extra inputs are not permitted"),
        ({"enabled": "maybe"}, "enabled: Input should be a valid boolean"),
        ({"enabled": "yes"}, "enabled: Input should be a valid boolean"),  # strict: no guessing
        ({"auto_approve": 1}, "auto_approve: Input should be a valid boolean"),
        ({"max_followups": "3"}, "max_followups: Input should be a valid integer"),
        ({"max_followups": 3.0}, "max_followups: Input should be a valid integer"),
        ({"max_followups": True}, "max_followups: Input should be a valid integer"),
    ],
)
@SHARED
async def test_bad_settings_are_422_naming_the_setting(
    shared_api: Api, body: dict[str, Any], message: str
) -> None:
    api = shared_api
    before = (await api.a.get("/agents/marketing")).json()
    response = await api.a.patch("/agents/marketing", json=body)
    assert response.status_code == 422
    assert response.json()["error"] == message
    assert (await api.a.get("/agents/marketing")).json() == before


@SHARED
async def test_unknown_agents_are_404_and_a_key_is_required(shared_api: Api) -> None:
    api = shared_api
    for response in (
        await api.a.get("/agents/finance"),
        await api.a.patch("/agents/finance", json={}),
    ):
        assert response.status_code == 404
        assert response.json()["error"] == "no agent 'finance' for this tenant (agent)"
    assert (await api.anonymous.get("/agents")).status_code == 401
    bad_key = await api.anonymous.get("/agents", headers={"Authorization": "Bearer sb_nope"})
    assert bad_key.status_code == 401

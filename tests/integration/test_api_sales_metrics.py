"""``/metrics/tickets`` and ``/metrics/funnel``: the console's sales charts, from the demo."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.api_helpers import Api, serve


@pytest.fixture
async def api(fresh_demo_url: str, tmp_path: Path) -> AsyncIterator[Api]:
    async with serve(fresh_demo_url, tmp_path / "data") as running:
        yield running


async def test_ticket_forecast_has_an_interval_around_the_point(api: Api) -> None:
    response = await api.a.get("/metrics/tickets")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["low"] <= body["point"] <= body["high"]
    assert body["low"] < body["high"]
    assert body["sold_so_far"] > 0 and body["days_to_event"] > 0
    assert body["cumulative"] and all("days_out" in row for row in body["cumulative"])
    # The same numbers the analytics agent quotes (the demo's daily insights).
    assert body["method"] in {"curve_ratio", "velocity"}


async def test_funnel_narrows_from_reach_to_conversions(api: Api) -> None:
    body = (await api.a.get("/metrics/funnel")).json()
    assert body["event"]
    email = [c for c in body["campaigns"] if c["channel"] == "email"]
    assert email
    for campaign in email:
        assert campaign["delivered"] >= campaign["opens"] >= campaign["clicks"]
        assert campaign["clicks"] >= campaign["conversions"]

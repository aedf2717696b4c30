"""The API docs open with no internet: Swagger UI and ReDoc are served by the app itself."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from server.app import create_app


def test_docs_pages_load_only_this_servers_assets() -> None:
    client = TestClient(create_app())  # no lifespan: the pages need no database
    for page in ("/docs", "/redoc"):
        html = client.get(page)
        assert html.status_code == 200, page
        sources = re.findall(r'(?:src|href)="([^"]+)"', html.text)
        assert sources, page
        assert all(not s.startswith(("http://", "https://", "//")) for s in sources), sources
        for asset in sources:
            if asset.endswith((".js", ".css")):
                loaded = client.get(asset)
                assert loaded.status_code == 200 and len(loaded.content) > 10_000, asset
    assert client.get("/openapi.json").json()["info"]["title"] == "Switchboard"

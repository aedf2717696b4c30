"""Browser tests: Debian's Chromium (Playwright) against a real ``switchboard serve``.

One server (SQLite copy of the demo, offline model, the built bundle and its Node
CopilotKit runtime) and one browser are shared by the module; each test gets a fresh
browser context (its own cookies) signed in with a key, as a person would. A failing
test leaves a screenshot in ``var/artifacts/browser/`` (CI keeps that folder).

Chromium comes from Debian (``apt-get install chromium``; ``.ci/run`` installs it), never
from ``playwright install``. The bundle is built here when ``web/dist`` is missing.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine

from domain.db import make_engine
from domain.demo import anchors
from tests.agui_client.driver import Server, new_key, start_server
from tests.process_helpers import Processes, cli_env, cli_processes

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"
ARTIFACTS = ROOT / "var" / "artifacts" / "browser"
CHROMIUM = Path("/usr/bin/chromium")


def _required(reason: str) -> None:
    import os  # tests may read the environment; the app's settings do not

    if os.environ.get("SWITCHBOARD_TEST_REQUIRE_SERVICES") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def web_bundle() -> Path:
    """``web/dist``, built now if missing (``npm ci`` must have run)."""
    if not CHROMIUM.exists():
        _required(f"{CHROMIUM} is missing (apt-get install -y chromium)")
    if not (WEB / "node_modules").is_dir():
        _required("web/node_modules is missing (npm --prefix web ci)")
    if not (WEB / "dist" / "index.html").is_file():
        npm = shutil.which("npm") or "npm"
        subprocess.run([npm, "run", "build"], cwd=WEB, check=True, timeout=600)
    return WEB / "dist"


@dataclass
class App:
    """The served app: its URL, database, a key, and how to restart it."""

    server: Server
    engine: Engine
    key: str
    procs: Processes
    env: dict[str, str]
    port: int

    @property
    def url(self) -> str:
        return self.server.url

    def restart(self) -> None:
        """Kill the server (SIGKILL, as a crash would) and start it again on the same port."""
        self.server.process.kill9()
        self.server = start_server(self.procs, self.env, self.port)


@pytest.fixture(scope="module")
def app(
    tmp_path_factory: pytest.TempPathFactory, demo_sqlite_template: Path, web_bundle: Path
) -> Iterator[App]:
    folder = tmp_path_factory.mktemp("browser")
    target = folder / "demo.db"
    target.write_bytes(demo_sqlite_template.read_bytes())
    url = f"sqlite:///{target}"
    engine = make_engine(url)
    env = cli_env(url, folder, web_dir=str(WEB))
    try:
        with cli_processes(folder) as procs:
            server = start_server(procs, env)
            port = int(server.url.rsplit(":", 1)[1])
            yield App(server, engine, new_key(engine, anchors.TENANT_ID), procs, env, port)
            server.process.kill9()
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        _required(f"{CHROMIUM} is missing (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield chromium
        chromium.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> object:
    report = yield
    if report.when == "call" and report.failed:  # type: ignore[attr-defined]
        page = getattr(item, "_browser_page", None)
        if page is not None:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            name = re.sub(r"[^\w.-]+", "_", item.nodeid)[-150:]
            # The page may be gone; the test's own error is what matters.
            with contextlib.suppress(Exception):
                page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    return report


@pytest.fixture
def page(request: pytest.FixtureRequest, browser: object, app: App) -> Iterator[object]:
    """A new browser context on the app, signed in with the test key as a person does."""
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.set_default_timeout(30_000)
    page = context.new_page()
    request.node._browser_page = page
    page.goto(f"{app.url}/app/")
    page.get_by_label("API key").fill(app.key)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("navigation", name="Console")).to_be_visible()
    yield page
    context.close()

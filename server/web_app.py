"""The browser app on the API's origin: its bundle at ``/app/`` and ``/copilotkit``.

One origin, so the session cookie is first-party and there is no CORS to configure:

- ``/app/…`` serves ``web/dist`` (the Vite build); unknown paths get ``index.html`` so
  the console's client-side routes survive a reload;
- ``/copilotkit/…`` is proxied to the CopilotKit runtime (``web/server/runtime.mjs``), a
  Node child process on a loopback port, started on the first request and stopped with
  the server (it also exits when its stdin, this process, goes away). The runtime calls
  back into ``POST /agui`` with the caller's session (``server.console_session``), so the
  tenant and role come from the signed-in key and no key is in the browser or the runtime.

The routes exist only when the bundle is built (``make run`` builds it) and
``SWITCHBOARD_WEB_ENABLED`` is on; they are not part of the OpenAPI document.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

import httpx
from fastapi import APIRouter, FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, RedirectResponse, Response, StreamingResponse
from starlette.background import BackgroundTask

from server import console_session
from switchboard.settings import Settings

log = logging.getLogger("switchboard.web")

_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}
_START_TIMEOUT = 60.0


class NodeRuntime:
    """The CopilotKit runtime child process, started once on demand."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.script = (settings.web_dir / "server" / "runtime.mjs").resolve()
        self.process: asyncio.subprocess.Process | None = None
        self.url: str | None = None
        self._lock = asyncio.Lock()
        self.client = httpx.AsyncClient(timeout=httpx.Timeout(10.0, read=None))

    async def base_url(self, api_url: str) -> str:
        """The runtime's address, starting it (pointed at ``api_url``) if it is not running."""
        async with self._lock:
            if self.url is not None and self.process and self.process.returncode is None:
                return self.url
            self.url = await self._start(api_url)
            return self.url

    async def _start(self, api_url: str) -> str:
        process = await asyncio.create_subprocess_exec(
            self.settings.node_binary,
            str(self.script),
            "--api",
            api_url,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            cwd=str(self.script.parent.parent),
        )
        self.process = process
        assert process.stdout is not None
        try:
            line = await asyncio.wait_for(process.stdout.readline(), _START_TIMEOUT)
        except TimeoutError:
            line = b""
        text = line.decode().strip()
        if not text.startswith("listening "):
            await self.stop()
            raise HTTPException(503, "the CopilotKit runtime did not start; see the server log")
        log.info("CopilotKit runtime %s (pid %s)", text, process.pid)
        return text.removeprefix("listening ").strip()

    async def stop(self) -> None:
        """Stop the child (it is ours: started by ``_start``)."""
        process, self.process, self.url = self.process, None, None
        await self.client.aclose()
        if process is None or process.returncode is not None:
            return
        process.terminate()
        try:
            await asyncio.wait_for(process.wait(), 5)
        except TimeoutError:
            process.kill()
            await process.wait()


def _api_url(request: Request) -> str:
    host, port = request.scope.get("server") or ("127.0.0.1", 8000)
    if host in ("0.0.0.0", "::", ""):
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


def _signed_in(request: Request) -> None:
    """A Bearer key or a well-signed, unexpired session (``POST /agui`` checks the key itself).

    Only the signature here: the database is not touched twice per chat request.
    """
    if request.headers.get("authorization"):
        return
    token = console_session.token_from(request)
    settings = request.app.state.runtime.services.settings
    if not token or console_session.read(settings, token) is None:
        raise HTTPException(401, "sign in first: the chat needs a console session")


def router_for(settings: Settings, node: NodeRuntime) -> APIRouter:
    """The bundle and the runtime proxy for ``settings.web_dir``."""
    dist = (settings.web_dir / "dist").resolve()
    router = APIRouter(include_in_schema=False)

    @router.get("/")
    def root() -> RedirectResponse:
        return RedirectResponse("/app/")

    @router.get("/app")
    @router.get("/app/{path:path}")
    def bundle(path: str = "") -> FileResponse:
        target = (dist / path).resolve()
        if path and target.is_file() and target.is_relative_to(dist):
            immutable = target.parent.name == "assets"  # Vite names them by content hash
            cache = "public, max-age=31536000, immutable" if immutable else "no-cache"
            return FileResponse(target, headers={"Cache-Control": cache})
        return FileResponse(dist / "index.html", headers={"Cache-Control": "no-cache"})

    @router.api_route("/copilotkit", methods=["GET", "POST"])
    @router.api_route("/copilotkit/{path:path}", methods=["GET", "POST"])
    async def copilotkit(request: Request, path: str = "") -> Response:
        _signed_in(request)  # 401 before anything reaches the runtime; /agui checks the key
        headers = {
            k: v
            for k, v in request.headers.items()
            if k.lower() not in _HOP_BY_HOP and k.lower() != "cookie"
        }
        token = console_session.token_from(request)
        if token and "authorization" not in {k.lower() for k in headers}:
            headers[console_session.HEADER] = token
        base = await node.base_url(_api_url(request))
        url = f"{base}/copilotkit" + (f"/{path}" if path else "")
        upstream = node.client.build_request(
            request.method,
            url,
            params=request.query_params,
            headers=headers,
            content=await request.body(),
        )
        try:
            answer = await node.client.send(upstream, stream=True)
        except httpx.HTTPError as exc:
            raise HTTPException(502, f"the CopilotKit runtime did not answer: {exc}") from exc
        kept = {k: v for k, v in answer.headers.items() if k.lower() not in _HOP_BY_HOP}
        return StreamingResponse(
            _relay(answer),
            status_code=answer.status_code,
            headers=kept,
            background=BackgroundTask(answer.aclose),
        )

    return router


async def _relay(answer: httpx.Response) -> AsyncIterator[bytes]:
    async for chunk in answer.aiter_raw():
        yield chunk


def install_web(app: FastAPI, settings: Settings) -> NodeRuntime | None:
    """Add the app's routes when the bundle is built; the runtime to stop at shutdown."""
    if not settings.web_enabled or not (settings.web_dir / "dist" / "index.html").is_file():
        return None
    node = NodeRuntime(settings)
    app.include_router(router_for(settings, node))
    return node


@contextlib.asynccontextmanager
async def web_lifetime(node: NodeRuntime | None) -> AsyncIterator[None]:
    """Stop the runtime child with the server."""
    try:
        yield
    finally:
        if node is not None:
            await node.stop()

"""LangGraph's server API under ``/langgraph``, for ``langgraph-sdk``, Studio and its UIs.

A client's base URL is ``http://HOST:PORT/langgraph`` with the API key in ``x-api-key``
(or ``Authorization: Bearer``). Paths and shapes are the server API's; the tenant, the
roles, the approvals and one run per thread are Switchboard's.
"""

from __future__ import annotations

from fastapi import APIRouter

from server.routers.langgraph_api import assistants, crons, meta, runs, threads

PREFIX = "/langgraph"
router = APIRouter(prefix=PREFIX)
router.include_router(meta.router)
router.include_router(assistants.router)
router.include_router(threads.router)
router.include_router(runs.router)
router.include_router(crons.router)

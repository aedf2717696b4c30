"""``/threads``: create and list threads, read their graph state and checkpoint history."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from langchain_core.runnables import RunnableConfig

from server.deps import OperatorScopeDep, PrincipalDep, RuntimeDep, ScopeDep
from server.routers.params import PageDep, ThreadIdPath
from server.schemas.common import BODY_ERRORS, ID_PATTERN, Page, error_responses
from server.schemas.threads import (
    CheckpointView,
    ThreadCreate,
    ThreadDetail,
    ThreadState,
    ThreadStatus,
    ThreadView,
)
from server.services.graph_views import checkpoint_view, thread_state
from server.services.ownership import thread_of_tenant
from server.services.thread_queries import create_thread, thread_detail, thread_page

router = APIRouter(prefix="/threads", tags=["threads"])


@router.post(
    "",
    response_model=ThreadView,
    status_code=201,
    summary="Create a thread",
    responses=error_responses(409, *BODY_ERRORS),
)
def post_thread(body: ThreadCreate, scope: OperatorScopeDep) -> ThreadView:
    """A new conversation thread (the server picks an id when none is given)."""
    return create_thread(scope, body)


@router.get(
    "",
    response_model=Page[ThreadView],
    summary="List threads, newest first",
    responses=error_responses(),
)
def list_threads(
    scope: ScopeDep,
    runtime: RuntimeDep,
    page: PageDep,
    status: Annotated[ThreadStatus | None, Query(description="Only threads in this state.")] = None,
) -> Page[ThreadView]:
    """The tenant's threads, newest first."""
    return thread_page(runtime.services, scope, page, status)


@router.get(
    "/{thread_id}",
    response_model=ThreadDetail,
    summary="One thread with its status",
    responses=error_responses(404),
)
def get_thread(thread_id: ThreadIdPath, scope: ScopeDep, runtime: RuntimeDep) -> ThreadDetail:
    """The thread record, its run count, last run and approvals waiting for a decision.

    ``recovering``: a process died with approved work unfinished on the thread; the
    next request on it (or the server's start-up sweep) finishes that work first.
    """
    return thread_detail(runtime.services, scope, thread_id)


@router.get(
    "/{thread_id}/state",
    response_model=ThreadState,
    summary="The thread's current graph state",
    responses=error_responses(404),
)
async def get_thread_state(
    thread_id: ThreadIdPath, runtime: RuntimeDep, principal: PrincipalDep
) -> ThreadState:
    """Messages (role and content), route, plan, result summaries, actions and interrupts."""
    await thread_of_tenant(runtime, principal, thread_id)
    snapshot = await runtime.graph.aget_state({"configurable": {"thread_id": thread_id}})
    return thread_state(thread_id, snapshot)


@router.get(
    "/{thread_id}/history",
    response_model=list[CheckpointView],
    summary="The thread's checkpoint history, newest first",
    responses=error_responses(404),
)
async def get_thread_history(
    thread_id: ThreadIdPath,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    limit: Annotated[int, Query(ge=1, le=200, description="Checkpoints to return.")] = 50,
    before: Annotated[
        str | None,
        Query(pattern=ID_PATTERN, description="Only checkpoints older than this one."),
    ] = None,
) -> list[CheckpointView]:
    """Each checkpoint's step, source, next nodes and time (top-level graph only)."""
    await thread_of_tenant(runtime, principal, thread_id)
    config: RunnableConfig = {"configurable": {"thread_id": thread_id}}
    before_config: RunnableConfig = {
        "configurable": {"thread_id": thread_id, "checkpoint_id": before}
    }
    return [
        checkpoint_view(snapshot)
        async for snapshot in runtime.graph.aget_state_history(
            config, limit=limit, before=before_config if before else None
        )
    ]

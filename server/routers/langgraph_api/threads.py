"""``/langgraph/threads``: threads, their state, history and state updates."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response

from server.deps import OperatorCtxDep, OperatorDep, PrincipalDep, RuntimeDep
from server.routers.params import ThreadIdPath
from server.schemas.common import BODY_ERRORS, ID_PATTERN, error_responses
from server.schemas.langgraph_api import (
    CheckpointQuery,
    HistoryQuery,
    StateUpdate,
    ThreadCreate,
    ThreadSearch,
)
from server.services.langgraph_api import threads

router = APIRouter(prefix="/threads", tags=["langgraph: threads"])
SubgraphsQuery = Annotated[bool, Query(description="Accepted; tasks carry no subgraph state.")]
CheckpointIdPath = Annotated[str, Path(pattern=ID_PATTERN, description="A checkpoint's id.")]


@router.post("", summary="Create a thread", responses=error_responses(409, *BODY_ERRORS))
async def create_thread(
    body: ThreadCreate, runtime: RuntimeDep, principal: OperatorDep
) -> dict[str, Any]:
    """A new thread; with ``thread_id`` and ``if_exists="do_nothing"``, the existing one."""
    return await threads.create(runtime, principal, body)


@router.post("/search", summary="Search threads", responses=error_responses(*BODY_ERRORS))
async def search_threads(
    body: ThreadSearch, runtime: RuntimeDep, principal: PrincipalDep
) -> list[Any]:
    """The caller's threads by status, ids or top-level values."""
    return await threads.search(runtime, principal, body)


@router.get("/{thread_id}", summary="One thread", responses=error_responses(404))
async def get_thread(
    thread_id: ThreadIdPath, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    """The thread with its status, values and interrupts."""
    return await threads.view(runtime, await threads.owned(runtime, principal, thread_id))


@router.delete(
    "/{thread_id}",
    status_code=204,
    summary="Delete a thread",
    responses=error_responses(404, 409),
)
async def delete_thread(
    thread_id: ThreadIdPath, runtime: RuntimeDep, principal: OperatorDep
) -> Response:
    """Its checkpoints and records; refused while it runs or waits for approvals."""
    await threads.owned(runtime, principal, thread_id)
    await threads.delete(runtime, principal, thread_id)
    return Response(status_code=204)


@router.get("/{thread_id}/state", summary="The thread's state", responses=error_responses(404))
async def get_state(
    thread_id: ThreadIdPath,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    subgraphs: SubgraphsQuery = False,
) -> dict[str, Any]:
    """Values, next nodes, tasks with their interrupts, and checkpoint ids."""
    await threads.owned(runtime, principal, thread_id)
    return await threads.state(runtime, thread_id)


@router.get(
    "/{thread_id}/state/{checkpoint_id}",
    summary="The thread's state at a checkpoint",
    responses=error_responses(404),
)
async def get_state_at(
    thread_id: ThreadIdPath,
    checkpoint_id: CheckpointIdPath,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    subgraphs: SubgraphsQuery = False,
) -> dict[str, Any]:
    """The state as that checkpoint saved it."""
    await threads.owned(runtime, principal, thread_id)
    return await threads.state(runtime, thread_id, checkpoint_id)


@router.post(
    "/{thread_id}/state/checkpoint",
    summary="The thread's state at a checkpoint",
    responses=error_responses(404, *BODY_ERRORS),
)
async def post_state_at(
    thread_id: ThreadIdPath, body: CheckpointQuery, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    """The state at ``checkpoint.checkpoint_id`` (in ``checkpoint_ns``, when given)."""
    await threads.owned(runtime, principal, thread_id)
    checkpoint_id = body.checkpoint.get("checkpoint_id")
    ns = str(body.checkpoint.get("checkpoint_ns") or "")
    return await threads.state(runtime, thread_id, str(checkpoint_id or "") or None, ns)


@router.post(
    "/{thread_id}/state",
    summary="Add messages to the thread's state",
    responses=error_responses(404, 409, *BODY_ERRORS),
)
async def update_state(
    thread_id: ThreadIdPath,
    body: StateUpdate,
    runtime: RuntimeDep,
    principal: OperatorDep,
    context: OperatorCtxDep,
) -> dict[str, Any]:
    """Writes ``{messages}`` only, and only while the thread waits for nothing."""
    await threads.owned(runtime, principal, thread_id)
    return await threads.update_state(runtime, context, thread_id, body)


@router.post(
    "/{thread_id}/history",
    summary="The thread's checkpoints, newest first",
    responses=error_responses(404, *BODY_ERRORS),
)
async def post_history(
    thread_id: ThreadIdPath, body: HistoryQuery, runtime: RuntimeDep, principal: PrincipalDep
) -> list[Any]:
    """Each checkpoint's state, as ``get_state`` shows it."""
    await threads.owned(runtime, principal, thread_id)
    return await threads.history(runtime, thread_id, body)


@router.get(
    "/{thread_id}/history",
    summary="The thread's checkpoints, newest first",
    responses=error_responses(404),
)
async def get_history(
    thread_id: ThreadIdPath,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 10,
    before: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
) -> list[Any]:
    """Each checkpoint's state, as ``get_state`` shows it."""
    await threads.owned(runtime, principal, thread_id)
    return await threads.history(runtime, thread_id, HistoryQuery(limit=limit, before=before))

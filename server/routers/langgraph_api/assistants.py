"""``/langgraph/assistants``: the ``switchboard`` graph as the server's one assistant."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from domain.errors import NotFoundError
from server.deps import PrincipalDep, RuntimeDep
from server.schemas.common import BODY_ERRORS, ID_PATTERN, error_responses
from server.schemas.langgraph_api import AssistantSearch
from server.services.langgraph_api import shapes

router = APIRouter(prefix="/assistants", tags=["langgraph: assistants"])
AssistantIdPath = Annotated[
    str,
    Path(pattern=ID_PATTERN, description="The assistant's id, or its graph's (`switchboard`)."),
]


def _check(assistant_id: str) -> None:
    if not shapes.is_assistant(assistant_id):
        raise NotFoundError("assistant", assistant_id, argument="assistant_id")


@router.post(
    "/search",
    summary="Search assistants",
    responses=error_responses(*BODY_ERRORS),
)
def search_assistants(body: AssistantSearch, _: PrincipalDep) -> list[dict[str, Any]]:
    """The one assistant, when it matches the filters."""
    one = shapes.assistant()
    matches = (
        body.graph_id in (None, one["graph_id"])
        and body.name in (None, one["name"])
        and all(one["metadata"].get(k) == v for k, v in (body.metadata or {}).items())
    )
    return [one] if matches and body.offset == 0 else []


@router.post("/count", summary="Count assistants", responses=error_responses(*BODY_ERRORS))
def count_assistants(body: AssistantSearch, principal: PrincipalDep) -> int:
    """How many assistants match (0 or 1)."""
    return len(search_assistants(body, principal))


@router.get("/{assistant_id}", summary="One assistant", responses=error_responses(404))
def get_assistant(assistant_id: AssistantIdPath, _: PrincipalDep) -> dict[str, Any]:
    """The assistant (by its id or its graph id)."""
    _check(assistant_id)
    return shapes.assistant()


@router.get(
    "/{assistant_id}/graph", summary="The assistant's graph", responses=error_responses(404)
)
def get_assistant_graph(
    assistant_id: AssistantIdPath,
    runtime: RuntimeDep,
    _: PrincipalDep,
    xray: Annotated[int | bool, Query(description="Draw subgraphs this deep.")] = False,
) -> dict[str, Any]:
    """Nodes and edges as Studio draws them."""
    _check(assistant_id)
    depth = xray if isinstance(xray, bool) else max(0, min(int(xray), 5))
    drawn: dict[str, Any] = runtime.graph.get_graph(xray=depth).to_json()
    return drawn


def _json_schema(graph: Any, method: str) -> dict[str, Any] | None:
    """One of the graph's JSON schemas, or None where one cannot be drawn (as LangGraph's
    server answers: a subgraph state typed with ``typing.TypedDict`` has none)."""
    try:
        drawn: dict[str, Any] | None = getattr(graph, method)()
    except Exception:  # a schema is documentation; its absence is reported as None
        return None
    return drawn


def _schemas(graph: Any) -> dict[str, Any]:
    return {
        "graph_id": shapes.GRAPH_ID,
        "input_schema": _json_schema(graph, "get_input_jsonschema"),
        "output_schema": _json_schema(graph, "get_output_jsonschema"),
        "state_schema": _json_schema(graph, "get_input_jsonschema"),
        "config_schema": None,
        "context_schema": _json_schema(graph, "get_context_jsonschema"),
    }


@router.get(
    "/{assistant_id}/schemas", summary="The assistant's schemas", responses=error_responses(404)
)
def get_assistant_schemas(
    assistant_id: AssistantIdPath, runtime: RuntimeDep, _: PrincipalDep
) -> dict[str, Any]:
    """Input, output, state and context JSON schemas."""
    _check(assistant_id)
    return _schemas(runtime.graph)


@router.get(
    "/{assistant_id}/subgraphs",
    summary="The assistant's subgraphs",
    responses=error_responses(404),
)
def get_assistant_subgraphs(
    assistant_id: AssistantIdPath,
    runtime: RuntimeDep,
    _: PrincipalDep,
    recurse: bool = False,
) -> dict[str, Any]:
    """Each department subgraph's schemas, by namespace."""
    _check(assistant_id)
    return {ns: _schemas(sub) for ns, sub in runtime.graph.get_subgraphs(recurse=recurse)}

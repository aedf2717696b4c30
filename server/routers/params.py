"""Path and query parameters the routers share, validated before any query runs."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Query

from server.schemas.common import ID_PATTERN, MAX_ID, PageParams


async def page_params(
    limit: Annotated[int, Query(ge=1, le=200, description="Items per page (1 to 200).")] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000, description="Items to skip.")] = 0,
) -> PageParams:
    """``limit`` and ``offset`` from the query string."""
    return PageParams(limit=limit, offset=offset)


PageDep = Annotated[PageParams, Depends(page_params)]
ThreadIdPath = Annotated[
    str, Path(pattern=ID_PATTERN, description="The thread's id (1-64 letters, digits, '-' or '_').")
]
RunIdPath = Annotated[
    str, Path(pattern=ID_PATTERN, description="The run's id (1-64 letters, digits, '-' or '_').")
]
ApprovalIdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="The approval's id.")]

"""Make a compiled subgraph hand its parent only its output schema, however it is run.

A compiled graph used as a node returns ``output_schema``'s keys when the parent runs it
with ``invoke``/``ainvoke``. Under ``astream_events`` (what ``ag_ui_langgraph`` serves)
langgraph runs the node through ``astream`` instead, whose default output is the
graph's *stream channels*: every key of its working state. A department then wrote
``request`` and its agent's private ``messages`` back to the supervisor, and two
departments in the same superstep failed with ``InvalidUpdateError: At key 'request':
Can receive only one value per step`` (langgraph issue 3648 is the same family).

Narrowing the stream channels to the output channels gives both paths the same result.
The cost: ``get_state`` on the subgraph itself (Studio's subgraph view) shows only its
output keys; its nodes' updates still stream as before.
"""

from __future__ import annotations

from typing import Any, TypeVar

from langgraph.pregel import Pregel

G = TypeVar("G", bound=Pregel[Any, Any, Any, Any])


def returning_only_output(graph: G) -> G:
    """``graph`` with its stream channels narrowed to its output channels (in place)."""
    graph.stream_channels = graph.output_channels
    return graph

"""Schemathesis examples for the fuzz test, drawn in worker processes.

Drawing the examples is most of the fuzz test's time (about 100 of 150 s on a 2-core
machine: hypothesis-jsonschema drawing values and rejecting those that do not fit), and
it does not depend on what the server answers: the test body never fails, and with
``derandomize`` an operation's examples are a function of its schema. So worker
processes draw them while the test process sends those already drawn, operation by
operation in the schema's order: the server gets the same requests in the same order as
when each example was sent as soon as it was drawn.

An example crosses processes as the fields of its ``Case`` (its operation stays behind:
the test process rebuilds the case on its own copy of the operation).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import HypothesisDeprecationWarning, Unsatisfiable
from schemathesis import Case, GenerationMode
from schemathesis.core import NotSet

CASE_FIELDS = (
    "id",
    "method",
    "path",
    "path_parameters",
    "headers",
    "cookies",
    "query",
    "body",
    "media_type",
    "multipart_content_types",
    "meta",
)


@dataclass(frozen=True)
class Drawn:
    """One example: its case's fields, and the draws that name known records in it."""

    fields: dict[str, Any]
    swap: bool
    """Whether path parameters that can name a known record do."""
    pick: int
    """Which of the known records they name."""

    def case(self, operation: Any) -> Case:
        """The example as a case of ``operation`` (this process's copy of it)."""
        return Case(operation=operation, **self.fields)


def draw(operation: Any, mode: GenerationMode, examples: int) -> list[Drawn] | None:
    """The examples hypothesis draws for ``operation`` in ``mode``, in the order drawn;
    None when there is nothing to draw (e.g. nothing to violate in negative mode)."""
    drawn: list[Drawn] = []

    @given(
        example=st.tuples(
            operation.as_strategy(generation_mode=mode), st.booleans(), st.integers(0, 7)
        )
    )
    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def collect(example: tuple[Case, bool, int]) -> None:
        case, swap, pick = example
        fields = {name: getattr(case, name) for name in CASE_FIELDS}
        if isinstance(case.body, NotSet):  # the "no body" marker is compared by identity
            del fields["body"]
        drawn.append(Drawn(fields, swap, pick))

    try:
        collect()
    except Unsatisfiable:
        return None
    return drawn


_operations: dict[tuple[str, str], Any] = {}


def load_schema(openapi: dict[str, Any]) -> None:
    """Worker initialiser: the operations of the OpenAPI document, by method and path."""
    warnings.simplefilter("ignore", HypothesisDeprecationWarning)
    schema = schemathesis.openapi.from_dict(openapi)
    for result in schema.get_all_operations():
        operation = result.ok()
        _operations[(operation.method.upper(), operation.path)] = operation


def draw_in_worker(method: str, path: str, mode: str, examples: int) -> list[Drawn] | None:
    """``draw`` in a worker process set up by ``load_schema``."""
    return draw(_operations[(method, path)], GenerationMode(mode), examples)


def draw_in_worker_with_commands(
    method: str, path: str, mode: str, examples: int
) -> list[tuple[Drawn, str]]:
    """``draw_in_worker``, each example with the curl command of its case as drawn, so a
    test can check that the case rebuilt in another process sends the same request."""
    operation = _operations[(method, path)]
    drawn = draw(operation, GenerationMode(mode), examples) or []
    return [(example, example.case(operation).as_curl_command()) for example in drawn]

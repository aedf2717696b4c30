"""Property-based fuzzing of the OpenAPI spec with schemathesis: no request gets a 5xx.

The real app runs under uvicorn in a thread (its lifespan, offline model, SQLite demo
copy). Every documented operation gets positive (schema-valid) and negative
(schema-violating) examples from schemathesis, sent with a valid tenant key. Half of
the examples name records that exist (a thread waiting for approval with its run and
approval, an idle thread, two agents), so fuzzed bodies reach the deep paths (resuming
a graph with fuzzed edit arguments, runs of fuzzed text) instead of stopping at 404.

Checks: ``not_a_server_error`` must hold for every response (the test fails listing
each 5xx with a curl command to reproduce it). Status-code and response-schema
conformance are checked too, so the documentation matches what the API answers.
The counts per operation and status are printed (``pytest -s``).

Two worker processes draw the REST operations' examples (``tests.fuzz_cases``) while
this process sends the ones already drawn, in the schema's order: drawing is most of the
time and does not depend on the answers.
"""

from __future__ import annotations

import multiprocessing
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest
import requests
import schemathesis
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from server.app import create_app
from switchboard.settings import Settings
from tests.api_helpers import REFUND_REQUEST, TENANT_A, http_server, make_keys
from tests.fuzz_cases import (
    Drawn,
    draw,
    draw_in_worker,
    draw_in_worker_with_commands,
    load_schema,
)

EXAMPLES = 25
"""Examples per operation and generation mode (positive and negative)."""
AGUI_EXAMPLES = 10
"""/agui streams a whole graph run per valid example; fewer keep the test quick."""
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


@pytest.fixture
def server_url(fresh_demo_url: str, tmp_path: Path) -> Iterator[str]:
    """The app under uvicorn on a free port, in a thread of this process."""
    settings = Settings(
        database_url=fresh_demo_url,
        data_dir=tmp_path / "data",
        rate_limit_enabled=False,  # thousands of requests from one key: fuzz the routes, not 429
    )
    with http_server(create_app(settings)) as url:
        yield url


def known_records(base_url: str, headers: dict[str, str]) -> dict[str, list[Any]]:
    """Records fuzzed paths may name: a thread waiting for approval (with its run and
    approval), an idle thread (fuzzed requests really run there), two agents."""
    with httpx.Client(base_url=base_url, headers=headers, timeout=30) as client:
        waiting = client.post("/threads", json={"id": "fuzz-waiting"}).json()["id"]
        idle = client.post("/threads", json={"id": "fuzz-idle"}).json()["id"]
        started = client.post(f"/threads/{waiting}/runs", json={"text": REFUND_REQUEST})
        run_id = started.json()["run_id"]
        for _ in range(300):
            if client.get(f"/runs/{run_id}").json()["status"] != "running":
                break
            time.sleep(0.05)
        approvals = client.get("/approvals", params={"thread_id": waiting}).json()["items"]
        spare_keys = [
            client.post("/keys", json={"name": f"fuzz-spare-{n}"}).json()["key"]["id"]
            for n in range(2)
        ]
        cron = client.post("/crons", json={"name": "fuzz", "kind": "daily_insights"}).json()
    assert approvals, "the refund run should wait for approval"
    return {
        "thread_id": [waiting, idle],
        "run_id": [run_id],
        "approval_id": [approvals[0]["id"]],
        "agent": ["support", "sales"],
        "key_id": spare_keys,
        "cron_id": [cron["id"]],
    }


ALWAYS_KNOWN = {"key_id"}
"""Path parameters always replaced by a known record: a fuzzed key id could be the
fuzzing key's own, and revoking or rotating it would end the run with 401s."""


def failed_runs(base_url: str, headers: dict[str, str]) -> list[str]:
    """Errors of runs that failed while fuzzing (reported, not failures of the API)."""
    page = httpx.get(f"{base_url}/errors", headers=headers, params={"limit": 200}).json()
    return [f"{run['input']!r}: {run['error']}" for run in page["items"]]


class Findings:
    """Counts per operation and status, server errors, and spec mismatches."""

    def __init__(self) -> None:
        self.stats: dict[str, Counter[int]] = defaultdict(Counter)
        self.server_errors: list[str] = []
        self.mismatches: dict[str, str] = {}
        self.nothing_to_generate: list[str] = []

    def report(self) -> str:
        lines = [
            f"{label:50} {sum(codes.values()):4}  "
            + " ".join(f"{code}x{count}" for code, count in sorted(codes.items()))
            for label, codes in sorted(self.stats.items())
        ]
        total = sum(sum(codes.values()) for codes in self.stats.values())
        return "\n".join(
            [
                f"schemathesis: {total} requests over {len(self.stats)} operations",
                *lines,
                f"no examples possible: {', '.join(self.nothing_to_generate) or 'none'}",
            ]
        )


def send(
    operation: Any,
    drawn: list[Drawn],
    known: dict[str, list[Any]],
    headers: dict[str, str],
    findings: Findings,
    *,
    conformance: bool,
) -> None:
    """Send ``operation`` its drawn examples in order and record what came back."""
    label = f"{operation.method.upper()} {operation.path}"
    for example in drawn:
        case = example.case(operation)
        if case.path_parameters:
            case.path_parameters = {
                name: known[name][example.pick % len(known[name])]
                if name in known and (example.swap or name in ALWAYS_KNOWN)
                else value
                for name, value in case.path_parameters.items()
            }
        curl = case.as_curl_command(headers=headers)
        try:
            response = case.call(headers=headers, timeout=60)
        except requests.RequestException as exc:  # e.g. a stream that broke off mid-response
            findings.server_errors.append(f"{label} -> broken response ({exc})\n  {curl}")
            continue
        findings.stats[label][response.status_code] += 1
        if response.status_code >= 500:
            findings.server_errors.append(
                f"{label} -> {response.status_code} {response.text[:300]}\n  {curl}"
            )
            continue
        if not conformance:
            continue
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except (Failure, FailureGroup) as exc:  # collected and reported at the end
            message = f"{_titles(exc)}: got {response.status_code} {response.text[:200]}"
            findings.mismatches.setdefault(label, f"{message}\n  {curl}")


def _titles(exc: BaseException) -> str:
    failures = exc.exceptions if isinstance(exc, FailureGroup) else [exc]
    return "; ".join(str(getattr(f, "title", type(f).__name__)) for f in failures)


def run_fuzz(base_url: str, database_url: str, *, agui: bool) -> Findings:
    """Fuzz the REST operations (``agui=False``) or the AG-UI endpoint.

    The REST operations' examples are drawn by two worker processes
    (``tests.fuzz_cases``) while this one sends those already drawn, in order.
    """
    headers = {"Authorization": f"Bearer {make_keys(database_url)[TENANT_A]}"}
    known = known_records(base_url, headers)
    openapi = httpx.get(f"{base_url}/openapi.json").json()
    schema = schemathesis.openapi.from_dict(openapi)
    schema.config.update(base_url=base_url)
    operations = [
        operation
        for operation in (result.ok() for result in schema.get_all_operations())
        if (operation.path == "/agui") == agui
    ]
    examples = AGUI_EXAMPLES if agui else EXAMPLES
    modes = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    findings = Findings()
    with ExitStack() as stack:
        if agui:  # one operation: nothing to overlap
            planned = [(o, m, _done(draw(o, m, examples))) for o in operations for m in modes]
        else:
            pool = ProcessPoolExecutor(
                max_workers=2,
                mp_context=multiprocessing.get_context("spawn"),  # not fork: threads run
                initializer=load_schema,
                initargs=(openapi,),
            )
            stack.callback(pool.shutdown, cancel_futures=True)  # a failure stops the drawing
            planned = [
                (o, m, pool.submit(draw_in_worker, o.method.upper(), o.path, m.value, examples))
                for o in operations
                for m in modes
            ]
        for operation, mode, future in planned:
            drawn = future.result()
            if drawn is None:
                label = f"{operation.method.upper()} {operation.path}"
                findings.nothing_to_generate.append(f"{label} ({mode.value})")
                continue
            send(operation, drawn, known, headers, findings, conformance=not agui)
    print("\n" + findings.report())
    failed = failed_runs(base_url, headers)
    print(f"runs that failed on fuzzed input: {len(failed)}", *failed[:5], sep="\n  ")
    return findings


def _done(result: list[Drawn] | None) -> Future[list[Drawn] | None]:
    future: Future[list[Drawn] | None] = Future()
    future.set_result(result)
    return future


def rest_operations() -> set[str]:
    """``METHOD /path`` of every operation in the app's OpenAPI document but /agui."""
    paths = create_app().openapi()["paths"]
    return {f"{m.upper()} {p}" for p, methods in paths.items() if p != "/agui" for m in methods}


@pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning")
def test_no_rest_operation_answers_5xx_or_differs_from_its_spec(
    server_url: str, fresh_demo_url: str
) -> None:
    findings = run_fuzz(server_url, fresh_demo_url, agui=False)
    assert set(findings.stats) == rest_operations()  # every operation was fuzzed
    assert not findings.server_errors, "server errors:\n" + "\n".join(findings.server_errors)
    assert not findings.mismatches, "responses that differ from the spec:\n" + "\n".join(
        f"{label}: {message}" for label, message in findings.mismatches.items()
    )


@pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning")
def test_agui_never_answers_5xx(server_url: str, fresh_demo_url: str) -> None:
    """The AG-UI route (its router is not part of the REST API): 5xx and broken streams only."""
    findings = run_fuzz(server_url, fresh_demo_url, agui=True)
    assert not findings.server_errors, "server errors:\n" + "\n".join(findings.server_errors)


def test_examples_drawn_in_a_worker_are_sent_as_drawn() -> None:
    """A case rebuilt from the fields a worker sends is the request the worker drew, in
    both modes (negative examples are not reproducible across processes: schemathesis's
    mutations depend on hash and memory order, so they are compared within one)."""
    openapi = create_app().openapi()
    schema = schemathesis.openapi.from_dict(openapi)
    operations = [result.ok() for result in schema.get_all_operations()]
    operation = next(o for o in operations if o.label == "POST /threads/{thread_id}/runs")
    with ProcessPoolExecutor(
        max_workers=1,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=load_schema,
        initargs=(openapi,),
    ) as pool:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            drawn = pool.submit(
                draw_in_worker_with_commands, "POST", operation.path, mode.value, 10
            ).result()
            assert len(drawn) == 10
            rebuilt = [example.case(operation) for example, _ in drawn]
            assert [case.as_curl_command() for case in rebuilt] == [c for _, c in drawn]
            assert {case.meta.generation.mode for case in rebuilt if case.meta} == {mode}

"""Score the offline model's tool choice and key arguments on labelled requests.

Each line of ``evals/data/tool_choice.jsonl`` is ``{"department", "text",
"expected_tool", "expected_args"}``. The department's tools are bound exactly as its
agent binds them (``nodes.agent_tools.langchain_tools``); the offline planner picks the
main tool and fills its arguments from the request and the demo database. Calls the
plan makes first to supply an argument (a read, e.g. ``lookup_ticket`` before a refund
by email) run on a rolled-back transaction, so arguments chained from their results are
scored too. External tools never run.

Run it with ``python -m evals.tool_choice_eval [--database-url URL] [--verbose]``;
without a URL it builds the demo in a temporary SQLite file. Exit code 1 when tool
accuracy is below ``--min-tool-accuracy`` (default 0.85) or key-argument accuracy below
``--min-args-accuracy`` (default 0.75), 2 when the data cannot be read. Repeat
``--dataset`` (with one floor for all, or one per set in order) to score several sets in
one process on one demo database, each against its own floors.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from langchain_core.utils.function_calling import convert_to_openai_tool
from sqlalchemy.exc import SQLAlchemyError

from adapters.offline.argument_fill import ToolInfo, fill_arguments
from adapters.offline.entities import Catalog, EntityResolver
from adapters.offline.planner import Plan, make_plan
from adapters.offline.request import Request
from adapters.offline.tool_picker import ToolPicker
from adapters.services import Services, build_services
from domain.db import make_engine, session_factory, transaction
from domain.demo import anchors, build_demo
from domain.migrate import upgrade
from domain.scope import Scope
from evals.forecast_backtest import DEMO_SNAPSHOT
from graphs.state import DepartmentName
from switchboard.settings import Settings, normalise_database_url
from tools.registry import Effect, ToolArgumentError, call_tool, get_tool

DATASET = Path(__file__).parent / "data" / "tool_choice.jsonl"


@dataclass(frozen=True)
class Case:
    """One labelled request."""

    department: str
    text: str
    expected_tool: str
    expected_args: dict[str, Any]


@dataclass
class Outcome:
    """What the offline model chose for a case."""

    case: Case
    plan: Plan
    args: dict[str, Any] = field(default_factory=dict)

    @property
    def chosen(self) -> str | None:
        """The tool the plan is mainly about."""
        return self.plan.primary

    @property
    def tool_ok(self) -> bool:
        """Whether the main tool is the expected one."""
        return self.chosen == self.case.expected_tool

    @property
    def args_ok(self) -> bool:
        """Whether the tool is right and every expected key argument has its value."""
        return self.tool_ok and all(
            _same(value, self.args.get(key)) for key, value in self.case.expected_args.items()
        )


def load_cases(path: Path = DATASET) -> list[Case]:
    """The labelled requests in ``path``."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [Case(**json.loads(line)) for line in lines]


def department_tools(department: str, services: Services) -> list[ToolInfo]:
    """The department's tools as the model sees them when its agent binds them."""
    from nodes.agent_tools import langchain_tools

    bound = langchain_tools(cast(DepartmentName, department), services)
    return [ToolInfo.from_openai(convert_to_openai_tool(t)) for t in bound]


def evaluate(cases: Sequence[Case], services: Services, tenant: str) -> list[Outcome]:
    """Run the offline planner on every case."""
    catalog = EntityResolver(services.sessions, default_tenant=tenant).catalog(tenant)
    pickers: dict[str, ToolPicker] = {}
    outcomes = []
    for case in cases:
        if case.department not in pickers:
            pickers[case.department] = ToolPicker(department_tools(case.department, services))
        outcomes.append(_evaluate_one(case, pickers[case.department], catalog, services))
    return outcomes


def _evaluate_one(case: Case, picker: ToolPicker, catalog: Catalog, services: Services) -> Outcome:
    req = Request(case.text, catalog, catalog.today)
    plan = make_plan(picker, req)
    if plan.primary is None:
        return Outcome(case, plan)
    for step in plan.steps[: plan.steps.index(plan.primary)]:
        filled = fill_arguments(picker.tools[step], req)
        if filled.complete and get_tool(step).effect is not Effect.EXTERNAL:
            result = _run_read(step, filled.args, services, catalog)
            if result is not None:
                req.results.append((step, result))
    return Outcome(case, plan, fill_arguments(picker.tools[plan.primary], req).args)


def _run_read(
    tool: str, args: dict[str, Any], services: Services, catalog: Catalog
) -> dict[str, Any] | None:
    with services.sessions() as session:
        scope = Scope(session, catalog.tenant_id, catalog.today, actor="eval")
        try:
            return call_tool(tool, args, scope)
        except ToolArgumentError:
            return None
        finally:
            session.rollback()


def _same(expected: Any, actual: Any) -> bool:
    if isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        return float(expected) == float(actual)
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(
            _same(e, a) for e, a in zip(expected, actual, strict=True)
        )
    return bool(expected == actual)


def report(outcomes: Sequence[Outcome], *, verbose: bool = False) -> str:
    """Accuracy overall and per department, confusions, and (verbose) every miss."""
    total = len(outcomes)
    steps = sum(len(o.plan.steps) + 1 for o in outcomes) / max(total, 1)
    lines = [
        f"cases {total}  tool accuracy {_rate(outcomes, 'tool_ok'):.3f}  "
        f"key-argument accuracy {_rate(outcomes, 'args_ok'):.3f}  LLM calls per request 0  "
        f"model steps per request {steps:.2f}",
        "",
        f"{'department':<12}{'cases':>6}{'tool':>8}{'args':>8}",
    ]
    by_department: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_department[outcome.case.department].append(outcome)
    for department, items in sorted(by_department.items()):
        tool, arguments = _rate(items, "tool_ok"), _rate(items, "args_ok")
        lines.append(f"{department:<12}{len(items):>6}{tool:>8.3f}{arguments:>8.3f}")
    confusions = Counter(
        (o.case.expected_tool, o.chosen or "(none)") for o in outcomes if not o.tool_ok
    )
    if confusions:
        lines += ["", "confusions (expected -> chosen):"]
        lines += [f"  {exp} -> {got}: {n}" for (exp, got), n in sorted(confusions.items())]
    if verbose:
        misses = [o for o in outcomes if not o.args_ok]
        lines += ["", "misses:"] if misses else []
        for o in misses:
            lines.append(
                f"  [{o.case.department}] {o.case.text!r}: expected {o.case.expected_tool} "
                f"{o.case.expected_args}, got {o.chosen} {o.args} (plan {o.plan.steps})"
            )
    return "\n".join(lines)


def _rate(outcomes: Sequence[Outcome], attribute: str) -> float:
    return sum(bool(getattr(o, attribute)) for o in outcomes) / len(outcomes) if outcomes else 0.0


@contextmanager
def _services(database_url: str | None) -> Iterator[Services]:
    with tempfile.TemporaryDirectory() as folder:
        url = database_url or f"sqlite:///{Path(folder) / 'tool_choice.db'}"
        if database_url is None:
            engine = make_engine(url)
            upgrade(engine)
            with transaction(session_factory(engine)) as session:
                build_demo(session, tenant_id=anchors.TENANT_ID, snapshot=DEMO_SNAPSHOT)
            engine.dispose()
        services = build_services(Settings(database_url=url, data_dir=Path(folder)))
        try:
            yield services
        finally:
            services.sessions.kw["bind"].dispose()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the eval on each dataset, print the reports, and return the exit code.

    Several ``--dataset`` share one process and one demo database (seeding it is about a
    third of a run); each set is scored on its own against its own floors.
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="business database; default: a temporary demo")
    parser.add_argument("--tenant", default=anchors.TENANT_ID)
    parser.add_argument(
        "--dataset", type=Path, action="append", help="a JSONL set (repeat for several)"
    )
    floor_help = "floor: one for every set, or one per --dataset in order (default %s)"
    parser.add_argument("--min-tool-accuracy", type=float, action="append", help=floor_help % 0.85)
    parser.add_argument("--min-args-accuracy", type=float, action="append", help=floor_help % 0.75)
    parser.add_argument("--verbose", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    datasets: list[Path] = args.dataset or [DATASET]
    tool_floors = _per_set(parser, "--min-tool-accuracy", args.min_tool_accuracy, 0.85, datasets)
    args_floors = _per_set(parser, "--min-args-accuracy", args.min_args_accuracy, 0.75, datasets)
    sets = [(dataset, load_cases(dataset)) for dataset in datasets]  # all read before any runs
    url = normalise_database_url(args.database_url) if args.database_url else None
    below = []
    try:
        with _services(url) as services:
            for (dataset, cases), min_tool, min_args in zip(
                sets, tool_floors, args_floors, strict=True
            ):
                outcomes = evaluate(cases, services, args.tenant)
                if len(sets) > 1:
                    print(f"Tool-choice set {dataset}")
                print(report(outcomes, verbose=args.verbose))
                if len(sets) > 1:
                    print()
                tool_accuracy = _rate(outcomes, "tool_ok")
                args_accuracy = _rate(outcomes, "args_ok")
                if tool_accuracy < min_tool or args_accuracy < min_args:
                    below.append(
                        f"{dataset}: tool accuracy {tool_accuracy:.3f} (floor {min_tool}), "
                        f"key-argument accuracy {args_accuracy:.3f} (floor {min_args})"
                    )
    except SQLAlchemyError as exc:
        print(f"cannot read the database: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2
    if len(sets) > 1:
        for line in below:
            print(f"FAIL: {line}")
    return 1 if below else 0


def _per_set(
    parser: argparse.ArgumentParser,
    option: str,
    given: list[float] | None,
    default: float,
    datasets: list[Path],
) -> list[float]:
    """One floor per dataset: the default, one given for all, or one given per set."""
    floors = given or [default]
    if len(floors) == 1:
        floors = floors * len(datasets)
    if len(floors) != len(datasets):
        parser.error(
            f"{len(floors)} {option} for {len(datasets)} --dataset: give one floor for "
            "every set, or one per set in the order of the sets"
        )
    return floors


if __name__ == "__main__":
    sys.exit(main())

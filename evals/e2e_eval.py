"""Run end-to-end requests through the real supervisor graph and score deterministic checks.

Each line of the dataset is a request with checks (see ``evals/data/heldout/README.md``):
departments routed to, tools and key arguments, the policy outcome of each action, facts
the answer must contain, actions that must not happen, and the reply language. Every case
runs on a fresh copy of the demo database (the file is restored from a template before
each case), through the graph compiled with an in-memory saver and the configured model
(offline by default: 0 LLM calls). What ran is observed from the final state, the pending
interrupt, the outbox table (rows recorded for sending; a pending action's
``pending_approval`` row is not a send), and the tool registry (every tool that executes is recorded
with its validated arguments; nothing about the tool changes).

Run it with ``python -m evals.e2e_eval [--dataset FILE] [--min-pass 0.5] [--verbose]``.
The default dataset is the tuned set ``evals/data/e2e.jsonl``; the held-out set is
``evals/data/heldout/e2e.jsonl``. Several sets run in one process (the imports and the
demo template are built once) with ``--dataset A --min-pass 0.8 --dataset B --min-pass
0.9``: each set gets its report and is held to its own floor (one ``--min-pass`` holds
them all). Exit code 1 when the share of cases whose checks all pass is below a set's
floor, 2 when a dataset cannot be read.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from evals.e2e_checks import CHECKS, Observation, ToolCall, checks_of, score

DATASET = Path(__file__).parent / "data" / "e2e.jsonl"
HELDOUT = Path(__file__).parent / "data" / "heldout" / "e2e.jsonl"


@dataclass
class CaseResult:
    """One case, what the run did, and each check's verdict (None = holds)."""

    case: dict[str, Any]
    observation: Observation
    verdicts: dict[str, str | None]
    seconds: float

    @property
    def passed(self) -> bool:
        """Whether every check of the case holds."""
        return all(v is None for v in self.verdicts.values())


def load_cases(path: Path) -> list[dict[str, Any]]:
    """The cases in ``path`` (JSON lines; blank lines skipped)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    cases = [json.loads(line) for line in lines if line.strip()]
    for case in cases:
        missing = {"id", "department", "text", "departments", "language"} - case.keys()
        if missing:
            raise ValueError(f"case {case.get('id', '?')} lacks {sorted(missing)}")
    return cases


class ToolRecorder:
    """Records every registered tool that executes, with its validated arguments.

    It swaps each registry entry for a copy whose handler notes the call and then runs
    the real handler, and puts the originals back on exit. Read and draft tools run
    through the registry from playbooks and agents alike; external tools only run after
    approval, so proposed ones are observed as actions instead.
    """

    def __init__(self) -> None:
        self.calls: list[ToolCall] = []

    @contextmanager
    def installed(self) -> Iterator[ToolRecorder]:
        """Record while the block runs."""
        from tools.registry import REGISTRY

        originals = dict(REGISTRY)
        for name, spec in originals.items():
            REGISTRY[name] = replace(spec, handler=self._recording(name, spec.handler))
        try:
            yield self
        finally:
            REGISTRY.update(originals)

    def _recording(self, name: str, handler: Any) -> Any:
        def run(scope: Any, args: Any) -> Any:
            self.calls.append(ToolCall(name, args.model_dump(mode="json", exclude_none=True)))
            return handler(scope, args)

        return run


def build_template(path: Path) -> Path:
    """A migrated SQLite file with the demo tenant at ``path`` (the cases' starting point)."""
    from domain.db import make_engine, session_factory, transaction
    from domain.demo import anchors, build_demo
    from domain.migrate import upgrade
    from evals.forecast_backtest import DEMO_SNAPSHOT

    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with transaction(session_factory(engine)) as session:
        build_demo(session, tenant_id=anchors.TENANT_ID, snapshot=DEMO_SNAPSHOT)
    engine.dispose()  # closing the last connection folds the WAL into the file
    return path


class DemoDatabase:
    """A demo SQLite database restored from a template before every case."""

    def __init__(self, folder: Path, template: Path | None = None) -> None:
        self.template = template or build_template(folder / "template.db")
        self.path = folder / "e2e.db"
        self.url = f"sqlite:///{self.path}"

    def restore(self, engine: Any | None = None) -> None:
        """Put a fresh copy of the template in place (connections closed first)."""
        if engine is not None:
            engine.dispose()
        for suffix in ("-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(self.template, self.path)


def observe(graph: Any, services: Any, case: dict[str, Any], recorder: ToolRecorder) -> Observation:
    """Run one case and collect what the run did."""
    from langchain_core.messages import HumanMessage
    from sqlalchemy import func, select

    from domain.models import OutboxMessage
    from domain.outbox import OutboxStatus
    from graphs.context import Context

    config: Any = {"configurable": {"thread_id": f"e2e-{case['id']}"}}
    recorder.calls = []
    obs = Observation()
    try:
        graph.invoke({"messages": [HumanMessage(case["text"])]}, config, context=Context())
    except Exception as exc:  # a crash is a failed case, reported, not a crashed eval
        obs.error = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        return obs
    snapshot = graph.get_state(config)
    state = snapshot.values
    obs.departments = {step["department"] for step in state.get("plan", [])}
    obs.executed = list(recorder.calls)
    obs.actions = [
        (ToolCall(o["action"]["tool"], dict(o["action"]["args"])), o["status"])
        for o in state.get("actions", {}).values()
    ]
    for interrupt in snapshot.interrupts:
        value = interrupt.value if isinstance(interrupt.value, dict) else {}
        obs.interrupted_tools |= {r["name"] for r in value.get("action_requests", [])}
    with services.sessions() as session:
        performed = select(func.count()).where(OutboxMessage.status == OutboxStatus.RECORDED)
        obs.outbox_rows = int(session.scalar(performed) or 0)
    obs.answer = str(state.get("answer") or "")
    return obs


def evaluate(
    cases: Sequence[dict[str, Any]], *, progress: bool = False, template: Path | None = None
) -> list[CaseResult]:
    """Run every case on a fresh demo database and score it.

    ``template`` is a demo database built by ``build_template`` (built here when None);
    the services, the graph and its in-memory checkpoints are new for every call.
    """
    from langgraph.checkpoint.memory import InMemorySaver

    from adapters.services import build_services
    from graphs.supervisor import compile_supervisor
    from switchboard.settings import Settings

    results: list[CaseResult] = []
    with tempfile.TemporaryDirectory() as folder:
        database = DemoDatabase(Path(folder), template)
        database.restore()
        services = build_services(Settings(database_url=database.url, data_dir=Path(folder)))
        graph = compile_supervisor(services, checkpointer=InMemorySaver())
        recorder = ToolRecorder()
        try:
            with recorder.installed():
                for index, case in enumerate(cases, 1):
                    database.restore(services.engine)
                    started = time.perf_counter()
                    obs = observe(graph, services, case, recorder)
                    elapsed = time.perf_counter() - started
                    results.append(CaseResult(case, obs, score(case, obs), elapsed))
                    if progress:
                        mark = "." if results[-1].passed else "F"
                        print(mark, end="\n" if index % 60 == 0 else "", flush=True)
        finally:
            services.engine.dispose()
    if progress:
        print()
    return results


def report(results: Sequence[CaseResult], *, title: str, verbose: bool = False) -> str:
    """All-checks pass rate, per check, per department and per kind; failures if verbose."""
    total = len(results)
    passed = sum(r.passed for r in results)
    seconds = sum(r.seconds for r in results)
    lines = [
        f"{title}: {total} cases  all checks pass {_ratio(passed, total)}  "
        f"({seconds:.0f} s, {seconds / max(total, 1):.2f} s a case, LLM calls 0 with the "
        "offline model)",
        "",
        f"{'check':<14}{'cases':>6}{'pass':>8}",
    ]
    for check in CHECKS:
        scored = [r.verdicts[check] for r in results if check in r.verdicts]
        ok = sum(v is None for v in scored)
        lines.append(f"{check:<14}{len(scored):>6}{_rate(ok, len(scored)):>8}")
    for label, key in (("department", "department"), ("kind", "kind")):
        groups: dict[str, list[CaseResult]] = defaultdict(list)
        for r in results:
            groups[str(r.case.get(key, "-"))].append(r)
        lines += ["", f"{label:<14}{'cases':>6}{'pass':>8}"]
        for name, items in sorted(groups.items()):
            ok = sum(r.passed for r in items)
            lines.append(f"{name:<14}{len(items):>6}{_rate(ok, len(items)):>8}")
    if verbose:
        failures = [r for r in results if not r.passed]
        lines += ["", "failures:"] if failures else []
        for r in failures:
            lines.append(f"  [{r.case['id']}] {r.case['text']!r}")
            for check in checks_of(r.case):
                if r.verdicts.get(check):
                    lines.append(f"      {check}: {r.verdicts[check]}")
            lines.append(f"      answer: {r.observation.answer[:300]!r}")
    return "\n".join(lines)


def _rate(ok: int, total: int) -> str:
    return f"{ok / total:.3f}" if total else "-"


def _ratio(ok: int, total: int) -> str:
    return f"{ok}/{total} = {ok / total:.3f}" if total else "0/0"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the eval on each dataset, print the reports, and return the exit code."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--dataset", type=Path, action="append", help="a JSONL set (repeat for several)"
    )
    parser.add_argument(
        "--min-pass",
        type=float,
        action="append",
        help="floor on all-checks pass: one for every set, or one per --dataset in order",
    )
    parser.add_argument("--only", action="append", default=[], help="run only these case ids")
    parser.add_argument("--verbose", action="store_true", help="list every failed check")
    args = parser.parse_args(argv)
    datasets: list[Path] = args.dataset or [DATASET]
    floors: list[float] = args.min_pass or [0.0]
    if len(floors) == 1:
        floors = floors * len(datasets)
    if len(floors) != len(datasets):
        parser.error(
            f"{len(floors)} --min-pass for {len(datasets)} --dataset: give one floor for "
            "every set, or one per set in the order of the sets"
        )
    sets = []
    for dataset in datasets:  # every set is read before any runs
        try:
            cases = load_cases(dataset)
        except (OSError, ValueError) as exc:
            print(f"cannot read {dataset}: {exc}", file=sys.stderr)
            return 2
        if args.only:
            cases = [c for c in cases if c["id"] in set(args.only)]
        sets.append((dataset, cases))
    below = []
    with tempfile.TemporaryDirectory() as folder:
        template = build_template(Path(folder) / "template.db")
        for (dataset, cases), floor in zip(sets, floors, strict=True):
            title = f"E2E {_kind(dataset)} set {_shown(dataset)}"
            results = evaluate(cases, progress=not args.verbose, template=template)
            print(report(results, title=title, verbose=args.verbose))
            rate = sum(r.passed for r in results) / len(results) if results else 0.0
            if rate < floor:
                below.append(f"{title}: all checks pass {rate:.3f}, below its floor {floor}")
            if len(sets) > 1:
                print()
    for line in below:
        print(f"FAIL: {line}")
    return 1 if below else 0


def _kind(dataset: Path) -> str:
    if "heldout" in dataset.parts:
        return "held-out"
    return "dev" if dataset.name.startswith("dev") else "tuned"


def _shown(dataset: Path) -> Path:
    shown = dataset.resolve()
    return shown.relative_to(Path.cwd()) if shown.is_relative_to(Path.cwd()) else shown


if __name__ == "__main__":
    sys.exit(main())

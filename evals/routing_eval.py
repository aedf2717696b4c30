"""Score the offline router on labelled requests it was not trained on.

``python -m evals.routing_eval [--file FILE] [--min-accuracy 0.9]`` routes every line
of ``evals/data/routing.jsonl`` (``{"text", "agents", "kind"}``) with ``route(text,
model=None)`` and prints the accuracy (the routed set of departments equals the
labelled set), the accuracy per kind, per-department precision and recall, a confusion
table, LLM calls per request, and how many routes were confident (0 calls) or would
have asked the LLM with a model configured. Without a model an unsure route keeps the
classifier's answer, so the accuracy is the classifier's alone.

Repeat ``--file`` (with one ``--min-accuracy`` for all, or one per file in order) to
score several sets in one process, each reported and judged on its own.

Where the names come from: the service routes each request with its tenant's record
names known (vendors, campaigns, companies and contacts, attendees and ticket buyers,
knowledge-base articles...; ``nodes.routing.record_name_index``), so the eval does too, with
the embedded default tenant's: the demo tenant (``domain.demo.build_demo``, seed 7, as of
the e2e eval's snapshot date) is built into a temporary SQLite file, exactly as the e2e
eval builds it, and its names are read by the function the service's cache uses
(``nodes.record_names_cache.load_record_name_index``). ``--without-names`` routes on the words alone
(as ``switchboard route`` and a request without a tenant do).

Exit code 1 when the accuracy is below ``--min-accuracy`` or any confident route made
an LLM call; 2 when the file is missing or malformed.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from rich.console import Console

from evals.routing_metrics import (
    EXTRA,
    KINDS,
    MISSED,
    Case,
    LlmUse,
    Outcome,
    accuracy,
    confusion,
    llm_use,
    precision_recall,
)
from evals.routing_report import report
from graphs.state import DEPARTMENTS
from nodes.routing import route
from nodes.routing.record_name_index import RecordNameIndex

__all__ = [
    "EXTRA",
    "KINDS",
    "MISSED",
    "Case",
    "EvalFileError",
    "LlmUse",
    "Outcome",
    "accuracy",
    "confusion",
    "default_file",
    "demo_name_index",
    "llm_use",
    "load_cases",
    "main",
    "precision_recall",
    "run_cases",
]


class EvalFileError(ValueError):
    """The eval file is missing or a line is not a valid labelled request."""


def default_file() -> Path:
    """The packaged routing set."""
    return Path(str(resources.files("evals").joinpath("data/routing.jsonl")))


def _case(line: str, number: int) -> Case:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise EvalFileError(f"line {number}: not valid JSON ({exc.msg})") from None
    if not isinstance(row, dict):
        raise EvalFileError(f"line {number}: expected a JSON object")
    text, agents, kind = row.get("text"), row.get("agents"), row.get("kind")
    if not isinstance(text, str) or not text.strip():
        raise EvalFileError(f"line {number}: 'text' must be a non-empty string")
    if not isinstance(agents, list) or not agents or any(a not in DEPARTMENTS for a in agents):
        raise EvalFileError(f"line {number}: 'agents' must list departments of {DEPARTMENTS}")
    if kind not in KINDS:
        raise EvalFileError(f"line {number}: 'kind' must be one of {KINDS}")
    return Case(text, list(agents), kind)


def load_cases(path: Path) -> list[Case]:
    """The labelled requests in ``path`` (blank lines skipped)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvalFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    cases = [_case(line, n) for n, line in enumerate(lines, start=1) if line.strip()]
    if not cases:
        raise EvalFileError(f"{path} has no requests")
    return cases


def demo_name_index() -> RecordNameIndex:
    """The demo tenant's names index, built as the service builds it (module docstring)."""
    from domain.db import make_engine, session_factory
    from domain.demo import anchors
    from evals.e2e_eval import build_template
    from nodes.record_names_cache import load_record_name_index

    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{build_template(Path(folder) / 'demo.db')}")
        try:
            return load_record_name_index(session_factory(engine), anchors.TENANT_ID)
        finally:
            engine.dispose()


def run_cases(cases: Sequence[Case], names: RecordNameIndex | None = None) -> list[Outcome]:
    """Route every case with the offline router (no model), with ``names`` if given."""
    return [Outcome(case, route(case.text, names=names)) for case in cases]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the eval on each file; the exit code says whether every bar was met.

    Several ``--file`` share one process (the router is loaded once); each set is scored
    and reported on its own against its own bar.
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--file", type=Path, action="append", help="JSONL of labelled requests (repeatable)"
    )
    parser.add_argument(
        "--min-accuracy",
        type=float,
        action="append",
        help="bar: one for every file, or one per --file in order (default 0.9)",
    )
    parser.add_argument(
        "--without-names",
        action="store_true",
        help="route on the words alone, without the demo tenant's record names",
    )
    args = parser.parse_args(argv)
    files: list[Path | None] = list(args.file) if args.file else [None]
    bars: list[float] = args.min_accuracy or [0.9]
    if len(bars) == 1:
        bars = bars * len(files)
    if len(bars) != len(files):
        parser.error(
            f"{len(bars)} --min-accuracy for {len(files)} --file: give one bar for every "
            "file, or one per file in the order of the files"
        )
    console = Console(width=None if sys.stdout.isatty() else 120)
    try:  # every file is read before any is routed
        sets = [(path, load_cases(path or default_file())) for path in files]
    except EvalFileError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    names = None if args.without_names else demo_name_index()
    failed_any = False
    for (path, cases), bar in zip(sets, bars, strict=True):
        if len(sets) > 1:
            console.print(f"[bold]Routing set {path or default_file().name}[/]")
        failed_any |= not _scored(run_cases(cases, names), bar, console)
    return 1 if failed_any else 0


def _scored(outcomes: list[Outcome], bar: float, console: Console) -> bool:
    """Report one set and say whether it met ``bar`` with no confident LLM call."""
    report(outcomes, console)
    score, use = accuracy(outcomes), llm_use(outcomes)
    failed = []
    if score < bar:
        failed.append(f"accuracy {score:.1%} is below {bar:.1%}")
    if use.confident_with_calls:
        failed.append(f"{use.confident_with_calls} confident routes made an LLM call")
    if failed:
        console.print("[red]FAIL[/]: " + "; ".join(failed))
        return False
    console.print(f"[green]PASS[/]: accuracy {score:.1%} (bar {bar:.1%})")
    return True


if __name__ == "__main__":
    sys.exit(main())

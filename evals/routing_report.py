"""The routing eval's printed report: rich tables and the LLM-use line."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from evals.routing_metrics import (
    EXTRA,
    KINDS,
    MISSED,
    Outcome,
    accuracy,
    confusion,
    llm_use,
    precision_recall,
)
from graphs.state import DEPARTMENTS
from nodes.routing import CONFIDENCE_THRESHOLD


def _summary_table(outcomes: Sequence[Outcome]) -> Table:
    table = Table(title=f"Routing: {len(outcomes)} requests")
    for column in ("kind", "requests", "exact set", "exact order"):
        table.add_column(column, justify="right" if column != "kind" else "left")
    for kind in (*KINDS, "all"):
        rows = [o for o in outcomes if kind in ("all", o.case.kind)]
        if rows:
            ordered = sum(o.in_order for o in rows) / len(rows)
            table.add_row(kind, str(len(rows)), f"{accuracy(rows):.1%}", f"{ordered:.1%}")
    return table


def _department_table(outcomes: Sequence[Outcome]) -> Table:
    table = Table(title="Per department")
    for column in ("department", "precision", "recall", "labelled"):
        table.add_column(column, justify="right" if column != "department" else "left")
    for dept, (precision, recall, support) in precision_recall(outcomes).items():
        table.add_row(dept, f"{precision:.1%}", f"{recall:.1%}", str(support))
    return table


def _confusion_table(outcomes: Sequence[Outcome]) -> Table:
    counts = confusion(outcomes)
    columns = [*DEPARTMENTS, MISSED]
    table = Table(title="Confusion (rows labelled, columns routed)")
    table.add_column("labelled")
    for column in columns:
        table.add_column(column[:10], justify="right")
    for row in (*DEPARTMENTS, EXTRA):
        cells = [counts.get((row, c), 0) for c in columns]
        styled = [
            f"[green]{n}[/]" if row == c and n else f"[red]{n}[/]" if n else "."
            for c, n in zip(columns, cells, strict=True)
        ]
        table.add_row(row, *styled)
    return table


def report(outcomes: Sequence[Outcome], console: Console) -> None:
    """Print the tables, the misrouted requests and the LLM use."""
    console.print(_summary_table(outcomes))
    console.print(_department_table(outcomes))
    console.print(_confusion_table(outcomes))
    wrong = [o for o in outcomes if not o.correct]
    if wrong:
        table = Table(title=f"Misrouted ({len(wrong)})")
        for column in ("request", "labelled", "routed", "confidence"):
            table.add_column(column)
        for o in wrong:
            table.add_row(
                o.case.text,
                ", ".join(o.case.agents),
                ", ".join(o.decision["agents"]),
                f"{o.decision['confidence']:.2f}",
            )
        console.print(table)
    use = llm_use(outcomes)
    console.print(
        f"LLM calls per request: {use.mean_calls:.2f}; confident routes (>= "
        f"{CONFIDENCE_THRESHOLD:.2f}): {use.confident}/{len(outcomes)}, "
        f"{use.confident - use.confident_with_calls} with 0 LLM calls; "
        f"would ask the LLM with a model configured: {use.would_ask}"
    )

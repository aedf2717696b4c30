"""Backtest predict_attendance's forecaster against a naive linear extrapolation.

For every completed edition whose previous edition is also complete, the edition's
order history is cut at several points before the event (60, 45, 30, 21, 14 and 7 days
out by default); at each cut the curve forecaster sees only what was known then (sales
and cancellations dated earlier) and is scored against the edition's real final count.
The baseline divides the tickets sold by the selling days elapsed and multiplies by all
selling days. The velocity fallback (no reference edition) is shown for information.

Run it with ``python -m evals.forecast_backtest [--database-url URL] [--tenant ID]``;
without a URL it builds the demo in a temporary SQLite file. Exit code 1 when our
mean absolute percentage error is not below the baseline's, 2 when there is nothing to
backtest.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from domain.analytics.curves import forecast_edition, measure_moves
from domain.analytics.forecast import naive_linear_forecast
from domain.clock import business_today
from domain.db import make_engine, session_factory
from domain.demo import anchors, build_demo
from domain.migrate import upgrade
from domain.models import Event, Tenant
from domain.scope import Scope
from switchboard.settings import normalise_database_url

DEFAULT_CUTS = (60, 45, 30, 21, 14, 7)
DEMO_SNAPSHOT = date(2026, 9, 1)
"""Snapshot of the temporary demo (the tests use the same day)."""


@dataclass(frozen=True)
class BacktestRow:
    """One cut of one edition: what each method forecast and how far off it was."""

    edition: str
    reference: str
    days_out: int
    actual: float
    point: float
    low: float
    high: float
    naive: float
    velocity: float

    @property
    def ape_ours(self) -> float:
        """Absolute percentage error of our point forecast."""
        return abs(self.point - self.actual) / self.actual * 100

    @property
    def ape_naive(self) -> float:
        """Absolute percentage error of the linear baseline."""
        return abs(self.naive - self.actual) / self.actual * 100

    @property
    def covered(self) -> bool:
        """Whether the actual final fell inside our 80% interval."""
        return self.low <= self.actual <= self.high


def backtest_pairs(scope: Scope) -> list[tuple[Event, Event]]:
    """(edition, previous edition) pairs where both ended before today."""
    events = scope.session.scalars(
        select(Event).where(Event.tenant_id == scope.tenant_id).order_by(Event.starts_on)
    ).all()
    by_id = {e.id: e for e in events}
    return [
        (e, by_id[e.previous_edition_id])
        for e in events
        if e.ends_on < scope.today
        and e.previous_edition_id in by_id
        and by_id[e.previous_edition_id].ends_on < e.sales_open_on
    ]


def backtest_edition(
    scope: Scope, edition: Event, reference: Event, cuts: Sequence[int] = DEFAULT_CUTS
) -> list[BacktestRow]:
    """Forecast ``edition`` at each cut with ``reference``'s curve and score it."""
    actual = sum(value for _, value in measure_moves(scope, edition, "tickets"))
    selling_days = (edition.starts_on - edition.sales_open_on).days
    rows = []
    for days_out in cuts:
        as_of = edition.starts_on - timedelta(days=days_out)
        ours = forecast_edition(scope, edition, as_of=as_of, reference=reference).forecast
        velocity = forecast_edition(scope, edition, as_of=as_of, use_reference=False).forecast
        elapsed = (as_of - edition.sales_open_on).days
        rows.append(
            BacktestRow(
                edition=edition.name,
                reference=reference.name,
                days_out=days_out,
                actual=actual,
                point=ours.point,
                low=ours.low,
                high=ours.high,
                naive=naive_linear_forecast(ours.sold, elapsed, selling_days),
                velocity=velocity.point,
            )
        )
    return rows


def run_backtest(scope: Scope, cuts: Sequence[int] = DEFAULT_CUTS) -> list[BacktestRow]:
    """Backtest every eligible edition of the tenant."""
    return [
        row for e, ref in backtest_pairs(scope) for row in backtest_edition(scope, e, ref, cuts)
    ]


def mape(rows: Sequence[BacktestRow]) -> tuple[float, float]:
    """Mean absolute percentage error of (ours, naive)."""
    return (
        float(np.mean([r.ape_ours for r in rows])),
        float(np.mean([r.ape_naive for r in rows])),
    )


def format_table(rows: Sequence[BacktestRow]) -> str:
    """The backtest as a fixed-width text table with the summary lines."""
    lines = [
        f"{'edition':<26} {'days out':>8} {'actual':>7} {'ours [80% interval]':>24} "
        f"{'APE':>6} {'naive':>7} {'APE':>6} {'velocity':>8}",
    ]
    for r in rows:
        interval = f"{r.point:,.0f} [{r.low:,.0f}-{r.high:,.0f}]"
        lines.append(
            f"{r.edition:<26} {r.days_out:>8} {r.actual:>7,.0f} {interval:>24} "
            f"{r.ape_ours:>5.1f}% {r.naive:>7,.0f} {r.ape_naive:>5.1f}% {r.velocity:>8,.0f}"
        )
    ours, naive = mape(rows)
    coverage = 100 * sum(r.covered for r in rows) / len(rows)
    lines += [
        f"MAPE ours {ours:.2f}%  naive {naive:.2f}%  (80% interval covered {coverage:.0f}%)",
        "reference editions: " + ", ".join(sorted({f"{r.edition} <- {r.reference}" for r in rows})),
    ]
    return "\n".join(lines)


@contextmanager
def _session(database_url: str | None) -> Iterator[Session]:
    with tempfile.TemporaryDirectory() as folder:
        url = database_url or f"sqlite:///{Path(folder) / 'backtest.db'}"
        engine = make_engine(url)
        try:
            if database_url is None:
                upgrade(engine)
                with session_factory(engine)() as session, session.begin():
                    build_demo(session, tenant_id=anchors.TENANT_ID, snapshot=DEMO_SNAPSHOT)
            with session_factory(engine)() as session:
                yield session
        finally:
            engine.dispose()


def _cuts(text: str) -> tuple[int, ...]:
    try:
        cuts = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of days: {text!r}") from None
    if not cuts or min(cuts) < 1:
        raise argparse.ArgumentTypeError("cuts must be whole days, 1 or more")
    return cuts


def main(argv: Sequence[str] | None = None) -> int:
    """Run the backtest, print the table, and return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="business database; default: a temporary demo")
    parser.add_argument("--tenant", default=anchors.TENANT_ID, help="tenant to backtest")
    parser.add_argument(
        "--cuts",
        type=_cuts,
        default=DEFAULT_CUTS,
        help="days before the event to cut at, comma-separated (default 60,45,30,21,14,7)",
    )
    args = parser.parse_args(argv)
    url = normalise_database_url(args.database_url) if args.database_url else None
    try:
        with _session(url) as session:
            tenant = session.get(Tenant, args.tenant)
            if tenant is None:
                print(f"no tenant {args.tenant!r} in the database", file=sys.stderr)
                return 2
            today = business_today(None, tenant.snapshot_date)
            rows = run_backtest(Scope(session, tenant.id, today, actor="eval"), args.cuts)
    except SQLAlchemyError as exc:
        print(f"cannot read the database: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2
    if not rows:
        print(
            "nothing to backtest: no completed edition with a completed previous edition",
            file=sys.stderr,
        )
        return 2
    print(format_table(rows))
    ours, naive = mape(rows)
    return 0 if ours < naive else 1


if __name__ == "__main__":
    sys.exit(main())

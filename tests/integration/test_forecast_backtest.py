"""The attendance forecaster, backtested on the demo's completed editions, beats the
naive linear extrapolation (on SQLite and Postgres), and the eval runs as a command."""

from __future__ import annotations

from pathlib import Path

import pytest

from domain.demo import anchors
from domain.scope import Scope
from evals.forecast_backtest import DEFAULT_CUTS, backtest_pairs, main, mape, run_backtest


def test_backtest_pairs_are_the_completed_editions(scope: Scope) -> None:
    pairs = [(e.slug, ref.slug) for e, ref in backtest_pairs(scope)]
    assert pairs == [(anchors.PAST_EVENT_SLUG, "ai-summit-2024")]


def test_curve_forecast_beats_naive_extrapolation(scope: Scope) -> None:
    rows = run_backtest(scope)
    assert [r.days_out for r in rows] == list(DEFAULT_CUTS)
    assert len({r.actual for r in rows}) == 1  # one edition, one final count
    for row in rows:
        assert row.low <= row.point <= row.high
    ours, naive = mape(rows)
    assert ours < naive
    assert ours < 5.0  # within 5% on average, six weeks to one week out
    # Closer to the event the forecast may only get better than at the first cut.
    assert rows[-1].ape_ours <= rows[0].ape_ours
    assert sum(r.covered for r in rows) >= 3  # the 80% interval is not decorative


def test_backtest_command_on_a_temporary_demo(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--cuts", "45,14"]) == 0
    out = capsys.readouterr().out
    assert "MAPE ours" in out
    assert out.count(anchors.PAST_EVENT_NAME) >= 2


def test_backtest_command_rejects_bad_cuts(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--cuts", "soon"])
    assert exit_info.value.code == 2
    assert "--cuts" in capsys.readouterr().err


def test_backtest_command_on_an_empty_database(tmp_path: Path) -> None:
    assert main(["--database-url", f"sqlite:///{tmp_path / 'empty.db'}"]) == 2

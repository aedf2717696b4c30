"""The planner's cut-offs are chosen by cross-validation on singles and joined pairs."""

from __future__ import annotations

import pytest

from domain.departments import DepartmentName
from nodes.routing import cutoff_calibration
from nodes.routing.classifier import Scores
from nodes.routing.cutoff_calibration import (
    GRID,
    MIN_GAIN,
    MemoClassifier,
    choose,
    joined,
    pairs,
)
from nodes.routing.plan import CUTOFFS, Cutoffs, analyse_request


def test_two_requests_are_joined_the_ways_people_join_asks() -> None:
    assert joined("Check the budget.", "Answer the refund emails", 0) == (
        "Check the budget and answer the refund emails"
    )
    assert joined("which deals are stuck?", "Post the recap", 1) == (
        "which deals are stuck, then post the recap"
    )
    assert joined("Check the budget", "Answer the refund emails", 2) == (
        "Check the budget. Also, answer the refund emails"
    )


def test_each_request_is_paired_with_the_next_one_of_another_department() -> None:
    rows: list[tuple[str, DepartmentName]] = [
        ("find sponsors", "sales"),
        ("pitch Acme", "sales"),
        ("forecast attendance", "analytics"),
    ]
    assert list(pairs(rows)) == [
        ("find sponsors and forecast attendance", ["sales", "analytics"]),
        ("pitch Acme, then forecast attendance", ["sales", "analytics"]),
        ("forecast attendance. Also, find sponsors", ["analytics", "sales"]),
    ]


class _Counting:
    def __init__(self) -> None:
        self.asked: list[str] = []

    def scores_many(self, texts: list[str]) -> list[Scores]:
        self.asked += texts
        return [{"sales": 1.0} for _ in texts]

    def scores(self, text: str) -> Scores:
        return self.scores_many([text])[0]


def test_a_fold_model_reads_each_text_once() -> None:
    counting = _Counting()
    memo = MemoClassifier(counting)
    memo.scores_many(["a", "b", "a"])
    memo.scores("b")
    first = memo.scores("a")
    first["sales"] = 0.0  # a caller's copy, not the memo
    assert counting.asked == ["a", "b"]
    assert memo.scores("a") == {"sales": 1.0}


def test_the_search_climbs_to_the_best_cut_offs_and_keeps_ties(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = Cutoffs(0.35, 0.3, 0.55)

    def peaked(_singles: object, _pairs: object, cutoffs: Cutoffs) -> float:
        return -sum(abs(a - b) for a, b in zip(cutoffs, target, strict=True))

    monkeypatch.setattr(cutoff_calibration, "score", peaked)
    assert choose([], []) == target
    monkeypatch.setattr(cutoff_calibration, "score", lambda *_: 0.5)
    assert choose([], [], start=CUTOFFS) == CUTOFFS  # no gain, no move

    def slightly_better_low(_singles: object, _pairs: object, cutoffs: Cutoffs) -> float:
        return 0.8 + (MIN_GAIN / 2 if cutoffs.content_min == GRID[0] else 0.0)

    monkeypatch.setattr(cutoff_calibration, "score", slightly_better_low)
    assert choose([], [], start=CUTOFFS) == CUTOFFS  # a gain under MIN_GAIN is noise
    assert set(CUTOFFS) <= set(GRID)


class _Fixed:
    """Every text reads as mostly sales with analytics close behind."""

    def scores_many(self, texts: list[str]) -> list[Scores]:
        return [self.scores(text) for text in texts]

    def scores(self, text: str) -> Scores:
        return {"sales": 0.5, "analytics": 0.46, "marketing": 0.04}


def test_the_cut_offs_passed_are_the_ones_the_planner_uses() -> None:
    text = "attendance forecast for sponsors"  # both departments' keywords, one clause
    low = Cutoffs(content_min=0.5, sequenced_content_min=0.4, multi_label_min=0.45)
    high = low._replace(multi_label_min=0.5)
    assert analyse_request(text, _Fixed(), low).agents == ["analytics", "sales"]
    assert analyse_request(text, _Fixed(), high).agents == ["sales"]

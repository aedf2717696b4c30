"""How the planner's cut-offs (``plan.CUTOFFS``) are chosen: cross-validation on the
training file only, as the confidence threshold is (``calibration``).

``python -m nodes.routing.cutoff_calibration`` reruns it. Five stratified folds (seed 0)
of ``nodes/routing/training.jsonl``; each fold's model reads

- every held-out request alone (its route must be exactly its department), and
- pairs of held-out requests of two departments joined the way people join two asks
  ("A and b", "A, then b", "A. Also, b"; its route must be both, in that order),

through the full planner. The training file holds single-department requests only,
so the pairs are what tells a cut-off that keeps a second request apart (low bars)
from one that lets a weak clause split a single request (high bars). The score is the
accuracy on singles and pairs weighted ``1 - PAIR_SHARE`` and ``PAIR_SHARE``: about one
request in ten names two departments in the dev sets.

The three cut-offs are searched by coordinate ascent on a 0.05 grid from the values in
use (each in turn over its grid, the others fixed, until a round changes nothing); a
value moves only when the best on its grid beats it by ``MIN_GAIN``. Each
fold model's probabilities are computed once per text and reused across cut-offs.

Last full run (1,865 requests, 1,865 pairs, about 15 minutes on one core): see
``plan.CUTOFFS``. Pairs are the weak spot: out of fold 62.8% of them routed to both
departments in order, against 87.5% of singles, most of the misses reading as one
department (a statement such as "someone was billed twice" joined the request beside
it as its context); the cut-offs alone do not change that. Clause structure took pairs
to 68.8% with singles at 87.4% (issue 9, dev11): a connective that adds an errand
("also", "plus") starts an item of its own and lowers its bar as "then" does; a
statement about someone new after a request is an item; a question with its own
question word stands as an instruction with its own verb does. Most of the misses left
are a fold model misreading one side alone (a pair is right only when both are: about
0.874 squared).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from sklearn.model_selection import StratifiedKFold

from domain.departments import DepartmentName
from nodes.routing.classifier import Classifier, Scores, train, training_examples
from nodes.routing.plan import CUTOFFS, Cutoffs, analyse_request

PAIR_SHARE = 0.1
"""The weight of two-department requests in the score (their share in the dev sets)."""
GRID = tuple(round(0.25 + 0.05 * i, 2) for i in range(10))  # 0.25 .. 0.70
MIN_GAIN = 0.0015
"""A cut-off moves only for at least this gain in the score (about three requests in
the training file's 1,865): smaller differences between neighbouring values are within
what another fold split changes, and chasing them picks values at the grid's edge."""
JOINS = ("{a} and {b}", "{a}, then {b}", "{a}. Also, {b}")
"""How a pair's two requests are joined (by the pair's position, in turn)."""


@dataclass(frozen=True)
class Case:
    """One held-out request (a single or a joined pair) and its fold's model."""

    text: str
    agents: list[DepartmentName]
    model: Classifier


class MemoClassifier:
    """A classifier that computes each text's probabilities once (the cut-offs change
    what the planner does with them, not the probabilities)."""

    def __init__(self, model: Classifier) -> None:
        self._model = model
        self._seen: dict[str, Scores] = {}

    def scores_many(self, texts: list[str]) -> list[Scores]:
        """Probability per department for each text, from the memo where it can."""
        missing = [text for text in dict.fromkeys(texts) if text not in self._seen]
        if missing:
            self._seen.update(zip(missing, self._model.scores_many(missing), strict=True))
        return [dict(self._seen[text]) for text in texts]

    def scores(self, text: str) -> Scores:
        """Probability per department for one text."""
        return self.scores_many([text])[0]


def joined(first: str, second: str, index: int) -> str:
    """Two requests as one ("Check the budget and answer the refund emails")."""
    a = first.strip().rstrip(".!?")
    b = second.strip()
    return JOINS[index % len(JOINS)].format(a=a, b=b[:1].lower() + b[1:])


def pairs(rows: list[tuple[str, DepartmentName]]) -> Iterator[tuple[str, list[DepartmentName]]]:
    """Each row joined with the next row (cyclically) of another department."""
    for i, (text, dept) in enumerate(rows):
        for step in range(1, len(rows)):
            other, other_dept = rows[(i + step) % len(rows)]
            if other_dept != dept:
                yield joined(text, other, i), [dept, other_dept]
                break


def held_out_cases(folds: int = 5, seed: int = 0) -> tuple[list[Case], list[Case]]:
    """Singles and pairs, each read by the model of the folds that did not see it."""
    examples = training_examples()
    labels = [dept for _, dept in examples]
    splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
    singles: list[Case] = []
    joined_pairs: list[Case] = []
    for train_rows, test_rows in splitter.split(np.zeros(len(labels)), labels):
        model = MemoClassifier(train([examples[i] for i in train_rows]))
        held = [examples[i] for i in test_rows]
        singles += [Case(text, [dept], model) for text, dept in held]
        joined_pairs += [Case(text, agents, model) for text, agents in pairs(held)]
    return singles, joined_pairs


def accuracy(cases: list[Case], cutoffs: Cutoffs) -> float:
    """Share of ``cases`` routed exactly (departments and their order) with ``cutoffs``."""
    right = sum(analyse_request(c.text, c.model, cutoffs).agents == c.agents for c in cases)
    return right / len(cases) if cases else 0.0


def score(singles: list[Case], joined_pairs: list[Case], cutoffs: Cutoffs) -> float:
    """The weighted accuracy the search maximises."""
    return (1 - PAIR_SHARE) * accuracy(singles, cutoffs) + PAIR_SHARE * accuracy(
        joined_pairs, cutoffs
    )


def choose(singles: list[Case], joined_pairs: list[Case], start: Cutoffs = CUTOFFS) -> Cutoffs:
    """Coordinate ascent from ``start`` on ``GRID`` (see the module docstring)."""
    memo: dict[Cutoffs, float] = {}

    def measured(cutoffs: Cutoffs) -> float:
        if cutoffs not in memo:
            memo[cutoffs] = score(singles, joined_pairs, cutoffs)
            print(f"  {cutoffs}: {memo[cutoffs]:.4f}", flush=True)
        return memo[cutoffs]

    current = start
    changed = True
    while changed:
        changed = False
        for name in Cutoffs._fields:
            base = measured(current)
            scored = {value: measured(current._replace(**{name: value})) for value in GRID}
            top = max(GRID, key=lambda value: scored[value])
            if scored[top] >= base + MIN_GAIN:
                current = current._replace(**{name: top})
                changed = True
    return current


def main() -> int:
    """Print the search and the chosen cut-offs beside those in use."""
    singles, joined_pairs = held_out_cases()
    print(f"{len(singles)} held-out requests, {len(joined_pairs)} held-out pairs")
    chosen = choose(singles, joined_pairs)
    for name, cutoffs in (("in use", CUTOFFS), ("chosen", chosen)):
        print(
            f"{name}: {cutoffs} singles {accuracy(singles, cutoffs):.3f}, "
            f"pairs {accuracy(joined_pairs, cutoffs):.3f}, "
            f"score {score(singles, joined_pairs, cutoffs):.4f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

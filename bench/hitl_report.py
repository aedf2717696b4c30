"""The HITL benchmark's measurements and their plain-text report (stable RESULT lines)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

LABELS = {
    "narrow": "supervisor (narrow outputs)",
    "leaky": "baseline (chatter leaks)",
}


DELTA_SYSTEMS = frozenset({"narrow"})
"""Systems whose ``messages`` is a DeltaChannel: their newest blobs are not the state."""


@dataclass(frozen=True)
class Overhead:
    """Median wall time per superstep of one checkpointer on one graph."""

    graph: str
    saver: str
    ms_per_step: float
    steps_per_run: float


@dataclass
class Growth:
    """Checkpoint bytes of one long thread, sampled as it grows (keys are turn numbers)."""

    system: str
    turns: int
    total_at: dict[int, int] = field(default_factory=dict)
    root_state_at: dict[int, int] = field(default_factory=dict)
    root_bytes: int = 0
    messages: int = 0

    @property
    def total(self) -> int:
        """Bytes stored for the whole thread at the end."""
        return self.total_at[self.turns]

    @property
    def per_turn_early(self) -> float:
        """Bytes added per turn over turns 2-10."""
        return (self.total_at[10] - self.total_at[1]) / 9

    @property
    def per_turn_late(self) -> float:
        """Bytes added per turn over the last 10 turns."""
        return (self.total_at[self.turns] - self.total_at[self.turns - 10]) / 10


def ratio(a: float, b: float) -> float:
    """a / b (infinity when b is 0)."""
    return a / b if b else float("inf")


def _baseline(found: Sequence[Overhead], item: Overhead) -> Overhead:
    return next(o for o in found if o.graph == item.graph and o.saver.startswith("in-memory"))


def overhead_lines(found: Sequence[Overhead]) -> list[str]:
    """One row per graph and checkpointer: steps per run, ms per step, ratio."""
    lines = [f"{'graph':24}{'checkpointer':18}{'steps/run':>10}{'ms/step':>10}{'ratio':>8}"]
    for item in found:
        base = _baseline(found, item)
        lines.append(
            f"{item.graph:24}{item.saver:18}{item.steps_per_run:>10.1f}"
            f"{item.ms_per_step:>10.3f}{ratio(item.ms_per_step, base.ms_per_step):>8.2f}"
        )
    return lines


def growth_lines(grown: Sequence[Growth]) -> list[str]:
    """Bytes per system, then the newest root checkpoint as the thread grows."""
    turns = sorted(t for t in grown[0].root_state_at if t in (1, 10, 25, 50, 100, grown[0].turns))
    lines = [
        f"{'system':30}{'total bytes':>13}{'root ns':>12}{'subgraphs':>12}"
        f"{'B/turn 2-10':>13}{'B/turn last10':>15}{'messages':>10}",
    ]
    for g in grown:
        lines.append(
            f"{LABELS[g.system]:30}{g.total:>13,}{g.root_bytes:>12,}{g.total - g.root_bytes:>12,}"
            f"{g.per_turn_early:>13,.0f}{g.per_turn_late:>15,.0f}{g.messages:>10}"
        )
    lines.append("newest root checkpoint with its channel values (what a resume loads), bytes:")
    lines.append(f"{'after turn':30}" + "".join(f"{t:>10}" for t in turns))
    for g in grown:
        if g.system in DELTA_SYSTEMS:  # rebuilt from stored writes; a blob is not the state
            continue
        lines.append(
            f"{LABELS[g.system]:30}" + "".join(f"{g.root_state_at[t]:>10,}" for t in turns)
        )
    lines += [
        "Narrow outputs keep department chatter out of the supervisor: results and actions",
        "are replaced each request; `messages` is stored as deltas (each turn's new messages,",
        "plus a snapshot every 100 updates) and departments save no checkpoints, so bytes per",
        "turn stay flat (bench.checkpoint_growth compares with the graph before that).",
    ]
    return lines


def result_lines(found: Sequence[Overhead], grown: Sequence[Growth]) -> list[str]:
    """Stable one-line results for scripts and tests."""
    lines = []
    for item in found:
        if item.saver.startswith("in-memory"):
            continue
        base = _baseline(found, item)
        lines.append(
            f"RESULT overhead graph={item.graph.split()[0]} "
            f"saver={item.saver.replace(' (', '-').rstrip(')')} "
            f"ms_per_step={item.ms_per_step:.3f} "
            f"ratio={ratio(item.ms_per_step, base.ms_per_step):.2f}"
        )
    for g in grown:
        lines.append(
            f"RESULT bytes system={g.system} turns={g.turns} total={g.total} "
            f"per_turn={g.total // g.turns} root_state={g.root_state_at[g.turns]}"
        )
    narrow = grown[0]
    for g in grown[1:]:
        lines.append(f"RESULT bytes_ratio {g.system}/narrow={ratio(g.total, narrow.total):.2f}")
    return lines

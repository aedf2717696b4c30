"""An action is proposed only when the request names the act.

"Samuel reckons he was charged the wrong amount on ORD-12222" reads close in meaning to
the refund tool's description, and close enough in words (order, amount) to win over the
order's lookup; yet nobody asked for a refund. An action that acts on the world (a refund,
a resend, an email, a reminder) is proposed when the request says so in one of its trigger
phrases (``prompts/offline_triggers.md``: "refund", "money back", "can't come", "resend",
"remind"...). When no trigger of it matched and a read the request can run is among the
candidates, the read answers and the action waits until it is asked for: when unsure,
read rather than act.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from adapters.offline.tool_picker import ToolScore


def unnamed_actions(scores: Sequence[ToolScore], acting: Iterable[str]) -> frozenset[str]:
    """The acting tools among ``scores`` whose trigger phrases the request never used,
    when some tool that does not act can run instead (its arguments fill: ``fit >= 0``);
    empty otherwise, so a request with no other reading keeps its action."""
    acting = frozenset(acting)
    unnamed = frozenset(s.name for s in scores if s.name in acting and s.trigger <= 0)
    if not unnamed:
        return frozenset()
    readable = any(s.name not in acting and s.fit >= 0 for s in scores)
    return unnamed if readable else frozenset()

"""A read made for each of several records a request names ("compare the newsletter
with the retargeting campaign", "which did better, A or B?").

The plan reads the record named first; a comparison of two named campaigns needs the
same read of the second one too, or the answer states one side only. Once the plan is
done, each further named record of a kind the read took by id gets the same read with
only that id changed, up to ``MAX_RECORDS``. Only the reads in ``REPEATED_READS`` are
repeated this way: actions and drafts ("set up an A/B test" saves one) act on a second
record only when the request says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from adapters.offline.answers import CallOutcome
from adapters.offline.request import Request
from adapters.offline.tool_picker import ToolPicker

MAX_RECORDS = 3
ID_ARGUMENTS = {"campaign_id": "campaign"}
"""Arguments that take one record's id, and the kind of record each names."""


REPEATED_READS = frozenset({"analyze_campaign", "monitor_metrics", "optimize_timing"})
"""The reads taking an id of ``ID_ARGUMENTS`` that a further named record gets too. Named
here, not looked up in the tool registry, because the model layer sits below the tools
(imports point down); a unit test checks the list against the registry's effects."""


def further_record(
    picker: ToolPicker, req: Request, calls: Sequence[CallOutcome]
) -> tuple[str, dict[str, Any]] | None:
    """The next read of a further named record (tool and arguments), or None."""
    for call in calls:
        if call.failed or call.tool not in REPEATED_READS or call.tool not in picker.tools:
            continue
        for argument, kind in ID_ARGUMENTS.items():
            if argument not in call.args:
                continue
            named = req.entities(kind)[:MAX_RECORDS]
            if len(named) < 2:
                continue
            done = {c.args.get(argument) for c in calls if c.tool == call.tool}
            for record in named:
                if record.id not in done:
                    return call.tool, {**call.args, argument: record.id}
    return None

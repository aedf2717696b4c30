"""A read made for each of several records a request names ("compare the newsletter
with the retargeting campaign", "which did better, A or B?").

The plan reads the record named first; a comparison of two named campaigns needs the
same read of the second one too, or the answer states one side only. Once the plan is
done, each further named record of a kind the read took by id gets the same read with
only that id changed, up to ``MAX_RECORDS``. Actions and drafts are never repeated this
way: acting on a second record is for the request to say.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from adapters.offline.answers import CallOutcome
from adapters.offline.request import Request
from adapters.offline.tool_picker import ToolPicker
from domain.negation import ANY_ACTION, tools_of

MAX_RECORDS = 3
ID_ARGUMENTS = {"campaign_id": "campaign"}
"""Arguments that take one record's id, and the kind of record each names."""
_NOT_REPEATED = tools_of(ANY_ACTION) | {"generate_content"}


def further_record(
    picker: ToolPicker, req: Request, calls: Sequence[CallOutcome]
) -> tuple[str, dict[str, Any]] | None:
    """The next read of a further named record (tool and arguments), or None."""
    for call in calls:
        if call.failed or call.tool in _NOT_REPEATED or call.tool not in picker.tools:
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
